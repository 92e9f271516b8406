"""Generic CSV and Parquet files, mapped to a canonical table.

A file whose columns already carry canonical names (``date``, ``channel``,
``campaign``, ``spend``…) needs nothing more: the table is recognised from its
columns. Any other file needs a small YAML mapping, passed with ``--mapping``
(or as a dict to :func:`smtools.io.read`).

Mapping format
--------------
.. code-block:: yaml

    # shop_orders.yaml: daily revenue from the web shop
    table: outcomes            # canonical table: performance, posts, audience,
                               # journeys, mentions, outcomes or sessions
                               # (optional when the columns make it obvious)
    columns:                   # canonical column: column as named in the file
      date: Order date
      value: Revenue
      region: Country
    constants:                 # canonical column: the same value on every row
      kpi: revenue
      currency: EUR
    date_format: "%d/%m/%Y"    # optional strptime format of dates (default: recognised)
    timestamp_format: "%d/%m/%Y %H:%M"  # optional, for timestamps (default: ISO 8601…)
    decimal: ","               # optional "." or "," (default: recognised from the values)
    timezone: Europe/Paris     # optional zone of timestamps without a UTC offset
                               # (--timezone wins over it)
    delimiter: ";"             # optional ",", ";" or "tab" (default: recognised)
    header_row: 3              # optional line of the header (default: recognised)

Rules
-----
* Columns not named under ``columns:`` are matched by their canonical name
  (``Spend`` or ``spend``); other columns of the file are ignored.
* ``client`` comes from ``--client``. A ``client`` column (or constant) that
  says something else is an error: nothing is overridden silently. The same
  holds for ``currency`` against ``--currency``.
* ``channel`` values are normalised to canonical network names (``Facebook`` →
  ``facebook``, ``ig`` → ``instagram``).
* Timestamps (``posts.published_at``, ``journeys.ts``, ``mentions.ts``) keep the
  UTC offset written in the data; values without one are read in ``--timezone``
  (or the mapping's ``timezone``); with neither they are an error.
* ``audience.share`` accepts percentages (``12.5%`` is read as 0.125).
* Parquet files are read with pyarrow; their typed columns are kept, strings are
  parsed like CSV values; row numbers in messages are 1-based row positions.

Examples
--------
>>> m = load_mapping({"table": "outcomes", "columns": {"date": "Day", "value": "Orders"},
...                   "constants": {"kpi": "orders"}})
>>> m.table, m.columns["value"], m.constants["kpi"]
('outcomes', 'Orders', 'orders')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from smtools import networks, tables
from smtools.errors import DataError
from smtools.io import _text
from smtools.io._adapter import Adapter, Field, Match, Options, Rows, map_values
from smtools.io._text import Grid, Text

__all__ = ["Generic", "Mapping", "load_mapping", "locate", "probe", "read_parquet"]

_KEYS = ("table", "columns", "constants", "date_format", "timestamp_format", "decimal",
         "timezone", "delimiter", "header_row")
_DELIMITERS = {",": ",", ";": ";", "\t": "\t", "tab": "\t", "\\t": "\t"}


@dataclass(frozen=True)
class Mapping:
    """A validated column mapping (see the module docstring for the YAML format)."""

    table: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    date_format: str | None = None
    timestamp_format: str | None = None
    decimal: str | None = None
    timezone: str | None = None
    delimiter: str | None = None
    header_row: int | None = None
    file: str | None = None
    lines: dict[str, int] = field(default_factory=dict)


def _closest(word: str, options: list[str]) -> str:
    near = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _key_lines(text: str) -> dict[str, int]:
    """Line of every key of the YAML document (``columns.spend`` → 4)."""
    lines: dict[str, int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            lines[str(k.value)] = k.start_mark.line + 1
            if isinstance(v, yaml.MappingNode):
                for k2, _ in v.value:
                    lines[f"{k.value}.{k2.value}"] = k2.start_mark.line + 1
    return lines


def load_mapping(mapping: str | Path | dict[str, Any] | None) -> Mapping:
    """Read and check a column mapping (YAML file or dict).

    Raises
    ------
    DataError
        Naming the mapping file, the line and the key that is wrong.

    Examples
    --------
    >>> try:
    ...     load_mapping({"table": "outcome"})
    ... except DataError as err:
    ...     print(err.message)
    unknown table 'outcome' (did you mean 'outcomes'?)
    """
    if mapping is None:
        return Mapping()
    file = None
    lines: dict[str, int] = {}
    if isinstance(mapping, (str, Path)):
        path = Path(mapping)
        file = str(path)
        if not path.is_file():
            raise DataError("the mapping file does not exist", file=file,
                            hint="check the path given with --mapping")
        try:
            text = path.read_text(encoding="utf-8-sig")
            data = yaml.safe_load(text)
        except UnicodeDecodeError:
            raise DataError("the mapping is not UTF-8 text", file=file,
                            hint="save the mapping as a UTF-8 YAML file") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DataError(f"the mapping is not valid YAML ({getattr(exc, 'problem', exc)})",
                            file=file, row=mark.line + 1 if mark else None,
                            hint="see the mapping format in `help(smtools.io.generic)`") from None
        lines = _key_lines(text)
    else:
        data = mapping
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError("the mapping must be a YAML mapping (key: value lines)", file=file,
                        hint="start with 'table:' and 'columns:'")

    def fail(key: str, message: str, hint: str) -> DataError:
        return DataError(message, file=file, row=lines.get(key), column=key, hint=hint)

    for key in data:
        if key not in _KEYS:
            raise fail(str(key), f"unknown key '{key}'{_closest(str(key), list(_KEYS))}",
                       f"use only {', '.join(_KEYS)}")
    table = data.get("table")
    if table is not None and table not in tables.TABLES:
        raise fail("table", f"unknown table '{table}'{_closest(str(table), list(tables.TABLES))}",
                   f"use one of {', '.join(tables.TABLES)}")
    allowed = tables.TABLES[table].names if table else sorted(
        {c for t in tables.TABLES.values() for c in t.names})
    out: dict[str, dict[str, Any]] = {}
    for part in ("columns", "constants"):
        entries = data.get(part) or {}
        if not isinstance(entries, dict):
            raise fail(part, f"'{part}' must map canonical column names to values",
                       f"write one 'canonical_name: value' line per column under {part}:")
        for canonical, value in entries.items():
            if canonical not in allowed:
                where = f"the {table} table" if table else "any canonical table"
                raise fail(f"{part}.{canonical}",
                           f"'{canonical}' is not a column of {where}"
                           f"{_closest(str(canonical), allowed)}",
                           f"use one of {', '.join(allowed)}")
            if part == "columns" and (not isinstance(value, str) or not value.strip()):
                raise fail(f"{part}.{canonical}",
                           f"columns.{canonical} must be the name of a column in the file",
                           "write the column name exactly as in the file's header")
        out[part] = dict(entries)
    both = sorted(set(out["columns"]) & set(out["constants"]))
    if both:
        raise fail(f"constants.{both[0]}", f"'{both[0]}' is both a column and a constant",
                   "keep only one of the two")
    decimal = data.get("decimal")
    if decimal is not None and decimal not in (".", ","):
        raise fail("decimal", f"decimal must be '.' or ',', not {decimal!r}",
                   "write decimal: \",\" for numbers like 1.234,56")
    delimiter = data.get("delimiter")
    if delimiter is not None and delimiter not in _DELIMITERS:
        raise fail("delimiter", f"delimiter must be ',', ';' or 'tab', not {delimiter!r}",
                   "write delimiter: \";\" for semicolon-separated files")
    tz = data.get("timezone")
    if tz is not None:
        check_timezone(str(tz), parameter="timezone", file=file, row=lines.get("timezone"))
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise fail("header_row", "header_row must be a line number (1 or more)",
                   "give the line of the header as a whole number")
    for key in ("date_format", "timestamp_format"):
        if data.get(key) is not None and "%" not in str(data[key]):
            raise fail(key, f"{key} must be a strptime format such as '%d/%m/%Y'",
                       "see https://strftime.org for the codes")
    return Mapping(
        table=table, columns={k: str(v).strip() for k, v in out["columns"].items()},
        constants=out["constants"], date_format=data.get("date_format"),
        timestamp_format=data.get("timestamp_format"), decimal=decimal,
        timezone=str(tz) if tz is not None else None,
        delimiter=_DELIMITERS[delimiter] if delimiter is not None else None,
        header_row=header_row, file=file, lines=lines)


def check_timezone(tz: str, *, parameter: str = "--timezone", file: str | None = None,
                   row: int | None = None) -> str:
    """Return ``tz`` if it is an IANA time zone name, else raise :class:`DataError`.

    Examples
    --------
    >>> check_timezone("Europe/Paris")
    'Europe/Paris'
    """
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise DataError(f"{parameter} {tz!r} is not a time zone", file=file, row=row,
                        hint="use an IANA name such as Europe/Paris or America/New_York"
                        ) from None
    return tz


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _text.norm(name)).strip("_")


_KINDS = {"str": "text", "float": "number", "date": "date", "timestamp": "text"}


class Generic(Adapter):
    """A file mapped to a canonical table by name or by a :class:`Mapping`.

    Instances are made by :func:`make` for one table and mapping.
    """

    name = "csv"
    title = "a generic CSV"
    mapping: ClassVar[Mapping] = Mapping()
    dayfirst: ClassVar[dict[str, bool | None]] = {"en": None}
    decimal_hint: ClassVar[dict[str, str]] = {}

    @classmethod
    def display(cls, key: str, lang: str = "en") -> str:
        """The column the file needs for canonical column ``key``."""
        return cls.mapping.columns.get(key, key)

    def build(self, rows: Rows, opts: Options) -> None:
        """Copy every canonical column the file (or a constant) provides."""
        spec = tables.TABLES[self.table]
        m = self.mapping
        if m.decimal:
            rows._decimal = m.decimal
        tz = opts.timezone or m.timezone
        for col in spec.columns:
            name = col.name
            if name == "client":
                self._check_client(rows, opts)
                continue
            if rows.has(name):
                if col.kind == "str":
                    values = rows.text(name)
                    if name == "channel":
                        values = map_values(values, networks.canonical)
                    elif name == "currency":
                        values = values.str.upper()
                    rows.put(name, values, name)
                elif col.kind == "float":
                    rows.put(name, rows.number(name), name)
                elif col.kind == "date":
                    rows.put(name, rows.date(name, fmt=m.date_format), name)
                else:
                    rows.put(name, _text.parse_timestamps(
                        rows.raw(name), file=rows.file, column=rows.col(name),
                        lines=rows.lines, timezone=tz, fmt=m.timestamp_format), name)
            elif name in m.constants:
                rows.put(name, self._constant(col, m.constants[name], rows, tz))
        self._check_currency(rows, opts)

    def _constant(self, col: tables.Column, value: Any, rows: Rows, tz: str | None) -> Any:
        where = f"constants.{col.name}"
        fail = DataError(f"the constant {col.name}: {value!r} is not a valid {col.kind}",
                         file=self.mapping.file, row=self.mapping.lines.get(where),
                         column=where, hint=f"give a {col.kind} value")
        if col.kind == "str":
            text = str(value).strip()
            if col.name == "channel":
                return networks.canonical(text)
            return text.upper() if col.name == "currency" else text
        if col.kind == "float":
            try:
                return np.full(rows.n, float(value))
            except (TypeError, ValueError):
                raise fail from None
        if col.kind == "date":
            try:
                return np.full(rows.n, pd.Timestamp(str(value)).normalize().to_datetime64()
                               ).astype("datetime64[us]")
            except (TypeError, ValueError):
                raise fail from None
        one = _text.parse_timestamps(pa.array([str(value)]), file=self.mapping.file or "",
                                     column=where, lines=None, timezone=tz)
        return pd.Series(np.repeat(one.to_numpy(), rows.n), dtype="datetime64[us, UTC]")

    def _check_client(self, rows: Rows, opts: Options) -> None:
        m = self.mapping
        if "client" in m.constants and str(m.constants["client"]) != opts.client:
            raise DataError(
                f"the mapping says client {m.constants['client']!r} but --client is "
                f"{opts.client!r}", file=m.file, row=m.lines.get("constants.client"),
                column="constants.client", hint="remove client from the mapping's constants")
        if rows.has("client"):
            given = rows.text("client")
            clash = (given.notna() & (given != opts.client)).to_numpy()
            if clash.any():
                i = int(np.flatnonzero(clash)[0])
                raise DataError(
                    f"the row belongs to client {given.iloc[i]!r} but --client is "
                    f"{opts.client!r}", file=rows.file, row=int(rows.lines[i]),
                    column=rows.col("client"),
                    hint=f"ingest the file with --client {given.iloc[i]}, or split it by client")

    def _check_currency(self, rows: Rows, opts: Options) -> None:
        if "currency" not in tables.TABLES[self.table].names:
            return
        given = rows.out.get("currency")
        if given is None:
            if opts.currency:
                rows.put("currency", opts.currency)
            return
        if opts.currency is None:
            return
        if isinstance(given, str):
            if given != opts.currency:
                raise DataError(
                    f"the mapping says currency {given} but --currency is {opts.currency}",
                    file=self.mapping.file, row=self.mapping.lines.get("constants.currency"),
                    column="constants.currency", hint="give the currency only once")
            return
        clash = (given.notna() & (given != opts.currency)).to_numpy()
        if clash.any():
            i = int(np.flatnonzero(clash)[0])
            raise DataError(
                f"the row says currency {given.iloc[i]} but --currency is {opts.currency}",
                file=rows.file, row=int(rows.lines[i]), column=rows.col("currency"),
                hint="leave out --currency: the file states its currency")
        rows.put("currency", given.fillna(opts.currency), "currency")


def make(table: str, mapping: Mapping) -> Generic:
    """A :class:`Generic` adapter for ``table``: its fields are the canonical columns.

    Examples
    --------
    >>> ad = make("outcomes", Mapping(columns={"value": "Orders"}))
    >>> ad.match(["date", "kpi", "Orders"], 1, ",").complete
    True
    """
    spec = tables.TABLES[table]
    fields = []
    for c in spec.columns:
        names = (mapping.columns[c.name],) if c.name in mapping.columns else (
            c.name, c.name.replace("_", " "))
        kind = "rate" if c.name == "share" else _KINDS[c.kind]
        fields.append(Field(c.name, names, kind))  # type: ignore[arg-type]
    need = tuple(c.name for c in spec.columns
                 if c.required and c.name != "client" and c.name not in mapping.constants)
    cls = type(f"Generic_{table}", (Generic,), {
        "table": table, "fields": tuple(fields), "signature": need, "mapping": mapping,
        "title": f"a {table} table (generic CSV)"})
    return cls()


def probe(cells: list[str], line: int, delimiter: str, mapping: Mapping | None = None,
          ) -> Match:
    """The canonical table a header line fits best (for detection and ``source="csv"``)."""
    mapping = mapping or Mapping()
    names = [mapping.table] if mapping.table else list(tables.TABLES)
    best: Match | None = None
    for table in names:
        m = make(table, mapping).match(cells, line, delimiter)
        if best is None or (m.complete, m.score) > (best.complete, best.score):
            best = m
    assert best is not None
    return best


def _first_header_line(text: Text) -> int:
    for i, line in enumerate(text.head(), start=1):
        if line.strip() and not line.startswith("#"):
            return i
    raise DataError("the file has no header line", file=text.file,
                    hint="the first line that is not empty must name the columns")


def locate(text: Text, opts: Options) -> Match:
    """The header line and table of a generic text file (``source="csv"``)."""
    mapping: Mapping = opts.mapping or Mapping()
    if mapping.header_row:
        lines = [mapping.header_row]
        if mapping.header_row > len(text.head(mapping.header_row)):
            raise DataError(f"the mapping's header_row {mapping.header_row} is past the end of "
                            "the file", file=mapping.file, row=mapping.lines.get("header_row"),
                            column="header_row", hint="give the line of the header")
    elif mapping.columns:
        lines = [i for i, ln in enumerate(text.head(), 1) if ln.strip()
                 and not ln.startswith("#")]
    else:
        lines = [_first_header_line(text)]
    best: Match | None = None
    for ln in lines:
        raw = text.head(ln)[ln - 1]
        delim = mapping.delimiter or _text.sniff_delimiter(raw)
        m = probe(_text.split_line(raw, delim), ln, delim, mapping)
        if best is None or (m.complete, m.score) > (best.complete, best.score):
            best = m
    assert best is not None
    _explain_incomplete(best, text.file, mapping)
    return best


def _explain_incomplete(m: Match, file: str, mapping: Mapping) -> None:
    if m.complete and all(k in m.index for k in mapping.columns):
        return
    cells = [c for c in m.cells if c]
    absent = [v for k, v in mapping.columns.items() if k not in m.index]
    if absent:
        raise DataError(
            f"the mapping names the column '{absent[0]}', which the file does not have"
            f"{_closest(absent[0], cells)}", file=file, row=m.line or None, column=absent[0],
            hint=f"the header has: {', '.join(cells[:20])}")
    table = m.adapter.table
    needs = [k if isinstance(k, str) else k[0] for k in m.missing]
    raise DataError(
        f"the {table} table needs the column(s) {', '.join(needs)}, and the file has none",
        file=file, row=m.line or None, column=needs[0],
        hint=f"map them under columns: (e.g. columns: {{{needs[0]}: <column in the file>}}) or "
             "give a value under constants:, in a mapping passed with --mapping")


def read_parquet(path: Path, file: str, opts: Options) -> tuple[Generic, pd.DataFrame,
                                                                  dict[str, str], list[str]]:
    """Read a Parquet file through the generic mapping.

    Returns
    -------
    adapter, frame, source_columns, notes
    """
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise DataError(f"the Parquet file cannot be read ({str(exc).splitlines()[0]})",
                        file=file, hint="write the file again (it may be cut off)") from None
    header = [str(n) for n in table.column_names]
    _text._check_header(header, file, 1)
    grid = Grid(file, header, None, [table.column(i) for i in range(table.num_columns)],
                np.arange(1, table.num_rows + 1, dtype=np.int64))
    mapping: Mapping = opts.mapping or Mapping()
    m = probe(header, 1, ",", mapping)
    m.line = 0
    _explain_incomplete(m, file, mapping)
    adapter: Generic = m.adapter
    frame, source, notes = adapter.process(grid, m, opts, [])
    return adapter, frame, source, notes
