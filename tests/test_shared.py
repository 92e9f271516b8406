"""Plans and reviews made ahead by a helper and shared within one batch."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import smtools as sm
from smtools import _shared, runner
from tests.test_batch import copy_workspace
from tests.test_kernels import normalised_outputs


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv(_shared.ENV, str(shared))
    return shared


def test_outside_a_batch_nothing_is_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_shared.ENV, raising=False)
    calls = []
    for _ in range(2):
        assert _shared.kept("k", lambda: calls.append(1) or len(calls)) == len(calls)
    assert calls == [1, 1]


def test_what_one_process_made_the_next_one_reads(folder: Path) -> None:
    assert _shared.kept("k", lambda: {"made": "here"}) == {"made": "here"}
    assert _shared.kept("k", lambda: {"made": "again"}) == {"made": "here"}
    assert _shared.kept("other", lambda: {"made": "again"}) == {"made": "again"}
    assert _shared.kept(None, lambda: "no key, no sharing") == "no key, no sharing"


def _other_process(folder: Path, key: str, value: str, seconds: float) -> subprocess.Popen:
    """A process that makes ``value`` for ``key`` in ``seconds`` (lock held meanwhile)."""
    code = textwrap.dedent(f"""
        import time
        from smtools import _shared
        _shared.kept({key!r}, lambda: (print("making", flush=True), time.sleep({seconds}),
                                       {value!r})[-1])
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, _shared.ENV: str(folder)})
    assert proc.stdout is not None and proc.stdout.readline() == "making\n"
    return proc


def test_a_process_waits_for_the_one_making_it_then_reads_it(folder: Path) -> None:
    other = _other_process(folder, "k", "made there", seconds=1.0)
    t = time.monotonic()
    assert _shared.kept("k", lambda: "made here") == "made there"
    assert time.monotonic() - t > 0.5
    assert other.wait(timeout=30) == 0


def test_when_the_maker_dies_the_waiter_makes_it_itself(folder: Path) -> None:
    other = _other_process(folder, "k", "never", seconds=60)
    other.kill()
    other.wait(timeout=30)
    assert _shared.kept("k", lambda: "made here") == "made here"


def test_a_waiter_gives_up_after_its_deadline(folder: Path) -> None:
    other = _other_process(folder, "k", "late", seconds=30)
    try:
        assert _shared.kept("k", lambda: "made here", wait=0.3) == "made here"
    finally:
        other.kill()
        other.wait(timeout=30)


@pytest.mark.slow
def test_one_client_batch_with_a_helper_gives_what_it_gives_without(demo: dict,
                                                                    tmp_path: Path) -> None:
    """The helper changes who computes the plan and the review, never what they say."""
    before = {p.name for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("smtools-shared-*")}
    outputs = {}
    for workers in (1, 2):  # one worker: no helper; two: a helper uses the other core
        paths = copy_workspace(demo, tmp_path / f"w{workers}")
        summary = runner.batch([demo["slugs"][0]], workers=workers, progress=False,
                               pdf=False, **paths)
        assert summary.ok, summary.describe_failures()
        outputs[workers] = {r.kind: normalised_outputs(r.folder / f"{r.kind}.ipynb")
                            for r in summary.runs}
    assert set(outputs[2]) == {"plan", "report"}
    assert outputs[1] == outputs[2]
    assert _shared.ENV not in os.environ
    after = {p.name for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("smtools-shared-*")}
    assert after == before


@pytest.mark.slow
def test_the_helper_makes_the_notebooks_plan_and_review(demo: dict, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper asks with the notebooks' default arguments: the same keys, so that the
    kernel reads its results (here: this process asks after the helper is done)."""
    def defaults(kind: str, *names: str) -> list[str]:
        declared = runner.declared_parameters(kind)
        return [declared[n]["default"] for n in names]

    # what the helper passes below is what these defaults become in the notebooks
    assert defaults("plan", "as_of", "pattern", "seed") == ['""', '"even"', "0"]
    assert defaults("report", "as_of", "language", "seed") == ['""', '""', "0"]
    paths = copy_workspace(demo, tmp_path)
    slug = demo["slugs"][0]
    with _shared.ahead([slug], workers=2, workspace=paths["workspace"],
                       clients_dir=paths["clients_dir"], kinds=["plan", "report"]):
        folder = Path(os.environ[_shared.ENV])
        deadline = time.monotonic() + 120
        while len(list(folder.glob("*.pickle"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(list(folder.glob("*.pickle"))) == 2
        brief = sm.brief.load(slug, paths["clients_dir"])
        ws = sm.Workspace(paths["workspace"])
        # the modules, not the functions of the same names
        build_module = importlib.import_module("smtools.plan.build")
        review_module = importlib.import_module("smtools.report.review")
        monkeypatch.setattr(build_module, "_build", None)  # computing here would fail
        monkeypatch.setattr(review_module, "_review", None)
        build_module._PLANS.clear()
        plan = build_module.build(brief, ws, as_of=None, pattern="even", seed=0)
        review = review_module.review(brief, ws, as_of=None, language=None, seed=0)
    assert plan.brief.client == review.brief.client == slug
    assert not folder.exists()
