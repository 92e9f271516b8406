"""Fixtures for the reach tests: headless matplotlib, figures closed after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "reach"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")
