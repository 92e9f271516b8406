"""Published worked examples and peer-package results (tests/data/reach/known_answers.yaml).

Each case says which function it calls and which values it checks; the
README next to the data file says where each figure was published and how
confident we are in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from smtools import reach

DATA = Path(__file__).resolve().parent.parent / "data" / "reach"
CASES = yaml.safe_load((DATA / "known_answers.yaml").read_text(encoding="utf-8"))


def _evaluate(value: Any) -> Any:
    if isinstance(value, dict) and "call" in value:
        func = getattr(reach, value["call"])
        args = [_evaluate(a) for a in value.get("args", [])]
        kwargs = {k: _evaluate(v) for k, v in value.get("kwargs", {}).items()}
        return func(*args, **kwargs)
    if isinstance(value, list):
        return [_evaluate(v) for v in value]
    return value


def _get(result: Any, path: str | list) -> float:
    if path == "self":
        return float(result)
    if isinstance(path, str):
        return float(getattr(result, path))
    name, *args = path
    return float(getattr(result, name)(*args))


def test_every_case_is_documented() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    missing = [i for i in ids if f"`{i}`" not in readme]
    assert not missing, f"cases without a source in README.md: {missing}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_known_answer(case: dict) -> None:
    result = _evaluate({"call": case["call"], "args": case.get("args", []),
                        "kwargs": case.get("kwargs", {})})
    for check in case["expect"]:
        got = _get(result, check["get"])
        assert got == pytest.approx(check["value"], abs=check["tol"]), check


def test_goerg_spend_quantiles_via_inverse_curve() -> None:
    # WFA planning-evaluation-framework goerg_model_test: spend at reach quantiles 1/3 and 1/2
    # of the ceiling for the model fitted to (20,000 impressions, 10,000 reached, 200 spent).
    curve = reach.goerg(20_000, 10_000)
    cpm = reach.cpm(200, 20_000)
    for quantile, spend in ((1 / 3, 100.0), (0.5, 200.0)):
        impressions = curve.impressions_for(quantile * curve.ceiling)
        assert reach.budget_for_impressions(impressions, cpm) == pytest.approx(spend)


def test_cpm_cpp_relation_of_radioconnects() -> None:
    # radioconnects.ca "Formulas": CPM = (CPP x 100) / (population / 1000)
    cost, grp, population = 48_000.0, 160.0, 2_500_000.0
    impressions = reach.impressions_from_grp(grp, population)
    left = reach.cpm(cost, impressions)
    right = reach.cost_per_point(cost, grp) * 100 / (population / 1000)
    assert left == pytest.approx(right)
