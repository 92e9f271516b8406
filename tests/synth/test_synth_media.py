"""Paid media: the spend plan's shape, the performance table and the true media effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smtools.synth import calendar, media, outcomes
from smtools.synth.spend import weekly_spend


def _daily_spend(perf: pd.DataFrame, channels: list[str]) -> np.ndarray:
    """Daily spend per channel from the performance table, as a user would compute it."""
    wide = (perf.groupby(["date", "channel"])["spend"].sum().unstack("channel")
            .reindex(index=calendar.history_dates(), columns=channels).fillna(0.0))
    return wide.to_numpy()


def test_contributions_from_truth_reproduce_roas(client_seeds) -> None:
    d = client_seeds
    truth = d.truth["media"]
    spend = _daily_spend(d.tables["performance"], d.brief.channel_names)
    total = 0.0
    for j, ch in enumerate(d.brief.channel_names):
        t = truth["channels"][ch]
        contrib = media.channel_contribution(spend[:, j], decay=t["decay"],
                                             half_saturation=t["half_saturation"],
                                             shape=t["shape"], beta=t["beta"])
        assert spend[:, j].sum() == pytest.approx(t["spend"], rel=1e-12)
        assert contrib.sum() == pytest.approx(t["contribution"], rel=1e-9)
        assert contrib.sum() / spend[:, j].sum() == pytest.approx(t["roas"], rel=1e-9)
        window = calendar.history_dates().isin(pd.date_range(d.brief.campaign.start,
                                                             d.brief.campaign.end))
        assert contrib[window].sum() / spend[window, j].sum() == pytest.approx(
            t["campaign_roas"], rel=1e-9)
        assert media.marginal_roas(spend[:, j], decay=t["decay"],
                                   half_saturation=t["half_saturation"], shape=t["shape"],
                                   beta=t["beta"]) == pytest.approx(t["marginal_roas"], rel=1e-9)
        total += contrib.sum()
    assert total == pytest.approx(truth["total_contribution"], rel=1e-9)


def test_true_effects_in_their_ranges(client_seeds) -> None:
    channels = client_seeds.truth["media"]["channels"]
    roas = []
    for t in channels.values():
        assert 0.1 <= t["decay"] <= 0.7
        assert 0.8 <= t["shape"] <= 2.5
        assert 0.5 <= t["half_saturation"] / t["mean_adstock"] <= 2.0
        assert 0.8 <= t["roas"] <= 6.0
        assert 1.1 <= t["platform"]["reported_over_true"] <= 2.3   # platforms over-attribute
        roas.append(t["roas"])
    assert max(roas) / min(roas) > 1.3                             # channels differ
    share = client_seeds.truth["media"]["media_share"]
    assert 0.25 <= share <= 0.55


def test_revenue_is_baseline_plus_media_with_moderate_noise(client_seeds) -> None:
    d = client_seeds
    truth = d.truth
    base = outcomes.baseline(truth["baseline"])
    assert base.sum() == pytest.approx(truth["baseline"]["total"], rel=1e-12)
    spend = _daily_spend(d.tables["performance"], d.brief.channel_names)
    contrib = sum(media.channel_contribution(spend[:, j], **{
        k: truth["media"]["channels"][ch][k] for k in ("decay", "half_saturation", "shape",
                                                       "beta")})
        for j, ch in enumerate(d.brief.channel_names))
    expected = base + contrib
    out = d.tables["outcomes"]
    revenue = out.loc[out["kpi"] == "revenue"].set_index("date")["value"].to_numpy()
    cv = np.std(revenue / expected - 1)
    assert 0.06 <= cv <= 0.16
    assert truth["noise"]["sigma"] == pytest.approx(cv, abs=0.02)
    # events lift the baseline on their dates
    for event in truth["baseline"]["events"]:
        assert event["uplift"] > 0 and event["dates"]
    kpi = truth["outcomes"]["kpis"][1]
    count = out.loc[out["kpi"] == kpi, "value"].to_numpy()
    unit = truth["outcomes"]["unit_value"]
    assert count.sum() == pytest.approx(revenue.sum() / unit, rel=0.03)
    assert out.loc[out["kpi"] == "revenue", "currency"].eq(d.brief.currency).all()


def test_spend_plan_is_identifiable(client_seeds) -> None:
    d = client_seeds
    spend = _daily_spend(d.tables["performance"], d.brief.channel_names)
    weeks = weekly_spend(spend)
    corr = np.corrcoef(weeks.T)
    assert corr[~np.eye(len(corr), dtype=bool)].max() < 0.6
    assert (weeks.std(axis=0) / weeks.mean(axis=0)).min() >= 0.3
    assert (spend.sum(axis=0) / spend.sum()).min() >= 0.05


def test_campaign_window_spends_the_brief_budget(client_seeds) -> None:
    d = client_seeds
    brief = d.brief
    perf = d.tables["performance"]
    inside = perf["date"].between(pd.Timestamp(brief.campaign.start),
                                  pd.Timestamp(brief.campaign.end))
    assert (perf.loc[inside, "campaign"] == brief.campaign.name).all()
    assert (perf.loc[~inside, "campaign"] != brief.campaign.name).all()
    by = perf.loc[inside].groupby("channel")["spend"].sum()
    assert 0.95 * brief.campaign.budget <= by.sum() <= brief.campaign.budget
    for ch, rule in brief.channels.items():
        share = by[ch] / by.sum()
        assert rule.min_share <= share <= rule.max_share
        assert share == pytest.approx(d.truth["campaign"]["split"][ch], abs=0.02)


def test_performance_rows_are_realistic(client) -> None:
    perf = client.tables["performance"]
    assert (perf["media_type"] == "paid").all()
    assert perf["currency"].eq(client.brief.currency).all()
    assert (perf["reach"] <= perf["impressions"]).all()
    assert (perf["clicks"] <= perf["impressions"]).all()
    big = perf[perf["impressions"] >= 200]
    freq = big["impressions"] / big["reach"]
    assert freq.between(1.05, 2.1).all()
    assert perf["spend"].gt(0).all()
    video = perf["format"].isin(["video", "reel", "short"])
    assert perf.loc[video, "video_views"].notna().all()
    assert perf.loc[~video, "video_views"].isna().all()
    assert (perf["engagements"] >= perf["clicks"]).all()
    structure = perf.groupby("channel")["campaign"].nunique()
    assert structure.between(2, 4).all()
    groups = perf.groupby(["channel", "campaign"])["ad_group"].nunique()
    creatives = perf.groupby(["channel", "campaign", "ad_group"])["creative"].nunique()
    assert groups.between(1, 2).all() and creatives.between(1, 2).all()
    search = perf["channel"] == "google_search"
    if search.any():
        assert (perf.loc[search, "format"] == "text").all()
    # platform revenue over-attributes the true contribution
    for ch, t in client.truth["media"]["channels"].items():
        reported = perf.loc[perf["channel"] == ch, "revenue"].sum()
        assert reported == pytest.approx(t["platform"]["reported_revenue"])
        assert reported > t["contribution"]
