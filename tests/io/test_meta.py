"""Meta Ads Manager exports: en / fr / es, totals row, breakdowns, result indicators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smtools import io
from smtools.errors import DataError


def test_english_daily_export_drops_totals_row(exports):
    export = io.read(exports / "meta_en_daily.csv", client="acme")
    f = export.frame
    assert export.source == "meta" and export.table == "performance"
    assert len(f) == 6
    assert "dropped the totals row (line 2)" in export.notes
    assert f["spend"].sum() == pytest.approx(227.00)
    assert f["impressions"].sum() == 31500
    assert f["clicks"].sum() == 282
    assert set(f["currency"]) == {"USD"}
    assert set(f["channel"]) == {"facebook"}
    assert set(f["media_type"]) == {"paid"}
    assert sorted(f["date"].dt.strftime("%Y-%m-%d").unique()) == [
        "2025-01-01", "2025-01-02", "2025-01-03"]
    assert set(f["client"]) == {"acme"}
    # ad set -> ad_group, ad -> creative; a comma inside a quoted name survives
    assert set(f["ad_group"]) == {"Lookalike 1%", "Broad FR, 25-54"}
    assert set(f["creative"]) == {"Carousel A", "Video 15s"}


def test_results_count_as_conversions_only_for_conversion_indicators(exports):
    f = io.read(exports / "meta_en_daily.csv", client="acme").frame
    sale = f[f["campaign"] == "Spring Sale"]
    awareness = f[f["campaign"] == "Brand Awareness"]
    assert sale["conversions"].tolist() == [3.0, 2.0, 4.0]
    assert sale["revenue"].sum() == pytest.approx(680.50)
    # Results of a reach campaign are people reached, not conversions
    assert awareness["conversions"].isna().all()
    assert set(sale["objective"]) == {"sales"} and set(awareness["objective"]) == {"awareness"}


def test_platform_and_placement_breakdown_is_added_up(exports):
    export = io.read(exports / "meta_en_platform.csv", client="acme")
    f = export.frame.set_index([export.frame["date"].dt.strftime("%m-%d"), "channel"])
    assert len(f) == 6
    assert any("added up 10 rows broken down by Placement into 6 rows" in n
               for n in export.notes)
    assert f.loc[("02-03", "facebook"), "impressions"] == 2800
    assert f.loc[("02-03", "instagram"), "spend"] == pytest.approx(40.0)
    assert f.loc[("02-04", "messenger"), "clicks"] == 2
    # reach is not additive: empty where placements were added, kept where one row made it
    assert np.isnan(f.loc[("02-03", "facebook"), "reach"])
    assert f.loc[("02-03", "audience_network"), "reach"] == 900
    assert export.frame["spend"].sum() == pytest.approx(133.5)
    assert export.frame["video_views"].sum() == 3460  # ThruPlays
    assert export.frame["engagements"].sum() == 490   # Post engagements
    assert set(export.frame["currency"]) == {"EUR"}


def test_french_export_with_decimal_comma_and_narrow_spaces(exports):
    export = io.read(exports / "meta_fr.csv", client="acme")
    f = export.frame
    assert len(f) == 4
    assert "numbers use a decimal comma (1.234,56)" in export.notes
    assert f["spend"].sum() == pytest.approx(210.00)
    assert f["impressions"].sum() == 12050      # "2 400" with a narrow no-break space
    assert f["reach"].tolist() == [1850, 2900, 1700, 3050]
    assert f["conversions"].sum() == 16
    assert f["revenue"].sum() == pytest.approx(1267.75)
    assert set(f["channel"]) == {"facebook", "instagram"}
    assert set(f["currency"]) == {"EUR"}
    assert set(f["objective"]) == {"sales"}
    assert set(f["ad_group"]) == {"Similaires 1 %"}


def test_spanish_export_semicolons_day_first_dates_and_totals(exports):
    export = io.read(exports / "meta_es.csv", client="acme")
    f = export.frame
    assert len(f) == 3
    assert "dropped the totals row (line 2)" in export.notes
    # 05/01/2025 is the 5th of January in a Spanish export
    assert f["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-05", "2025-01-06",
                                                           "2025-01-07"]
    assert f["spend"].tolist() == [512.25, 498.00, 555.50]
    assert f["impressions"].tolist() == [7000, 6900, 7400]
    # no link-click column: the Results of a link_click indicator are the clicks
    assert f["clicks"].tolist() == [310, 290, 335]
    # Results are not conversions here; the Compras column is
    assert f["conversions"].isna().tolist() == [True, True, False]
    assert f["conversions"].iloc[2] == 1
    assert set(f["channel"]) == {"facebook"} and set(f["objective"]) == {"traffic"}


def test_result_indicators(write):
    header = ("Reporting starts,Reporting ends,Campaign name,Result indicator,Results,"
              "Impressions,Amount spent (GBP)")
    path = write("m.csv", header + """
        2025-01-01,2025-01-01,Leads,actions:onsite_conversion.lead_grouped,4,1000,10
        2025-01-01,2025-01-01,Traffic,actions:link_click,30,1000,10
        2025-01-01,2025-01-01,Carts,actions:offsite_conversion.fb_pixel_add_to_cart,7,1000,10
        2025-01-01,2025-01-01,Video,video_thruplay_watched_actions,300,1000,10
        2025-01-01,2025-01-01,Engage,actions:post_engagement,55,1000,10
    """)
    f = io.read(path, client="acme").frame.set_index("campaign")
    assert f.loc["Leads", "conversions"] == 4
    assert np.isnan(f.loc["Carts", "conversions"])  # a step before the conversion
    assert f.loc["Traffic", "clicks"] == 30 and np.isnan(f.loc["Leads", "clicks"])
    assert f.loc["Video", "video_views"] == 300
    assert f.loc["Engage", "engagements"] == 55
    assert set(f["currency"]) == {"GBP"}


def test_currency_argument_that_contradicts_the_headers_is_an_error(exports):
    with pytest.raises(DataError) as err:
        io.read(exports / "meta_en_daily.csv", client="acme", currency="EUR")
    assert err.value.row == 1 and err.value.column == "Amount spent (USD)"
    assert "USD" in str(err.value) and "--currency" in str(err.value)
    # the same currency, in lower case, is fine
    assert set(io.read(exports / "meta_en_daily.csv", client="acme",
                       currency="usd").frame["currency"]) == {"USD"}


def test_no_platform_column_means_facebook_and_empty_names_elsewhere_are_errors(write):
    path = write("m.csv", """
        Reporting starts,Reporting ends,Campaign name,Impressions,Amount spent (EUR)
        2025-01-01,2025-01-01,A,100,1
        2025-01-02,2025-01-02,,100,1
    """)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme")
    assert (err.value.row, err.value.column) == (3, "Campaign name")


def test_export_without_currency_needs_the_argument(write):
    path = write("m.csv", """
        Reporting starts,Reporting ends,Campaign name,Impressions,Amount spent
        2025-01-01,2025-01-01,A,100,1.5
    """)
    with pytest.raises(DataError, match="--currency"):
        io.read(path, client="acme")
    f = io.read(path, client="acme", currency="CHF").frame
    assert f["currency"].tolist() == ["CHF"] and f["spend"].tolist() == [1.5]
    assert isinstance(f, pd.DataFrame)
