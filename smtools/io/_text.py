"""Shared text handling of every export reader: bytes → rows of strings → typed columns.

Everything that is not specific to one ad platform lives here, once:

* **decoding** (:func:`decode`): UTF-8 with or without BOM, UTF-16 LE/BE with BOM
  (Google Ads "Excel CSV"), UTF-16 without BOM when the NUL pattern is
  unmistakable, and a Windows-1252 fallback (with a note). Every input is turned
  into UTF-8 bytes, so the rest of the pipeline handles one encoding only.
* **layout** (:func:`scan`, :func:`read_grid`): delimiter sniffing (``,`` ``;``
  or tab), a vectorised pass that finds every record (quotes respected) and its
  *physical line number* in the file, its number of fields, blank lines, an
  unclosed quote; then the pyarrow CSV reader splits the values (all as strings).
* **values**: numbers with thousands separators (``1,240``, ``1 240``,
  ``1.240,50``), decimal comma, currency symbols, percentages, ``--`` and empty
  for missing (:func:`parse_numbers`, :func:`infer_decimal`); calendar days in the
  usual export formats (:func:`parse_dates`); instants with or without a UTC
  offset (:func:`parse_timestamps`).

Row numbers in every error are 1-based physical line numbers of the file,
title and header lines included (the line a text editor shows). For Parquet,
which has no lines, they are 1-based row positions.

Examples
--------
>>> import numpy as np, pyarrow as pa
>>> parse_numbers(pa.array(["1,240", "--", "7.5"]), file="x.csv", column="Impr.",
...               lines=np.array([2, 3, 4])).tolist()
[1240.0, nan, 7.5]
>>> parse_numbers(pa.array(["1 240,50", ""]), decimal=",", file="x.csv", column="Coût",
...               lines=np.array([2, 3])).tolist()
[1240.5, nan]
"""

from __future__ import annotations

import codecs
import csv
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from smtools.errors import DataError

__all__ = [
    "MISSING",
    "Grid",
    "Text",
    "decode",
    "infer_decimal",
    "norm",
    "parse_dates",
    "parse_numbers",
    "parse_timestamps",
    "read_grid",
    "sniff_delimiter",
    "split_currency",
    "split_line",
    "text_values",
]

#: Cell contents that mean "no value" in exports (Google Ads writes ``--``, TikTok ``-``).
MISSING: tuple[str, ...] = ("", "--", "-", "—", "–", "N/A", "n/a", "NA", "nan", "NaN",
                            "null", "NULL", "None")
_MISSING_SET = pa.array(MISSING, pa.string())
DELIMITERS: tuple[str, ...] = (",", ";", "\t")
_DELIM_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}
_HEAD_LINES = 60
_CHUNK = 1 << 24  # bytes per step of the layout scan (bounds its temporary memory)


# ---------------------------------------------------------------------------- decoding
@dataclass
class Text:
    """An export decoded to UTF-8 bytes.

    Attributes
    ----------
    file : str
        The file, as named in messages.
    data : bytes
        The whole content as UTF-8 (no BOM, ``\\n`` or ``\\r\\n`` line ends).
    encoding : str
        How the file was decoded (``utf-8``, ``utf-8-sig``, ``utf-16-le``…).
    notes : list of str
        What was handled on the way (e.g. ``read as UTF-16 LE``).
    """

    file: str
    data: bytes
    encoding: str
    notes: list[str] = field(default_factory=list)
    _head: list[str] | None = None
    _offsets: list[int] | None = None
    _limit: int = 0

    def head(self, n: int = _HEAD_LINES) -> list[str]:
        """The first ``n`` physical lines (without line ends), for header search.

        Examples
        --------
        >>> Text("x.csv", b"a,b\\r\\n1,2\\n", "utf-8").head()
        ['a,b', '1,2']
        """
        if self._head is None or n > self._limit:
            self._limit = max(n, _HEAD_LINES)
            lines, offsets, pos = [], [], 0
            data = self.data
            while len(lines) < self._limit and pos < len(data):
                end = data.find(b"\n", pos)
                stop = len(data) if end < 0 else end
                offsets.append(pos)
                lines.append(data[pos:stop].rstrip(b"\r").decode("utf-8", errors="replace"))
                pos = stop + 1
            self._head, self._offsets = lines, offsets
        return self._head[:n]

    def release(self) -> None:
        """Drop the bytes (after parsing) so that big files do not stay in memory twice."""
        self.data = b""

    def offset(self, line: int) -> int:
        """Byte offset where physical line ``line`` (1-based, within the head) starts."""
        self.head()
        assert self._offsets is not None
        return self._offsets[line - 1]


def _line_at(raw: bytes, pos: int, newline: bytes = b"\n") -> int:
    return raw.count(newline, 0, pos) + 1


