"""Shared fixtures of the smtools.io tests: fixture folders and fresh workspaces."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smtools import Workspace

DATA = Path(__file__).resolve().parents[1] / "data"
EXPORTS = DATA / "exports"
MALFORMED = DATA / "malformed"


@pytest.fixture
def exports() -> Path:
    """Folder of the realistic export fixtures."""
    return EXPORTS


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty workspace in a temporary folder."""
    return Workspace(tmp_path / "ws.duckdb")


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(name, text, encoding="utf-8")``: a file in ``tmp_path`` with ``text``.

    Leading and trailing spaces of every line are removed, so the text can be
    indented in the test.
    """

    def make(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        lines = [line.strip() for line in text.strip().splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding=encoding)
        return path

    return make
