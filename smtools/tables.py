"""Canonical tables: the tidy shapes every export is mapped to.

Each table is described once (:data:`TABLES`); the pandera schema that
validates it, the DuckDB DDL that stores it and the empty frame that stands for
"no data" are all derived from that description.

Rules enforced here (from the design): reach is never summed across rows, so
it is stored per row and never derived; counts and money are never negative;
clicks never exceed impressions; timestamps are tz-aware (stored in UTC);
money always carries an ISO 4217 currency code and one file never mixes two.

Examples
--------
>>> import pandas as pd
>>> from smtools.tables import TABLES, validate
>>> TABLES["performance"].key
('client', 'date', 'channel', 'campaign', 'ad_group', 'creative')
>>> frame = validate("outcomes", pd.DataFrame({
...     "client": ["acme"], "date": pd.to_datetime(["2025-01-06"]),
...     "kpi": ["orders"], "region": [None], "value": [12.0], "currency": [None]}))
>>> len(frame)
1
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from smtools.errors import DataError

if TYPE_CHECKING:
    # pandera loads when a table is first validated (a write); pandas and numpy when a
    # frame is made or checked: the command line and the runner read the tables'
    # definitions (to count a client's rows) without loading either
    import pandas as pd
    import pandera.pandas as pa

__all__ = ["Column", "Table", "TABLES", "validate", "empty", "ddl", "LINE"]

Kind = Literal["str", "date", "timestamp", "float"]

#: Name of the helper column that carries each row's line number in its source file.
LINE = "_line"

_DTYPES: dict[str, str] = {
    "str": "str",
    "date": "datetime64[us]",
    "timestamp": "datetime64[us, UTC]",
    "float": "float64",
}
_SQL: dict[str, str] = {
    "str": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMPTZ",
    "float": "DOUBLE",
}


@dataclass(frozen=True)
class Column:
    """One column of a canonical table.

    Parameters
    ----------
    name : str
        snake_case column name.
    kind : {"str", "date", "timestamp", "float"}
        Storage kind. ``date`` is a naive calendar day, ``timestamp`` a
        tz-aware instant stored in UTC, ``float`` a count or an amount
        (``NaN`` when the source does not report it).
    required : bool
        Whether an export must provide the column (otherwise it is added empty).
    nullable : bool
        Whether a row may leave it empty.
    doc : str
        What the column holds, for the data dictionary.
    nonnegative : bool
        Counts and money: reject values below zero.
    """

    name: str
    kind: Kind
    required: bool = False
    nullable: bool = True
    doc: str = ""
    nonnegative: bool = False

    @property
    def dtype(self) -> str:
        """pandas dtype of the column."""
        return _DTYPES[self.kind]


@dataclass(frozen=True)
class Table:
    """A canonical table: its columns, natural key and row-level rules."""

    name: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    #: (description, function frame -> boolean Series of *bad* rows, columns to blame, hint)
    rules: tuple[tuple[str, Callable[[pd.DataFrame], pd.Series], str, str], ...] = field(
        default=()
    )

    @property
    def names(self) -> list[str]:
        """Column names in canonical order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def measures(self) -> list[str]:
        """Numeric columns."""
        return [c.name for c in self.columns if c.kind == "float"]


def _s(name: str, doc: str, *, required: bool = False, nullable: bool = True) -> Column:
    return Column(name, "str", required=required, nullable=nullable, doc=doc)


def _n(name: str, doc: str, *, required: bool = False, nullable: bool = True,
       nonnegative: bool = True) -> Column:
    return Column(name, "float", required=required, nullable=nullable, doc=doc,
                  nonnegative=nonnegative)


_CLIENT = Column("client", "str", required=True, nullable=False,
                 doc="client slug ([a-z0-9-]+)")
_CURRENCY = _s("currency", "ISO 4217 code of every money column in the row (EUR, USD…)")


