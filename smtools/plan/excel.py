r"""The Excel media plan a consultant sends the client: four sheets, live totals.

=====================  =========================  ============================================
sheet (English)        sheet (French)             what it holds
=====================  =========================  ============================================
Summary                Synthese                   the campaign; one row per plan line (budget,
                                                  share, CPM, forecast central / low / high,
                                                  frequency cap, UTM values); a totals row;
                                                  KPI targets against the forecast; warnings
Budget by week x       Budget semaine x reseau    weeks (rows, with their dates) × networks
network                                           (columns), row, column and grand totals
Calendar               Calendrier                 posting slots: date, weekday, local time,
                                                  network, in the client's time zone
Assumptions            Hypotheses                 every number the plan rests on, its range and
                                                  its source
=====================  =========================  ============================================

Sheet names are ASCII and at most 31 characters; titles, headers, weekdays, statuses
and notes are in the brief's language (French when ``brief.language == "fr"``).

Live formulas (a consultant edits a line's budget on the Summary and the rest follows):

* Summary (three lines): the totals row sums the lines (``=SUM(F10:F12)`` for budget, impressions,
  clicks, conversions and revenue, central / low / high); each line's share is
  ``=F10/$F$13`` (its budget over the total); the total CPM is
  ``=IFERROR(F13/I13*1000,"")``; the campaign budget at the top is ``=F13``. Total
  reach and frequency are the plan's deduplicated figures, not sums (a person reached
  on two networks counts once), so they are values, as are the line forecasts (they
  were computed for the planned budgets).
* Budget by week × network (three networks, six weeks): week × network cells are
  the planned amounts; each row total is ``=SUM(E5:G5)``, each network's total
  ``=SUM(E5:E10)``, the grand total ``=SUM(H5:H10)`` (equal to the plan budget). Two
  check rows link each network to its line budget on the Summary
  (``=Summary!$F$10``) and show the difference (``=E11-E12``), highlighted when it
  is not zero.

Every text from the brief (client, campaign, formats, warnings…) is written as a text
cell, never as a formula, even when it starts with ``=``, ``+``, ``-`` or ``@``.

Amounts use an Excel number format with the brief's currency symbol, placed as the
language places it (see :func:`currency_format`); Excel renders the separators in the
reader's locale, so ``#,##0.00`` displays ``1 234,56`` in a French Excel.

Examples
--------
>>> currency_format("EUR", "fr")
'#,##0.00"\xa0€"'
>>> currency_format("USD", "en", decimals=0)
'"$"#,##0'
>>> SHEETS["fr"]
('Synthese', 'Budget semaine x reseau', 'Calendrier', 'Hypotheses')
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_range, xl_rowcol_to_cell

from smtools import __version__ as _smtools_version
from smtools import fmt, networks

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from smtools.plan.model import MediaPlan

__all__ = ["write_excel", "currency_format", "SHEETS"]

#: Sheet names per language: Summary, Budget by week × network, Calendar, Assumptions.
SHEETS: dict[str, tuple[str, str, str, str]] = {
    "en": ("Summary", "Budget by week x network", "Calendar", "Assumptions"),
    "fr": ("Synthese", "Budget semaine x reseau", "Calendrier", "Hypotheses"),
}

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Media plan", "client": "Client", "campaign": "Campaign", "dates": "Dates",
        "objective": "Objective", "budget": "Budget", "currency": "Currency",
        "method": "Budget split", "as_of": "Plan date", "line": "Line", "network": "Network",
        "format": "Format", "start": "Start", "end": "End", "share": "Share", "cpm": "CPM",
        "impressions": "Impressions", "reach": "Reach (people)", "frequency": "Frequency",
        "clicks": "Clicks", "conversions": "Conversions", "revenue": "Revenue",
        "frequency_cap": "Frequency cap (7 days)", "central": "central", "low": "low",
        "high": "high", "total": "Total",
        "note": "Total reach and frequency count each person once across networks (they "
                "are not sums). Forecasts are for the planned budgets: editing a budget "
                "updates the totals and shares, not the forecasts.",
        "targets": "KPI targets vs forecast", "kpi": "KPI", "target": "Target",
        "forecast": "Forecast", "status": "Status", "comment": "Comment",
        "warnings": "To check before sending", "weekly_title": "Budget by week and network",
        "week": "Week", "from": "From", "to": "To", "days": "Days",
        "plan_line": "Plan (Summary)", "difference": "Difference",
        "weekly_note": "Weeks start on Monday; amounts in {currency}. The two last rows "
                       "check each network against its line budget on the Summary.",
        "calendar_title": "Posting calendar", "date": "Date", "weekday": "Weekday",
        "time": "Local time", "calendar_note": "Times are local to the client ({tz}).",
        "no_slots": "No posting slots: the client has no organic post history to learn "
                    "the best times from.",
        "assumptions_title": "Assumptions", "assumption": "Assumption", "value": "Value",
        "source": "Source", "none": "No lines in this plan.",
    },
    "fr": {
        "title": "Plan média", "client": "Client", "campaign": "Campagne", "dates": "Dates",
        "objective": "Objectif", "budget": "Budget", "currency": "Devise",
        "method": "Répartition", "as_of": "Date du plan", "line": "Ligne",
        "network": "Réseau", "format": "Format", "start": "Début", "end": "Fin",
        "share": "Part", "cpm": "CPM", "impressions": "Impressions",
        "reach": "Couverture (personnes)", "frequency": "Répétition", "clicks": "Clics",
        "conversions": "Conversions", "revenue": "Chiffre d'affaires",
        "frequency_cap": "Plafond de répétition (7 jours)", "central": "central",
        "low": "bas", "high": "haut", "total": "Total",
        "note": "La couverture et la répétition totales comptent chaque personne une "
                "seule fois sur l'ensemble des réseaux (ce ne sont pas des sommes). Les "
                "prévisions valent pour les budgets prévus : modifier un budget met à "
                "jour les totaux et les parts, pas les prévisions.",
        "targets": "Objectifs KPI et prévisions", "kpi": "KPI", "target": "Objectif",
        "forecast": "Prévision", "status": "Statut", "comment": "Commentaire",
        "warnings": "À vérifier avant l'envoi",
        "weekly_title": "Budget par semaine et par réseau", "week": "Semaine",
        "from": "Du", "to": "Au", "days": "Jours", "plan_line": "Plan (Synthèse)",
        "difference": "Écart",
        "weekly_note": "Semaines commençant le lundi ; montants en {currency}. Les deux "
                       "dernières lignes comparent chaque réseau à son budget de la "
                       "Synthèse.",
        "calendar_title": "Calendrier de publication", "date": "Date", "weekday": "Jour",
        "time": "Heure locale",
        "calendar_note": "Heures locales du client ({tz}).",
        "no_slots": "Aucun créneau : le client n'a pas d'historique de publications "
                    "organiques d'où tirer les meilleures heures.",
        "assumptions_title": "Hypothèses", "assumption": "Hypothèse", "value": "Valeur",
        "source": "Source", "none": "Aucune ligne dans ce plan.",
    },
}

_OBJECTIVES: dict[str, dict[str, str]] = {
    "en": {"awareness": "awareness", "reach": "reach", "traffic": "traffic",
           "engagement": "engagement", "video_views": "video views", "leads": "leads",
           "sales": "sales", "app_installs": "app installs"},
    "fr": {"awareness": "notoriété", "reach": "couverture", "traffic": "trafic",
           "engagement": "engagement", "video_views": "vues de vidéos", "leads": "prospects",
           "sales": "ventes", "app_installs": "installations d'application"},
}

_STATUS: dict[str, dict[str, str]] = {
    "en": {"met": "met", "at risk": "at risk", "not met": "not met", "unknown": "unknown"},
    "fr": {"met": "atteint", "at risk": "à risque", "not met": "non atteint",
           "unknown": "inconnu"},
}
#: status -> (fill, font colour)
_STATUS_COLOURS = {"met": ("#c6efce", "#006100"), "at risk": ("#ffeb9c", "#9c5700"),
                   "not met": ("#ffc7ce", "#9c0006"), "unknown": ("#ededed", "#595959")}

_KPI_NAMES: dict[str, dict[str, str]] = {
    "en": {"reach": "Reach", "frequency": "Frequency", "impressions": "Impressions",
           "clicks": "Clicks", "conversions": "Conversions", "cpm": "CPM", "cpc": "CPC",
           "cpa": "CPA", "ctr": "CTR", "roas": "ROAS"},
    "fr": {"reach": "Couverture", "frequency": "Répétition", "impressions": "Impressions",
           "clicks": "Clics", "conversions": "Conversions", "cpm": "CPM", "cpc": "CPC",
           "cpa": "CPA", "ctr": "CTR", "roas": "ROAS"},
}

_ASSUMPTION_NAMES_FR = {
    "Average order value": "Panier moyen",
    "Value per conversion": "Valeur par conversion",
    "People in the target": "Personnes dans la cible",
    "Frequency cap (per person per 7 days)": "Plafond de répétition (par personne et "
                                             "par 7 jours)",
}

#: forecast metrics of a line shown as central / low / high, in column order
_TRIPLES = ("impressions", "reach", "frequency", "clicks", "conversions", "revenue")
#: totals that are deduplicated across networks, hence values rather than sums
_DEDUPLICATED = ("reach", "frequency")
_UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")

_DASH = "–"


# ---------------------------------------------------------------------------- formats
def currency_format(currency: str, language: str = "en", *, decimals: int = 2) -> str:
    r"""Excel number format for amounts in ``currency``, symbol placed as ``language`` does.

    Excel format codes always use ``,`` for thousands and ``.`` for decimals and are
    rendered in the reader's locale, so the same code displays ``1 234,56 €`` in a
    French Excel; the symbol is a quoted literal (after the amount with a no-break
    space in French, before it in English), taken from :data:`smtools.fmt.SYMBOLS`.

    Parameters
    ----------
    currency : str
        ISO 4217 code.
    language : {"fr", "en"}
        Placement of the symbol.
    decimals : int
        Decimal places shown.

    Returns
    -------
    str

    Examples
    --------
    >>> currency_format("GBP", "en"), currency_format("USD", "fr", decimals=0)
    ('"£"#,##0.00', '#,##0"\xa0$US"')
    """
    en_sym, fr_sym = fmt.SYMBOLS.get(currency, (f"{currency} ", currency))
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if str(language).lower().startswith("fr"):
        return f'{body}"\u00a0{fr_sym.replace(chr(34), "")}"'
    return f'"{en_sym.replace(chr(34), "")}"{body}'


def _finite(value: Any) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _contrast(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb)."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.6 else "#ffffff"


def _tint(colour: str, amount: float = 0.85) -> str:
    """``colour`` mixed with white (``amount`` = share of white)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


