"""Batches on a Dask cluster: the same task as the local pool, the same deliverables.

A two-worker ``LocalCluster`` on loopback stands in for a real cluster. The
broken client comes from :func:`tests.test_batch.broken_copy` (its plan fails
inside the notebook).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import dask
import nbformat
import pytest
import yaml
from distributed import Client, LocalCluster

import smtools as sm
from smtools import cluster as smcluster
from smtools import runner
from smtools.cli import main
from tests.test_batch import BROKEN, broken_copy, check_plan_deliverables, published

pytestmark = pytest.mark.slow


def _local_cluster() -> LocalCluster:
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address="127.0.0.1:0")


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[LocalCluster]:
    with _local_cluster() as c:
        yield c


@pytest.fixture(scope="module")
def broken(demo: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return broken_copy(demo, tmp_path_factory.mktemp("cluster"))


def test_cluster_batch_publishes_like_the_local_pool(demo: dict, broken: dict,
                                                     dask_cluster: LocalCluster,
                                                     tmp_path: Path) -> None:
    # no PDFs: the same code prints them either way, and this keeps the test short
    summary = runner.batch(demo["slugs"], kinds=["plan"], scheduler=dask_cluster.scheduler_address,
                           progress=False, pdf=False, **broken)
    reports = Path(broken["reports_dir"])

    # the broken client fails alone, with its cell and its partial notebook
    assert [(f.client, f.kind) for f in summary.failures] == [(BROKEN, "plan")]
    failure = summary.failures[0]
    assert "the history is in EUR, USD" in failure.error and failure.cell is not None
    assert failure.partial and Path(failure.partial).is_file()
    assert Path(failure.partial).parent.parent == reports.resolve() / BROKEN / "_failed"
    assert published(reports, BROKEN) == []

    # the others are published, in input order, like any local run
    good = [s for s in demo["slugs"] if s != BROKEN]
    assert [r.client for r in summary.runs] == good
    for run in summary.runs:
        brief = sm.brief.load(run.client, broken["clients_dir"])
        assert run.folder.parent == reports.resolve() / run.client / brief.campaign.slug
        assert published(reports, run.client) == [run.folder]
        check_plan_deliverables(run.folder, brief, with_pdf=False)
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(f"{s}/" in index for s in good)

    # same files, same manifest, same plan as a run in this process
    on_cluster = summary.runs[0]
    local = runner.run("plan", on_cluster.client, pdf=False,
                       **{**broken, "reports_dir": tmp_path})
    assert sorted(p.name for p in local.folder.iterdir()) == sorted(
        p.name for p in on_cluster.folder.iterdir())
    mine, theirs = (json.loads((r.folder / "run.json").read_text(encoding="utf-8"))
                    for r in (local, on_cluster))
    assert mine.keys() == theirs.keys()
    for key in ("status", "client", "kind", "campaign", "files", "notices"):
        assert mine[key] == theirs[key], key
    drop = {"output_dir"}  # the temporary folder of each run
    assert ({k: v for k, v in mine["parameters"].items() if k not in drop}
            == {k: v for k, v in theirs["parameters"].items() if k not in drop})
    assert mine["inputs"]["workspace"] == theirs["inputs"]["workspace"]
    plans = [json.loads((r.folder / "mediaplan.json").read_text(encoding="utf-8"))
             for r in (local, on_cluster)]
    assert plans[0]["campaign"] == plans[1]["campaign"]
    assert plans[0]["lineitems"] == plans[1]["lineitems"]


def test_cli_batch_on_a_scheduler(demo: dict, broken: dict, dask_cluster: LocalCluster,
                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = next(s for s in demo["slugs"] if s != BROKEN)
    reports = tmp_path / "reports"
    code = main(["batch", good, BROKEN, "--kind", "plan", "--no-pdf",
                 "--scheduler", dask_cluster.scheduler_address,
                 "--workspace", str(broken["workspace"]),
                 "--clients-dir", str(broken["clients_dir"]), "--reports-dir", str(reports)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "1 run(s) published" in out and "1 failed" in out
    [folder] = published(reports, good)
    assert str(folder) in out
    assert "plan.html" in {p.name for p in folder.iterdir()}
    assert f"- {BROKEN} [plan, cell " in err and "partial notebook: " in err


def test_unreachable_or_malformed_scheduler_is_one_clear_error(
        demo: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(smcluster, "CONNECT_TIMEOUT", 2)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    common = ["--workspace", str(demo["workspace"]), "--clients-dir", str(demo["clients_dir"]),
              "--reports-dir", str(tmp_path / "reports"), "--kind", "plan"]
    assert main(["batch", demo["slugs"][0], "--scheduler", f"127.0.0.1:{port}", *common]) == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in capsys.readouterr().err
    assert main(["batch", demo["slugs"][0], "--scheduler", "http://127.0.0.1:8787", *common]) == 2
    assert "is not a Dask scheduler address" in capsys.readouterr().err
    assert not list((tmp_path / "reports").glob("*/*/*/run.json"))


_KILLER = """\
import os
import signal

if client == "doomed-co":  # the kernel kills the Dask worker that runs it, then itself
    os.kill(os.getppid(), signal.SIGKILL)
    os._exit(1)
print("fine")
"""


def test_a_worker_that_dies_is_a_failure_naming_it(
        brief_dict: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    params = nbformat.v4.new_code_cell(
        'client: str = "x"\nworkspace: str = "ws.duckdb"\nclients_dir: str = "clients"')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell(_KILLER)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, notebooks / "explore.ipynb")
    clients = tmp_path / "clients"
    clients.mkdir()
    for slug in ("doomed-co", "calm-co"):
        (clients / f"{slug}.yaml").write_text(yaml.safe_dump({**brief_dict, "client": slug}),
                                              encoding="utf-8")
    monkeypatch.setenv("SMTOOLS_NOTEBOOKS", str(notebooks))  # inherited by the workers
    settings = {"distributed.scheduler.allowed-failures": 0,  # no retry on another worker
                "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(settings), _local_cluster() as c, Client(c) as client:
        workers = set(client.scheduler_info()["workers"])
        summary = runner.batch(["doomed-co", "calm-co"], kinds=["explore"],
                               scheduler=c.scheduler_address, workspace=tmp_path / "ws.duckdb",
                               clients_dir=clients, reports_dir=tmp_path / "reports",
                               progress=False, pdf=False)
    assert [r.client for r in summary.runs] == ["calm-co"]
    manifest = json.loads((summary.runs[0].folder / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    [failure] = summary.failures
    assert (failure.client, failure.kind) == ("doomed-co", "explore")
    dead = next((w for w in workers if w in failure.error), None)
    assert dead is not None, f"the failure does not name the worker: {failure.error}"
    assert "died while running the notebook" in failure.error
    assert published(tmp_path / "reports", "doomed-co") == []
