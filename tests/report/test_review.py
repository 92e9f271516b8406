"""The whole review on the demo clients: sections, totals, JSON, charts, speed."""

from __future__ import annotations

import json
import math
import time

import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.report import SECTIONS
from smtools.report.actuals import matches

from .conftest import SLUGS


def _campaign_rows(ws: sm.Workspace, brief: sm.Brief, last: object = None) -> pd.DataFrame:
    """The campaign's performance rows, selected independently of the package."""
    c = brief.campaign
    rows = ws.table("performance", client=brief.client, start=c.start, end=last or c.end)
    return rows[(rows["campaign"] == c.name) & rows["channel"].isin(brief.channel_names)]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_section_is_present_and_readable(reviews: dict, slug: str) -> None:
    r = reviews[slug]
    assert not r.progress
    for key in SECTIONS:
        section = r.section(key)
        assert section.sentences, key
        assert all(isinstance(s, str) and s.strip() for s in section.sentences), key
        assert r.heading(key).startswith("## "), key
        assert r.html(key).strip(), key
    assert 5 <= len(r.summary()) <= 8
    assert len(r.to_frame()) == sum(getattr(r.brief.kpis, k) is not None
                                    for k in type(r.brief.kpis).model_fields)
    html = r._repr_html_()
    assert html.count("<h2>") == len(SECTIONS)


@pytest.mark.parametrize("slug", SLUGS)
def test_to_dict_is_json_safe(reviews: dict, slug: str) -> None:
    d = reviews[slug].to_dict()
    text = json.dumps(d, allow_nan=False)
    back = json.loads(text)
    assert back["client"] == slug and back["progress"] is False
    assert set(SECTIONS[1:]) <= set(back)
    assert back["summary"] == reviews[slug].summary()
    assert back["model"]["draws"] == reviews[slug].roi.draws > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_spend_totals_equal_the_performance_rows(reviews: dict, demo_ws: sm.Workspace,
                                                 slug: str) -> None:
    r = reviews[slug]
    rows = _campaign_rows(demo_ws, r.brief)
    assert len(rows) == len(r.actuals.performance)
    by = rows.groupby("channel")["spend"].sum()
    pace = r.pacing.to_frame().set_index("channel")
    assert pace.loc["total", "actual"] == pytest.approx(rows["spend"].sum(), abs=1e-6)
    for ch, spent in by.items():
        assert pace.loc[ch, "actual"] == pytest.approx(spent, abs=1e-6)
    roi = r.roi.to_frame().set_index("channel")
    assert roi["spend"].sum() == pytest.approx(rows["spend"].sum(), abs=1e-6)
    assert r.kpis.totals["spend"] == pytest.approx(rows["spend"].sum(), abs=1e-6)
    # the synth truth knows what was spent on the campaign
    truth = demo_ws.truth(slug)["campaign"]["total_spend"]
    assert rows["spend"].sum() == pytest.approx(truth, abs=0.05)


@pytest.mark.parametrize("slug", SLUGS)
def test_kpis_are_ratios_of_sums_of_the_campaign_rows(reviews: dict, demo_ws: sm.Workspace,
                                                      slug: str) -> None:
    r = reviews[slug]
    rows = _campaign_rows(demo_ws, r.brief)
    s = rows[["spend", "impressions", "clicks", "conversions", "revenue"]].sum()
    expect = {"cpm": s["spend"] / s["impressions"] * 1000, "cpc": s["spend"] / s["clicks"],
              "cpa": s["spend"] / s["conversions"], "ctr": s["clicks"] / s["impressions"],
              "roas": s["revenue"] / s["spend"]}
    frame = r.to_frame().set_index("kpi")
    for kpi, value in expect.items():
        if kpi in frame.index:
            assert frame.loc[kpi, "actual"] == pytest.approx(value, rel=1e-9), kpi
    reach = r.kpis.reach
    assert reach.lower <= reach.estimate <= reach.upper
    upper = rows["reach"].fillna(rows["impressions"]).clip(upper=rows["impressions"]).sum()
    assert reach.upper == pytest.approx(min(upper, s["impressions"]))
    if "frequency" in frame.index:
        assert frame.loc["frequency", "actual"] == pytest.approx(
            s["impressions"] / reach.estimate)


@pytest.mark.parametrize("slug", SLUGS)
def test_statuses_follow_the_rules(reviews: dict, slug: str) -> None:
    from smtools.report.kpis import AT_RISK

    for c in reviews[slug].kpis.checks:
        assert c.status in ("met", "at risk", "not met")
        ratio = c.judged / c.target if c.higher_is_better else c.target / c.judged
        expected = "met" if ratio >= 1 else (
            "at risk" if (c.judged >= (1 - AT_RISK) * c.target if c.higher_is_better
                          else c.judged <= (1 + AT_RISK) * c.target) else "not met")
        assert c.status == expected, c.kpi
        word = {"met": ("met", "atteint"), "at risk": ("at risk", "à risque"),
                "not met": ("not met", "non atteint")}[c.status]
        assert any(w in c.sentence for w in word), c.sentence


