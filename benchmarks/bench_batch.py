"""Benchmark of the notebook runner: one client end to end, a portfolio batch, papermill.

Run from the repository root::

    .venv/bin/python benchmarks/bench_batch.py                  # everything (≈ 10 minutes)
    .venv/bin/python benchmarks/bench_batch.py --skip-batch     # (a), (c) and the profile
    .venv/bin/python benchmarks/bench_batch.py --clients 10 --reps 3

What it prints:

(a) **One client end to end**: ``smtools batch SLUG`` (one command: plan and report in
    one warm kernel, each published while the next runs, PDFs included), and the
    consultant's two separate commands ``smtools plan SLUG`` then ``smtools report
    SLUG``, each a fresh process. Target: plan + report ≤ 10 s. When the runner has
    no ``report`` notebook yet, the plan alone is measured and the output says so.
(b) **A portfolio**: ``smtools batch --all --workers 2`` over ``--clients`` (30)
    generated clients (``smtools.synth.portfolio``) in a temporary workspace.
    Target: ≤ 3 minutes for plans and reports.
(c) **Runner over papermill**: ``smtools plan SLUG`` (with and without the PDF)
    against a bare ``papermill`` command line on the same notebook with the same
    parameters, ``--reps`` times each, medians. Target: ≤ 1.3×.
(d) **Where the time goes**, per notebook: Python and command-line start, kernel
    start, the notebook's imports and first-use costs (cells run cold, then again
    warm in the same kernel, with the plans and model fits it keeps forgotten), the
    cells' own work, the heaviest cells, the HTML export (nbconvert import,
    rendering) and the PDF (one-shot Chromium).

Peak memory is the largest sum of the resident memory of the measured process and
all its descendants (worker processes, kernels, Chromium), sampled every 0.1 s.
Figures go to ``benchmarks/out/bench_batch.json`` too.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smtools import kernels, pdf, runner, synth  # noqa: E402
from smtools.workspace import Workspace  # noqa: E402

BIN = Path(sys.executable).parent
SMTOOLS = str(BIN / "smtools")
PAPERMILL = str(BIN / "papermill")
CLIENT = "bistro-lumiere"
OUT = ROOT / "benchmarks" / "out"


# ----------------------------------------------------------------------------- measuring
class PeakMemory:
    """Largest total RSS of a process and its descendants while it runs (sampled)."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Measure:
    """One command: wall seconds, CPU seconds of its whole process tree, peak memory."""

    wall: float
    cpu: float
    peak: int
    done: subprocess.CompletedProcess[str]


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def timed(cmd: list[str], *, check: bool = True) -> Measure:
    """Run ``cmd`` and measure it.

    CPU seconds count every descendant that was waited for (workers, kernels,
    Chromium): unlike wall time, they hardly move when other work shares the CPUs.
    """
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(proc.pid) as mem:
        out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return Measure(seconds, _children_cpu() - cpu0, mem.peak, done)


def speed_check() -> float:
    """Milliseconds for a fixed single-core workload (best of 5): the same figure on a
    slower or busier machine is larger, which puts the timings below in context."""
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i % 7
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def newest_run(reports: Path, client: str, kind: str) -> Path:
    found = sorted(reports.glob(f"{client}/*/*/run.json"),
                   key=lambda p: json.loads(p.read_text())["run_id"])
    found = [p for p in found if json.loads(p.read_text())["kind"] == kind]
    return found[-1].parent


def demo_workspace(root: Path) -> dict[str, Path]:
    """The three demo clients in a fresh workspace under ``root``."""
    clients = root / "clients"
    shutil.copytree(ROOT / "clients", clients)
    ws = Workspace(root / "demo.duckdb")
    for slug in synth.demo_clients():
        synth.write(ws, slug, seed=0)
    return {"workspace": ws.path, "clients_dir": clients, "reports_dir": root / "reports"}


def cli_options(paths: dict[str, Path]) -> list[str]:
    return ["--workspace", str(paths["workspace"]), "--clients-dir", str(paths["clients_dir"]),
            "--reports-dir", str(paths["reports_dir"])]