class _Styles:
    """The workbook's cell formats, made once each."""

    def __init__(self, wb: Workbook, plan: MediaPlan) -> None:
        self.wb = wb
        brief = plan.brief
        self.lang = brief.language
        self.brand = brief.branding.colour
        self.on_brand = _contrast(self.brand)
        self.light = _tint(self.brand)
        self.money = currency_format(brief.currency, self.lang)
        self.money0 = currency_format(brief.currency, self.lang, decimals=0)
        self.date = "dd/mm/yyyy" if self.lang == "fr" else "d mmm yyyy"
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def __call__(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format({"valign": "vcenter", **props})
        return self._cache[key]

    def title(self) -> Format:
        return self(bold=True, font_size=14, font_color=self.brand)

    def header(self, **extra: Any) -> Format:
        return self(bold=True, bg_color=self.brand, font_color=self.on_brand, text_wrap=True,
                    align="center", border=1, border_color="#ffffff", **extra)

    def label(self) -> Format:
        return self(bold=True, font_color=self.brand)

    def text(self, **extra: Any) -> Format:
        return self(**extra)

    def num(self, num_format: str, **extra: Any) -> Format:
        return self(num_format=num_format, **extra)

    def total(self, num_format: str | None = None) -> Format:
        props: dict[str, Any] = {"bold": True, "bg_color": self.light, "top": 1,
                                 "top_color": self.brand}
        if num_format:
            props["num_format"] = num_format
        return self(**props)


def _write_text(ws: Worksheet, row: int, col: int, text: Any, style: Format | None = None
                ) -> None:
    """A text cell: never a formula, a URL or a number, whatever the text starts with."""
    ws.write_string(row, col, "" if text is None else str(text), style)


def _write_number(ws: Worksheet, row: int, col: int, value: Any, style: Format,
                  dash: Format | None = None) -> None:
    """A number cell, or a dash (text) when the value is missing or not finite."""
    if _finite(value):
        ws.write_number(row, col, float(value), style)
    else:
        ws.write_string(row, col, _DASH, dash or style)


def _write_formula(ws: Worksheet, row: int, col: int, formula: str, style: Format,
                   value: Any) -> None:
    """A formula with its computed value cached (for viewers that do not recalculate)."""
    ws.write_formula(row, col, formula, style, float(value) if _finite(value) else "")


def _merge_text(ws: Worksheet, row: int, first: int, last: int, text: Any, style: Format
                ) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, "", style)
    _write_text(ws, row, first, text, style)


