"""Crisis detection: recovery of the synthetic crisis over seeds and clients, and its rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.errors import DataError
from smtools.synth import demo_clients

SEEDS = range(10)


def day_scores(report: sm.channel.CrisisReport, crisis: dict) -> tuple[int, int, int]:
    """True positive, false positive and false negative days of the client's brand."""
    flagged = set(report.flagged_days(crisis["brand"]))
    true = set(pd.date_range(crisis["start"], crisis["end"], freq="D"))
    return len(flagged & true), len(flagged - true), len(true - flagged)


def synthetic(days: int = 150, rate: float = 20.0, crisis: tuple[int, int] | None = (80, 84),
              extra: float = 60.0, sentiment: float = -0.7, seed: int = 0,
              tz: str = "Europe/Paris") -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.date_range("2025-01-01", periods=days, freq="D", tz=tz)
    hot = np.zeros(days, dtype=bool)
    if crisis:
        hot[crisis[0]:crisis[1] + 1] = True
    base = rng.poisson(rate, days)
    add = rng.poisson(extra * hot)
    ts = np.concatenate([np.repeat(index, base), np.repeat(index, add)])
    tone = np.concatenate([np.full(base.sum(), 0.3), np.full(add.sum(), sentiment)])
    hours = pd.to_timedelta(rng.uniform(8, 22, len(ts)), unit="h")
    return pd.DataFrame({"ts": (pd.DatetimeIndex(ts) + hours).tz_convert("UTC"),
                         "brand": "Acme", "reach": 100.0,
                         "sentiment": np.clip(tone + rng.normal(0, 0.3, len(ts)), -1, 1)})


class TestRecovery:
    @pytest.mark.slow
    @pytest.mark.parametrize("slug", demo_clients())
    def test_crisis_window_found_over_ten_seeds(self, listening, slug: str) -> None:
        tp = fp = fn = 0
        for seed in SEEDS:
            mentions, truth, tz = listening(slug, seed)
            crisis = truth["crisis"]
            report = sm.channel.detect_crises(mentions, tz=tz)
            a, b, c = day_scores(report, crisis)
            assert a / (a + b) >= 0.8 and a / (a + c) >= 0.8, (slug, seed, a, b, c)
            tp, fp, fn = tp + a, fp + b, fn + c
            # the worst window is the crisis, and the competitors are quiet
            top = report.to_frame().iloc[0]
            assert top["brand"] == crisis["brand"]
            assert top["start"] <= pd.Timestamp(crisis["end"])
            assert top["end"] >= pd.Timestamp(crisis["start"])
            assert top["volume_ratio"] > 2 and top["sentiment_change"] < -0.3
        assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95

    def test_brand_filter(self, listening) -> None:
        mentions, truth, tz = listening("cloudledger", 0)
        report = sm.channel.detect_crises(mentions, brand=truth["crisis"]["brand"], tz=tz)
        assert set(report.daily["brand"]) == {truth["crisis"]["brand"]}
        _, b, c = day_scores(report, truth["crisis"])
        assert b == 0 and c == 0


class TestRules:
    def test_synthetic_crisis_days(self) -> None:
        report = sm.channel.detect_crises(synthetic(), tz="Europe/Paris")
        w = report.to_frame()
        assert len(w) == 1
        assert (w.loc[0, "start"], w.loc[0, "end"]) == (pd.Timestamp("2025-03-22"),
                                                        pd.Timestamp("2025-03-26"))
        assert w.loc[0, "days"] == 5
        assert w.loc[0, "volume_ratio"] == pytest.approx(4, rel=0.2)
        assert w.loc[0, "baseline_mentions"] == pytest.approx(5 * 20, rel=0.15)
        assert w.loc[0, "sentiment"] < 0 < w.loc[0, "baseline_sentiment"]

    def test_positive_burst_is_no_crisis(self) -> None:
        # a campaign: four times the volume, the usual positive tone
        report = sm.channel.detect_crises(synthetic(sentiment=0.3))
        assert report.to_frame().empty
        assert report.daily["volume_z"].max() > 5  # the burst is there, but no crisis

    def test_quiet_series_has_no_window(self) -> None:
        for seed in range(5):
            assert sm.channel.detect_crises(synthetic(crisis=None, seed=seed)).to_frame().empty

    def test_long_crisis_does_not_hide_in_its_own_baseline(self) -> None:
        report = sm.channel.detect_crises(synthetic(crisis=(60, 71), extra=30.0))
        w = report.to_frame()
        assert len(w) == 1 and w.loc[0, "days"] == 12

    def test_days_are_local(self) -> None:
        # late-evening crisis mentions in New York fall on the next day in UTC
        m = synthetic(tz="America/New_York")
        local = sm.channel.detect_crises(m, tz="America/New_York").to_frame()
        assert local.loc[0, "start"] == pd.Timestamp("2025-03-22")
        utc = sm.channel.detect_crises(m)
        assert any("UTC" in n for n in utc.notes)

    def test_threshold_names(self) -> None:
        lenient = sm.channel.detect_crises(synthetic(extra=12.0), threshold="lenient")
        strict = sm.channel.detect_crises(synthetic(extra=12.0), threshold="strict")
        assert len(strict.to_frame()) <= len(lenient.to_frame())
        assert strict.params["threshold"] == 5.0


class TestInputsAndResult:
    @pytest.mark.parametrize(("kwargs", "match"), [
        ({"brand": "Nobody"}, "no mention of brand"),
        ({"window": 3}, "window"),
        ({"threshold": "huge"}, "unknown threshold"),
        ({"tz": "Nowhere/Land"}, "unknown time zone"),
    ])
    def test_refused(self, kwargs: dict, match: str) -> None:
        with pytest.raises(DataError, match=match):
            sm.channel.detect_crises(synthetic(days=60), **kwargs)

    def test_missing_columns_and_naive_time(self) -> None:
        with pytest.raises(DataError, match="'sentiment'"):
            sm.channel.detect_crises(synthetic(days=40).drop(columns="sentiment"))
        naive = synthetic(days=40)
        naive["ts"] = naive["ts"].dt.tz_localize(None)
        with pytest.raises(DataError, match="no time zone"):
            sm.channel.detect_crises(naive)

    def test_report(self) -> None:
        report = sm.channel.detect_crises(synthetic(), tz="Europe/Paris")
        assert list(report.to_frame().columns) == [
            "brand", "start", "end", "days", "peak_day", "mentions", "baseline_mentions",
            "volume_ratio", "sentiment", "baseline_sentiment", "sentiment_change",
            "negative_share", "score"]
        assert report.sentence().startswith("Acme: crisis from 2025-03-22 to 2025-03-26")
        assert "Hampel" in report._repr_html_()
        ax = report.plot()
        assert ax.get_title() == "Mentions of Acme per day"
        assert ax.get_ylabel() == "Mentions (count per day)"
        assert ax.get_xlabel() == "Day (Europe/Paris)"
        assert len(ax.patches) == 1  # the shaded window
        assert any(t.get_text().startswith("Source:") for t in ax.texts)
