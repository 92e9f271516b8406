"""Generate ``generated_paths.csv``: paths from a known first-order Markov process.

Journeys are simulated from the chain below (seeded), so the true removal effects are
known: they are written to ``generated_truth.json`` (computed here with plain numpy
from the true transition matrix, independently of smtools). The paths are aggregated
into ChannelAttribution's layout: path, total_conversions, total_conversion_value,
total_null.

Regenerate (numpy and pandas only, no smtools needed)::

    python tests/data/attribution/generate_paths.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20260301
N_JOURNEYS = 40_000
CHANNELS = ["facebook", "instagram", "tiktok", "search", "email", "display"]

#: Probability of the first touch.
START = np.array([0.30, 0.22, 0.12, 0.18, 0.06, 0.12])

#: From each channel (rows): next channel (columns, CHANNELS order), then conversion,
#: then leaving without converting. Rows add up to 1. Self-transitions are repeats.
STEP = np.array([
    #  fb    ig    tt    srch  email disp  conv  null
    [0.12, 0.14, 0.05, 0.20, 0.07, 0.06, 0.030, 0.330],  # facebook
    [0.15, 0.10, 0.08, 0.16, 0.06, 0.05, 0.025, 0.375],  # instagram
    [0.06, 0.12, 0.15, 0.10, 0.03, 0.04, 0.010, 0.490],  # tiktok
    [0.06, 0.05, 0.02, 0.12, 0.16, 0.04, 0.120, 0.430],  # search
    [0.04, 0.03, 0.01, 0.18, 0.08, 0.02, 0.180, 0.460],  # email
    [0.10, 0.06, 0.03, 0.14, 0.05, 0.10, 0.015, 0.505],  # display
])

#: Mean order value (EUR) by the channel of the last touch.
ORDER_VALUE = np.array([62.0, 55.0, 38.0, 80.0, 95.0, 50.0])


def true_removal_effects() -> dict[str, float]:
    """Removal effects of the generating chain: 1 - P(convert without c) / P(convert)."""
    k = len(CHANNELS)
    q = STEP[:, :k]
    r = STEP[:, k]

    def p_convert(keep: np.ndarray) -> float:
        idx = np.flatnonzero(keep)
        h = np.linalg.solve(np.eye(len(idx)) - q[np.ix_(idx, idx)], r[idx])
        return float(START[idx] @ h)

    everything = np.ones(k, dtype=bool)
    p = p_convert(everything)
    out = {}
    for i, name in enumerate(CHANNELS):
        keep = everything.copy()
        keep[i] = False
        out[name] = 1.0 - p_convert(keep) / p
    return out


def simulate(rng: np.random.Generator) -> pd.DataFrame:
    k = len(CHANNELS)
    rows: dict[str, list[float]] = {}
    for _ in range(N_JOURNEYS):
        state = int(rng.choice(k, p=START))
        touches = [CHANNELS[state]]
        while True:
            nxt = int(rng.choice(k + 2, p=STEP[state]))
            if nxt < k:
                state = nxt
                touches.append(CHANNELS[state])
                continue
            break
        path = " > ".join(touches)
        conv, null, value = rows.get(path, [0.0, 0.0, 0.0])
        if nxt == k:
            amount = round(float(rng.gamma(4.0, ORDER_VALUE[state] / 4.0)), 2)
            rows[path] = [conv + 1, null, value + amount]
        else:
            rows[path] = [conv, null + 1, value]
    frame = pd.DataFrame(
        [(p, int(c), round(v, 2), int(n)) for p, (c, n, v) in rows.items()],
        columns=["path", "total_conversions", "total_conversion_value", "total_null"],
    )
    return frame.sort_values(["total_conversions", "total_null", "path"],
                             ascending=[False, False, True]).reset_index(drop=True)


def main() -> None:
    assert np.allclose(STEP.sum(axis=1), 1.0) and np.isclose(START.sum(), 1.0)
    frame = simulate(np.random.default_rng(SEED))
    frame.to_csv(HERE / "generated_paths.csv", index=False)
    truth = {
        "seed": SEED,
        "journeys": N_JOURNEYS,
        "channels": CHANNELS,
        "removal_effects": true_removal_effects(),
    }
    (HERE / "generated_truth.json").write_text(json.dumps(truth, indent=2) + "\n")
    print(f"{len(frame)} distinct paths, {int(frame.total_conversions.sum())} conversions, "
          f"{int(frame.total_null.sum())} null")


if __name__ == "__main__":
    main()
