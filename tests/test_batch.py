"""Batches of many clients: one broken client fails alone, hostile text stays text.

The broken client's data is broken *inside* the notebook (its history mixes
currencies, which the plan refuses), so a partial notebook exists and must be
kept; the other clients' deliverables must be complete. Names, campaign names
and post texts carrying HTML, quotes and ``../`` must come out escaped in the
HTML and never reach a path.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

import smtools as sm
from smtools import export, pdf, runner
from smtools.cli import main

#: The demo client whose data is broken in :func:`broken_copy`.
BROKEN = "bistro-lumiere"
HOSTILE_SLUG = "evil-co"
HOSTILE_NAME = '<img src=x onerror=alert(1)> "Acme" ../../etc'
HOSTILE_CAMPAIGN = '../../../pwned <b onmouseover="alert(2)">Spring</b> \'25'
HOSTILE_TEXT = '<script>alert("post")</script> & ../../etc/passwd'
#: Markup that runs something: any script tag, any tag with an event-handler attribute.
ACTIVE = re.compile(r"<script\b[^>]*>|<[a-z][^>]*\son[a-z]+\s*=[^>]*>", re.I)


def copy_workspace(demo: dict, root: Path) -> dict:
    """A private copy of the demo workspace and briefs under ``root`` (run options)."""
    root.mkdir(parents=True, exist_ok=True)
    ws_path = root / "ws.duckdb"
    shutil.copy(demo["workspace"], ws_path)
    clients = root / "clients"
    shutil.copytree(demo["clients_dir"], clients)
    return {"workspace": ws_path, "clients_dir": clients, "reports_dir": root / "reports"}


def broken_copy(demo: dict, root: Path) -> dict:
    """A copy of the demo workspace where :data:`BROKEN`'s history mixes currencies.

    Its Facebook export is re-ingested in USD while its brief and other networks
    are in EUR: loading the workspace works, and the plan notebook fails in the
    cell that builds the plan (``DataError: the history is in EUR, USD …``).
    """
    paths = copy_workspace(demo, root)
    ws = sm.Workspace(paths["workspace"])
    perf = ws.table("performance", client=BROKEN)
    facebook = perf[perf["channel"] == "facebook"].assign(currency="USD")
    assert len(facebook) > 0
    ws.upsert("performance", facebook, source="test: Facebook re-exported in USD")
    return paths


def published(reports_dir: Path, client: str) -> list[Path]:
    """The published run folders of a client (not ``_failed``)."""
    return sorted(p.parent for p in Path(reports_dir).glob(f"{client}/*/*/run.json"))


def expected_plan_files(*, with_pdf: bool = True) -> set[str]:
    names = {"plan.html", "plan.ipynb", "mediaplan.xlsx", "mediaplan.json", "mediaplan.csv",
             "run.json"}
    return names | ({"plan.pdf"} if with_pdf and pdf.available() else set())


def check_plan_deliverables(folder: Path, brief: sm.Brief, *, with_pdf: bool = True) -> None:
    """Every file a plan publishes is there and sound."""
    names = {p.name for p in folder.iterdir()}
    assert names == expected_plan_files(with_pdf=with_pdf), folder
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert (manifest["client"], manifest["kind"]) == (brief.client, "plan")
    assert set(manifest["files"]) == names
    page = (folder / "plan.html").read_text(encoding="utf-8")
    assert html.escape(brief.name) in page
    assert '<nav class="sm-toc"' in page and page.count('<a href="#') >= 3
    assert export.check_offline(page) == []
    assert "Traceback" not in page and "import smtools" not in page
    plan = json.loads((folder / "mediaplan.json").read_text(encoding="utf-8"))
    assert plan["campaign"]["advertiser_id"] == brief.client
    assert plan["campaign"]["budget_total"] == pytest.approx(brief.campaign.budget)
    assert plan["lineitems"], "the media plan has no lines"
    from openpyxl import load_workbook

    book = load_workbook(folder / "mediaplan.xlsx")
    assert book.sheetnames
    if with_pdf and pdf.available():
        assert (folder / "plan.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.slow
def test_one_broken_client_fails_alone(demo: dict, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    paths = broken_copy(demo, tmp_path)
    reports = paths["reports_dir"]
    code = main(["batch", *demo["slugs"], "--kind", "plan", "--workers", "2",
                 "--workspace", str(paths["workspace"]), "--clients-dir",
                 str(paths["clients_dir"]), "--reports-dir", str(reports)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)

    # the summary names the broken client, its cell and its error, and the partial notebook
    assert "1 failed" in out
    line = next((ln for ln in err.splitlines() if f"- {BROKEN} [plan" in ln), None)
    assert line is not None, err
    found = re.search(r"\[plan, cell (\d+)\]: DataError: .*the history is in EUR, USD but "
                      r"the brief in EUR.*\(partial notebook: (.+)\)$", line)
    assert found, line
    cell, partial = int(found.group(1)), Path(found.group(2))
    assert partial.is_file()
    assert partial.parent.parent == reports.resolve() / BROKEN / "_failed"
    nb = nbformat.read(partial, as_version=4)
    # the summary's cell counts the notebook's cells, without the banners papermill adds
    cells = [c for c in nb.cells
             if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    failed = cells[cell]
    assert failed.cell_type == "code" and "sm.plan.build" in failed.source
    assert any(o.get("output_type") == "error" and o.get("ename") == "DataError"
               for o in failed.outputs)
    assert published(reports, BROKEN) == []
    assert not list(reports.rglob(".tmp-*")), "a temporary folder was left behind"

    # every other client's deliverables are complete and correct
    for slug in demo["slugs"]:
        if slug == BROKEN:
            continue
        folders = published(reports, slug)
        assert len(folders) == 1, slug
        brief = sm.brief.load(slug, paths["clients_dir"])
        assert folders[0].parent.name == brief.campaign.slug
        assert str(folders[0]) in out
        check_plan_deliverables(folders[0], brief)

    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(f'{s}/' in index for s in demo["slugs"] if s != BROKEN)
    assert f"{BROKEN}/" not in index


def hostile_copy(demo: dict, root: Path) -> dict:
    """A copy of the demo workspace with a client whose every text is hostile.

    ``evil-co`` gets bistro-lumiere's data with HTML, quotes and ``../`` in its
    display name, campaign name, ad-platform campaign names, post texts and
    mention texts.
    """
    paths = copy_workspace(demo, root)
    ws = sm.Workspace(paths["workspace"])
    brief = yaml.safe_load((paths["clients_dir"] / f"{BROKEN}.yaml").read_text("utf-8"))
    brief.update(client=HOSTILE_SLUG, name=HOSTILE_NAME, language="en")
    brief["campaign"]["name"] = HOSTILE_CAMPAIGN
    (paths["clients_dir"] / f"{HOSTILE_SLUG}.yaml").write_text(yaml.safe_dump(brief), "utf-8")
    own = sm.brief.load(BROKEN, paths["clients_dir"]).name
    for table in ("performance", "outcomes", "posts", "audience", "mentions"):
        frame = ws.table(table, client=BROKEN).assign(client=HOSTILE_SLUG)
        if table == "performance":
            frame["campaign"] = HOSTILE_CAMPAIGN
        if table in ("posts", "mentions"):
            frame["text"] = HOSTILE_TEXT + " " + frame["text"].astype(str)
        if table == "mentions":
            frame["brand"] = frame["brand"].where(frame["brand"] != own, HOSTILE_NAME)
        ws.upsert(table, frame, source="test: hostile texts")
    return paths


def present_kinds() -> list[str]:
    """Notebook kinds whose notebook exists (report may still be being written)."""
    return [k for k in runner.KINDS if (runner.notebooks_dir() / f"{k}.ipynb").exists()]


@pytest.mark.slow
def test_hostile_names_are_escaped_and_never_reach_a_path(demo: dict, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    paths = hostile_copy(demo, tmp_path / "work")
    reports: Path = paths["reports_dir"]
    before = {p.name for p in tmp_path.iterdir()}

    # a slug with ../ is refused before any path or kernel exists
    bad = main(["batch", "../evil-co", "--kind", "plan", "--workspace", str(paths["workspace"]),
                "--clients-dir", str(paths["clients_dir"]), "--reports-dir", str(reports)])
    assert bad == 2
    assert "not a client slug" in capsys.readouterr().err
    assert not reports.exists()
    with pytest.raises(sm.BriefError, match="not a slug"):
        sm.Brief.from_dict({**yaml.safe_load((paths["clients_dir"] / "evil-co.yaml")
                                             .read_text("utf-8")), "client": "../evil-co"})

    kinds = present_kinds()
    summary = runner.batch([HOSTILE_SLUG], kinds=kinds, workers=2, progress=False, pdf=False,
                           **paths)
    assert summary.ok, summary.describe_failures()

    root = reports.resolve()
    for path in reports.rglob("*"):
        assert path.resolve().is_relative_to(root), path
        assert re.fullmatch(r"[A-Za-z0-9._-]+", path.name), path
    assert {p.name for p in tmp_path.iterdir()} == before
    outside = [p for p in tmp_path.rglob("*")
               if ("pwned" in p.name or p.name == "etc") and not p.is_relative_to(root)]
    assert outside == []

    campaign_slug = sm.brief.load(HOSTILE_SLUG, paths["clients_dir"]).campaign.slug
    assert re.fullmatch(r"[a-z0-9-]+", campaign_slug)
    problems: dict[str, list[str]] = {}
    for run in summary.runs:
        assert run.folder.parent.name == (campaign_slug if run.kind != "explore" else "explore")
        page = (run.folder / f"{run.kind}.html").read_text(encoding="utf-8")
        found = problems.setdefault(run.kind, [])
        found += [f"markup from hostile text: {tag}" for tag in ACTIVE.findall(page)]
        for escaped in ("&lt;img src=x onerror=alert(1)&gt;", "&lt;b onmouseover="):
            if escaped not in page:
                found.append(f"{escaped!r} is not shown")
        if run.kind == "report" and "&lt;script&gt;alert(" not in page:
            found.append("post texts are not shown escaped")
        manifest = json.loads((run.folder / "run.json").read_text(encoding="utf-8"))
        assert manifest["campaign"] == HOSTILE_CAMPAIGN
    assert {k: v for k, v in problems.items() if v} == {}
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "<b onmouseover" not in index and "&lt;b onmouseover=" in index
