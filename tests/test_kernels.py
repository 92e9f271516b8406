"""Warm kernels: a reused kernel behaves like a new one, and a failure replaces it.

A batch worker runs notebook after notebook in one kernel. These tests check what a
notebook leaves behind is gone before the next one (names, environment, matplotlib
settings, warning filters, execution counts), that a real deliverable comes out the
same from a reused kernel as from a new one, and that a failed notebook never
hands its kernel on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from smtools import kernels, runner
from tests.test_batch import copy_workspace

pytestmark = pytest.mark.slow


def notebook(path: Path, *sources: str) -> Path:
    """A notebook of code cells ``sources`` at ``path``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def execute(path: Path, out: Path) -> nbformat.NotebookNode:
    runner._execute(path, out, {}, timeout=120)
    return nbformat.read(out, as_version=4)


def text(nb: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


PID = "import os; print('pid', os.getpid())"


def test_a_reused_kernel_forgets_what_the_last_notebook_did(tmp_path: Path) -> None:
    dirty = notebook(
        tmp_path / "dirty.ipynb", PID,
        "import os, warnings, matplotlib\n"
        "leak = 41\n"
        "os.environ['SMTOOLS_LEAK'] = '1'\n"
        "matplotlib.rcParams['lines.linewidth'] = 9.5\n"
        "warnings.simplefilter('error')\n"
        "import matplotlib.pyplot as plt; fig = plt.figure()",
    )
    check = notebook(
        tmp_path / "check.ipynb", PID,
        "import os, warnings, matplotlib, matplotlib.pyplot as plt\n"
        "print('leak' in globals(), 'SMTOOLS_LEAK' in os.environ,\n"
        "      matplotlib.rcParams['lines.linewidth'],\n"
        "      ('error', None, Warning, None, 0) in warnings.filters,\n"
        "      len(plt.get_fignums()))",
    )
    new = execute(check, tmp_path / "new.ipynb")  # what a new kernel says
    with kernels.warm():
        first = execute(dirty, tmp_path / "out1.ipynb")
        second = execute(check, tmp_path / "out2.ipynb")
    pids = [re.search(r"pid (\d+)", text(nb)).group(1) for nb in (first, second)]
    assert pids[0] == pids[1], "the batch should have reused its kernel"
    state = text(second).split("\n")[1]
    assert state == text(new).split("\n")[1]
    assert state.startswith("False False ") and state.endswith(" False 0")
    # a new session: execution counts start again at 1
    assert [c.execution_count for c in second.cells] == [1, 2]


def test_a_failed_notebook_never_hands_its_kernel_on(tmp_path: Path) -> None:
    failing = notebook(tmp_path / "fail.ipynb", PID, "raise ValueError('broken on purpose')")
    fine = notebook(tmp_path / "fine.ipynb", PID, "print('ok')")
    with kernels.warm():
        with pytest.raises(Exception, match="broken on purpose"):
            runner._execute(failing, tmp_path / "out1.ipynb", {}, timeout=120)
        failed_pid = re.search(r"pid (\d+)", text(nbformat.read(tmp_path / "out1.ipynb",
                                                                as_version=4))).group(1)
        after = execute(fine, tmp_path / "out2.ipynb")
    assert "ok" in text(after)
    assert re.search(r"pid (\d+)", text(after)).group(1) != failed_pid


def test_outside_a_batch_each_notebook_gets_a_new_kernel(tmp_path: Path) -> None:
    nb = notebook(tmp_path / "pid.ipynb", PID)
    pids = {re.search(r"pid (\d+)", text(execute(nb, tmp_path / f"o{i}.ipynb"))).group(1)
            for i in range(2)}
    assert len(pids) == 2
    assert kernels._WARM["kernel"] is None


def normalised_outputs(path: Path) -> list[str]:
    """Code cells' outputs without what differs between any two runs (table ids, object
    addresses)."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            s = json.dumps(cell.outputs, sort_keys=True)
            s = re.sub(r"T_[0-9a-f]{5}", "T_", s)
            out.append(re.sub(r" at 0x[0-9a-f]+", " at 0x", s))
    return out


def test_a_plan_from_a_reused_kernel_is_the_plan_from_a_new_one(demo: dict, tmp_path: Path
                                                                 ) -> None:
    """Same text, tables and chart images, whatever ran in the kernel before."""
    paths = copy_workspace(demo, tmp_path)
    options = {**paths, "pdf": False}
    first, other = demo["slugs"][0], demo["slugs"][1]
    alone = runner.run("plan", first, **options)
    with kernels.warm():
        runner.run("plan", other, **options)
        runner.run("report", other, **options)
        reused = runner.run("plan", first, **options)
        assert kernels._WARM["kernel"].notebooks == 3
    a = normalised_outputs(alone.folder / "plan.ipynb")
    b = normalised_outputs(reused.folder / "plan.ipynb")
    assert len(a) == len(b) > 5
    assert a == b


def test_a_warm_kernel_keeps_its_libraries_out_of_the_collectors_way(tmp_path: Path) -> None:
    frozen = notebook(tmp_path / "gc.ipynb", "import gc; print('frozen', gc.get_freeze_count())")

    def count(nb: nbformat.NotebookNode) -> int:
        return int(re.search(r"frozen (\d+)", text(nb)).group(1))

    assert count(execute(frozen, tmp_path / "new.ipynb")) == 0  # a new kernel: nothing
    with kernels.warm():
        first = count(execute(frozen, tmp_path / "out1.ipynb"))
        second = count(execute(frozen, tmp_path / "out2.ipynb"))
    assert first > 50_000  # pandas, scipy, matplotlib and smtools, frozen at start-up
    assert second <= first  # the reset freezes nothing a notebook made


def test_closing_a_kernel_ends_its_process_and_removes_its_files() -> None:
    import os

    kernel = kernels.Kernel(warm=False).ready()
    pid = kernel.km.provisioner.process.pid
    files = [kernel.sockets, kernel.km.connection_file]
    assert all(os.path.exists(f) for f in files)
    kernel.close()
    assert not os.path.exists(f"/proc/{pid}")  # killed and reaped, no zombie left
    assert not any(os.path.exists(f) for f in files) and not kernel.km.has_kernel