def decode(raw: bytes, file: str) -> Text:
    """Decode an export to UTF-8, recognising BOMs, UTF-16 and Windows-1252.

    Parameters
    ----------
    raw : bytes
        The file content.
    file : str
        File name used in messages.

    Returns
    -------
    Text

    Raises
    ------
    DataError
        Empty file, binary data, an Excel workbook, or broken UTF-16 (with the line).

    Examples
    --------
    >>> decode("Day\\tCost\\n2025-01-01\\t3\\n".encode("utf-16"), "g.csv").encoding
    'utf-16-le'
    >>> decode(b"Campa\\xf1a,Cost\\n", "m.csv").notes
    ['not valid UTF-8: read as Windows-1252 (check accented letters)']
    """
    if not raw[:65536].strip(b" \t\r\n\x00") and not raw.strip(b" \t\r\n\x00"):
        raise DataError("the file is empty", file=file,
                        hint="download the export again: the download probably failed")
    if raw.startswith(b"PK\x03\x04"):
        raise DataError("this is an Excel workbook (.xlsx), not a CSV export", file=file,
                        hint="download the report as CSV, or save the sheet as 'CSV UTF-8'")
    for bom, enc, label in ((codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
                            (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE")):
        if raw.startswith(bom) and not raw.startswith(codecs.BOM_UTF32_LE):
            return _utf16(raw[2:], enc, label, file, notes=[f"read as {label}"])
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[3:]
        bad = _first_invalid_utf8(body)
        if bad is not None:
            raise DataError(
                f"the file starts with a UTF-8 mark but byte {bad + 4} is not UTF-8",
                file=file, row=_line_at(body, bad),
                hint="export the file again, or save it as 'CSV UTF-8' from a spreadsheet")
        return Text(file, _newlines(body), "utf-8-sig")
    nul = raw.find(b"\x00")
    if nul >= 0:
        sample = raw[:4096]
        odd = sample[1::2].count(0)
        even = sample[0::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            return _utf16(raw, "utf-16-le", "UTF-16 LE", file,
                          notes=["read as UTF-16 LE (no byte order mark)"])
        if even > 0.4 * half and odd < 0.05 * half:
            return _utf16(raw, "utf-16-be", "UTF-16 BE", file,
                          notes=["read as UTF-16 BE (no byte order mark)"])
        raise DataError("this is not a text export: it contains binary data", file=file,
                        row=_line_at(raw, nul),
                        hint="export the report as CSV (comma, semicolon or tab separated)")
    if _first_invalid_utf8(raw) is None:
        _check_text(raw[:65536].decode("utf-8", errors="ignore"), file)
        return Text(file, _newlines(raw), "utf-8")
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError(
            "this is not a text export: it is neither UTF-8 nor Windows-1252 text",
            file=file, row=_line_at(raw, exc.start),
            hint="export the report as CSV (UTF-8) from the ad platform") from None
    _check_text(text, file)
    return Text(file, _newlines(text.encode("utf-8")), "cp1252",
                ["not valid UTF-8: read as Windows-1252 (check accented letters)"])


def _utf16(body: bytes, enc: str, label: str, file: str, *, notes: list[str]) -> Text:
    """Decode UTF-16 strictly: a cut code unit or a lone surrogate is an error with its line."""
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as exc:
        good = body[: exc.start - exc.start % 2].decode(enc, errors="replace")
        line = good.count("\n") + 1
        if exc.start >= len(body) - 1 and len(body) % 2:
            what = "the file ends in the middle of a character (odd number of bytes)"
            hint = "the file is cut off: download the export again"
        else:
            what = (f"broken {label} text at byte {exc.start + 2}: a lone surrogate half "
                    "(not a valid character)")
            hint = "download the export again; do not edit UTF-16 files in a plain text editor"
        raise DataError(f"{what}; the file is {label}", file=file, row=line, hint=hint) from None
    if "\x00" in text:
        raise DataError("this is not a text export: it contains binary data", file=file,
                        row=text.count("\n", 0, text.index("\x00")) + 1,
                        hint="export the report as CSV")
    return Text(file, _newlines(text.encode("utf-8")), enc, notes)


def _first_invalid_utf8(raw: bytes) -> int | None:
    """Byte offset of the first invalid UTF-8 sequence, or None.

    Arrow validates in one fast pass without copying; only an invalid file is
    decoded again (in chunks) to find where.
    """
    offsets = pa.py_buffer(np.array([0, len(raw)], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(raw)])
    try:
        whole.validate(full=True)
        return None
    except pa.ArrowInvalid:
        pass
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    step = 1 << 23
    for lo in range(0, len(raw), step):
        pending = len(dec.getstate()[0])
        try:
            dec.decode(raw[lo:lo + step], final=lo + step >= len(raw))
        except UnicodeDecodeError as exc:
            return max(lo + exc.start - pending, 0)
    return None


def _check_text(text: str, file: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    if sample and controls > max(2, len(sample) // 100):
        pos = next(i for i, ch in enumerate(sample) if ch < " " and ch not in "\t\r\n")
        raise DataError("this is not a text export: it contains binary data", file=file,
                        row=sample.count("\n", 0, pos) + 1,
                        hint="export the report as CSV (comma, semicolon or tab separated)")


def _newlines(data: bytes) -> bytes:
    """Old Mac files end lines with a bare CR: turn those into LF."""
    if b"\n" not in data and b"\r" in data:
        return data.replace(b"\r", b"\n")
    return data


# ---------------------------------------------------------------------------- header cells
def split_line(line: str, delimiter: str) -> list[str]:
    """Cells of one line (quotes respected, surrounding spaces removed).

    Examples
    --------
    >>> split_line('Day,"Cost, EUR", Clicks', ",")
    ['Day', 'Cost, EUR', 'Clicks']
    """
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=False))
    except (csv.Error, StopIteration):
        cells = line.split(delimiter)
    return [c.strip().strip("\ufeff") for c in cells]


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of ``,`` ``;`` tab outside quotes.

    Examples
    --------
    >>> sniff_delimiter("Nom de la campagne;Montant dépensé (EUR);Impressions")
    ';'
    >>> sniff_delimiter("CPM (cost per 1,000 impressions) (USD)\\tReach\\tImpressions")
    '\\t'
    """
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best


@functools.lru_cache(maxsize=4096)
def norm(name: str) -> str:
    """Normalise a header for matching: no accents, case, quotes or extra spaces.

    Examples
    --------
    >>> norm("  Début des   rapports ")
    'debut des rapports'
    >>> norm("Nom de l’ensemble de publicités")
    "nom de l'ensemble de publicites"
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().strip('"').strip().casefold()


_CURRENCY_IN_HEADER = re.compile(r"^(.*\S)\s*\(([A-Z]{3})\)$")


@functools.lru_cache(maxsize=4096)
def split_currency(header: str) -> tuple[str, str | None]:
    """Split ``"Amount spent (USD)"`` into ``("Amount spent", "USD")``.

    Examples
    --------
    >>> split_currency("CPM (cost per 1,000 impressions) (EUR)")
    ('CPM (cost per 1,000 impressions)', 'EUR')
    >>> split_currency("Clicks (all)")
    ('Clicks (all)', None)
    """
    m = _CURRENCY_IN_HEADER.match(header.strip())
    if not m:
        return header.strip(), None
    return m.group(1), m.group(2)


# ---------------------------------------------------------------------------- layout
@dataclass
class Layout:
    """Records of a CSV region found by :func:`scan` (offsets relative to the region).

    ``fields`` (values per record) is only computed when asked for: the fast
    path lets pyarrow check the field counts and diagnoses only on failure.
    """

    starts: np.ndarray
    ends: np.ndarray
    lines: np.ndarray
    blank: np.ndarray
    quoted_newlines: bool
    unclosed: int | None
    fields: np.ndarray | None = None


def scan(data: bytes, start: int, stop: int, delimiter: str, first_line: int, *,
         fields: bool = False) -> Layout:
    """Find every record of ``data[start:stop]`` without a Python loop per row.

    A record ends at a newline outside quotes, i.e. preceded by an even number
    of quote characters (doubled quotes inside a value count twice, so they
    do not change the parity). Quote and newline positions are found chunk by
    chunk (16 MB, so memory stays bounded) and the quotes before each newline
    counted with ``np.searchsorted``. For each record
    we get its byte range, its physical line number in the file and whether it
    is blank; with ``fields=True`` also its number of values (see
    :func:`count_fields`).

    Examples
    --------
    >>> data = b'a,b\\n1,"x\\ny"\\n\\n2,3'
    >>> lay = scan(data, 0, len(data), ",", 1, fields=True)
    >>> lay.lines.tolist(), lay.fields.tolist(), lay.blank.tolist()
    ([1, 2, 4, 5], [2, 2, 1, 2], [False, False, True, False])
    >>> data = b'a,b\\n"x,""y"",z",1\\n'
    >>> scan(data, 0, len(data), ",", 1, fields=True).fields.tolist()
    [2, 2]
    """
    buf = np.frombuffer(data, dtype=np.uint8, count=stop - start, offset=start)
    n = len(buf)
    newlines, line_quotes = [], []
    quotes = 0  # quotes seen before the current chunk
    for lo in range(0, n, _CHUNK):
        chunk = buf[lo:lo + _CHUNK]
        nl = np.flatnonzero(chunk == 10)
        q = np.flatnonzero(chunk == 34)
        newlines.append(nl + lo)
        line_quotes.append((np.searchsorted(q, nl) + quotes) & 1)
        quotes += len(q)
        del q
    empty = np.zeros(0, np.int64)
    nl_all = np.concatenate(newlines) if newlines else empty
    parity = np.concatenate(line_quotes) if line_quotes else empty
    total_odd = quotes & 1
    term = nl_all[parity == 0]
    unterminated = n and (len(term) == 0 or term[-1] != n - 1)
    ends = np.append(term, n) if unterminated else term
    starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.int64)
    content_end = ends.copy()
    if len(ends):
        has_cr = (content_end > starts) & (buf[np.maximum(content_end - 1, 0)] == 13)
        content_end = content_end - has_cr
    blank = content_end == starts
    quoted_nl = len(nl_all) != len(term)
    if quoted_nl:
        prior = np.searchsorted(nl_all, starts[1:] - 1)  # index of the newline ending the previous
        lines = np.concatenate([[first_line], first_line + prior + 1])
    else:
        lines = first_line + np.arange(len(starts))
    unclosed = None
    if total_odd:
        unclosed = data.rfind(b'"', start, stop) - start
    lay = Layout(starts=starts, ends=content_end, lines=lines.astype(np.int64), blank=blank,
                 quoted_newlines=quoted_nl, unclosed=unclosed)
    if fields:
        lay.fields = count_fields(buf, ends, delimiter)
    return lay


def count_fields(buf: np.ndarray, ends: np.ndarray, delimiter: str) -> np.ndarray:
    """Values per record: delimiters in the record minus those inside quoted spans, plus one.

    Used to diagnose a file pyarrow refused (slower than :func:`scan`: it
    looks at every delimiter and quote).

    Examples
    --------
    >>> buf = np.frombuffer(b'a,b,c\\n"1,2",3\\n', dtype=np.uint8)
    >>> count_fields(buf, np.array([5, 13]), ",").tolist()
    [3, 2]
    """
    dcode = ord(delimiter)
    quotes, d_at_end, d_at_q = [], [], []
    delims = 0
    n = len(buf)
    for lo in range(0, n, _CHUNK):
        chunk = buf[lo:lo + _CHUNK]
        dpos = np.flatnonzero(chunk == dcode)
        q = np.flatnonzero(chunk == 34)
        local = ends[(ends >= lo) & (ends < lo + len(chunk))] - lo
        d_at_end.append(np.searchsorted(dpos, local) + delims)
        d_at_q.append(np.searchsorted(dpos, q) + delims)
        quotes.append(q + lo)
        delims += len(dpos)
    dcum = np.concatenate(d_at_end) if d_at_end else np.zeros(0, np.int64)
    if len(dcum) < len(ends):  # the last record runs to the end of the data
        dcum = np.append(dcum, delims)
    out = np.diff(np.concatenate([[0], dcum])) + 1
    q_all = np.concatenate(quotes) if quotes else np.zeros(0, np.int64)
    if len(q_all):
        dq = np.concatenate(d_at_q)
        opens = q_all[0::2]
        inside = np.full(len(opens), delims, dtype=np.int64)
        inside[:len(q_all) // 2] = dq[1::2]
        inside -= dq[0::2]
        record = np.minimum(np.searchsorted(ends, opens), len(ends) - 1)
        out = out - np.bincount(record, weights=inside, minlength=len(ends)).astype(np.int64)
    return out.astype(np.int64)


@dataclass
class Grid:
    """Rows of an export as string columns, with the line number of every row.

    Attributes
    ----------
    file : str
        The file, for messages.
    header : list of str
        Column names as written in the file.
    header_line : int or None
        Line of the header in the file (None for Parquet).
    columns : list of pyarrow arrays
        One per header column (strings for text files; typed for Parquet);
        ``None`` for a column that was not read.
    lines : ndarray of int64
        1-based line (or Parquet row) of every row.
    """

    file: str
    header: list[str]
    header_line: int | None
    columns: list[pa.ChunkedArray | None]
    lines: np.ndarray

    def __len__(self) -> int:
        return len(self.lines)

    def filter(self, keep: np.ndarray) -> Grid:
        """The rows where ``keep`` is True."""
        mask = pa.array(keep, pa.bool_())
        return Grid(self.file, self.header, self.header_line,
                    [None if c is None else c.filter(mask) for c in self.columns],
                    self.lines[keep])


def read_grid(text: Text, header_line: int, delimiter: str, *, stop_at_comment: bool = False,
              columns: Sequence[int] | None = None) -> tuple[Grid, list[str]]:
    """Read the table whose header is on ``header_line`` into string columns.

    Structural problems are reported with their line: a row with a different
    number of values than the header (wrong delimiter, a file cut off, a
    second export pasted below the first), an unclosed quote, a header
    repeated in the middle of the data, duplicate column names.

    Parameters
    ----------
    text : Text
        The decoded file.
    header_line : int
        1-based line of the header.
    delimiter : str
        ``,``, ``;`` or tab.
    stop_at_comment : bool
        Stop at the first line starting with ``#`` after the header (GA4 appends
        further sections that way).
    columns : sequence of int, optional
        Positions of the columns to read (default: all). The others are still
        checked for structure but not converted, which saves time and memory;
        the first three are always read (to spot a repeated header).

    Returns
    -------
    Grid, list of str
        The rows and notes.

    Examples
    --------
    >>> grid, notes = read_grid(Text("x.csv", b"title\\na,b\\n1,2\\n3,4\\n", "utf-8"), 2, ",")
    >>> grid.header, grid.lines.tolist(), grid.columns[1].to_pylist()
    (['a', 'b'], [3, 4], ['2', '4'])
    >>> text = Text("x.csv", b"a,b,c,d,e\\n1,2,3,4,5\\n", "utf-8")
    >>> grid = read_grid(text, 1, ",", columns=[4])[0]
    >>> [None if c is None else c.to_pylist() for c in grid.columns]
    [['1'], ['2'], ['3'], None, ['5']]
    """
    file, data = text.file, text.data
    notes: list[str] = []
    start = text.offset(header_line)
    stop = len(data)
    if stop_at_comment:
        cut = data.find(b"\n#", start)
        if cut >= 0:
            stop = cut + 1
            rest = data[stop:].decode("utf-8", errors="replace").splitlines()
            if any(r.strip() and not r.startswith("#") for r in rest):
                notes.append(f"ignored what follows the table from line "
                             f"{_line_at(data, stop)} (another section of the export)")
    lay = scan(data, start, stop, delimiter, header_line)
    header = split_line(data[start:start + int(lay.ends[0])].decode("utf-8", "replace"),
                        delimiter)
    width = len(header)
    _check_header(header, file, header_line)
    data_rows = np.flatnonzero(~lay.blank)
    data_rows = data_rows[data_rows > 0]

    def diagnose() -> None:
        """Find the first record pyarrow could not take and explain it (raises)."""
        if lay.fields is None:
            lay.fields = count_fields(np.frombuffer(data, np.uint8, stop - start, start),
                                      lay.ends, delimiter)
        bad = data_rows[lay.fields[data_rows] != width]
        if len(bad):
            _structure_error(text, lay, int(bad[0]), start, header, delimiter)
        if lay.unclosed is not None:
            k = int(np.searchsorted(lay.starts, lay.unclosed, side="right") - 1)
            _structure_error(text, lay, k, start, header, delimiter, unclosed=True)

    if lay.unclosed is not None:
        diagnose()
    names = [f"f{i}" for i in range(width)]
    wanted = sorted(set(range(width)) if columns is None else
                    {i for i in columns if i < width} | set(range(min(3, width))))
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(memoryview(data)[start:stop])),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"',
                                             double_quote=True,
                                             newlines_in_values=lay.quoted_newlines,
                                             ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 include_columns=[names[i] for i in wanted],
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        diagnose()
        raise _arrow_error(exc, text, start) from None
    lines = lay.lines[data_rows]
    if table.num_rows != len(lines):
        diagnose()
        raise DataError(
            f"the rows could not be split consistently ({table.num_rows} rows read, "
            f"{len(lines)} lines with values)", file=file, row=header_line,
            hint="check the quotes in the file: a value containing the delimiter or a "
                 "line break must be in double quotes, inner quotes doubled")
    read = dict(zip(wanted, table.columns, strict=True))
    grid = Grid(file, header, header_line, [read.get(i) for i in range(width)], lines)
    _check_repeated_header(grid)
    return grid, notes


def _check_header(header: list[str], file: str, line: int) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            continue
        if name in seen:
            raise DataError(
                f"the column name appears twice in the header (columns {seen[name] + 1} "
                f"and {i + 1})", file=file, row=line, column=name,
                hint="rename or delete one of the two columns")
        seen[name] = i


def _record(text: Text, lay: Layout, k: int, start: int) -> str:
    return text.data[start + int(lay.starts[k]):start + int(lay.ends[k])].decode(
        "utf-8", errors="replace")


def _structure_error(text: Text, lay: Layout, k: int, start: int, header: list[str],
                     delimiter: str, *, unclosed: bool = False) -> None:
    file = text.file
    width = len(header)
    got = int(lay.fields[k])
    line = int(lay.lines[k])
    last = k == len(lay.starts) - 1
    head_text = _record(text, lay, 0, start)
    # a second export pasted below the first: its header shows up a few records later
    for j in range(k, min(k + 8, len(lay.starts))):
        if _record(text, lay, j, start).strip() == head_text.strip():
            again = int(lay.lines[j])
            if j == k:
                raise DataError(
                    f"the header is repeated at line {again}: two exports were pasted "
                    "into one file", file=file, row=again, column=header[0],
                    hint="ingest each export as its own file, or delete the second header")
            raise DataError(
                f"a second export starts here (its header repeats at line {again}): "
                "two exports were pasted into one file", file=file, row=line,
                hint="ingest each export as its own file, or delete the lines of the second "
                     "export's title and header")
    if unclosed or (last and lay.unclosed is not None):
        col = header[min(max(got - 1, 0), width - 1)]
        raise DataError(
            "a quoted value opened here is never closed (the file looks cut off)",
            file=file, row=line, column=col,
            hint="download the export again; if you edited it, close the quote")
    record = _record(text, lay, k, start)
    if got < width:
        others = [d for d in (*DELIMITERS, "|") if d != delimiter and record.count(d)]
        if got == 1 and others:
            other = max(others, key=record.count)
            raise DataError(
                f"this row is separated by {_DELIM_NAMES[other]} but the header by "
                f"{_DELIM_NAMES[delimiter]} (1 value where the header has {width} columns)",
                file=file, row=line,
                hint="export the file again, or make every line use the same delimiter")
        cut = last and not text.data.endswith(b"\n")
        raise DataError(
            f"this row has {got} value(s) where the header has {width} columns"
            + ("; the file looks cut off here" if cut else ""),
            file=file, row=line, column=header[got],
            hint="download the export again (it was cut off)" if cut else
            "every row needs one value per column: fill the missing values or delete the row")
    hint = "a value that contains the delimiter must be in double quotes"
    if re.search(r'[^' + re.escape(delimiter) + r']"', record.replace('""', "")):
        hint = ("a value with a quote character must be entirely in double quotes, with the "
                "inner quote doubled")
    raise DataError(f"this row has {got} values where the header has {width} columns",
                    file=file, row=line, hint=hint)


def _arrow_error(exc: pa.ArrowInvalid, text: Text, start: int) -> DataError:
    msg = str(exc)
    m = re.search(r"got \d+: (.*)$", msg, flags=re.S)
    row = None
    if m:
        pos = text.data.find(m.group(1).encode("utf-8", errors="replace")[:200], start)
        if pos >= 0:
            row = _line_at(text.data, pos)
    return DataError(f"the CSV cannot be split into values ({msg.splitlines()[0]})",
                     file=text.file, row=row,
                     hint="check the quotes in that row: a value containing the delimiter "
                          "must be in double quotes, inner quotes doubled")


def _check_repeated_header(grid: Grid) -> None:
    if len(grid) == 0 or len(grid.header) < 2:
        return
    cond = None
    for i, name in enumerate(grid.header[:3]):
        col = grid.columns[i]
        if col is None or not pa.types.is_string(col.type):
            return
        eq = pc.equal(pc.utf8_trim_whitespace(col), name)
        cond = eq if cond is None else pc.and_(cond, eq)
    hits = np.flatnonzero(cond.to_numpy(zero_copy_only=False))
    if len(hits):
        line = int(grid.lines[hits[0]])
        raise DataError(
            f"the header is repeated at line {line}: two exports were pasted into one file",
            file=grid.file, row=line, column=grid.header[0],
            hint="ingest each export as its own file, or delete the repeated header line")


# ---------------------------------------------------------------------------- values
def _fail(file: str, lines: np.ndarray | None, idx: int, column: str, message: str,
          hint: str) -> DataError:
    row = int(lines[idx]) if lines is not None and len(lines) > idx else None
    return DataError(message, file=file, row=row, column=column, hint=hint)


def _as_string(values: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray:
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values], values.type)
    if pa.types.is_string(values.type):
        return values
    if pa.types.is_large_string(values.type) or pa.types.is_dictionary(values.type):
        return values.cast(pa.string())
    return pc.cast(values, pa.string())


def text_values(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """Trimmed text with every missing marker (``""``, ``--``…) as a missing value.

    Examples
    --------
    >>> text_values(pa.array([" Brand ", "--", ""])).tolist()
    ['Brand', nan, nan]
    """
    s = pc.utf8_trim_whitespace(_as_string(values))
    s = pc.if_else(pc.fill_null(pc.is_in(s, value_set=_MISSING_SET), True),
                   pa.scalar(None, pa.string()), s)
    return s.to_pandas().astype("str")


_NUM_JUNK = r"[\s\x{00A0}\x{202F}\x{2009}'’$€£¥₹]|[A-Z]{1,2}\$"
_NUM_POINT = r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$"
_NUM_COMMA = r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)?(,\d+)?$"


def parse_numbers(
    values: pa.Array | pa.ChunkedArray,
    *,
    file: str,
    column: str,
    lines: np.ndarray | None,
    decimal: str = ".",
    percent: Literal["reject", "fraction"] = "reject",
) -> np.ndarray:
    """Parse counts and amounts as float64; missing markers become NaN.

    Parameters
    ----------
    values : pyarrow array
        Strings as written in the export (numeric arrays pass through).
    file, column : str
        Where the values come from (for messages).
    lines : ndarray
        Line number of every value.
    decimal : {".", ","}
        Decimal separator; the other one (and spaces, apostrophes) may group thousands.
    percent : {"reject", "fraction"}
        ``fraction`` reads ``7.69%`` as 0.0769 (rate columns); ``reject`` refuses a
        percentage where a count or an amount is expected.

    Returns
    -------
    ndarray of float64

    Raises
    ------
    DataError
        At the first value that is not a number, with its line.

    Examples
    --------
    >>> import numpy as np, pyarrow as pa
    >>> parse_numbers(pa.array(["12.5%", "50 %"]), percent="fraction", file="g.csv",
    ...               column="CTR", lines=np.array([4, 5])).tolist()
    [0.125, 0.5]
    >>> try:
    ...     parse_numbers(pa.array(["12", "twelve"]), file="g.csv", column="Clicks",
    ...                   lines=np.array([4, 5]))
    ... except DataError as err:
    ...     print(err.row, err.column, err.message)
    5 Clicks 'twelve' is not a number
    """
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values], values.type)
    t = values.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        return pc.cast(values, pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64)
    if pa.types.is_null(t):
        return np.full(len(values), np.nan)
    if pa.types.is_boolean(t) or pa.types.is_temporal(t):
        return _wrong_type(values, file, column, lines, "numbers")
    s = pc.utf8_trim_whitespace(_as_string(values))
    missing = pc.fill_null(pc.is_in(s, value_set=_MISSING_SET), True)
    nulled = pc.if_else(missing, pa.scalar(None, pa.string()), s)
    if decimal == ".":
        try:  # fast path: plain numbers
            return pc.cast(nulled, pa.float64()).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    c = pc.replace_substring_regex(nulled, _NUM_JUNK, "")
    pct = pc.fill_null(pc.ends_with(c, "%"), False)
    c = pc.replace_substring_regex(c, "%$", "")
    if decimal == ".":
        ok = pc.match_substring_regex(c, _NUM_POINT)
        c = pc.replace_substring(c, ",", "")
    else:
        ok = pc.match_substring_regex(c, _NUM_COMMA)
        c = pc.replace_substring(pc.replace_substring(c, ".", ""), ",", ".")
    ok = pc.and_(pc.fill_null(ok, True),
                 pc.fill_null(pc.match_substring_regex(c, r"\d"), True))
    bad = np.flatnonzero(~ok.to_numpy(zero_copy_only=False))
    if len(bad):
        i = int(bad[0])
        raw = s[i].as_py()
        sep = "decimal comma" if decimal == "," else "decimal point"
        looks = re.fullmatch(r"[\d\s.,]+", raw or "") is not None
        raise _fail(file, lines, i, column, f"{raw!r} is not a number" + (
            f" in this file's format ({sep})" if looks else ""),
            "write a number (or leave the cell empty, or --, when there is no value)")
    pct_np = pct.to_numpy(zero_copy_only=False)
    out = pc.cast(c, pa.float64()).to_numpy(zero_copy_only=False)
    if pct_np.any():
        if percent == "reject":
            i = int(np.flatnonzero(pct_np)[0])
            raise _fail(file, lines, i, column,
                        f"{s[i].as_py()!r} is a percentage, but this column holds a count "
                        "or an amount", "check the column mapping, or write the number")
        out = np.where(pct_np, out / 100.0, out)
    return out


