"""Google Analytics 4 session reports (Reports or Explore → Download → CSV).

GA4 files start with ``#`` comment lines (property, report, date range); the
table follows; further sections, if any, start with ``#`` again and are
ignored with a note. They map to the canonical ``sessions`` table:

==============================  ============================================
export column                   canonical
==============================  ============================================
Date (YYYYMMDD)                 ``date``
Session source / medium         ``source`` and ``medium`` (split on " / ";
                                or the columns Session source, Session medium)
Session campaign                ``campaign``; ``(not set)``, ``(direct)``,
                                ``(organic)``, ``(referral)`` mean "none"
Sessions, Engaged sessions      ``sessions``, ``engaged_sessions``
Key events (or Conversions)     ``conversions``
Total revenue                   ``revenue``, in the currency given with
                                ``--currency`` (GA4 exports do not state it)
==============================  ============================================

``channel`` is derived from the source and medium: a known network
(``facebook``, ``l.instagram.com``, ``google`` with a paid medium…) gives the
network; ``(direct)`` gives ``direct``; organic search, e-mail and referrals
get those names; ``(not set)`` stays empty.

Examples
--------
>>> channel_for("m.facebook.com", "referral"), channel_for("google", "organic")
('facebook', 'organic_search')
>>> channel_for("(direct)", "(none)"), channel_for("(not set)", "(not set)")
('direct', None)
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from smtools import networks
from smtools.io._adapter import Adapter, Field, Options, Rows

__all__ = ["GA4", "channel_for"]

_T = "text"

FIELDS: tuple[Field, ...] = (
    Field("date", ("Date",), "date"),
    Field("source_medium", ("Session source / medium",), _T),
    Field("source", ("Session source",), _T),
    Field("medium", ("Session medium",), _T),
    Field("campaign", ("Session campaign", "Session campaign name"), _T),
    Field("sessions", ("Sessions",)),
    Field("engaged_sessions", ("Engaged sessions",)),
    Field("conversions", ("Key events", "Conversions")),
    Field("revenue", ("Total revenue", "Purchase revenue"), money=True),
    Field("engagement_rate", ("Engagement rate",), "rate", read=False),
    Field("users", ("Total users", "Active users", "Users"), read=False),
)

_NO_CAMPAIGN = {"(not set)", "(direct)", "(organic)", "(referral)", "(none)", "(not provided)"}
_SEARCH_ENGINES = {"google_search", "bing", "organic_search"}
_ORGANIC = {"organic"}
_EMAIL = {"email", "e-mail", "newsletter", "mail"}
_PAID = {"cpc", "ppc", "paid", "paidsearch", "paid_search", "cpm", "display"}


def channel_for(source: str, medium: str) -> str | None:
    """Canonical channel of a GA4 session source / medium pair.

    Examples
    --------
    >>> channel_for("google", "cpc"), channel_for("newsletter_jan", "email")
    ('google_search', 'email')
    """
    src = source.strip().lower()
    med = medium.strip().lower()
    if src in ("(not set)", ""):
        return None
    if src == "(direct)":
        return "direct"
    if networks.is_known(src):
        ch = networks.canonical(src)
        if ch in _SEARCH_ENGINES and med in _ORGANIC:
            return "organic_search"
        return ch
    if med in _ORGANIC:
        return "organic_search"
    if med in _EMAIL:
        return "email"
    if med == "referral":
        return "referral"
    return networks.canonical(src) or None


class GA4(Adapter):
    """GA4 session report → ``sessions``."""

    name = "ga4"
    title = "Google Analytics 4"
    table = "sessions"
    fields = FIELDS
    signature = ("date", "sessions", ("source_medium", "source"))
    stop_at_comment = True
    dayfirst: ClassVar[dict[str, bool | None]] = {"en": None}
    currency_hint = ("GA4 exports do not state the currency: pass --currency with the "
                     "property's currency, e.g. --currency EUR")

    def drop_rows(self, rows: Rows, opts: Options) -> None:
        """Drop "Grand total" / "Totals" rows."""
        no_date = rows.text("date").isna().to_numpy()
        total = np.zeros(rows.n, dtype=bool)
        for key in ("source_medium", "source", "date"):
            total |= rows.matches(key, r"^(grand )?totals?\b")
        rows.drop(total & (no_date | rows.matches("date", r"^(grand )?totals?\b")), "total row")

    def build(self, rows: Rows, opts: Options) -> None:
        """Map the report's columns to the sessions table."""
        rows.put("date", rows.date("date"), "date")
        if rows.has("source_medium"):
            both = rows.text("source_medium")
            parts = both.str.extract(r"^(.*?)\s*/\s*(.*)$")
            source = parts[0].fillna(both).astype("str")
            medium = parts[1].astype("str").fillna("(not set)")
            key = "source_medium"
            rows.put("source", source, key)
            rows.put("medium", medium, key)
        else:
            source = rows.text("source")
            medium = (rows.text("medium") if rows.has("medium")
                      else pd.Series("(not set)", index=source.index, dtype="str"))
            rows.put("source", source, "source")
            rows.put("medium", medium, "medium" if rows.has("medium") else None)
        pair = pd.DataFrame({"s": source.fillna(""), "m": medium.fillna("")})
        codes, uniques = pd.factorize(pair["s"] + "\x1f" + pair["m"])
        mapped = np.array([channel_for(*u.split("\x1f", 1)) for u in uniques] + [None],
                          dtype=object)
        rows.put("channel", pd.Series(mapped[codes], dtype="str"))
        if rows.has("campaign"):
            campaign = rows.text("campaign")
            rows.put("campaign", campaign.where(~campaign.str.lower().isin(_NO_CAMPAIGN)),
                     "campaign")
        for key in ("sessions", "engaged_sessions", "conversions", "revenue"):
            rows.put_number(key, key)
        rows.put_currency(opts)
