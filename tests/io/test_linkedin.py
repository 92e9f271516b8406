"""LinkedIn Campaign Manager exports."""

from __future__ import annotations

import pytest

from smtools import io
from smtools.errors import DataError


def test_campaign_performance_export(exports):
    export = io.read(exports / "linkedin_campaigns.csv", client="acme")
    f = export.frame
    assert export.source == "linkedin"
    assert export.notes == ["skipped 5 title line(s) above the header (line 6)"]
    assert len(f) == 6
    # month/day/year dates
    assert f["date"].dt.strftime("%Y-%m-%d").unique().tolist() == [
        "2025-01-01", "2025-01-02", "2025-01-03"]
    # campaign groups are campaigns, LinkedIn campaigns are ad groups
    assert set(f["campaign"]) == {"Q1 Lead Gen"}
    assert set(f["ad_group"]) == {"Decision makers FR", "IT managers DE"}
    assert f["spend"].sum() == pytest.approx(657.0)
    assert f["impressions"].sum() == 28650
    assert f["clicks"].sum() == 193
    assert f["engagements"].sum() == 301
    assert f["conversions"].sum() == 21  # conversions + lead form submissions
    assert set(f["channel"]) == {"linkedin"} and set(f["currency"]) == {"EUR"}
    assert set(f["objective"]) == {"leads"}


def test_without_campaign_groups(write):
    header = ("Start Date (in UTC),Campaign Name,Currency,Total Spent,Impressions,Clicks,"
              "Reactions,Comments,Shares")
    path = write("li.csv", header + "\n1/13/2025,Decision makers FR,EUR,10.5,1000,12,3,1,1")
    f = io.read(path, client="acme").frame
    assert f["campaign"].tolist() == ["Decision makers FR"]
    assert f["ad_group"].isna().all()
    assert f["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-13"]
    # no Total Engagements column: reactions + comments + shares + clicks
    assert f["engagements"].tolist() == [17]


def test_row_spanning_several_days_is_refused(write):
    path = write("li.csv", """
        Start Date (in UTC),End Date (in UTC),Campaign Name,Currency,Total Spent,Impressions
        1/1/2025,1/31/2025,Always on,EUR,300,30000
    """)
    with pytest.raises(DataError) as err:
        io.read(path, client="acme")
    assert err.value.row == 2 and err.value.column == "End Date (in UTC)"
    assert "Daily" in str(err.value)
