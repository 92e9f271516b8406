"""Plans and reviews made ahead, shared between the processes of one batch (private).

A batch of one client runs its notebooks one after the other in one kernel, and
that kernel first spends a couple of seconds importing pandas, scipy and
matplotlib while the machine's other core has nothing to do. :func:`ahead` uses
that core: a helper process (``python -m smtools._shared``) builds the plan and
the review the notebooks are about to ask for, with the notebooks' own default
arguments, and leaves them in a private folder of this batch. When the kernel's
:func:`smtools.plan.build` or :func:`smtools.report.review` asks for the same
thing (same :func:`content_key`: the brief's content, the workspace file's
identity and every argument), :func:`kept` waits for the helper to finish it and
reads it, instead of computing it a second time.

Only the work is shared, never a different answer: a key names what a result was
made from, and whichever process asks first makes it while holding the key's lock
(the other one waits, then reads). If the helper fails, is slow to start, or asked
with other arguments, the kernel simply computes the result itself. Outside a
batch that set this up (no :data:`ENV` in the environment), :func:`kept` just
calls ``make()``.

Examples
--------
>>> kept("example", lambda: 42)  # outside a batch: nothing is shared
42
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["ENV", "content_key", "kept", "ahead"]

#: Environment variable naming the batch's folder of shared results.
ENV = "SMTOOLS_SHARED"
#: How long to wait for another process making a result before making it here.
WAIT = 600.0

T = TypeVar("T")


def content_key(brief: Any, ws: Any, **arguments: Any) -> str | None:
    """What a result is made from: the brief's content, the workspace file's identity
    (path, inode, size and modification time, with its write-ahead log) and the
    arguments; None when the workspace file does not exist.

    Examples
    --------
    >>> content_key(None, type("W", (), {"path": Path("/no/such.duckdb")})()) is None
    True
    """
    files = []
    for path in (ws.path, ws.path.with_name(ws.path.name + ".wal")):
        try:
            st = path.stat()
        except OSError:
            if path == ws.path:
                return None
            continue
        files.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    h = hashlib.sha256(brief.model_dump_json().encode())
    h.update(repr((files, sorted((k, str(v)) for k, v in arguments.items()))).encode())
    return h.hexdigest()


def kept(key: str | None, make: Callable[[], T], *, wait: float = WAIT) -> T:
    """``make()``, or what another process of this batch made for the same ``key``.

    Within a batch's :func:`ahead`, the first process to ask makes it while holding
    the key's lock and leaves a copy; a process asking meanwhile waits (up to
    ``wait`` seconds, then makes it itself) and reads that copy.
    """
    folder = os.environ.get(ENV)
    if not folder or key is None or not Path(folder).is_dir():
        return make()
    path = Path(folder) / f"{key}.pickle"
    with open(path.with_suffix(".lock"), "a+b") as lock:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:  # another process is making it
                if time.monotonic() > deadline:
                    return make()
                time.sleep(0.01)
        try:
            if path.exists():
                with contextlib.suppress(Exception):  # unreadable: make it again
                    return pickle.loads(path.read_bytes())  # this batch wrote it there
            value = make()
            part = path.with_suffix(".part")
            part.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(part, path)
            return value
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def ahead(clients: Sequence[str], *, workers: int, workspace: str | Path | None,
          clients_dir: str | Path, kinds: Sequence[str]) -> Iterator[None]:
    """For a batch of one client allowed a second worker: within the block, a helper
    process makes ahead what ``kinds`` of the client's notebooks will ask for (the
    plan; the review for a report), for the processes started in the block (they
    inherit :data:`ENV`). Otherwise, or nested, the block does nothing.
    ``workspace`` None is the default one (:func:`smtools.workspace.default_path`).

    The folder is private to this user and removed, and the helper stopped, at the end.

    Examples
    --------
    >>> with ahead(["a", "b"], workers=2, workspace=None, clients_dir=".", kinds=["plan"]):
    ...     ENV in os.environ  # two clients: both cores are the workers'
    False
    """
    wanted = [k for k in ("plan", "report") if k in kinds]
    if len(set(clients)) != 1 or workers < 2 or os.environ.get(ENV) or not wanted:
        yield
        return
    client = next(iter(clients))
    folder = tempfile.mkdtemp(prefix="smtools-shared-")
    os.environ[ENV] = folder
    helper = None
    try:
        with contextlib.suppress(OSError):  # no helper: the kernel makes everything
            helper = subprocess.Popen(
                [sys.executable, "-m", "smtools._shared", client, str(workspace or ""),
                 str(Path(clients_dir).resolve()), ",".join(wanted)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        yield
    finally:
        del os.environ[ENV]
        if helper is not None and helper.poll() is None:
            helper.kill()
        if helper is not None:
            helper.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _main(argv: Sequence[str]) -> int:
    """The helper: make the plan (and the review) as the notebooks' defaults ask."""
    client, workspace, clients_dir, kinds = argv
    from smtools.brief import load
    from smtools.plan import build
    from smtools.workspace import Workspace

    brief = load(client, clients_dir)
    ws = Workspace(workspace or None)
    build(brief, ws, as_of=None, pattern="even", seed=0)  # notebooks/plan.py's defaults
    if "report" in kinds.split(","):
        from smtools.report import review

        review(brief, ws, as_of=None, language=None, seed=0)  # notebooks/report.py's
    return 0


if __name__ == "__main__":  # pragma: no cover (run by ahead())
    try:
        code = _main(sys.argv[1:])
    except Exception:  # the kernel makes what is missing and reports the error itself
        code = 1
    # it ends beside the kernel's report cells: spare them the interpreter's tear-down
    # through everything pandas and scipy made (its results are written and closed)
    os._exit(code)
