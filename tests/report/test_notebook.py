"""The report notebook's source: a typed parameters cell, headings from the package, calls only."""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext

from smtools.report import SECTIONS

SOURCE = Path(__file__).resolve().parents[2] / "notebooks" / "report.py"


def test_parameters_cell() -> None:
    nb = jupytext.read(SOURCE)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    tree = ast.parse(cells[0].source)
    declared = {n.target.id: ast.unparse(n.annotation) for n in tree.body
                if isinstance(n, ast.AnnAssign)}
    assert declared == {"client": "str", "workspace": "str", "clients_dir": "str",
                        "as_of": "str", "language": "str", "seed": "int"}


def test_every_section_has_its_heading_and_no_logic() -> None:
    nb = jupytext.read(SOURCE)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for key in SECTIONS:
        assert f'review.heading("{key}")' in code, key
    tree = ast.parse(code)
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.If, ast.For, ast.While,
                                                            ast.FunctionDef, ast.Try))]
    shown = [c for c in nb.cells if c.cell_type == "code"
             and "parameters" not in c.metadata.get("tags", [])]
    for cell in shown:  # no code reaches the client: inputs hidden or the cell removed
        tags = cell.metadata.get("tags", [])
        assert "remove-input" in tags or "remove-cell" in tags
    assert all(c.cell_type != "markdown" or "remove-cell" in c.metadata.get("tags", [])
               for c in nb.cells)  # the narrative comes from the package, in its language