def _page_setup(ws: Worksheet, plan: MediaPlan, repeat: tuple[int, int] | None) -> None:
    ws.set_landscape()
    ws.set_paper(1 if plan.brief.country == "US" else 9)  # Letter, else A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")
    if repeat is not None:
        ws.repeat_rows(*repeat)


def _width(values: list[Any], minimum: float = 8, maximum: float = 60) -> float:
    longest = max((len(str(v)) for v in values), default=0)
    return float(min(max(minimum, longest + 2), maximum))


# ---------------------------------------------------------------------------- summary
class _SummaryLayout:
    """Where things are on the Summary sheet (0-based rows and columns)."""

    LINE, NETWORK, FORMAT, START, END, BUDGET, SHARE, CPM = range(8)
    FIRST_TRIPLE = 8
    HEAD1, HEAD2 = 7, 8
    FIRST_LINE = 9

    def __init__(self, n_lines: int) -> None:
        self.triple = {name: self.FIRST_TRIPLE + 3 * i for i, name in enumerate(_TRIPLES)}
        self.cap = self.FIRST_TRIPLE + 3 * len(_TRIPLES)
        self.utm = {key: self.cap + 1 + i for i, key in enumerate(_UTM_KEYS)}
        self.last_col = self.cap + len(_UTM_KEYS)
        self.last_line = self.FIRST_LINE + max(n_lines, 1) - 1
        self.total = self.last_line + 1


