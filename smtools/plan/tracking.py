"""Tracking: the UTM values of every plan line, by one documented naming convention.

The convention (lowercase, ``[a-z0-9_-]`` only, so analytics tools never split or
re-case them):

============  =====================================================================
parameter     value
============  =====================================================================
utm_source    the network: ``facebook``, ``instagram``, ``tiktok``, ``linkedin``,
              ``youtube``, ``pinterest``, ``snapchat``, ``x``, ``google`` (search and
              display both come from Google)
utm_medium    ``paid_social`` for social networks, ``cpc`` for search, ``display``
              for display, ``paid_video`` for YouTube — values GA4's default channel
              grouping files under Paid Social, Paid Search, Display and Paid Video
utm_campaign  ``<client slug>_<campaign slug>``, e.g. ``bistro-lumiere_menu-d-automne-2026``
utm_content   ``<line id>-<network>-<format>``, e.g. ``l02-instagram-reel``
============  =====================================================================

The report joins analytics sessions back to plan lines on (source, medium,
campaign, content) and ad-platform rows on (network, campaign name).

Examples
--------
>>> utm("bistro-lumiere", "Menu d'automne 2026", "l02", "instagram", "reel")["utm_campaign"]
'bistro-lumiere_menu-d-automne-2026'
>>> url = tagged_url("https://bistro.example/menu?x=1",
...                  utm("acme", "Spring", "l01", "google_search", "text"))
>>> url.split("?")[1].split("&")
['x=1', 'utm_source=google', 'utm_medium=cpc', 'utm_campaign=acme_spring', \
'utm_content=l01-google_search-text']
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlencode, urlsplit, urlunsplit

from smtools import networks

__all__ = ["utm", "slug", "tagged_url", "SOURCES", "MEDIUMS"]

#: network -> utm_source
SOURCES: dict[str, str] = {"google_search": "google", "google_display": "google",
                           "audience_network": "facebook", "messenger": "facebook",
                           "bing": "bing"}
#: network -> utm_medium
MEDIUMS: dict[str, str] = {"google_search": "cpc", "bing": "cpc", "google_display": "display",
                           "youtube": "paid_video"}


def slug(text: str) -> str:
    """Lowercase ASCII slug of ``text`` (accents dropped, other characters → ``-``).

    Examples
    --------
    >>> slug("Menu d'automne 2026 — Été!")
    'menu-d-automne-2026-ete'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def utm(client: str, campaign: str, line_id: str, network: str, fmt: str | None = None
        ) -> dict[str, str]:
    """The four UTM values of one plan line.

    Examples
    --------
    >>> sorted(utm("acme", "Spring", "l03", "linkedin", "Single image").values())
    ['acme_spring', 'l03-linkedin-single-image', 'linkedin', 'paid_social']
    """
    net = networks.canonical(network)
    content = "-".join(p for p in (slug(line_id), net, slug(fmt) if fmt else "") if p)
    return {
        "utm_source": SOURCES.get(net, net),
        "utm_medium": MEDIUMS.get(net, "paid_social"),
        "utm_campaign": f"{slug(client)}_{slug(campaign)}",
        "utm_content": content,
    }


def tagged_url(url: str, values: dict[str, str]) -> str:
    """``url`` with the UTM values appended to its query string.

    Examples
    --------
    >>> tagged_url("https://a.example/", {"utm_source": "x"})
    'https://a.example/?utm_source=x'
    """
    parts = urlsplit(url)
    query = parts.query + ("&" if parts.query else "") + urlencode(values)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
