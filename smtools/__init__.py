"""smtools: analysis and reporting for social media planning.

>>> import smtools as sm
>>> sorted(sm.tables.TABLES)[:3]
['audience', 'journeys', 'mentions']
"""

from __future__ import annotations

from smtools import errors, io, networks, tables
from smtools.brief import Brief
from smtools.errors import BriefError, DataError, RunError, SmtoolsError
from smtools.workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "Brief",
    "BriefError",
    "DataError",
    "RunError",
    "SmtoolsError",
    "Workspace",
    "errors",
    "io",
    "networks",
    "tables",
]
