"""Run the parameterised notebooks and publish their deliverables.

A run executes ``notebooks/<kind>.ipynb`` with papermill for one client, exports
it to client-facing HTML and publishes everything atomically into
``reports/<client>/<campaign or kind>/<run-id>/`` (the files are rendered in a
temporary folder beside it, then renamed). A failed run keeps its partial
notebook under ``reports/<client>/_failed/<run-id>/``.

Rules: parameters are validated against the notebook's ``parameters`` cell
before any kernel starts (unknown names and wrong types are errors); every path
given to a notebook is absolute; batches use worker *processes*, never threads
(papermill changes the process's working directory).

A batch gives each worker one warm kernel (:mod:`smtools.kernels`): it is reset
between notebooks and replaced after a failure. A worker runs a client's
notebooks one after the other, so a review reuses the plan just built (see
:func:`smtools.plan.build`). It publishes each notebook in a background thread
while the next one executes, and prints its PDFs with one kept Chromium
(:func:`smtools.pdf.keep_browser`). A batch of one client, or on one worker,
runs in the calling process; for one client with a second worker allowed, a
helper process builds the plan and the review while the kernel boots
(:mod:`smtools._shared`).

Examples
--------
>>> sorted(KINDS)
['explore', 'plan', 'report']
>>> validate_parameters("explore", {"client": "acme", "colour": "red"})
Traceback (most recent call last):
...
smtools.errors.RunError: explore: unknown parameter(s) colour; the notebook takes as_of, client, ...
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import hashlib
import importlib
import json
import logging
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from smtools import _shared, kernels
from smtools.brief import Brief, load
from smtools.errors import RunError, SmtoolsError
from smtools.names import KINDS, check_slug
from smtools.workspace import Workspace

__all__ = ["KINDS", "DEMO_KINDS", "Run", "Failure", "BatchSummary", "run", "batch",
           "notebooks_dir", "validate_parameters", "latest_runs", "write_index"]

#: What ``make demo`` / ``smtools demo`` runs for every demo client.
DEMO_KINDS: tuple[str, ...] = ("plan", "report")
#: Parameters the runner fills in itself (a notebook declares those it uses).
_RUNNER_PARAMETERS = ("client", "workspace", "clients_dir", "output_dir")

_CELL_TIMEOUT = 600
_PY_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool, "list": list,
             "dict": dict}


def notebooks_dir() -> Path:
    """The folder of the parameterised notebooks (``$SMTOOLS_NOTEBOOKS`` or ``notebooks/``).

    Examples
    --------
    >>> (notebooks_dir() / "explore.ipynb").exists()
    True
    """
    env = os.environ.get("SMTOOLS_NOTEBOOKS")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parent.parent / "notebooks"


def _notebook(kind: str) -> Path:
    if kind not in KINDS:
        raise RunError(f"unknown notebook kind {kind!r}; use one of {', '.join(KINDS)}")
    path = notebooks_dir() / f"{kind}.ipynb"
    if not path.exists():
        raise RunError(f"notebook {path} is missing", notebook=kind)
    return path


@cache
def _declared(path: str, mtime: float) -> dict[str, dict[str, Any]]:
    import papermill

    return dict(papermill.inspect_notebook(path))


def declared_parameters(kind: str) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares: name → papermill's description.

    Examples
    --------
    >>> "client" in declared_parameters("explore")
    True
    """
    path = _notebook(kind)
    return _declared(str(path), path.stat().st_mtime)


