"""Journeys (conversion model and removal effects) and mentions (crisis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smtools.synth.journeys import removal_effects


def test_journeys_follow_the_known_model(client_seeds) -> None:
    d = client_seeds
    j = d.tables["journeys"]
    truth = d.truth["journeys"]
    channels = d.brief.channel_names
    touches = j[j["event"] == "touch"]
    conv = j[j["event"] == "conversion"]
    assert 20_000 <= truth["users"] <= 40_000
    assert j["user_key"].nunique() == truth["users"]
    per_user = touches.groupby("user_key").size()
    assert per_user.between(1, 6).all() and len(per_user) == truth["users"]
    assert set(touches["channel"]) == set(channels)
    assert conv["channel"].isna().all() and conv["value"].gt(0).all()
    assert conv["currency"].eq(d.brief.currency).all()
    assert conv["user_key"].is_unique and len(conv) < truth["users"]   # some never convert
    last = touches.groupby("user_key")["ts"].max()
    assert (conv["ts"].to_numpy() > last[conv["user_key"]].to_numpy()).all()
    assert touches["campaign"].notna().mean() > 0.99

    # the removal effects in the truth are exact for the touch sets in the table
    counts = (touches.groupby(["user_key", "channel"]).size().unstack("channel")
              .reindex(columns=channels).fillna(0).to_numpy())
    effects = np.array([truth["touch_effect"][c] for c in channels])
    r = removal_effects(truth["p0"], counts, effects)
    assert r["expected"] == pytest.approx(truth["expected_conversions"], rel=1e-12)
    for c, value in zip(channels, r["removal_effect"], strict=True):
        assert value == pytest.approx(truth["removal_effect"][c], rel=1e-9)
        assert 0 < value < 1
    # observed conversions agree with the expectation
    sd = np.sqrt(truth["expected_conversions"])
    assert abs(len(conv) - truth["expected_conversions"]) < 5 * sd


def _windows(series: pd.Series, length: int) -> pd.Series:
    return series.rolling(length).mean().dropna()


def test_crisis_window_has_highest_volume_and_lowest_sentiment(client_seeds) -> None:
    d = client_seeds
    m = d.tables["mentions"]
    crisis = d.truth["mentions"]["crisis"]
    brand = crisis["brand"]
    assert brand == d.brief.name
    assert set(m["brand"]) == set(d.truth["mentions"]["brands"]) and m["brand"].nunique() == 3
    start, end = pd.Timestamp(crisis["start"]), pd.Timestamp(crisis["end"])
    length = (end - start).days + 1
    assert 3 <= length <= 10 and crisis["days"] == length
    assert start >= pd.Timestamp("2024-12-01") and end <= pd.Timestamp("2026-09-30")

    own = m[m["brand"] == brand]
    day = own["ts"].dt.tz_convert(d.brief.timezone).dt.tz_localize(None).dt.normalize()
    days = pd.date_range("2024-11-01", "2026-10-31")
    volume = own.groupby(day).size().reindex(days, fill_value=0).astype(float)
    sentiment = own.groupby(day)["sentiment"].sum().reindex(days, fill_value=0.0)
    in_crisis = (days >= start) & (days <= end)
    ends = pd.Series(np.arange(len(days)), index=days)
    other = _windows(volume, length)
    # windows overlapping the crisis are excluded
    overlap = (ends[other.index] >= ends[start]) & (ends[other.index] - length + 1 <= ends[end])
    assert volume[in_crisis].mean() > other[~overlap.to_numpy()].max()
    mean_sent = (sentiment.rolling(length).sum() / volume.rolling(length).sum()).dropna()
    crisis_sent = sentiment[in_crisis].sum() / volume[in_crisis].sum()
    assert crisis_sent < mean_sent[~overlap.to_numpy()].min()
    assert crisis_sent < -0.2
    assert m["sentiment"].between(-1, 1).all()
    outside = m[~m["ts"].dt.tz_convert(d.brief.timezone).dt.tz_localize(None).dt.normalize()
                .between(start, end)]
    assert 0.1 < outside["sentiment"].mean() < 0.45          # mostly mildly positive


def test_mentions_columns(client) -> None:
    m = client.tables["mentions"]
    assert m["mention_id"].is_unique
    assert m["author_key"].notna().all() and m["author_key"].nunique() < len(m)
    assert m["reach"].gt(0).all()
    assert m["text"].str.contains(client.brief.name, regex=False).mean() > 0.2
