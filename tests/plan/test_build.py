"""Building a media plan: split, bounds, forecast arithmetic, targets, tracking, language."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import smtools as sm
from smtools.plan import flighting, narrative
from smtools.plan.build import MIN_MMM_WEEKS
from smtools.plan.model import MediaPlan


@pytest.fixture(scope="module")
def plans(demo: dict) -> dict[str, MediaPlan]:
    """Every demo client's plan with the marketing-mix split (their default)."""
    ws = sm.Workspace(demo["workspace"])
    return {slug: sm.plan.build(sm.brief.load(slug, demo["clients_dir"]), ws)
            for slug in demo["slugs"]}


def test_demo_plans_use_the_model_and_spend_the_budget_exactly(plans: dict) -> None:
    for plan in plans.values():
        brief = plan.brief
        assert plan.method == "mmm" and plan.history_weeks >= MIN_MMM_WEEKS
        assert sum(round(line.budget * 100) for line in plan.lines) == round(
            brief.campaign.budget * 100)
        for line in plan.lines:
            rule = brief.channels[line.channel]
            assert rule.min_share - 1e-6 <= line.share <= rule.max_share + 1e-6
        weekly = plan.weekly.groupby("channel")["budget"].sum()
        for line in plan.lines:
            assert round(weekly[line.channel] * 100) == round(line.budget * 100)


def test_forecast_arithmetic_and_ranges(plans: dict) -> None:
    for plan in plans.values():
        for line in plan.lines:
            # impressions = budget / CPM × 1000; the pessimistic end uses the highest CPM
            assert line.impressions.mid == pytest.approx(line.budget / line.cpm.mid * 1000)
            assert line.impressions.low == pytest.approx(line.budget / line.cpm.high * 1000)
            assert line.clicks.mid == pytest.approx(line.impressions.mid * line.ctr.mid)
            assert line.conversions.mid == pytest.approx(line.clicks.mid * line.cvr.mid)
            for r in (line.impressions, line.clicks, line.conversions, line.reach):
                assert r.low <= r.mid <= r.high
            assert line.reach.mid <= line.impressions.mid
            assert line.frequency.mid == pytest.approx(line.impressions.mid / line.reach.mid)
        t = plan.totals
        assert t["impressions"].mid == pytest.approx(sum(x.impressions.mid for x in plan.lines))
        # deduplicated reach: at least the largest network's, at most the sum
        assert max(x.reach.mid for x in plan.lines) <= t["reach"].mid <= sum(
            x.reach.mid for x in plan.lines)
        assert 0 < t["reach_share"].mid < 1
        assert t["reach_3plus"].mid < t["reach"].mid


def test_benchmarks_split_follows_scores_within_bounds(demo: dict) -> None:
    ws = sm.Workspace(demo["workspace"])
    brief = sm.brief.load("atelier-nova", demo["clients_dir"])
    plan = sm.plan.build(brief, ws, use_mmm=False)
    assert plan.method == "benchmarks"
    assert "fewer than 26" not in plan.method_note  # it has the history, the model was refused
    shares = {line.channel: line.share for line in plan.lines}
    scores = {s.channel: s.score for s in plan.scores}
    free = [c for c in shares if brief.channels[c].min_share < shares[c] < brief.channels[
        c].max_share]
    for a in free:  # unconstrained networks get shares in proportion to their scores
        for b in free:
            assert shares[a] / shares[b] == pytest.approx(scores[a] / scores[b], rel=0.02)


def test_a_client_without_history_gets_a_benchmark_plan(demo: dict, tmp_path) -> None:
    ws = sm.Workspace(tmp_path / "empty.duckdb")
    brief = sm.brief.load("cloudledger", demo["clients_dir"])
    plan = sm.plan.build(brief, ws)
    assert plan.method == "benchmarks" and plan.history_weeks == 0
    assert "0 weeks of paid history" in plan.method_note
    assert all(line.basis == "benchmarks" for line in plan.lines)
    assert plan.calendar.empty
    names = set(plan.assumptions["name"])
    assert "USD → GBP" in names


def test_targets_statuses_follow_the_ranges(plans: dict) -> None:
    for plan in plans.values():
        for check in plan.targets:
            r = check.forecast
            if not math.isfinite(r.mid):
                assert check.status == "unknown"
                continue
            worst = r.low if check.higher_is_better else r.high
            def ok(v, c=check):
                return (v >= c.target if c.higher_is_better else v <= c.target)
            expected = "met" if ok(worst) else ("at risk" if ok(r.mid) else "not met")
            assert check.status == expected, check
            if check.status == "not met":
                assert check.message in plan.warnings


def test_tracking_follows_the_naming_convention(plans: dict) -> None:
    for plan in plans.values():
        campaign = plan.lines[0].utm["utm_campaign"]
        assert campaign == f"{plan.brief.client}_{sm.plan.tracking.slug(plan.brief.campaign.name)}"
        ids = [line.utm["utm_content"] for line in plan.lines]
        assert len(set(ids)) == len(ids)
        for line in plan.lines:
            for value in line.utm.values():
                assert re.fullmatch(r"[a-z0-9_-]+", value), value
            medium = line.utm["utm_medium"]
            assert medium == {"google_search": "cpc", "youtube": "paid_video"}.get(
                line.channel, "paid_social")