def test_channel_kpis_split_paid_owned_earned(reviews: dict, demo_ws: sm.Workspace) -> None:
    r = reviews["atelier-nova"]
    t = r.channels.to_frame()
    assert set(t["media_type"]) == {"paid", "owned", "earned"}
    paid = t[t["media_type"] == "paid"]
    assert set(paid["channel"]) == set(r.brief.channel_names)
    ok = t.dropna(subset=["rate_low"])
    assert ((ok["rate_low"] <= ok["rate"]) & (ok["rate"] <= ok["rate_high"])).all()
    earned = t[t["media_type"] == "earned"]
    mentions = r.actuals.mentions
    assert earned["items"].sum() == (mentions["brand"] == r.channels.brand).sum()
    tr = r.channels.tracking
    assert 0 < tr["tagged_share"] <= 1 and tr["paid_tagged_share"] == pytest.approx(1.0)
    assert tr["sessions"] == r.actuals.sessions["sessions"].sum()


@pytest.mark.parametrize("slug", SLUGS)
def test_recommendations_each_quote_a_figure(reviews: dict, slug: str) -> None:
    recs = reviews[slug].recommendations
    assert len(recs.items) >= 3
    for rec in recs.items:
        assert rec.has_figure and any(ch.isdigit() for ch in rec.text), rec.text
        assert math.isfinite(rec.figure)
    assert recs.to_frame()["text"].tolist() == recs.sentences


def test_budget_shift_follows_the_model(reviews: dict) -> None:
    """Atelier Nova: the model's curves move money to Pinterest, its best incremental ROAS."""
    r = reviews["atelier-nova"]
    first = r.recommendations.items[0]
    assert first.kind == "budget" and "Pinterest" in first.text
    alloc = r.roi.allocation_frame().set_index("channel")
    assert alloc["recommended"].sum() == pytest.approx(r.brief.campaign.budget, abs=0.01)
    for ch, row in alloc.iterrows():
        rule = r.brief.channels[ch]
        share = row["recommended"] / r.brief.campaign.budget
        assert rule.min_share - 1e-6 <= share <= rule.max_share + 1e-6
    roi = r.roi.to_frame().set_index("channel")
    assert roi.loc["pinterest", "roas"] == roi["roas"].max()


def test_attribution_side_by_side(reviews: dict) -> None:
    att = reviews["bistro-lumiere"].roi.attribution_frame().set_index("channel")
    assert list(att.columns) == ["last_touch", "markov", "shapley"]
    totals = att.sum()
    assert np.allclose(totals, totals.iloc[0])  # every model credits the same conversions
    journeys = reviews["bistro-lumiere"].actuals.journeys
    assert totals.iloc[0] == pytest.approx((journeys["event"] == "conversion").sum())


@pytest.mark.parametrize("slug", ["bistro-lumiere", "atelier-nova"])
def test_every_chart_is_labelled(reviews: dict, slug: str) -> None:
    r = reviews[slug]
    drawn = 0
    for key in SECTIONS:
        for ax in r.plot(key):
            drawn += 1
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel(), key
            sources = [t.get_text() for t in ax.texts if t.get_gid() == "smtools-source"]
            assert len(sources) == 1 and sources[0].startswith("Source"), key
    assert drawn >= 12
    if r.language == "fr":
        assert r.plot_pacing().get_title() == "Dépenses hebdomadaires face au plan"
        assert "Source\u00a0:" in next(t.get_text() for t in r.plot_roi().texts)


def test_review_rebuilds_the_plan_by_default(demo_ws: sm.Workspace, briefs: dict) -> None:
    brief = briefs["cloudledger"]
    t0 = time.perf_counter()
    r = sm.report.review(brief, demo_ws)
    seconds = time.perf_counter() - t0
    assert r.plan.as_of == brief.campaign.start and r.plan.method == "mmm"
    assert [line.channel for line in r.plan.lines] == r.actuals.networks
    assert seconds < 20  # about 5 s on a laptop, the plan's model included
    own = sum(v for k, v in r.seconds.items() if k != "plan")
    assert own < 10  # the review's own work: 2–4 s


def test_campaign_names_match_as_slugs() -> None:
    names = ["Fall Edit 2026", "atelier-nova_fall-edit-2026"]
    got = matches(pd.Series(["fall edit 2026", "FALL-EDIT-2026", "Fall Edit 2025",
                             "atelier-nova_fall-edit-2026", None]), names)
    assert got.tolist() == [True, True, False, True, False]
