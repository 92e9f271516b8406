"""Combining vehicles and insertions: Sainsbury, binomial, beta-binomial, Metheringham,
Hofmans, Agostini, against independent computations."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from smtools import DataError, reach


def test_sainsbury_matches_a_monte_carlo_of_independent_vehicles() -> None:
    p = np.array([0.30, 0.40, 0.20, 0.55])
    rng = np.random.default_rng(20240521)
    people = 200_000
    exposed = (rng.random((people, p.size)) < p).sum(axis=1)
    simulated = np.bincount(exposed, minlength=p.size + 1) / people
    model = reach.sainsbury(p).distribution.to_numpy()
    se = np.sqrt(model * (1 - model) / people)
    assert np.all(np.abs(simulated - model) < 5 * se + 1e-12)


def test_sainsbury_matches_brute_force_enumeration() -> None:
    p = [0.1, 0.35, 0.6, 0.25, 0.05]
    expected = np.zeros(len(p) + 1)
    for pattern in itertools.product([0, 1], repeat=len(p)):
        prob = np.prod([q if hit else 1 - q for q, hit in zip(p, pattern, strict=True)])
        expected[sum(pattern)] += prob
    assert reach.sainsbury(p).distribution.to_numpy() == pytest.approx(expected, abs=1e-15)


def test_sainsbury_insertions_repeat_a_vehicle_and_keep_grp() -> None:
    res = reach.sainsbury({"fb": 0.2, "tt": 0.1}, insertions=[3, 2])
    same = reach.sainsbury([0.2, 0.2, 0.2, 0.1, 0.1])
    assert res.distribution.to_numpy() == pytest.approx(same.distribution.to_numpy())
    assert res.grp == pytest.approx(80.0)
    assert res.n == 5


def test_binomial_equals_poisson_binomial_with_equal_probabilities() -> None:
    b = reach.binomial(0.23, 7)
    s = reach.sainsbury([0.23] * 7)
    assert b.distribution.to_numpy() == pytest.approx(s.distribution.to_numpy(), abs=1e-15)
    assert b.reach == pytest.approx(1 - 0.77 ** 7)


@pytest.mark.parametrize(("r1", "r2", "n"), [(0.5, 0.65, 5), (0.12, 0.2, 12), (0.7, 0.85, 3),
                                              (0.05, 0.08, 40)])
def test_beta_binomial_equals_scipy_betabinom(r1: float, r2: float, n: int) -> None:
    res = reach.beta_binomial(r1, r2, n)
    expected = stats.betabinom.pmf(np.arange(n + 1), n, res.alpha, res.beta)
    assert res.distribution.to_numpy() == pytest.approx(expected, rel=1e-10, abs=1e-14)
    assert res.grp == pytest.approx(100 * n * r1)
    # the fit reproduces the reach of one and of two insertions
    assert res.reach_at(1) == pytest.approx(r1)
    assert res.reach_at(2) == pytest.approx(r2)
    assert reach.beta_binomial(r1, r2, 2).reach == pytest.approx(r2)


def test_beta_binomial_limits_join_the_interior_continuously() -> None:
    r1 = 0.4
    random_r2 = 1 - 0.6 ** 2
    at_limit = reach.beta_binomial(r1, random_r2, 6)
    assert at_limit.fit == "binomial limit" and at_limit.alpha == np.inf
    assert at_limit.distribution.to_numpy() == pytest.approx(
        reach.binomial(r1, 6).distribution.to_numpy())
    near = reach.beta_binomial(r1, random_r2 - 1e-7, 6)
    assert near.distribution.to_numpy() == pytest.approx(at_limit.distribution.to_numpy(),
                                                         abs=1e-5)
    polar = reach.beta_binomial(r1, r1, 6)
    assert polar.fit == "polarized limit"
    assert polar.distribution.tolist() == pytest.approx([0.6, 0, 0, 0, 0, 0, 0.4])
    near = reach.beta_binomial(r1, r1 + 1e-7, 6)
    assert near.distribution.to_numpy() == pytest.approx(polar.distribution.to_numpy(),
                                                         abs=1e-4)
    assert polar.reach_at([0, 1, 9]).tolist() == [0.0, 0.4, 0.4]
    assert at_limit.reach_at(3) == pytest.approx(1 - 0.6 ** 3)


def test_beta_binomial_reach_rises_with_insertions_even_between_whole_numbers() -> None:
    res = reach.beta_binomial(0.3, 0.42, 10)
    curve = res.reach_at(np.linspace(0, 30, 61))
    assert curve[0] == 0 and np.all(np.diff(curve) > 0) and curve[-1] < 1
    assert res.reach_at(10) == pytest.approx(res.reach)


@pytest.mark.parametrize(("args", "column"), [
    ((0.5, 0.45, 5), "r2"),        # R2 < R1
    ((0.5, 0.80, 5), "r2"),        # less duplication than random (max 0.75)
    ((0.0, 0.10, 5), "r1"),
    ((1.0, 1.0, 5), "r1"),
    ((50, 65, 5), "r1"),           # percentages
    ((-0.2, 0.3, 5), "r1"),
    ((0.5, 0.65, 0), "n"),
    ((0.5, 0.65, 2.5), "n"),
    ((0.5, "0.65", 5), "r2"),
])
def test_beta_binomial_rejects_inconsistent_inputs(args: tuple, column: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DataError) as info:
            reach.beta_binomial(*args)
    assert info.value.column == column


def test_metheringham_with_one_vehicle_is_the_beta_binomial() -> None:
    res = reach.metheringham([0.5], insertions=[5], r2=[0.65])
    bb = reach.beta_binomial(0.5, 0.65, 5)
    assert res.distribution.to_numpy() == pytest.approx(bb.distribution.to_numpy())
    assert (res.alpha, res.beta) == pytest.approx((0.75, 0.75))


def test_metheringham_equal_vehicles_duplicating_alike_is_one_vehicle() -> None:
    # two vehicles with the same reach, whose cross duplication equals the within one
    r1, r2 = 0.3, 0.45
    within = 2 * r1 - r2
    res = reach.metheringham({"a": r1, "b": r1}, insertions=[2, 3], r2=[r2, r2],
                             duplication=pd.DataFrame([[0, within], [within, 0]],
                                                      index=["a", "b"], columns=["a", "b"]))
    bb = reach.beta_binomial(r1, r2, 5)
    assert res.distribution.to_numpy() == pytest.approx(bb.distribution.to_numpy())


def test_metheringham_weights_reach_by_insertions_and_duplication_by_pairs() -> None:
    # A: 30% (R2 40%) x 2 insertions, B: 20% x 1, A-B duplication 10%:
    # R1 = (2*.3 + .2)/3; pairs: AA 1 (dup .2), AB 2 (dup .1) -> D = .4/3; R2 = 2R1 - D = .4
    res = reach.metheringham([0.30, 0.20], insertions=[2, 1], r2=[0.40, np.nan],
                             duplication=[[0, 0.10], [0.10, 0]])
    assert res.r1 == pytest.approx(0.8 / 3)
    assert res.r2 == pytest.approx(0.4)
    assert res.grp == pytest.approx(80.0)
    assert res.n == 3
    expected = stats.betabinom.pmf(np.arange(4), 3, res.alpha, res.beta)
    assert res.distribution.to_numpy() == pytest.approx(expected)


def test_metheringham_errors_say_what_to_fix() -> None:
    with pytest.raises(DataError) as info:
        reach.metheringham([0.3, 0.2], insertions=[2, 1])
    assert info.value.column == "r2"
    with pytest.raises(DataError) as info:
        reach.metheringham([0.3, 0.2], insertions=[1, 1], duplication=[[0, 0.25], [0.25, 0]])
    assert info.value.column == "duplication"      # more than the 20% vehicle's audience
    with pytest.raises(DataError) as info:
        reach.metheringham([0.3, 0.2], insertions=[1, 0])
    assert info.value.column == "insertions"
    with pytest.raises(DataError) as info:          # heterogeneous, random duplication
        reach.metheringham([0.6, 0.05], insertions=[1, 1])
    assert info.value.column == "duplication"
    with pytest.raises(DataError) as info:
        reach.metheringham([0.3, 0.2], insertions=[2, 1], r2=[0.7, None])
    assert info.value.column == "r2"


def test_hofmans_reproduces_its_inputs_and_rises() -> None:
    res = reach.hofmans(0.25, 0.40, 8)
    assert res.reach_at(1) == pytest.approx(0.25)
    assert res.reach_at(2) == pytest.approx(0.40)
    assert np.all(np.diff(res.curve.to_numpy()) > 0)
    assert res.average_frequency * res.reach == pytest.approx(res.grp / 100)
    # same two points as the beta-binomial: both give R1 and R2, and differ after
    bb = reach.beta_binomial(0.25, 0.40, 8)
    assert bb.reach_at(2) == pytest.approx(res.reach_at(2))
    with_r3 = reach.hofmans(0.25, 0.40, 8, r3=0.52)
    assert with_r3.reach_at(3) == pytest.approx(0.52)
    assert with_r3.alpha != pytest.approx(1.0)


@pytest.mark.parametrize(("args", "kwargs", "column"), [
    ((0.60, 0.84, 4), {}, "n"),        # formula exceeds 100% at 4 insertions
    ((0.30, 0.25, 4), {}, "r2"),
    ((0.30, 0.65, 4), {}, "r2"),       # more than 2 x R1
    ((0.30, 0.45, 4), {"r3": 0.44}, "r3"),
    ((0.30, 0.45, 4), {"r3": 0.95}, "r3"),
    ((0.30, 0.60, 2), {"r3": 0.8}, "r3"),
])
def test_hofmans_refuses_figures_it_cannot_describe(args, kwargs, column) -> None:
    with pytest.raises(DataError) as info:
        reach.hofmans(*args, **kwargs)
    assert info.value.column == column


def test_agostini_without_duplication_adds_reaches_and_k_scales_the_correction() -> None:
    none = reach.agostini([0.1, 0.2], [[0, 0.0], [0.0, 0]])
    assert none.reach == pytest.approx(0.3)
    dup = [[0, 0.05], [0.05, 0]]
    assert reach.agostini([0.1, 0.2], dup, k=1.0).reach == pytest.approx(0.09 / 0.35)
    assert reach.agostini([0.1, 0.2], dup).reach < reach.agostini([0.1, 0.2], dup, k=1).reach


def test_agostini_refuses_impossible_or_out_of_range_results() -> None:
    with pytest.raises(DataError) as info:
        reach.agostini([0.3, 0.2], [[0, 0.25], [0.25, 0]])
    assert info.value.column == "duplication"
    with pytest.raises(DataError):
        reach.agostini([0.8, 0.8], [[0, 0.6], [0.6, 0]])     # gives 112.5%
    with pytest.raises(DataError) as info:
        reach.agostini([0.3, 0.2], [[0, 0.1], [0.05, 0]])    # not symmetric
    assert info.value.column == "duplication"
    with pytest.raises(DataError):
        reach.agostini([0.3, 0.2], [[0, 0.1, 0], [0.1, 0, 0]])


def test_discounted_sainsbury_is_95_percent_of_random() -> None:
    res = reach.sainsbury_discounted({"fb": 0.3, "ig": 0.4, "tt": 0.2})
    assert res.reach == pytest.approx(0.95 * reach.sainsbury([0.3, 0.4, 0.2]).reach)
    assert list(res.vehicles.index) == ["fb", "ig", "tt"]
    assert reach.sainsbury_discounted([0.3, 0.4], discount=0).reach == pytest.approx(0.58)
    with pytest.raises(DataError) as info:
        reach.sainsbury_discounted([0.6, 0.01])
    assert info.value.column == "discount"
    with pytest.raises(DataError):
        reach.sainsbury_discounted([0.3, 0.4], discount=1.0)


@pytest.mark.parametrize("bad", [[], [0.3, 1.2], [0.3, -0.1], ["x"], [0.3, None], "0.3",
                                 [0.2, float("nan")], [[0.1, 0.2]]])
def test_sainsbury_rejects_bad_reaches(bad) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DataError) as info:
            reach.sainsbury(bad)
    assert info.value.column == "reaches"


def test_zero_reach_gives_nan_frequency_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = reach.sainsbury([0.0, 0.0])
        assert res.reach == 0.0
        assert np.isnan(res.average_frequency)
        assert "n/a" in res.summary()


@pytest.mark.parametrize("gap", [2e-9, 1e-6, 1e-3])
def test_beta_binomial_stays_a_distribution_next_to_its_limits(gap: float) -> None:
    r1 = 0.3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for r2 in (1 - (1 - r1) ** 2 - gap, r1 + gap):
            res = reach.beta_binomial(r1, r2, 400)
            assert res.distribution.sum() == pytest.approx(1.0)
            assert res.grp == pytest.approx(100 * 400 * r1)
            assert 0 <= res.reach <= 1