def test_calendar_is_in_the_clients_time_zone(plans: dict) -> None:
    plan = plans["atelier-nova"]
    cal = plan.calendar
    assert not cal.empty
    assert str(cal["published_at"].dt.tz) == plan.brief.timezone
    best = plan.situation["best_times"].recommendations
    for _, row in cal.iterrows():
        assert row["published_at"].hour == row["hour"]
        allowed = best[best["channel"] == row["channel"]]
        assert (row["weekday"], row["hour"]) in set(
            zip(allowed["weekday_index"], allowed["hour"], strict=True))
    days = pd.to_datetime(cal["date"])
    assert days.min() >= pd.Timestamp(plan.brief.campaign.start)
    assert days.max() <= pd.Timestamp(plan.brief.campaign.end)


def test_plan_reads_in_the_briefs_language(plans: dict) -> None:
    fr = narrative.summary(plans["bistro-lumiere"])
    assert fr.startswith("## Synthèse")
    assert "\u202f" in fr and "\u00a0€" in fr  # 6 000 € written the French way
    assert "Méthode" in fr
    en = narrative.summary(plans["cloudledger"])
    assert en.startswith("## Summary") and "£" in en
    assert "Réseau" in narrative.budget_table(plans["bistro-lumiere"]).columns
    assert "Network" in narrative.budget_table(plans["atelier-nova"]).columns
    assert narrative.assumptions_table(plans["bistro-lumiere"]).columns[0] == "Hypothèse"


def test_names_from_the_brief_are_escaped(demo: dict, tmp_path) -> None:
    brief = sm.brief.load("cloudledger", demo["clients_dir"]).model_copy(update={
        "campaign": sm.brief.load("cloudledger", demo["clients_dir"]).campaign.model_copy(
            update={"name": '<script>alert("x")</script> & _Q4_'})})
    plan = sm.plan.build(brief, sm.Workspace(demo["workspace"]), use_mmm=False)
    text = narrative.summary(plan)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\_Q4\\_" in text  # Markdown emphasis cannot be injected either
    for line in plan.lines:
        assert re.fullmatch(r"[a-z0-9_-]+", line.utm["utm_campaign"])


def test_bad_inputs(demo: dict) -> None:
    ws = sm.Workspace(demo["workspace"])
    brief = sm.brief.load("bistro-lumiere", demo["clients_dir"])
    with pytest.raises(sm.DataError, match="after the campaign's end"):
        sm.plan.build(brief, ws, as_of="2030-01-01")
    with pytest.raises(sm.DataError, match="unknown flighting pattern"):
        sm.plan.build(brief, ws, pattern="zigzag", use_mmm=False)
    with pytest.raises(sm.DataError, match="history is in EUR but the brief in USD"):
        sm.plan.build(brief.model_copy(update={"currency": "USD"}), ws, use_mmm=False)


def test_flighting_patterns_add_up() -> None:
    for pattern in flighting.PATTERNS:
        f = flighting.weekly_budget({"a": 1000.01, "b": 333.33}, start="2026-09-16",
                                   end="2026-10-29", pattern=pattern)
        totals = f.groupby("channel")["budget"].sum().round(2).to_dict()
        assert totals == {"a": 1000.01, "b": 333.33}
        assert f["days"].sum() == 2 * 44


def test_forecast_chart_draws_each_network_with_its_range(plans: dict) -> None:
    import matplotlib.pyplot as plt

    for plan in plans.values():
        ax = plan.plot_forecast("conversions")
        heights = [p.get_height() for p in ax.patches]
        assert heights == pytest.approx([line.conversions.mid for line in plan.lines])
        whiskers = ax.collections[0].get_segments()
        assert [v for s in whiskers for v in (s[0][1], s[1][1])] == pytest.approx(
            [v for line in plan.lines for v in (line.conversions.low, line.conversions.high)])
        assert ax.get_title() and ax.get_ylabel() and ax.get_xlabel()
        plt.close(ax.figure)
    with pytest.raises(ValueError, match="metric must be one of"):
        next(iter(plans.values())).plot_forecast("likes")


def test_the_same_inputs_give_a_copy_of_the_same_plan(demo: dict, tmp_path) -> None:
    """A process keeps the plans it built: same brief, workspace file and arguments give a
    copy (a review rebuilds its plan); any change to the workspace is a new plan."""
    import shutil

    from smtools._shared import content_key

    path = tmp_path / "ws.duckdb"
    shutil.copy(demo["workspace"], path)
    ws = sm.Workspace(path)
    slug = demo["slugs"][0]
    brief = sm.brief.load(slug, demo["clients_dir"])
    first = sm.plan.build(brief, ws)
    again = sm.plan.build(brief, ws, as_of=brief.campaign.start)  # the same day, spelt out
    assert again is not first
    pd.testing.assert_frame_equal(again.to_frame(), first.to_frame())
    again.lines.clear()  # a copy: changing it changes nothing kept
    assert len(sm.plan.build(brief, ws).lines) == len(first.lines)
    assert not sm.plan.build(brief, ws, pattern="front").weekly.equals(first.weekly)

    key = content_key(brief, ws, as_of=pd.Timestamp(brief.campaign.start), pattern="even",
                      seed=0, use_mmm=None)
    perf = ws.table("performance", client=slug)
    ws.upsert("performance", perf.assign(spend=perf["spend"] * 2), source="test: doubled")
    assert content_key(brief, ws, as_of=pd.Timestamp(brief.campaign.start), pattern="even",
                       seed=0, use_mmm=None) != key
    changed = sm.plan.build(brief, ws)  # costs per impression doubled: fewer impressions
    assert changed.totals["impressions"].mid < 0.75 * first.totals["impressions"].mid
