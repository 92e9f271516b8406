"""Net sentiment (three definitions), sentiment classes, share of voice, benchmark."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import smtools as sm
from smtools.errors import DataError


def mentions() -> pd.DataFrame:
    """Acme: 3 positive, 1 negative, 1 neutral; Rival: 1 positive, 2 negative, reach 5×."""
    return pd.DataFrame({
        "ts": pd.to_datetime(["2025-01-30 10:00", "2025-01-31 23:30", "2025-02-01 09:00",
                              "2025-02-02 12:00", "2025-02-03 12:00", "2025-01-31 12:00",
                              "2025-02-01 12:00", "2025-02-02 12:00"], utc=True),
        "brand": ["Acme"] * 5 + ["Rival"] * 3,
        "sentiment": [0.8, 0.4, 0.05, -0.6, 0.0, 0.5, -0.3, -0.05],
        "reach": [100.0, 100.0, 100.0, 100.0, 100.0, 500.0, 500.0, 500.0],
    })


class TestNetSentiment:
    @pytest.mark.parametrize(("method", "expected"), [
        ("total", 0.30), ("polarity", 0.60), ("positive_share", 0.80)])
    def test_published_worked_example(self, method: str, expected: float) -> None:
        # 80 positive, 20 negative, 100 neutral (Black Box Intelligence help page)
        assert sm.channel.net_sentiment(80, 20, 100, method=method) == pytest.approx(expected)

    def test_vectorised(self) -> None:
        out = sm.channel.net_sentiment([80, 10], [20, 30], [100, 0], method="polarity")
        np.testing.assert_allclose(out, [0.6, -0.5])

    def test_zero_denominator_is_nan_with_a_warning(self) -> None:
        with pytest.warns(RuntimeWarning, match="no positive or negative mentions"):
            assert np.isnan(sm.channel.net_sentiment(0, 0, 12, method="polarity"))
        with pytest.warns(RuntimeWarning, match="no mentions"):
            assert np.isnan(sm.channel.net_sentiment(0, 0, 0, method="total"))
        assert sm.channel.net_sentiment(0, 0, 12, method="total") == 0.0

    def test_bad_input(self) -> None:
        with pytest.raises(DataError, match="unknown net sentiment method"):
            sm.channel.net_sentiment(1, 1, 1, method="nps")
        with pytest.raises(DataError, match="negative"):
            sm.channel.net_sentiment(-1, 1, 1)

    def test_classes_use_vader_thresholds(self) -> None:
        cls = sm.channel.classify_sentiment([0.05, 0.0499, -0.0499, -0.05, np.nan])
        assert cls.tolist() == ["positive", "neutral", "neutral", "negative", None]
        with pytest.raises(DataError, match="below"):
            sm.channel.classify_sentiment([0.1], positive=-0.1, negative=0.1)


class TestShareOfVoice:
    def test_by_count_and_by_reach(self) -> None:
        sov = sm.channel.share_of_voice(mentions()).set_index("brand")
        assert sov.loc["Acme", "sov"] == pytest.approx(5 / 8)
        assert sov.loc["Rival", "sov_reach"] == pytest.approx(1500 / 2000)
        assert sov["sov"].sum() == pytest.approx(1.0)
        assert (sov["sov_low"] < sov["sov"]).all() and (sov["sov"] < sov["sov_high"]).all()

    def test_by_month_in_local_time(self) -> None:
        sov = sm.channel.share_of_voice(mentions(), by="month", tz="Europe/Paris")
        jan = sov[sov["month"] == pd.Timestamp("2025-01-01")].set_index("brand")
        # 23:30 UTC on 31 January is February in Paris
        assert jan.loc["Acme", "mentions"] == 1 and jan.loc["Rival", "mentions"] == 1
        assert jan.loc["Acme", "sov"] == pytest.approx(0.5)

    def test_without_reach(self) -> None:
        sov = sm.channel.share_of_voice(mentions().drop(columns="reach"))
        assert sov["sov_reach"].isna().all()
        assert (sov["notes"] == "sov_reach: no reach reported").all()

    def test_bad_split(self) -> None:
        with pytest.raises(DataError, match="cannot split"):
            sm.channel.share_of_voice(mentions(), by="galaxy")
        with pytest.raises(DataError, match="'brand'"):
            sm.channel.share_of_voice(mentions().drop(columns="brand"))


class TestBenchmark:
    def test_table(self) -> None:
        b = sm.channel.benchmark(mentions(), brand="Rival", method="polarity")
        f = b.to_frame()
        assert list(f.index) == ["Rival", "Acme"]  # the client's brand first
        acme = f.loc["Acme"]
        assert (acme["positive"], acme["negative"], acme["neutral"]) == (3, 1, 1)
        assert acme["net_sentiment_total"] == pytest.approx((3 - 1) / 5)
        assert acme["net_sentiment_polarity"] == pytest.approx((3 - 1) / 4)
        assert acme["positive_share"] == pytest.approx(3 / 4)
        assert acme["net_sentiment"] == acme["net_sentiment_polarity"]
        assert f.loc["Rival", "net_sentiment"] == pytest.approx((1 - 2) / 3)
        assert f.loc["Rival", "sov_reach"] == pytest.approx(0.75)
        assert acme["mean_sentiment"] == pytest.approx(np.mean([0.8, 0.4, 0.05, -0.6, 0.0]))

    def test_engagement_when_present(self) -> None:
        m = mentions().assign(likes=1.0, shares=[0.0] * 7 + [4.0])
        f = sm.channel.benchmark(m).to_frame()
        assert f.loc["Rival", "engagements"] == 7
        assert f.loc["Rival", "engagements_per_mention"] == pytest.approx(7 / 3)
        assert "engagements" not in sm.channel.benchmark(mentions()).to_frame()

    def test_sentence_html_plot(self) -> None:
        b = sm.channel.benchmark(mentions(), brand="Acme")
        assert b.sentence().startswith("Acme holds 62% of the voice (25% weighted by reach) "
                                       "against 1 competitor")
        assert "VADER" in b._repr_html_()
        ax = b.plot()
        assert ax.get_title() == "Share of voice by brand"
        assert ax.get_xlabel() == "Brand"
        assert any(t.get_text().startswith("Source:") for t in ax.texts)
        assert b.plot("net_sentiment").get_ylabel() == "Net sentiment (total) (%)"

    def test_no_polar_mentions_noted(self) -> None:
        m = mentions().assign(sentiment=[0.8, 0.4, 0.05, -0.6, 0.0, 0.0, 0.0, 0.0])
        b = sm.channel.benchmark(m, method="polarity")
        assert np.isnan(b.to_frame().loc["Rival", "net_sentiment"])
        assert any(n.startswith("Rival: no positive or negative") for n in b.notes)

    def test_demo_client(self, listening) -> None:
        m, truth, _ = listening("bistro-lumiere", 0)
        f = sm.channel.benchmark(m, brand=truth["brands"][0]).to_frame()
        assert f.index[0] == truth["brands"][0]
        assert set(f.index) == set(truth["brands"])
        rates = pd.Series(truth["baseline_rate"])
        # the client's brand also has a campaign and a crisis: a little more than its rate
        assert f["sov"].iloc[0] >= rates.iloc[0] / rates.sum() - 0.02
        assert f["net_sentiment_total"].between(0.0, 0.6).all()

    def test_unknown_brand(self) -> None:
        with pytest.raises(DataError, match="no mention of brand"):
            sm.channel.benchmark(mentions(), brand="Ghost")
