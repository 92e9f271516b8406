"""TikTok Ads Manager exports."""

from __future__ import annotations

import pytest

from smtools import io


def test_export_with_total_row(exports):
    export = io.read(exports / "tiktok_ads.csv", client="acme")
    f = export.frame
    assert export.source == "tiktok"
    assert export.notes == ["dropped the total row (line 6)"]
    assert len(f) == 4
    assert f["spend"].sum() == pytest.approx(128.0)
    assert f["impressions"].sum() == 43200
    assert f["reach"].tolist() == [9000, 7600, 9400, 7300]
    assert f["clicks"].sum() == 508
    assert f["conversions"].sum() == 16 and f["conversions"].isna().sum() == 1  # "-"
    assert f["video_views"].sum() == 14900
    assert f["engagements"].sum() == 305  # paid likes + comments + shares
    assert set(f["channel"]) == {"tiktok"} and set(f["currency"]) == {"EUR"}
    assert set(f["objective"]) == {"traffic"} and set(f["format"]) == {"video"}
    assert f["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-01-13", "2025-01-14"]


def test_date_column_named_date_and_cp1252_file(tmp_path):
    text = ("Date,Campaign name,Ad name,Cost,Impressions,Currency\r\n"
            "2025-01-13,Soldes d'été,Accroche é,12.5,1000,EUR\r\n")
    path = tmp_path / "tt.csv"
    path.write_bytes(text.encode("cp1252"))
    export = io.read(path, client="acme")
    assert export.notes == ["not valid UTF-8: read as Windows-1252 (check accented letters)"]
    assert export.frame["campaign"].tolist() == ["Soldes d'été"]
    assert export.frame["creative"].tolist() == ["Accroche é"]
