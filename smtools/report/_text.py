"""Words, numbers and HTML of the report, in the reader's language (private).

Every sentence of the report is written twice, English and French, through
:func:`say`; numbers, money, percentages and dates go through :mod:`smtools.fmt`
so that a French report reads ``1 234,56 €`` and an English one ``€1,234.56``.
Everything a person reads in HTML is escaped here, once.

Examples
--------
>>> say("fr", "spend", "dépenses")
'dépenses'
>>> names(["Facebook", "Instagram", "TikTok"], "fr")
'Facebook, Instagram et TikTok'
>>> "<script>" in html_block(["<script>alert(1)</script>"], None)
False
"""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from smtools import fmt, networks

__all__ = ["say", "date_range", "unit", "money", "signed", "number", "percent", "ratio",
           "signed_percent", "net", "names", "label", "escape", "html_block", "jsonable",
           "HEADINGS", "check_language"]

#: Section key -> heading in each language (the notebook shows them as ``##`` headings).
HEADINGS: dict[str, dict[str, str]] = {
    "summary": {"en": "Executive summary", "fr": "Synthèse"},
    "pacing": {"en": "Spend against the plan", "fr": "Dépenses face au plan"},
    "kpis": {"en": "KPIs against the targets", "fr": "Indicateurs face aux objectifs"},
    "channels": {"en": "Results by network: paid, owned, earned",
                 "fr": "Résultats par réseau : payant, propre, gagné"},
    "roi": {"en": "Return on investment, attribution and incrementality",
            "fr": "Retour sur investissement, attribution et incrémentalité"},
    "content": {"en": "Best and worst content", "fr": "Meilleurs et moins bons contenus"},
    "timing": {"en": "What the posting times taught",
               "fr": "Ce que les horaires de publication ont appris"},
    "audience": {"en": "Audience reached against the target",
                 "fr": "Audience touchée face à la cible"},
    "reputation": {"en": "E-reputation", "fr": "E-réputation"},
    "recommendations": {"en": "Recommendations", "fr": "Recommandations"},
}

_EXTRA_LABELS = {
    "under": {"en": "underspent", "fr": "sous-consommé"},
    "over": {"en": "overspent", "fr": "surconsommé"},
    "paid": {"en": "paid", "fr": "payant"},
    "owned": {"en": "owned", "fr": "propre"},
    "earned": {"en": "earned", "fr": "gagné"},
    "below range": {"en": "below the forecast range", "fr": "sous la fourchette prévue"},
    "within range": {"en": "within the forecast range", "fr": "dans la fourchette prévue"},
    "above range": {"en": "above the forecast range", "fr": "au-dessus de la fourchette prévue"},
    "no forecast": {"en": "no forecast", "fr": "pas de prévision"},
}


def check_language(language: str | None, default: str) -> str:
    """``language`` when it is ``fr`` or ``en`` (``default`` when empty).

    Examples
    --------
    >>> check_language("", "fr"), check_language("en", "fr")
    ('fr', 'en')
    """
    from smtools.errors import DataError

    if language in (None, ""):
        return default
    if language not in ("fr", "en"):
        raise DataError(f"language={language!r} is not supported", column="language",
                        hint="use 'fr', 'en' or leave it empty for the brief's language")
    return str(language)


def say(language: str, en: str, fr: str) -> str:
    """The French or the English text, for the reader's language."""
    return fr if language == "fr" else en


def _finite(value: Any) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def money(value: float | None, currency: str, language: str, *,
          decimals: int | None = None) -> str:
    """An amount (``–`` when missing); whole units from 1,000 unless ``decimals`` is given.

    Examples
    --------
    >>> money(7373.18, "USD", "en"), money(7373.18, "USD", "en", decimals=2)
    ('$7,373', '$7,373.18')
    """
    if decimals is None and _finite(value) and abs(float(value)) >= 1000:
        decimals = 0
    return fmt.money(value if _finite(value) else None, currency, language, decimals=decimals)


def signed(value: float | None, language: str, *, decimals: int = 2) -> str:
    """A number with its sign: ``+0.25`` / ``-0,46``.

    Examples
    --------
    >>> signed(0.25, "en"), signed(-0.456, "fr")
    ('+0.25', '-0,46')
    """
    text = number(value, language, decimals=decimals)
    return text if text.startswith(("-", "–")) or text.strip("0,.") == "" else "+" + text


