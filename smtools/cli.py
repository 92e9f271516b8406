"""The ``smtools`` command line.

Every command prints one clear line and exits 2 when the input is wrong;
``--debug`` (anywhere on the line) shows the traceback instead.

Examples
--------
>>> main(["--help"]) in (0, None)    # doctest: +SKIP
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from smtools.errors import SmtoolsError

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
    """Read an ad-platform or analytics export into the workspace (all or nothing)."""
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
    """Generate the demo clients (data with a known truth) into the workspace."""
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
    """List the clients in the workspace with their row counts."""
    ws = _workspace(workspace)
    names = ws.clients()
    if not names:
        out.print(f"No client data in {ws.path}: run `smtools demo-data` or `smtools ingest`.")
        return
    table = Table("client", *[t for t in ws.counts()], title=str(ws.path))
    for slug in names:
        table.add_row(slug, *[f"{n:,}" for n in ws.counts(slug).values()])
    out.print(table)


@app.command()
def explore(
    client: Annotated[str, typer.Argument(help="client slug", metavar="SLUG",
                                                show_default=False)],
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
) -> None:
    """Run the exploration notebook for one client and publish its HTML."""
    from smtools import runner

    run = runner.run("explore", client, workspace=_workspace(workspace).path,
                     clients_dir=clients_dir, reports_dir=reports_dir)
    out.print(f"{client}: {run.folder}")


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="random seed of the demo data")] = 0,
    workspace: WorkspaceOpt = None,
    clients_dir: ClientsOpt = Path("clients"),
    reports_dir: ReportsOpt = Path("reports"),
    workers: Annotated[int, typer.Option(help="parallel notebook processes")] = 2,
) -> None:
    """Build the demo workspace and run the main job for every demo client."""
    from smtools import runner, synth

    demo_data(seed=seed, workspace=workspace, clients_dir=clients_dir)
    ws = _workspace(workspace)
    summary = runner.batch(synth.demo_clients(), kinds=runner.DEMO_KINDS, workspace=ws.path,
                           clients_dir=clients_dir, reports_dir=reports_dir, workers=workers)
    for run in summary.runs:
        for f in run.files:
            out.print(str(f))
    if summary.failures:
        raise SmtoolsError(summary.describe_failures())


def _progress():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn(
        "{task.completed}/{task.total}"), TimeElapsedColumn(), console=err,
        disable=not err.is_terminal)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``smtools`` console script; returns the exit code.

    Examples
    --------
    >>> main(["ingest", "/nonexistent.csv", "--client", "acme", "-w", "/tmp/x.duckdb"])
    2
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("SMTOOLS_DEBUG") == "1"
    try:
        app(args=args, prog_name="smtools", standalone_mode=False)
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
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
