"""Benchmark: Markov attribution (order 1) on a million journeys.

Generates a realistic journeys table (seeded): 1,000,000 users, 7 channels, paths of
1–10 touches with sticky channel-to-channel moves, about 3 % of journeys converting
(some without any touch), timestamps over two months, rows in time order as an event
log delivers them. Then times ``sm.roi.attribution.markov(journeys)``, which includes
cutting journeys into paths, and reports seconds and peak memory.

With ``--peers`` it also runs ChannelAttribution's ``markov_model`` (simulation-based)
on the same paths in the peers virtualenv (it is not a dependency of smtools) and
prints the speed ratio and the largest per-channel difference::

    .venv/bin/python benchmarks/bench_attribution.py
    .venv/bin/python benchmarks/bench_attribution.py --peers --peers-python .venv-peers/bin/python

ChannelAttribution runs with its default ``nsim_start=1e5`` and with ``1e7`` (its
simulation error shrinks with more simulated walks; smtools has none to shrink).
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smtools.roi import attribution  # noqa: E402

CHANNELS = np.array(["facebook", "instagram", "tiktok", "google_search", "email", "display",
                     "youtube"])
POPULARITY = np.array([0.26, 0.20, 0.12, 0.18, 0.06, 0.10, 0.08])
#: Effect of a channel on the log-odds of converting (distinct channels of a path).
EFFECT = np.array([0.35, 0.25, 0.05, 0.90, 1.10, 0.10, 0.20])
TARGET_RATE = 0.03
DIRECT_SHARE = 0.08  # of conversions, no touch at all

PEERS_SCRIPT = r"""
import json, sys, time
import pandas as pd
from ChannelAttribution import markov_model
data = pd.read_csv(sys.argv[1])
args = json.loads(sys.argv[3])
t0 = time.perf_counter()
res = markov_model(data, "path", "total_conversions", var_value="total_conversion_value",
                   var_null="total_null", order=1, verbose=False, flg_pro=False, **args)
