"""Engagement measures and fraud signals on hand-made posts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import smtools.influence as inf
from smtools.errors import DataError


def _posts(n: int = 20, followers: float = 10_000.0, likes: float = 400.0,
           comments: float = 10.0, handle: str = "a") -> pd.DataFrame:
    return pd.DataFrame({
        "handle": handle, "network": "instagram",
        "published_at": pd.date_range("2026-06-01", periods=n, freq="3D", tz="UTC"),
        "followers": np.linspace(followers * 0.97, followers, n), "likes": likes,
        "comments": comments})


def test_bands_follow_the_later_fohr_convention() -> None:
    assert [inf.band(f) for f in (0, 9_999, 10_000, 99_999, 100_000, 499_999, 500_000,
                                  999_999, 1_000_000)] == [
        "nano", "nano", "micro", "micro", "mid", "mid", "macro", "macro", "mega"]
    b = inf.bands()
    assert b["source"].str.contains("Later x Fohr").all() and (b["year"] == 2021).all()
    with pytest.raises(DataError, match="followers"):
        inf.band(-1)


def test_engagement_rate_is_a_ratio_of_sums_with_a_bootstrap_interval() -> None:
    posts = _posts()
    posts.loc[0, "likes"] = 2_000.0
    m = inf.measure(posts).iloc[0]
    e = posts["likes"] + posts["comments"]
    assert m["engagement_rate"] == pytest.approx(e.sum() / posts["followers"].sum())
    assert m["mean_post_rate"] == pytest.approx((e / posts["followers"]).mean())
    assert m["er_low"] < m["engagement_rate"] < m["er_high"]
    # the typical rate drops the top 10% of posts (2 of 20): the boosted post is gone
    assert m["typical_rate"] < m["engagement_rate"]
    assert inf.measure(posts).equals(inf.measure(posts))      # fixed seed: repeatable


def test_growth_jump_concentration_and_comment_ratio_fire() -> None:
    steady = _posts(handle="steady")
    jump = _posts(handle="jump")
    jump.loc[10:, "followers"] *= 3.0
    pod = _posts(handle="pod")
    pod.loc[[2, 7, 12, 17], "likes"] *= 10
    pod.loc[[2, 7, 12, 17], "comments"] *= 80
    others = [_posts(handle=f"o{i}", comments=10.0 + i) for i in range(6)]
    m = inf.measure(pd.concat([steady, jump, pod, *others], ignore_index=True))
    flagged = inf._signals.flags_for(m, pd.Series(0.024, index=m.index)).set_index("handle")
    assert flagged.loc["jump", "growth_jump"] and flagged.loc["jump", "growth_jump_size"] == (
        pytest.approx(2.0, rel=0.01))
    assert flagged.loc["pod", "concentration"] and flagged.loc["pod", "comment_ratio"]
    assert flagged.loc["pod", "risk"] == pytest.approx(0.7)
    assert not flagged.loc["steady", ["growth_jump", "concentration", "comment_ratio",
                                      "low_engagement"]].any()
    assert flagged.loc["steady", "risk"] == 0.0


def test_low_engagement_is_judged_against_the_norm() -> None:
    m = inf.measure(_posts(likes=50.0, comments=1.0))          # ~0.5% on Instagram micro
    flagged = inf._signals.flags_for(m, pd.Series([0.024]))
    assert flagged["low_engagement"].item() and flagged["flags"].item() == "low_engagement"


def test_too_few_posts_leave_engagement_unknown() -> None:
    m = inf.measure(_posts(n=3)).iloc[0]
    assert np.isnan(m["engagement_rate"]) and not m["growth_jump"]


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 40), (20, 20), (7, 150)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    lo, hi = proportion_confint(k, n, method="wilson")
    assert inf.wilson(k, n) == pytest.approx((lo, hi))
    assert all(np.isnan(inf.wilson(0, 0)))


def test_norms_are_sourced_and_in_range() -> None:
    norms = inf.norms()
    assert set(norms["network"]) == {"instagram", "tiktok", "youtube"}
    assert norms["engagement_rate"].between(0.001, 0.2).all()
    assert norms.groupby("network")["band"].nunique().eq(5).all()
    # engagement falls with the band on Instagram
    ig = norms[norms["network"] == "instagram"].set_index("band")["engagement_rate"]
    assert list(ig[list(inf.BANDS)]) == sorted(ig, reverse=True)
