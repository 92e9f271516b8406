"""Every client-facing HTML opened in headless Chromium, as a client would open it.

For each notebook kind that exists, one demo client's document is generated and
loaded from disk with the network cut off: no console error, no script dialog,
no request leaving the machine (anything but ``file:`` and ``data:`` is blocked
and recorded), every image decoded, every table-of-contents link landing on an
element. A full-page screenshot is kept beside the HTML (in the test's temporary
reports folder; nothing is written to the project's ``reports/``), and its path
is printed.

Chromium is the system one (``smtools.pdf.chromium()``), driven by Playwright;
nothing is downloaded. Without Chromium the tests are skipped with the reason
(``make test`` installs it with apt-get when it can).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smtools import pdf, runner

CLIENT = "bistro-lumiere"
#: The flags of docs RECIPES.md: no sandbox (CI runs as root), nothing contacted at start.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KINDS = [k for k in runner.KINDS if (runner.notebooks_dir() / f"{k}.ipynb").exists()]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = pdf.chromium()
    if exe is None:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium; `make test` "
                    "installs it when run as root)")
    return exe


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def documents(browser: Any, request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """kind → the published HTML of :data:`CLIENT` (all kinds in one batch)."""
    # asked for here, not as an argument: a skip for want of Chromium then costs nothing
    demo = request.getfixturevalue("demo")
    reports = tmp_path_factory.mktemp("browser") / "reports"
    summary = runner.batch([CLIENT], kinds=KINDS, workspace=demo["workspace"],
                           clients_dir=demo["clients_dir"], reports_dir=reports, workers=2,
                           progress=False, pdf=False)
    assert summary.ok, summary.describe_failures()
    return {r.kind: r.folder / f"{r.kind}.html" for r in summary.runs}


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


_IMAGES = """() => Array.from(document.images).map(img => ({
    src: img.getAttribute('src').slice(0, 60), complete: img.complete,
    width: img.naturalWidth, height: img.naturalHeight}))"""
_TOC = """() => {
    const nav = document.querySelector('nav.sm-toc');
    if (!nav) return null;
    return Array.from(nav.querySelectorAll('a[href^="#"]')).map(a => {
        a.click();  // fragment navigation, as a reader's click: :target is what it lands on
        const t = document.querySelector(':target');
        return {href: a.getAttribute('href'), text: a.textContent.trim(),
                targets: t ? document.querySelectorAll('[id="' + CSS.escape(t.id) + '"]').length
                           : 0};
    });
}"""


def inspect(browser: Any, html: Path, shot: Path) -> dict[str, Any]:
    """Open ``html`` like a reader would; record what the page did; screenshot it.

    Every request other than ``file:`` and ``data:`` is aborted and listed in
    ``blocked``; dialogs are dismissed and listed.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: dict[str, Any] = {"requests": [], "blocked": [], "errors": [], "dialogs": []}

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            seen["blocked"].append(url)
            r.abort()

    def dialog(d: Any) -> None:
        seen["dialogs"].append(f"{d.type}: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(f"uncaught: {e}"))
    page.on("dialog", dialog)
    try:
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        seen["images"] = page.evaluate(_IMAGES)
        seen["toc"] = page.evaluate(_TOC)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    return seen


@pytest.mark.parametrize("kind", KINDS)
def test_document_renders_offline_in_chromium(kind: str, browser: Any,
                                               documents: dict[str, Path]) -> None:
    html = documents[kind]
    shot = html.with_suffix(".png")
    seen = inspect(browser, html, shot)
    print(f"screenshot: {shot}")

    assert seen["errors"] == [], f"console errors in {kind}.html"
    assert seen["dialogs"] == [], f"{kind}.html opened a dialog (script in the page?)"
    assert seen["blocked"] == [], f"{kind}.html tried to reach the network"
    assert all(u.startswith(("file:", "data:")) for u in seen["requests"]), seen["requests"]
    images = seen["images"]
    assert images, f"{kind}.html has no image"
    broken = [i for i in images if not (i["complete"] and i["width"] > 0 and i["height"] > 0)]
    assert broken == [], f"images that did not decode in {kind}.html"
    toc = seen["toc"]
    assert toc is not None, f"{kind}.html has no nav.sm-toc"
    assert len(toc) >= 2, toc
    dangling = [t for t in toc if t["targets"] != 1]
    assert dangling == [], "table-of-contents links without exactly one target"
    width, height = _png_size(shot)
    assert width >= 1000 and height > 900, "the screenshot is not of the full page"


_BAD = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="https://cdn.example.invalid/style.css"></head><body>
<nav class="sm-toc"><a href="#here">here</a><a href="#nowhere">nowhere</a></nav>
<h2 id="here">Here</h2>
<img src="missing.png" alt="">
<img src="{pixel}" alt="">
<script>console.error("boom"); alert("hi");</script>
</body></html>"""
_PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
          "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")


def test_the_checks_catch_what_they_look_for(browser: Any, tmp_path: Path) -> None:
    html = tmp_path / "bad.html"
    html.write_text(_BAD.replace("{pixel}", _PIXEL), encoding="utf-8")
    seen = inspect(browser, html, tmp_path / "bad.png")
    assert seen["blocked"] == ["https://cdn.example.invalid/style.css"]
    assert "boom" in seen["errors"]
    assert seen["dialogs"] == ["alert: hi"]
    assert [i["width"] for i in seen["images"]] == [0, 1]
    assert [t["targets"] for t in seen["toc"]] == [1, 0]
