"""PDF printed from the very HTML a client receives, by headless Chromium when installed.

Chromium runs with a fresh profile, no sandbox (CI runs as root), and every
background network feature off, so printing a local file never reaches outside
the machine.

Examples
--------
>>> isinstance(available(), bool)
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from smtools.errors import RunError

__all__ = ["chromium", "available", "print_pdf"]

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
