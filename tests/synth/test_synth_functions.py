"""The small generating functions: seeding, adstock, Hill, contributions, marginal ROAS."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from smtools.synth import media, seeding
from smtools.synth.journeys import conversion_probability, removal_effects


def test_stable_hash_is_the_same_in_another_process() -> None:
    code = "from smtools.synth.seeding import stable_hash; print(stable_hash('bistro-lumiere'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONHASHSEED": "123"})
    assert int(out.stdout) == seeding.stable_hash("bistro-lumiere")


def test_rng_for_uses_seed_plus_hash() -> None:
    expected = np.random.default_rng(5 + seeding.stable_hash("acme")).random()
    assert seeding.rng_for("acme", 5).random() == expected


@pytest.mark.parametrize("seed", [-1, 1.5, True, "0"])
def test_bad_seed_rejected(seed: object) -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        seeding.rng_for("acme", seed)  # type: ignore[arg-type]


def test_geometric_adstock_matches_the_recursion() -> None:
    rng = np.random.default_rng(0)
    x = rng.gamma(2.0, 10.0, 200)
    theta = 0.45
    expected = np.zeros_like(x)
    carry = 0.0
    for t, v in enumerate(x):
        carry = v + theta * carry
        expected[t] = carry
    np.testing.assert_allclose(media.geometric_adstock(x, theta), expected, rtol=1e-12)
    # a unit pulse carries 1 / (1 - theta) in total
    pulse = np.zeros(500)
    pulse[0] = 1.0
    assert media.geometric_adstock(pulse, theta).sum() == pytest.approx(1 / (1 - theta))
    assert media.geometric_adstock(pulse, theta, normalize=True).sum() == pytest.approx(1.0)


def test_adstock_works_on_columns_and_rejects_bad_decay() -> None:
    x = np.ones((5, 2))
    out = media.geometric_adstock(x, 0.5)
    np.testing.assert_allclose(out[:, 0], out[:, 1])
    with pytest.raises(ValueError, match="decay"):
        media.geometric_adstock(x, 1.0)


def test_hill_properties() -> None:
    x = np.linspace(0, 50, 501)
    h = media.hill(x, 10.0, 1.7)
    assert h[0] == 0.0
    assert h[100] == pytest.approx(0.5)
    assert np.all(np.diff(h) > 0) and h[-1] < 1
    with pytest.raises(ValueError):
        media.hill(x, 0.0, 1.0)


def test_marginal_roas_is_the_defined_finite_difference() -> None:
    x = np.random.default_rng(1).gamma(2.0, 20.0, 365)
    kw = {"decay": 0.3, "half_saturation": 40.0, "shape": 1.4, "beta": 500.0}
    c = media.channel_contribution
    expected = (c(x * 1.01, **kw).sum() - c(x, **kw).sum()) / (0.01 * x.sum())
    assert media.marginal_roas(x, **kw) == pytest.approx(expected, rel=1e-12)
    # saturated: marginal below average ROAS
    assert media.marginal_roas(x, **kw) < c(x, **kw).sum() / x.sum()


def test_conversion_probability_and_removal_effects() -> None:
    counts = np.array([[0, 0], [2, 0], [1, 3]])
    e = np.array([0.1, 0.05])
    p = conversion_probability(0.02, counts, e)
    np.testing.assert_allclose(p, [0.02, 1 - 0.98 * 0.81, 1 - 0.98 * 0.9 * 0.95 ** 3])
    r = removal_effects(0.02, counts, e)
    without_first = conversion_probability(0.02, counts * [0, 1], e).sum()
    assert r["removal_effect"][0] == pytest.approx((p.sum() - without_first) / p.sum())
