"""Produce the ChannelAttribution reference outputs stored beside this script.

Run it with a Python that has ChannelAttribution (PyPI ``channelattribution``; it is
not a dependency of smtools, so use a separate virtualenv)::

    python3 -m venv .venv-peers
    .venv-peers/bin/pip install channelattribution pandas matplotlib
    .venv-peers/bin/python tests/data/attribution/make_reference.py

For every input paths file (``<set>_paths.csv``) it writes

- ``reference_<set>_heuristics.csv``: ``heuristic_models`` (first, last, linear touch);
- ``reference_<set>_markov_o<k>.csv``: ``markov_model`` result and removal effects,
  order k = 1 and 2;
- ``reference_<set>_transitions_o1.csv``: ``transition_matrix`` order 1, with and
  without repeated states (``flg_equal``), channel ids replaced by names;

and ``reference_meta.json`` with the package version, the calls and their arguments,
and the SHA-256 of each input file.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
SETS = ("handmade", "generated")
MARKOV_ARGS = {
    "var_path": "path",
    "var_conv": "total_conversions",
    "var_value": "total_conversion_value",
    "var_null": "total_null",
    "nsim_start": 5e7,
    "max_step": None,
    "out_more": True,
    "sep": ">",
    "ncore": 2,
    "nfold": 10,
    "seed": 0,
    "conv_par": 0.05,
    "rate_step_sim": 1.5,
    "verbose": False,
    "flg_pro": False,
}
HEURISTIC_ARGS = {"var_path": "path", "var_conv": "total_conversions",
                  "var_value": "total_conversion_value", "sep": ">", "flg_pro": False}
ORDERS = (1, 2)


def main() -> None:
    import ChannelAttribution as ca  # noqa: N813 - the package's own name

    meta: dict[str, object] = {
        "package": "channelattribution",
        "version": version("channelattribution"),
        "python": platform.python_version(),
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "script": "tests/data/attribution/make_reference.py",
        "note": ("markov_model is simulation-based: its figures carry Monte-Carlo noise "
                 "(nsim_start=5e7 keeps it well under 1% for the channels here); its value "
                 "attribution weights simulated conversion values by the last channel, "
                 "which is not the convention of smtools (value in the same proportions as "
                 "conversions), so only conversions and removal effects are compared."),
        "calls": {},
        "inputs": {},
    }
    for name in SETS:
        src = HERE / f"{name}_paths.csv"
        data = pd.read_csv(src)
        meta["inputs"][src.name] = hashlib.sha256(src.read_bytes()).hexdigest()
        heur = ca.heuristic_models(data, **HEURISTIC_ARGS)
        heur.to_csv(HERE / f"reference_{name}_heuristics.csv", index=False)
        meta["calls"][f"reference_{name}_heuristics.csv"] = {
            "function": "heuristic_models", "input": src.name, **HEURISTIC_ARGS}
        for order in ORDERS:
            out = ca.markov_model(data, order=order, **MARKOV_ARGS)
            frame = out["result"].merge(out["removal_effects"], on="channel_name")
            frame.to_csv(HERE / f"reference_{name}_markov_o{order}.csv", index=False)
            meta["calls"][f"reference_{name}_markov_o{order}.csv"] = {
                "function": "markov_model", "input": src.name, "order": order,
                **MARKOV_ARGS}
        parts = []
        for equal in (False, True):
            tm = ca.transition_matrix(data, "path", "total_conversions", "total_null",
                                      order=1, sep=">", flg_equal=equal, flg_pro=False)
            names = dict(zip(tm["channels"]["id_channel"].astype(str),
                             tm["channels"]["channel_name"], strict=True))
            frame = tm["transition_matrix"].replace({"channel_from": names,
                                                     "channel_to": names})
            frame.insert(0, "flg_equal", equal)
            parts.append(frame)
        pd.concat(parts).to_csv(HERE / f"reference_{name}_transitions_o1.csv", index=False)
        meta["calls"][f"reference_{name}_transitions_o1.csv"] = {
            "function": "transition_matrix", "input": src.name, "var_path": "path",
            "var_conv": "total_conversions", "var_null": "total_null", "order": 1,
            "sep": ">", "flg_equal": [False, True]}
        print(f"{name}: done", file=sys.stderr)
    (HERE / "reference_meta.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
