"""Benchmark: ingest a 1,000,000-row Meta Ads Manager daily export.

Generates an ad-level Meta export (currency in the headers, Platform
breakdown, result indicators…) and ingests it into a fresh workspace with
:meth:`smtools.Workspace.ingest` in a fresh Python process, then prints the
rows per second, the wall time of the ingest and the peak resident memory of
that process (``resource.getrusage(RUSAGE_CHILDREN)``).

Usage::

    .venv/bin/python benchmarks/bench_ingest.py                 # 1,000,000 rows
    .venv/bin/python benchmarks/bench_ingest.py --rows 200000 --profile

The CSV goes to ``benchmarks/out/`` (git-ignored) unless ``--out`` says otherwise;
it is generated once and reused while its size matches ``--rows``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import smtools
from smtools import Workspace
t1 = time.perf_counter()
profile = sys.argv[3] == "1"
if profile:
    import cProfile, pstats
    prof = cProfile.Profile()
    prof.enable()
result = Workspace(sys.argv[2]).ingest(sys.argv[1], client="bench")
t2 = time.perf_counter()
if profile:
    prof.disable()
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
print(json.dumps({"rows": result.rows, "import_s": t1 - t0, "ingest_s": t2 - t1,
                  "notes": result.notes}))
"""


def generate(path: Path, rows: int, seed: int = 0) -> None:
    """Write an ad-level daily Meta export of ``rows`` rows (vectorised, via pyarrow)."""
    rng = np.random.default_rng(seed)
    ads_per_platform = 1000
    platforms = np.array(["facebook", "instagram"])
    series = ads_per_platform * len(platforms)
    days = -(-rows // series)
    i = np.arange(rows)
    ad = i % series
    day = i // series
    dates = (np.datetime64("2023-01-01") + day.astype("timedelta64[D]")).astype(str)
    campaign_id = (ad % ads_per_platform) // 25          # 40 campaigns
    adset_id = (ad % ads_per_platform) // 5              # 200 ad sets
    ad_id = ad % ads_per_platform                        # 1000 ads
    platform = platforms[ad // ads_per_platform]
    objective = np.where(campaign_id % 3 == 0, "OUTCOME_AWARENESS", "OUTCOME_SALES")
    indicator = np.where(campaign_id % 3 == 0, "reach",
                         "actions:offsite_conversion.fb_pixel_purchase")
    impressions = rng.integers(200, 20000, rows)
    reach = (impressions * rng.uniform(0.4, 0.9, rows)).astype(np.int64)
    clicks = (impressions * rng.uniform(0.002, 0.03, rows)).astype(np.int64)
    spend = np.round(impressions / 1000 * rng.uniform(3, 12, rows), 2)
    purchases = (clicks * rng.uniform(0, 0.08, rows)).astype(np.int64)
    value = np.round(purchases * rng.uniform(20, 90, rows), 2)
    results = np.where(campaign_id % 3 == 0, reach, purchases)
    names = np.array([f"Campaign {k:02d}" for k in range(40)])
    adsets = np.array([f"Ad set {k:03d} - Lookalike {k % 5 + 1}%" for k in range(200)])
    adnames = np.array([f"Ad {k:04d}, variant {'ABCDE'[k % 5]}" for k in range(1000)])
    table = pa.table({
        "Reporting starts": dates,
        "Reporting ends": dates,
        "Campaign name": names[campaign_id],
        "Ad set name": adsets[adset_id],
        "Ad name": adnames[ad_id],
        "Platform": platform,
        "Delivery status": np.full(rows, "active"),
        "Objective": objective,
        "Result indicator": indicator,
        "Results": results,
        "Reach": reach,
        "Impressions": impressions,
        "Frequency": np.round(impressions / np.maximum(reach, 1), 2),
        "Amount spent (USD)": spend,
        "CPM (cost per 1,000 impressions) (USD)": np.round(spend / impressions * 1000, 2),
        "Link clicks": clicks,
        "CPC (cost per link click) (USD)": np.round(spend / np.maximum(clicks, 1), 2),
        "CTR (link click-through rate)": np.round(clicks / impressions * 100, 4),
        "Purchases": purchases,
        "Purchases conversion value": value,
    })
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(table, path, write_options=options)
    del days


def main(argv: list[str] | None = None) -> int:
    """Generate (if needed), ingest in a child process, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--profile", action="store_true",
                        help="print the cProfile of the ingest (slower) to stderr")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.out / f"meta_{args.rows}.csv"
    if not csv_path.exists():
        t = time.perf_counter()
        generate(csv_path, args.rows)
        print(f"generated {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "bench.duckdb"
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(csv_path), str(ws), "1" if args.profile else "0"],
            capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
        return proc.returncode
    if args.profile:
        print(proc.stderr, file=sys.stderr)
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
    rows = child["rows"]
    print(f"rows ingested        : {rows:,}")
    rate = rows / child["ingest_s"]
    print(f"ingest (in child)    : {child['ingest_s']:.2f} s  -> {rate:,.0f} rows/s")
    print(f"child wall (process) : {wall:.2f} s  (incl. {child['import_s']:.2f} s of imports)")
    print(f"CPU time of child    : {usage.ru_utime:.2f} s user + {usage.ru_stime:.2f} s system "
          "(less sensitive than wall time to other load on the machine)")
    print(f"peak RSS of child    : {peak_mb:,.0f} MB")
    for note in child["notes"]:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
