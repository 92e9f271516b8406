"""The ``smtools`` command line.

Every command prints one clear line and exits 2 when the input is wrong;
``--debug`` (anywhere on the line) shows the traceback instead.

Examples
--------
>>> main(["--help"]) in (0, None)    # doctest: +SKIP
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from smtools.errors import SmtoolsError

#: The exit code of this process's own command line, once it has run (see :func:`main`).
_ENDING: dict[str, int] = {}


def _end_now() -> None:
    """The last exit handler (registered first): after every other one has run, end the
    process at once with its command's code, skipping the interpreter's tear-down."""
    if "code" in _ENDING:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                stream.flush()
        os._exit(_ENDING["code"])


# registered as the command line loads, before what it loads next registers its own
# (typer and rich register none): exit handlers run last registered first
atexit.register(_end_now)

app = typer.Typer(
    name="smtools",
    help="Social media planning: ingest exports, build demo data, run plans and reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="DuckDB workspace file "
                 "[default: $SMTOOLS_WORKSPACE or ./workspace.duckdb]", show_default=False),
]
ClientsOpt = Annotated[
    Path, typer.Option("--clients-dir", help="folder of client briefs (<slug>.yaml)")
]
ReportsOpt = Annotated[Path, typer.Option("--reports-dir", help="where deliverables are written")]


def _workspace(path: Path | None):
    from smtools.workspace import Workspace

    return Workspace(path)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="show tracebacks on errors")] = False,
) -> None:
    """Social media planning: ingest exports, build demo data, run plans and reports."""


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="export file (CSV, TSV or Parquet)",
                                         metavar="PATH", show_default=False)],
    client: Annotated[str, typer.Option("--client", "-c", help="client slug",
                                        show_default=False)],
    source: Annotated[str, typer.Option(
        "--source", "-s", help="auto|meta|google_ads|linkedin|tiktok|ga4|csv")] = "auto",
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="YAML column mapping for generic CSV/Parquet files")] = None,
    timezone: Annotated[str | None, typer.Option(
        "--timezone", help="time zone of naive timestamps, e.g. Europe/Paris")] = None,
    currency: Annotated[str | None, typer.Option(
        "--currency", help="currency of the amounts when the file does not say")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Read an ad platform or analytics export (all or nothing)."""
    from smtools.io import SOURCES

    if source != "auto" and source not in SOURCES:
        raise typer.BadParameter(f"{source!r}; use auto or one of {', '.join(SOURCES)}",
                                 param_hint="--source")
    ws = _workspace(workspace)
    with err.status(f"Reading {path.name}…"):
        result = ws.ingest(path, client=client, source=source, mapping=mapping,
                           timezone=timezone, currency=currency)
    out.print(str(result), markup=False, soft_wrap=True)
    for note in result.notes:
        out.print(f"  note: {note}", markup=False, soft_wrap=True)


@app.command("demo-data")
def demo_data(
    seed: Annotated[int, typer.Option(help="random seed (same seed, same data)")] = 0,
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
) -> None:
    """Generate the demo clients, with their known truth."""
    from smtools import synth

    ws = _workspace(workspace)
    slugs = synth.demo_clients()
    with _progress() as bar:
        task = bar.add_task("Generating demo clients", total=len(slugs))
        for slug in slugs:
            bar.update(task, description=f"Generating {slug}")
            synth.write(ws, slug, seed=seed, clients_dir=clients_dir)
            bar.advance(task)
    counts = ws.counts()
    out.print(f"{len(slugs)} demo clients in {ws.path}: "
              + ", ".join(f"{n:,} {t}" for t, n in counts.items() if n))


@app.command()
def clients(workspace: WorkspaceOpt = None) -> None:
    """List the workspace's clients and their row counts."""
    ws = _workspace(workspace)
    names = ws.clients()
    if not names:
        out.print(f"No client data in {ws.path}: run `smtools demo-data` or `smtools ingest`.")
        return
    table = Table("client", *[t for t in ws.counts()], title=str(ws.path))
    for slug in names:
        table.add_row(slug, *[f"{n:,}" for n in ws.counts(slug).values()])
    out.print(table)


