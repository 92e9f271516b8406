"""Rule-based models: first, last, linear, time decay, position based."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smtools.errors import DataError
from smtools.roi import attribution

T0 = pd.Timestamp("2026-03-02", tz="UTC")
DATA = Path(__file__).resolve().parents[1] / "data" / "attribution"


def one_path(path: str, conversions: float = 1.0, value: float | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"path": [path], "total_conversions": [conversions],
                          "total_null": [0]})
    if value is not None:
        frame["total_conversion_value"] = [value]
    return frame


def shares(frame: pd.DataFrame, model: str, **kw) -> dict[str, float]:
    out = attribution.heuristics(frame, models=[model], **kw)[model]
    return {k: round(v, 10) for k, v in out.items()}


def test_first_last_linear_on_a_path_with_a_repeat() -> None:
    frame = one_path("facebook > search > facebook > email", 4, 100.0)
    out = attribution.heuristics(frame)
    assert out["first_touch"].to_dict() == {"email": 0, "facebook": 4, "search": 0}
    assert out["last_touch"].to_dict() == {"email": 4, "facebook": 0, "search": 0}
    # every touch gets a quarter: facebook twice
    assert out["linear"].to_dict() == {"email": 1, "facebook": 2, "search": 1}
    assert out["linear_value"].to_dict() == {"email": 25, "facebook": 50, "search": 25}
    deduped = attribution.heuristics(one_path("facebook > facebook > email", 2),
                                     dedupe=True)
    assert deduped["linear"].to_dict() == {"email": 1, "facebook": 1}


@pytest.mark.parametrize(("path", "expected"), [
    ("a", {"a": 1.0}),                                     # one touch: everything
    ("a > b", {"a": 0.5, "b": 0.5}),                       # two touches: 50/50
    ("a > b > c", {"a": 0.4, "b": 0.2, "c": 0.4}),
    ("a > b > c > d > e", {"a": 0.4, "b": 0.2 / 3, "c": 0.2 / 3, "d": 0.2 / 3, "e": 0.4}),
    ("a > b > a", {"a": 0.8, "b": 0.2}),
])
def test_position_based_conventions(path: str, expected: dict[str, float]) -> None:
    assert shares(one_path(path), "position_based") == pytest.approx(expected)


def test_position_based_custom_weights() -> None:
    assert shares(one_path("a > b > c > d"), "position_based",
                  position_weights=(0.3, 0.4, 0.3)) == pytest.approx(
        {"a": 0.3, "b": 0.2, "c": 0.2, "d": 0.3})
    # two touches: the middle share goes to the ends in proportion to their weights
    assert shares(one_path("a > b"), "position_based",
                  position_weights=(0.6, 0.2, 0.2)) == pytest.approx({"a": 0.75, "b": 0.25})
    # no weight on the ends: two touches split evenly
    assert shares(one_path("a > b"), "position_based",
                  position_weights=(0, 1, 0)) == pytest.approx({"a": 0.5, "b": 0.5})


def test_time_decay_halves_per_half_life() -> None:
    frame = pd.DataFrame({
        "user_key": "u1", "client": "acme",
        "ts": [T0, T0 + pd.Timedelta(days=7), T0 + pd.Timedelta(days=14),
               T0 + pd.Timedelta(days=14)],
        "event": ["touch", "touch", "touch", "conversion"],
        "channel": ["a", "b", "c", None], "value": [None, None, None, 70.0],
        "currency": "EUR",
    })
    # ages 14, 7 and 0 days: weights 1/4, 1/2, 1, normalised by 7/4
    out = attribution.heuristics(frame, models=["time_decay"], half_life=7)
    assert out["time_decay"].to_dict() == pytest.approx({"a": 1 / 7, "b": 2 / 7, "c": 4 / 7})
    assert out["time_decay_value"].to_dict() == pytest.approx({"a": 10, "b": 20, "c": 40})
    # a long half-life tends to linear, a short one to last touch
    long = attribution.heuristics(frame, models=["time_decay"], half_life=1e6)
    assert long["time_decay"].to_numpy() == pytest.approx([1 / 3] * 3, abs=1e-5)
    short = attribution.heuristics(frame, models=["time_decay"], half_life=0.01)
    assert short["time_decay"].to_dict() == pytest.approx({"a": 0, "b": 0, "c": 1})


def test_time_decay_survives_very_old_touches() -> None:
    frame = pd.DataFrame({
        "user_key": "u1", "ts": [T0, T0 + pd.Timedelta(days=3000),
                                 T0 + pd.Timedelta(days=3001)],
        "event": ["touch", "touch", "conversion"], "channel": ["a", "b", None],
    })
    out = attribution.heuristics(frame, models=["time_decay"], half_life=1)
    assert out["time_decay"].sum() == pytest.approx(1.0)
    assert out.loc["b", "time_decay"] == pytest.approx(1.0)


def test_layout_and_totals() -> None:
    frame = pd.read_csv(DATA / "handmade_paths.csv")
    out = attribution.heuristics(frame)
    models = ["first_touch", "last_touch", "linear", "position_based"]
    assert list(out.columns) == [*models, *(f"{m}_value" for m in models)]
    assert out.index.name == "channel" and list(out.index) == sorted(out.index)
    assert out[models].sum().to_numpy() == pytest.approx(frame["total_conversions"].sum())
    assert out[[f"{m}_value" for m in models]].sum().to_numpy() == pytest.approx(
        frame["total_conversion_value"].sum())
    assert (out >= 0).all().all()
    # value follows conversions within each path: a path with value v per conversion
    single = one_path("a > b > c", 3, 90.0)
    h = attribution.heuristics(single)
    for m in models:
        assert h[f"{m}_value"].to_numpy() == pytest.approx(30 * h[m].to_numpy())


def test_channels_only_in_paths_that_did_not_convert_get_zero() -> None:
    frame = pd.DataFrame({"path": ["a > b", "c"], "total_conversions": [2, 0],
                          "total_null": [1, 9]})
    out = attribution.heuristics(frame)
    assert out.loc["c"].fillna(0).eq(0).all()


def test_time_decay_needs_journeys_and_options_are_checked() -> None:
    frame = one_path("a > b")
    assert "time_decay" not in attribution.heuristics(frame).columns
    with pytest.raises(DataError, match="time_decay model needs the time"):
        attribution.heuristics(frame, models=["time_decay"])
    with pytest.raises(DataError, match="unknown attribution model 'u_shaped'"):
        attribution.heuristics(frame, models=["u_shaped"])
    with pytest.raises(DataError, match="models= names no model"):
        attribution.heuristics(frame, models=[])
    with pytest.raises(DataError, match="half_life"):
        attribution.heuristics(frame, half_life=0)
    for bad in [(0.5, 0.5, 0.5), (0.5, 0.5), (-0.2, 0.8, 0.4), ("x", 1, 0)]:
        with pytest.raises(DataError, match="position_weights"):
            attribution.heuristics(frame, position_weights=bad)


def test_single_model_name_as_string() -> None:
    out = attribution.heuristics(one_path("a > b", 2), models="last_touch")
    assert list(out.columns) == ["last_touch", "last_touch_value"]
    assert np.isnan(out["last_touch_value"]).all()
