"""PDFs: the kept browser prints what the one-shot Chromium prints, and stands in safely."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from smtools import pdf
from smtools.errors import RunError

pytestmark = pytest.mark.skipif(not pdf.available(), reason="no Chromium installed "
                                "(Debian: apt-get install chromium)")

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 12mm }
body { font-family: "DejaVu Sans", sans-serif }
h1 { background: #1f4e79; color: white; -webkit-print-color-adjust: exact }
section { break-after: page }
</style></head><body>
<section><h1>Plan média</h1><p>1 234,56 € — first page</p></section>
<section><h2>Second page</h2></section>
<section><h2>Third page</h2></section>
</body></html>"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def pages(path: Path) -> int:
    """Page count (poppler's pdfinfo when installed, else the PDF's own page objects)."""
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return path.read_bytes().count(b"/Type /Page\n") or path.read_bytes().count(
            b"/Type/Page")
    return int(next(line.split()[-1] for line in out.splitlines()
                    if line.startswith("Pages:")))


def test_the_kept_browser_prints_like_the_one_shot_chromium(page: Path, tmp_path: Path
                                                            ) -> None:
    one_shot = pdf.print_pdf(page, tmp_path / "one.pdf")
    with pdf.Browser() as browser:
        kept = [browser.print_pdf(page, tmp_path / f"kept{i}.pdf") for i in range(2)]
    sizes = {p.stat().st_size for p in [one_shot, *kept]}
    assert pages(one_shot) == 3
    assert all(pages(p) == 3 for p in kept)
    # same layout and fonts: the files differ at most by their creation dates
    assert max(sizes) - min(sizes) < 200, sizes
    assert not list(tmp_path.glob(".*.part"))


def test_keep_browser_serves_every_print_then_quits(page: Path, tmp_path: Path) -> None:
    with pdf.keep_browser():
        assert pdf._KEPT["browser"] is None  # started by the first print, not before
        pdf.print_pdf(page, tmp_path / "p0.pdf")
        browser = pdf._KEPT["browser"]
        pid = browser._proc.pid
        pdf.print_pdf(page, tmp_path / "p1.pdf")
        assert pdf._KEPT["browser"] is browser and browser._proc.poll() is None
    assert pdf._KEPT["browser"] is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_dead_kept_browser_falls_back_to_the_one_shot_print(page: Path, tmp_path: Path
                                                              ) -> None:
    with pdf.keep_browser():
        pdf.print_pdf(page, tmp_path / "before.pdf")
        browser = pdf._KEPT["browser"]
        browser._proc.send_signal(signal.SIGKILL)
        browser._proc.wait()
        for name in ("after", "again"):
            assert pages(pdf.print_pdf(page, tmp_path / f"{name}.pdf")) == 3
            assert pdf._KEPT["browser"] is None  # dropped, not restarted for every document


def test_a_missing_page_is_a_clear_error(tmp_path: Path) -> None:
    with pdf.Browser() as browser, pytest.raises(RunError, match=r"missing\.html"):
        browser.print_pdf(tmp_path / "missing.html", tmp_path / "x.pdf", timeout=30)
    assert not (tmp_path / "x.pdf").exists()


def _running_in_group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` still running (zombies awaiting their reaper
    are not)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            alive.append(int(entry))
    return alive


def test_closing_the_browser_ends_every_process_it_started(page: Path, tmp_path: Path
                                                           ) -> None:
    browser = pdf.Browser()
    browser.print_pdf(page, tmp_path / "a.pdf")
    pgid = os.getpgid(browser._proc.pid)
    assert len(_running_in_group(pgid)) > 1  # the browser and its renderer, GPU, zygotes…
    profile = Path(browser._profile)
    browser.close()
    assert _running_in_group(pgid) == [] and not profile.exists()