def number(value: float | None, language: str, *, decimals: int = 0) -> str:
    """A number (``–`` when missing); see :func:`smtools.fmt.number`."""
    return fmt.number(value if _finite(value) else None, language, decimals=decimals)


def percent(value: float | None, language: str, *, decimals: int = 1) -> str:
    """A fraction as a percentage (``–`` when missing)."""
    return fmt.percent(value if _finite(value) else None, language, decimals=decimals)


def ratio(value: float | None, language: str) -> str:
    """A ratio such as a ROAS, two decimals: ``3.10`` / ``3,10``."""
    return number(value, language, decimals=2)


def signed_percent(value: float | None, language: str, *, decimals: int = 0) -> str:
    r"""A change as a signed percentage: ``+12%`` / ``+12 %``.

    Examples
    --------
    >>> signed_percent(0.12, "en"), signed_percent(-0.05, "fr")
    ('+12%', '-5\xa0%')
    """
    if not _finite(value):
        return "–"
    text = percent(abs(float(value)), language, decimals=decimals)
    if text.strip("0,.\u00a0%") == "":
        return text
    return ("+" if float(value) > 0 else "-") + text


def net(channel: str) -> str:
    """Display name of a network (``google_search`` → ``Google Search``)."""
    return networks.display(str(channel))


def names(items: Sequence[str], language: str) -> str:
    """``A, B and C`` / ``A, B et C``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + say(language, " and ", " et ") + items[-1]


def label(word: str, language: str) -> str:
    """A status or term of the trade in the reader's language."""
    if word in _EXTRA_LABELS:
        return _EXTRA_LABELS[word]["fr" if language == "fr" else "en"]
    return fmt.label(word, language)


def date(value: Any, language: str, *, year: bool = True) -> str:
    """A date in words; see :func:`smtools.fmt.date`."""
    return fmt.date(value, language, year=year)


def date_range(start: Any, end: Any, language: str) -> str:
    """A period in words; see :func:`smtools.fmt.date_range`."""
    return fmt.date_range(start, end, language)


_UNITS = {"orders": ("order", "commande"), "leads": ("lead", "prospect"),
          "sign_ups": ("sign-up", "inscription"), "sales": ("sale", "vente"),
          "bookings": ("booking", "réservation")}


def unit(kpi: str, language: str) -> str:
    """One business result, singular: ``orders`` → ``order`` / ``commande``.

    Examples
    --------
    >>> unit("leads", "fr"), unit("", "en")
    ('prospect', 'conversion')
    """
    if not kpi:
        return "conversion"
    en, fr = _UNITS.get(kpi, (kpi.replace("_", " ").rstrip("s"), kpi.replace("_", " ")))
    return fr if language == "fr" else en


def escape(text: Any) -> str:
    """HTML-escaped text (quotes included)."""
    return htmlmod.escape(str(text), quote=True)


def html_block(sentences: Sequence[str], table: pd.DataFrame | None, *,
               notes: Sequence[str] = (), caption: str | None = None) -> str:
    """Sentences, an optional table (cells escaped) and notes as notebook HTML."""
    from smtools import viz

    out = "".join(f"<p>{escape(s)}</p>" for s in sentences)
    if table is not None and not table.empty:
        styler = viz.table(table, caption=caption)
        out += styler.format_index(escape="html", axis=1).to_html()
    out += "".join(f"<p><small>{escape(n)}</small></p>" for n in notes)
    return out


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON data: NaN and inf → None, dates → ISO strings.

    Examples
    --------
    >>> jsonable({"a": float("nan"), "b": pd.Timestamp("2026-09-14"), "c": np.int64(3)})
    {'a': None, 'b': '2026-09-14', 'c': 3}
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, pd.DataFrame):
        return [jsonable(r) for r in obj.to_dict("records")]
    if isinstance(obj, pd.Series):
        return jsonable(obj.to_dict())
    if isinstance(obj, np.ndarray):
        return [jsonable(v) for v in obj.tolist()]
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj) if math.isfinite(float(obj)) else None
    if isinstance(obj, pd.Timestamp):
        if obj is pd.NaT:
            return None
        return obj.date().isoformat() if obj == obj.normalize() and obj.tzinfo is None \
            else obj.isoformat()
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if obj is pd.NaT or (not isinstance(obj, (list, dict)) and pd.isna(obj) is True):
        return None
    if hasattr(obj, "_asdict"):
        return jsonable(obj._asdict())
    return str(obj)