def _summary(wb: Workbook, st: _Styles, plan: MediaPlan, name: str
             ) -> tuple[dict[str, str], str]:
    """Write the Summary; return the absolute references of the line budgets and total."""
    brief, lang = plan.brief, plan.brief.language
    w = _WORDS[lang]
    ws = wb.add_worksheet(name)
    lay = _SummaryLayout(len(plan.lines))
    lines = plan.lines

    # title and campaign block
    _write_text(ws, 0, 0, f"{w['title']} — {brief.name} — {brief.campaign.name}", st.title())
    ws.set_row(0, 24)
    budget_col = lay.BUDGET
    total_ref = xl_rowcol_to_cell(lay.total, budget_col)
    info_left = [
        (w["client"], brief.name),
        (w["campaign"], brief.campaign.name),
        (w["dates"], fmt.date_range(brief.campaign.start, brief.campaign.end, lang)),
    ]
    for i, (label, value) in enumerate(info_left, start=1):
        _write_text(ws, i, 0, label, st.label())
        _merge_text(ws, i, 1, 4, value, st.text(align="left"))
    _write_text(ws, 4, 0, w["method"], st.label())
    _merge_text(ws, 4, 1, 16, plan.method_note, st.text(align="left"))
    _write_text(ws, 5, 0, w["as_of"], st.label())
    ws.write_datetime(5, 1, plan.as_of, st.num(st.date, align="left"))

    _write_text(ws, 1, budget_col, w["budget"], st.label())
    ws.merge_range(1, budget_col + 1, 1, budget_col + 3, "", st.num(st.money, bold=True,
                                                                    align="left"))
    _write_formula(ws, 1, budget_col + 1, f"={total_ref}",
                   st.num(st.money, bold=True, align="left"), plan.budget)
    _write_text(ws, 2, budget_col, w["currency"], st.label())
    _merge_text(ws, 2, budget_col + 1, budget_col + 3, brief.currency, st.text(align="left"))
    _write_text(ws, 3, budget_col, w["objective"], st.label())
    _merge_text(ws, 3, budget_col + 1, budget_col + 5,
                _OBJECTIVES[lang].get(brief.campaign.objective, brief.campaign.objective),
                st.text(align="left"))

    # header: single columns span both header rows; forecasts get a group header
    singles = [(lay.LINE, w["line"]), (lay.NETWORK, w["network"]), (lay.FORMAT, w["format"]),
               (lay.START, w["start"]), (lay.END, w["end"]),
               (lay.BUDGET, f"{w['budget']} ({brief.currency})"), (lay.SHARE, w["share"]),
               (lay.CPM, w["cpm"]), (lay.cap, w["frequency_cap"])]
    singles += [(col, key) for key, col in lay.utm.items()]
    for col, label in singles:
        ws.merge_range(lay.HEAD1, col, lay.HEAD2, col, "", st.header())
        _write_text(ws, lay.HEAD1, col, label, st.header())
    for metric, col in lay.triple.items():
        ws.merge_range(lay.HEAD1, col, lay.HEAD1, col + 2, "", st.header())
        _write_text(ws, lay.HEAD1, col, w[metric], st.header())
        for j, sub in enumerate(("central", "low", "high")):
            _write_text(ws, lay.HEAD2, col + j, w[sub], st.header(italic=True))
    ws.set_row(lay.HEAD1, 28)

    formats = {"impressions": "#,##0", "reach": "#,##0", "frequency": "0.00",
               "clicks": "#,##0", "conversions": "#,##0", "revenue": st.money0}
    budget_refs: dict[str, str] = {}
    quoted = quote_sheetname(name)
    if not lines:
        _merge_text(ws, lay.FIRST_LINE, 0, 8, w["none"], st.text(italic=True))
    for i, line in enumerate(lines):
        r = lay.FIRST_LINE + i
        _write_text(ws, r, lay.LINE, line.line_id)
        _write_text(ws, r, lay.NETWORK, networks.display(line.channel))
        _write_text(ws, r, lay.FORMAT, line.format)
        ws.write_datetime(r, lay.START, line.start, st.num(st.date))
        ws.write_datetime(r, lay.END, line.end, st.num(st.date))
        ws.write_number(r, lay.BUDGET, float(line.budget), st.num(st.money))
        budget_cell = xl_rowcol_to_cell(r, lay.BUDGET)
        _write_formula(ws, r, lay.SHARE,
                       f"={budget_cell}/{xl_rowcol_to_cell(lay.total, lay.BUDGET, True, True)}",
                       st.num("0.0%"), line.budget / plan.budget if plan.budget else 0.0)
        _write_number(ws, r, lay.CPM, line.cpm.mid, st.num(st.money))
        for metric, col in lay.triple.items():
            rng = getattr(line, metric)
            for j, value in enumerate((rng.mid, rng.low, rng.high)):
                _write_number(ws, r, col + j, value, st.num(formats[metric]),
                              st.text(align="right"))
        ws.write_number(r, lay.cap, int(line.frequency_cap), st.num("0", align="center"))
        for key, col in lay.utm.items():
            _write_text(ws, r, col, line.utm.get(key, ""))
        budget_refs[line.channel] = (
            f"{quoted}!{xl_rowcol_to_cell(r, lay.BUDGET, True, True)}")

    # totals row
    t = lay.total
    first, last = lay.FIRST_LINE, lay.last_line
    _write_text(ws, t, lay.LINE, w["total"], st.total())
    for col in (lay.NETWORK, lay.FORMAT, lay.START, lay.END, lay.cap, *lay.utm.values()):
        _write_text(ws, t, col, "", st.total())

    def col_sum(col: int, value: float, style: Format) -> None:
        _write_formula(ws, t, col, f"=SUM({xl_range(first, col, last, col)})", style, value)

    col_sum(lay.BUDGET, plan.budget, st.total(st.money))
    col_sum(lay.SHARE, 1.0 if lines else 0.0, st.total("0.0%"))
    imp_total = xl_rowcol_to_cell(t, lay.triple["impressions"])
    total_imp = sum(line.impressions.mid for line in lines)
    _write_formula(ws, t, lay.CPM, f'=IFERROR({total_ref}/{imp_total}*1000,"")',
                   st.total(st.money), plan.budget / total_imp * 1000 if total_imp else None)
    for metric, col in lay.triple.items():
        for j in range(3):
            style = st.total(formats[metric])
            if metric in _DEDUPLICATED:
                rng = plan.totals.get(metric)
                value = (rng.mid, rng.low, rng.high)[j] if rng is not None else None
                _write_number(ws, t, col + j, value, style, st.total())
                continue
            values = [(getattr(x, metric).mid, getattr(x, metric).low,
                       getattr(x, metric).high)[j] for x in lines]
            if values and all(_finite(v) for v in values):
                col_sum(col + j, sum(values), style)
            else:
                _write_text(ws, t, col + j, _DASH, st.total())
    row = t + 1
    _merge_text(ws, row, 0, 16, w["note"], st.text(italic=True, font_color="#595959",
                                                   text_wrap=True))
    ws.set_row(row, 28)

    # KPI targets against the forecast
    row += 2
    if plan.targets:
        _write_text(ws, row, 0, w["targets"], st.title())
        row += 1
        heads = [w["kpi"], w["target"], f"{w['forecast']} ({w['central']})", w["low"],
                 w["high"], w["status"]]
        for j, head in enumerate(heads):
            _write_text(ws, row, j, head, st.header())
        _merge_text(ws, row, 6, 16, w["comment"], st.header())
        ws.set_row(row, 28)
        row += 1
        for check in plan.targets:
            num = _kpi_format(check.kpi, st)
            _write_text(ws, row, 0, _KPI_NAMES[lang].get(check.kpi, check.kpi.upper()))
            _write_number(ws, row, 1, check.target, st.num(num))
            for j, value in enumerate((check.forecast.mid, check.forecast.low,
                                       check.forecast.high)):
                _write_number(ws, row, 2 + j, value, st.num(num), st.text(align="right"))
            fill, font = _STATUS_COLOURS.get(check.status, _STATUS_COLOURS["unknown"])
            _write_text(ws, row, 5, _STATUS[lang].get(check.status, check.status),
                        st.text(bg_color=fill, font_color=font, bold=True, align="center"))
            _merge_text(ws, row, 6, 16, check.message, st.text(text_wrap=True))
            ws.set_row(row, 15 * max(1, math.ceil(len(check.message) / 130)))
            row += 1
        row += 1
    if plan.warnings:
        _write_text(ws, row, 0, w["warnings"], st.title())
        row += 1
        for text in plan.warnings:
            _merge_text(ws, row, 0, 16, f"• {text}", st.text(text_wrap=True))
            ws.set_row(row, 15 * max(1, math.ceil(len(text) / 150)))
            row += 1

    # widths, panes, print
    ws.set_column(lay.LINE, lay.LINE, 13)
    ws.set_column(lay.NETWORK, lay.NETWORK,
                  _width([networks.display(x.channel) for x in lines] + [w["network"]], 12))
    ws.set_column(lay.FORMAT, lay.FORMAT, _width([x.format for x in lines], 10, 24))
    ws.set_column(lay.START, lay.END, 11)
    ws.set_column(lay.BUDGET, lay.BUDGET, 13)
    ws.set_column(lay.SHARE, lay.SHARE, 8)
    ws.set_column(lay.CPM, lay.CPM, 9)
    ws.set_column(lay.FIRST_TRIPLE, lay.cap - 1, 11)
    ws.set_column(lay.cap, lay.cap, 12)
    for key, col in lay.utm.items():
        ws.set_column(col, col, _width([x.utm.get(key, "") for x in lines] + [key], 10, 50))
    ws.freeze_panes(lay.FIRST_LINE, lay.FORMAT)
    _page_setup(ws, plan, (lay.HEAD1, lay.HEAD2))
    ws.print_area(0, 0, max(row, lay.total + 1), lay.last_col)
    return budget_refs, f"{quoted}!{xl_rowcol_to_cell(lay.total, lay.BUDGET, True, True)}"


