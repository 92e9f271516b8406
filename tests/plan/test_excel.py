"""Tests of smtools.plan.excel: sheets, live formulas, budgets to the cent, language, safety."""

from __future__ import annotations

import dataclasses
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import smtools as sm
from smtools.plan.excel import SHEETS, currency_format, write_excel
from smtools.plan.model import MediaPlan, Range

SLUGS = ("bistro-lumiere", "atelier-nova", "cloudledger")


@pytest.fixture(scope="module")
def plans(demo: dict) -> dict[str, MediaPlan]:
    """The three demo clients' plans, built once for this module.

    The budget split is on benchmarks (``use_mmm=False``): the workbook does not
    depend on how the split was made, and the model's bootstrap would multiply the
    build time by four.
    """
    ws = sm.Workspace(demo["workspace"])
    return {slug: sm.plan.build(sm.brief.load(slug, demo["clients_dir"]), ws, use_mmm=False)
            for slug in SLUGS}


@pytest.fixture(scope="module")
def books(plans: dict[str, MediaPlan], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, Path]:
    """Each plan written once as a workbook."""
    root = tmp_path_factory.mktemp("xlsx")
    return {slug: write_excel(plan, root / slug / "plan.xlsx") for slug, plan in plans.items()}


def _load(path: Path, **kw: Any) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, **kw)


# ---------------------------------------------------------------- a tiny formula evaluator
_SHEET = r"(?:(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[A-Za-z0-9_]+))!)?"
_REF = re.compile(_SHEET + r"\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)(?!\d)")
_SUM = re.compile(r"SUM\(" + _SHEET + r"(?P<range>[A-Z$]+\d+:[A-Z$]+\d+)\)")


def _sheet_of(match: re.Match[str], default: str) -> str:
    return (match.group("quoted") or "").replace("''", "'") or match.group("plain") or default


def _value(wb: openpyxl.Workbook, sheet: str, coord: str) -> float:
    """Value of a cell, evaluating the formulas the workbook uses (SUM, IFERROR, + - * /)."""
    raw = wb[sheet][coord].value
    if not (isinstance(raw, str) and raw.startswith("=")):
        return float(raw) if isinstance(raw, (int, float)) else math.nan
    expr = raw[1:]
    m = re.fullmatch(r'IFERROR\((.*),""\)', expr)
    if m:
        expr = m.group(1)

    def sum_range(match: re.Match[str]) -> str:
        name = _sheet_of(match, sheet)
        values = [_value(wb, name, cell.coordinate) for row in
                  wb[name][match.group("range").replace("$", "")] for cell in row]
        return repr(sum(v for v in values if math.isfinite(v)))

    def ref(match: re.Match[str]) -> str:
        name = _sheet_of(match, sheet)
        return repr(_value(wb, name, f"{match.group('col')}{match.group('row')}"))

    expr = _REF.sub(ref, _SUM.sub(sum_range, expr))
    assert re.fullmatch(r"[0-9eE.+\-*/() na]*", expr), f"unexpected formula {raw!r}: {expr}"
    try:
        return float(eval(expr, {"__builtins__": {}}, {"nan": math.nan}))
    except ZeroDivisionError:
        return math.nan