# ----------------------------------------------------------------------------- (a)
def one_client(paths: dict[str, Path], kinds: list[str], reps: int) -> dict[str, Any]:
    print(f"\n(a) One client end to end ({CLIENT}, PDF {'on' if pdf.available() else 'off'})")
    if "report" not in kinds:
        print("    the runner has no report notebook yet: measuring the plan alone")
    rows = {}
    total = 0.0
    peak = 0
    cpu = 0.0
    for kind in kinds:
        m = timed([SMTOOLS, kind, CLIENT, *cli_options(paths)])
        manifest = json.loads((newest_run(paths["reports_dir"], CLIENT, kind) / "run.json")
                              .read_text())
        d = manifest["durations"]
        rows[kind] = {"wall": m.wall, "cpu": m.cpu, "peak": m.peak, **d}
        total += m.wall
        cpu += m.cpu
        peak = max(peak, m.peak)
        print(f"    smtools {kind:<7} {m.wall:6.1f} s, CPU {m.cpu:5.1f} s  (execute "
              f"{d['execute']:.1f} s, export + PDF {d['export']:.1f} s, outside runner.run "
              f"{m.wall - d['total']:.1f} s)  peak {mib(m.peak)}")
    print(f"    {' + '.join(kinds)} as two commands, one after the other: {total:.1f} s, "
          f"CPU {cpu:.1f} s")
    both = None
    if len(kinds) > 1:
        ms = [timed([SMTOOLS, "batch", CLIENT, "--kind", ",".join(kinds), "--workers", "2",
                     *cli_options(paths)]) for _ in range(reps)]
        both = statistics.median(m.wall for m in ms)
        verdict = "met" if both <= 10 else "MISSED"
        print(f"    smtools batch {CLIENT} (one command, plan + report): median {both:.1f} s "
              f"[{', '.join(f'{m.wall:.1f}' for m in ms)}], CPU "
              f"{statistics.median(m.cpu for m in ms):.1f} s, peak "
              f"{mib(max(m.peak for m in ms))} (target ≤ 10 s: {verdict})")
    return {"runs": rows, "sequential": total, "sequential_cpu": cpu, "one_command": both,
            "peak": peak}


# ----------------------------------------------------------------------------- (b)
def portfolio(n: int, kinds: list[str], workers: int) -> dict[str, Any]:
    print(f"\n(b) smtools batch --all --workers {workers}: {n} generated clients, "
          f"{' + '.join(kinds)}")
    root = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        t0 = time.perf_counter()
        ws = Workspace(root / "portfolio.duckdb")
        for slug in synth.portfolio(n, seed=0):
            synth.write(ws, slug, seed=0, clients_dir=root / "clients")
        print(f"    generating the portfolio (not timed below): {time.perf_counter() - t0:.0f} s")
        paths = {"workspace": ws.path, "clients_dir": root / "clients",
                 "reports_dir": root / "reports"}
        m = timed([SMTOOLS, "batch", "--all", "--kind", ",".join(kinds),
                   "--workers", str(workers), *cli_options(paths)], check=False)
        seconds, cpu, mem, done = m.wall, m.cpu, m.peak, m.done
        manifests = [json.loads(p.read_text())
                     for p in paths["reports_dir"].glob("*/*/*/run.json")]
        published = len(manifests)
        by_kind: dict[str, list[dict[str, float]]] = {}
        for manifest in manifests:
            by_kind.setdefault(manifest["kind"], []).append(manifest["durations"])
        verdict = "met" if seconds <= 180 else "MISSED"
        print(f"    {seconds:.0f} s for {published} notebooks ({n * len(kinds)} asked; exit "
              f"{done.returncode}), {seconds / max(published, 1):.1f} s per notebook "
              f"(target ≤ 180 s: {verdict}); CPU {cpu:.0f} s "
              f"({cpu / max(published, 1):.1f} s per notebook); peak {mib(mem)}")
        for kind, ds in sorted(by_kind.items()):
            print(f"    {kind}: median execute {statistics.median(d['execute'] for d in ds):.1f} s,"
                  f" export + PDF {statistics.median(d['export'] for d in ds):.1f} s per "
                  f"notebook (two at a time)")
        if done.returncode != 0:
            print("    " + done.stderr.strip().replace("\n", "\n    ")[-2000:])
        return {"clients": n, "seconds": seconds, "cpu": cpu, "published": published,
                "peak": mem, "exit": done.returncode}
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ----------------------------------------------------------------------------- (c)
def over_papermill(paths: dict[str, Path], reps: int) -> dict[str, Any]:
    kind = "plan"
    print(f"\n(c) Runner over bare papermill: {kind} notebook, {CLIENT}, {reps} runs each, "
          "medians")
    out = Path(tempfile.mkdtemp(prefix="bench-papermill-"))
    params = {"client": CLIENT, "workspace": str(paths["workspace"]),
              "clients_dir": str(paths["clients_dir"]), "output_dir": str(out)}
    bare_cmd = [PAPERMILL, str(runner.notebooks_dir() / f"{kind}.ipynb"),
                str(out / "out.ipynb"), "--no-progress-bar", "-k", "python3"]
    for name, value in params.items():
        bare_cmd += ["-p", name, value]
    ours = [SMTOOLS, kind, CLIENT, *cli_options(paths)]
    variants = {"papermill": bare_cmd, "smtools --no-pdf": [*ours, "--no-pdf"]}
    if pdf.available():
        variants["smtools (with PDF)"] = ours
    times: dict[str, list[float]] = {k: [] for k in variants}
    cpus: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(reps):  # interleaved, so that a slow moment hits every variant alike
        for name, cmd in variants.items():
            m = timed(cmd)
            times[name].append(m.wall)
            cpus[name].append(m.cpu)
    shutil.rmtree(out, ignore_errors=True)
    base = statistics.median(times["papermill"])
    base_cpu = statistics.median(cpus["papermill"])
    result = {}
    for name, values in times.items():
        med = statistics.median(values)
        cpu = statistics.median(cpus[name])
        ratio = med / base
        result[name] = {"median": med, "runs": values, "ratio": ratio, "cpu_median": cpu,
                        "cpu_ratio": cpu / base_cpu}
        mark = "" if name == "papermill" else (
            f"  ×{ratio:.2f} (target ≤ 1.3: {'met' if ratio <= 1.3 else 'MISSED'}), "
            f"CPU ×{cpu / base_cpu:.2f}")
        print(f"    {name:<20} {med:6.2f} s  [{', '.join(f'{v:.1f}' for v in values)}]  CPU "
              f"{cpu:5.1f} s{mark}")
    return result


