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

from smtools import errors
from smtools.errors import BriefError, DataError, RunError, SmtoolsError

__version__ = "0.1.0"

_LAZY = ("audience", "brief", "channel", "export", "fmt", "influence", "io", "networks",
         "overview", "plan", "reach", "report", "roi", "runner", "synth", "tables", "teach",
         "viz", "workspace")
#: Classes of the namespace, from the module that defines them (loaded on first use).
_CLASSES = {"Brief": "smtools.brief", "Workspace": "smtools.workspace"}

__all__ = [
    "Brief",
    "BriefError",
    "DataError",
    "RunError",
    "SmtoolsError",
    "Workspace",
    "errors",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = importlib.import_module(f"smtools.{name}")
    elif name in _CLASSES:
        value = getattr(importlib.import_module(_CLASSES[name]), name)
    else:
        raise AttributeError(f"module 'smtools' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