seconds = time.perf_counter() - t0
res.to_csv(sys.argv[2], index=False)
print(json.dumps({"seconds": seconds}))
"""


def generate(n_users: int = 1_000_000, seed: int = 7) -> pd.DataFrame:
    """A journeys table with ``n_users`` journeys (canonical columns)."""
    rng = np.random.default_rng(seed)
    k = len(CHANNELS)
    # touches per journey: 1..10, shorter more likely
    p_len = 0.72 ** np.arange(1, 11)
    lengths = rng.choice(np.arange(1, 11), size=n_users, p=p_len / p_len.sum())
    # sticky moves between channels: stay with 35 %, else follow popularity
    move = 0.35 * np.eye(k) + 0.65 * POPULARITY[None, :]
    cum = np.cumsum(move, axis=1)
    paths = np.full((n_users, 10), -1, dtype=np.int64)
    paths[:, 0] = rng.choice(k, size=n_users, p=POPULARITY)
    for j in range(1, 10):
        alive = lengths > j
        u = rng.random(alive.sum())
        prev = paths[alive, j - 1]
        paths[alive, j] = np.minimum((cum[prev] < u[:, None]).sum(axis=1), k - 1)
    seen = np.zeros((n_users, k), dtype=bool)
    for j in range(10):
        ok = paths[:, j] >= 0
        seen[np.flatnonzero(ok), paths[ok, j]] = True
    score = seen.astype(float) @ EFFECT + 0.08 * lengths
    lo, hi = -15.0, 5.0
    for _ in range(60):  # calibrate the intercept to the target conversion rate
        mid = (lo + hi) / 2
        rate = (1 / (1 + np.exp(-(mid + score)))).mean()
        lo, hi = (mid, hi) if rate < TARGET_RATE else (lo, mid)
    converts = rng.random(n_users) < 1 / (1 + np.exp(-(lo + score)))
    direct = converts & (rng.random(n_users) < DIRECT_SHARE)

    # touches
    has_touch = ~direct
    n_touch = np.where(has_touch, lengths, 0)
    user_of_touch = np.repeat(np.arange(n_users), n_touch)
    pos = np.arange(n_touch.sum()) - np.repeat(np.cumsum(n_touch) - n_touch, n_touch)
    chan = paths[user_of_touch, pos]
    start = rng.uniform(0, 60 * 86_400e6, n_users)  # µs into the period
    gaps = rng.exponential(1.5 * 86_400e6, len(pos))
    gaps[pos == 0] = 0.0
    offset = np.cumsum(gaps)
    first = np.cumsum(n_touch) - n_touch
    offset -= np.repeat(offset[first[n_touch > 0]], n_touch[n_touch > 0])
    t_touch = start[user_of_touch] + offset
    last_t = np.full(n_users, np.nan)
    last_t[n_touch > 0] = t_touch[np.cumsum(n_touch)[n_touch > 0] - 1]
    conv_users = np.flatnonzero(converts)
    t_conv = np.where(np.isnan(last_t[conv_users]), start[conv_users],
                      last_t[conv_users]) + rng.exponential(0.5 * 86_400e6, len(conv_users))

    base = pd.Timestamp("2026-03-01", tz="UTC").value // 1000
    users = np.concatenate([user_of_touch, conv_users])
    ts = (base + np.concatenate([t_touch, t_conv])).astype("int64")
    n_conv = len(conv_users)
    channel = np.concatenate([CHANNELS[chan], np.full(n_conv, None, dtype=object)])
    event = np.concatenate([np.full(len(chan), "touch"), np.full(n_conv, "conversion")])
    value = np.concatenate([np.full(len(chan), np.nan),
                            np.round(rng.gamma(3.0, 25.0, n_conv), 2)])
    order = np.argsort(ts, kind="stable")  # an event log: rows in time order
    keys = np.char.add("u", np.char.zfill(np.arange(n_users).astype(str), 7))
    frame = pd.DataFrame({
        "client": "bench",
        "user_key": pd.array(keys[users[order]], dtype="str"),
        "ts": pd.to_datetime(ts[order], unit="us", utc=True),
        "channel": pd.array(channel[order], dtype="str"),
        "campaign": pd.array(np.where(event[order] == "touch", "spring", None), dtype="str"),
        "event": pd.array(event[order], dtype="str"),
        "value": value[order],
        "currency": pd.array(np.where(event[order] == "conversion", "EUR", None),
                             dtype="str"),
    })
    return frame


def _status(field: str) -> int | None:
    """A field of /proc/self/status in bytes (Linux), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def child_memory(parquet: str) -> None:
    """In a fresh process: resident memory added by markov(journeys) at its peak."""
    journeys = pd.read_parquet(parquet)
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the high-water mark
    except OSError:
        print(json.dumps({"error": "cannot reset the RSS high-water mark"}))
        return
    before = _status("VmRSS")
    attribution.markov(journeys, order=1)
    peak = _status("VmHWM")
    print(json.dumps({"before": before, "peak": peak}))


