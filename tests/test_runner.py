"""The runner: strict parameters, atomic publishing, failures kept, batches that go on."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest
import yaml

import smtools as sm
from smtools import export, pdf, runner
from smtools.errors import RunError
from tests.conftest import outcomes_frame


@pytest.fixture
def setup(tmp_path: Path, brief_dict: dict) -> dict:
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "acme.yaml").write_text(yaml.safe_dump(brief_dict), encoding="utf-8")
    broken = {**brief_dict, "client": "broken"}
    (clients / "broken.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    ws = sm.Workspace(tmp_path / "ws.duckdb")
    ws.upsert("outcomes", outcomes_frame(days=40))
    return {"workspace": ws.path, "clients_dir": clients, "reports_dir": tmp_path / "reports"}


def test_unknown_or_ill_typed_parameters_fail_before_any_kernel(setup: dict) -> None:
    t0 = time.perf_counter()
    with pytest.raises(RunError, match="unknown parameter"):
        runner.run("explore", "acme", parameters={"colour": "red"}, **setup)
    with pytest.raises(RunError, match="should be of type str"):
        runner.run("explore", "acme", parameters={"as_of": 20260101}, **setup)
    assert time.perf_counter() - t0 < 2.0
    assert not list(Path(setup["reports_dir"]).glob("*/*/*"))


def test_runner_parameters_cannot_be_overridden(setup: dict) -> None:
    with pytest.raises(RunError, match="set by the runner itself"):
        runner.run("explore", "acme", parameters={"workspace": "/elsewhere.duckdb"}, **setup)


def test_unknown_kind_and_bad_slug(setup: dict) -> None:
    with pytest.raises(RunError, match="unknown notebook kind"):
        runner.run("forecast", "acme", **setup)
    with pytest.raises(sm.DataError, match="not a client slug"):
        runner.run("explore", "../acme", **setup)


@pytest.mark.slow
def test_run_publishes_code_free_self_contained_html(setup: dict) -> None:
    result = runner.run("explore", "acme", **setup)
    folder = result.folder
    assert folder.parent == Path(setup["reports_dir"]).resolve() / "acme" / "explore"
    names = sorted(p.name for p in folder.iterdir())
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    if pdf.available():
        assert names == ["explore.html", "explore.ipynb", "explore.pdf", "run.json"]
        assert (folder / "explore.pdf").read_bytes()[:5] == b"%PDF-"
        assert manifest["notices"] == []
    else:
        assert names == ["explore.html", "explore.ipynb", "run.json"]
        assert manifest["notices"] == ["PDF skipped: no Chromium installed (Debian: "
                                       "apt-get install chromium)"]
    html = (folder / "explore.html").read_text(encoding="utf-8")
    assert export.check_offline(html) == []
    assert "import smtools" not in html and "clients_dir =" not in html
    assert "Acme &amp; Co &lt;Foods&gt;" in html and "<Foods>" not in html
    assert 'class="sm-toc"' in html
    assert "data:image/png;base64" in html
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["client"] == "acme"
    assert manifest["inputs"]["workspace"]["rows"]["outcomes"] == 40
    assert len(manifest["inputs"]["brief"]["sha256"]) == 64
    assert {"execute", "export", "total"} <= set(manifest["durations"])
    assert manifest["versions"]["papermill"]
    assert not list(folder.parent.glob(".tmp-*"))
    index = (Path(setup["reports_dir"]) / "index.html").read_text(encoding="utf-8")
    assert "acme/explore/" in index


@pytest.mark.slow
def test_batch_goes_on_after_a_failure_and_keeps_the_partial_notebook(
    setup: dict, tmp_path: Path
) -> None:
    # 'broken' has a brief but its workspace path points at a file that is not a database
    bad_ws = tmp_path / "not-a-db.duckdb"
    bad_ws.write_text("this is not a database", encoding="utf-8")
    good = runner.batch(["acme"], kinds=["explore"], workers=1, progress=False, **setup)
    assert good.ok and len(good.runs) == 1
    bad = runner.batch(["acme", "broken"], kinds=["explore"], workers=2, progress=False,
                       **{**setup, "workspace": bad_ws})
    assert {f.client for f in bad.failures} == {"acme", "broken"}
    failure = bad.failures[0]
    assert failure.cell is not None and failure.partial and Path(failure.partial).exists()
    assert "cannot open the workspace" in failure.error
    text = bad.describe_failures()
    assert "acme [explore, cell" in text and "broken [explore" in text
    published = list((Path(setup["reports_dir"]) / "acme" / "explore").iterdir())
    assert len(published) == 1, "a failed run publishes nothing"


@pytest.mark.slow
@pytest.mark.parametrize("every", [30.0, 0.0])
def test_a_running_notebook_is_saved_now_and_then_and_at_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: float
) -> None:
    import nbformat
    from papermill import engines

    from tests.test_kernels import notebook

    writes: list[int] = []
    real = engines.write_ipynb

    def counted(nb: nbformat.NotebookNode, path: str, **kw: object) -> None:
        writes.append(sum(1 for c in nb.cells if c.get("outputs")))
        real(nb, path, **kw)

    monkeypatch.setattr(engines, "write_ipynb", counted)
    monkeypatch.setattr(runner, "_SAVE_EVERY", every)
    nb = notebook(tmp_path / "in.ipynb", "print('one')", "print('two')",
                  "raise ValueError('stops here')", "print('four')")
    out = tmp_path / "out.ipynb"
    with pytest.raises(Exception, match="stops here"):
        runner._execute(nb, out, {}, timeout=120)
    if every:  # at the start and at the end only
        assert writes == [0, 3]
    else:  # also when each cell starts and ends
        assert len(writes) == 2 + 2 * 3 and writes[-1] == 3
    code = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]
    assert [c.outputs[0].get("text", c.outputs[0].get("ename")) for c in code[:3]] == [
        "one\n", "two\n", "ValueError"]
    assert code[2].metadata.papermill["status"] == "failed"
    assert not code[3].outputs


def test_the_manifest_counts_the_inputs_while_the_notebook_runs(setup: dict) -> None:
    ws = sm.Workspace(setup["workspace"])
    ahead = runner._meanwhile(ws.counts, "acme")
    assert ahead()["outcomes"] == 40

    def failed() -> dict[str, int]:
        raise RuntimeError("the workspace was busy")

    done = runner._Executed(
        kind="plan", client="acme", brief=None, workspace=ws, notebook=Path("plan.ipynb"),
        params={}, run_id="r", tmp=Path("."), final=Path("."), reports_dir=Path("."),
        pdf=False, started=0.0, durations={}, rows=failed)
    assert done.input_rows()["outcomes"] == 40  # counted again at publishing


def test_the_runner_process_reads_workspaces_without_loading_pandas(tmp_path: Path) -> None:
    """The command line's process drives kernels and publishes; pandas (half a second of
    imports) would only compete with the kernel it waits for."""
    ws = sm.Workspace(tmp_path / "w.duckdb")
    ws.upsert("outcomes", outcomes_frame())
    code = (
        "import sys\n"
        "from smtools import cli, export, kernels, pdf, runner\n"
        "from smtools.workspace import Workspace\n"
        f"counts = Workspace({str(ws.path)!r}).counts('acme')\n"
        "print(counts['outcomes'], sorted({'pandas', 'numpy'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    rows, loaded = done.stdout.split(" ", 1)
    assert int(rows) == len(outcomes_frame()) and loaded.strip() == "[]"


def test_first_then_calls_its_first_action_once_after_the_first_cell() -> None:
    calls: list[object] = []
    on_cell = runner._first_then(lambda: calls.append("first"),
                                 lambda done, total: calls.append((done, total)))
    on_cell(1, 3)
    on_cell(2, 3)
    assert calls == ["first", (1, 3), (2, 3)]
    quiet: list[str] = []
    alone = runner._first_then(lambda: quiet.append("first"), None)
    alone(1, 2)
    alone(2, 2)
    assert quiet == ["first"]


def test_a_later_notebook_is_exported_while_an_earlier_one_still_prints(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each notebook of a client is published in a thread of its own: the report's HTML
    is not held up behind the plan's PDF."""
    report_publishing = threading.Event()
    order: list[str] = []

    def execute(kind: str, client: str, **options: object) -> object:
        order.append(f"executed {kind}")
        return types.SimpleNamespace(kind=kind)

    def publish(done: types.SimpleNamespace, *, index: bool = True) -> str:
        assert not index  # the batch writes the index once, at its end
        if done.kind == "plan":  # "printing": waits until the report is being published
            assert report_publishing.wait(timeout=20), "the report waited for the plan"
        else:
            report_publishing.set()
        order.append(f"published {done.kind}")
        return done.kind

    monkeypatch.setattr(runner, "_execute_run", execute)
    monkeypatch.setattr(runner, "_publish", publish)
    monkeypatch.setitem(sys.modules, "smtools.export", export)
    assert runner._client_task(["plan", "report"], "acme", {}) == ["plan", "report"]
    assert order == ["executed plan", "executed report", "published report", "published plan"]


def test_two_publishing_threads_start_one_kept_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    gate = threading.Barrier(2)

    class Slow:
        def __init__(self) -> None:
            started.append(self)
            time.sleep(0.2)  # a second thread arrives meanwhile

    monkeypatch.setattr(pdf, "Browser", Slow)
    monkeypatch.setitem(pdf._KEPT, "browser", None)
    got: list[object] = []

    def first_print() -> None:
        gate.wait()
        got.append(pdf._kept_browser())

    with pdf.keep_browser():
        monkeypatch.setattr(pdf, "_close_kept", lambda: pdf._KEPT.update(browser=None))
        threads = [threading.Thread(target=first_print) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(started) == 1 and got[0] is got[1] is started[0]