def _kpi_format(kpi: str, st: _Styles) -> str:
    if kpi in ("cpm", "cpc", "cpa"):
        return st.money
    if kpi in ("ctr", "engagement_rate"):
        return "0.00%"
    if kpi in ("roas", "frequency"):
        return "0.00"
    return "#,##0"


# ---------------------------------------------------------------------------- weekly
def _weekly(wb: Workbook, st: _Styles, plan: MediaPlan, name: str,
            budget_refs: dict[str, str], total_ref: str) -> None:
    lang = plan.brief.language
    w = _WORDS[lang]
    ws = wb.add_worksheet(name)
    wide = plan.weekly_wide()
    channels = list(wide.columns)
    head, first = 3, 4
    n_weeks = len(wide)
    c0 = 4  # first network column
    total_col = c0 + len(channels)
    _write_text(ws, 0, 0,
                f"{w['weekly_title']} — {plan.brief.name} — {plan.brief.campaign.name}",
                st.title())
    ws.set_row(0, 24)
    _merge_text(ws, 1, 0, max(total_col, 7), w["weekly_note"].format(currency=plan.currency),
                st.text(italic=True, font_color="#595959", text_wrap=True))
    ws.set_row(1, 30)
    heads = [w["week"], w["from"], w["to"], w["days"]]
    heads += [networks.display(ch) for ch in channels] + [w["total"]]
    for j, text in enumerate(heads):
        _write_text(ws, head, j, text, st.header())
    ws.set_row(head, 28)
    if n_weeks == 0:
        _merge_text(ws, first, 0, 8, w["none"], st.text(italic=True))
        _page_setup(ws, plan, (head, head))
        return
    days = (plan.weekly.groupby("week")
            .agg(first_day=("first_day", "min"), last_day=("last_day", "max"),
                 days=("days", "max")))
    money = st.num(st.money)
    last = first + n_weeks - 1
    for i, (week, amounts) in enumerate(wide.iterrows()):
        r = first + i
        info = days.loc[week] if week in days.index else None
        ws.write_number(r, 0, i + 1, st.num("0", align="center"))
        start = pd.Timestamp(info["first_day"] if info is not None else week).date()
        end = (pd.Timestamp(info["last_day"]).date() if info is not None
               else start + dt.timedelta(days=6))
        ws.write_datetime(r, 1, start, st.num(st.date))
        ws.write_datetime(r, 2, end, st.num(st.date))
        ws.write_number(r, 3, int(info["days"]) if info is not None else 7,
                        st.num("0", align="center"))
        for j, ch in enumerate(channels):
            ws.write_number(r, c0 + j, round(float(amounts[ch]), 2), money)
        _write_formula(ws, r, total_col, f"=SUM({xl_range(r, c0, r, total_col - 1)})",
                       st.num(st.money, bold=True), round(float(amounts.sum()), 2))
    t = last + 1
    _write_text(ws, t, 0, w["total"], st.total())
    for j in (1, 2, 3):
        _write_text(ws, t, j, "", st.total())
    for j, ch in enumerate(channels):
        _write_formula(ws, t, c0 + j, f"=SUM({xl_range(first, c0 + j, last, c0 + j)})",
                       st.total(st.money), round(float(wide[ch].sum()), 2))
    grand = round(float(wide.to_numpy().sum()), 2)
    _write_formula(ws, t, total_col, f"=SUM({xl_range(first, total_col, last, total_col)})",
                   st.total(st.money), grand)

    # checks against the Summary's line budgets
    check, diff = t + 1, t + 2
    _merge_text(ws, check, 0, 3, w["plan_line"], st.text(italic=True))
    _merge_text(ws, diff, 0, 3, w["difference"], st.text(italic=True))
    line_budget = {line.channel: line.budget for line in plan.lines}
    refs = [(c0 + j, budget_refs.get(ch), line_budget.get(ch)) for j, ch in enumerate(channels)]
    refs.append((total_col, total_ref, plan.budget))
    for col, ref, value in refs:
        if ref is None:
            continue
        _write_formula(ws, check, col, f"={ref}", st.num(st.money, italic=True), value)
        here = xl_rowcol_to_cell(t, col)
        _write_formula(ws, diff, col, f"={here}-{xl_rowcol_to_cell(check, col)}",
                       st.num(st.money, italic=True),
                       round(_column_total(wide, col - c0, grand) - float(value or 0), 2))
    ws.conditional_format(diff, c0, diff, total_col, {
        "type": "cell", "criteria": "not between", "minimum": -0.005, "maximum": 0.005,
        "format": st(bg_color="#ffc7ce", font_color="#9c0006")})

    ws.set_column(0, 0, 9)
    ws.set_column(1, 2, 12)
    ws.set_column(3, 3, 7)
    for j, ch in enumerate(channels):
        ws.set_column(c0 + j, c0 + j, _width([networks.display(ch)], 13, 24))
    ws.set_column(total_col, total_col, 14)
    ws.freeze_panes(first, 1)
    _page_setup(ws, plan, (head, head))


