"""The runner's kernels: a new one for each notebook, or one warm kernel per batch worker.

Kernels listen on IPC sockets (no TCP port to race for, nothing on the network) and
keep no history file. A *warm* kernel imports what the notebooks use when it
starts and is reset to that state (:mod:`smtools._kernel`) before each next
notebook, so a batch worker pays the kernel's start and imports once; after a
failed notebook it is replaced. This module imports nothing heavy, so that the
command line can start a kernel first and let it boot while it goes on.

Examples
--------
>>> _WARM["on"]        # outside a batch, every notebook gets a new kernel
False
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

from smtools import _kernel

__all__ = ["Kernel", "acquire", "release", "warm", "prestart", "runs_here", "worker_init",
           "STARTUP"]

#: Run in every kernel before the notebook (binds no name, counts no execution): keep
#: jsonschema from importing rfc3987-syntax, which compiles ~38 grammars on import
#: (about 1.3 s a kernel; jsonschema issue #1428) only to check "iri" formats, which
#: nothing smtools validates uses. Any notebook that imports jsonschema gains it.
STARTUP = "__import__('sys').modules.setdefault('rfc3987_syntax', None)"


class Kernel:
    """A kernel on IPC sockets (no TCP port to race for, nothing on the network).

    ``warm`` kernels import what the notebooks use when they start and are reset
    to that state (:mod:`smtools._kernel`) before each next notebook.
    """

    def __init__(self, *, warm: bool) -> None:
        from jupyter_client.manager import KernelManager

        self.warm = warm
        self.notebooks = 0
        self.sockets = tempfile.mkdtemp(prefix="smtools-kernel-")
        self.km = KernelManager(kernel_name="python3", transport="ipc",
                                ip=os.path.join(self.sockets, "kernel"))
        lines = [STARTUP] + ([_kernel.BASELINE] if warm else [])
        self.km.start_kernel(extra_arguments=[
            "--HistoryManager.hist_file=:memory:",  # as nbclient does: no history file
            *(f"--IPKernelApp.exec_lines={line}" for line in lines)])
        self.kc = self.km.client()
        self.kc.start_channels()
        self._ready = False

    def ready(self, timeout: float = 60) -> Kernel:
        """Wait until the kernel answers (it boots while the runner goes on)."""
        if not self._ready:
            try:
                self.kc.wait_for_ready(timeout=timeout)
            except BaseException:
                self.close()
                raise
            self._ready = True
        return self

    def alive(self) -> bool:
        return bool(self.km.has_kernel and self.km.is_alive())

    def reset(self, timeout: float = 60) -> None:
        """Return a warm kernel to its start-up state (raises if that fails)."""
        msg_id = self.kc.execute(_kernel.RESET, silent=True, store_history=False)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")

    def close(self) -> None:
        if not self._ready:  # still booting: closing its channels now races their threads
            with contextlib.suppress(Exception):
                self.kc.wait_for_ready(timeout=10)
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        with contextlib.suppress(Exception):
            # killed and reaped here first: jupyter_client then finds it gone at once,
            # where it would poll every 0.1 s for the end of the process it kills
            process = getattr(self.km.provisioner, "process", None)
            if process is not None:
                process.kill()
                process.wait(timeout=10)
        with contextlib.suppress(Exception):
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


#: This process's warm kernel, when it runs a batch (see :func:`warm`).
_WARM: dict[str, Any] = {"on": False, "kernel": None}


def _close_warm() -> None:
    kernel = _WARM["kernel"]
    _WARM["kernel"] = None
    if kernel is not None:
        kernel.close()


def runs_here(clients: int, *, workers: int, scheduler: str | None = None) -> bool:
    """Whether a batch of ``clients`` runs in this process (one worker or one client, no
    cluster) rather than in worker processes.

    Examples
    --------
    >>> runs_here(1, workers=2), runs_here(30, workers=2), runs_here(30, workers=1)
    (True, False, True)
    """
    return not scheduler and (workers <= 1 or clients == 1)


def prestart() -> None:
    """Start this process's warm kernel now, so that it boots while the runner goes on."""
    if _WARM["kernel"] is None:
        with contextlib.suppress(Exception):  # the first notebook tries again and says why
            _WARM["kernel"] = Kernel(warm=True)


@contextlib.contextmanager
def warm(*, pdf: bool = False) -> Iterator[None]:
    """Within the block, this process runs its notebooks in one reused kernel (started
    now) and, with ``pdf``, prints its PDFs with one Chromium (started at the first print)."""
    from smtools import pdf as pdfmod

    before = _WARM["on"]
    _WARM["on"] = True
    try:
        if not before:
            prestart()  # first: the kernel boots longest
        with pdfmod.keep_browser() if pdf else contextlib.nullcontext():
            yield
    finally:
        _WARM["on"] = before
        if not before:
            _close_warm()


def worker_init(pdf: bool = False) -> None:
    """Initializer of a batch worker process: one warm kernel (started now) and, with
    ``pdf``, one Chromium (started at the first print), both closed when the worker ends."""
    from multiprocessing import util

    _WARM["on"] = True
    # this process is the runner's own, like the command line's (see STARTUP)
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    util.Finalize(None, _close_warm, exitpriority=10)
    prestart()  # first: the kernel boots longest
    if pdf:
        from smtools import pdf as pdfmod

        browser = pdfmod.keep_browser()
        browser.__enter__()
        util.Finalize(None, browser.__exit__, args=(None, None, None), exitpriority=10)


def acquire() -> Kernel:
    """The kernel for the next notebook: this process's warm kernel (reset) in a batch,
    else a new one."""
    kernel = _WARM["kernel"] if _WARM["on"] else None
    if kernel is not None:
        try:
            if not kernel.ready().alive():
                raise RuntimeError("the warm kernel died")
            if kernel.notebooks:
                kernel.reset()
        except Exception:  # start a new one
            _close_warm()
            kernel = None
    if kernel is None:
        kernel = Kernel(warm=_WARM["on"])
        if _WARM["on"]:
            _WARM["kernel"] = kernel
    return kernel.ready()


def release(kernel: Kernel, *, ok: bool) -> None:
    """After a notebook: count it, close a kernel that is not kept or that failed."""
    if ok:
        kernel.notebooks += 1
    if not kernel.warm:
        kernel.close()
    elif not ok:  # a failed or timed-out notebook may leave anything behind
        _close_warm()