def _single(kind: str, client: str, workspace: Path | None, clients_dir: Path,
            reports_dir: Path, parameters: dict, pdf: bool) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from smtools import runner

    bar = Progress(TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.completed}/{task.total} cells"), TimeElapsedColumn(),
                   console=err, disable=not err.is_terminal)
    with bar:
        task = bar.add_task(f"{client} · {kind}", total=runner.cell_count(kind))
        run = runner.run(kind, client, workspace=_workspace(workspace).path,
                         clients_dir=clients_dir, reports_dir=reports_dir,
                         parameters=parameters, pdf=pdf,
                         on_cell=lambda done, total: bar.update(task, completed=done))
    out.print(f"{client} · {kind}: {run.folder}", markup=False)
    for f in run.files:
        out.print(f"  {f.name}", markup=False)
    manifest = run.folder / "run.json"
    if manifest.exists():
        import json

        for notice in json.loads(manifest.read_text(encoding="utf-8")).get("notices", []):
            err.print(f"notice: {notice}", markup=False)


AsOfOpt = Annotated[str, typer.Option("--as-of", help="ISO date the document is made "
                                      "(default: campaign start for a plan, end for a report)")]
PdfOpt = Annotated[bool, typer.Option("--pdf/--no-pdf", help="print a PDF (needs Chromium)")]


@app.command()
def explore(
    client: Annotated[str, typer.Argument(help="client slug", metavar="SLUG",
                                          show_default=False)],
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
    pdf: PdfOpt = False,
) -> None:
    """Run the exploration notebook for one client."""
    _single("explore", client, workspace, clients_dir, reports_dir, {}, pdf)


@app.command()
def plan(
    client: Annotated[str, typer.Argument(help="client slug", metavar="SLUG",
                                          show_default=False)],
    as_of: AsOfOpt = "",
    pattern: Annotated[str, typer.Option(help="flighting: even, front or pulsed")] = "even",
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
    pdf: PdfOpt = True,
) -> None:
    """Make a media plan: HTML, PDF, Excel, JSON, CSV."""
    _single("plan", client, workspace, clients_dir, reports_dir,
            {"as_of": as_of, "pattern": pattern}, pdf)


@app.command()
def report(
    client: Annotated[str, typer.Argument(help="client slug", metavar="SLUG",
                                          show_default=False)],
    as_of: AsOfOpt = "",
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
    pdf: PdfOpt = True,
) -> None:
    """Make a post-campaign report: HTML and PDF."""
    _single("report", client, workspace, clients_dir, reports_dir, {"as_of": as_of}, pdf)


@app.command()
def batch(
    clients: Annotated[list[str] | None, typer.Argument(
        help="client slugs (or --all)", metavar="[SLUG]...", show_default=False)] = None,
    all_clients: Annotated[bool, typer.Option("--all", help="every brief in --clients-dir")
                           ] = False,
    kind: Annotated[str, typer.Option("--kind", help="comma-separated: plan,report,explore")
                    ] = "plan,report",
    workers: Annotated[int, typer.Option(help="worker processes on this machine")] = 2,
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address, tcp://HOST:PORT (runs on that cluster)")] = None,
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
    pdf: PdfOpt = True,
) -> None:
    """Plans and reports for many clients; failures isolated."""
    import contextlib

    from smtools import _shared, kernels, names

    if all_clients and clients:
        raise typer.BadParameter("give client slugs or --all, not both", param_hint="--all")
    if all_clients:
        from smtools import brief as briefmod

        slugs = [b.client for b in briefmod.briefs(clients_dir)]
    else:
        slugs = list(clients or [])
    if not slugs:
        raise typer.BadParameter("name at least one client, or pass --all",
                                 param_hint="SLUG")
    for slug in slugs:
        names.check_slug(slug)
    kinds = [k.strip() for k in kind.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in names.KINDS]
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}; use {', '.join(names.KINDS)}",
                                 param_hint="--kind")
    # a batch run in this process: its kernel boots while the runner loads (and, for
    # one client with a core to spare, a helper makes the plan and review meanwhile)
    here = kernels.runs_here(len(set(slugs)), workers=workers, scheduler=scheduler)
    with contextlib.ExitStack() as stack:
        if here:
            stack.enter_context(_shared.ahead(slugs, workers=workers, workspace=workspace,
                                              clients_dir=clients_dir, kinds=kinds))
            stack.enter_context(kernels.warm(pdf=pdf))
        from smtools import runner

        summary = runner.batch(slugs, kinds=kinds, workspace=_workspace(workspace).path,
                               clients_dir=clients_dir, reports_dir=reports_dir,
                               workers=workers, scheduler=scheduler, pdf=pdf)
    out.print(f"{len(summary.runs)} run(s) published in {summary.seconds:.1f} s; "
              f"{len(summary.failures)} failed.", markup=False)
    for run in summary.runs:
        out.print(f"  {run.client} · {run.kind}: {run.folder}", markup=False)
    if summary.failures:
        err.print(summary.describe_failures(), markup=False, soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def reports(reports_dir: ReportsOpt = Path("reports")) -> None:
    """List the published deliverables, newest first."""
    from smtools import runner

    found = runner.latest_runs(reports_dir)
    if not found:
        out.print(f"No deliverables in {reports_dir.resolve()} yet: run `smtools plan SLUG`.",
                  markup=False)
        return
    table = Table("finished (UTC)", "client", "kind", "campaign", "folder",
                  title=str(reports_dir.resolve()))
    for m in found:
        table.add_row(str(m.get("finished_at", "")), m["client"], m["kind"],
                      str(m.get("campaign", "")), m["folder"])
    out.print(table)


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="random seed of the demo data")] = 0,
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
    workers: Annotated[int, typer.Option(help="parallel notebook processes")] = 2,
) -> None:
    """Demo data, then plan and report for every demo client."""
    from smtools import runner, synth

    demo_data(seed=seed, workspace=workspace, clients_dir=clients_dir)
    ws = _workspace(workspace)
    summary = runner.batch(synth.demo_clients(), kinds=runner.DEMO_KINDS, workspace=ws.path,
                           clients_dir=clients_dir, reports_dir=reports_dir, workers=workers)
    for run in summary.runs:
        for f in run.files:
            out.print(str(f), markup=False)
    index = Path(reports_dir).resolve() / "index.html"
    out.print(str(index), markup=False)
    if summary.failures:
        raise SmtoolsError(summary.describe_failures())


