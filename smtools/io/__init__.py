"""Reading exports: recognise the format, map columns to a canonical table, validate.

Interface (implemented by the adapters in this package):

``read(path, *, client, source="auto", mapping=None, timezone=None, currency=None) -> Export``
``detect(path) -> str``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["Export", "read", "detect", "SOURCES"]

SOURCES = ("meta", "google_ads", "linkedin", "tiktok", "ga4", "csv")


@dataclass
class Export:
    """A file read and mapped to a canonical table (already validated)."""

    table: str
    frame: pd.DataFrame
    source: str
    file: str
    notes: list[str] = field(default_factory=list)


def read(path: str | Path, *, client: str, source: str = "auto",
         mapping: str | Path | dict[str, Any] | None = None, timezone: str | None = None,
         currency: str | None = None) -> Export:
    raise NotImplementedError


def detect(path: str | Path) -> str:
    raise NotImplementedError
