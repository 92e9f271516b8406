"""PDF printed from the very HTML a client receives, by headless Chromium when installed.

Chromium runs with a fresh profile, no sandbox (CI runs as root), and every
background network feature off, so printing a local file never reaches outside
the machine.

One document is printed by a Chromium of its own (``chromium --print-to-pdf``).
A batch prints many: within :func:`keep_browser`, one headless Chromium, started
at the first print, prints every PDF of this process through the DevTools protocol on a pipe
(``--remote-debugging-pipe``: no port, no socket) with the same page settings
(background graphics, the page size of the print stylesheet, no header or
footer). Should that browser fail, the document is printed the one-shot way.

Examples
--------
>>> isinstance(available(), bool)
True
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smtools.errors import RunError

__all__ = ["chromium", "available", "print_pdf", "Browser", "keep_browser"]

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-default-apps", "--disable-extensions", "--mute-audio",
          "--no-pdf-header-footer")


def chromium() -> str | None:
    """Path of a Chromium (or Chrome) executable, ``$SMTOOLS_CHROMIUM`` first; None if absent.

    Examples
    --------
    >>> chromium() is None or os.path.exists(chromium())
    True
    """
    env = os.environ.get("SMTOOLS_CHROMIUM")
    if env:
        return env if os.path.exists(env) else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    """Whether PDFs can be printed on this machine."""
    return chromium() is not None


def print_pdf(html: str | Path, pdf: str | Path, *, timeout: float = 120) -> Path:
    """Print ``html`` (a local file) to ``pdf`` with headless Chromium.

    Uses this process's kept browser (:func:`keep_browser`) when there is one.

    Raises
    ------
    RunError
        When no Chromium is installed or printing fails.
    """
    exe = chromium()
    if exe is None:
        raise RunError("no Chromium is installed to print the PDF "
                       "(Debian: apt-get install chromium)")
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    browser = _kept_browser()
    if browser is not None:
        try:
            return browser.print_pdf(html, pdf, timeout=timeout)
        except (RunError, OSError, ValueError, KeyError):
            _close_kept()  # this one and the next ones the one-shot way
            _KEPT["failed"] = True
    with tempfile.TemporaryDirectory(prefix="smtools-chromium-") as profile:
        cmd = [exe, *_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
               html.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise RunError(f"Chromium did not print {html.name} within {timeout:.0f} s") from None
    if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise RunError(f"Chromium could not print {html.name}: {tail[0]}")
    return pdf


#: Puts the two pipe ends given as arguments on fds 3 and 4, then becomes Chromium.
_ONTO_3_AND_4 = ("import os, sys; a, b = int(sys.argv[1]), int(sys.argv[2]); os.dup2(a, 3); "
                 "os.dup2(b, 4); os.close(a); os.close(b); os.execv(sys.argv[3], sys.argv[3:])")


def _high(fd: int) -> int:
    """``fd`` moved to a number of 10 or more (then mapped to 3 or 4 for Chromium)."""
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


#: The page settings of ``chromium --print-to-pdf --no-pdf-header-footer``.
PRINT_OPTIONS = {"printBackground": True, "preferCSSPageSize": True,
                 "displayHeaderFooter": False}


class Browser:
    """A headless Chromium kept open to print PDFs, driven over a DevTools pipe.

    It starts in the background (the first print waits for it) and is closed by
    :meth:`close`, or when the process ends.

    Examples
    --------
    >>> if available():                                   # doctest: +SKIP
    ...     with Browser() as browser:
    ...         browser.print_pdf("plan.html", "plan.pdf")
    """

    def __init__(self, exe: str | None = None) -> None:
        exe = exe or chromium()
        if exe is None:
            raise RunError("no Chromium is installed to print the PDF "
                           "(Debian: apt-get install chromium)")
        self._profile = tempfile.mkdtemp(prefix="smtools-chromium-")
        to_r, self._to = os.pipe()      # Chromium reads commands on its fd 3
        self._from, from_w = os.pipe()  # and writes answers and events on its fd 4
        to_r, from_w = (_high(fd) for fd in (to_r, from_w))  # never 3 or 4 themselves
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _ONTO_3_AND_4, str(to_r), str(from_w), exe,
             *_FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe"],
            pass_fds=(to_r, from_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_r)
        os.close(from_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._settled = False

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- protocol
    def _send(self, method: str, params: dict[str, Any] | None = None,
              session: str | None = None) -> int:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to, data):]
        return self._next

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from], [], [], left)[0]:
                raise RunError("Chromium did not answer in time")
            chunk = os.read(self._from, 1 << 20)
            if not chunk:
                raise RunError("Chromium closed its DevTools pipe (it exited)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _call(self, method: str, params: dict[str, Any] | None = None, *,
              session: str | None = None, deadline: float) -> dict[str, Any]:
        ident = self._send(method, params, session)
        while True:
            message = self._next_message(deadline, session)
            if message.get("id") == ident:
                if "error" in message:
                    raise RunError(f"Chromium refused {method}: "
                                   f"{message['error'].get('message', message['error'])}")
                return message.get("result", {})

    def _next_message(self, deadline: float, session: str | None) -> dict[str, Any]:
        """The next message; events are kept, and the page's crash is an error at once."""
        message = self._receive(deadline)
        if "method" in message:
            self._events.append(message)
            gone = message["method"] in ("Inspector.detached", "Target.detachedFromTarget")
            if session and gone and session in (message.get("sessionId"),
                                                message.get("params", {}).get("sessionId")):
                raise RunError("Chromium's page closed while printing (its renderer "
                               "stopped)")
        return message

    def _wait(self, event: str, session: str, deadline: float) -> None:
        def seen() -> bool:
            return any(e.get("method") == event and e.get("sessionId") == session
                       for e in self._events)
        while not seen():
            self._next_message(deadline, session)

    # -------------------------------------------------------------- printing
    def print_pdf(self, html: str | Path, pdf: str | Path, *, timeout: float = 120) -> Path:
        """Print ``html`` (a local file) to ``pdf``; written whole or not at all.

        Raises
        ------
        RunError
            When Chromium fails or does not finish within ``timeout`` seconds.
        """
        html, pdf = Path(html).resolve(), Path(pdf).resolve()
        deadline = time.monotonic() + timeout
        with self._lock:
            try:
                data = self._print(html, deadline)
            except RunError:  # once more in a new page, unless Chromium itself is gone
                if self._proc.poll() is not None or time.monotonic() >= deadline:
                    raise
                data = self._print(html, deadline)
        content = base64.b64decode(data)
        if not content.startswith(b"%PDF"):
            raise RunError(f"Chromium printed no PDF for {html.name}")
        part = pdf.with_name(f".{pdf.name}.part")
        part.write_bytes(content)
        os.replace(part, pdf)
        return pdf

    def _settle(self, deadline: float) -> None:
        """Wait (once) until Chromium's start-up page has closed: a page opened before
        then is closed with it."""
        if self._settled:
            return
        limit = min(deadline, time.monotonic() + 10)
        while time.monotonic() < limit:
            targets = self._call("Target.getTargets", deadline=limit)["targetInfos"]
            if not any(t.get("url", "").startswith("chrome://headless/") for t in targets):
                break
            time.sleep(0.05)
        self._settled = True

    def _print(self, html: Path, deadline: float) -> str:
        """The PDF of ``html`` printed in a new page, base64-encoded."""
        if self._proc.poll() is not None:
            raise RunError("the kept Chromium has exited")
        self._settle(deadline)
        target = self._call("Target.createTarget", {"url": "about:blank"},
                            deadline=deadline)["targetId"]
        try:
            session = self._call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True},
                                 deadline=deadline)["sessionId"]
            self._call("Page.enable", session=session, deadline=deadline)
            loaded = self._call("Page.navigate", {"url": html.as_uri()},
                                session=session, deadline=deadline)
            if loaded.get("errorText"):
                raise RunError(f"Chromium could not open {html.name}: "
                               f"{loaded['errorText']}")
            self._wait("Page.loadEventFired", session, deadline)
            data = self._call("Page.printToPDF", PRINT_OPTIONS, session=session,
                              deadline=deadline)["data"]
        finally:
            self._events.clear()
            with contextlib.suppress(RunError, OSError):
                self._call("Target.closeTarget", {"targetId": target},
                           deadline=time.monotonic() + 10)
        return str(data)

    def close(self) -> None:
        """Quit Chromium and remove its profile."""
        with contextlib.suppress(OSError):
            os.close(self._to)
        with contextlib.suppress(OSError):
            os.close(self._from)
        if self._proc.poll() is None:
            # the browser and every process it started, at once: they run in a session
            # of their own, and nothing of theirs is kept (a graceful quit took 0.1-0.5 s)
            with contextlib.suppress(OSError):
                os.killpg(self._proc.pid, signal.SIGKILL)
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._profile, ignore_errors=True)


