"""Bad input: exit code 2, one clear line naming file, row and column, nothing written.

Every fixture in ``tests/data/malformed/`` is ingested through the command line
into a workspace that already holds good data; the expected row (1-based line
in the file, title and header lines included) and column (as named in the
file) are asserted exactly.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smtools import Workspace
from smtools.cli import main

MALFORMED = Path(__file__).resolve().parents[1] / "data" / "malformed"
EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"

#: fixture -> (row, column, part of the message, extra CLI arguments)
CASES: dict[str, tuple[int | None, str | None, str, list[str]]] = {
    "empty.csv": (None, None, "the file is empty", []),
    "binary_garbage.csv": (3, None, "not a text export: it contains binary data", []),
    "excel_workbook.csv": (None, None, "Excel workbook", []),
    "wrong_delimiter.csv": (2, None, "separated by pipes but the header by commas", []),
    "duplicated_header.csv": (5, "Reporting starts", "header is repeated at line 5", []),
    "concatenated_google_ads.csv": (6, None, "a second export starts here", []),
    "duplicate_columns.csv": (1, "Impressions", "appears twice in the header", []),
    "missing_column.csv": (1, "Campaign name",
                           "closest is Meta Ads Manager, which also needs: Campaign name", []),
    "unknown_format.csv": (1, "Reporting starts", "not a known export; closest is Meta", []),
    "text_in_numeric.csv": (6, "Clicks", "'twelve' is not a number", []),
    "negative_spend.csv": (3, "Cost", "negative spend", []),
    "clicks_over_impressions.csv": (8, "Clicks", "clicks exceed impressions", []),
    "two_currencies.csv": (5, "Currency code", "mixes currencies (EUR, USD)", []),
    "two_currencies_headers.csv": (1, "CPM (cost per 1,000 impressions) (EUR)",
                                   "two currencies", []),
    "bad_dates.csv": (8, "Date", "'20251345' is not a date", []),
    "truncated_row.csv": (4, "Ad name", "the file looks cut off", []),
    "unclosed_quote.csv": (3, "Ad group name", "quoted value opened here is never closed", []),
    "broken_utf16.csv": (5, None, "lone surrogate", []),
    "cut_utf16.csv": (5, None, "ends in the middle of a character", []),
    "multi_day_rows.csv": (2, "Reporting ends", '"Day" time breakdown', []),
    "ga4_revenue_without_currency.csv": (5, "Total revenue", "--currency", []),
    "weekly_google_ads.csv": (3, "Week", "segmented by Week", []),
    "client_mismatch.csv": (3, "client", "client 'globex' but --client is 'acme'", []),
    "naive_timestamps.csv": (2, "published_at", "--timezone", []),
    "duplicate_rows.csv": (4, None, "rows 2 and 4 describe the same", []),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A workspace with good data of the same client already in it."""
    ws = Workspace(tmp_path_factory.mktemp("ws") / "ws.duckdb")
    ws.ingest(EXPORTS / "meta_en_daily.csv", client="acme")
    ws.ingest(EXPORTS / "ga4_sessions.csv", client="acme", currency="EUR")
    ws.ingest(EXPORTS / "generic_posts.csv", client="acme", timezone="Europe/Paris")
    return ws


def expected_location(path: Path, row: int | None, column: str | None) -> str:
    where = [str(path)]
    if row is not None:
        where.append(f"row {row}")
    if column is not None:
        where.append(f"column '{column}'")
    return "error: " + ", ".join(where) + ": "


def test_every_fixture_has_a_case():
    assert {p.name for p in MALFORMED.iterdir() if p.is_file()} == set(CASES)
    assert len(CASES) >= 12


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_file_is_refused_with_its_location(name, loaded, capsys):
    row, column, fragment, extra = CASES[name]
    path = MALFORMED / name
    before = loaded.counts()
    code = main(["ingest", str(path), "--client", "acme", "-w", str(loaded.path), *extra])
    captured = capsys.readouterr()
    err = captured.err
    assert code == 2, err
    assert err.startswith(expected_location(path, row, column)), err
    assert fragment in err
    assert "Fix: " in err
    assert "Traceback" not in err + captured.out
    assert len(err.strip().splitlines()) == 1
    assert loaded.counts() == before


def test_console_script_reports_the_same(loaded):
    script = Path(sys.executable).with_name("smtools")
    path = MALFORMED / "text_in_numeric.csv"
    before = loaded.counts()
    proc = subprocess.run([str(script), "ingest", str(path), "--client", "acme",
                           "-w", str(loaded.path)], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith(expected_location(path, 6, "Clicks"))
    assert "Traceback" not in proc.stderr + proc.stdout
    assert loaded.counts() == before
