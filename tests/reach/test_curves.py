"""Reach curves (Goerg, NBD one and two points) and reach by budget."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats

from smtools import DataError, reach
from smtools.reach import ReachCurve


def _curve(shape: float, ceiling: float, population: float | None = None) -> ReachCurve:
    return ReachCurve(shape=shape, ceiling=ceiling, population=population, impressions=(1.0,),
                      reached=(0.5,), model="test", source="test")


def test_goerg_formulas() -> None:
    c = reach.goerg(3_000, 1_000)
    rho = 3_000 * 1_000 / 2_000
    assert c.ceiling == pytest.approx(rho)
    imps = np.array([0, 500, 3_000, 10_000])
    assert c.reach_at(imps) == pytest.approx(rho * imps / (imps + rho))
    for k in (1, 2, 5):
        assert c.at_least(k, imps) == pytest.approx(rho * (imps / (imps + rho)) ** k)
    assert c.average_frequency == pytest.approx(3.0)
    assert c.frequency_at(3_000) == pytest.approx(1 + 3_000 / rho)
    assert c.reach == pytest.approx(1_000 / rho)          # share of the ceiling


def test_goerg_is_the_gamma_poisson_of_shape_one() -> None:
    g = reach.goerg(200, 100)
    same = _curve(1.0, 200.0)
    imps = np.linspace(0, 2_000, 11)
    assert same.reach_at(imps) == pytest.approx(g.reach_at(imps))
    assert same.at_least(4, imps) == pytest.approx(g.at_least(4, imps))


def test_goerg_with_a_population_gives_population_shares() -> None:
    c = reach.goerg(300_000, 100_000, population=1_000_000)
    assert c.reach == pytest.approx(0.1)
    dist = c.distribution(300_000, max_k=8)
    assert dist.sum() == pytest.approx(1.0)
    assert 1 - dist.iloc[0] == pytest.approx(0.1)
    fd = c.at(300_000)
    assert fd.average_frequency * fd.reach == pytest.approx(fd.grp / 100)
    assert fd.grp == pytest.approx(30.0)


def test_nbd_distribution_and_tail_equal_scipy_nbinom() -> None:
    c = reach.nbd(1.8, 0.55)
    m, k = 1.8, c.shape
    p = k / (k + m)
    dist = c.distribution(1.8, max_k=12).to_numpy()
    assert dist[:12] == pytest.approx(stats.nbinom.pmf(np.arange(12), k, p), rel=1e-9)
    assert dist[12] == pytest.approx(stats.nbinom.sf(11, k, p), rel=1e-9)
    for kk in range(1, 8):
        assert c.at_least(kk) == pytest.approx(stats.nbinom.sf(kk - 1, k, p), rel=1e-9)
    assert c.reach_at(1.8) == pytest.approx(0.55)


def test_nbd_on_counts_is_the_per_person_curve_scaled() -> None:
    per_person = reach.nbd(1.5, 0.45)
    counts = reach.nbd(1_500_000, 450_000, population=1_000_000)
    assert counts.shape == pytest.approx(per_person.shape)
    assert counts.reach_at(2_000_000) / 1e6 == pytest.approx(per_person.reach_at(2.0))


@pytest.mark.parametrize(("args", "kwargs", "column"), [
    ((1.0, 0.70), {}, "reach"),                 # above the Poisson 63.2%
    ((1.0, 1.0), {}, "reach"),
    ((0.3, 0.5), {}, "reach"),                  # reach above impressions per person
    ((0.0, 0.2), {}, "impressions"),
    ((100.0, 50.0), {"population": 40.0}, "population"),
    ((100.0, 50.0), {"population": -1.0}, "population"),
])
def test_nbd_rejects_figures_it_cannot_fit(args, kwargs, column) -> None:
    with pytest.raises(DataError) as info:
        reach.nbd(*args, **kwargs)
    assert info.value.column == column


@pytest.mark.parametrize(("shape", "ceiling"), [(0.2, 1_000.0), (1.0, 200.0), (3.0, 5e6),
                                                (40.0, 800.0)])
def test_nbd_two_points_recovers_the_curve_that_made_them(shape: float, ceiling: float) -> None:
    truth = _curve(shape, ceiling)
    imps = np.array([0.4 * ceiling, 1.5 * ceiling])
    fit = reach.nbd_two_points(imps, truth.reach_at(imps))
    assert fit.shape == pytest.approx(shape, rel=1e-6)
    assert fit.ceiling == pytest.approx(ceiling, rel=1e-6)
    assert fit.reach_at(imps) == pytest.approx(truth.reach_at(imps))


@pytest.mark.parametrize(("imps", "reach_"), [
    ([100, 200], [50, 100]),      # linear: no saturation
    ([100, 200], [50, 55]),       # saturates faster than random (Poisson) exposure
    ([100, 200], [50, 40]),       # reach falls
    ([100, 200, 300], [50, 60, 70]),
    ([100, 200], [120, 150]),     # reach above impressions
])
def test_nbd_two_points_rejects_points_no_curve_passes_through(imps, reach_) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DataError):
            reach.nbd_two_points(imps, reach_)


def test_two_points_ceiling_above_population_is_refused() -> None:
    truth = _curve(1.0, 1_000.0)
    with pytest.raises(DataError) as info:
        reach.nbd_two_points([200, 800], truth.reach_at([200, 800]), population=500)
    assert info.value.column == "population"


def test_goerg_errors() -> None:
    with pytest.raises(DataError) as info:
        reach.goerg(100, 100)
    assert info.value.column == "reach"
    with pytest.raises(DataError) as info:
        reach.goerg(-5, 1)
    assert info.value.column == "impressions"
    with pytest.raises(DataError) as info:       # ceiling 600 > population 500
        reach.goerg(1_200, 400, population=500)
    assert info.value.column == "reach"
    c = reach.goerg(200, 100)
    with pytest.raises(DataError):
        c.impressions_for(200)
    with pytest.raises(DataError):
        c.at_least(-1)
    with pytest.raises(DataError):
        c.at(200, max_k=0)


def test_inverse_curve_round_trips() -> None:
    for c in (reach.goerg(5_000, 2_000), reach.nbd(2.0, 0.5),
              reach.nbd_two_points([100, 300], [60, 105])):
        targets = np.linspace(0, 0.95 * c.ceiling, 7)
        assert c.reach_at(c.impressions_for(targets)) == pytest.approx(targets)


def test_reach_by_budget_follows_budget_impressions_grp_reach() -> None:
    curve = reach.goerg(400_000, 150_000, population=1_000_000)
    bc = reach.reach_by_budget([0, 2_000, 8_000], cpm=4.0, curve=curve, population=1_000_000,
                               currency="EUR")
    frame = bc.to_frame()
    assert frame["impressions"].tolist() == pytest.approx([0, 500_000, 2_000_000])
    assert frame["grp"].tolist() == pytest.approx([0, 50, 200])
    assert frame["reach"].tolist() == pytest.approx(curve.reach_at(frame["impressions"]))
    assert np.isnan(frame["average_frequency"].iloc[0])
    assert frame["reach_share"].iloc[1:].to_numpy() * frame["average_frequency"].iloc[1:] \
        .to_numpy() == pytest.approx(frame["grp"].iloc[1:].to_numpy() / 100)
    assert bc.reach_at(2_000) == pytest.approx(frame["reach_share"].iloc[1])


def test_per_person_curve_is_rescaled_to_the_target() -> None:
    per_person = reach.nbd(1.2, 0.40)
    bc = reach.reach_by_budget([1_500], cpm=5.0, curve=per_person, population=250_000)
    # 1,500 at CPM 5 = 300,000 impressions on 250,000 people = 1.2 per person -> 40%
    assert bc.reach_at(1_500) == pytest.approx(0.40)


def test_reach_by_budget_errors() -> None:
    curve = reach.goerg(200_000, 100_000)
    with pytest.raises(DataError) as info:
        reach.reach_by_budget([100], cpm=0, curve=curve, population=1e6)
    assert info.value.column == "cpm"
    with pytest.raises(DataError) as info:
        reach.reach_by_budget([-100], cpm=5, curve=curve, population=1e6)
    assert info.value.column == "budgets"
    with pytest.raises(DataError) as info:
        reach.reach_by_budget([100], cpm=5, curve=reach.sainsbury([0.2]), population=1e6)
    assert info.value.column == "curve"
    with pytest.raises(DataError) as info:        # ceiling of 200,000 people > population
        reach.reach_by_budget([100], cpm=5, curve=curve, population=150_000)
    assert info.value.column == "population"


def test_reach_curve_checks_what_it_is_given() -> None:
    with pytest.raises(DataError) as info:
        ReachCurve(shape=0.0, ceiling=1.0, population=None, impressions=(1.0,), reached=(0.5,),
                   model="m", source="s")
    assert info.value.column == "shape"
    with pytest.raises(DataError) as info:
        ReachCurve(shape=1.0, ceiling=2.0, population=1.0, impressions=(1.0,), reached=(0.5,),
                   model="m", source="s")
    assert info.value.column == "ceiling"
    with pytest.raises(DataError) as info:
        ReachCurve(shape=1.0, ceiling=1.0, population=None, impressions=(1.0, 2.0),
                   reached=(0.5,), model="m", source="s")
    assert info.value.column == "impressions"