def _wrong_type(values: pa.ChunkedArray, file: str, column: str, lines: np.ndarray | None,
                expected: str) -> np.ndarray:
    first = next((i for i, v in enumerate(values.slice(0, 1000).to_pylist()) if v is not None),
                 0)
    raise _fail(file, lines, first, column,
                f"the column holds {values.type} values, not {expected}",
                "check the column mapping")


_DECIMAL_COMMA = (r"^[+-]?\d{1,3}(\.\d{3})+,\d+%?$|^[+-]?\d*,(\d{1,2}|\d{4,})%?$"
                  r"|^[+-]?\d{1,3}(\.\d{3}){2,}$")
_DECIMAL_POINT = (r"^[+-]?\d{1,3}(,\d{3})+\.\d+%?$|^[+-]?\d*\.(\d{1,2}|\d{4,})%?$"
                  r"|^[+-]?\d{1,3}(,\d{3}){2,}$")


def infer_decimal(columns: Sequence[pa.Array | pa.ChunkedArray],
                  hint: str | None = None) -> tuple[str, int, int]:
    """Guess the decimal separator of a file from its numeric columns.

    Unambiguous values vote (``12,5`` and ``1.240,50`` for a comma; ``12.50``
    and ``1,240.50`` for a point); ``1,240`` alone proves nothing. A tie
    falls back to ``hint`` (the export's language or a ``;`` delimiter), then ``.``.

    Returns
    -------
    tuple
        ``(decimal, comma_votes, point_votes)``.

    Examples
    --------
    >>> infer_decimal([pa.array(["1.240,50", "3,2"])])[0]
    ','
    >>> infer_decimal([pa.array(["1,240", "12"])], hint=",")[0]
    ','
    >>> infer_decimal([pa.array(["1,240", "0.35"])], hint=",")[0]
    '.'
    """
    comma = point = 0
    for col in columns:
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            continue
        sample = col.slice(0, 5000)
        sample = pc.replace_substring_regex(pc.utf8_trim_whitespace(_as_string(sample)),
                                            _NUM_JUNK, "")
        comma += int(pc.sum(pc.match_substring_regex(sample, _DECIMAL_COMMA)).as_py() or 0)
        point += int(pc.sum(pc.match_substring_regex(sample, _DECIMAL_POINT)).as_py() or 0)
    if comma > point:
        return ",", comma, point
    if point > comma:
        return ".", comma, point
    return (hint or "."), comma, point