def _column_total(wide: pd.DataFrame, j: int, grand: float) -> float:
    """Column ``j``'s total of the weekly table (the grand total past the last network)."""
    if 0 <= j < wide.shape[1]:
        return round(float(wide.iloc[:, j].sum()), 2)
    return grand


# ---------------------------------------------------------------------------- calendar
def _calendar(wb: Workbook, st: _Styles, plan: MediaPlan, name: str) -> None:
    lang = plan.brief.language
    w = _WORDS[lang]
    ws = wb.add_worksheet(name)
    _write_text(ws, 0, 0,
                f"{w['calendar_title']} — {plan.brief.name} — {plan.brief.campaign.name}",
                st.title())
    ws.set_row(0, 24)
    _write_text(ws, 1, 0, w["calendar_note"].format(tz=plan.brief.timezone),
                st.text(italic=True, font_color="#595959"))
    head = 3
    heads = [w["date"], w["weekday"], w["time"], w["network"], w["line"], w["format"]]
    for j, text in enumerate(heads):
        _write_text(ws, head, j, text, st.header())
    cal = plan.calendar
    by_channel = {line.channel: line for line in plan.lines}
    rows: list[tuple[pd.Timestamp, str]] = []
    if cal is not None and not cal.empty:
        for ts, ch in zip(cal["published_at"], cal["channel"], strict=True):
            stamp = pd.Timestamp(ts)
            if stamp.tzinfo is not None:
                stamp = stamp.tz_convert(plan.brief.timezone).tz_localize(None)
            rows.append((stamp, str(ch)))
    rows.sort()
    r = head
    for stamp, ch in rows:
        r += 1
        ws.write_datetime(r, 0, stamp.date(), st.num(st.date, align="left"))
        _write_text(ws, r, 1, fmt.weekday(stamp.weekday(), lang))
        ws.write_datetime(r, 2, dt.time(stamp.hour, stamp.minute), st.num("hh:mm",
                                                                        align="center"))
        _write_text(ws, r, 3, networks.display(ch))
        line = by_channel.get(ch)
        _write_text(ws, r, 4, line.line_id if line else "")
        _write_text(ws, r, 5, line.format if line else "")
    if not rows:
        _merge_text(ws, head + 1, 0, 5, w["no_slots"], st.text(italic=True, text_wrap=True))
        ws.set_row(head + 1, 30)
    else:
        ws.autofilter(head, 0, r, len(heads) - 1)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 11)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, _width([networks.display(c) for _, c in rows] + [w["network"]], 14))
    ws.set_column(4, 4, 8)
    ws.set_column(5, 5, _width([x.format for x in plan.lines] + [w["format"]], 10, 24))
    ws.freeze_panes(head + 1, 0)
    _page_setup(ws, plan, (head, head))


