"""Trend, seasonality and anomalies (STL + robust z)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.channel.trends import THRESHOLDS, robust_z, threshold_value
from smtools.errors import DataError

WEEKLY = np.array([0.0, 2.0, 4.0, 2.0, 0.0, -4.0, -4.0])  # Monday first, sums to 0


def daily(n: int = 364, seed: int = 0, spikes: dict[int, float] | None = None) -> pd.Series:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2025-01-06", periods=n, freq="D")  # a Monday
    y = 100 + 0.05 * np.arange(n) + WEEKLY[days.day_of_week] + rng.normal(0, 1.0, n)
    for i, jump in (spikes or {}).items():
        y[i] += jump
    return pd.Series(y, index=days, name="sessions")


class TestRobustZ:
    def test_known_values(self) -> None:
        # median 3, MAD 1: z = (x − 3) ÷ 1.4826
        z = robust_z([1.0, 2.0, 3.0, 4.0, 100.0])
        np.testing.assert_allclose(z, np.array([-2, -1, 0, 1, 97]) / 1.4826)

    def test_zero_mad_falls_back_to_mean_absolute_deviation(self) -> None:
        z = robust_z([5.0, 5.0, 5.0, 5.0, 9.0])
        # MAD 0; mean absolute deviation 0.8, × 1.2533
        assert z[-1] == pytest.approx(4 / (1.2533 * 0.8))
        assert (z[:4] == 0).all()

    def test_nan_stays_nan(self) -> None:
        assert np.isnan(robust_z([1.0, np.nan, 3.0])[1])

    def test_named_thresholds(self) -> None:
        assert THRESHOLDS == {"lenient": 2.5, "standard": 3.5, "strict": 5.0}
        assert threshold_value("strict") == 5.0 and threshold_value(3) == 3.0
        with pytest.raises(DataError, match="unknown threshold"):
            threshold_value("paranoid")
        with pytest.raises(DataError, match="positive"):
            threshold_value(-1)


class TestDecomposition:
    def test_trend_and_weekly_season_are_recovered(self) -> None:
        t = sm.channel.trend(daily())
        f = t.to_frame()
        assert t.freq == "D" and t.period == 7
        true_trend = 100 + 0.05 * np.arange(len(f))
        assert np.abs(f["trend"] - true_trend)[14:-14].max() < 1.0
        season = f.groupby(f["date"].dt.day_of_week)["seasonal"].mean()
        np.testing.assert_allclose(season, WEEKLY, atol=0.5)
        np.testing.assert_allclose(f["trend"] + f["seasonal"] + f["resid"], f["value"])

    def test_spikes_are_flagged_and_clean_days_are_not(self) -> None:
        t = sm.channel.trend(daily(spikes={100: 12.0, 200: -12.0}))
        flagged = t.anomalies["date"].tolist()
        assert set(flagged) >= {pd.Timestamp("2025-04-16"), pd.Timestamp("2025-07-25")}
        assert len(flagged) <= 4
        assert t.anomalies["z"].abs().iloc[0] > 5

    def test_false_alarm_rate_on_clean_series(self) -> None:
        alarms = [int(sm.channel.trend(daily(seed=s)).frame["anomaly"].sum())
                  for s in range(20)]
        assert np.mean(alarms) < 1.5  # 364 days each, |z| ≥ 3.5

    def test_thresholds_by_name_and_number(self) -> None:
        s = daily(spikes={100: 6.0})
        strict = sm.channel.trend(s, threshold="strict").frame["anomaly"].sum()
        lenient = sm.channel.trend(s, threshold="lenient").frame["anomaly"].sum()
        number = sm.channel.trend(s, threshold=2.5).frame["anomaly"].sum()
        assert strict <= lenient and lenient == number

    def test_weekly_series_and_short_series(self) -> None:
        weekly = daily(n=7 * 120).resample("W-MON", label="left", closed="left").sum()
        t = sm.channel.trend(weekly)
        assert t.freq == "W" and t.period == 52
        short = sm.channel.trend(weekly.iloc[:30])
        assert short.period is None and "LOWESS" in short.method
        assert any("no seasonal part" in n for n in short.notes)

    def test_missing_days_are_interpolated_and_never_flagged(self) -> None:
        s = daily().drop(pd.date_range("2025-03-01", periods=3))
        t = sm.channel.trend(s)
        f = t.to_frame().set_index("date")
        assert f.loc["2025-03-02", "filled"] and not f.loc["2025-03-02", "anomaly"]
        assert t.notes == ["3 missing period(s) interpolated"]


class TestInputs:
    def test_dataframe_and_kpi_table(self, ) -> None:
        s = daily()
        frame = s.rename("value").rename_axis("date").reset_index()
        a = sm.channel.trend(frame, value="value").to_frame()
        b = sm.channel.trend(s).to_frame()
        np.testing.assert_allclose(a["trend"], b["trend"])
        rows = pd.DataFrame({"date": s.index, "channel": "facebook",
                             "impressions": 1000.0, "clicks": np.round(s.to_numpy() / 5)})
        k = sm.channel.kpis(rows, by="day")
        t = sm.channel.trend(k, value="ctr")
        assert t.name == "ctr" and len(t.frame) == len(s)

    @pytest.mark.parametrize(("data", "kwargs", "match"), [
        (pd.Series([1.0, 2.0, 3.0]), {}, "no dates"),
        (pd.DataFrame({"x": [1.0]}), {}, "no date column"),
        (pd.DataFrame({"date": pd.date_range("2025-01-01", periods=3), "a": 1.0, "b": 2.0}),
         {}, "which column"),
        (pd.DataFrame({"date": pd.to_datetime(["2025-01-01"] * 4), "a": 1.0}), {},
         "share a date"),
        (pd.Series(1.0, index=pd.date_range("2025-01-01", periods=10, freq="3D")), {},
         "3 days apart"),
        (daily(), {"period": 1}, "period"),
        ([1, 2, 3], {}, "cannot find a trend"),
    ])
    def test_refused(self, data, kwargs: dict, match: str) -> None:
        with pytest.raises(DataError, match=match):
            sm.channel.trend(data, **kwargs)

    def test_kpi_table_needs_a_kpi(self) -> None:
        k = sm.channel.kpis(pd.DataFrame({"date": pd.date_range("2025-01-01", periods=20),
                                          "impressions": 10.0}), by="day")
        with pytest.raises(DataError, match="name one"):
            sm.channel.trend(k)


class TestResult:
    def test_sentence_html_plot(self) -> None:
        t = sm.channel.trend(daily(spikes={100: 12.0}))
        assert t.sentence().startswith("Daily sessions: the trend goes from ")
        assert "the largest on 2025-04-16" in t.sentence()
        assert "STL" in t._repr_html_()
        ax = t.plot(windows=[("2025-04-15", "2025-04-17")])
        assert ax.get_title() == "Sessions: trend and anomalies"
        assert ax.get_ylabel() == "Sessions (daily)"
        assert any(txt.get_text().startswith("Source:") for txt in ax.texts)