def _gt(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Rows where column ``a`` exceeds column ``b`` (both reported)."""
    return lambda f: (f[a] > f[b]).fillna(False).astype(bool)


def _money_without_currency(*money: str) -> Callable[[pd.DataFrame], pd.Series]:
    def bad(f: pd.DataFrame) -> pd.Series:
        import numpy as np
        import pandas as pd

        has_money = np.zeros(len(f), dtype=bool)
        for m in money:
            has_money |= f[m].notna().to_numpy()
        return pd.Series(has_money & f["currency"].isna().to_numpy(), index=f.index)
    return bad


def _bad_currency_code(f: pd.DataFrame) -> pd.Series:
    code = f["currency"]
    return (code.notna() & ~code.str.fullmatch(r"[A-Z]{3}").fillna(False)).astype(bool)


_AGE_BANDS: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AUDIENCE_AGES = [f"audience_age_{b.replace('-', '_').replace('+', '_plus')}" for b in _AGE_BANDS]


def _share_above_one(f: pd.DataFrame) -> pd.Series:
    cols = ["audience_female", *_AUDIENCE_AGES, "audience_country_share"]
    return (f[cols] > 1).any(axis=1).astype(bool)


def _age_shares_off(f: pd.DataFrame) -> pd.Series:
    ages = f[_AUDIENCE_AGES]
    some = ages.notna().any(axis=1)
    total = ages.sum(axis=1, min_count=1)
    return (some & (ages.isna().any(axis=1) | ((total - 1).abs() > 0.02))).astype(bool)


_CURRENCY_RULE = (
    "is not a 3-letter ISO 4217 currency code", _bad_currency_code, "currency",
    "use codes such as EUR, USD or GBP",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            name="performance",
            grain="date × channel × campaign × ad group × creative",
            columns=(
                _CLIENT,
                Column("date", "date", required=True, nullable=False, doc="calendar day"),
                _s("channel", "network: facebook, instagram, google_search, linkedin, tiktok…",
                   required=True, nullable=False),
                _s("campaign", "campaign name", required=True, nullable=False),
                _s("ad_group", "ad set / ad group name"),
                _s("creative", "ad or creative name"),
                _s("format", "image, video, carousel, text, search…"),
                _s("objective", "awareness, traffic, engagement, leads, sales…"),
                _s("media_type", "paid, owned or earned"),
                _n("impressions", "times an ad was shown"),
                _n("reach", "distinct people reached in that row (not additive)"),
                _n("clicks", "clicks (link clicks where the network distinguishes)"),
                _n("engagements", "reactions + comments + shares + saves + clicks as reported"),
                _n("video_views", "video views as the network counts them"),
                _n("spend", "amount spent, in `currency`"),
                _n("conversions", "conversions the platform attributes to the row"),
                _n("revenue", "conversion value the platform attributes, in `currency`"),
                _CURRENCY,
            ),
            key=("client", "date", "channel", "campaign", "ad_group", "creative"),
            rules=(
                ("clicks exceed impressions", _gt("clicks", "impressions"), "clicks",
                 "check the column mapping: clicks can never exceed impressions"),
                ("reach exceeds impressions", _gt("reach", "impressions"), "reach",
                 "check the column mapping: reach can never exceed impressions"),
                ("spend or revenue without a currency",
                 _money_without_currency("spend", "revenue"), "currency",
                 "add a currency column or pass the currency of the account"),
                _CURRENCY_RULE,
                ("media_type must be paid, owned or earned",
                 lambda f: (f["media_type"].notna()
                            & ~f["media_type"].isin(["paid", "owned", "earned"])).astype(bool),
                 "media_type", "use paid, owned or earned"),
            ),
        ),
        Table(
            name="posts",
            grain="one organic post",
            columns=(
                _CLIENT,
                _s("post_id", "the network's post id", required=True, nullable=False),
                _s("channel", "network", required=True, nullable=False),
                Column("published_at", "timestamp", required=True, nullable=False,
                       doc="publication instant, tz-aware (stored in UTC)"),
                _s("format", "image, video, reel, carousel, text, story…"),
                _s("pillar", "content pillar / theme"),
                _s("text", "post text (escaped wherever it is shown)"),
                _n("impressions", "impressions"),
                _n("reach", "distinct accounts reached (not additive)"),
                _n("likes", "likes / reactions"),
                _n("comments", "comments"),
                _n("shares", "shares / reposts"),
                _n("saves", "saves / bookmarks"),
                _n("clicks", "link clicks"),
                _n("video_views", "video views"),
                _n("followers", "account followers when the post was published"),
            ),
            key=("client", "channel", "post_id"),
            rules=(
                ("reach exceeds impressions", _gt("reach", "impressions"), "reach",
                 "check the column mapping: reach can never exceed impressions"),
            ),
        ),
        Table(
            name="audience",
            grain="source × channel × age band × gender × region",
            columns=(
                _CLIENT,
                _s("source", "followers (the client's insights) or reference (platform users)",
                   required=True, nullable=False),
                _s("channel", "network", required=True, nullable=False),
                _s("age_band", "13-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65+", required=True,
                   nullable=False),
                _s("gender", "female, male or unknown", required=True, nullable=False),
                _s("region", "ISO country code or region name", required=True, nullable=False),
                _n("users", "people in the segment"),
                _n("share", "share of the channel's audience in the segment (0…1)"),
            ),
            key=("client", "source", "channel", "age_band", "gender", "region"),
            rules=(
                ("share above 1", lambda f: (f["share"] > 1).fillna(False).astype(bool),
                 "share", "give shares as fractions between 0 and 1, not percentages"),
                ("neither users nor share given",
                 lambda f: (f["users"].isna() & f["share"].isna()).astype(bool), "users",
                 "fill users or share"),
            ),
        ),
        Table(
            name="journeys",
            grain="one touchpoint or conversion of one (pseudonymous) user",
            columns=(
                _CLIENT,
                _s("user_key", "pseudonymous user id", required=True, nullable=False),
                Column("ts", "timestamp", required=True, nullable=False,
                       doc="instant of the event, tz-aware"),
                _s("channel", "channel of the touch (empty for a conversion)"),
                _s("campaign", "campaign of the touch"),
                _s("event", "touch or conversion", required=True, nullable=False),
                _n("value", "conversion value, in `currency`"),
                _CURRENCY,
            ),
            key=("client", "user_key", "ts", "channel", "event"),
            rules=(
                ("event must be touch or conversion",
                 lambda f: (~f["event"].isin(["touch", "conversion"])).astype(bool), "event",
                 "use touch or conversion"),
                ("a touch without a channel",
                 lambda f: ((f["event"] == "touch") & f["channel"].isna()).astype(bool),
                 "channel", "every touch needs the channel it came from"),
                ("value without a currency", _money_without_currency("value"), "currency",
                 "add the currency of the conversion value"),
                _CURRENCY_RULE,
            ),
        ),
        Table(
            name="mentions",
            grain="one mention of the brand",
            columns=(
                _CLIENT,
                _s("mention_id", "id of the mention", required=True, nullable=False),
                Column("ts", "timestamp", required=True, nullable=False,
                       doc="instant of the mention, tz-aware"),
                _s("channel", "where it was published", required=True, nullable=False),
                _s("author_key", "pseudonymous author"),
                _s("text", "text of the mention"),
                _s("brand", "brand mentioned (the client's or a competitor's)"),
                _n("reach", "potential reach of the mention"),
                _n("sentiment", "from -1 (negative) to 1 (positive)", nonnegative=False),
            ),
            key=("client", "channel", "mention_id"),
            rules=(
                ("sentiment outside -1…1",
                 lambda f: ((f["sentiment"] < -1) | (f["sentiment"] > 1)).fillna(False)
                 .astype(bool), "sentiment", "scale sentiment to the range -1…1"),
            ),
        ),
        Table(
            name="outcomes",
            grain="date × KPI × region",
            columns=(
                _CLIENT,
                Column("date", "date", required=True, nullable=False, doc="calendar day"),
                _s("kpi", "revenue, orders, leads, sign_ups…", required=True, nullable=False),
                _s("region", "region, or empty for the whole business"),
                _n("value", "the business result", required=True, nullable=False,
                   nonnegative=False),
                _CURRENCY,
            ),
            key=("client", "date", "kpi", "region"),
            rules=(
                ("revenue without a currency",
                 lambda f: ((f["kpi"] == "revenue") & f["currency"].isna()).astype(bool),
                 "currency", "give the currency of the revenue"),
                _CURRENCY_RULE,
            ),
        ),
        Table(
            name="sessions",
            grain="date × source / medium × campaign (web analytics)",
            columns=(
                _CLIENT,
                Column("date", "date", required=True, nullable=False, doc="calendar day"),
                _s("source", "session source (facebook, google…)", required=True,
                   nullable=False),
                _s("medium", "session medium (cpc, paid_social, organic…)", required=True,
                   nullable=False),
                _s("campaign", "session campaign (utm_campaign)"),
                _s("channel", "network the source / medium maps to"),
                _n("sessions", "sessions"),
                _n("engaged_sessions", "engaged sessions"),
                _n("conversions", "key events / conversions"),
                _n("revenue", "revenue, in `currency`"),
                _CURRENCY,
            ),
            key=("client", "date", "source", "medium", "campaign"),
            rules=(
                ("engaged sessions exceed sessions", _gt("engaged_sessions", "sessions"),
                 "engaged_sessions", "check the column mapping"),
                ("revenue without a currency", _money_without_currency("revenue"),
                 "currency", "give the currency of the property"),
                _CURRENCY_RULE,
            ),
        ),
        Table(
            name="influencers",
            grain="one candidate influencer × network",
            columns=(
                _CLIENT,
                _s("handle", "the creator's handle on the network (without @)", required=True,
                   nullable=False),
                _s("network", "network of the account: instagram, tiktok, youtube…",
                   required=True, nullable=False),
                _s("name", "display name"),
                _s("category", "content category (food, fashion, finance…)"),
                _s("country", "ISO code of the market that audience_country_share refers to"),
                _n("followers", "followers when the candidate was assessed", required=True,
                   nullable=False),
                _n("price_per_post", "price of one sponsored post, in `currency`"),
                _CURRENCY,
                _n("audience_female", "share of the audience that is female (0…1), empty when "
                   "unknown"),
                *(_n(f"audience_age_{band.replace('-', '_').replace('+', '_plus')}",
                     f"share of the audience aged {band} (0…1), empty when unknown")
                  for band in _AGE_BANDS),
                _n("audience_country_share", "share of the audience living in `country` (0…1)"),
                _n("mentions", "mentions of the creator found in the listening window"),
                _n("negative_mentions", "of which classified as negative"),
            ),
            key=("client", "network", "handle"),
            rules=(
                ("audience share above 1", _share_above_one, "audience_female",
                 "give audience shares as fractions between 0 and 1, not percentages"),
                ("audience age shares do not add up to 1", _age_shares_off,
                 "audience_age_18_24", "give every age band's share (they sum to 1) or none"),
                ("negative mentions exceed mentions", _gt("negative_mentions", "mentions"),
                 "negative_mentions", "negative mentions are a subset of mentions"),
                ("price without a currency", _money_without_currency("price_per_post"),
                 "currency", "add the currency of the price"),
                _CURRENCY_RULE,
            ),
        ),
        Table(
            name="influencer_posts",
            grain="one recent post of a candidate influencer",
            columns=(
                _CLIENT,
                _s("handle", "the creator's handle", required=True, nullable=False),
                _s("network", "network of the post", required=True, nullable=False),
                _s("post_id", "the network's post id", required=True, nullable=False),
                Column("published_at", "timestamp", required=True, nullable=False,
                       doc="publication instant, tz-aware (stored in UTC)"),
                _s("format", "image, video, reel, carousel, short, text…"),
                _n("followers", "the account's followers when the post was published "
                   "(its follower history)", required=True, nullable=False),
                _n("likes", "likes / reactions", required=True, nullable=False),
                _n("comments", "comments", required=True, nullable=False),
                _n("shares", "shares / reposts"),
                _n("saves", "saves / bookmarks"),
                _n("views", "video views (public on TikTok and YouTube)"),
            ),
            key=("client", "network", "handle", "post_id"),
        ),
    )
}


def _schema(table: Table) -> pa.DataFrameSchema:
    import numpy as np
    import pandera.pandas as pa

    cols = {}
    for c in table.columns:
        checks = [pa.Check.ge(0)] if c.nonnegative else []
        if c.kind == "float":
            checks.append(pa.Check(lambda s: ~np.isinf(s), element_wise=False,
                                   error="infinite value"))
        if c.name == "client":
            checks.append(pa.Check.str_matches(r"^[a-z0-9-]+$"))
        cols[c.name] = pa.Column(c.dtype, checks=checks, nullable=c.nullable, coerce=True)
    return pa.DataFrameSchema(cols, strict=False, name=table.name)


_SCHEMAS: dict[str, pa.DataFrameSchema] = {}


def schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of the canonical table ``name``.

    Examples
    --------
    >>> schema("posts").name
    'posts'
    """
    if name not in _SCHEMAS:
        _SCHEMAS[name] = _schema(_table(name))
    return _SCHEMAS[name]


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise DataError(
            f"unknown table '{name}'", hint=f"use one of {', '.join(TABLES)}"
        ) from None


def empty(name: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of table ``name``.

    Examples
    --------
    >>> list(empty("outcomes").columns)
    ['client', 'date', 'kpi', 'region', 'value', 'currency']
    """
    import pandas as pd

    t = _table(name)
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in t.columns})


def ddl(name: str, *, sql_name: str | None = None) -> str:
    """``CREATE TABLE`` statement of table ``name`` for DuckDB.

    Examples
    --------
    >>> ddl("outcomes").splitlines()[0]
    'CREATE TABLE IF NOT EXISTS outcomes ('
    """
    t = _table(name)
    cols = ",\n".join(
        f"  {c.name} {_SQL[c.kind]}{'' if c.nullable else ' NOT NULL'}" for c in t.columns
    )
    return f"CREATE TABLE IF NOT EXISTS {sql_name or t.name} (\n{cols}\n)"


def _line_of(frame: pd.DataFrame, index: object) -> int | None:
    if LINE in frame.columns:
        try:
            return int(frame.at[index, LINE])
        except (KeyError, ValueError, TypeError):
            return None
    return None


class _Positions:
    """1-based position of an index label, looked up only when an error needs it."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index

    def get(self, label: object) -> int | None:
        try:
            loc = self.index.get_loc(label)
        except KeyError:
            return None
        return int(loc) + 1 if isinstance(loc, numbers.Integral) else None


def _first_bad(frame: pd.DataFrame, bad: pd.Series) -> object:
    return bad.index[bad.to_numpy().nonzero()[0][0]]


def _describe_value(value: object) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "an empty value"
    return f"value {value!r}"


def validate(
    name: str,
    frame: pd.DataFrame,
    *,
    file: str | None = None,
    source_columns: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Check ``frame`` against canonical table ``name`` and return it typed.

    Missing optional columns are added empty; columns outside the table are
    dropped; the helper column ``_line`` (source line numbers), when present,
    is used to locate errors and removed from the result.

    Parameters
    ----------
    name : str
        Canonical table name (see :data:`TABLES`).
    frame : DataFrame
        Rows to check.
    file : str, optional
        Source file, named in error messages.
    source_columns : dict, optional
        Canonical column → column name in the source file, so that errors
        name the column the user can see.

    Returns
    -------
    DataFrame
        The rows in canonical column order and dtypes.

    Raises
    ------
    DataError
        At the first problem, with file, row and column.

    Examples
    --------
    >>> import pandas as pd
    >>> bad = pd.DataFrame({"client": ["acme"], "date": pd.to_datetime(["2025-01-01"]),
    ...                     "kpi": ["revenue"], "value": [10.0]})
    >>> validate("outcomes", bad)
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: row 1, column 'currency': revenue without a currency. Fix: ...
    """
    import numpy as np
    import pandas as pd

    t = _table(name)
    src = source_columns or {}

    def where(col: str) -> str:
        return src.get(col, col)

    missing = [c.name for c in t.columns if c.required and c.name not in frame.columns]
    if missing:
        raise DataError(
            f"the {name} table needs column(s) {', '.join(missing)} and the data has none",
            file=file,
            column=where(missing[0]),
            hint="add the column or map it from the export",
        )
    out = frame.copy()
    for c in t.columns:
        if c.name not in out.columns:
            out[c.name] = pd.Series(np.nan if c.kind == "float" else None, index=out.index,
                                    dtype=c.dtype)
    for c in t.columns:
        if c.kind == "timestamp" and c.name in out.columns:
            col = out[c.name]
            if isinstance(col.dtype, pd.DatetimeTZDtype):
                out[c.name] = col.dt.tz_convert("UTC")
            elif pd.api.types.is_datetime64_any_dtype(col.dtype):
                raise DataError(
                    f"timestamps in '{c.name}' have no time zone",
                    file=file, column=where(c.name),
                    hint="give the UTC offset in the data or the client's timezone on ingest",
                )
    import pandera.pandas as pa

    rowpos = _Positions(out.index)
    try:
        typed = schema(name).validate(out, lazy=False)
    except pa.errors.SchemaError as err:
        col = getattr(err.schema, "name", None)
        fc = err.failure_cases
        row = None
        value = None
        if isinstance(fc, pd.DataFrame) and len(fc) and "index" in fc.columns:
            idx = fc["index"].iloc[0]
            row = _line_of(out, idx) or rowpos.get(idx)
            value = fc["failure_case"].iloc[0]
        elif isinstance(fc, pd.DataFrame) and len(fc):
            value = fc["failure_case"].iloc[0]
        msg = _explain(err, value, col)
        raise DataError(msg, file=file, row=row, column=where(col) if col else None,
                        hint=_hint(err, col)) from None
    for desc, bad_rows, col, hint in t.rules:
        bad = bad_rows(typed)
        if bad.any():
            idx = _first_bad(typed, bad)
            n = int(bad.sum())
            more = f" ({n - 1} more row(s) like it)" if n > 1 else ""
            raise DataError(
                f"{desc}{more}",
                file=file,
                row=_line_of(out, idx) or rowpos.get(idx),
                column=where(col),
                hint=hint,
            )
    if "currency" in typed.columns and name != "audience":
        codes = typed["currency"].dropna().unique()
        if len(codes) > 1:
            first = typed["currency"].dropna().iloc[0]
            idx = typed.index[(typed["currency"].notna() & (typed["currency"] != first))
                              .to_numpy()][0]
            raise DataError(
                f"the data mixes currencies ({', '.join(sorted(map(str, codes)))}); "
                "amounts in different currencies are never added together",
                file=file, row=_line_of(out, idx) or rowpos.get(idx),
                column=where("currency"),
                hint="export each ad account separately, or convert to one currency first",
            )
    _check_unique_key(t, typed, out, file=file, where=where, rowpos=rowpos)
    return typed[t.names].reset_index(drop=True)


def _check_unique_key(t: Table, typed: pd.DataFrame, raw: pd.DataFrame, *, file: str | None,
                      where: Callable[[str], str], rowpos: _Positions) -> None:
    dup = typed.duplicated(subset=list(t.key), keep=False)
    if not dup.any():
        return
    rows = typed.index[dup.to_numpy()]
    first = rows[0]
    same = typed.loc[rows]
    key_vals = tuple(typed.loc[first, list(t.key)])
    twin = next(
        r for r in same.index
        if r != first and tuple(same.loc[r, list(t.key)]) == key_vals
    )
    a = _line_of(raw, first) or rowpos.get(first)
    b = _line_of(raw, twin) or rowpos.get(twin)
    keys = ", ".join(where(k) for k in t.key if k != "client")
    raise DataError(
        f"rows {a} and {b} describe the same {t.grain} ({keys}); adding both would "
        "count it twice",
        file=file, row=b,
        hint="remove the duplicate row, or export with a breakdown that tells them apart",
    )


def _explain(err: pa.errors.SchemaError, value: object, col: str | None) -> str:
    check = str(getattr(err, "check", "") or "")
    reason = getattr(err, "reason_code", None)
    rc = str(reason.name if hasattr(reason, "name") else reason or "")
    if "greater_than_or_equal_to" in check:
        return f"negative {col or 'value'} ({value})"
    if "str_matches" in check:
        return f"{_describe_value(value)} is not a valid client slug"
    if "infinite" in check:
        return "infinite value"
    if "SERIES_CONTAINS_NULLS" in rc or "null" in str(err).lower():
        return "a required value is empty"
    if "DATATYPE_COERCION" in rc or "coerce" in str(err).lower():
        return f"{_describe_value(value)} cannot be read as the expected type"
    return str(err).splitlines()[0]


def _hint(err: pa.errors.SchemaError, col: str | None) -> str:
    check = str(getattr(err, "check", "") or "")
    if "greater_than_or_equal_to" in check:
        return "counts and amounts are never negative: correct the value or remove the row"
    if "str_matches" in check:
        return "use lowercase letters, digits and dashes only, e.g. acme-bakery"
    return "correct the value in the file and ingest it again"


def columns_doc(names: Iterable[str] | None = None) -> str:
    """A Markdown data dictionary of the canonical tables.

    Examples
    --------
    >>> "| performance |" in columns_doc(["performance"])
    True
    """
    lines = ["| table | column | kind | meaning |", "|---|---|---|---|"]
    for name in names or TABLES:
        t = TABLES[name]
        for c in t.columns:
            lines.append(f"| {t.name} | {c.name} | {c.kind} | {c.doc} |")
    return "\n".join(lines)