def rss_peak(journeys: pd.DataFrame) -> float | None:
    """Peak extra resident memory of markov(journeys), measured in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "journeys.parquet"
        journeys.to_parquet(src)
        proc = subprocess.run([sys.executable, __file__, "--child-memory", str(src)],
                              capture_output=True, text=True, check=False)
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        return float(out["peak"] - out["before"])
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def traced_peak(fn: Callable[[], object]) -> float:
    """Peak of numpy and Python allocations while ``fn`` runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return float(peak)


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def run_peers(frame: pd.DataFrame, python: str, args: dict) -> tuple[pd.Series, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "paths.csv", Path(tmp) / "result.csv"
        frame.to_csv(src, index=False)
        t0 = time.perf_counter()
        proc = subprocess.run([python, "-c", PEERS_SCRIPT, str(src), str(out),
                               json.dumps(args)], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"ChannelAttribution failed ({python}):\n{proc.stderr[-2000:]}")
        seconds = json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]
        result = pd.read_csv(out).set_index("channel_name")["total_conversions"]
    return result, seconds, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sorted", action="store_true",
                        help="rows ordered by user and time (as the workspace returns them) "
                             "instead of an event log in time order")
    parser.add_argument("--peers", action="store_true",
                        help="also run ChannelAttribution in the peers virtualenv")
    parser.add_argument("--peers-python", default=str(ROOT / ".venv-peers" / "bin" / "python"))
    parser.add_argument("--peers-nsim", type=float, nargs="+", default=[1e5, 1e7],
                        help="ChannelAttribution nsim_start values to run (its default: 1e5; "
                             "its Monte-Carlo error shrinks as this grows)")
    parser.add_argument("--peers-ncore", type=int, default=1)
    parser.add_argument("--peers-max-step", type=int, default=None,
                        help="ChannelAttribution max_step (its default: the longest path)")
    parser.add_argument("--child-memory", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child_memory:
        child_memory(opts.child_memory)
        return

    t0 = time.perf_counter()
    journeys = generate(opts.journeys, opts.seed)
    if opts.sorted:
        journeys = journeys.sort_values(["user_key", "ts"], kind="stable",
                                        ignore_index=True)
    gen = time.perf_counter() - t0
    n_conv = int((journeys["event"] == "conversion").sum())
    print(f"journeys: {opts.journeys:,} users, {len(journeys):,} rows, {n_conv:,} conversions "
          f"({n_conv / opts.journeys:.1%}), {journeys['channel'].nunique()} channels, "
          f"rows {'by user and time' if opts.sorted else 'in time order'} "
          f"(generated in {gen:.1f} s, not timed)")

    times, result = timed(lambda: attribution.markov(journeys, order=1), opts.repeat)
    print(f"markov(journeys, order=1), journeys→paths included: best {min(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    t_paths, frame = timed(lambda: attribution.paths(journeys), 1)
    t_chain, _ = timed(lambda: attribution.markov(frame, order=1), opts.repeat)
    print(f"  paths(journeys): {t_paths[0]:.2f} s → {len(frame):,} distinct paths; "
          f"markov(paths frame): best {min(t_chain):.3f} s")
    traced = traced_peak(lambda: attribution.markov(journeys, order=1))
    rss = rss_peak(journeys)
    print(f"peak memory of markov(journeys) above the loaded table: "
          f"{'n/a' if rss is None else f'{rss / 2**20:,.0f} MiB'} resident (fresh process, "
          f"RSS high-water mark); {traced / 2**20:,.0f} MiB numpy/Python allocations "
          f"(tracemalloc); the table itself: "
          f"{journeys.memory_usage(deep=True).sum() / 2**20:,.0f} MiB")
    assert isinstance(result, pd.DataFrame)
    print(result.round(3).to_string())

    if opts.peers:
        ours = attribution.markov(frame, order=1)["conversions"]
        for nsim in opts.peers_nsim:
            args: dict[str, float | int] = {"nsim_start": nsim, "ncore": opts.peers_ncore}
            if opts.peers_max_step:
                args["max_step"] = opts.peers_max_step
            ca, seconds, wall = run_peers(frame, opts.peers_python, args)
            rel = (ours / ca.reindex(ours.index) - 1).abs()
            print(f"ChannelAttribution markov_model(order=1, {args}) on the {len(frame):,} "
                  f"paths: {seconds:.2f} s ({wall:.2f} s with start-up and CSV)")
            print(f"  speed ratio ChannelAttribution / smtools: {seconds / min(times):.1f}x "
                  f"against smtools on the journeys (journeys→paths included), "
                  f"{seconds / min(t_chain):.0f}x on the same paths frame")
            print("  per-channel difference in conversions, |smtools / ChannelAttribution - 1|"
                  ": " + ", ".join(f"{c} {v:.2%}" for c, v in rel.items())
                  + f"; max {rel.max():.2%}")

if __name__ == "__main__":
    main()
