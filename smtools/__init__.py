"""smtools: analysis and reporting for social media planning.

The namespace a strategist needs in JupyterLab, ``import smtools as sm``:

- ``sm.Workspace`` (the DuckDB workspace of canonical tables), ``sm.Brief`` (client briefs);
- modules named for what a planner thinks about: ``sm.io`` (exports), ``sm.synth``
  (demo data with a known truth), ``sm.overview``, ``sm.viz``, ``sm.runner``, ``sm.export``;
- errors: ``sm.DataError``, ``sm.BriefError``, ``sm.RunError`` (all ``sm.SmtoolsError``).

Heavy modules load on first use, so the command line starts fast.

>>> import smtools as sm
>>> sorted(sm.tables.TABLES)[:3]
['audience', 'influencer_posts', 'influencers']
"""

from __future__ import annotations

import importlib
from typing import Any

from smtools import brief, errors, networks, tables
from smtools.brief import Brief
from smtools.errors import BriefError, DataError, RunError, SmtoolsError
from smtools.workspace import Workspace

__version__ = "0.1.0"

_LAZY = ("audience", "channel", "export", "fmt", "influence", "io", "overview", "plan", "reach",
         "report", "roi", "runner", "synth", "teach", "viz")

__all__ = [
    "Brief",
    "BriefError",
    "DataError",
    "RunError",
    "SmtoolsError",
    "Workspace",
    "brief",
    "errors",
    "networks",
    "tables",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"smtools.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'smtools' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
