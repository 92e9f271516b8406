"""Benchmark of smtools.channel: the KPI table over 10M rows and best times over 1M posts.

Usage::

    .venv/bin/python benchmarks/bench_channel.py [--rows 10000000] [--posts 1000000]

The data are generated once into a temporary DuckDB workspace with SQL
(``range()``; no pandas), then each measured task runs in its own child
process so that its peak memory is its own: the script prints, per task, the
wall time of the call, the peak resident memory of the process (VmHWM,
``resource.getrusage`` where /proc is missing) and its resident memory just
before the call (imports done, and for the DataFrame task the posts loaded).
Targets: ≤ 5 s each.
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

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHANNELS = ("facebook", "instagram", "tiktok", "linkedin", "youtube", "pinterest")
TARGET_S = 5.0


def _status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status in MB (Linux), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far.

    VmHWM on Linux: ``ru_maxrss`` survives fork + exec there, so a child would
    report the peak of the parent that generated the data.
    """
    hwm = _status_mb("VmHWM")
    if hwm is not None:
        return hwm
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, kB else
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _rss_mb() -> float:
    """Current resident memory (the peak where /proc is missing)."""
    rss = _status_mb("VmRSS")
    return rss if rss is not None else _peak_rss_mb()


def build_performance(path: Path, rows: int) -> float:
    """Write ``rows`` performance rows with SQL; returns seconds taken."""
    import duckdb

    from smtools import tables

    t0 = time.perf_counter()
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone='UTC'")
    con.execute(tables.ddl("performance"))
    channels = ", ".join(f"'{c}'" for c in CHANNELS)
    # deterministic pseudo-random measures from hash(i); reach ≤ impressions, clicks ≤ impressions
    con.execute(f"""
        INSERT INTO performance
        SELECT 'bench' AS client,
               DATE '2024-11-01' + CAST(i % 730 AS INTEGER) AS date,
               ([{channels}])[1 + CAST(i // 730 % 6 AS INTEGER)] AS channel,
               'campaign ' || CAST(i // 4380 % 40 AS VARCHAR) AS campaign,
               'ad group ' || CAST(i // 175200 % 10 AS VARCHAR) AS ad_group,
               'creative ' || CAST(i // 1752000 AS VARCHAR) AS creative,
               'image' AS format, 'awareness' AS objective, 'paid' AS media_type,
               imp AS impressions, floor(imp * 0.6) AS reach, floor(imp * 0.012) AS clicks,
               floor(imp * 0.03) AS engagements, floor(imp * 0.2) AS video_views,
               round(imp * 0.008, 2) AS spend, floor(imp * 0.0004) AS conversions,
               round(imp * 0.03, 2) AS revenue, 'EUR' AS currency
        FROM (SELECT i, 100.0 + CAST(hash(i) % 5000 AS DOUBLE) AS imp FROM range({rows}) t(i))
    """)
    con.close()
    return time.perf_counter() - t0


def build_posts(path: Path, posts: int) -> float:
    """Write ``posts`` organic posts with SQL; returns seconds taken."""
    import duckdb

    from smtools import tables

    t0 = time.perf_counter()
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone='UTC'")
    con.execute(tables.ddl("posts"))
    channels = ", ".join(f"'{c}'" for c in CHANNELS[:4])
    con.execute(f"""
        INSERT INTO posts
        SELECT 'bench', 'p' || CAST(i AS VARCHAR),
               ([{channels}])[1 + CAST(i % 4 AS INTEGER)],
               TIMESTAMPTZ '2024-11-01 00:00:00+00'
                   + to_seconds(CAST(hash(i) % (730 * 86400) AS BIGINT)),
               'image', 'pillar', NULL,
               imp, floor(imp * 0.7), floor(imp * 0.02 + hash(i * 7) % 5), hash(i * 3) % 3,
               hash(i * 5) % 2, 0, 0, NULL, 1000 + i % 500
        FROM (SELECT i, 200.0 + CAST(hash(i * 11) % 3000 AS DOUBLE) AS imp
              FROM range({posts}) t(i))
    """)
    con.close()
    return time.perf_counter() - t0


def child(task: str, path: str, posts: int) -> None:
    """Run one task, print a JSON line with its timing and memory."""
    import smtools as sm

    ws = sm.Workspace(path)
    _ = sm.channel.kpis, sm.channel.best_times  # import the modules before timing
    frame = None
    if task == "best_times_frame":
        frame = ws.query("SELECT channel, published_at, impressions, likes, comments, shares, "
                         "saves FROM posts")
    before = _rss_mb()
    t0 = time.perf_counter()
    if task == "kpis_channel":
        out = sm.channel.kpis(ws, by="channel")
        size = len(out.frame)
    elif task == "kpis_week":
        out = sm.channel.kpis(ws, by="week")
        size = len(out.frame)
    elif task == "kpis_channel_week":
        out = sm.channel.kpis(ws, by=["channel", "week"])
        size = len(out.frame)
    elif task == "best_times_workspace":
        bt = sm.channel.best_times(ws, tz="Europe/Paris")
        size = len(bt.cells)
    elif task == "best_times_frame":
        bt = sm.channel.best_times(frame, tz="Europe/Paris")
        size = len(bt.cells)
    else:
        raise SystemExit(f"unknown task {task}")
    seconds = time.perf_counter() - t0
    print(json.dumps({"task": task, "seconds": seconds, "groups": size,
                      "rss_before_mb": before, "peak_rss_mb": _peak_rss_mb()}))


def run(task: str, path: Path, posts: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", task, "--path", str(path),
                           "--posts", str(posts)], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{task} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--child")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path, args.posts)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        gen_perf = build_performance(path, args.rows)
        gen_posts = build_posts(path, args.posts)
        size_mb = path.stat().st_size / 1e6
        print(f"workspace: {args.rows:,} performance rows ({gen_perf:.1f} s to write), "
              f"{args.posts:,} posts ({gen_posts:.1f} s), file {size_mb:,.0f} MB")
        print(f"{'task':<40}{'groups':>7}{'seconds':>9}{'peak RSS MB':>13}"
              f"{'RSS before':>12}  target")
        tasks = [("kpis_channel", "kpis(ws, by='channel')"),
                 ("kpis_week", "kpis(ws, by='week')"),
                 ("kpis_channel_week", "kpis(ws, by=['channel', 'week'])"),
                 ("best_times_workspace", "best_times(ws, tz='Europe/Paris')"),
                 ("best_times_frame", "best_times(posts_frame, tz=...)")]
        for task, label in tasks:
            r = run(task, path, args.posts)
            ok = "ok" if r["seconds"] <= TARGET_S else "SLOW"
            print(f"{label:<40}{r['groups']:>7,}{r['seconds']:>9.2f}{r['peak_rss_mb']:>13,.0f}"
                  f"{r['rss_before_mb']:>12,.0f}  ≤ {TARGET_S:g} s {ok}")


if __name__ == "__main__":
    main()