# ----------------------------------------------------------------------------- (d)
_PROFILE = r'''
import json, sys, time
sys.modules.setdefault("rfc3987_syntax", None)  # as the smtools command line does
t0 = time.perf_counter()
import nbformat
import papermill
from nbclient import NotebookClient
spec = json.loads(sys.argv[1])
t_imports = time.perf_counter() - t0
nb = papermill.execute_notebook(spec["notebook"], None, parameters=spec["params"],
                                prepare_only=True, progress_bar=False, log_output=False)
client = NotebookClient(nb, kernel_name="python3", timeout=600,
                        extra_arguments=spec["kernel_arguments"])  # as the runner's kernels
t0 = time.perf_counter()
out = {"runner_imports": t_imports}
forget = nbformat.v4.new_code_cell(  # the warm round redoes the work, not just imports
    "import importlib; b = importlib.import_module('smtools.plan.build'); "
    "b._PLANS.clear(); b._FITS.clear()")
nb.cells.append(forget)
with client.setup_kernel():
    out["kernel_start"] = time.perf_counter() - t0
    for rnd in ("cold", "warm"):
        client.execute_cell(forget, len(nb.cells) - 1)
        cells = []
        for i, cell in enumerate(nb.cells[:-1]):
            if cell.cell_type != "code":
                continue
            t = time.perf_counter()
            client.execute_cell(cell, i)
            cells.append([i, time.perf_counter() - t, cell.source.splitlines()[0][:60]])
        out[rnd] = cells
nb.cells.pop()
t0 = time.perf_counter()
from smtools import export, pdf
out["export_imports"] = time.perf_counter() - t0
t0 = time.perf_counter()
html = export.to_html(nb, title="Benchmark", client_name="Bench")
out["html"] = time.perf_counter() - t0
path = spec["html"]
open(path, "w", encoding="utf-8").write(html)
out["html_mb"] = len(html) / 1e6
if pdf.available():
    t0 = time.perf_counter()
    pdf.print_pdf(path, path[:-5] + ".pdf")
    out["pdf"] = time.perf_counter() - t0
print("PROFILE " + json.dumps(out))
'''


