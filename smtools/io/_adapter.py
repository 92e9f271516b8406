"""The declarative machinery behind every export format.

An adapter (one per format, in ``meta.py``, ``google_ads.py``…) is mostly a
list of :class:`Field`: a key, the header names it goes by in each language,
and its kind (text, number, date, rate). This module matches a header line
against those names, reads the rows through :mod:`smtools.io._text`, hands the
adapter typed columns (:class:`Rows`) to compute the canonical ones, and
validates the result with :func:`smtools.tables.validate`.

Examples
--------
>>> f = Field("spend", ("Amount spent",), money=True, fr=("Montant dépensé",))
>>> sorted(f.names())
[('en', 'amount spent'), ('fr', 'montant depense')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smtools import tables
from smtools.errors import DataError
from smtools.io import _text
from smtools.io._text import Grid, Text

__all__ = ["Adapter", "Field", "Match", "Options", "Rows", "combine", "describe_lines",
           "map_values", "objective"]

Kind = Literal["text", "number", "date", "rate"]
#: One signature entry: a field key, or alternatives of which one is enough.
Need = str | tuple[str, ...]


@dataclass(frozen=True)
class Field:
    """One column an export may have.

    Parameters
    ----------
    key : str
        Name the adapter uses for it (a canonical column or a helper such as ``end``).
    en : tuple of str
        Header names in English exports (the first one is shown in messages).
    kind : {"text", "number", "date", "rate"}
        How values are read; ``rate`` accepts percentages as fractions.
    money : bool
        The header may carry the currency, ``Amount spent (USD)``.
    fr, es : tuple of str
        Header names in French and Spanish exports.
    read : bool
        ``False`` for columns that only help recognise the format (CPM, CTR…):
        they are matched but never parsed.
    """

    key: str
    en: tuple[str, ...]
    kind: Kind = "number"
    money: bool = False
    fr: tuple[str, ...] = ()
    es: tuple[str, ...] = ()
    read: bool = True

    def names(self) -> Iterator[tuple[str, str]]:
        """``(language, normalised header)`` pairs."""
        for lang, names in (("en", self.en), ("fr", self.fr), ("es", self.es)):
            for n in names:
                yield lang, _text.norm(n)

    def display(self, lang: str = "en") -> str:
        """The header to show a person (in the export's language)."""
        name = {"fr": self.fr, "es": self.es}.get(lang) or self.en
        return name[0] + (" (…)" if self.money else "")


@dataclass(frozen=True)
class Options:
    """What the caller said about the file."""

    client: str
    timezone: str | None = None
    currency: str | None = None
    mapping: Any = None
    mapping_file: str | None = None


@dataclass
class Match:
    """How well one header line fits one format."""

    adapter: Any
    line: int
    delimiter: str
    cells: list[str]
    index: dict[str, int]
    missing: list[Need]
    lang: str = "en"
    matched: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """All the columns that identify the format are there."""
        return not self.missing

    @property
    def score(self) -> tuple[float, int]:
        """Share of the identifying columns found, then the number of known columns."""
        need = len(self.adapter.signature) or 1
        return ((need - len(self.missing)) / need, self.matched)

    def needs(self) -> list[str]:
        """Headers (as a person would look for them) of the missing identifying columns."""
        return [self.adapter.display(k if isinstance(k, str) else k[0], self.lang)
                for k in self.missing]


def describe_lines(lines: Sequence[int] | np.ndarray, what: str = "row") -> str:
    """``"line 2"``, ``"lines 18, 19 and 20"``, ``"lines 4, 5, 6 … (12 rows)"``.

    Examples
    --------
    >>> describe_lines([18, 19, 20])
    'lines 18, 19 and 20'
    >>> describe_lines([2])
    'line 2'
    """
    ls = [int(x) for x in lines]
    if len(ls) == 1:
        return f"line {ls[0]}"
    if len(ls) <= 5:
        return f"lines {', '.join(map(str, ls[:-1]))} and {ls[-1]}"
    return f"lines {', '.join(map(str, ls[:3]))} … ({len(ls)} {what}s)"


class Rows:
    """The rows of one export with typed access by field key.

    An adapter's ``build`` reads columns with :meth:`text`, :meth:`number`
    and :meth:`date` (errors name the file, the line and the column as
    written in the file) and writes canonical columns with :meth:`put`.
    """

    def __init__(self, grid: Grid, match: Match, adapter: Adapter, notes: list[str],
                 *, dayfirst: bool | None, decimal_hint: str | None) -> None:
        self.grid = grid
        self.match = match
        self.adapter = adapter
        self.notes = notes
        self.dayfirst = dayfirst
        self.decimal_hint = decimal_hint
        self._decimal: str | None = None
        self._cache: dict[tuple[str, str], Any] = {}
        self.out: dict[str, Any] = {}
        self.source: dict[str, str] = {}

    # ------------------------------------------------------------------ access
    @property
    def file(self) -> str:
        """The file, for messages."""
        return self.grid.file

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.grid)

    @property
    def lines(self) -> np.ndarray:
        """Line number of every row."""
        return self.grid.lines

    def has(self, key: str) -> bool:
        """Whether the export has the column of field ``key``."""
        return key in self.match.index

    def col(self, key: str) -> str:
        """The column of field ``key`` as named in the file."""
        return self.grid.header[self.match.index[key]]

    def raw(self, key: str) -> pa.ChunkedArray:
        """Values of field ``key`` as read (strings for text files)."""
        return self.grid.columns[self.match.index[key]]

    def text(self, key: str) -> pd.Series:
        """Trimmed text, missing markers (``--``, empty…) as missing."""
        return self._cached("text", key, lambda: _text.text_values(self.raw(key)))

    @property
    def decimal(self) -> str:
        """Decimal separator of the file (inferred once from every numeric column)."""
        if self._decimal is None:
            numeric = [self.raw(f.key) for f in self.adapter.fields
                       if f.kind in ("number", "rate") and f.read and self.has(f.key)]
            self._decimal = _text.infer_decimal(numeric, self.decimal_hint)[0]
            if self._decimal == ",":
                self.notes.append("numbers use a decimal comma (1.234,56)")
        return self._decimal

    def number(self, key: str) -> np.ndarray:
        """Counts and amounts as float64 (NaN where the export has no value)."""
        kind = self.adapter.field(key).kind
        return self._cached("number", key, lambda: _text.parse_numbers(
            self.raw(key), file=self.file, column=self.col(key), lines=self.lines,
            decimal=self.decimal, percent="fraction" if kind == "rate" else "reject"))

    def date(self, key: str, fmt: str | None = None) -> np.ndarray:
        """Calendar days as datetime64 (NaT where the export has no value)."""
        return self._cached("date", key, lambda: _text.parse_dates(
            self.raw(key), file=self.file, column=self.col(key), lines=self.lines,
            dayfirst=self.dayfirst, fmt=fmt))

    def first(self, *keys: str) -> tuple[np.ndarray | None, str | None]:
        """Numbers of the first of ``keys`` the export has, with its key."""
        for k in keys:
            if self.has(k):
                return self.number(k), k
        return None, None

    def matches(self, key: str, pattern: str) -> np.ndarray:
        """Rows whose text in ``key`` matches a regular expression (case-insensitive).

        The expression runs on the distinct values only (exports repeat them).
        """
        if not self.has(key):
            return np.zeros(self.n, dtype=bool)
        codes, uniques = self._cached("codes", key, lambda: pd.factorize(self.text(key)))
        hit = np.array([re.search(pattern, u, flags=re.IGNORECASE) is not None
                        for u in uniques] + [False], dtype=bool)
        return hit[codes]

    def _cached(self, kind: str, key: str, make: Callable[[], Any]) -> Any:
        if (kind, key) not in self._cache:
            self._cache[(kind, key)] = make()
        return self._cache[(kind, key)]

    # ------------------------------------------------------------------ changes
    def drop(self, mask: np.ndarray, what: str) -> None:
        """Drop the rows where ``mask`` is True and say so in the notes.

        ``what`` is the singular description, e.g. ``"totals row"``.
        """
        if not mask.any():
            return
        lines = self.lines[mask]
        n = len(lines)
        label = f"the {what}" if n == 1 else f"{n} {what}s"
        self.notes.append(f"dropped {label} ({describe_lines(lines)})")
        self.grid = self.grid.filter(~mask)
        self._cache.clear()

    def put(self, canonical: str, values: Any, key: str | None = None) -> None:
        """Set canonical column ``canonical``; ``key`` names the field it came from."""
        self.out[canonical] = values
        if key is not None and self.has(key):
            self.source[canonical] = self.col(key)

    def put_text(self, canonical: str, key: str) -> None:
        """Copy a text field into canonical column ``canonical`` when the export has it."""
        if self.has(key):
            self.put(canonical, self.text(key), key)

    def put_number(self, canonical: str, *keys: str) -> None:
        """Copy the first present numeric field of ``keys`` into ``canonical``."""
        values, key = self.first(*keys)
        if values is not None:
            self.put(canonical, values, key)

    def sum_of(self, *keys: str) -> tuple[np.ndarray | None, str | None]:
        """Row sums of the numeric fields present (NaN only where all are missing)."""
        present = [k for k in keys if self.has(k)]
        if not present:
            return None, None
        stack = np.vstack([self.number(k) for k in present])
        total = np.nansum(stack, axis=0)
        total[np.isnan(stack).all(axis=0)] = np.nan
        return total, present[0]

    def put_currency(self, opts: Options, key: str = "currency") -> None:
        """The currency: from a column, the headers' ``(USD)``, or ``--currency``.

        Two sources that disagree are an error; nothing is overridden silently.
        """
        header_code = self.match.extra.get("currency")
        money = [f.key for f in self.adapter.fields if f.money and f.read and self.has(f.key)]
        if self.has(key):
            codes = self.text(key).str.upper().str.strip()
            for given, where in ((header_code, "the column headers"), (opts.currency,
                                                                        "--currency")):
                if given:
                    clash = (codes.notna() & (codes != given)).to_numpy()
                    if clash.any():
                        i = int(np.flatnonzero(clash)[0])
                        raise DataError(
                            f"the row says {codes.iloc[i]} but {where} say(s) {given}",
                            file=self.file, row=int(self.lines[i]), column=self.col(key),
                            hint="export one currency per file" if where != "--currency"
                            else "leave out --currency: the file states its currency")
            fill = header_code or opts.currency
            if fill:
                codes = codes.fillna(fill)
            self.put("currency", codes, key)
            return
        if header_code:
            if opts.currency and opts.currency != header_code:
                col = self.col(money[0]) if money else None
                raise DataError(
                    f"the export is in {header_code} but --currency {opts.currency} was given",
                    file=self.file, row=self.grid.header_line, column=col,
                    hint="leave out --currency: the file states its currency")
            self.put("currency", header_code)
            if money:
                self.source["currency"] = self.col(money[0])
            return
        if opts.currency:
            self.put("currency", opts.currency)
            return
        for k in money:
            if not np.isnan(self.number(k)).all():
                raise DataError(
                    "the export does not say which currency its amounts are in",
                    file=self.file, row=self.grid.header_line, column=self.col(k),
                    hint=self.adapter.currency_hint)

    # ------------------------------------------------------------------ result
    def frame(self, client: str) -> pd.DataFrame:
        """The canonical columns set so far, with ``client`` and the ``_line`` helper."""
        n = self.n
        cols: dict[str, Any] = {"client": _const(client, n)}
        for name, values in self.out.items():
            cols[name] = _const(values, n) if isinstance(values, str) else values
        cols[tables.LINE] = self.lines
        frame = pd.DataFrame(cols)
        return frame


