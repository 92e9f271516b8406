"""The KPI table: known answers by hand for every column, intervals, zeros, time keys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import smtools as sm
from smtools.channel.kpis import wilson
from smtools.errors import DataError

from .conftest import DATA


def perf() -> pd.DataFrame:
    """Three performance rows; the sums below are worked out by hand."""
    return pd.DataFrame({
        "client": "acme",
        "date": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-07"]),
        "channel": ["facebook", "facebook", "instagram"],
        "campaign": "c",
        "impressions": [1000.0, 3000.0, 0.0],
        "reach": [600.0, 1500.0, 0.0],
        "clicks": [20.0, 40.0, 0.0],
        "engagements": [50.0, 100.0, 0.0],
        "video_views": [300.0, 900.0, 0.0],
        "spend": [10.0, 30.0, 0.0],
        "conversions": [2.0, 3.0, 0.0],
        "revenue": [40.0, 80.0, 0.0],
        "currency": "EUR",
    })


def posts() -> pd.DataFrame:
    """Two posts of one account, a month apart."""
    return pd.DataFrame({
        "client": "acme", "channel": "instagram", "post_id": ["1", "2"],
        "published_at": pd.to_datetime(["2025-01-06 10:00", "2025-02-03 10:00"], utc=True),
        "impressions": [2000.0, 2500.0], "reach": [1500.0, 2000.0],
        "likes": [30.0, 45.0], "comments": [10.0, 5.0], "shares": [0.0, 0.0],
        "saves": [0.0, 0.0], "followers": [1000.0, 1100.0],
    })


class TestKnownAnswers:
    def test_every_rate_is_a_ratio_of_sums(self) -> None:
        fb = sm.channel.kpis(perf(), by="channel").to_frame().loc["facebook"]
        # Σ impressions 4000, clicks 60, spend 40, conversions 5, revenue 120,
        # engagements 150, video views 1200, row reach 600 + 1500
        assert fb["impressions"] == 4000 and fb["clicks"] == 60 and fb["spend"] == 40
        assert fb["ctr"] == pytest.approx(60 / 4000)
        assert fb["cpc"] == pytest.approx(40 / 60)
        assert fb["cpm"] == pytest.approx(40 / 4000 * 1000)
        assert fb["cpa"] == pytest.approx(40 / 5)
        assert fb["cvr_click"] == pytest.approx(5 / 60)
        assert fb["cvr_impression"] == pytest.approx(5 / 4000)
        assert fb["roas"] == pytest.approx(120 / 40)
        assert fb["er_impressions"] == pytest.approx(150 / 4000)
        assert fb["er_reach"] == pytest.approx(150 / 2100)
        assert fb["video_view_rate"] == pytest.approx(1200 / 4000)

    def test_ratio_of_sums_differs_from_mean_of_ratios(self) -> None:
        fb = sm.channel.kpis(perf(), by="channel").to_frame().loc["facebook"]
        assert fb["er_impressions"] == pytest.approx(0.0375)
        assert fb["er_impressions_mean"] == pytest.approx((50 / 1000 + 100 / 3000) / 2)
        assert fb["ctr_mean"] == pytest.approx((20 / 1000 + 40 / 3000) / 2)

    def test_cvr_per_click_and_per_impression_are_named_apart(self) -> None:
        t = sm.channel.kpis(perf(), by="channel").to_frame().loc["facebook"]
        assert t["cvr_click"] / t["cvr_impression"] == pytest.approx(4000 / 60)

    def test_engagement_rates_of_posts(self) -> None:
        ig = sm.channel.kpis(posts(), by="channel").to_frame().loc["instagram"]
        # engagements = likes + comments + shares + saves = 40 and 50
        assert ig["engagements"] == 90
        assert ig["er_impressions"] == pytest.approx(90 / 4500)
        assert ig["er_reach"] == pytest.approx(90 / 3500)
        assert ig["er_followers"] == pytest.approx(90 / 2100)
        assert ig["er_followers_mean"] == pytest.approx((40 / 1000 + 50 / 1100) / 2)
        assert ig["er_reach_mean"] == pytest.approx((40 / 1500 + 50 / 2000) / 2)

    def test_follower_growth_first_to_last_post(self) -> None:
        ig = sm.channel.kpis(posts(), by="channel").to_frame().loc["instagram"]
        assert ig["follower_growth"] == pytest.approx(1100 / 1000 - 1)

    def test_follower_growth_adds_accounts_of_several_clients(self) -> None:
        other = posts().assign(client="beta", followers=[2000.0, 2000.0])
        both = pd.concat([posts(), other], ignore_index=True)
        ig = sm.channel.kpis(both, by="channel").to_frame().loc["instagram"]
        # (1100 + 2000) ÷ (1000 + 2000) − 1: each client's account on its own
        assert ig["follower_growth"] == pytest.approx(3100 / 3000 - 1)

    def test_reach_is_never_added(self) -> None:
        t = sm.channel.kpis(perf(), by="channel").to_frame()
        fb = t.loc["facebook"]
        assert np.isnan(fb["reach"])
        assert fb["reach_low"] == 1500  # the largest row
        assert fb["reach_high"] == 2100  # Σ rows' reach, below the impressions
        assert fb["frequency_low"] == pytest.approx(4000 / 2100)
        assert fb["frequency_high"] == pytest.approx(4000 / 1500)
        assert np.isnan(fb["frequency"])
        assert "frequency: reach of several rows is not additive" in fb["notes"]

    def test_single_row_group_has_its_reach_and_frequency(self) -> None:
        t = sm.channel.kpis(perf().iloc[:1], by="channel").to_frame().loc["facebook"]
        assert t["reach"] == 600
        assert t["frequency"] == pytest.approx(1000 / 600)

    def test_reach_bound_capped_by_impressions(self) -> None:
        rows = perf().iloc[:2].assign(reach=[900.0, 2900.0], impressions=[1000.0, 3000.0])
        fb = sm.channel.kpis(rows, by="channel").to_frame().loc["facebook"]
        assert fb["reach_high"] == 3800
        rows = rows.assign(reach=[999.0, 2999.0], impressions=[1000.0, 1000.0],
                           clicks=[1.0, 1.0])
        fb = sm.channel.kpis(rows, by="channel").to_frame().loc["facebook"]
        assert fb["reach_high"] == 2000  # capped by Σ impressions

    def test_reach_upper_bound_when_some_rows_lack_reach(self) -> None:
        rows = perf().iloc[:2].assign(reach=[600.0, np.nan])
        fb = sm.channel.kpis(rows, by="channel").to_frame().loc["facebook"]
        # Σ of the known reach is no upper bound any more: only the impressions are
        assert fb["reach_high"] == 4000
        assert fb["reach_low"] == 600

    def test_rates_skip_rows_missing_their_denominator(self) -> None:
        rows = perf().iloc[:2].assign(reach=[600.0, np.nan])
        fb = sm.channel.kpis(rows, by="channel").to_frame().loc["facebook"]
        # engagements of the row without reach are not divided by someone else's reach
        assert fb["er_reach"] == pytest.approx(50 / 600)
        rows = perf().iloc[:2].assign(video_views=[300.0, np.nan])
        fb = sm.channel.kpis(rows, by="channel").to_frame().loc["facebook"]
        assert fb["video_view_rate"] == pytest.approx(300 / 1000)
        assert fb["video_views"] == 300

    def test_total_row_without_keys(self) -> None:
        t = sm.channel.kpis(perf(), by=None).to_frame()
        assert list(t.index) == ["total"]
        assert t.loc["total", "ctr"] == pytest.approx(60 / 4000)


class TestWilson:
    def test_newcombe_1998_worked_examples(self) -> None:
        ref = pd.read_csv(DATA / "newcombe1998_wilson.csv", comment="#")
        lo, hi = wilson(ref["successes"], ref["trials"])
        np.testing.assert_allclose(np.round(lo, 4), ref["lower"], atol=1e-12)
        np.testing.assert_allclose(np.round(hi, 4), ref["upper"], atol=1e-12)

    @pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
    def test_matches_statsmodels(self, level: float) -> None:
        x = np.array([0, 1, 7, 60, 150, 999])
        n = np.array([10, 29, 40, 4000, 4000, 1000])
        lo, hi = wilson(x, n, level=level)
        ref_lo, ref_hi = proportion_confint(x, n, alpha=1 - level, method="wilson")
        np.testing.assert_allclose(lo, ref_lo, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(hi, ref_hi, rtol=1e-10, atol=1e-14)

    def test_kpi_intervals_are_wilson_of_the_sums(self) -> None:
        fb = sm.channel.kpis(perf(), by="channel", level=0.9).to_frame().loc["facebook"]
        lo, hi = proportion_confint(60, 4000, alpha=0.1, method="wilson")
        assert fb["ctr_low"] == pytest.approx(lo) and fb["ctr_high"] == pytest.approx(hi)

    def test_not_a_proportion_gives_nan(self) -> None:
        lo, hi = wilson([5, 3, 2], [0, 2, np.nan])
        assert np.isnan(lo).all() and np.isnan(hi).all()

    def test_bad_level(self) -> None:
        with pytest.raises(DataError, match="level"):
            wilson(1, 2, level=1.5)


class TestDivisionByZero:
    def test_nan_with_a_reason_never_inf(self) -> None:
        t = sm.channel.kpis(perf(), by="channel").to_frame()
        ig = t.loc["instagram"]
        for col in ("ctr", "cpm", "cpc", "cpa", "cvr_click", "roas", "er_impressions",
                    "video_view_rate", "er_reach", "frequency_low", "frequency_high"):
            assert np.isnan(ig[col]), col
        for reason in ("ctr: no impressions", "cpc: no clicks", "cpa: no conversions",
                       "roas: no spend", "er_reach: no reach", "cvr_click: no clicks"):
            assert reason in ig["notes"], reason
        numeric = t.select_dtypes("number").to_numpy(dtype=float)
        assert not np.isinf(numeric).any()

    def test_empty_data(self) -> None:
        t = sm.channel.kpis(perf().iloc[:0], by=None).to_frame()
        assert t.loc["total", "rows"] == 0
        assert t.loc["total", "notes"] == "no rows"


class TestTimeKeys:
    def test_weekday_hour_week_month_in_the_clients_time_zone(self) -> None:
        p = posts().iloc[:1].assign(
            published_at=pd.to_datetime(["2025-01-31 23:30"], utc=True))
        utc = sm.channel.kpis(p, by=["weekday", "hour", "week", "month"]).to_frame()
        paris = sm.channel.kpis(p, by=["weekday", "hour", "week", "month"],
                                tz="Europe/Paris").to_frame()
        # 23:30 UTC on Friday 31 January is 00:30 on Saturday 1 February in Paris
        assert utc.index[0] == (4, 23, pd.Timestamp("2025-01-27"), pd.Timestamp("2025-01-01"))
        assert paris.index[0] == (5, 0, pd.Timestamp("2025-01-27"), pd.Timestamp("2025-02-01"))

    def test_week_starts_on_monday_local(self) -> None:
        p = posts().iloc[:1].assign(
            published_at=pd.to_datetime(["2025-01-05 23:30"], utc=True))  # Sunday UTC
        assert sm.channel.kpis(p, by="week").to_frame().index[0] == pd.Timestamp("2024-12-30")
        assert sm.channel.kpis(p, by="week", tz="Europe/Paris").to_frame().index[0] == \
            pd.Timestamp("2025-01-06")

    def test_summer_time(self) -> None:
        p = posts().iloc[:1].assign(published_at=pd.to_datetime(["2025-07-01 10:00"], utc=True))
        assert sm.channel.kpis(p, by="hour", tz="Europe/Paris").to_frame().index[0] == 12
        assert sm.channel.kpis(p, by="hour", tz="America/New_York").to_frame().index[0] == 6

    def test_daily_performance_by_week_and_weekday(self) -> None:
        t = sm.channel.kpis(perf(), by=["weekday"]).to_frame()
        assert list(t.index) == [0, 1]  # Monday 6 and Tuesday 7 January 2025
        assert t.loc[1, "impressions"] == 3000

    def test_hour_of_calendar_days_is_refused(self) -> None:
        with pytest.raises(DataError, match="calendar days"):
            sm.channel.kpis(perf(), by="hour")

    def test_unknown_time_zone(self) -> None:
        with pytest.raises(DataError, match="unknown time zone"):
            sm.channel.kpis(posts(), by="hour", tz="Europe/Atlantis")

    def test_start_end_filter_local_days(self) -> None:
        t = sm.channel.kpis(perf(), by=None, start="2025-01-07", end="2025-01-07").to_frame()
        assert t.loc["total", "impressions"] == 3000


class TestCurrencies:
    def test_mixed_currencies_in_a_group_refused(self) -> None:
        mixed = perf().assign(currency=["EUR", "USD", "EUR"])
        with pytest.raises(DataError, match="several currencies") as err:
            sm.channel.kpis(mixed, by="channel")
        assert err.value.column == "currency"

    def test_groups_in_different_currencies_refused(self) -> None:
        mixed = perf().assign(currency=["EUR", "EUR", "USD"])
        with pytest.raises(DataError, match="different currencies"):
            sm.channel.kpis(mixed, by="channel")

    def test_grouping_by_currency_is_allowed(self) -> None:
        mixed = perf().assign(currency=["EUR", "USD", "EUR"])
        t = sm.channel.kpis(mixed, by=["channel", "currency"])
        assert t.currency is None
        assert t.to_frame().loc[("facebook", "USD"), "cpm"] == pytest.approx(10.0)

    def test_one_currency_is_reported(self) -> None:
        assert sm.channel.kpis(perf(), by="channel").currency == "EUR"


class TestInputs:
    def test_workspace_equals_dataframe(self, ws: sm.Workspace) -> None:
        from smtools.synth import generate

        frame = generate("cloudledger", seed=0).tables["performance"]
        ws.upsert("performance", frame)
        for by in (["channel"], ["channel", "week"], ["campaign", "month"], None):
            a = sm.channel.kpis(ws, by=by, client="cloudledger").to_frame()
            b = sm.channel.kpis(frame, by=by).to_frame()
            pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-10)

    def test_workspace_posts_table(self, ws: sm.Workspace) -> None:
        ws.upsert("posts", posts())
        a = sm.channel.kpis(ws, by="channel", table="posts").to_frame()
        b = sm.channel.kpis(posts(), by="channel").to_frame()
        assert a.loc["instagram", "er_followers"] == pytest.approx(b.loc["instagram",
                                                                         "er_followers"])

    def test_workspace_without_the_table(self, ws: sm.Workspace) -> None:
        import duckdb

        duckdb.connect(str(ws.path)).execute("CREATE TABLE other (x INTEGER)").close()
        with pytest.raises(DataError, match="no performance table"):
            sm.channel.kpis(ws)
        with pytest.raises(DataError, match="no workspace"):
            sm.channel.kpis(sm.Workspace(ws.path.parent / "missing.duckdb"))

    def test_unknown_key(self) -> None:
        with pytest.raises(DataError, match="no such column") as err:
            sm.channel.kpis(perf(), by="region")
        assert err.value.column == "by"

    def test_not_a_table(self) -> None:
        with pytest.raises(DataError, match="cannot compute KPIs"):
            sm.channel.kpis([1, 2, 3])

    def test_html_escapes_group_names(self) -> None:
        t = sm.channel.kpis(perf().assign(channel="<b>x</b>"), by="channel")
        assert "<b>x</b>" not in t._repr_html_()
        assert "&lt;b&gt;" in t._repr_html_()

    def test_plot(self) -> None:
        ax = sm.channel.kpis(perf(), by="channel").plot("cpm")
        assert ax.get_title() == "CPM by channel"
        assert ax.get_ylabel() == "CPM (EUR)"
        with pytest.raises(DataError, match="no column"):
            sm.channel.kpis(perf(), by="channel").plot("nope")
