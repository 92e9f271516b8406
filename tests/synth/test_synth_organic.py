"""Organic posts and the follower audience."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smtools.synth.calendar import WEEKDAYS

_PARTS = ["likes", "comments", "shares", "saves", "clicks"]


def _local(client) -> pd.DataFrame:
    posts = client.tables["posts"]
    local = posts["published_at"].dt.tz_convert(client.brief.timezone)
    return posts.assign(weekday=local.dt.day_of_week, hour=local.dt.hour,
                        engagements=posts[_PARTS].sum(axis=1))


def test_best_slot_has_highest_mean_engagement_rate(client_seeds) -> None:
    posts = _local(client_seeds)
    for ch, t in client_seeds.truth["organic"]["channels"].items():
        g = posts[posts["channel"] == ch]
        rate = (g["engagements"] / g["followers"]).groupby([g["weekday"], g["hour"]]).mean()
        best = (WEEKDAYS.index(t["best_slot"]["weekday"]), t["best_slot"]["hour"])
        assert rate.idxmax() == best, ch
        grid = np.array(t["slot_effect"])
        assert grid.shape == (7, 24)
        assert tuple(int(i) for i in np.unravel_index(grid.argmax(), grid.shape)) == best


def test_best_slots_differ_across_channels_and_clients(generated) -> None:
    import smtools.synth as synth

    slots = [(s, ch, tuple(t["best_slot"].values()))
             for s in synth.demo_clients()
             for ch, t in generated(s).truth["organic"]["channels"].items()]
    assert len({slot for _, _, slot in slots}) == len(slots)
    assert ("bistro-lumiere", "instagram", ("Thursday", 19)) in slots


def test_every_weekday_hour_cell_gets_posts(client) -> None:
    posts = _local(client)
    assert posts["published_at"].dt.tz is not None
    assert posts["hour"].between(7, 23).all()
    for _ch, g in posts.groupby("channel"):
        cells = g.groupby(["weekday", "hour"]).size()
        assert len(cells) == 7 * 17
        per_day = len(g) / 730
        assert 0.5 <= per_day <= 1.5


def test_posts_are_realistic(client) -> None:
    posts = _local(client)
    assert posts["post_id"].is_unique
    assert (posts["reach"] <= posts["impressions"]).all()
    assert (posts["engagements"] <= posts["impressions"]).all()
    video = posts["format"].isin(["video", "reel", "short"])
    assert posts.loc[video, "video_views"].notna().all()
    assert posts.loc[~video, "video_views"].isna().all()
    truth = client.truth["organic"]
    assert set(posts["pillar"]) == set(truth["pillar_effect"])
    for ch, g in posts.groupby("channel"):
        g = g.sort_values("published_at")
        assert g["followers"].is_monotonic_increasing
        assert g["followers"].iloc[-1] > g["followers"].iloc[0]
        assert set(g["format"]) == set(truth["channels"][ch]["format_effect"])
    text = " ".join(posts["text"])
    for needle in ("&", "<", '"'):
        assert needle in text
    if client.brief.language == "fr":
        assert "é" in text and "«" in text


def test_format_and_pillar_effects_show_in_the_data(client) -> None:
    posts = _local(client)
    posts["rate"] = posts["engagements"] / posts["followers"]
    posts["rate"] /= posts.groupby("channel")["rate"].transform("mean")
    truth = client.truth["organic"]
    pillars = posts.groupby("pillar")["rate"].mean()
    effects = pd.Series(truth["pillar_effect"])
    assert pillars.idxmax() == effects.idxmax() and pillars.idxmin() == effects.idxmin()


def test_audience_shares(client) -> None:
    aud = client.tables["audience"]
    assert (aud["source"] == "followers").all()
    assert set(aud["age_band"]) == {"13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"}
    assert set(aud["gender"]) == {"female", "male"}
    sums = aud.groupby("channel")["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, rtol=1e-12)
    truth = client.truth["audience"]
    assert set(truth) == set(aud["channel"])
    for ch, t in truth.items():
        g = aud[aud["channel"] == ch]
        assert g["users"].sum() == t["followers"]
        assert sum(t["age"].values()) == pytest.approx(1.0, abs=1e-4)
        assert sum(t["region"].values()) == pytest.approx(1.0, abs=1e-4)
        observed = g.groupby("age_band")["share"].sum()
        for band, share in t["age"].items():
            assert observed[band] == pytest.approx(share, abs=0.03)
        female = g.loc[g["gender"] == "female", "share"].sum()
        expected = sum(t["age"][b] * t["female_by_age"][b] for b in t["age"])
        assert female == pytest.approx(expected, abs=0.03)
