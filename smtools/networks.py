"""The networks (channels) smtools knows, their display names and aliases.

Every table stores a network by its canonical name (``facebook``,
``google_search``…); :func:`canonical` maps the names found in exports and
analytics sources onto it.

Examples
--------
>>> canonical("Facebook")
'facebook'
>>> canonical("ig")
'instagram'
>>> display("google_search")
'Google Search'
"""

from __future__ import annotations

import re

__all__ = ["NETWORKS", "canonical", "display", "is_known"]

#: canonical name -> (display name, aliases as found in exports and UTM sources)
NETWORKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "facebook": ("Facebook", ("fb", "facebook.com", "m.facebook.com", "l.facebook.com",
                              "lm.facebook.com", "meta")),
    "instagram": ("Instagram", ("ig", "instagram.com", "l.instagram.com")),
    "messenger": ("Messenger", ()),
    "audience_network": ("Audience Network", ("an",)),
    "tiktok": ("TikTok", ("tiktok.com", "tik tok")),
    "linkedin": ("LinkedIn", ("linkedin.com", "lnkd.in", "li")),
    "youtube": ("YouTube", ("youtube.com", "yt")),
    "pinterest": ("Pinterest", ("pinterest.com", "pin")),
    "snapchat": ("Snapchat", ("snap", "snapchat.com")),
    "x": ("X (Twitter)", ("twitter", "twitter.com", "t.co", "x.com")),
    "reddit": ("Reddit", ("reddit.com",)),
    "google_search": ("Google Search", ("google", "google ads", "google_ads", "adwords",
                                        "search", "google search")),
    "google_display": ("Google Display", ("display", "gdn", "google display")),
    "bing": ("Microsoft Ads", ("bing", "microsoft", "microsoft ads")),
    "email": ("Email", ("newsletter", "mail")),
    "direct": ("Direct", ("(direct)",)),
    "organic_search": ("Organic search", ()),
    "referral": ("Referral", ()),
}

_ALIASES: dict[str, str] = {}
for _name, (_display, _aliases) in NETWORKS.items():
    _ALIASES[_name] = _name
    _ALIASES[_display.lower()] = _name
    for _a in _aliases:
        _ALIASES[_a] = _name


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def is_known(name: str) -> bool:
    """Whether ``name`` (any spelling) is a known network.

    Examples
    --------
    >>> is_known("TikTok"), is_known("myspace")
    (True, False)
    """
    return _norm(name) in _ALIASES or _norm(name).replace(" ", "_") in _ALIASES


def canonical(name: str) -> str:
    """Canonical name of a network, or a snake_case version of ``name`` if unknown.

    Examples
    --------
    >>> canonical("Audience Network"), canonical("Some New App")
    ('audience_network', 'some_new_app')
    """
    key = _norm(name)
    if key in _ALIASES:
        return _ALIASES[key]
    snake = re.sub(r"[^a-z0-9]+", "_", key).strip("_")
    return _ALIASES.get(snake, snake)


def display(name: str) -> str:
    """Name to show a person.

    Examples
    --------
    >>> display("linkedin")
    'LinkedIn'
    """
    entry = NETWORKS.get(canonical(name))
    return entry[0] if entry else name.replace("_", " ").title()
