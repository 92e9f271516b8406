"""Every notebook: in step with its reviewed .py source, and executed on the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtools import _notebooks, export, runner


def test_notebooks_are_in_step_and_stripped() -> None:
    assert _notebooks.problems(runner.notebooks_dir()) == []


def test_every_notebook_has_a_typed_parameters_cell() -> None:
    for kind in runner.KINDS:
        declared = runner.declared_parameters(kind)
        assert {"client", "workspace", "clients_dir"} <= set(declared), kind
        for name, spec in declared.items():
            assert runner._declared_type(spec) != "None", f"{kind}: {name} has no type"


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(runner.KINDS))
def test_notebook_runs_for_every_demo_client(demo: dict, kind: str, tmp_path: Path) -> None:
    summary = runner.batch(demo["slugs"], kinds=[kind], workspace=demo["workspace"],
                           clients_dir=demo["clients_dir"], reports_dir=tmp_path, workers=2,
                           progress=False)
    assert summary.ok, summary.describe_failures()
    for run in summary.runs:
        html = (run.folder / f"{kind}.html").read_text(encoding="utf-8")
        assert export.check_offline(html) == []
        assert "Traceback" not in html and "import smtools" not in html
        assert html.count("data:image/png;base64") >= 3, "charts are missing"
