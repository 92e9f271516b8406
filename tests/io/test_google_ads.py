"""Google Ads UI reports: title lines, --, thousands, percentages, totals, UTF-16 Excel CSV."""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from smtools import io
from smtools.errors import DataError


def test_csv_report(exports):
    export = io.read(exports / "google_ads_campaigns.csv", client="acme")
    f = export.frame
    assert export.source == "google_ads"
    assert len(f) == 6
    assert export.notes == ["skipped 2 title line(s) above the header (line 3)",
                            "dropped 4 total rows (lines 10, 11, 12 and 13)"]
    assert f["impressions"].tolist() == [1240, 12400, 8050, 1310, 11900, 7800]  # "1,240"
    assert f["clicks"].sum() == 295
    assert f["spend"].sum() == pytest.approx(157.43)
    assert f["conversions"].sum() == 10 and f["conversions"].isna().sum() == 2  # "--"
    assert f["revenue"].sum() == pytest.approx(775.0)
    assert set(f["currency"]) == {"EUR"}
    assert dict(zip(f["campaign"], f["channel"], strict=False)) == {
        "Brand - Search": "google_search", "Remarketing": "google_display",
        "Product demo": "youtube"}
    assert f.loc[f["channel"] == "google_search", "format"].unique().tolist() == ["search"]
    assert f["date"].min() == pd.Timestamp("2025-01-01")
    assert f["date"].max() == pd.Timestamp("2025-01-02")


def test_utf16_excel_csv_reads_like_the_csv(exports):
    csv_export = io.read(exports / "google_ads_campaigns.csv", client="acme")
    excel = io.read(exports / "google_ads_excel.csv", client="acme")
    assert excel.notes[0] == "read as UTF-16 LE"
    assert excel.notes[1:] == csv_export.notes
    pd.testing.assert_frame_equal(excel.frame, csv_export.frame)


def test_utf16_big_endian(exports, tmp_path):
    text = (exports / "google_ads_excel.csv").read_bytes()[2:].decode("utf-16-le")
    path = tmp_path / "be.csv"
    path.write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    export = io.read(path, client="acme")
    assert export.notes[0] == "read as UTF-16 BE"
    assert export.frame["spend"].sum() == pytest.approx(157.43)


def test_without_campaign_type_everything_is_search(write):
    path = write("g.csv", """
        Day,Campaign,Impr.,Clicks,Cost,Currency code
        2025-01-01,Brand,100,10,5.00,USD
    """)
    f = io.read(path, client="acme").frame
    assert f["channel"].tolist() == ["google_search"] and f["format"].tolist() == ["search"]


def test_currency_from_the_argument_when_the_report_has_none(write):
    path = write("g.csv", """
        Day,Campaign,Impr.,Clicks,Avg. CPC,Cost
        2025-01-01,Brand,"1,000",10,123.45,"1,234.50"
    """)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme")
    assert err.value.column == "Cost" and "--currency" in str(err.value)
    f = io.read(path, client="acme", currency="EUR").frame
    assert f["spend"].tolist() == [1234.5] and f["currency"].tolist() == ["EUR"]


def test_currency_argument_against_the_currency_column(exports):
    with pytest.raises(DataError) as err:
        io.read(exports / "google_ads_campaigns.csv", client="acme", currency="USD")
    assert (err.value.row, err.value.column) == (4, "Currency code")


def test_explicit_source(exports):
    export = io.read(exports / "google_ads_campaigns.csv", client="acme", source="google_ads")
    assert len(export.frame) == 6
    with pytest.raises(DataError) as err:
        io.read(exports / "google_ads_campaigns.csv", client="acme", source="tiktok")
    assert "not a TikTok Ads Manager export" in str(err.value)
    assert err.value.column == "By Day"