def _const(value: str, n: int) -> pd.Series:
    """A column of ``n`` times the same string (cheap: built by pyarrow)."""
    return pa.repeat(pa.scalar(value, pa.string()), n).to_pandas().astype("str")


def map_values(values: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    """Apply ``fn`` to every distinct non-missing value (fast on repeated values).

    Examples
    --------
    >>> map_values(pd.Series(["a", "b", "a", None], dtype="str"), str.upper).tolist()
    ['A', 'B', 'A', nan]
    """
    codes, uniques = pd.factorize(values)
    mapped = pa.array([fn(u) for u in uniques] + [None], pa.string())
    taken = mapped.take(pa.array(np.where(codes < 0, len(uniques), codes)))
    return pd.Series(taken.to_pandas().astype("str").array, index=values.index)


def combine(frame: pd.DataFrame, table: str, what: str, notes: list[str]) -> pd.DataFrame:
    """Add up rows that share the table's key (a breakdown finer than the table's grain).

    Additive measures are summed; reach is not additive, so it stays only where
    one row made the group and is left empty otherwise.
    """
    spec = tables.TABLES[table]
    key = [k for k in spec.key if k in frame.columns]
    dup = frame.duplicated(subset=key, keep=False)
    if not dup.any():
        return frame
    measures = [m for m in spec.measures if m in frame.columns and m != "reach"]
    others = [c for c in frame.columns if c not in key and c not in measures
              and c not in ("reach", tables.LINE)]
    grouped = frame.groupby(key, dropna=False, sort=False)
    agg = grouped[measures].sum(min_count=1)
    size = grouped.size()
    out = agg.join(grouped[[*others, tables.LINE]].agg({**dict.fromkeys(others, "first"),
                                                         tables.LINE: "min"}))
    if "reach" in frame.columns:
        out["reach"] = grouped["reach"].first().where(size == 1)
    out = out.reset_index()
    notes.append(f"added up {len(frame):,} rows broken down by {what} into {len(out):,} rows "
                 "(reach is left empty where rows were added: it is not additive)")
    return out.sort_values(tables.LINE, kind="stable").reset_index(drop=True)


class Adapter:
    """One export format: declarative fields plus the few rules that are its own.

    Subclasses set :attr:`name`, :attr:`title`, :attr:`fields`, :attr:`signature`
    and implement :meth:`build`; :meth:`drop_rows` and :meth:`finish` are optional hooks.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    table: ClassVar[str] = "performance"
    fields: ClassVar[tuple[Field, ...]] = ()
    #: Field keys that identify the format (and that it cannot do without).
    signature: ClassVar[tuple[Need, ...]] = ()
    #: Day/month order of ambiguous dates, by export language.
    dayfirst: ClassVar[dict[str, bool | None]] = {"en": False, "fr": True, "es": True}
    #: Decimal separator to assume when the numbers do not tell, by language.
    decimal_hint: ClassVar[dict[str, str]] = {"fr": ",", "es": ","}
    #: GA4 appends further sections after ``#`` lines: stop there.
    stop_at_comment: ClassVar[bool] = False
    #: How to fix a file whose amounts have no currency.
    currency_hint: ClassVar[str] = ("pass --currency with the ad account's currency, "
                                    "e.g. --currency EUR")
    _lookup: ClassVar[dict[str, list[tuple[str, str, bool]]]]

    # ------------------------------------------------------------------ recognition
    @classmethod
    def field(cls, key: str) -> Field:
        """The field called ``key``."""
        for f in cls.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @classmethod
    def display(cls, key: str, lang: str = "en") -> str:
        """Header of field ``key`` as a person would look for it."""
        return cls.field(key).display(lang)

    @classmethod
    def _names(cls) -> dict[str, list[tuple[str, str, bool]]]:
        if "_lookup" not in cls.__dict__:
            lookup: dict[str, list[tuple[str, str, bool]]] = {}
            for f in cls.fields:
                for lang, n in f.names():
                    lookup.setdefault(n, []).append((f.key, lang, f.money))
            cls._lookup = lookup
        return cls._lookup

    def match(self, cells: list[str], line: int, delimiter: str) -> Match:
        """Match one header line against the fields.

        Examples
        --------
        >>> from smtools.io.google_ads import GoogleAds
        >>> m = GoogleAds().match(["Day", "Campaign", "Impr.", "Cost"], 3, ",")
        >>> m.complete, m.index["impressions"]
        (True, 2)
        """
        lookup = self._names()
        index: dict[str, int] = {}
        langs: dict[str, int] = {}
        currencies: dict[str, str] = {}
        for i, cell in enumerate(cells):
            base, code = _text.split_currency(cell)
            hits = lookup.get(_text.norm(cell), [])
            if code:
                currencies[cell] = code
                hits = hits + [h for h in lookup.get(_text.norm(base), []) if h[2]]
            for key, lang, _money in hits:
                if key not in index:
                    index[key] = i
                langs[lang] = langs.get(lang, 0) + 1
        lang = max(("en", "fr", "es"), key=lambda x: (langs.get(x, 0), x == "en"))
        missing = [need for need in self.signature
                   if not any(k in index for k in ((need,) if isinstance(need, str) else need))]
        m = Match(self, line, delimiter, cells, index, missing, lang, len(index))
        codes = sorted(set(currencies.values()))
        m.extra["currencies"] = currencies
        if len(codes) == 1:
            m.extra["currency"] = codes[0]
        return m

    # ------------------------------------------------------------------ reading
    def read(self, text: Text, match: Match, opts: Options) -> tuple[pd.DataFrame, dict[str, str],
                                                                     list[str]]:
        """Read the rows below ``match``'s header into a canonical frame.

        The frame keeps the ``_line`` helper column; the caller validates it
        with :func:`smtools.tables.validate`. ``text`` is consumed: its bytes
        are released once parsed, to keep the memory of big files low.

        Returns
        -------
        frame, source_columns, notes
        """
        notes = list(text.notes)
        self._check_currencies(text.file, match)
        wanted = [i for key, i in match.index.items() if self.field(key).read]
        above = [ln for ln in text.head(match.line - 1) if ln.strip() and not ln.startswith("#")]
        grid, more = _text.read_grid(text, match.line, match.delimiter,
                                     stop_at_comment=self.stop_at_comment, columns=wanted)
        text.release()
        notes += more
        if above:
            notes.append(f"skipped {len(above)} title line(s) above the header "
                         f"(line {match.line})")
        return self.process(grid, match, opts, notes)

    def process(self, grid: Grid, match: Match, opts: Options, notes: list[str],
                ) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
        """Turn the rows of ``grid`` into the canonical frame (not yet validated)."""
        rows = Rows(grid, match, self, notes, dayfirst=self.dayfirst.get(match.lang),
                    decimal_hint=self.decimal_hint.get(match.lang)
                    or ("," if match.delimiter == ";" else None))
        empty = self._empty_rows(rows)
        if empty.any():
            rows.drop(empty, "empty row")
        self.drop_rows(rows, opts)
        if rows.n == 0:
            raise DataError("the export has no data rows below its header", file=grid.file,
                            row=grid.header_line, hint="check the date range and filters of "
                            "the report, then export it again")
        self.build(rows, opts)
        frame = self.finish(rows.frame(opts.client), rows)
        return frame, rows.source, rows.notes

    @staticmethod
    def _empty_rows(rows: Rows) -> np.ndarray:
        """Rows whose every cell is empty (checked column by column on candidates only)."""
        cand = np.arange(rows.n)
        for col in rows.grid.columns:
            if col is None:
                continue
            if len(cand) == 0:
                break
            sub = col.take(pa.array(cand)) if len(cand) < rows.n else col
            if pa.types.is_string(sub.type):
                blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(sub), ""), True)
            else:
                blank = sub.is_null()
            cand = cand[blank.to_numpy(zero_copy_only=False)]
        empty = np.zeros(rows.n, dtype=bool)
        empty[cand] = True
        return empty

    def _check_currencies(self, file: str, match: Match) -> None:
        currencies: dict[str, str] = match.extra.get("currencies", {})
        codes = list(dict.fromkeys(currencies.values()))
        if len(codes) > 1:
            first = next(h for h, c in currencies.items() if c == codes[0])
            other = next(h for h, c in currencies.items() if c != codes[0])
            raise DataError(
                f"the columns are in two currencies ({codes[0]} in '{first}', "
                f"{currencies[other]} in '{other}')", file=file, row=match.line,
                column=other, hint="export each ad account (currency) separately")

    # ------------------------------------------------------------------ hooks
    def drop_rows(self, rows: Rows, opts: Options) -> None:
        """Drop rows that are not observations (totals…) with a note. Default: none."""

    def build(self, rows: Rows, opts: Options) -> None:
        """Set the canonical columns with :meth:`Rows.put` (implemented by each format)."""
        raise NotImplementedError(f"{type(self).__name__}.build")

    def finish(self, frame: pd.DataFrame, rows: Rows) -> pd.DataFrame:
        """Last changes to the canonical frame before validation. Default: none."""
        return frame

    # ------------------------------------------------------------------ shared rules
    def check_daily(self, rows: Rows, start: str, end: str, *, hint: str) -> None:
        """Reject a row whose reporting period spans several days (the tables are daily)."""
        if not (rows.has(start) and rows.has(end)):
            return
        a, b = rows.date(start), rows.date(end)
        span = ~np.isnat(a) & ~np.isnat(b) & (a != b)
        if span.any():
            i = int(np.flatnonzero(span)[0])
            days = int((b[i] - a[i]) / np.timedelta64(1, "D")) + 1
            raise DataError(
                f"this row covers {days} days ({str(a[i])[:10]} to {str(b[i])[:10]}) but the "
                "performance table is daily", file=rows.file, row=int(rows.lines[i]),
                column=rows.col(end), hint=hint)


_OBJECTIVES: dict[str, str] = {
    # Meta (API names and the names shown in en / fr / es Ads Manager)
    "outcome_awareness": "awareness", "brand_awareness": "awareness", "awareness": "awareness",
    "notoriete": "awareness", "reconocimiento": "awareness", "reach": "reach",
    "couverture": "reach", "alcance": "reach", "outcome_traffic": "traffic",
    "link_clicks": "traffic", "traffic": "traffic", "trafic": "traffic", "trafico": "traffic",
    "outcome_engagement": "engagement", "post_engagement": "engagement",
    "page_likes": "engagement", "engagement": "engagement", "interactions": "engagement",
    "interaccion": "engagement", "interacciones": "engagement", "video_views": "video_views",
    "vues_de_videos": "video_views", "reproducciones_de_video": "video_views",
    "outcome_leads": "leads", "lead_generation": "leads", "leads": "leads",
    "prospects": "leads", "clientes_potenciales": "leads", "outcome_sales": "sales",
    "conversions": "sales", "product_catalog_sales": "sales", "sales": "sales",
    "ventes": "sales", "ventas": "sales", "outcome_app_promotion": "app_installs",
    "app_installs": "app_installs", "app_promotion": "app_installs",
    "promotion_de_l_application": "app_installs", "promocion_de_la_app": "app_installs",
    # LinkedIn and TikTok
    "brand_awareness_linkedin": "awareness", "website_visits": "traffic",
    "website_conversions": "sales", "job_applicants": "leads", "talent_leads": "leads",
    "community_interaction": "engagement", "product_sales": "sales",
    "app_promotion_tiktok": "app_installs",
}


def objective(value: str) -> str:
    """Canonical campaign objective of an export's objective label.

    Examples
    --------
    >>> objective("OUTCOME_SALES"), objective("Trafic"), objective("Website visits")
    ('sales', 'traffic', 'traffic')
    """
    key = re.sub(r"[^a-z0-9]+", "_", _text.norm(value)).strip("_")
    return _OBJECTIVES.get(key, key)
