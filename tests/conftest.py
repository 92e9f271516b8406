"""Shared fixtures: temporary workspaces, briefs and the demo workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import smtools as sm

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def ws(tmp_path: Path) -> sm.Workspace:
    """An empty workspace in a temporary folder."""
    return sm.Workspace(tmp_path / "ws.duckdb")


@pytest.fixture
def brief_dict() -> dict:
    """A valid brief as plain data."""
    return {
        "client": "acme",
        "name": "Acme & Co <Foods>",
        "currency": "EUR",
        "timezone": "Europe/Paris",
        "language": "en",
        "campaign": {"name": "Spring push", "start": "2026-03-02", "end": "2026-04-26",
                     "objective": "sales", "budget": 20000},
        "audience": {"ages": [25, 44], "genders": ["female", "male"], "regions": ["FR"]},
        "channels": {"facebook": {"min_share": 0.2, "max_share": 0.7},
                     "instagram": {"min_share": 0.3, "max_share": 0.8}},
        "kpis": {"cpm": 8, "roas": 3},
        "branding": {"colour": "#7a2e2e"},
    }


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The three demo clients generated once into a temporary workspace.

    Returns a dict with ``workspace`` (path), ``clients_dir`` (briefs) and ``slugs``.
    """
    from smtools import synth

    root = tmp_path_factory.mktemp("demo")
    clients = root / "clients"
    shutil.copytree(ROOT / "clients", clients)
    ws = sm.Workspace(root / "demo.duckdb")
    for slug in synth.demo_clients():
        synth.write(ws, slug, seed=0)
    return {"workspace": ws.path, "clients_dir": clients, "slugs": synth.demo_clients(),
            "root": root}


def outcomes_frame(client: str = "acme", days: int = 3, start: str = "2025-01-01") -> pd.DataFrame:
    """A small valid outcomes frame."""
    dates = pd.date_range(start, periods=days, freq="D")
    return pd.DataFrame({"client": client, "date": dates, "kpi": "revenue", "region": None,
                         "value": [100.0 + i for i in range(days)], "currency": "EUR"})