# ---------------------------------------------------------------------------- dates
#: (strptime format, day-first?) tried in this order; None = unambiguous.
_DATE_FORMATS: tuple[tuple[str, bool | None], ...] = (
    ("%Y-%m-%d", None), ("%Y%m%d", None), ("%Y/%m/%d", None),
    ("%d/%m/%Y", True), ("%m/%d/%Y", False), ("%d.%m.%Y", True), ("%d-%m-%Y", True),
    ("%m-%d-%Y", False), ("%d/%m/%y", True), ("%m/%d/%y", False),
    ("%b %d, %Y", None), ("%B %d, %Y", None), ("%d %b %Y", None), ("%d %B %Y", None),
    ("%a, %b %d, %Y", None),
)
_MIDNIGHT = r"(?:[ T]0?0:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?| 12:00(?::00)? ?AM)$"


def _example(fmt: str) -> str:
    return pd.Timestamp("2025-01-31").strftime(fmt)


def parse_dates(
    values: pa.Array | pa.ChunkedArray,
    *,
    file: str,
    column: str,
    lines: np.ndarray | None,
    dayfirst: bool | None = None,
    fmt: str | None = None,
) -> np.ndarray:
    """Parse calendar days; the format is recognised once for the whole column.

    Only the distinct values are parsed (a daily export repeats each date many
    times), so a million rows cost as much as a few hundred.

    Parameters
    ----------
    values : pyarrow array
        Dates as written in the export.
    file, column : str
        Where the values come from.
    lines : ndarray
        Line number of every value.
    dayfirst : bool, optional
        Order of ``01/02/2025`` when every value fits both (``True`` in French or
        Spanish exports, ``False`` in US ones). Without it, such a column is an error.
    fmt : str, optional
        An explicit strptime format (from a mapping).

    Returns
    -------
    ndarray of datetime64[us]
        ``NaT`` where the export has no value.

    Examples
    --------
    >>> import numpy as np, pyarrow as pa
    >>> parse_dates(pa.array(["20250106", "20250107"]), file="ga4.csv", column="Date",
    ...             lines=np.array([8, 9])).astype(str).tolist()
    ['2025-01-06T00:00:00.000000', '2025-01-07T00:00:00.000000']
    >>> parse_dates(pa.array(["06/01/2025"]), dayfirst=True, file="m.csv", column="Jour",
    ...             lines=np.array([2]))[0]
    np.datetime64('2025-01-06T00:00:00.000000')
    """
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values], values.type)
    if pa.types.is_timestamp(values.type) or pa.types.is_date(values.type):
        out = values.to_pandas()
        if isinstance(out.dtype, pd.DatetimeTZDtype):
            out = out.dt.tz_localize(None)
        return pd.to_datetime(out).dt.normalize().to_numpy().astype("datetime64[us]")
    if pa.types.is_null(values.type):
        return np.full(len(values), np.datetime64("NaT"), dtype="datetime64[us]")
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        if pa.types.is_integer(values.type):  # 20250106 stored as a number
            values = pc.cast(values, pa.string())
        else:
            return _wrong_type(values, file, column, lines, "dates")
    s = text_values(values)
    codes, uniques = pd.factorize(s)
    if len(uniques) == 0:
        return np.full(len(s), np.datetime64("NaT"), dtype="datetime64[us]")
    u = pd.Series(np.asarray(uniques, dtype=object)).str.replace(_MIDNIGHT, "", regex=True)
    candidates = [(fmt, None)] if fmt else list(_DATE_FORMATS)
    results = []
    for f, order in candidates:
        parsed = pd.to_datetime(u, format=f, errors="coerce")
        results.append((int(parsed.notna().sum()), f, order, parsed))
        if results[-1][0] == len(u) and order is None:
            break
    complete = [r for r in results if r[0] == len(u)]
    if complete:
        orders = {r[2] for r in complete}
        if len(complete) > 1 and True in orders and False in orders:
            if dayfirst is None:
                i = int(np.flatnonzero(codes >= 0)[0])
                raise _fail(file, lines, i, column,
                            f"dates such as {uniques[0]!r} can be read day/month or month/day",
                            "give date_format in the mapping (e.g. '%d/%m/%Y')")
            complete = [r for r in complete if r[2] in (None, dayfirst)]
        best = complete[0]
    else:
        best = max(results, key=lambda r: r[0])
        bad_u = int(np.flatnonzero(best[3].isna().to_numpy())[0])
        i = int(np.flatnonzero(codes == bad_u)[0])
        example = _example(best[1]) if best[0] else "2025-01-31"
        raise _fail(file, lines, i, column, f"{uniques[bad_u]!r} is not a date",
                    f"write dates like {example}, as in the rest of the column" if best[0]
                    else "write dates like 2025-01-31")
    parsed_u = best[3].to_numpy().astype("datetime64[us]")
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[us]")
    has = codes >= 0
    out[has] = parsed_u[codes[has]]
    return out


