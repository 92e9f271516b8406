"""Frequency distributions from platform counts, and cross-network convolution."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from smtools import DataError, reach


def test_counts_become_population_shares() -> None:
    fd = reach.frequency_distribution(pd.Series({1: 600, 2: 300, 4: 100}), population=2_000)
    assert fd.distribution.tolist() == pytest.approx([0.5, 0.3, 0.15, 0.0, 0.05])
    assert fd.reach == pytest.approx(0.5)
    assert fd.grp == pytest.approx(100 * (600 + 600 + 400) / 2_000)
    assert fd.effective_reach() == pytest.approx(0.05)
    assert fd.at_least(2) == pytest.approx(0.2)


def test_open_ended_last_row_needs_impressions() -> None:
    counts = {1: 500, 2: 200, 3: 100}
    with pytest.raises(DataError) as info:
        reach.frequency_distribution(counts, population=1_000, open_ended=True)
    assert info.value.column == "impressions"
    fd = reach.frequency_distribution(counts, population=1_000, impressions=1_400,
                                      open_ended=True)
    assert fd.open_ended and fd.grp == pytest.approx(140.0)
    assert fd.at_least(3) == pytest.approx(0.1)
    with pytest.raises(DataError):
        fd.exactly(3)               # the 3+ row is not "exactly 3"
    with pytest.raises(DataError):
        fd.at_least(4)
    with pytest.raises(DataError) as info:   # fewer impressions than the counts imply
        reach.frequency_distribution(counts, population=1_000, impressions=1_000,
                                     open_ended=True)
    assert info.value.column == "impressions"


@pytest.mark.parametrize(("counts", "kwargs", "column"), [
    ({1: 800, 2: 300}, {"population": 1_000}, "population"),
    ({0: 10, 1: 5}, {"population": 100}, "counts"),
    ({1.5: 10}, {"population": 100}, "counts"),
    ({1: -5}, {"population": 100}, "counts"),
    ({"10+": 5}, {"population": 100}, "counts"),
    ({}, {"population": 100}, "counts"),
    ([10, 5], {"population": 0}, "population"),
    ([10, 5], {"population": 100, "impressions": 30}, "impressions"),
])
def test_bad_counts(counts, kwargs, column) -> None:
    with pytest.raises(DataError) as info:
        reach.frequency_distribution(counts, **kwargs)
    assert info.value.column == column


def test_convolution_equals_enumeration_of_independent_networks() -> None:
    a = pd.Series([0.5, 0.3, 0.2])
    b = pd.Series([0.7, 0.1, 0.1, 0.1])
    c = reach.binomial(0.3, 2)
    expected = np.zeros(8)
    for (i, pa), (j, pb), (k, pc) in itertools.product(enumerate(a), enumerate(b),
                                                       enumerate(c.distribution)):
        expected[i + j + k] += pa * pb * pc
    plan = reach.combine_networks({"meta": a, "tiktok": b, "youtube": c})
    assert plan.distribution.to_numpy() == pytest.approx(expected)
    assert plan.distribution.sum() == pytest.approx(1.0)
    assert plan.reach == pytest.approx(1 - 0.5 * 0.7 * 0.49)
    assert plan.grp == pytest.approx(70 + 60 + 60)
    assert "independence" in plan.source


def test_convolution_of_single_insertions_is_sainsbury() -> None:
    parts = [reach.binomial(p, 1) for p in (0.3, 0.4, 0.2)]
    assert reach.combine_networks(parts).distribution.to_numpy() == pytest.approx(
        reach.sainsbury([0.3, 0.4, 0.2]).distribution.to_numpy())


def test_open_ended_inputs_give_an_exact_head_and_a_grouped_tail() -> None:
    curve = reach.goerg(2.0, 0.5)      # per-person units, ceiling 2/3 of... its own universe
    open_part = curve.at(2.0, max_k=4)
    closed = reach.binomial(0.3, 3)
    plan = reach.combine_networks([open_part, closed])
    assert plan.open_ended and plan.n == 4
    fine = reach.combine_networks([curve.at(2.0, max_k=40), closed])
    assert plan.distribution.iloc[:4].to_numpy() == pytest.approx(
        fine.distribution.iloc[:4].to_numpy())
    assert plan.distribution.iloc[4] == pytest.approx(fine.at_least(4))
    assert plan.exposures == pytest.approx(open_part.exposures + closed.exposures)


def test_combine_networks_errors() -> None:
    with pytest.raises(DataError):
        reach.combine_networks([])
    with pytest.raises(DataError):
        reach.combine_networks([0.3, 0.4])
    with pytest.raises(DataError):
        reach.combine_networks(pd.Series([0.5, 0.5]))
    with pytest.raises(DataError):
        reach.combine_networks([pd.Series([0.5, 0.4])])    # does not sum to 1
