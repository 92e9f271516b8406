"""Shapley values over channel coalitions: axioms, hand values, the channel limit."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from smtools.errors import DataError
from smtools.roi import attribution


def frame(rows: list[tuple[str, float, float]], value: list[float] | None = None
          ) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["path", "total_conversions", "total_null"])
    if value is not None:
        out["total_conversion_value"] = value
    return out


def by_permutations(data: pd.DataFrame) -> dict[str, float]:
    """Shapley values from the definition: average marginal contribution over orderings."""
    sets = [(frozenset(t.strip() for t in p.split(">")), c)
            for p, c in zip(data["path"], data["total_conversions"], strict=True)]
    players = sorted({ch for s, c in sets if c > 0 for ch in s})

    def v(coalition: set[str]) -> float:
        return sum(c for s, c in sets if s <= coalition)

    phi = dict.fromkeys(players, 0.0)
    for order in itertools.permutations(players):
        joined: set[str] = set()
        for ch in order:
            before = v(joined)
            joined.add(ch)
            phi[ch] += v(joined) - before
    n = math.factorial(len(players))
    return {ch: total / n for ch, total in phi.items()}


def test_hand_values() -> None:
    data = frame([("a", 2, 1), ("a > b", 4, 3), ("b > c > b", 3, 2), ("c", 0, 5)])
    # v(S) = conversions of paths whose channels are all in S:
    #   v({a}) = 2, v({b}) = 0, v({c}) = 0, v({a,b}) = 6, v({b,c}) = 3, v(all) = 9.
    # a: 2 alone, plus half of the 4 it shares with b → 4
    # b: half of 4 with a, half of 3 with c → 3.5;   c: half of 3 → 1.5
    out = attribution.shapley(data)
    assert out["conversions"].to_dict() == pytest.approx({"a": 4.0, "b": 3.5, "c": 1.5})


def test_matches_the_permutation_definition() -> None:
    rng = np.random.default_rng(11)
    names = list("abcdef")
    rows = [(" > ".join(rng.choice(names, size=int(rng.integers(1, 5)))),
             int(rng.integers(0, 5)), int(rng.integers(0, 5))) for _ in range(60)]
    data = frame(rows)
    got = attribution.shapley(data)["conversions"]
    want = by_permutations(data)
    assert got[list(want)].to_numpy() == pytest.approx(list(want.values()), rel=1e-12)
    simplified = attribution.shapley(data, method="simplified")["conversions"]
    assert simplified.to_numpy() == pytest.approx(got.to_numpy(), rel=1e-12)


def test_efficiency_for_conversions_and_value() -> None:
    rng = np.random.default_rng(5)
    names = [f"ch{i}" for i in range(10)]
    rows = [(" > ".join(rng.choice(names, size=int(rng.integers(1, 6)))),
             int(rng.integers(0, 4)), int(rng.integers(0, 4))) for _ in range(200)]
    value = list(rng.uniform(0, 500, 200).round(2))
    data = frame(rows, value=value)
    data.loc[data["total_conversions"] == 0, "total_conversion_value"] = 0.0
    out = attribution.shapley(data)
    assert out["conversions"].sum() == pytest.approx(data["total_conversions"].sum())
    assert out["value"].sum() == pytest.approx(data["total_conversion_value"].sum())


def test_symmetry() -> None:
    # a and b play the same role: swapping them leaves every v(S) unchanged
    data = frame([("a > b", 3, 1), ("b > a", 1, 2), ("a > c", 2, 0), ("b > c", 2, 5),
                  ("c", 1, 1)])
    out = attribution.shapley(data)["conversions"]
    assert out["a"] == pytest.approx(out["b"])


def test_null_player() -> None:
    # d only appears in paths that did not convert: v(S ∪ {d}) = v(S) for every S
    data = frame([("a > b", 3, 1), ("d > a", 0, 4), ("d", 0, 9), ("b", 2, 2)])
    out = attribution.shapley(data)
    assert out.loc["d", "conversions"] == 0
    assert out["conversions"].sum() == pytest.approx(5)


def test_channel_limit() -> None:
    names = [f"channel_{i:02d}" for i in range(13)]
    data = frame([(name, 1, 1) for name in names] + [(" > ".join(names[:3]), 2, 0)])
    with pytest.raises(DataError, match="max_channels=12") as err:
        attribution.shapley(data)
    assert "13" in str(err.value) and "method='simplified'" in (err.value.hint or "")
    raised = attribution.shapley(data, max_channels=13)
    assert raised["conversions"].sum() == pytest.approx(15)
    unlimited = attribution.shapley(data, method="simplified")
    assert unlimited["conversions"].to_numpy() == pytest.approx(
        raised["conversions"].to_numpy())
    # channels seen only in paths that did not convert do not count towards the limit
    extra = pd.concat([data.iloc[:12], frame([("x > y > z", 0, 3)])])
    assert attribution.shapley(extra).loc["x", "conversions"] == 0


@pytest.mark.parametrize("bad", [{"method": "ordered"}, {"max_channels": 0},
                                 {"max_channels": 21}, {"max_channels": 2.5}])
def test_bad_options(bad: dict) -> None:
    with pytest.raises(DataError):
        attribution.shapley(frame([("a > b", 1, 1)]), **bad)
