r"""Numbers, money, percentages and dates written the way a French or English reader expects.

French uses a narrow no-break space (U+202F) between thousands, a decimal comma,
and puts the currency symbol after the amount with a no-break space; English uses
commas for thousands, a decimal point and the symbol before the amount.

Examples
--------
>>> money(1234.56, "EUR", "fr")
'1\u202f234,56\xa0€'
>>> money(1234.56, "EUR", "en")
'€1,234.56'
>>> percent(0.1234, "fr")
'12,3\xa0%'
>>> date("2026-09-14", "fr"), date("2026-09-14", "en")
('14 septembre 2026', '14 September 2026')
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Literal

import pandas as pd

__all__ = ["number", "money", "percent", "date", "date_range", "compact", "weekday", "label",
           "markdown_text", "Language", "SYMBOLS", "LABELS"]

Language = Literal["fr", "en"]

NBSP = "\u00a0"
NNBSP = "\u202f"

#: currency code -> (English symbol, French symbol)
SYMBOLS: dict[str, tuple[str, str]] = {
    "EUR": ("€", "€"),
    "USD": ("$", "$US"),
    "GBP": ("£", "£GB"),
    "CHF": ("CHF ", "CHF"),
    "CAD": ("CA$", "$CA"),
    "JPY": ("¥", "JPY"),
}

_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
_DAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def _lang(language: str) -> str:
    return "fr" if str(language).lower().startswith("fr") else "en"


def _missing(value: object) -> bool:
    try:
        return value is None or (isinstance(value, float) and math.isnan(value)) or bool(
            pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: float | None, language: str = "en", *, decimals: int = 0) -> str:
    r"""A number with the language's separators; ``–`` when missing.

    Examples
    --------
    >>> number(1234567.891, "en", decimals=1), number(1234567.891, "fr", decimals=1)
    ('1,234,567.9', '1\u202f234\u202f567,9')
    >>> number(float("nan"))
    '–'
    """
    if _missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if _lang(language) == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    if text.lstrip("-").replace(NNBSP, "").replace(",", "").replace(".", "").strip("0") == "":
        text = text.lstrip("-")  # no "-0"
    return text


def money(value: float | None, currency: str, language: str = "en", *,
          decimals: int | None = None) -> str:
    r"""An amount with its currency, placed as the language places it.

    ``decimals`` defaults to 2, or 0 for whole amounts and amounts of 10,000 or more.

    Examples
    --------
    >>> money(6000, "EUR", "fr"), money(-12.5, "USD", "en"), money(3.2, "GBP", "fr")
    ('6\u202f000\xa0€', '-$12.50', '3,20\xa0£GB')
    """
    if _missing(value):
        return "–"
    if decimals is None:
        v = abs(float(value))
        decimals = 0 if v >= 10_000 or v == round(v) else 2
    lang = _lang(language)
    en_sym, fr_sym = SYMBOLS.get(currency, (f"{currency} ", currency))
    body = number(abs(float(value)), lang, decimals=decimals)
    sign = "-" if float(value) < 0 and body.strip("0,.\u202f") else ""
    if lang == "fr":
        return f"{sign}{body}{NBSP}{fr_sym}"
    return f"{sign}{en_sym}{body}"


def percent(value: float | None, language: str = "en", *, decimals: int = 1) -> str:
    r"""A fraction written as a percentage (0.123 → 12.3%).

    Examples
    --------
    >>> percent(0.5, "en", decimals=0), percent(0.0345, "fr", decimals=2)
    ('50%', '3,45\xa0%')
    """
    if _missing(value):
        return "–"
    body = number(float(value) * 100, language, decimals=decimals)
    return f"{body}{NBSP}%" if _lang(language) == "fr" else f"{body}%"


def compact(value: float | None, language: str = "en") -> str:
    r"""A large count in short form: 1.2M / 1,2 M; 45k / 45 k.

    Examples
    --------
    >>> compact(1_234_000, "en"), compact(1_234_000, "fr"), compact(950, "en")
    ('1.2M', '1,2\xa0M', '950')
    """
    if _missing(value):
        return "–"
    v = float(value)
    for div, en, fr in ((1e9, "B", "Md"), (1e6, "M", "M"), (1e3, "k", "k")):
        if abs(v) >= div:
            body = number(v / div, language, decimals=1 if abs(v) < 10 * div else 0)
            return f"{body}{NBSP}{fr}" if _lang(language) == "fr" else f"{body}{en}"
    return number(v, language)


def date(value: str | dt.date | pd.Timestamp, language: str = "en", *,
         weekday: bool = False, year: bool = True) -> str:
    r"""A date in words: 14 September 2026 / 14 septembre 2026.

    Examples
    --------
    >>> date("2026-10-01", "fr", weekday=True)
    'jeudi 1er octobre 2026'
    >>> date("2026-10-01", "en", year=False)
    '1 October'
    """
    d = pd.Timestamp(value).date()
    lang = _lang(language)
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    text = f"{day} {_MONTHS[lang][d.month - 1]}"
    if year:
        text += f" {d.year}"
    if weekday:
        text = f"{_DAYS[lang][d.weekday()]} {text}"
    return text


def weekday(index: int, language: str = "en") -> str:
    """Name of weekday ``index`` (0 = Monday).

    Examples
    --------
    >>> weekday(3, "fr"), weekday(6, "en")
    ('jeudi', 'Sunday')
    """
    return _DAYS[_lang(language)][int(index) % 7]


def date_range(start: str | dt.date, end: str | dt.date, language: str = "en") -> str:
    """A period: 14 September – 25 October 2026 / du 14 septembre au 25 octobre 2026.

    Examples
    --------
    >>> date_range("2026-09-14", "2026-10-25", "en")
    '14 September – 25 October 2026'
    >>> date_range("2026-12-28", "2027-01-03", "fr")
    'du 28 décembre 2026 au 3 janvier 2027'
    """
    s, e = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    same_year = s.year == e.year
    if _lang(language) == "fr":
        return f"du {date(s, 'fr', year=not same_year)} au {date(e, 'fr')}"
    return f"{date(s, 'en', year=not same_year)} – {date(e, 'en')}"


#: Words of the trade in each language: objectives, KPIs, statuses.
LABELS: dict[str, dict[str, str]] = {
    "awareness": {"en": "awareness", "fr": "notoriété"},
    "reach": {"en": "reach", "fr": "couverture"},
    "video_views": {"en": "video views", "fr": "vues vidéo"},
    "engagement": {"en": "engagement", "fr": "engagement"},
    "traffic": {"en": "traffic", "fr": "trafic"},
    "leads": {"en": "leads", "fr": "prospects"},
    "sales": {"en": "sales", "fr": "ventes"},
    "app_installs": {"en": "app installs", "fr": "installations d'app"},
    "frequency": {"en": "frequency", "fr": "répétition"},
    "impressions": {"en": "impressions", "fr": "impressions"},
    "clicks": {"en": "clicks", "fr": "clics"},
    "conversions": {"en": "conversions", "fr": "conversions"},
    "revenue": {"en": "revenue", "fr": "chiffre d'affaires"},
    "orders": {"en": "orders", "fr": "commandes"},
    "spend": {"en": "spend", "fr": "dépenses"},
    "budget": {"en": "budget", "fr": "budget"},
    "cpm": {"en": "CPM", "fr": "CPM"},
    "cpc": {"en": "CPC", "fr": "CPC"},
    "cpa": {"en": "CPA", "fr": "CPA"},
    "ctr": {"en": "CTR", "fr": "CTR"},
    "roas": {"en": "ROAS", "fr": "ROAS"},
    "engagement_rate": {"en": "engagement rate", "fr": "taux d'engagement"},
    "met": {"en": "met", "fr": "atteint"},
    "at risk": {"en": "at risk", "fr": "à risque"},
    "not met": {"en": "not met", "fr": "non atteint"},
    "unknown": {"en": "unknown", "fr": "inconnu"},
    "on track": {"en": "on track", "fr": "dans les temps"},
    "paid": {"en": "paid", "fr": "payant"},
    "owned": {"en": "owned", "fr": "propre"},
    "earned": {"en": "earned", "fr": "gagné"},
}


def label(word: str, language: str = "en") -> str:
    """A term of the trade in the reader's language (unknown words come back unchanged).

    Examples
    --------
    >>> label("reach", "fr"), label("leads", "fr"), label("cpa", "en"), label("xyz", "fr")
    ('couverture', 'prospects', 'CPA', 'xyz')
    """
    entry = LABELS.get(word)
    return entry[_lang(language)] if entry else word


def markdown_text(text: object) -> str:
    r"""Text from data or a brief, safe inside Markdown that is rendered as HTML.

    HTML is escaped (quotes included) and Markdown's emphasis and link characters are
    backslash-escaped, so a client name, campaign name or post text shows exactly as
    written and never becomes markup.

    Examples
    --------
    >>> markdown_text('<b onmouseover="x">Bistro_*Nova*</b>')
    '&lt;b onmouseover=&quot;x&quot;&gt;Bistro\\_\\*Nova\\*&lt;/b&gt;'
    """
    out = html.escape(str(text), quote=True)
    for ch in ("\\", "`", "*", "_", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    return out
