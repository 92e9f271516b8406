"""GRP/TRP, CPM and the two CPPs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smtools import DataError, reach


def test_grp_is_reach_percent_times_frequency_and_impressions_over_population() -> None:
    assert reach.grp(0.30, 2.5) == pytest.approx(75.0)
    # 750,000 impressions on 1,000,000 people reaching 30% -> frequency 2.5 -> 75 GRP
    assert reach.grp_from_impressions(750_000, 1_000_000) == pytest.approx(75.0)
    assert reach.frequency_from_grp(75.0, 0.30) == pytest.approx(2.5)
    assert reach.reach_from_grp(75.0, 2.5) == pytest.approx(0.30)
    assert reach.impressions_from_grp(75.0, 1_000_000) == pytest.approx(750_000)


def test_cost_per_point_and_cost_per_thousand_reached_are_different_numbers() -> None:
    cost, population, reached, impressions = 10_000.0, 2_000_000.0, 400_000.0, 1_200_000.0
    grp = reach.grp_from_impressions(impressions, population)          # 60 GRP
    assert reach.cost_per_point(cost, grp) == pytest.approx(10_000 / 60)
    assert reach.cost_per_thousand_reached(cost, reached) == pytest.approx(25.0)
    assert reach.cpm(cost, impressions) == pytest.approx(10_000 / 1_200)
    assert reach.cost_per_point(cost, grp) != pytest.approx(
        reach.cost_per_thousand_reached(cost, reached))
    # classic CPP = CPM x population / 100,000
    assert reach.cost_per_point(cost, grp) == pytest.approx(
        reach.cpm(cost, impressions) * population / 100_000)


def test_budget_and_impressions_round_trip() -> None:
    imps = reach.impressions_for_budget(2_500, 6.25)
    assert imps == pytest.approx(400_000)
    assert reach.budget_for_impressions(imps, 6.25) == pytest.approx(2_500)


def test_arrays_and_series_keep_their_shape() -> None:
    out = reach.grp(np.array([0.1, 0.2]), 3)
    assert isinstance(out, np.ndarray) and out.tolist() == pytest.approx([30.0, 60.0])
    spend = pd.Series([100.0, 200.0], index=["fb", "tt"])
    series = reach.cpm(spend, 50_000)
    assert isinstance(series, pd.Series) and list(series.index) == ["fb", "tt"]
    assert series.tolist() == pytest.approx([2.0, 4.0])
    assert isinstance(reach.grp(0.2, 2), float)


@pytest.mark.parametrize(("call", "column"), [
    (lambda: reach.grp(-0.1, 2), "reach"),
    (lambda: reach.grp(30, 2), "reach"),
    (lambda: reach.grp(0.3, 0.5), "frequency"),
    (lambda: reach.grp_from_impressions(100, 0), "population"),
    (lambda: reach.cpm(100, 0), "impressions"),
    (lambda: reach.cpm(-5, 100), "cost"),
    (lambda: reach.cost_per_point(100, 0), "grp"),
    (lambda: reach.cost_per_thousand_reached(100, 0), "reached"),
    (lambda: reach.impressions_for_budget(100, 0), "cpm"),
    (lambda: reach.frequency_from_grp(20, 0.3), "grp"),
    (lambda: reach.frequency_from_grp(20, 0.0), "reach"),
    (lambda: reach.reach_from_grp(300, 2), "frequency"),
    (lambda: reach.cpm("a lot", 100), "cost"),
    (lambda: reach.grp(float("nan"), 2), "reach"),
    (lambda: reach.cpm(100, float("inf")), "impressions"),
])
def test_bad_parameters_raise_data_errors_naming_them(call, column: str) -> None:
    with pytest.raises(DataError) as info:
        call()
    assert info.value.column == column
    assert info.value.hint