def where_time_goes(paths: dict[str, Path], kinds: list[str]) -> dict[str, Any]:
    print("\n(d) Where the time goes (one notebook at a time, this machine)")
    start = timed([SMTOOLS, "--help"]).wall
    print(f"    `smtools --help` (Python + command line start): {start:.2f} s")
    results = {}
    for kind in kinds:
        out = Path(tempfile.mkdtemp(prefix="bench-profile-"))
        params = {"client": CLIENT, "workspace": str(paths["workspace"]),
                  "clients_dir": str(paths["clients_dir"])}
        if "output_dir" in runner.declared_parameters(kind):
            params["output_dir"] = str(out)
        spec = {"notebook": str(runner.notebooks_dir() / f"{kind}.ipynb"), "params": params,
                "html": str(out / f"{kind}.html"),
                "kernel_arguments": [f"--IPKernelApp.exec_lines={kernels.STARTUP}"]}
        m = timed([sys.executable, "-c", _PROFILE, json.dumps(spec)])
        mem, done = m.peak, m.done
        line = next(ln for ln in done.stdout.splitlines() if ln.startswith("PROFILE "))
        p = json.loads(line[len("PROFILE "):])
        shutil.rmtree(out, ignore_errors=True)
        cold = sum(c[1] for c in p["cold"])
        warm = sum(c[1] for c in p["warm"])
        heavy = sorted(zip(p["cold"], p["warm"], strict=True), key=lambda cw: -cw[0][1])[:3]
        print(f"    {kind}:")
        print(f"      papermill + nbclient imports in the runner  {p['runner_imports']:5.2f} s")
        print(f"      kernel start                                {p['kernel_start']:5.2f} s")
        print(f"      cells, cold (imports + first use + work)    {cold:5.2f} s")
        print(f"        of which imports and first-use costs ≈    {cold - warm:5.2f} s "
              "(cold − warm)")
        print(f"        the cells' own work (warm)               {warm:5.2f} s")
        for (i, c_s, src), (_, w_s, _) in heavy:
            print(f"        cell {i:>2}: {c_s:5.2f} s cold, {w_s:5.2f} s warm  {src}")
        print(f"      export: nbconvert & co imports              {p['export_imports']:5.2f} s")
        print(f"      export: HTML ({p['html_mb']:.1f} MB)                       "
              f"{p['html']:5.2f} s")
        if "pdf" in p:
            print(f"      PDF (headless Chromium)                     {p['pdf']:5.2f} s")
        print(f"      peak memory (this process + kernel + Chromium) {mib(mem)}")
        results[kind] = {**p, "cold_total": cold, "warm_total": warm, "peak": mem}
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=30, help="portfolio size for (b)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5, help="repetitions for (a) and (c)")
    ap.add_argument("--skip-batch", action="store_true", help="leave out (b)")
    args = ap.parse_args()

    kinds = [k for k in ("plan", "report")
             if k in runner.KINDS and (runner.notebooks_dir() / f"{k}.ipynb").exists()]
    record: dict[str, Any] = {"when": dt.datetime.now().isoformat(timespec="seconds"),
                              "cpus": os.cpu_count(), "kinds": kinds}
    print(f"smtools runner benchmark · {dt.datetime.now():%Y-%m-%d %H:%M} · "
          f"{os.cpu_count()} CPU(s) · Python {sys.version.split()[0]} · "
          f"Chromium {'yes' if pdf.available() else 'no'} · notebooks: {', '.join(kinds)}")
    print("load average at start (1, 5, 15 min): "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg())
          + " (above the CPU count, other work on this machine inflates the figures)")
    record["speed_start"] = speed_check()
    print(f"speed check at start: {record['speed_start']:.0f} ms (a fixed single-core "
          "workload; larger on a slower or busier machine)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set: modules without an up-to-date .pyc "
              "are compiled again on every import")
    root = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    try:
        paths = demo_workspace(root)
        record["one_client"] = one_client(paths, kinds, args.reps)
        if not args.skip_batch:
            record["portfolio"] = portfolio(args.clients, kinds, args.workers)
        record["papermill"] = over_papermill(paths, args.reps)
        record["profile"] = where_time_goes(paths, kinds)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("load average at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    record["speed_end"] = speed_check()
    print(f"speed check at the end: {record['speed_end']:.0f} ms")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_batch.json").write_text(json.dumps(record, indent=1, default=str))
    print(f"figures written to {OUT / 'bench_batch.json'}")


if __name__ == "__main__":
    main()
