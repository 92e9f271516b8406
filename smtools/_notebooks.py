"""Keep ``notebooks/**/*.ipynb`` in step with their reviewed jupytext ``.py`` sources.

``python -m smtools._notebooks sync`` rewrites every paired ``.ipynb`` from its
``.py`` (outputs stripped); ``python -m smtools._notebooks check`` lists the
notebooks that drifted or carry outputs (exit 1 when any does).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

__all__ = ["pairs", "sync", "problems"]


def pairs(folder: str | Path) -> list[tuple[Path, Path]]:
    """(source .py, notebook .ipynb) for every jupytext percent script under ``folder``.

    Examples
    --------
    >>> from smtools.runner import notebooks_dir
    >>> any(py.name == "explore.py" for py, _ in pairs(notebooks_dir()))
    True
    """
    out = []
    for py in sorted(Path(folder).rglob("*.py")):
        if ".ipynb_checkpoints" in py.parts:
            continue
        head = py.read_text(encoding="utf-8")[:400]
        if "jupytext:" in head and "format_name: percent" in head:
            out.append((py, py.with_suffix(".ipynb")))
    return out


def _from_py(py: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(py)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"  # stable ids: a sync changes nothing unless the source did
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def _signature(nb: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in nb.cells]


def sync(folder: str | Path) -> list[Path]:
    """Rewrite every paired notebook from its ``.py``; returns the notebooks written."""
    written = []
    for py, ipynb in pairs(folder):
        nb = _from_py(py)
        nbformat.write(nb, ipynb)
        written.append(ipynb)
    return written


def problems(folder: str | Path) -> list[str]:
    """What is out of step: missing, drifted or output-carrying notebooks.

    Examples
    --------
    >>> from smtools.runner import notebooks_dir
    >>> problems(notebooks_dir())
    []
    """
    found = []
    for py, ipynb in pairs(folder):
        if not ipynb.exists():
            found.append(f"{ipynb}: missing (run `make notebooks`)")
            continue
        nb = nbformat.read(ipynb, as_version=4)
        if any(c.cell_type == "code" and (c.outputs or c.execution_count) for c in nb.cells):
            found.append(f"{ipynb}: carries outputs (run `make notebooks`)")
        if _signature(nb) != _signature(_from_py(py)):
            found.append(f"{ipynb}: differs from {py.name} (run `make notebooks`)")
    return found


if __name__ == "__main__":  # pragma: no cover
    from smtools.runner import notebooks_dir

    root = notebooks_dir()
    if sys.argv[1:] == ["sync"]:
        for path in sync(root):
            print(path)
    elif sys.argv[1:] == ["check"]:
        issues = problems(root)
        print("\n".join(issues) or "notebooks in step")
        sys.exit(1 if issues else 0)
    else:
        sys.exit("usage: python -m smtools._notebooks sync|check")
