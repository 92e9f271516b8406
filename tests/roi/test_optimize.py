"""Tests of smtools.roi.optimize.allocate: known answers (KKT), properties, bounds, reports."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import smtools as sm
from smtools.errors import DataError
from smtools.roi.mmm.curves import ResponseCurves
from smtools.roi.optimize import allocate


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def log_curve(a: float, b: float):
    return lambda x: a * np.log1p(np.asarray(x, dtype=float) / b)


def hill_curve(beta: float, k: float, s: float = 1.0):
    def f(x):
        x = np.asarray(x, dtype=float)
        return beta * x ** s / (x ** s + k ** s)
    return f


def cents(values) -> int:
    return round(sum(round(v * 100) for v in values))


# --------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("periods", [1, 6, 52])
def test_log_curves_equalise_marginal_returns_closed_form(periods):
    # maximise Σ P·a_i log(1 + x_i / (P b_i)) s.t. Σ x_i = B: P a_i / (P b_i + x_i) = λ,
    # so x_i = P a_i / λ - P b_i with λ = P Σ a_i / (B + P Σ b_i)
    a = np.array([500.0, 300.0, 200.0])
    b = np.array([100.0, 50.0, 80.0])
    budget = 20000.0
    curves = {f"c{i}": log_curve(a[i], b[i]) for i in range(3)}
    res = allocate(curves, budget, periods=periods)
    lam = periods * a.sum() / (budget + periods * b.sum())
    expected = periods * a / lam - periods * b
    got = res.to_frame()["recommended"].to_numpy()
    assert got == pytest.approx(expected, abs=0.02)
    assert cents(got) == round(budget * 100)
    # KKT: equal marginal returns at the optimum
    m = res.to_frame()["marginal_roas"].to_numpy()
    assert m == pytest.approx(np.full(3, lam), rel=1e-3)
    assert res.converged and not res.unchanged


def test_hill_curves_known_answer_with_a_corner():
    # concave Hill (S = 1): β K / (x + K)² equal across channels; the third is not worth
    # funding: its marginal return at 0 (β / K = 0.125) is below the others' at the optimum
    # (1000 · 100 / 500² = 0.4)
    curves = {"a": hill_curve(1000.0, 100.0), "b": hill_curve(1000.0, 400.0),
              "c": hill_curve(50.0, 400.0)}
    res = allocate(curves, 1000, periods=1)
    t = res.to_frame()
    assert t.loc["a", "recommended"] == pytest.approx(400.0, abs=0.02)
    assert t.loc["b", "recommended"] == pytest.approx(600.0, abs=0.02)
    assert t.loc["c", "recommended"] == 0.0
    lam = 1000 * 100 / 500 ** 2
    assert t.loc[["a", "b"], "marginal_roas"].to_numpy() == pytest.approx([lam, lam], rel=1e-3)
    assert t.loc["c", "marginal_roas"] <= lam


def test_s_curves_find_the_global_optimum():
    # S-shaped curves: greedy marginal allocation from zero would stall; the grid does not
    curves = {"a": hill_curve(1000.0, 300.0, 3.0), "b": hill_curve(1000.0, 300.0, 3.0)}
    res = allocate(curves, 700, periods=1)
    rec = res.to_frame()["recommended"]
    x = np.linspace(0, 700, 70001)
    best = (curves["a"](x) + curves["b"](700 - x)).max()
    assert res.expected >= best - 1e-6
    assert rec.sum() == pytest.approx(700.0)


def test_current_split_reported_and_unchanged_flag():
    curves = {"a": log_curve(100.0, 10.0), "b": log_curve(100.0, 10.0)}
    res = allocate(curves, 1000, periods=1, current={"a": 500, "b": 500})
    assert res.unchanged and "equals the current split" in " ".join(res.notes)
    assert res.expected == pytest.approx(res.expected_current)
    assert "Keep the current split" in res.advice()
    moved = allocate(curves, 1000, periods=1, current={"a": 900, "b": 100})
    assert not moved.unchanged
    assert moved.expected > moved.expected_current
    assert "Move 400" in moved.advice()


# --------------------------------------------------------------------------- properties


@st.composite
def problems(draw):
    k = draw(st.integers(1, 5))
    kinds = draw(st.lists(st.sampled_from(["log", "hill", "exp"]), min_size=k, max_size=k))
    curves = {}
    for i, kind in enumerate(kinds):
        scale = draw(st.floats(10.0, 5e4))
        half = draw(st.floats(1.0, 5e4))
        if kind == "log":
            curves[f"c{i}"] = log_curve(scale, half)
        elif kind == "hill":
            curves[f"c{i}"] = hill_curve(scale, half, draw(st.floats(0.3, 1.0)))
        else:
            curves[f"c{i}"] = (lambda s, h: lambda x: s * (1 - np.exp(-np.asarray(x) / h)))(
                scale, half)
    budget = round(draw(st.floats(1.0, 1e6)), draw(st.integers(0, 2)))
    lo_share = draw(st.lists(st.floats(0.0, 1.0), min_size=k, max_size=k))
    lo_total = draw(st.floats(0.0, 0.95))
    weights = np.asarray(lo_share) + 1e-9
    lows = weights / weights.sum() * lo_total * budget
    bounds = {}
    for i in range(k):
        lo = round(float(lows[i]), 2) if draw(st.booleans()) else None
        extra = draw(st.floats(0.0, 1.0))
        hi = None if draw(st.booleans()) else round((lo or 0.0) + extra * budget, 2)
        bounds[f"c{i}"] = (lo, hi)
    his = [b[1] if b[1] is not None else budget for b in bounds.values()]
    if sum(his) < budget:  # make it feasible: open the last maximum
        bounds[f"c{k - 1}"] = (bounds[f"c{k - 1}"][0], None)
    periods = draw(st.sampled_from([1, 4, 13]))
    return curves, budget, bounds, periods


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_never_breaks_a_bound_or_misses_the_budget(problem):
    curves, budget, bounds, periods = problem
    res = allocate(curves, budget, bounds=bounds, periods=periods, grid=60)
    t = res.to_frame()
    rec = t["recommended"]
    assert cents(rec) == round(budget * 100)              # exact to the cent
    assert (np.round(rec * 100) == rec * 100).all() or np.allclose(rec * 100,
                                                                   np.round(rec * 100))
    for ch, (lo, hi) in bounds.items():
        if lo is not None:
            assert rec[ch] >= lo - 1e-9
        if hi is not None:
            assert rec[ch] <= hi + 1e-9
    assert (rec >= 0).all()
    # never worse than the current (equal) split when that split is feasible
    assert res.expected >= res.expected_current - 1e-6 * max(1.0, abs(res.expected_current)) \
        or (t["current"] < t["min"] - 1e-9).any() or (t["current"] > t["max"] + 1e-9).any()


@settings(max_examples=40, deadline=None)
@given(a=st.lists(st.floats(1.0, 1e4), min_size=2, max_size=4),
       budget=st.floats(10.0, 1e5))
def test_log_curves_kkt_when_interior(a, budget):
    b = [50.0] * len(a)
    lam = sum(a) / (budget + sum(b))
    expected = np.array(a) / lam - np.array(b)
    if (expected <= 0).any():
        return  # a corner solution; covered by the other tests
    curves = {f"c{i}": log_curve(a[i], b[i]) for i in range(len(a))}
    res = allocate(curves, budget, periods=1)
    got = res.to_frame()["recommended"].to_numpy()
    assert got == pytest.approx(expected, abs=0.01 * len(a) + 1e-6 * budget)


# --------------------------------------------------------------------------- bounds & shares


def test_brief_shares_are_respected_and_others_get_nothing(brief_dict):
    brief = sm.Brief.from_dict(brief_dict)
    curves = {"facebook": log_curve(9000.0, 100.0), "instagram": log_curve(100.0, 100.0),
              "tiktok": log_curve(9000.0, 100.0)}
    res = allocate(curves, 20000, shares=brief, periods=8)
    t = res.to_frame()
    assert t.loc["tiktok", "recommended"] == 0.0
    assert t.loc["facebook", "recommended"] == pytest.approx(0.7 * 20000)  # max share binds
    assert t.loc["instagram", "recommended"] == pytest.approx(0.3 * 20000)
    assert "not in the brief" in " ".join(res.notes)


def test_periods_default_to_the_brief_campaign(brief_dict):
    brief = sm.Brief.from_dict(brief_dict)  # 56 days = 8 weeks
    curves = ResponseCurves(channels=("facebook", "instagram"), saturation="hill",
                            beta=np.array([4000.0, 3000.0]),
                            params={"half_saturation": np.array([800.0, 500.0]),
                                    "shape": np.array([1.0, 1.0]),
                                    "ref": np.array([700.0, 500.0])},
                            current=np.array([700.0, 500.0]), period="W", metric="revenue",
                            currency="EUR")
    res = allocate(curves, 20000, shares=brief)
    assert res.periods == 8
    assert res.currency == "EUR"


def test_dict_shares_and_absolute_bounds_combine():
    curves = {"a": log_curve(1000.0, 10.0), "b": log_curve(10.0, 10.0)}
    res = allocate(curves, 1000, periods=1, shares={"b": {"min_share": 0.2, "max_share": 0.5}},
                   bounds={"b": (300, None)})
    assert res.to_frame().loc["b", "recommended"] == 300.0


@pytest.mark.parametrize(("kwargs", "words", "column"), [
    ({"bounds": {"a": (700, None), "b": (400, None)}}, "minimum amounts add up to 1,100.00",
     "bounds"),
    ({"bounds": {"a": (None, 300), "b": (None, 300)}}, "maximum amounts add up to 600.00",
     "bounds"),
    ({"bounds": {"a": (600, None)}, "shares": {"a": (0.0, 0.5)}},
     "minimum 600.00 .*bounds minimum.* above its maximum 500.00 .*max_share", "a"),
    ({"shares": {"a": (0.7, 1.0), "b": (0.5, 1.0)}}, "minimum amounts add up", "bounds"),
    ({"bounds": {"z": (0, 1)}}, "no response curve", "z"),
])
def test_infeasible_bounds_say_what_to_relax(kwargs, words, column):
    curves = {"a": log_curve(100.0, 10.0), "b": log_curve(100.0, 10.0)}
    with pytest.raises(DataError, match=words) as err:
        allocate(curves, 1000, periods=1, **kwargs)
    assert err.value.column == column
    assert "Fix:" in str(err.value)


def test_brief_minimum_on_a_channel_without_curve(brief_dict):
    brief = sm.Brief.from_dict(brief_dict)
    with pytest.raises(DataError, match="'instagram', which has no response curve"):
        allocate({"facebook": log_curve(10.0, 1.0)}, 1000, shares=brief, periods=1)


def test_other_bad_arguments():
    curves = {"a": log_curve(100.0, 10.0)}
    with pytest.raises(DataError, match="periods is required"):
        allocate(curves, 100)
    with pytest.raises(DataError, match="positive amount"):
        allocate(curves, -5, periods=1)
    with pytest.raises(DataError, match="objective"):
        allocate(curves, 100, periods=1, objective="profit")
    with pytest.raises(DataError, match="non-empty mapping"):
        allocate({}, 100, periods=1)
    with pytest.raises(DataError, match="not callable"):
        allocate({"a": 3}, 100, periods=1)


# --------------------------------------------------------------------------- objectives


def test_reach_combines_channels_by_random_duplication():
    # reach curves: r(x) = 1 - exp(-x / k); combined 1 - Π(1 - r) = 1 - exp(-Σ x / k_i),
    # so the budget should go where k is smallest
    curves = {"a": lambda x: 1 - np.exp(-np.asarray(x) / 1000.0),
              "b": lambda x: 1 - np.exp(-np.asarray(x) / 3000.0)}
    res = allocate(curves, 2000, objective="reach", periods=1)
    t = res.to_frame()
    assert t.loc["a", "recommended"] == 2000.0
    assert res.expected == pytest.approx(1 - np.exp(-2.0))
    with pytest.raises(DataError, match="ROAS target needs"):
        allocate(curves, 2000, objective="reach", periods=1, target_roas=2)


def test_target_roas_spends_the_most_that_meets_it():
    curves = {"a": log_curve(1000.0, 100.0), "b": log_curve(500.0, 100.0)}
    res = allocate(curves, 50000, periods=1, target_roas=1.5)
    assert res.budget < 50000 and res.unspent == pytest.approx(50000 - res.budget)
    assert res.expected / res.budget >= 1.5
    assert res.expected / (res.budget + 20) < 1.5 + 1e-3
    assert cents(res.to_frame()["recommended"]) == round(res.budget * 100)
    with pytest.raises(DataError, match="lower target_roas"):
        allocate(curves, 50000, periods=1, target_roas=100)


def test_units_of_mmm_curves_are_checked():
    curves = ResponseCurves(channels=("a",), saturation="logistic", beta=np.array([2.0]),
                            params={"lam": np.array([1.0]), "ref": np.array([1.0])},
                            current=np.array([1.0]), period="W", metric="orders")
    with pytest.raises(DataError, match="objective='conversions'"):
        allocate(curves, 10, periods=1)
    assert allocate(curves, 10, periods=1, objective="conversions").metric == "orders"
    sales = ResponseCurves(channels=("a",), saturation="logistic", beta=np.array([2.0]),
                           params={"lam": np.array([1.0]), "ref": np.array([1.0])},
                           current=np.array([1.0]), period="W", metric="sales")
    assert allocate(sales, 10, periods=1).metric == "sales"  # sales are money too
    with pytest.raises(DataError, match="an amount of money"):
        allocate(sales, 10, periods=1, objective="conversions")


# --------------------------------------------------------------------------- with an MMM


@pytest.fixture(scope="module")
def mmm_curves():
    from tests.roi.test_mmm import CHANNELS, simulate

    frame, _ = simulate(seed=2)
    m = sm.roi.MMM(n_bootstrap=30, holdout=0).fit(frame, target="sales", media=list(CHANNELS))
    return m.response_curves()


def test_allocation_on_mmm_curves_has_intervals(mmm_curves):
    budget = float(mmm_curves.current.sum() * 6)
    res = allocate(mmm_curves, budget, periods=6)
    t = res.to_frame()
    assert cents(t["recommended"]) == round(budget * 100)
    assert np.isfinite(res.interval).all() and res.interval[0] <= res.expected <= res.interval[1]
    assert (t["low"] <= t["expected"] + 1e-6).all() and (t["expected"] <= t["high"] + 1e-6).all()
    assert 0 <= res.probability_better <= 1
    assert res.expected >= res.expected_current - 1e-6
    assert "historical spend mix" in " ".join(res.notes)
    assert list(t.columns) == ["current", "recommended", "change", "expected", "low", "high",
                               "marginal_roas", "min", "max"]


def test_views_and_chart(mmm_curves):
    res = allocate(mmm_curves, float(mmm_curves.current.sum() * 4), periods=4)
    html = res._repr_html_()
    assert "<table" in html and "expected" in html
    assert res.advice().endswith(".")
    ax = res.plot()
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert any(t.get_text().startswith("Source") for t in ax.texts)
    assert isinstance(res.to_frame(), pd.DataFrame)
    assert set(res.allocation) == set(mmm_curves)
