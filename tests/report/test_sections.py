"""The sections' small functions, on hand-made numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from smtools.report import _text
from smtools.report.channels import net_sentiment_interval
from smtools.report.content import rank_posts
from smtools.report.kpis import judge
from smtools.report.pacing import TOLERANCE, status
from smtools.report.timing import _bootstrap, lift


@pytest.mark.parametrize("pct, expected", [(0.0, "on track"), (TOLERANCE, "on track"),
                                           (-TOLERANCE, "on track"), (0.1001, "over"),
                                           (-0.1001, "under"), (math.nan, "unknown")])
def test_pacing_status(pct: float, expected: str) -> None:
    assert status(pct) == expected


def test_pacing_variance_arithmetic(reviews: dict) -> None:
    for r in reviews.values():
        t = r.pacing.to_frame()
        assert np.allclose(t["variance"], t["actual"] - t["planned"])
        assert np.allclose(t["variance_pct"], t["actual"] / t["planned"] - 1)
        assert t["status"].tolist() == [status(v) for v in t["variance_pct"]]
        body = t.iloc[:-1]
        assert t.iloc[-1]["actual"] == pytest.approx(body["actual"].sum())
        assert t.iloc[-1]["planned"] == pytest.approx(body["planned"].sum())
        assert t.iloc[-1]["planned"] == pytest.approx(r.plan.budget)  # final: whole plan
        weekly = r.pacing.weekly
        assert weekly["actual"].sum() == pytest.approx(t.iloc[-1]["actual"])
        assert np.allclose(weekly["variance"], weekly["actual"] - weekly["planned"])


@pytest.mark.parametrize("value, target, higher, expected", [
    (100.0, 100.0, True, "met"), (91.0, 100.0, True, "at risk"), (89.0, 100.0, True, "not met"),
    (10.0, 10.0, False, "met"), (10.9, 10.0, False, "at risk"), (11.5, 10.0, False, "not met"),
])
def test_judge(value: float, target: float, higher: bool, expected: str) -> None:
    assert judge(value, target, higher_is_better=higher) == expected


def test_lift_is_standardised_by_network() -> None:
    # network a: 2× at the slots; network b: same rate; b has a higher base rate
    eng_at, imp_at = np.array([40.0, 50.0]), np.array([1000.0, 1000.0])
    eng_off, imp_off = np.array([20.0, 50.0]), np.array([1000.0, 1000.0])
    assert lift(eng_at, imp_at, eng_off, imp_off) == pytest.approx(90 / 70)
    assert lift(eng_at[:1], imp_at[:1], eng_off[:1], imp_off[:1]) == pytest.approx(2.0)


def test_lift_interval_covers_the_estimate() -> None:
    rng = np.random.default_rng(1)
    imp_at, imp_off = np.full(30, 1000.0), np.full(90, 1000.0)
    eng_at = rng.poisson(60, 30).astype(float)
    eng_off = rng.poisson(40, 90).astype(float)
    lo, hi = _bootstrap([(eng_at, imp_at, eng_off, imp_off)], rng, 2000)
    est = lift(eng_at[None].sum(1), imp_at[None].sum(1), eng_off[None].sum(1),
               imp_off[None].sum(1))
    assert lo < est < hi and lo > 1.3 and hi < 1.7


def test_net_sentiment_interval() -> None:
    lo, hi = net_sentiment_interval(80, 20, 200)
    assert lo < 0.3 < hi
    assert all(math.isnan(v) for v in net_sentiment_interval(0, 0, 0))


def test_rank_posts_needs_impressions() -> None:
    p = pd.DataFrame({"post_id": ["a", "b", "c"], "impressions": [5.0, 1000.0, 400.0],
                      "likes": [5.0, 10.0, 40.0], "comments": [0.0, 0.0, None]})
    got = rank_posts(p, min_impressions=100)
    assert got["post_id"].tolist() == ["c", "b"]
    assert got["er"].tolist() == [0.1, 0.01]


def test_jsonable_drops_nan_and_dates() -> None:
    out = _text.jsonable({"a": [1.0, float("nan")], "d": pd.Timestamp("2026-01-02"),
                          "f": pd.DataFrame({"x": [np.inf]})})
    assert out == {"a": [1.0, None], "d": "2026-01-02", "f": [{"x": None}]}


def test_escape_quotes() -> None:
    assert _text.escape('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