# ---------------------------------------------------------------------------- assumptions
def _assumption_format(name: str, st: _Styles) -> str:
    upper = name.upper()
    if upper.endswith(" CPM") or name in ("Average order value", "Value per conversion"):
        return st.money
    if upper.endswith((" CTR", " CVR")):
        return "0.00%"
    if "→" in name:
        return "0.0000"
    if name.startswith(("People", "Frequency cap")):
        return "#,##0"
    return "#,##0.00"


def _assumptions(wb: Workbook, st: _Styles, plan: MediaPlan, name: str) -> None:
    lang = plan.brief.language
    w = _WORDS[lang]
    ws = wb.add_worksheet(name)
    _write_text(ws, 0, 0,
                f"{w['assumptions_title']} — {plan.brief.name} — {plan.brief.campaign.name}",
                st.title())
    ws.set_row(0, 24)
    _write_text(ws, 1, 0, plan.method_note, st.text(italic=True, font_color="#595959"))
    head = 3
    for j, text in enumerate([w["assumption"], w["value"], w["low"], w["high"], w["source"]]):
        _write_text(ws, head, j, text, st.header())
    table = plan.assumptions if plan.assumptions is not None else pd.DataFrame()
    names: list[str] = []
    r = head
    for rec in table.to_dict("records"):
        r += 1
        raw = str(rec.get("name", ""))
        shown = _ASSUMPTION_NAMES_FR.get(raw, raw) if lang == "fr" else raw
        names.append(shown)
        num = st.num(_assumption_format(raw, st))
        _write_text(ws, r, 0, shown)
        _write_number(ws, r, 1, rec.get("value"), num, st.text(align="right"))
        for j, key in ((2, "low"), (3, "high")):
            if _finite(rec.get(key)):
                ws.write_number(r, j, float(rec[key]), num)
        _write_text(ws, r, 4, rec.get("source", ""), st.text(text_wrap=True))
    if r > head:
        ws.autofilter(head, 0, r, 4)
    ws.set_column(0, 0, _width([*names, w["assumption"]], 18, 50))
    ws.set_column(1, 3, 13)
    ws.set_column(4, 4, 90)
    ws.freeze_panes(head + 1, 1)
    _page_setup(ws, plan, (head, head))


