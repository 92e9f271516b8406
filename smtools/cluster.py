"""Run a batch on a Dask distributed cluster: the same per-client task as the local pool.

``smtools batch --scheduler tcp://HOST:PORT`` (or ``runner.batch(..., scheduler=...)``)
submits one :func:`smtools.runner._task` per client and notebook to the cluster and
collects the results as they finish. Each task runs papermill in the worker process,
so start workers with one thread each (``dask worker tcp://HOST:PORT --nthreads 1``)
and give them the same environment (smtools installed) and the same view of the
files: the workspace, the briefs and the reports folder are passed as absolute
paths, so on several machines they must be on shared storage at the same path.

One failure never stops the others: a notebook that fails comes back as a
:class:`~smtools.runner.Failure` from the task itself, and a worker that dies
while running a notebook (killed, out of memory) becomes a ``Failure`` naming
that worker.

Examples
--------
>>> scheduler_address("10.0.0.5:8786")
'tcp://10.0.0.5:8786'
>>> list(run_jobs([], {}, "tcp://127.0.0.1:8786"))  # nothing to run: no connection
[]
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator, Sequence
from typing import Any

from smtools.errors import RunError
from smtools.runner import Failure, Run, _task

__all__ = ["run_jobs", "scheduler_address", "worker_failure"]

_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})")
#: Seconds to wait for the scheduler to answer before giving up.
CONNECT_TIMEOUT = 20


def scheduler_address(address: str) -> str:
    """Check a scheduler address and return it with its protocol (``tcp://`` by default).

    Parameters
    ----------
    address : str
        ``tcp://HOST:PORT``, ``tls://HOST:PORT`` or ``HOST:PORT``.

    Returns
    -------
    str

    Raises
    ------
    RunError
        When ``address`` is not of that form.

    Examples
    --------
    >>> scheduler_address("tcp://scheduler.internal:8786")
    'tcp://scheduler.internal:8786'
    >>> scheduler_address("http://localhost:8787/status")
    Traceback (most recent call last):
    ...
    smtools.errors.RunError: --scheduler 'http://localhost:8787/status' is not a Dask ...
    """
    match = _ADDRESS.fullmatch(address.strip())
    if not match or not 0 < int(match.group(3)) < 65536:
        raise RunError(f"--scheduler {address!r} is not a Dask scheduler address: use "
                       "tcp://HOST:PORT (the dashboard's http address will not do)")
    protocol, host, port = match.groups()
    return f"{protocol or 'tcp'}://{host}:{port}"


def worker_failure(kind: str, client: str, exc: BaseException) -> Failure:
    """The :class:`Failure` of a task that never returned (its worker died, or Dask failed).

    Examples
    --------
    >>> worker_failure("plan", "acme", OSError("connection lost")).error
    'on the Dask cluster: OSError: connection lost'
    """
    last = getattr(exc, "last_worker", None)
    if last is not None:  # distributed.KilledWorker
        worker = getattr(last, "address", last)
        tries = getattr(exc, "allowed_failures", 0) + 1
        error = (f"the Dask worker {worker} died while running the notebook "
                 f"({tries} attempt(s); see that worker's log: killed, or out of memory?)")
    else:
        error = f"on the Dask cluster: {type(exc).__name__}: {exc}"
    return Failure(client=client, kind=kind, error=error)


def _shared(paths: Sequence[str]) -> list[str]:
    """The paths this process cannot see (runs on every worker)."""
    return [p for p in paths if not os.path.exists(p)]


def run_jobs(jobs: Sequence[tuple[str, str]], options: dict[str, Any], scheduler: str
             ) -> Iterator[tuple[tuple[str, str], Run | Failure]]:
    """Run ``(kind, client)`` jobs on a Dask cluster; yield each result as it finishes.

    Parameters
    ----------
    jobs : sequence of (kind, client)
        The notebook runs to make.
    options : dict
        Keyword arguments of :func:`smtools.runner.run` (absolute paths), as
        :func:`smtools.runner.batch` builds them.
    scheduler : str
        Address of the scheduler, ``tcp://HOST:PORT``.

    Yields
    ------
    ((kind, client), Run or Failure)
        In the order the runs finish. A failed notebook, a worker that dies and
        any error of the cluster while running a job become a ``Failure``.

    Raises
    ------
    RunError
        Before anything runs: the address is malformed, the scheduler does not
        answer, or a worker cannot see the workspace or the briefs folder.

    Examples
    --------
    >>> list(run_jobs([], {}, "tcp://127.0.0.1:8786"))
    []
    """
    if not jobs:
        return
    address = scheduler_address(scheduler)
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise RunError(f"cannot reach the Dask scheduler at {address} within "
                       f"{CONNECT_TIMEOUT} s ({type(exc).__name__}: {exc}); start one with "
                       f"`dask scheduler` and workers with `dask worker {address} "
                       "--nthreads 1`") from None
    futures: dict[Any, tuple[str, str]] = {}
    try:
        # what exists here must exist on every worker (an absent workspace is just empty)
        paths = [str(options[k]) for k in ("workspace", "clients_dir")
                 if k in options and os.path.exists(str(options[k]))]
        unseen = {w: missing for w, missing in client.run(_shared, paths).items() if missing}
        if unseen:
            worker, missing = next(iter(unseen.items()))
            others = f" (nor can {len(unseen) - 1} other worker(s))" if len(unseen) > 1 else ""
            raise RunError(f"the Dask worker {worker} cannot see {', '.join(missing)}{others}; "
                           "put the workspace and briefs on storage every worker mounts at "
                           "the same absolute path")
        batch = secrets.token_hex(3)
        for kind, slug in jobs:
            future = client.submit(_task, kind, slug, options, None, pure=False,
                                   key=f"smtools-{kind}-{slug}-{batch}")
            futures[future] = (kind, slug)
        for future in as_completed(list(futures), loop=client.loop):
            kind, slug = futures[future]
            try:
                result = future.result()
            except BaseException as exc:  # KilledWorker, lost scheduler, cancelled
                if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                    raise
                result = worker_failure(kind, slug, exc)
            yield (kind, slug), result
    finally:
        pending = [f for f in futures if not f.done()]
        if pending:
            client.cancel(pending)
        client.close()
