"""Exports into the workspace: re-ingest is a no-op, overlapping exports replace rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smtools.cli import main


def meta_export(path: Path, start: str, days: int, spend: float) -> Path:
    """A daily Meta export of two ads, ``spend`` per ad and day (plus a totals row)."""
    dates = pd.date_range(start, periods=days).strftime("%Y-%m-%d")
    rows = ["Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,"
            "Impressions,Reach,Link clicks,Amount spent (EUR)",
            f"{dates[0]},{dates[-1]},,,,{2000 * days},900,{20 * days},{2 * spend * days:.2f}"]
    for d in dates:
        for ad in ("Ad A", "Ad B"):
            rows.append(f"{d},{d},Always on,Broad,{ad},1000,500,10,{spend:.2f}")
    path.write_text("\n".join(rows) + "\n")
    return path


def test_ingest_then_reingest_is_a_no_op(ws, exports):
    first = ws.ingest(exports / "meta_en_daily.csv", client="acme")
    assert (first.rows, first.source, first.table) == (6, "meta", "performance")
    assert first.notes == ["dropped the totals row (line 2)"]
    again = ws.ingest(exports / "meta_en_daily.csv", client="acme")
    assert again.skipped and again.rows == 0
    assert ws.counts("acme")["performance"] == 6


def test_overlapping_export_replaces_rows_instead_of_double_counting(ws, tmp_path):
    early = ws.ingest(meta_export(tmp_path / "jan01-10.csv", "2025-01-01", 10, 5.0),
                      client="acme")
    late = ws.ingest(meta_export(tmp_path / "jan06-15.csv", "2025-01-06", 10, 7.0),
                     client="acme")
    assert (early.rows, early.replaced) == (20, 0)
    assert (late.rows, late.replaced) == (20, 10)       # Jan 6-10, two ads
    perf = ws.table("performance", client="acme")
    assert len(perf) == 30                               # 15 days x 2 ads
    assert perf["date"].nunique() == 15
    assert not perf.duplicated(["date", "channel", "campaign", "ad_group", "creative"]).any()
    # Jan 1-5 from the first export, Jan 6-15 from the second (newer figures win)
    assert perf["spend"].sum() == pytest.approx(2 * (5 * 5.0 + 10 * 7.0))
    by_day = perf.groupby("date")["spend"].sum()
    assert by_day.loc["2025-01-05"] == pytest.approx(10.0)
    assert by_day.loc["2025-01-06"] == pytest.approx(14.0)
    assert perf["impressions"].sum() == 30_000


def test_cli_ingest_prints_rows_and_notes(tmp_path, exports, capsys):
    code = main(["ingest", str(exports / "google_ads_excel.csv"), "--client", "acme",
                 "-w", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code == 0
    assert "6 performance rows for acme [google_ads]" in out
    assert "note: read as UTF-16 LE" in out
    assert "note: dropped 4 total rows (lines 10, 11, 12 and 13)" in out


def test_cli_ingest_with_mapping_timezone_and_currency(tmp_path, exports, capsys):
    ws_path = str(tmp_path / "w.duckdb")
    assert main(["ingest", str(exports / "generic_orders.csv"), "--client", "acme",
                 "--mapping", str(exports / "generic_orders.yaml"), "-w", ws_path]) == 0
    assert main(["ingest", str(exports / "generic_posts.csv"), "--client", "acme",
                 "--timezone", "Europe/Paris", "-w", ws_path]) == 0
    assert main(["ingest", str(exports / "ga4_sessions.csv"), "--client", "acme",
                 "--currency", "EUR", "--source", "ga4", "-w", ws_path]) == 0
    from smtools import Workspace

    counts = Workspace(ws_path).counts("acme")
    assert (counts["outcomes"], counts["posts"], counts["sessions"]) == (5, 3, 11)
    posts = Workspace(ws_path).table("posts", client="acme")
    assert str(posts["published_at"].dt.tz) == "UTC"
    assert np.all(posts["published_at"].notna())
