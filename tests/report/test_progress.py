"""A report made mid-campaign reads actuals up to the day before and says it is a progress
report."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import smtools as sm

AS_OF = dt.date(2026, 10, 1)  # Bistro Lumière's campaign runs 14 September – 25 October


@pytest.fixture(scope="module")
def progress(demo_ws: sm.Workspace, briefs: dict, plans: dict) -> sm.report.CampaignReview:
    return sm.report.review(briefs["bistro-lumiere"], demo_ws, plan=plans["bistro-lumiere"],
                            as_of=AS_OF.isoformat(), language="en")


def test_it_says_it_is_a_progress_report(progress: sm.report.CampaignReview) -> None:
    assert progress.progress and progress.as_of == AS_OF
    assert progress.actuals.last == AS_OF - dt.timedelta(days=1)
    assert progress.summary()[0].startswith("This is a progress report")
    assert "after 17 of its 42 days" in progress.summary()[0]
    assert progress.pacing.sentences[0].startswith("After 17 of 42 days")
    assert progress.to_dict()["progress"] is True


def test_only_days_before_as_of_are_read(progress: sm.report.CampaignReview,
                                         demo_ws: sm.Workspace) -> None:
    a = progress.actuals
    assert a.performance["date"].max().date() == AS_OF - dt.timedelta(days=1)
    c = progress.brief.campaign
    rows = demo_ws.table("performance", client="bistro-lumiere", start=c.start,
                         end=AS_OF - dt.timedelta(days=1))
    rows = rows[rows["campaign"] == c.name]
    assert progress.pacing.total["actual"] == pytest.approx(rows["spend"].sum())
    tz = progress.brief.timezone
    assert (a.posts["published_at"].dt.tz_convert(tz).dt.date < AS_OF).all()
    assert (a.mentions["ts"].dt.tz_convert(tz).dt.date < AS_OF).all()
    assert progress.roi.weeks[-1].date() + dt.timedelta(days=6) < AS_OF  # complete weeks


def test_planned_to_date_prorates_the_weeks(progress: sm.report.CampaignReview) -> None:
    w = progress.plan.weekly
    read = []
    for r in w.itertuples():
        first = max(pd.Timestamp(r.first_day).date(), progress.actuals.first)
        last = min(pd.Timestamp(r.last_day).date(), progress.actuals.last)
        read.append(max((last - first).days + 1, 0) / r.days * r.budget)
    assert progress.pacing.total["planned"] == pytest.approx(sum(read))
    assert progress.pacing.total["planned"] < progress.plan.budget * 0.5


def test_counts_are_projected_to_the_end(progress: sm.report.CampaignReview) -> None:
    share = progress.actuals.days / progress.actuals.campaign_days
    for c in progress.kpis.checks:
        if c.kpi in ("impressions", "clicks", "conversions"):
            assert c.projected and c.judged == pytest.approx(c.actual / share)
        if c.kpi == "reach":
            assert c.projected and c.judged > c.actual and "projected" in c.sentence
        if c.kpi in ("cpm", "cpc", "cpa", "ctr", "roas"):
            assert not c.projected and c.judged == c.actual


def test_as_of_must_be_after_the_start(demo_ws: sm.Workspace, briefs: dict,
                                       plans: dict) -> None:
    with pytest.raises(sm.DataError, match="not after the campaign's first day"):
        sm.report.review(briefs["bistro-lumiere"], demo_ws, plan=plans["bistro-lumiere"],
                         as_of="2026-09-14")
