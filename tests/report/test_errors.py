"""Bad input: clear errors naming what is missing, where, and how to fix it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import smtools as sm


def test_no_performance_rows_in_the_window(demo_ws: sm.Workspace, briefs: dict,
                                           plans: dict) -> None:
    brief = briefs["cloudledger"]
    data = brief.model_dump()
    data["campaign"].update(start=dt.date(2027, 3, 1), end=dt.date(2027, 4, 25))
    later = sm.Brief.model_validate(data)
    with pytest.raises(sm.DataError) as err:
        sm.report.review(later, demo_ws, plan=plans["cloudledger"])
    text = str(err.value)
    assert "no performance rows" in text and "2027-03-01" in text and "2027-04-25" in text
    assert "Fix:" in text and "ingest" in text


def test_no_row_of_the_campaign(demo_ws: sm.Workspace, briefs: dict, plans: dict) -> None:
    brief = briefs["atelier-nova"]
    data = brief.model_dump()
    data["campaign"]["name"] = "Winter Drop 2026"
    other = sm.Brief.model_validate(data)
    plan = plans["atelier-nova"]
    for line in plan.lines:  # the plan's tags must not match either
        assert "winter" not in line.utm["utm_campaign"]
    with pytest.raises(sm.DataError) as err:
        sm.report.review(other, demo_ws, plan=_retag(plan, other))
    text = str(err.value)
    assert "belong to the campaign" in text and "'Fall Edit 2026'" in text
    assert "Winter Drop 2026" in text


def _retag(plan: sm.plan.MediaPlan, brief: sm.Brief) -> sm.plan.MediaPlan:
    import copy

    from smtools.plan import tracking

    out = copy.deepcopy(plan)
    out.brief = brief
    for line in out.lines:
        line.utm = tracking.utm(brief.client, brief.campaign.name, line.line_id, line.channel,
                                line.format)
    return out


def test_a_plan_for_another_client(demo_ws: sm.Workspace, briefs: dict, plans: dict) -> None:
    with pytest.raises(sm.DataError, match="the plan is for client 'atelier-nova'"):
        sm.report.review(briefs["cloudledger"], demo_ws, plan=plans["atelier-nova"])


def test_as_of_that_is_not_a_date(demo_ws: sm.Workspace, briefs: dict, plans: dict) -> None:
    with pytest.raises(sm.DataError, match="as_of='next week' is not a date"):
        sm.report.review(briefs["cloudledger"], demo_ws, plan=plans["cloudledger"],
                         as_of="next week")


def test_unknown_section(reviews: dict) -> None:
    with pytest.raises(sm.DataError, match="no section 'costs'"):
        reviews["cloudledger"].heading("costs")


def test_ad_data_alone_still_gives_a_review(demo_ws: sm.Workspace, briefs: dict,
                                             tmp_path) -> None:
    """Without posts, mentions, journeys, sessions, followers or business results, every
    section still reads, saying what is missing; the model's absence is explained."""
    ws = sm.Workspace(tmp_path / "ads-only.duckdb")
    ws.upsert("performance", demo_ws.table("performance", client="cloudledger"))
    brief = briefs["cloudledger"]
    plan = sm.plan.build(brief, ws, use_mmm=False)
    r = sm.report.review(brief, ws, plan=plan)
    for key in sm.report.SECTIONS:
        assert r.section(key).sentences, key
    assert r.roi.model is None and r.roi.allocation is None
    assert any("outcomes table has no revenue" in n for n in r.roi.notes)
    assert r.content.sentences[0].startswith("No organic post")
    assert r.reputation.sentences[0].startswith("No mention of CloudLedger")
    assert r.plot("content") == [] and len(r.plot("roi")) == 1  # platform ROAS only
    assert all(rec.has_figure for rec in r.recommendations.items)
    json.dumps(r.to_dict(), allow_nan=False)