def validate_parameters(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check ``params`` against the notebook's ``parameters`` cell; return them.

    Unknown names, values whose type differs from the declared default's and
    values that are not JSON-safe are refused before any kernel starts.

    Raises
    ------
    RunError
        Naming the parameter and what it should be.
    """
    declared = declared_parameters(kind)
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise RunError(
            f"unknown parameter(s) {', '.join(unknown)}; the notebook takes "
            f"{', '.join(sorted(declared))}",
            notebook=kind,
        )
    for name, value in params.items():
        want = _declared_type(declared[name])
        expected = _PY_TYPES.get(want)
        ok_type = expected is None or (
            isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
        )
        if not ok_type:
            raise RunError(
                f"parameter {name}={value!r} should be of type {want} "
                f"(default {declared[name].get('default')})",
                notebook=kind,
            )
        try:
            json.dumps(value)
        except TypeError:
            raise RunError(f"parameter {name}={value!r} is not JSON-safe: pass strings, "
                           "numbers, booleans, lists or dicts (dates as ISO strings)",
                           notebook=kind) from None
    return params


def _declared_type(spec: dict[str, Any]) -> str:
    """Type name of a parameter: its annotation, else the type of its default literal."""
    want = str(spec.get("inferred_type_name") or "None").split("[")[0].strip()
    if want != "None":
        return want
    try:
        return type(ast.literal_eval(str(spec.get("default")))).__name__
    except (ValueError, SyntaxError):
        return "None"


@dataclass
class Run:
    """One published run."""

    client: str
    kind: str
    run_id: str
    folder: Path
    files: list[Path] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe view."""
        d = asdict(self)
        d["folder"] = str(self.folder)
        d["files"] = [str(f) for f in self.files]
        return d


@dataclass
class Failure:
    """One failed run of a batch."""

    client: str
    kind: str
    error: str
    cell: int | None = None
    partial: str | None = None


@dataclass
class BatchSummary:
    """What a batch did: the published runs and the failures."""

    runs: list[Run] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no run failed."""
        return not self.failures

    def describe_failures(self) -> str:
        """One line per failure: client, kind, cell and error."""
        lines = [f"{len(self.failures)} run(s) failed:"]
        for f in self.failures:
            cell = f", cell {f.cell}" if f.cell is not None else ""
            partial = f" (partial notebook: {f.partial})" if f.partial else ""
            lines.append(f"  - {f.client} [{f.kind}{cell}]: {f.error}{partial}")
        return "\n".join(lines)


def _run_id(kind: str) -> str:
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{kind}-{secrets.token_hex(2)}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@cache
def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for pkg in ("smtools", "pandas", "numpy", "statsmodels", "duckdb", "papermill",
                "nbconvert", "seaborn", "matplotlib"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


_ENGINE = "smtools"
#: Seconds between two saves of a running notebook (papermill's own autosave interval).
_SAVE_EVERY = 30.0


def _engine() -> str:
    """Register (once per process) a papermill engine that reports each finished cell
    and can run a notebook in an already running kernel (``kc``)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    if _ENGINE in papermill_engines._engines:
        return _ENGINE

    class Client(PapermillNotebookClient):  # type: ignore[misc]
        def __init__(self, nb_man: Any, km: Any = None, kc: Any = None, **kw: Any) -> None:
            super().__init__(nb_man, km=km, **kw)
            self.kc = kc  # a warm kernel's client: nbclient neither starts nor stops it

    class ProgressEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any
                                     ) -> Any:
            # papermill writes the whole notebook (images included) when each cell starts
            # and ends, while the kernel waits: here a cell saves it only when the last
            # save is older than _SAVE_EVERY. The notebook's end saves it in any case,
            # after a failure too, with the failing cell's output.
            save = nb_man.save
            last = [time.monotonic()]

            def save_now_and_then(**kw: Any) -> None:
                if time.monotonic() - last[0] >= _SAVE_EVERY:
                    save(**kw)
                    last[0] = time.monotonic()

            nb_man.save = save_now_and_then
            try:
                return cls._execute_cells(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.save = save  # notebook_complete saves it next

        @classmethod
        def _execute_cells(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            on_cell = kwargs.pop("on_cell", None)
            if on_cell is not None:
                total = len(nb_man.nb.cells)
                complete = nb_man.cell_complete

                def cell_complete(cell: Any, cell_index: int | None = None, **kw: Any) -> None:
                    complete(cell, cell_index=cell_index, **kw)
                    on_cell((cell_index or 0) + 1, total)

                nb_man.cell_complete = cell_complete
            kwargs.pop("input_path", None)
            return Client(nb_man, kernel_name=kernel_name,
                          timeout=kwargs.pop("execution_timeout", None),
                          startup_timeout=kwargs.pop("start_timeout", 60),
                          log=kwargs.pop("log", None) or logging.getLogger("papermill"),
                          **kwargs).execute()

    papermill_engines.register(_ENGINE, ProgressEngine)
    return _ENGINE


def _execute(notebook: Path, out: Path, params: dict[str, Any], *, timeout: int,
             on_cell: Callable[[int, int], None] | None = None) -> None:
    import papermill

    kernel = kernels.acquire()
    ok = False
    try:
        papermill.execute_notebook(
            str(notebook), str(out), parameters=params, kernel_name="python3",
            engine_name=_engine(), progress_bar=False, log_output=False,
            execution_timeout=timeout, km=kernel.km, kc=kernel.kc, on_cell=on_cell,
        )
        ok = True
    finally:
        kernels.release(kernel, ok=ok)


def cell_count(kind: str) -> int:
    """Number of cells of a notebook (papermill adds one for the injected parameters).

    Examples
    --------
    >>> cell_count("explore") > 3
    True
    """
    import nbformat

    return len(nbformat.read(_notebook(kind), as_version=4).cells) + 1


def run(
    kind: str,
    client: str,
    *,
    workspace: str | Path | None = None,
    clients_dir: str | Path = "clients",
    reports_dir: str | Path = "reports",
    parameters: dict[str, Any] | None = None,
    timeout: int = _CELL_TIMEOUT,
    on_cell: Callable[[int, int], None] | None = None,
    pdf: bool = True,
) -> Run:
    """Execute notebook ``kind`` for ``client``, export it and publish atomically.

    Parameters
    ----------
    kind : str
        Notebook kind (see :data:`KINDS`).
    client : str
        Client slug; its brief is ``clients_dir/<client>.yaml``.
    workspace : path, optional
        DuckDB workspace (default: ``$SMTOOLS_WORKSPACE`` or ``./workspace.duckdb``).
    clients_dir, reports_dir : path
        Briefs folder and deliverables folder.
    parameters : dict, optional
        Extra notebook parameters (validated).
    timeout : int
        Per-cell execution timeout in seconds.
    on_cell : callable, optional
        Called with (cells done, cells in all) after each cell (progress bars).
    pdf : bool
        Print a PDF of the HTML when Chromium is installed (else a notice says why not).

    Returns
    -------
    Run

    Raises
    ------
    RunError
        When the notebook fails; the partial notebook is kept and named.
    """
    return _publish(_execute_run(kind, client, workspace=workspace, clients_dir=clients_dir,
                                 reports_dir=reports_dir, parameters=parameters,
                                 timeout=timeout, on_cell=on_cell, pdf=pdf))


@dataclass
class _Executed:
    """A notebook executed into its temporary folder, waiting to be published."""

    kind: str
    client: str
    brief: Brief
    workspace: Workspace
    notebook: Path
    params: dict[str, Any]
    run_id: str
    tmp: Path
    final: Path
    reports_dir: Path
    pdf: bool
    started: float
    durations: dict[str, float]
    rows: Callable[[], dict[str, int]]  # waits for the counts taken while it runs

    @property
    def executed(self) -> Path:
        return self.tmp / f"{self.kind}.ipynb"

    def input_rows(self) -> dict[str, int]:
        """The client's row count of every workspace table, counted while the notebook
        ran (again now if that failed: the notebook read the workspace after all)."""
        with contextlib.suppress(Exception):
            return self.rows()
        return self.workspace.counts(self.client)


def _meanwhile(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start ``fn(*args)`` in a thread; the function returned waits for its result
    (or raises its error)."""
    from concurrent.futures import Future

    future: Future[Any] = Future()

    def work() -> None:
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # handed to whoever asks for the result
            future.set_exception(exc)

    threading.Thread(target=work, name="smtools-inputs", daemon=True).start()
    return future.result


def _execute_run(kind: str, client: str, *, workspace: str | Path | None,
                 clients_dir: str | Path, reports_dir: str | Path,
                 parameters: dict[str, Any] | None, timeout: int,
                 on_cell: Callable[[int, int], None] | None, pdf: bool) -> _Executed:
    """Validate, then execute the notebook into a temporary folder beside its final one."""
    t0 = time.perf_counter()
    check_slug(client)
    clients_dir = Path(clients_dir).resolve()
    reports_dir = Path(reports_dir).resolve()
    ws = Workspace(workspace)
    brief = load(client, clients_dir)
    given = dict(parameters or {})
    clash = sorted(set(given) & set(_RUNNER_PARAMETERS))
    if clash:
        raise RunError(f"parameter(s) {', '.join(clash)} are set by the runner itself",
                       notebook=kind)
    notebook = _notebook(kind)
    declared = declared_parameters(kind)
    run_id = _run_id(kind)
    group = brief.campaign.slug if kind != "explore" else "explore"
    final = reports_dir / client / group / run_id
    params = {"client": client, "workspace": str(ws.path), "clients_dir": str(clients_dir),
              **given}
    validate_parameters(kind, params)  # before any folder or kernel exists
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{run_id}-", dir=final.parent))
    if "output_dir" in declared:
        params["output_dir"] = str(tmp)
    done = _Executed(kind=kind, client=client, brief=brief, workspace=ws, notebook=notebook,
                     params=params, run_id=run_id, tmp=tmp, final=final,
                     reports_dir=reports_dir, pdf=pdf, started=t0, durations={},
                     rows=_meanwhile(ws.counts, client))  # for the manifest
    try:
        t = time.perf_counter()
        try:
            _execute(notebook, done.executed, params, timeout=timeout, on_cell=on_cell)
        except Exception as exc:  # papermill raises its own error types
            raise _failed(exc, kind=kind, client=client, tmp=tmp, reports_dir=reports_dir,
                          run_id=run_id) from None
        done.durations["execute"] = round(time.perf_counter() - t, 3)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return done


def _publish(done: _Executed, *, index: bool = True) -> Run:
    """Export an executed notebook (HTML, PDF), write its manifest and publish atomically;
    then rewrite ``reports/index.html`` (``index``: a batch does it once, at its end)."""
    tmp, brief, durations = done.tmp, done.brief, done.durations
    try:
        t = time.perf_counter()
        notices: list[str] = []
        files = _publish_files(done.kind, brief, done.executed, tmp, pdf=done.pdf,
                               notices=notices)
        durations["export"] = round(time.perf_counter() - t, 3)
        durations["total"] = round(time.perf_counter() - done.started, 3)
        manifest = {
            "client": done.client,
            "kind": done.kind,
            "run_id": done.run_id,
            "status": "ok",
            "campaign": brief.campaign.name,
            "parameters": done.params,
            "inputs": {
                "notebook": {"path": str(done.notebook), "sha256": _sha256(done.notebook)},
                "brief": {"path": str(brief.source), "sha256": _sha256(Path(brief.source))},
                "workspace": {"path": str(done.workspace.path),
                              "rows": done.input_rows()},
            },
            "versions": dict(_versions()),
            "durations": durations,
            "files": [f.name for f in files] + ["run.json"],
            "notices": notices,
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        (tmp / "run.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        os.replace(tmp, done.final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if index:
        write_index(done.reports_dir)
    final = done.final
    return Run(client=done.client, kind=done.kind, run_id=done.run_id, folder=final,
               files=[final / f.name for f in files], durations=durations)


def _publish_files(kind: str, brief: Brief, executed: Path, tmp: Path, *, pdf: bool,
                   notices: list[str]) -> list[Path]:
    import nbformat

    from smtools import export, fmt
    from smtools import pdf as pdfmod

    nb = nbformat.read(executed, as_version=4)
    title = KINDS[kind].get(brief.language, KINDS[kind]["en"])
    c = brief.campaign
    subtitle = f"{c.name} · {fmt.date_range(c.start, c.end, brief.language)}"
    html = export.to_html(nb, title=title, client_name=brief.name, subtitle=subtitle,
                          colour=brief.branding.colour, logo=brief.logo_path,
                          language=brief.language, footer=f"{brief.name} · {title}")
    out = tmp / f"{kind}.html"
    out.write_text(html, encoding="utf-8")
    files = [out]
    if pdf:
        if pdfmod.available():
            try:
                files.append(pdfmod.print_pdf(out, tmp / f"{kind}.pdf"))
            except RunError as err:
                notices.append(f"PDF skipped: {err.message}")
        else:
            notices.append("PDF skipped: no Chromium installed (Debian: apt-get install "
                           "chromium)")
    written = sorted(p for p in tmp.iterdir()
                     if p.is_file() and p not in files and p != executed
                     and not p.name.startswith("."))
    return [*files, *written, executed]


def _failed(exc: BaseException, *, kind: str, client: str, tmp: Path, reports_dir: Path,
            run_id: str) -> RunError:
    keep = reports_dir / client / "_failed" / run_id
    keep.parent.mkdir(parents=True, exist_ok=True)
    partial = None
    if (tmp / f"{kind}.ipynb").exists():
        os.replace(tmp, keep)
        partial = keep / f"{kind}.ipynb"
    cell = getattr(exc, "cell_index", None)
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None) or str(exc)
    message = f"{ename}: {evalue}".strip().splitlines()[0] if evalue else ename
    return RunError(message, client=client, notebook=kind, cell=cell, partial=partial)


def _guarded(kind: str, client: str, step: Callable[..., Any], *args: Any, **kwargs: Any
             ) -> Any:
    """``step(*args, **kwargs)``, or the :class:`Failure` it raised (never raises)."""
    try:
        return step(*args, **kwargs)
    except RunError as exc:
        return Failure(client=client, kind=kind, error=exc.message, cell=exc.cell,
                       partial=exc.partial)
    except SmtoolsError as exc:
        return Failure(client=client, kind=kind, error=str(exc))
    except Exception as exc:  # a bug must not stop the other clients
        return Failure(client=client, kind=kind,
                       error=f"{type(exc).__name__}: {exc} | "
                       + traceback.format_exc(limit=3).replace("\n", " "))


def _progress(kind: str, client: str, queue: Any) -> Callable[[int, int], None] | None:
    """Cell callback that sends ``(kind, client, cells done, cells in all)`` to ``queue``."""
    if queue is None:
        return None

    def on_cell(done: int, total: int) -> None:
        queue.put((kind, client, done, total))
    return on_cell


def _first_then(first: Callable[[], object], then: Callable[[int, int], None] | None
                ) -> Callable[[int, int], None]:
    """Cell callback that calls ``first()`` after the first cell, and ``then`` after each."""
    pending = [first]

    def on_cell(done: int, total: int) -> None:
        if pending:
            pending.pop()()
        if then is not None:
            then(done, total)
    return on_cell


def _task(kind: str, client: str, options: dict[str, Any], queue: Any = None
          ) -> Run | Failure:
    """One run, never raising: the unit of work of a batch on a cluster (picklable).

    ``queue`` (optional) receives ``(kind, client, cells done, cells in all)`` after
    every cell, for the progress bar of the process that started the batch.
    """
    return _guarded(kind, client, run, kind, client, on_cell=_progress(kind, client, queue),
                    **options)


def _client_task(kinds: Sequence[str], client: str, options: dict[str, Any], queue: Any = None
                 ) -> list[Run | Failure]:
    """Every kind for one client, in order, never raising (the unit of work of a local batch).

    The notebooks run one after the other in this process's kernel (warm in a batch: it
    keeps what a notebook computed and a later one needs again, such as the plan's model
    fit that a post-campaign review rebuilds); each one is exported and published in a
    background thread of its own while the next one executes, so that a notebook's HTML
    is made while an earlier one's PDF is still printing (the prints take turns in the
    one Chromium). The batch that runs it writes ``reports/index.html`` at its end.
    """
    from concurrent.futures import ThreadPoolExecutor

    pending: list[Any] = []
    with ThreadPoolExecutor(max_workers=max(len(kinds), 1),
                            thread_name_prefix="smtools-publish") as publisher:
        progress = {kind: _progress(kind, client, queue) for kind in kinds}
        # the exporter loads once the kernel runs the first notebook's cells, not while
        # it boots: its start-up (and a batch helper's) has both CPUs busy already
        if "smtools.export" not in sys.modules and kinds:
            progress[kinds[0]] = _first_then(
                lambda: publisher.submit(importlib.import_module, "smtools.export"),
                progress[kinds[0]])
        for kind in kinds:
            done = _guarded(kind, client, _execute_run, kind, client,
                            on_cell=progress[kind], parameters=None, **options)
            pending.append(done if isinstance(done, Failure)
                           else publisher.submit(_guarded, kind, client, _publish, done,
                                                 index=False))
        return [p if isinstance(p, Failure) else p.result() for p in pending]


class _Direct:
    """Queue-like sink that updates the bars directly (runs in this process)."""

    def __init__(self, bars: _Bars) -> None:
        self.bars = bars

    def put(self, item: tuple[str, str, int, int]) -> None:
        self.bars.cell(*item)


class _Bars:
    """Two rich progress bars: notebooks (clients × kinds) and cells."""

    def __init__(self, jobs: list[tuple[str, str]], *, show: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description:<36}"), BarColumn(),
            TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
            console=console, disable=not (show and console.is_terminal))
        cells = sum(cell_count(kind) for kind, _ in jobs)
        self.notebooks = self.progress.add_task("Notebooks", total=len(jobs))
        self.cells = self.progress.add_task("Cells", total=cells)
        self._seen: dict[tuple[str, str], int] = {}

    def cell(self, kind: str, client: str, done: int, total: int) -> None:
        before = self._seen.get((kind, client), 0)
        self._seen[(kind, client)] = done
        self.progress.update(self.cells, advance=max(done - before, 0),
                             description=f"Cells · {client} · {kind}")

    def finished(self, kind: str, client: str, total: int) -> None:
        before = self._seen.get((kind, client), 0)
        self._seen[(kind, client)] = total
        self.progress.update(self.cells, advance=max(total - before, 0))
        self.progress.update(self.notebooks, advance=1,
                             description=f"Notebooks · {client} · {kind}")


def batch(
    clients: Sequence[str],
    *,
    kinds: Iterable[str] = DEMO_KINDS,
    workspace: str | Path | None = None,
    clients_dir: str | Path = "clients",
    reports_dir: str | Path = "reports",
    workers: int = 2,
    timeout: int = _CELL_TIMEOUT,
    progress: bool = True,
    scheduler: str | None = None,
    pdf: bool = True,
) -> BatchSummary:
    """Run ``kinds`` for every client in worker processes; one failure never stops the rest.

    Parameters
    ----------
    clients : sequence of str
        Client slugs.
    kinds : iterable of str
        Notebook kinds to run for each client (default: plan and report).
    workspace, clients_dir, reports_dir : path
        As for :func:`run`.
    workers : int
        Worker processes on this machine. One worker, or one client, runs in this
        process; either way each worker runs a client's notebooks one after the other
        in one warm kernel, publishing each while the next one executes. One client
        with two or more workers also gets a helper process that builds its plan and
        review while the kernel boots (:mod:`smtools._shared`).
    timeout : int
        Per-cell timeout in seconds.
    progress : bool
        Show progress bars over notebooks and cells (on a terminal).
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:port``): the same
        per-client task is submitted to that cluster instead of local processes.
    pdf : bool
        Print PDFs when Chromium is installed.

    Returns
    -------
    BatchSummary
        Published runs (in input order) and failures.
    """
    t0 = time.perf_counter()
    kinds = list(kinds)
    for kind in kinds:
        _notebook(kind)
    clients = list(dict.fromkeys(clients))
    for client in clients:
        check_slug(client)
    options = {
        "workspace": str(Workspace(workspace).path),
        "clients_dir": str(Path(clients_dir).resolve()),
        "reports_dir": str(Path(reports_dir).resolve()),
        "timeout": timeout,
        "pdf": pdf,
    }
    jobs = [(k, c) for c in clients for k in kinds]
    results: dict[tuple[str, str], Run | Failure] = {}
    bars = _Bars(jobs, show=progress)

    def record(client: str, done: list[Run | Failure]) -> None:
        for kind, result in zip(kinds, done, strict=True):
            results[(kind, client)] = result
            bars.finished(kind, client, cell_count(kind))
    with bars.progress:
        if scheduler:
            from smtools import cluster

            for (k, c), result in cluster.run_jobs(jobs, options, scheduler):
                results[(k, c)] = result
                bars.finished(k, c, cell_count(k))
        elif kernels.runs_here(len(clients), workers=workers):
            with _shared.ahead(clients, workers=workers, workspace=options["workspace"],
                               clients_dir=options["clients_dir"], kinds=kinds), \
                    kernels.warm(pdf=pdf):
                for client in clients:
                    record(client, _client_task(kinds, client, options, _Direct(bars)))
        else:
            _local_pool(clients, kinds, options, workers, bars, record)
    summary = BatchSummary(seconds=round(time.perf_counter() - t0, 2))
    for key in jobs:
        r = results[key]
        (summary.runs if isinstance(r, Run) else summary.failures).append(r)  # type: ignore[arg-type]
    write_index(Path(options["reports_dir"]))
    return summary


def _local_pool(clients: list[str], kinds: list[str], options: dict[str, Any], workers: int,
                bars: _Bars, record: Callable[[str, list[Run | Failure]], None]) -> None:
    """Run every client's ``kinds`` in ``workers`` spawned processes, forwarding cell
    progress; ``record(client, results)`` receives each client's results in kind order.

    One task per client: a worker runs the client's notebooks one after the other in
    its warm kernel (half the CPU of running them in two cold kernels at once).
    """
    import multiprocessing as mp
    import queue as queuemod
    import threading

    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        q = manager.Queue()
        stop = threading.Event()

        def drain() -> None:
            while not stop.is_set():
                try:
                    kind, client, done, total = q.get(timeout=0.1)
                except queuemod.Empty:
                    continue
                except (EOFError, OSError):
                    return
                bars.cell(kind, client, done, total)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            with ProcessPoolExecutor(max_workers=min(workers, len(clients)), mp_context=ctx,
                                     initializer=kernels.worker_init,
                                     initargs=(bool(options["pdf"]),)) as pool:
                futures = {pool.submit(_client_task, kinds, c, options, q): c for c in clients}
                for fut in as_completed(futures):
                    c = futures[fut]
                    try:
                        done: list[Run | Failure] = fut.result()
                    except Exception as exc:  # the worker process itself died
                        done = [Failure(client=c, kind=k, error=f"worker died: {exc}")
                                for k in kinds]
                    record(c, done)
        finally:
            stop.set()
            reader.join(timeout=2)


def latest_runs(reports_dir: str | Path = "reports") -> list[dict[str, Any]]:
    """Manifests of every published run, newest first.

    Examples
    --------
    >>> latest_runs("/nonexistent")
    []
    """
    root = Path(reports_dir)
    out = []
    for manifest in root.glob("*/*/*/run.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        data["folder"] = str(manifest.parent)
        out.append(data)
    return sorted(out, key=lambda d: d.get("run_id", ""), reverse=True)


def write_index(reports_dir: str | Path = "reports") -> Path:
    """Write ``reports/index.html`` linking every client's latest deliverables.

    Examples
    --------
    >>> import tempfile
    >>> write_index(tempfile.mkdtemp()).name
    'index.html'
    """
    import html

    root = Path(reports_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for m in latest_runs(root):
        latest.setdefault((m["client"], m["kind"]), m)
    rows = []
    for (client, kind), m in sorted(latest.items()):
        folder = Path(m["folder"]).relative_to(root)
        links = " ".join(
            f'<a href="{html.escape(str(folder / f))}">{html.escape(f)}</a>'
            for f in m.get("files", []) if not f.endswith(".ipynb")
        )
        rows.append(
            f"<tr><td>{html.escape(client)}</td><td>{html.escape(kind)}</td>"
            f"<td>{html.escape(str(m.get('campaign', '')))}</td>"
            f"<td>{html.escape(str(m.get('finished_at', '')))}</td><td>{links}</td></tr>"
        )
    body = "\n".join(rows) or '<tr><td colspan="5">No deliverables yet.</td></tr>'
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Deliverables</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem auto;max-width:1000px;
color:#1d232a}}h1{{color:#1f4e79}}table{{border-collapse:collapse;width:100%}}
th,td{{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #dde}}th{{background:#eef1f5}}
a{{margin-right:.6rem}}</style></head>
<body><h1>Deliverables</h1>
<table><thead><tr><th>Client</th><th>Deliverable</th><th>Campaign</th><th>Finished (UTC)</th>
<th>Files</th></tr></thead><tbody>
{body}
</tbody></table></body></html>
"""
    target = root / "index.html"
    tmp = target.with_name(f".index-{secrets.token_hex(4)}.html")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return target
