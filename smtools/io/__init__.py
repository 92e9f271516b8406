"""Reading exports: recognise the format, map columns to a canonical table, validate.

:func:`read` turns one export file into a validated canonical frame;
:func:`detect` only tells which format a file is. Formats (``source``):

==============  ===============================================  ===============
source          what                                             table
==============  ===============================================  ===============
``meta``        Meta Ads Manager (English, French, Spanish)      performance
``google_ads``  Google Ads UI report (CSV or UTF-16 "Excel CSV") performance
``linkedin``    LinkedIn Campaign Manager                        performance
``tiktok``      TikTok Ads Manager                               performance
``ga4``         Google Analytics 4 session report                sessions
``csv``         any CSV / Parquet with canonical column names,   any
                or with a YAML mapping (:mod:`smtools.io.generic`)
==============  ===============================================  ===============

The package is organised as one module per format (mostly a declarative column
map), :mod:`smtools.io._text` for everything textual that all formats share
(encodings, delimiters, numbers, dates) and :mod:`smtools.io._adapter` for
the machinery that matches headers and validates.

Every problem is a :class:`~smtools.errors.DataError` naming the file, the
row (1-based line in the file, title and header lines included) and the
column (as named in the file), with a way to fix it.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiktok.csv"
>>> _ = path.write_text("By Day,Campaign name,Cost,Impressions,Currency\\n"
...                     "2025-01-06,Launch,12.50,1000,EUR\\n"
...                     "Total,-,12.50,1000,EUR\\n")
>>> export = read(path, client="acme")
>>> export.source, export.table, export.frame["spend"].tolist(), export.notes
('tiktok', 'performance', [12.5], ['dropped the total row (line 3)'])
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from smtools.errors import DataError

__all__ = ["SOURCES", "Export", "detect", "read"]

SOURCES = ("meta", "google_ads", "linkedin", "tiktok", "ga4", "csv")


@dataclass
class Export:
    """A file read and mapped to a canonical table (already validated).

    Attributes
    ----------
    table : str
        Canonical table (``performance``, ``sessions``…).
    frame : DataFrame
        The rows, validated by :func:`smtools.tables.validate`.
    source : str
        The format the file was read as (one of :data:`SOURCES`).
    file : str
        The file.
    notes : list of str
        What was handled silently but visibly: dropped totals rows, encoding,
        decimal comma, title lines skipped…
    """

    table: str
    frame: pd.DataFrame
    source: str
    file: str
    notes: list[str] = field(default_factory=list)


def _check_source(source: str) -> str:
    if source != "auto" and source not in SOURCES:
        raise DataError(f"unknown source {source!r}", column="source",
                        hint=f"use auto or one of {', '.join(SOURCES)}")
    return source


def _check_currency(currency: str | None) -> str | None:
    if currency is None:
        return None
    code = currency.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise DataError(f"--currency {currency!r} is not a 3-letter ISO 4217 code",
                        hint="use codes such as EUR, USD or GBP")
    return code


def _load(path: Path) -> bytes:
    if not path.exists():
        raise DataError("no such file", file=str(path),
                        hint="check the path (relative paths start from the current folder)")
    if path.is_dir():
        raise DataError("is a folder, not an export file", file=str(path),
                        hint="give the path of one CSV, TSV or Parquet file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror})", file=str(path),
                        hint="check that the file is readable") from None


def read(path: str | Path, *, client: str, source: str = "auto",
         mapping: str | Path | dict[str, Any] | None = None, timezone: str | None = None,
         currency: str | None = None) -> Export:
    """Read an export and map it to its canonical table, validated.

    Parameters
    ----------
    path : str or Path
        The export (CSV, TSV or Parquet).
    client : str
        Client slug the rows belong to (a ``client`` column that disagrees is an error).
    source : str
        ``auto`` (recognise from the header) or one of :data:`SOURCES`.
    mapping : path or dict, optional
        Column mapping of a generic file (see :mod:`smtools.io.generic`); implies
        ``source="csv"``.
    timezone : str, optional
        IANA zone of timestamps written without a UTC offset.
    currency : str, optional
        Currency of the amounts when the file does not say it. If the file
        does say it and disagrees, that is an error.

    Returns
    -------
    Export

    Raises
    ------
    DataError
        With file, row, column and a fix, for every problem in the file.

    Examples
    --------
    >>> export = read("exports/meta_en.csv", client="acme")      # doctest: +SKIP
    >>> export.frame.groupby("channel")["spend"].sum()           # doctest: +SKIP
    """
    from smtools.io import _detect, _text, generic
    from smtools.io._adapter import Options
    from smtools.tables import validate
    from smtools.workspace import check_slug

    check_slug(client)
    _check_source(source)
    currency = _check_currency(currency)
    if timezone is not None:
        generic.check_timezone(timezone)
    if mapping is not None:
        if source not in ("auto", "csv"):
            raise DataError(f"a mapping is only used with --source csv, not {source}",
                            column="mapping", hint="leave out --mapping, or use --source csv")
        source = "csv"
    path = Path(path)
    file = str(path)
    raw = _load(path)
    opts = Options(client=client, timezone=timezone, currency=currency,
                   mapping=generic.load_mapping(mapping) if mapping is not None else None)
    try:
        if raw.startswith(b"PAR1"):
            if source not in ("auto", "csv"):
                raise DataError(f"this is a Parquet file, not a {source} export", file=file,
                                hint="use --source csv (with --mapping if the columns are "
                                     "not canonical)")
            del raw
            adapter, frame, columns, notes = generic.read_parquet(path, file, opts)
        else:
            text = _text.decode(raw, file)
            del raw
            if source == "csv":
                match = generic.locate(text, opts)
            elif source == "auto":
                match = _detect.detect_text(text)
            else:
                match = _detect.locate(text, _detect.ADAPTERS[source])
            adapter = match.adapter
            frame, columns, notes = adapter.read(text, match, opts)
            del text
        typed = validate(adapter.table, frame, file=file, source_columns=columns)
    except DataError:
        raise
    except (UnicodeError, csv.Error, OverflowError, pd.errors.ParserError) as exc:
        raise DataError(f"the file cannot be read ({type(exc).__name__}: {exc})", file=file,
                        hint="export it again as CSV; if it persists, report this file"
                        ) from None
    return Export(table=adapter.table, frame=typed, source=adapter.name, file=file,
                  notes=notes)


def detect(path: str | Path) -> str:
    """The format of an export, recognised from its header.

    Returns
    -------
    str
        One of :data:`SOURCES`.

    Raises
    ------
    DataError
        For a file no format recognises, naming the closest format and the
        columns it still needs.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ga4.csv"
    >>> _ = path.write_text("# Property: Acme\\n#\\nDate,Session source / medium,Sessions\\n"
    ...                     "20250106,google / cpc,12\\n")
    >>> detect(path)
    'ga4'
    """
    from smtools.io import _detect, _text

    path = Path(path)
    raw = _load(path)
    if raw.startswith(b"PAR1"):
        return "csv"
    return _detect.detect_text(_text.decode(raw, str(path))).adapter.name
