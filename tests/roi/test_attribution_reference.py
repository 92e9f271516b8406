"""smtools attribution against ChannelAttribution's stored outputs.

The reference files in ``tests/data/attribution/`` were produced by
``make_reference.py`` with ChannelAttribution (PyPI ``channelattribution``; version,
calls, arguments and input hashes in ``reference_meta.json``). ChannelAttribution is
not needed to run these tests.

- heuristic models: identical (floating-point rounding only);
- transition matrices: identical (they are counts in both packages);
- Markov conversions: within 3 % per channel (ChannelAttribution simulates the chain,
  smtools solves it exactly, so the difference is its Monte-Carlo error).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from smtools.roi import attribution

DATA = Path(__file__).resolve().parents[1] / "data" / "attribution"
SETS = ["handmade", "generated"]
META = json.loads((DATA / "reference_meta.json").read_text())


def paths_of(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}_paths.csv")


def reference(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name).set_index("channel_name").sort_index()


def test_reference_inputs_are_the_files_it_was_made_from() -> None:
    assert META["package"] == "channelattribution"
    for name in SETS:
        src = DATA / f"{name}_paths.csv"
        assert hashlib.sha256(src.read_bytes()).hexdigest() == META["inputs"][src.name]
    for output, call in META["calls"].items():
        assert (DATA / output).exists()
        assert call["input"] in META["inputs"]


@pytest.mark.parametrize("name", SETS)
def test_heuristics_equal_channelattribution(name: str) -> None:
    ref = reference(f"reference_{name}_heuristics.csv")
    ours = attribution.heuristics(paths_of(name))
    assert sorted(ours.index) == list(ref.index)
    for model, theirs in (("first_touch", "first_touch"), ("last_touch", "last_touch"),
                          ("linear", "linear_touch")):
        assert ours[model].to_numpy() == pytest.approx(
            ref[f"{theirs}_conversions"].to_numpy(), rel=1e-12, abs=1e-9)
        assert ours[f"{model}_value"].to_numpy() == pytest.approx(
            ref[f"{theirs}_value"].to_numpy(), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("order", [1, 2])
def test_markov_within_three_percent_of_channelattribution(name: str, order: int) -> None:
    ref = reference(f"reference_{name}_markov_o{order}.csv")
    ours = attribution.markov(paths_of(name), order=order)
    assert list(ours.index) == list(ref.index)
    relative = (ours["conversions"] / ref["total_conversions"] - 1).abs()
    assert relative.max() < 0.03, relative.to_dict()
    effects = (ours["removal_effect"] - ref["removal_effects_conversion"]).abs()
    assert effects.max() < 0.01, effects.to_dict()
    assert ours["conversions"].sum() == pytest.approx(ref["total_conversions"].sum())


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("flg_equal", [False, True])
def test_transition_matrix_equals_channelattribution(name: str, flg_equal: bool) -> None:
    ref = pd.read_csv(DATA / f"reference_{name}_transitions_o1.csv")
    ref = ref[ref["flg_equal"] == flg_equal].set_index(["channel_from", "channel_to"])
    ref = ref["transition_probability"]
    # ChannelAttribution's flg_equal=True keeps repeated states: our dedupe=False
    model = attribution.Markov(order=1, dedupe=not flg_equal).fit(paths_of(name))
    ours = model.transition_matrix_.stack()
    ours = ours[ours > 0]
    assert set(ours.index) == set(ref.index)
    assert ours.loc[ref.index].to_numpy() == pytest.approx(ref.to_numpy(), rel=1e-12)
