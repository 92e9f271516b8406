"""Adstock and saturation transformations: exact values and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtools.errors import DataError
from smtools.roi.mmm import transforms as tr


def test_geometric_matches_recursion_and_is_normalised():
    x = np.array([[10.0], [0.0], [5.0], [0.0]])
    out = tr.GeometricAdstock().apply(x, {"decay": np.array([0.3])})
    a = 0.0
    expected = []
    for v in x[:, 0]:
        a = 0.7 * v + 0.3 * a
        expected.append(a)
    assert out[:, 0] == pytest.approx(expected)
    # a steady spend has a steady adstock of the same level
    steady = tr.GeometricAdstock().apply(np.full((400, 1), 7.0), {"decay": np.array([0.8])})
    assert steady[-1, 0] == pytest.approx(7.0)


def test_geometric_channels_are_independent():
    rng = np.random.default_rng(0)
    x = rng.gamma(2.0, size=(50, 3))
    d = np.array([0.1, 0.5, 0.9])
    both = tr.GeometricAdstock().apply(x, {"decay": d})
    for j in range(3):
        one = tr.GeometricAdstock().apply(x[:, [j]], {"decay": d[[j]]})
        assert np.allclose(both[:, j], one[:, 0])


def test_weibull_weights_sum_to_one_and_can_peak_late():
    w = tr.WeibullAdstock(max_lag=13).weights({"shape": np.array([0.5, 3.0]),
                                               "scale": np.array([2.0, 4.0])}, 13)
    assert w.sum(axis=0) == pytest.approx([1.0, 1.0])
    assert np.argmax(w[:, 0]) == 0          # shape < 1: front-loaded
    assert np.argmax(w[:, 1]) >= 2          # shape > 1: delayed peak


def test_carryover_periods():
    ad = tr.GeometricAdstock()
    # 90 % of a geometric effect with decay d is reached after ceil(log 0.1 / log d) periods
    d = 0.6
    assert ad.carryover({"decay": np.array([d])})[0] == int(np.ceil(np.log(0.1) / np.log(d)))


def test_hill_half_saturation_and_limits():
    hill = tr.HillSaturation()
    p = {"half_saturation": np.array([50.0]), "shape": np.array([2.0])}
    assert hill.apply(np.array([[50.0]]), p)[0, 0] == pytest.approx(0.5)
    assert hill.apply(np.array([[0.0]]), p)[0, 0] == 0.0
    assert hill.apply(np.array([[1e9]]), p)[0, 0] == pytest.approx(1.0)


def test_logistic_is_tanh():
    sat = tr.LogisticSaturation()
    x = np.linspace(0, 5, 11)[:, None]
    p = {"lam": np.array([2.0]), "ref": np.array([1.0])}
    assert np.allclose(sat.apply(x, p), (1 - np.exp(-2 * x)) / (1 + np.exp(-2 * x)))


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.01, 1e5), k=st.floats(0.1, 1e4), s=st.floats(0.5, 3.0))
def test_hill_derivative_matches_finite_differences(a, k, s):
    hill = tr.HillSaturation()
    p = {"half_saturation": np.array([k]), "shape": np.array([s])}
    h = a * 1e-6
    up, down = hill.apply(np.array([a + h]), p)[0], hill.apply(np.array([a - h]), p)[0]
    num = (up - down) / (2 * h)
    # the difference quotient's own rounding error: near saturation (values close to 1)
    # it outweighs a relative tolerance (a=20, k=0.109, s=3 gives 1.2e-4 relative)
    rounding = 4 * np.finfo(float).eps * max(abs(up), abs(down)) / (2 * h)
    assert hill.derivative(np.array([a]), p)[0] == pytest.approx(num, rel=1e-4,
                                                                 abs=max(1e-12, rounding))


def test_hill_derivative_near_saturation() -> None:
    """The case where the difference quotient is too coarse, against the closed form
    s·aˢ⁻¹·kˢ / (aˢ + kˢ)²."""
    a, k, s = 20.0, 0.109375, 3.0
    p = {"half_saturation": np.array([k]), "shape": np.array([s])}
    exact = s * a ** (s - 1) * k**s / (a**s + k**s) ** 2
    assert tr.HillSaturation().derivative(np.array([a]), p)[0] == pytest.approx(exact, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(decay=st.floats(0.0, 0.95), seed=st.integers(0, 1000))
def test_adstock_preserves_total_effect(decay, seed):
    # followed by enough zero periods, normalised adstock keeps the spend total
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.gamma(2.0, size=20), np.zeros(600)])[:, None]
    out = tr.GeometricAdstock().apply(x, {"decay": np.array([decay])})
    assert out.sum() == pytest.approx(x.sum(), rel=1e-6)


def test_unknown_names_raise_data_error():
    with pytest.raises(DataError, match="adstock"):
        tr.adstock_for("delayed")
    with pytest.raises(DataError, match="saturation"):
        tr.saturation_for("tanh")
