"""Markov-chain attribution: exact removal effects, orders, the transition matrix."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smtools.errors import DataError
from smtools.roi import attribution
from smtools.roi.attribution._markov import _count_pairs, absorption, build_chain
from smtools.roi.attribution._paths import as_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "attribution"


def frame(rows: list[tuple[str, float, float]], value: list[float] | None = None
          ) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["path", "total_conversions", "total_null"])
    if value is not None:
        out["total_conversion_value"] = value
    return out


def test_removal_effects_by_hand_on_a_chain_without_cycles() -> None:
    data = frame([("A > B", 2, 2), ("B", 1, 3), ("A", 0, 2)], value=[200.0, 40.0, 0.0])
    # Counted transitions (each path is walked as often as it was seen):
    #   (start) → A : 4 + 2 = 6         (start) → B : 4          → P = 0.6 / 0.4
    #   A → B : 4     A → (null) : 2                              → P = 2/3 / 1/3
    #   B → (conversion) : 2 + 1 = 3     B → (null) : 2 + 3 = 5    → P = 3/8 / 5/8
    # P(conversion) = 0.6 · 2/3 · 3/8 + 0.4 · 3/8 = 0.15 + 0.15 = 0.3
    # without A: 0.4 · 3/8 = 0.15  → removal effect 1 − 0.15 / 0.3 = 0.5
    # without B: 0                 → removal effect 1
    # conversions (3) in proportion 0.5 : 1 → A 1, B 2; value (240) likewise → 80, 160
    model = attribution.Markov(order=1).fit(data)
    assert model.conversion_probability_ == pytest.approx(0.3)
    assert model.removal_effects_.to_dict() == pytest.approx({"A": 0.5, "B": 1.0})
    out = model.attribution_
    assert out["conversions"].to_dict() == pytest.approx({"A": 1.0, "B": 2.0})
    assert out["value"].to_dict() == pytest.approx({"A": 80.0, "B": 160.0})
    tm = model.transition_matrix_
    assert tm.loc["(start)", "A"] == pytest.approx(0.6)
    assert tm.loc["A", "B"] == pytest.approx(2 / 3)
    assert tm.loc["A", "(null)"] == pytest.approx(1 / 3)
    assert tm.loc["B", "(conversion)"] == pytest.approx(3 / 8)
    assert tm.sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_removal_effects_by_hand_on_a_chain_with_a_cycle() -> None:
    data = frame([("A > B > A", 1, 1), ("B", 1, 1)])
    # (start) → A : 2, (start) → B : 2;  A → B : 2, A → conv : 1, A → null : 1;
    # B → A : 2, B → conv : 1, B → null : 1.  So from A and from B: 1/2 to the other,
    # 1/4 convert, 1/4 null.  h_A = 1/4 + h_B / 2 and h_B = 1/4 + h_A / 2 → h = 1/2:
    # the geometric series of going round the cycle (a simulation that stops after a
    # few steps under-counts it).  P(conversion) = 1/2.
    # Without A: (start) → B (1/2) → conv (1/4) = 1/8 → removal effect 1 − (1/8)/(1/2) = 3/4;
    # the same for B by symmetry, so the 2 conversions split 1 : 1.
    model = attribution.Markov(order=1).fit(data)
    assert model.conversion_probability_ == pytest.approx(0.5)
    assert model.removal_effects_.to_dict() == pytest.approx({"A": 0.75, "B": 0.75})
    assert model.attribution_["conversions"].to_dict() == pytest.approx({"A": 1, "B": 1})


def test_removal_effect_is_the_share_of_converting_walks_through_the_channel() -> None:
    # 1 - P(convert without c) / P(convert) = P(pass through c | convert): checked by
    # enumerating the walks of the acyclic chain above with their probabilities.
    data = frame([("A > B", 2, 2), ("B", 1, 3), ("A", 0, 2)])
    walks = {("A", "B"): 0.6 * 2 / 3 * 3 / 8, ("B",): 0.4 * 3 / 8}
    total = sum(walks.values())
    effects = attribution.Markov().fit(data).removal_effects_
    for c in ("A", "B"):
        assert effects[c] == pytest.approx(sum(p for w, p in walks.items() if c in w) / total)


def test_higher_orders_equal_order_one_when_history_adds_nothing() -> None:
    # Every channel is always reached from the same predecessor (funnels a > b > c and
    # d > e, prefixes included), so the last touch already implies the whole history:
    # orders 2 and 3 must give exactly what order 1 gives.
    data = frame([("a > b > c", 5, 7), ("a > b", 3, 11), ("a", 1, 20), ("d > e", 4, 6),
                  ("d", 2, 9), ("f", 1, 4)], value=[500.0, 240.0, 60.0, 320.0, 90.0, 30.0])
    one = attribution.markov(data, order=1)
    for order in (2, 3):
        pd.testing.assert_frame_equal(attribution.markov(data, order=order), one,
                                      check_exact=False, rtol=1e-12, atol=1e-12)
    # and on such data the chain reproduces the observed conversions exactly
    assert attribution.Markov(order=1).fit(data).conversion_probability_ == pytest.approx(
        16 / (16 + 57))


def test_history_matters_at_order_two_when_predecessors_differ() -> None:
    data = frame([("a > c", 9, 1), ("b > c", 1, 9), ("a", 0, 10), ("b", 0, 10)])
    one = attribution.markov(data, order=1)
    two = attribution.markov(data, order=2)
    assert two.loc["a", "conversions"] > one.loc["a", "conversions"]
    assert two["conversions"].sum() == pytest.approx(10)


def test_dedupe_changes_nothing_at_order_one_but_does_at_order_two() -> None:
    data = frame([("a > a > b", 3, 2), ("b > b > b > a", 2, 5), ("a > b > a", 1, 1),
                  ("b", 1, 6), ("a > a", 0, 4)])
    pd.testing.assert_frame_equal(attribution.markov(data, dedupe=True),
                                  attribution.markov(data, dedupe=False),
                                  check_exact=False, rtol=1e-12)
    kept = attribution.Markov(order=2, dedupe=False).fit(data).transition_matrix_
    merged = attribution.Markov(order=2, dedupe=True).fit(data).transition_matrix_
    assert kept.loc["b > b", "b > b"] > 0
    assert merged.loc["b > b", "b > b"] == 0
    # order-2 states of a > a > b keep the repeat: (a, a) then (a, b)
    assert {"a > a", "a > b"} <= set(merged.index)


def test_order_two_windows() -> None:
    data = frame([("a > b > c", 1, 0), ("d", 0, 1)])
    chain = build_chain(as_paths(data), order=2)
    labels = chain.labels()
    assert labels[0] == "(start)"
    assert set(labels[1:]) == {"a > b", "b > c", "d"}  # a one-touch path is its own state
    tm = attribution.Markov(order=2).fit(data).transition_matrix_
    assert tm.loc["(start)", "a > b"] == pytest.approx(0.5)
    assert tm.loc["a > b", "b > c"] == 1.0
    assert tm.loc["b > c", "(conversion)"] == 1.0
    assert tm.loc["d", "(null)"] == 1.0


def test_recovers_the_removal_effects_of_the_generating_process() -> None:
    truth = json.loads((DATA / "generated_truth.json").read_text())["removal_effects"]
    data = pd.read_csv(DATA / "generated_paths.csv")
    effects = attribution.Markov(order=1).fit(data).removal_effects_
    assert set(effects.index) == set(truth)
    for channel, value in truth.items():
        assert effects[channel] == pytest.approx(value, abs=0.02), channel


def test_sparse_solver_agrees_with_a_dense_solve() -> None:
    rng = np.random.default_rng(3)
    names = [f"c{i}" for i in range(9)]
    rows = [(" > ".join(rng.choice(names, size=int(rng.integers(1, 7)))),
             int(rng.integers(0, 3)), int(rng.integers(0, 6))) for _ in range(900)]
    data = frame(rows)
    chain = build_chain(as_paths(data), order=3)
    assert chain.n_states > 400  # the sparse LU branch
    q, r, _ = chain.probabilities()
    dense = np.linalg.solve(np.eye(chain.n_states) - q.toarray(), r)
    assert absorption(q, r) == pytest.approx(dense, rel=1e-10, abs=1e-12)
    keep = ~chain.contains()[:, 0]
    idx = np.flatnonzero(keep)
    sub = np.linalg.solve(np.eye(len(idx)) - q.toarray()[np.ix_(idx, idx)], r[idx])
    assert absorption(q, r, keep) == pytest.approx(sub, rel=1e-10, abs=1e-12)
    out = attribution.markov(data, order=3)
    assert out["conversions"].sum() == pytest.approx(data["total_conversions"].sum())


@pytest.mark.parametrize("n", [30, 1500])  # dense count table / sparse coo branch
def test_transition_counts(n: int) -> None:
    rng = np.random.default_rng(n)
    frm, to = rng.integers(0, n, 5000), rng.integers(0, n, 5000)
    weights = rng.uniform(0, 3, 5000)
    want = np.zeros((n, n))
    np.add.at(want, (frm, to), weights)
    np.testing.assert_allclose(_count_pairs(frm, to, weights, n).toarray(), want)
    ones = np.zeros((n, n))
    np.add.at(ones, (frm, to), 1.0)
    np.testing.assert_allclose(_count_pairs(frm, to, None, n).toarray(), ones)


def test_without_null_counts_every_path_converts() -> None:
    data = pd.DataFrame({"path": ["a > b", "b", "a"], "total_conversions": [2, 1, 1]})
    model = attribution.Markov().fit(data)
    assert model.conversion_probability_ == pytest.approx(1.0)
    assert model.attribution_["conversions"].sum() == pytest.approx(4)
    assert model.attribution_["value"].isna().all()


def test_channels_from_which_no_walk_converts_get_zero() -> None:
    data = frame([("a > b", 3, 2), ("c", 0, 5), ("c > d", 0, 1)])
    out = attribution.markov(data)
    assert out.loc[["c", "d"], "conversions"].tolist() == [0, 0]
    assert out.loc[["c", "d"], "removal_effect"].tolist() == [0, 0]
    # unlike the path-based models, the chain credits a channel that leads into a
    # converting channel even if no observed converting path contains it
    linked = attribution.markov(frame([("a > b", 3, 2), ("c", 0, 5), ("c > a", 0, 1)]))
    assert linked.loc["c", "conversions"] > 0


def test_journeys_input_and_attrs() -> None:
    t0 = pd.Timestamp("2026-03-02", tz="UTC")
    journeys = pd.DataFrame({
        "client": "acme", "user_key": ["u1", "u1", "u1", "u2", "u2"],
        "ts": [t0 + pd.Timedelta(hours=h) for h in (0, 1, 2, 0, 1)],
        "event": ["touch", "touch", "conversion", "touch", "touch"],
        "channel": ["A", "B", None, "A", "A"], "value": [None, None, 90.0, None, None],
        "currency": ["EUR", "EUR", "EUR", None, None]})
    out = attribution.markov(journeys)
    assert out.attrs["currency"] == "EUR"
    assert out.attrs["conversions"] == 1
    assert out["value"].sum() == pytest.approx(90.0)


@pytest.mark.parametrize("order", [0, 4, "2", 1.5, True, None])
def test_unknown_order_is_refused(order: object) -> None:
    with pytest.raises(DataError, match="order=") as err:
        attribution.markov(frame([("a", 1, 1)]), order=order)  # type: ignore[arg-type]
    assert "order=1, 2 or 3" in (err.value.hint or "")


def test_unfitted_model_and_repr() -> None:
    model = attribution.Markov(order=2)
    assert repr(model) == "Markov(order=2, dedupe=True)"
    with pytest.raises(DataError, match="not fitted"):
        _ = model.transition_matrix_
