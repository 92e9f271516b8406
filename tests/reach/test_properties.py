"""Properties every reach model must keep, over many generated inputs (hypothesis)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from smtools import DataError, reach
from smtools.reach import ReachCurve

SETTINGS = settings(max_examples=80, deadline=None)
reach_values = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
inner = st.floats(min_value=0.01, max_value=0.95, allow_nan=False)


def _is_distribution(values: np.ndarray) -> None:
    assert np.all(values >= 0) and np.all(values <= 1 + 1e-12)
    assert values.sum() == pytest.approx(1.0, abs=1e-9)


def _kplus_falls(result) -> None:
    tail = result.to_frame()["at_least"].to_numpy()
    assert np.all(np.diff(tail) <= 1e-12)
    assert tail[0] == pytest.approx(1.0)
    if len(tail) > 1:
        assert tail[1] == pytest.approx(result.reach)


@SETTINGS
@given(st.lists(reach_values, min_size=1, max_size=12))
def test_sainsbury_properties(p: list[float]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = reach.sainsbury(p)
    _is_distribution(res.distribution.to_numpy())
    assert 0 <= res.reach <= 1
    assert res.reach >= max(p) - 1e-12                     # at least the biggest vehicle
    assert res.reach <= min(1.0, sum(p)) + 1e-12           # at most the sum of reaches
    assert res.reach == pytest.approx(1 - np.prod(1 - np.array(p)), abs=1e-12)
    assert res.exposures == pytest.approx(sum(p))         # mean = sum of probabilities
    if res.reach > 0:
        assert res.average_frequency * res.reach == pytest.approx(res.grp / 100)
    _kplus_falls(res)


@SETTINGS
@given(inner, st.floats(min_value=0.0, max_value=1.0), st.integers(min_value=1, max_value=40))
def test_beta_binomial_properties(r1: float, position: float, n: int) -> None:
    r2 = r1 + position * ((1 - (1 - r1) ** 2) - r1)       # anywhere in [R1, random R2]
    res = reach.beta_binomial(r1, r2, n)
    dist = res.distribution.to_numpy()
    _is_distribution(dist)
    assert res.exposures == pytest.approx(n * r1)
    assert np.dot(np.arange(n + 1), dist) == pytest.approx(n * r1, rel=1e-7)
    assert res.average_frequency * res.reach == pytest.approx(res.grp / 100)
    _kplus_falls(res)
    if n >= 2:
        assert reach.beta_binomial(r1, r2, 2).reach == pytest.approx(r2, abs=1e-9)
    if res.fit == "beta-binomial" and 1e-3 < res.alpha < 1e6:
        expected = stats.betabinom.pmf(np.arange(n + 1), n, res.alpha, res.beta)
        assert dist == pytest.approx(expected, rel=1e-6, abs=1e-12)
    # more duplication (lower R2) never gives more reach than random duplication
    assert res.reach <= reach.binomial(r1, n).reach + 1e-9


@SETTINGS
@given(st.floats(min_value=1.0, max_value=1e7), st.floats(min_value=0.01, max_value=0.99),
       st.lists(st.floats(min_value=0.0, max_value=1e8), min_size=2, max_size=6))
def test_goerg_curve_properties(impressions: float, ratio: float, grid: list[float]) -> None:
    curve = reach.goerg(impressions, ratio * impressions)
    x = np.sort(np.array(grid))
    r = curve.reach_at(x)
    assert np.all(np.diff(r) >= -1e-9) and np.all(r <= curve.ceiling * (1 + 1e-12))
    assert curve.reach_at(impressions) == pytest.approx(ratio * impressions)
    for k in (1, 2, 3):
        assert np.all(curve.at_least(k + 1, x) <= curve.at_least(k, x) + 1e-9)
    dist = curve.distribution(max_k=15).to_numpy()
    _is_distribution(dist)


@SETTINGS
@given(st.floats(min_value=0.05, max_value=8.0), st.floats(min_value=0.02, max_value=0.98))
def test_nbd_fit_round_trips(m: float, position: float) -> None:
    share = position * -np.expm1(-m)
    assume(share < m)
    curve = reach.nbd(m, share)
    assert curve.reach_at(m) == pytest.approx(share, rel=1e-8)
    fd = curve.at(m, max_k=25)
    _is_distribution(fd.distribution.to_numpy())
    assert fd.reach == pytest.approx(share, rel=1e-8)
    assert fd.average_frequency * fd.reach == pytest.approx(m)


@SETTINGS
@given(st.floats(min_value=0.05, max_value=50.0), st.floats(min_value=10.0, max_value=1e6),
       st.floats(min_value=0.1, max_value=0.8), st.floats(min_value=1.5, max_value=4.0))
def test_two_point_fit_recovers_generated_curves(shape: float, ceiling: float, first: float,
                                                 factor: float) -> None:
    truth = ReachCurve(shape=shape, ceiling=ceiling, population=None, impressions=(1.0,),
                       reached=(0.5,), model="t", source="t")
    imps = np.array([first * ceiling, first * factor * ceiling])
    fit = reach.nbd_two_points(imps, truth.reach_at(imps))
    probe = np.array([0.1, 1.0, 3.0]) * ceiling
    assert fit.reach_at(probe) == pytest.approx(truth.reach_at(probe), rel=1e-5)


@SETTINGS
@given(st.lists(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=6)
                .filter(lambda xs: sum(xs) > 0), min_size=1, max_size=4))
def test_convolution_sums_to_one_and_adds_grps(raw: list[list[float]]) -> None:
    import pandas as pd

    parts = [pd.Series(np.array(xs) / sum(xs)) for xs in raw]
    plan = reach.combine_networks(parts)
    _is_distribution(plan.distribution.to_numpy())
    expected_grp = sum(100 * np.dot(np.arange(len(p)), p) for p in parts)
    assert plan.grp == pytest.approx(expected_grp)
    assert plan.reach == pytest.approx(1 - np.prod([p.iloc[0] for p in parts]), abs=1e-12)
    _kplus_falls(plan)


@SETTINGS
@given(inner, st.floats(min_value=0.0, max_value=1.0), st.integers(min_value=1, max_value=30))
def test_hofmans_reproduces_r1_r2_or_refuses(r1: float, position: float, n: int) -> None:
    r2 = min(1.0, r1 + position * r1)
    steps = np.arange(1, n + 1)
    raw = steps * r1 / (1 + (2 * r1 - r2) / r2 * (steps - 1))
    if raw.max() > 1 + 1e-9:                   # the formula leaves 0-100%: it must refuse
        with pytest.raises(DataError):
            reach.hofmans(r1, r2, n)
        return
    res = reach.hofmans(r1, r2, n)
    curve = res.curve.to_numpy()
    assert curve[0] == pytest.approx(r1)
    if n >= 2:
        assert curve[1] == pytest.approx(r2)
    assert np.all(curve <= 1 + 1e-9) and np.all(np.diff(curve) >= -1e-9)