teach_app = typer.Typer(help="Training lessons: the student and trainer editions.",
                        no_args_is_help=True, rich_markup_mode=None)
app.add_typer(teach_app, name="teach")


@teach_app.command("build")
def teach_build(
    out_dir: Annotated[Path, typer.Option("--out", help="where the two editions are written")
                       ] = Path("reports/training"),
    lesson: Annotated[list[int] | None, typer.Option(
        "--lesson", "-l", help="only this lesson number (repeatable)", metavar="N",
        show_default=False)
                      ] = None,
    workers: Annotated[int, typer.Option(help="notebooks executed at the same time")] = 2,
) -> None:
    """Run every lesson as a student and as a trainer; write notebooks and HTML."""
    from smtools import teach

    with err.status("Running the lessons in both editions…"):
        summary = teach.build(out_dir, lessons_to_build=lesson or None, workers=workers)
    for edition in ("student", "trainer"):
        counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.counts(edition).items()))
        out.print(f"{edition}: {summary.out / edition} (checks: {counts})", markup=False)
    out.print(str(summary.out / "index.html"), markup=False)


def _progress():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn(
        "{task.completed}/{task.total}"), TimeElapsedColumn(), console=err,
        disable=not err.is_terminal)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``smtools`` console script; returns the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments; None (the console script) takes this process's own, and the
        process then ends with the returned code. Threads are joined and exit
        handlers run as usual (the kept Chromium and kernel are closed before this
        returns); the interpreter's tear-down that would follow, module by module
        with its last garbage collections through everything the libraries made
        (about 0.25 s of a plan's or a batch's exit), is skipped: the memory goes
        with the process.

    Examples
    --------
    >>> main(["ingest", "/nonexistent.csv", "--client", "acme", "-w", "/tmp/x.duckdb"])
    2
    """
    code = _main(list(sys.argv[1:] if argv is None else argv))
    if argv is None:
        _ENDING["code"] = code
    return code


def _main(args: list[str]) -> int:
    debug = "--debug" in args or os.environ.get("SMTOOLS_DEBUG") == "1"
    # as in each kernel (kernels.STARTUP): jsonschema's optional "iri" checker
    # costs ~1.3 s of grammar building on import and nothing here checks that format
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    try:
        # without standalone mode, click returns (not raises) the code of typer.Exit
        code = app(args=args, prog_name="smtools", standalone_mode=False)
    except SmtoolsError as exc:
        if debug:
            traceback.print_exc()
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        return 2
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except typer.Abort:
        err.print("aborted")
        return 130
    except typer.TyperException as exc:  # usage errors: missing or bad options
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:
            err.print(f"error: {exc}", markup=False)
        return 2
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except Exception as exc:  # a bug: say so plainly, traceback with --debug
        if debug:
            traceback.print_exc()
        err.print(f"internal error: {type(exc).__name__}: {exc} "
                  "(run again with --debug for the traceback)", markup=False, soft_wrap=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