_KEPT: dict[str, Any] = {"browser": None, "depth": 0, "failed": False}
#: Held while the kept browser is started: two publishing threads share one.
_STARTING = threading.Lock()


def _close_kept() -> None:
    browser, _KEPT["browser"] = _KEPT["browser"], None
    if browser is not None:
        browser.close()


atexit.register(_close_kept)


@contextlib.contextmanager
def keep_browser() -> Iterator[None]:
    """Within the block, :func:`print_pdf` prints with one Chromium, started at the first
    print. Nested blocks share it; the outermost one closes it.

    Examples
    --------
    >>> with keep_browser():
    ...     _KEPT["depth"]
    1
    """
    _KEPT["depth"] += 1
    try:
        yield None
    finally:
        _KEPT["depth"] -= 1
        if _KEPT["depth"] == 0:
            _close_kept()
            _KEPT["failed"] = False


def _kept_browser() -> Browser | None:
    """This process's kept browser, started at the first print of a :func:`keep_browser`
    block (not before: the runner's kernel boots meanwhile); None outside such a block
    or after it failed once."""
    with _STARTING:
        if _KEPT["browser"] is None and _KEPT["depth"] > 0 and not _KEPT["failed"]:
            try:
                _KEPT["browser"] = Browser()
            except (RunError, OSError):
                _KEPT["failed"] = True
        return _KEPT["browser"]