_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"


def parse_timestamps(
    values: pa.Array | pa.ChunkedArray,
    *,
    file: str,
    column: str,
    lines: np.ndarray | None,
    timezone: str | None = None,
    fmt: str | None = None,
    dayfirst: bool | None = None,
) -> pd.Series:
    """Parse instants to tz-aware UTC.

    The UTC offset written in a value wins; values without one are read in
    ``timezone``; without a time zone they are an error asking for ``--timezone``.

    Examples
    --------
    >>> import numpy as np, pyarrow as pa
    >>> ts = parse_timestamps(pa.array(["2025-01-06T10:00:00+01:00", "2025-01-06 10:00"]),
    ...                       timezone="Europe/Paris", file="p.csv", column="published",
    ...                       lines=np.array([2, 3]))
    >>> [str(t) for t in ts]
    ['2025-01-06 09:00:00+00:00', '2025-01-06 09:00:00+00:00']
    """
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values], values.type)
    if pa.types.is_timestamp(values.type):
        out = values.to_pandas()
        if isinstance(out.dtype, pd.DatetimeTZDtype):
            return out.dt.tz_convert("UTC").reset_index(drop=True)
        if timezone is None:
            i = int(np.flatnonzero(out.notna().to_numpy())[0]) if out.notna().any() else 0
            raise _fail(file, lines, i, column, "the timestamps have no time zone",
                        "pass --timezone (e.g. --timezone Europe/Paris) with the zone they "
                        "were recorded in")
        return _localize(out, timezone, file, column, lines)
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        return _wrong_type(values, file, column, lines, "timestamps")
    s = text_values(values).str.replace(r"\s*UTC$", "Z", regex=True)
    present = s.notna().to_numpy()
    offset = s.str.contains(_OFFSET, regex=True, na=False).to_numpy()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us, UTC]")
    if offset.any():
        parsed = pd.to_datetime(s[offset], format=fmt or "ISO8601", utc=True, errors="coerce")
        bad = parsed.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(offset)[np.flatnonzero(bad)[0]])
            raise _fail(file, lines, i, column, f"{s.iloc[i]!r} is not a timestamp",
                        "write timestamps like 2025-01-31T14:30:00+01:00")
        out[offset] = parsed.astype("datetime64[us, UTC]")
    naive = present & ~offset
    if naive.any():
        if timezone is None:
            i = int(np.flatnonzero(naive)[0])
            raise _fail(file, lines, i, column,
                        f"the timestamp {s.iloc[i]!r} has no UTC offset and no time zone "
                        "was given", "pass --timezone (e.g. --timezone Europe/Paris), or "
                        "write the offset in the data (2025-01-31T14:30:00+01:00)")
        sub = s[naive]
        formats = [fmt] if fmt else ["ISO8601"] + [
            f"{d} {t}" for d, order in _DATE_FORMATS if order in (None, dayfirst)
            for t in ("%H:%M:%S", "%H:%M", "%I:%M %p")]
        best: pd.Series | None = None
        for f in formats:
            parsed = pd.to_datetime(sub, format=f, errors="coerce")
            if best is None or parsed.notna().sum() > best.notna().sum():
                best = parsed
            if best.notna().all():
                break
        assert best is not None
        bad = best.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(naive)[np.flatnonzero(bad)[0]])
            raise _fail(file, lines, i, column, f"{s.iloc[i]!r} is not a timestamp",
                        "write timestamps like 2025-01-31 14:30 or 2025-01-31T14:30:00+01:00")
        out[naive] = _localize(best, timezone, file, column, lines,
                               positions=np.flatnonzero(naive))
    return out


def _localize(naive: pd.Series, timezone: str, file: str, column: str,
              lines: np.ndarray | None, positions: np.ndarray | None = None) -> pd.Series:
    zone = ZoneInfo(timezone)
    local = naive.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    lost = (local.isna() & naive.notna()).to_numpy()
    if lost.any():
        j = int(np.flatnonzero(lost)[0])
        i = int(positions[j]) if positions is not None else j
        raise _fail(file, lines, i, column,
                    f"{naive.iloc[j]} does not exist or is ambiguous in {timezone} "
                    "(a daylight saving change)",
                    "write this timestamp with its UTC offset, e.g. +01:00")
    return local.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