# ---------------------------------------------------------------------------- entry point
def write_excel(plan: MediaPlan, path: str | Path) -> Path:
    """Write the plan as an Excel workbook for the consultant to send.

    Parameters
    ----------
    plan : MediaPlan
        The plan (its brief gives the language, currency and brand colour).
    path : str or Path
        The ``.xlsx`` file to write (its folder is created if needed; an existing file
        is replaced).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import smtools as sm                                          # doctest: +SKIP
    >>> plan = sm.plan.build(sm.brief.load("bistro-lumiere"), ws)     # doctest: +SKIP
    >>> write_excel(plan, "reports/bistro-lumiere/plan.xlsx")         # doctest: +SKIP
    PosixPath('reports/bistro-lumiere/plan.xlsx')
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    lang = "fr" if plan.brief.language == "fr" else "en"
    names = SHEETS[lang]
    wb = xlsxwriter.Workbook(str(target), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    try:
        wb.set_properties({
            "title": f"{_WORDS[lang]['title']} — {plan.brief.name} — {plan.brief.campaign.name}",
            "subject": plan.brief.campaign.name,
            "company": plan.brief.name,
            "author": "smtools",
            "comments": f"smtools {_smtools_version}; {plan.method_note}",
        })
        st = _Styles(wb, plan)
        budget_refs, total_ref = _summary(wb, st, plan, names[0])
        _weekly(wb, st, plan, names[1], budget_refs, total_ref)
        _calendar(wb, st, plan, names[2])
        _assumptions(wb, st, plan, names[3])
        wb.worksheets()[0].activate()
    finally:
        wb.close()
    return target