def _find(ws: Any, text: str, col: int = 1) -> int:
    """1-based row of the first cell of column ``col`` holding ``text``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, col).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {col} of {ws.title}")


def _line_rows(ws: Any, plan: MediaPlan) -> list[int]:
    return [_find(ws, line.line_id) for line in plan.lines]


# ---------------------------------------------------------------- structure and language
@pytest.mark.parametrize("slug", SLUGS)
def test_sheets_are_named_in_the_clients_language(books: dict[str, Path],
                                                  plans: dict[str, MediaPlan], slug: str
                                                  ) -> None:
    wb = _load(books[slug])
    lang = plans[slug].brief.language
    assert tuple(wb.sheetnames) == SHEETS[lang]
    for name in wb.sheetnames:
        assert len(name) <= 31 and name.isascii()
        assert not set(name) & set("[]:*?/\\")


def test_french_plan_has_french_headers_and_english_plan_english(
        books: dict[str, Path], plans: dict[str, MediaPlan]) -> None:
    fr = _load(books["bistro-lumiere"])
    en = _load(books["atelier-nova"])
    assert plans["bistro-lumiere"].brief.language == "fr"
    summary_fr, summary_en = fr["Synthese"], en["Summary"]
    head_fr = [c.value for c in summary_fr[8]]
    head_en = [c.value for c in summary_en[8]]
    assert head_fr[:8] == ["Ligne", "Réseau", "Format", "Début", "Fin", "Budget (EUR)", "Part",
                           "CPM"]
    assert head_en[:8] == ["Line", "Network", "Format", "Start", "End", "Budget (USD)",
                           "Share", "CPM"]
    assert "Répétition" in head_fr and "Frequency" in head_en
    assert [c.value for c in fr["Calendrier"][4]][:4] == ["Date", "Jour", "Heure locale",
                                                          "Réseau"]
    assert [c.value for c in en["Calendar"][4]][:4] == ["Date", "Weekday", "Local time",
                                                        "Network"]
    assert [c.value for c in fr["Hypotheses"][4]] == ["Hypothèse", "Valeur", "bas", "haut",
                                                      "Source"]
    assert summary_fr["A2"].value == "Client" and summary_fr["A3"].value == "Campagne"
    assert summary_fr["G4"].value == "ventes"  # objective "sales", in French
    statuses = {summary_fr.cell(r, 6).value for r in range(1, summary_fr.max_row + 1)}
    assert statuses & {"atteint", "à risque", "non atteint"}
    assert not statuses & {"met", "at risk", "not met"}


def test_frozen_panes_on_every_sheet(books: dict[str, Path]) -> None:
    wb = _load(books["bistro-lumiere"])
    summary, weekly, calendar, assumptions = (wb[n] for n in SHEETS["fr"])
    assert summary.freeze_panes == "C10"  # below the two header rows, right of the network
    assert summary["A8"].value == "Ligne" and summary["A10"].value == "L01"
    assert weekly.freeze_panes == "B5"
    assert calendar.freeze_panes == "A5"
    assert assumptions.freeze_panes == "B5"


def test_print_setup_is_landscape_fit_to_width(books: dict[str, Path]) -> None:
    wb = _load(books["atelier-nova"])
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # fitToWidth is left out when 1 (its default in the file format)
        assert int(ws.page_setup.fitToWidth or 1) == 1
        assert int(ws.page_setup.fitToHeight) == 0  # as many pages down as needed
        assert ws.print_title_rows  # header rows repeat on every page
    assert int(wb["Summary"].page_setup.paperSize) == 1  # a US client prints on Letter
    assert int(_load(books["bistro-lumiere"])["Synthese"].page_setup.paperSize) == 9  # A4


def test_brand_colour_and_currency_formats(books: dict[str, Path],
                                           plans: dict[str, MediaPlan]) -> None:
    fr = _load(books["bistro-lumiere"])["Synthese"]
    brand = plans["bistro-lumiere"].brief.branding.colour.lstrip("#").upper()
    assert fr["A8"].fill.fgColor.rgb.upper().endswith(brand)
    assert fr["A1"].font.color.rgb.upper().endswith(brand)
    row = _line_rows(fr, plans["bistro-lumiere"])[0]
    assert fr.cell(row, 6).number_format == currency_format("EUR", "fr")
    assert fr.cell(row, 6).number_format.endswith('"\xa0€"')  # 1 234,56 € in French Excel
    assert fr.cell(row, 7).number_format == "0.0%"
    en = _load(books["cloudledger"])["Summary"]
    row = _line_rows(en, plans["cloudledger"])[0]
    assert en.cell(row, 6).number_format.startswith('"£"')


def test_currency_format_places_the_symbol_by_language() -> None:
    assert currency_format("EUR", "fr") == '#,##0.00"\xa0€"'
    assert currency_format("EUR", "en") == '"€"#,##0.00'
    assert currency_format("XYZ", "en", decimals=0) == '"XYZ "#,##0'


# ---------------------------------------------------------------- summary: live formulas
@pytest.mark.parametrize("slug", SLUGS)
def test_summary_totals_and_shares_are_formulas(books: dict[str, Path],
                                                plans: dict[str, MediaPlan], slug: str) -> None:
    plan = plans[slug]
    wb = _load(books[slug])
    ws = wb[SHEETS[plan.brief.language][0]]
    rows = _line_rows(ws, plan)
    total = _find(ws, "Total")
    assert rows == list(range(rows[0], rows[0] + len(plan.lines))) and total == rows[-1] + 1
    assert ws.cell(total, 6).value == f"=SUM(F{rows[0]}:F{rows[-1]})"
    assert ws.cell(total, 7).value == f"=SUM(G{rows[0]}:G{rows[-1]})"
    for r in rows:
        assert ws.cell(r, 7).value == f"=F{r}/$F${total}"
        assert isinstance(ws.cell(r, 6).value, (int, float))  # the budget a consultant edits
    for col in (9, 10, 11, 18, 21):  # impressions central/low/high, clicks, conversions
        assert ws.cell(total, col).value.startswith("=SUM(")
    assert ws.cell(total, 8).value.startswith("=IFERROR(")  # total CPM
    assert ws["G2"].value == f"=F{total}"  # campaign budget at the top
    # cached values, for viewers that do not recalculate
    cached = _load(books[slug], data_only=True)[ws.title]
    assert cached.cell(total, 6).value == pytest.approx(plan.budget, abs=0.005)
    for r, line in zip(rows, plan.lines, strict=True):
        assert cached.cell(r, 7).value == pytest.approx(line.budget / plan.budget)


def test_changing_a_budget_updates_totals_and_shares(books: dict[str, Path],
                                                     plans: dict[str, MediaPlan]) -> None:
    plan = plans["bistro-lumiere"]
    wb = _load(books["bistro-lumiere"])
    ws = wb["Synthese"]
    rows = _line_rows(ws, plan)
    total = _find(ws, "Total")
    assert _value(wb, "Synthese", f"F{total}") == pytest.approx(plan.budget, abs=0.005)
    ws.cell(rows[0], 6).value = plan.lines[0].budget + 1000.0
    new_total = plan.budget + 1000.0
    assert _value(wb, "Synthese", f"F{total}") == pytest.approx(new_total, abs=0.005)
    assert _value(wb, "Synthese", "G2") == pytest.approx(new_total, abs=0.005)
    assert _value(wb, "Synthese", f"G{rows[0]}") == pytest.approx(
        (plan.lines[0].budget + 1000.0) / new_total)
    assert sum(_value(wb, "Synthese", f"G{r}") for r in rows) == pytest.approx(1.0)
    # the weekly sheet's check row sees the edit on the Summary
    weekly = wb["Budget semaine x reseau"]
    diff = _find(weekly, "Écart")
    assert _value(wb, weekly.title, f"E{diff}") == pytest.approx(-1000.0, abs=0.005)


def test_summary_lists_forecasts_frequency_cap_and_utm(books: dict[str, Path],
                                                       plans: dict[str, MediaPlan]) -> None:
    plan = plans["atelier-nova"]
    ws = _load(books["atelier-nova"])["Summary"]
    header = [c.value for c in ws[8]]
    sub = [c.value for c in ws[9]]
    for key in ("utm_source", "utm_medium", "utm_campaign", "utm_content"):
        assert key in header
    imp = header.index("Impressions") + 1
    assert sub[imp - 1:imp + 2] == ["central", "low", "high"]
    cap = header.index("Frequency cap (7 days)") + 1
    for r, line in zip(_line_rows(ws, plan), plan.lines, strict=True):
        assert ws.cell(r, 2).value == sm.networks.display(line.channel)
        assert ws.cell(r, imp).value == pytest.approx(line.impressions.mid)
        assert ws.cell(r, imp + 1).value == pytest.approx(line.impressions.low)
        assert ws.cell(r, imp + 2).value == pytest.approx(line.impressions.high)
        assert ws.cell(r, cap).value == line.frequency_cap
        for key, value in line.utm.items():
            assert ws.cell(r, header.index(key) + 1).value == value
    # total reach is the deduplicated figure, not the sum of the lines
    total = _find(ws, "Total")
    reach = header.index("Reach (people)") + 1
    assert ws.cell(total, reach).value == pytest.approx(plan.totals["reach"].mid)
    assert ws.cell(total, reach).value < sum(line.reach.mid for line in plan.lines)


# ---------------------------------------------------------------- weekly budget
@pytest.mark.parametrize("slug", SLUGS)
def test_weekly_budget_adds_up_to_the_plan_budget_to_the_cent(
        books: dict[str, Path], plans: dict[str, MediaPlan], slug: str) -> None:
    plan = plans[slug]
    wb = _load(books[slug])
    name = SHEETS[plan.brief.language][1]
    ws = wb[name]
    head = [c.value for c in ws[4] if c.value is not None]
    networks_ = head[4:-1]
    assert networks_ == [sm.networks.display(line.channel) for line in plan.lines]
    assert head[-1] == "Total"
    total = _find(ws, "Total")
    first, last = 5, total - 1
    assert last - first + 1 == plan.weekly["week"].nunique()
    cents = 0
    for j, line in enumerate(plan.lines):
        col = 5 + j
        column = [ws.cell(r, col).value for r in range(first, last + 1)]
        assert all(isinstance(v, (int, float)) for v in column)
        assert round(sum(column) * 100) == round(line.budget * 100)
        cents += round(sum(round(v * 100) for v in column))
        letter = openpyxl.utils.get_column_letter(col)
        assert ws.cell(total, col).value == f"=SUM({letter}{first}:{letter}{last})"
    assert cents == round(plan.budget * 100)
    grand_col = openpyxl.utils.get_column_letter(len(head))
    last_network = openpyxl.utils.get_column_letter(len(head) - 1)
    assert ws.cell(first, len(head)).value == f"=SUM(E{first}:{last_network}{first})"
    assert ws.cell(total, len(head)).value == f"=SUM({grand_col}{first}:{grand_col}{last})"
    assert _value(wb, name, f"{grand_col}{total}") == pytest.approx(plan.budget, abs=0.005)
    # the check rows: each network against the Summary's line budget, difference zero
    diff = total + 2
    for col in range(5, len(head) + 1):
        letter = openpyxl.utils.get_column_letter(col)
        assert ws.cell(total + 1, col).value.startswith("=")
        assert abs(_value(wb, name, f"{letter}{diff}")) < 0.005
    # weeks carry their dates
    assert ws.cell(first, 2).value.date() == plan.brief.campaign.start
    assert ws.cell(last, 3).value.date() == plan.brief.campaign.end


# ---------------------------------------------------------------- calendar, assumptions
def test_calendar_lists_every_slot_in_local_time_and_language(
        books: dict[str, Path], plans: dict[str, MediaPlan]) -> None:
    plan = plans["bistro-lumiere"]
    ws = _load(books["bistro-lumiere"])["Calendrier"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(plan.calendar) > 0
    french_days = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
    assert {r[1] for r in rows} <= french_days
    expected = sorted(
        (ts.tz_convert(plan.brief.timezone).strftime("%Y-%m-%d %H:%M"),
         sm.networks.display(ch))
        for ts, ch in zip(plan.calendar["published_at"], plan.calendar["channel"], strict=True))
    got = [(f"{r[0]:%Y-%m-%d} {r[2]:%H:%M}", r[3]) for r in rows]
    assert got == expected
    assert "Europe/Paris" in ws["A2"].value


def test_assumptions_sheet_has_every_assumption_with_its_source(
        books: dict[str, Path], plans: dict[str, MediaPlan]) -> None:
    plan = plans["cloudledger"]
    ws = _load(books["cloudledger"])["Assumptions"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(plan.assumptions)
    for row, rec in zip(rows, plan.assumptions.to_dict("records"), strict=True):
        assert row[0] == rec["name"]
        if pd.isna(rec["value"]):  # a method, not a number (e.g. the reach curve)
            assert row[1] == "–"
        else:
            assert row[1] == pytest.approx(rec["value"])
        assert row[4] == rec["source"] and row[4]


# ---------------------------------------------------------------- safety and edge cases
def _formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [f for name in z.namelist() if name.startswith("xl/worksheets/sheet")
                for f in re.findall(r"<f>(.*?)</f>", z.read(name).decode("utf-8"))]


def test_text_starting_with_formula_characters_is_written_as_text(
        plans: dict[str, MediaPlan], tmp_path: Path) -> None:
    plan = plans["atelier-nova"]
    evil_name = '=HYPERLINK("http://evil.example","Click")'
    evil_campaign = "+SUM(1,1)"
    brief = plan.brief.model_copy(update={
        "name": evil_name,
        "campaign": plan.brief.campaign.model_copy(update={"name": evil_campaign})})
    lines = [dataclasses.replace(plan.lines[0], format="-2+3"),
             dataclasses.replace(plan.lines[1], format='@cmd|" /C calc"!A0'),
             *plan.lines[2:]]
    html = 'Café "Le <b>Zinc</b>" & Co\'s <script>alert(1)</script>'
    evil = dataclasses.replace(plan, brief=brief, lines=lines,
                               warnings=["=1+1", html], method_note="@SUM(A1)")
    path = write_excel(evil, tmp_path / "evil.xlsx")
    wb = _load(path)
    ws = wb["Summary"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[evil_name].data_type == "s"
    assert ws["B2"].value == evil_name and ws["B2"].data_type == "s"
    assert ws["B3"].value == evil_campaign and ws["B3"].data_type == "s"
    assert ws["B5"].value == "@SUM(A1)" and ws["B5"].data_type == "s"
    assert ws["C10"].value == "-2+3" and ws["C10"].data_type == "s"
    assert ws["C11"].value == '@cmd|" /C calc"!A0' and ws["C11"].data_type == "s"
    assert "• =1+1" in cells and f"• {html}" in cells
    for formula in _formulas(path):  # only the workbook's own formulas
        assert re.fullmatch(r"[A-Za-z0-9_$:!'.,/*()\-+\"]*", formula), formula
        assert "HYPERLINK" not in formula and "cmd" not in formula and "1,1" not in formula
    titles = [wb[n]["A1"].value for n in wb.sheetnames]
    assert all(evil_name in t for t in titles)


def test_missing_forecasts_are_written_as_dashes(plans: dict[str, MediaPlan],
                                                 tmp_path: Path) -> None:
    plan = plans["cloudledger"]
    nan = Range(math.nan, math.nan, math.nan)
    lines = [dataclasses.replace(x, reach=nan, frequency=nan, revenue=nan) for x in plan.lines]
    blind = dataclasses.replace(plan, lines=lines,
                                totals={**plan.totals, "reach": nan, "frequency": nan})
    ws = _load(write_excel(blind, tmp_path / "blind.xlsx"))["Summary"]
    header = [c.value for c in ws[8]]
    total = _find(ws, "Total")
    for name in ("Reach (people)", "Frequency", "Revenue"):
        col = header.index(name) + 1
        for r in [*_line_rows(ws, blind), total]:
            assert ws.cell(r, col).value == "–"
