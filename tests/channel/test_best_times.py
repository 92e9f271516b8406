"""Best time to post: recovery of the true best slot, shrinkage, time zones, inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.channel.timing import _ml_tau2
from smtools.errors import DataError
from smtools.synth import demo_clients

SEEDS = (0, 1, 2)


def slot_of(best: dict) -> str:
    return f"{best['weekday']} {best['hour']:02d}:00"


def grid_posts(tz: str = "Europe/Paris", *, weeks: int = 30, seed: int = 0,
               best: tuple[int, int] = (3, 19), lift: float = 2.0) -> pd.DataFrame:
    """One post per local hour 8–20 of every day for ``weeks`` weeks; one slot lifted."""
    rng = np.random.default_rng(seed)
    local = pd.date_range("2025-01-06", periods=weeks * 7 * 24, freq="h", tz=tz)
    local = local[(local.hour >= 8) & (local.hour <= 20)]
    boost = np.where((local.day_of_week == best[0]) & (local.hour == best[1]), lift, 1.0)
    impressions = rng.integers(800, 1200, len(local)).astype(float)
    likes = rng.poisson(0.03 * impressions * boost * rng.lognormal(0, 0.3, len(local)))
    return pd.DataFrame({"channel": "instagram", "published_at": local.tz_convert("UTC"),
                         "impressions": impressions, "likes": likes.astype(float)})


class TestRecovery:
    @pytest.mark.slow
    @pytest.mark.parametrize("slug", demo_clients())
    @pytest.mark.parametrize("seed", SEEDS)
    def test_true_best_slot_is_in_the_top_three(self, organic, slug: str, seed: int) -> None:
        posts, truth, tz = organic(slug, seed)
        bt = sm.channel.best_times(posts, tz=tz, top=3)
        for channel, ch in truth["channels"].items():
            rec = bt.recommendations[bt.recommendations["channel"] == channel]
            assert len(rec) == 3
            assert slot_of(ch["best_slot"]) in rec["slot"].tolist(), (slug, seed, channel)

    def test_true_best_slot_ranks_first_on_a_demo_client(self, organic) -> None:
        posts, truth, tz = organic("atelier-nova", 0)
        bt = sm.channel.best_times(posts, tz=tz, top=1)
        for channel, ch in truth["channels"].items():
            rec = bt.recommendations.set_index("channel").loc[channel]
            assert rec["slot"] == slot_of(ch["best_slot"])
            assert rec["lift_low"] > 1.0  # clearly above the account's average

    def test_wrong_time_zone_misses_the_slot(self, organic) -> None:
        posts, truth, _ = organic("atelier-nova", 0)  # New York: 4–5 hours behind UTC
        bt = sm.channel.best_times(posts, tz="Asia/Tokyo", top=1)
        best = slot_of(truth["channels"]["tiktok"]["best_slot"])
        assert bt.recommendations.set_index("channel").loc["tiktok", "slot"] != best


class TestShrinkage:
    def test_one_lucky_post_cannot_win(self) -> None:
        posts = grid_posts()
        lucky = pd.DataFrame({"channel": ["instagram"],
                              "published_at": [pd.Timestamp("2025-03-03 03:10",
                                                            tz="Europe/Paris").tz_convert("UTC")],
                              "impressions": [1000.0], "likes": [300.0]})  # 10× the usual
        bt = sm.channel.best_times(pd.concat([posts, lucky], ignore_index=True),
                                   tz="Europe/Paris", top=3)
        cells = bt.to_frame().set_index(["weekday", "hour"])
        lonely = cells.loc[(0, 3)]
        assert lonely["posts"] == 1
        assert lonely["raw_lift"] == cells["raw_lift"].max()  # the raw rate would win
        assert lonely["shrinkage"] < 0.5  # most of its own mean is discarded
        assert lonely["lift"] < cells.loc[(3, 19), "lift"]
        assert bt.recommendations["slot"].iloc[0] == "Thursday 19:00"
        assert lonely["lift"] < 1.2 and lonely["lift_low"] < 1.0  # no evidence of a lift

    def test_posterior_is_between_the_cell_and_the_account(self) -> None:
        bt = sm.channel.best_times(grid_posts(weeks=8), tz="Europe/Paris")
        c = bt.to_frame()
        log_raw = np.log(c["raw_lift"])
        log_post = np.log(c["lift"])
        # shrinkage pulls every cell towards the account level, never past it
        assert (np.abs(log_post) <= np.abs(log_raw) + 0.05).all()
        assert ((c["lift_low"] <= c["lift"]) & (c["lift"] <= c["lift_high"])).all()

    def test_more_posts_less_shrinkage(self) -> None:
        few = sm.channel.best_times(grid_posts(weeks=3), tz="Europe/Paris").to_frame()
        many = sm.channel.best_times(grid_posts(weeks=40), tz="Europe/Paris").to_frame()
        assert many["shrinkage"].mean() > few["shrinkage"].mean()

    def test_ml_variance_of_known_cells(self) -> None:
        # cells scattered with τ² = 0.04 around 0, sampling variance 0.01 each
        rng = np.random.default_rng(3)
        theta = rng.normal(0, 0.2, 4000)
        ybar = theta + rng.normal(0, 0.1, 4000)
        assert _ml_tau2(ybar, np.full(4000, 0.01)) == pytest.approx(0.04, rel=0.08)
        # no spread beyond the sampling noise: τ² = 0
        assert _ml_tau2(rng.normal(0, 0.1, 4000), np.full(4000, 0.01)) < 0.001

    def test_no_slot_effect_means_lifts_near_one(self) -> None:
        bt = sm.channel.best_times(grid_posts(lift=1.0), tz="Europe/Paris")
        c = bt.to_frame()
        assert c["lift"].between(0.85, 1.15).all()
        assert bt.model["tau"].iloc[0] < 0.06


class TestNormalisation:
    def test_accounts_of_different_sizes_compare(self) -> None:
        small = grid_posts(seed=1)
        big = grid_posts(seed=1).assign(channel="facebook",
                                        impressions=lambda f: f["impressions"] * 100,
                                        likes=lambda f: f["likes"] * 100)
        bt = sm.channel.best_times(pd.concat([small, big], ignore_index=True),
                                   tz="Europe/Paris")
        rec = bt.recommendations.set_index(["channel", "rank"])
        assert rec.loc[("facebook", 1), "slot"] == rec.loc[("instagram", 1), "slot"]
        c = bt.to_frame().pivot_table(index=["weekday", "hour"], columns="channel",
                                      values="lift")
        np.testing.assert_allclose(c["facebook"], c["instagram"], rtol=0.05)
        rates = bt.model.set_index("channel")["rate"]
        assert rates["facebook"] == pytest.approx(rates["instagram"], rel=0.01)

    def test_accounts_of_several_clients(self) -> None:
        a = grid_posts(weeks=10).assign(client="acme")
        b = grid_posts(weeks=10, best=(0, 9), seed=2).assign(client="beta")
        bt = sm.channel.best_times(pd.concat([a, b], ignore_index=True), tz="Europe/Paris",
                                   by=["client", "channel"], top=1)
        rec = bt.recommendations.set_index("client")["slot"]
        assert rec.to_dict() == {"acme": "Thursday 19:00", "beta": "Monday 09:00"}
        assert bt.plot(("beta", "instagram")).get_title().startswith(
            "Best times to post on beta · Instagram")

    def test_metric_by_followers_and_counts(self) -> None:
        posts = grid_posts().assign(followers=5000.0)
        for metric in ("er_followers", "engagements"):
            bt = sm.channel.best_times(posts, tz="Europe/Paris", metric=metric, top=1)
            assert bt.recommendations["slot"].iloc[0] == "Thursday 19:00"


class TestInputs:
    def test_workspace_equals_dataframe(self, ws: sm.Workspace, organic) -> None:
        posts, _, tz = organic("cloudledger", 0)
        ws.upsert("posts", posts)
        a = sm.channel.best_times(ws, tz=tz, client="cloudledger")
        b = sm.channel.best_times(posts, tz=tz)
        pd.testing.assert_frame_equal(a.to_frame(), b.to_frame(), check_dtype=False,
                                      rtol=1e-9)
        pd.testing.assert_frame_equal(a.recommendations, b.recommendations,
                                      check_dtype=False, rtol=1e-9)

    def test_utc_when_no_time_zone_is_given(self) -> None:
        bt = sm.channel.best_times(grid_posts())
        assert bt.tz == "UTC"
        assert any("UTC" in n for n in bt.notes)

    def test_zone_of_the_timestamps_is_used(self) -> None:
        posts = grid_posts()
        posts["published_at"] = posts["published_at"].dt.tz_convert("Europe/Paris")
        bt = sm.channel.best_times(posts, top=1)
        assert bt.tz == "Europe/Paris"
        assert bt.recommendations["slot"].iloc[0] == "Thursday 19:00"

    def test_naive_timestamps_refused(self) -> None:
        posts = grid_posts()
        posts["published_at"] = posts["published_at"].dt.tz_localize(None)
        with pytest.raises(DataError, match="no time zone") as err:
            sm.channel.best_times(posts, tz="Europe/Paris")
        assert err.value.column == "published_at"

    @pytest.mark.parametrize(("kwargs", "match"), [
        ({"metric": "likes_per_minute"}, "unknown metric"),
        ({"top": 0}, "top"),
        ({"tz": "Moon/Base"}, "unknown time zone"),
        ({"by": "account"}, "no column 'account'"),
        ({"metric": "er_reach"}, "no column 'reach'"),
        ({"level": 2}, "level"),
    ])
    def test_bad_input(self, kwargs: dict, match: str) -> None:
        with pytest.raises(DataError, match=match):
            sm.channel.best_times(grid_posts(weeks=2), **kwargs)

    def test_missing_published_at(self) -> None:
        with pytest.raises(DataError, match="published_at"):
            sm.channel.best_times(grid_posts().drop(columns="published_at"))

    def test_posts_without_denominator_are_left_out_with_a_note(self) -> None:
        posts = grid_posts(weeks=4)
        posts.loc[:9, "impressions"] = 0.0
        bt = sm.channel.best_times(posts, tz="Europe/Paris")
        assert any("10 posts left out" in n for n in bt.notes)
        assert int(bt.to_frame()["posts"].sum()) == len(posts)


class TestResult:
    def test_recommendations_are_tidy(self) -> None:
        bt = sm.channel.best_times(grid_posts(), tz="Europe/Paris", top=2)
        rec = bt.recommendations
        assert list(rec.columns[:7]) == ["channel", "rank", "weekday", "hour", "slot", "lift",
                                         "lift_low"]
        assert rec["rank"].tolist() == [1, 2]
        assert rec["weekday"].iloc[0] == "Thursday" and rec["hour"].iloc[0] == 19
        assert (rec["lift"].diff().dropna() <= 0).all()

    def test_sentence_and_html(self) -> None:
        bt = sm.channel.best_times(grid_posts(), tz="Europe/Paris")
        assert bt.sentences()[0].startswith("instagram: post on Thursday 19:00 (Europe/Paris)")
        html = bt._repr_html_()
        assert "Thursday 19:00" in html and "Morris 1983" in html

    def test_plot_heatmap(self) -> None:
        bt = sm.channel.best_times(grid_posts(), tz="Europe/Paris")
        ax = bt.plot(channel="instagram")
        assert ax.get_title() == "Best times to post on Instagram: engagement rate by impressions"
        assert ax.get_xlabel() == "Hour of publication (Europe/Paris)"
        assert ax.get_ylabel() == "Day of week"
        assert any(t.get_text().startswith("Source:") for t in ax.texts)
        assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["Mon", "Tue"]
        with pytest.raises(DataError, match="no account"):
            bt.plot(channel="myspace")
