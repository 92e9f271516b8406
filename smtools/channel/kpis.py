"""The KPI table: every rate a planner reports, grouped by anything, computed right.

Definitions (named apart wherever tools disagree):

=====================  ==============================================================
column                 definition
=====================  ==============================================================
``ctr``                Σ clicks ÷ Σ impressions
``cpc``                Σ spend ÷ Σ clicks
``cpm``                Σ spend ÷ Σ impressions × 1000
``cpa``                Σ spend ÷ Σ conversions
``cvr_click``          Σ conversions ÷ Σ clicks (conversion rate per click)
``cvr_impression``     Σ conversions ÷ Σ impressions (conversion rate per impression)
``roas``               Σ revenue ÷ Σ spend
``er_impressions``     Σ engagements ÷ Σ impressions (engagement rate by impressions)
``er_reach``           Σ engagements ÷ Σ row reach (by *cumulative* reach: rows' reach
                       added as a denominator, which is not a count of unique people)
``er_followers``       Σ engagements ÷ Σ followers at the time of each post
``*_mean``             the mean of per-row (per-post) rates, e.g. ``er_impressions_mean``:
                       every post weighs the same, whatever its size
``video_view_rate``    Σ video views ÷ Σ impressions
``frequency``          Σ impressions ÷ reach, only where reach is known for the group
``follower_growth``    (followers at the last post − at the first) ÷ at the first, per
                       account, added over the accounts of the group
=====================  ==============================================================

All ratios are ratios of sums, taken over the rows that report both the
numerator and the denominator (a row without impressions adds nothing to the
clicks of the CTR either); the mean of per-post ratios is offered separately
with the ``_mean`` suffix. A post's engagements are its ``engagements`` column
or, without one, likes + comments + shares + saves. Rates carry Wilson score
intervals (``_low``, ``_high``). Reach is never added across rows: ``reach`` is
reported only for groups made of a single row; other groups get ``reach_low``
(the largest row's reach, a lower bound) and ``reach_high`` (the sum of rows'
reach capped by impressions, an upper bound; the impressions alone when some
rows lack reach), and frequency bounds ``frequency_low`` = impressions ÷
``reach_high`` and ``frequency_high`` = impressions ÷ ``reach_low``. A division
by zero gives NaN and a reason in ``notes``, never inf.

Examples
--------
>>> import pandas as pd
>>> perf = pd.DataFrame({"channel": ["facebook", "facebook", "instagram"],
...                      "impressions": [1000.0, 3000.0, 0.0], "clicks": [10.0, 30.0, 0.0],
...                      "spend": [5.0, 15.0, 0.0], "currency": ["EUR"] * 3})
>>> t = kpis(perf, by="channel")
>>> t.to_frame()[["ctr", "cpm"]].round(3)
            ctr  cpm
channel
facebook   0.01  5.0
instagram   NaN  NaN
>>> t.to_frame().loc["instagram", "notes"]
'ctr: no impressions; cpm: no impressions; cpc: no clicks'
"""

from __future__ import annotations

import html as htmlmod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from smtools.channel._common import (
    ENGAGEMENT_PARTS,
    check_tz,
    engagement_sql,
    keys_list,
    sql_string,
)
from smtools.errors import DataError

__all__ = ["kpis", "KpiTable", "wilson", "RATES", "COSTS", "TIME_KEYS"]

#: Time keys usable in ``by=``, derived from the table's date or timestamp.
TIME_KEYS = ("day", "week", "month", "quarter", "year", "weekday", "hour")
#: Time keys that need a timestamp (a calendar date has no hour).
_CLOCK_KEYS = ("hour",)

#: rate name -> (numerator, denominator, is a proportion for Wilson intervals, label)
RATES: dict[str, tuple[str, str, bool, str]] = {
    "ctr": ("clicks", "impressions", True, "CTR"),
    "cvr_click": ("conversions", "clicks", True, "CVR per click"),
    "cvr_impression": ("conversions", "impressions", True, "CVR per impression"),
    "er_impressions": ("engagements", "impressions", True, "Engagement rate by impressions"),
    "er_reach": ("engagements", "reach", True, "Engagement rate by reach"),
    "er_followers": ("engagements", "followers", True, "Engagement rate by followers"),
    "video_view_rate": ("video_views", "impressions", True, "Video view rate"),
}
#: cost and return ratios: name -> (numerator, denominator, multiplier, label)
COSTS: dict[str, tuple[str, str, float, str]] = {
    "cpm": ("spend", "impressions", 1000.0, "CPM"),
    "cpc": ("spend", "clicks", 1.0, "CPC"),
    "cpa": ("spend", "conversions", 1.0, "CPA"),
    "roas": ("revenue", "spend", 1.0, "ROAS"),
}
_ADDITIVE = ("impressions", "clicks", "engagements", "video_views", "spend", "conversions",
             "revenue", *ENGAGEMENT_PARTS)
#: kept for callers of the first version
_ENGAGEMENT_PARTS = ENGAGEMENT_PARTS


def wilson(successes: Any, trials: Any, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for proportions (Wilson 1927), vectorised.

    Bounds: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) ÷ (1 + z²/n), p = successes ÷ trials.

    NaN where there are no trials or where successes exceed trials (not a
    proportion, e.g. view-through conversions above clicks). Matches the
    worked examples of Newcombe (1998, *Statistics in Medicine* 17: 857–872,
    method 3) and ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.

    Examples
    --------
    >>> lo, hi = wilson(10, 100)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0552, 0.1744)
    >>> [round(float(v), 4) for v in wilson(81, 263)]    # Newcombe (1998), example (a)
    [0.2553, 0.3662]
    """
    if not isinstance(level, (int, float)) or not 0 < level < 1:
        raise DataError(f"parameter level={level!r} must be between 0 and 1", column="level",
                        hint="use e.g. 0.95")
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        bad = ~(n > 0) | ~(x >= 0) | (x > n) | ~np.isfinite(x) | ~np.isfinite(n)
        lo = np.where(bad, np.nan, np.clip(centre - half, 0, 1))
        hi = np.where(bad, np.nan, np.clip(centre + half, 0, 1))
    return lo, hi


def _local(col: str, is_ts: bool, tz: str | None) -> str:
    quoted = f'"{col}"'
    return f"timezone({sql_string(tz or 'UTC')}, {quoted})" if is_ts else quoted


def _time_expr(key: str, col: str, is_ts: bool, tz: str | None) -> str:
    local = _local(col, is_ts, tz)
    return {
        "day": f"CAST(date_trunc('day', {local}) AS DATE)",
        "week": f"CAST(date_trunc('week', {local}) AS DATE)",
        "month": f"CAST(date_trunc('month', {local}) AS DATE)",
        "quarter": f"CAST(date_trunc('quarter', {local}) AS DATE)",
        "year": f"CAST(year({local}) AS INTEGER)",
        "weekday": f"CAST(isodow({local}) - 1 AS INTEGER)",
        "hour": f"CAST(hour({local}) AS INTEGER)",
    }[key]


@dataclass
class KpiTable:
    """A KPI table: one row per group, ratio-of-sums rates with Wilson intervals.

    Attributes
    ----------
    frame : DataFrame
        The table (see the module docstring for every column's definition).
    by : list of str
        Grouping keys.
    level : float
        Confidence level of the intervals.
    currency : str or None
        Currency of the money columns.
    source : str
        Where the rows came from (the charts' source line).
    """

    frame: pd.DataFrame
    by: list[str]
    level: float = 0.95
    currency: str | None = None
    source: str = "workspace"
    definitions: dict[str, str] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame indexed by the grouping keys."""
        return self.frame.copy()

    def __repr__(self) -> str:
        return f"KpiTable(by={self.by}, groups={len(self.frame)}, currency={self.currency})"

    def _repr_html_(self) -> str:
        cols = [c for c in ("impressions", "clicks", "spend", "ctr", "cpm", "cpc", "cpa",
                            "roas", "er_impressions") if c in self.frame.columns
                and self.frame[c].notna().any()]
        view = self.frame[cols]
        fmt = {c: "{:.2%}" for c in cols if c.startswith(("ctr", "er_", "cvr"))}
        fmt.update({c: "{:,.0f}" for c in ("impressions", "clicks", "spend") if c in cols})
        fmt.update({c: "{:,.2f}" for c in ("cpm", "cpc", "cpa", "roas") if c in cols})
        head = (f"<p>KPIs by {htmlmod.escape(', '.join(self.by) or 'total')} "
                f"({len(self.frame)} groups; money in {htmlmod.escape(self.currency or '—')}; "
                "rates are ratios of sums)</p>")
        return head + view.style.format(fmt, na_rep="–", escape="html").format_index(
            escape="html").to_html()

    def plot(self, metric: str = "ctr", *, ax: Any = None) -> Any:
        """Bars of one KPI by group, with its interval when it has one.

        Examples
        --------
        >>> import pandas as pd
        >>> t = kpis(pd.DataFrame({"channel": ["a", "b"], "impressions": [100.0, 200.0],
        ...                        "clicks": [5.0, 4.0]}), by="channel")
        >>> ax = t.plot("ctr")
        >>> ax.get_title()
        'CTR by channel'
        >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
        """
        from smtools import viz

        if metric not in self.frame.columns or metric in ("notes", "currency"):
            raise DataError(f"the KPI table has no column {metric!r}", column="metric",
                            hint=f"use one of {', '.join(self.frame.columns[:-1])}")
        labels = [" · ".join(map(str, k)) if isinstance(k, tuple) else str(k)
                  for k in self.frame.index]
        data = pd.DataFrame({"group": labels, "value": self.frame[metric].to_numpy()})
        has_ci = f"{metric}_low" in self.frame.columns
        if has_ci:
            data["low"] = self.frame[f"{metric}_low"].to_numpy()
            data["high"] = self.frame[f"{metric}_high"].to_numpy()
        base = metric.removesuffix("_mean")
        name = (RATES[base][3] if base in RATES else COSTS[base][3] if base in COSTS
                else metric.replace("_", " ").capitalize())
        if metric.endswith("_mean"):
            name += " (mean of per-row rates)"
        percent = base in RATES
        unit = ("%" if percent else "ratio" if base in ("roas", "frequency") or
                base.startswith("frequency") else self.currency or "amount"
                if base in COSTS or base in ("spend", "revenue") else "count")
        level = f", {self.level:.0%} Wilson intervals" if has_ci else ""
        colours = viz.network_colours(labels)
        return viz.interval_bars(
            data, x="group", y="value", low="low" if has_ci else None,
            high="high" if has_ci else None,
            title=f"{name} by {', '.join(self.by) or 'total'}",
            xlabel=", ".join(self.by).replace("_", " ").capitalize() or "Total",
            ylabel=f"{name} ({unit})", source=f"{self.source}{level}", percent=percent,
            colours=[colours[label] for label in labels], ax=ax)


def kpis(
    data: Any,
    *,
    by: str | Sequence[str] | None = "channel",
    client: str | None = None,
    tz: str | None = None,
    level: float = 0.95,
    start: str | None = None,
    end: str | None = None,
    table: str = "performance",
) -> KpiTable:
    """KPI table of performance rows or posts, grouped by anything.

    Parameters
    ----------
    data : DataFrame or Workspace
        A ``performance`` or ``posts`` frame (or any frame with those measures),
        or a :class:`smtools.Workspace` (its ``table`` is aggregated inside
        DuckDB, without loading the rows).
    by : str or list of str, optional
        Grouping columns; may include time keys derived from the date or
        timestamp: ``day``, ``week`` (starting Monday), ``month``, ``quarter``,
        ``year``, ``weekday`` (0 = Monday), ``hour`` (timestamps only).
        ``None`` for one total row.
    client : str, optional
        Only this client's rows (needed to pick a client out of a workspace).
    tz : str, optional
        Time zone for time keys derived from timestamps (the client's); UTC
        when omitted. Calendar dates (the performance table) are already local.
    level : float
        Confidence level of the Wilson intervals.
    start, end : str, optional
        Inclusive bounds on the date (or the local day of the timestamp).
    table : {"performance", "posts"}
        The workspace table to aggregate when ``data`` is a workspace.

    Returns
    -------
    KpiTable

    Raises
    ------
    DataError
        Unknown grouping key, ``hour`` of calendar dates, an unknown time zone,
        or money in several currencies added together.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"channel": ["instagram"] * 2, "impressions": [100.0, 300.0],
    ...                       "likes": [10.0, 6.0], "comments": [0.0, 2.0],
    ...                       "reach": [80.0, 200.0], "followers": [1000.0, 1000.0]})
    >>> t = kpis(posts, by="channel").to_frame()
    >>> float(t["er_impressions"].iloc[0]), float(t["er_impressions_mean"].iloc[0])
    (0.045, 0.0633...)
    """
    from smtools.workspace import Workspace

    keys = keys_list(by)
    if not isinstance(level, (int, float)) or not 0 < level < 1:
        raise DataError(f"parameter level={level} must be between 0 and 1", column="level",
                        hint="use e.g. 0.95")
    if tz is not None:
        check_tz(tz)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        if isinstance(data, Workspace):
            if table not in ("performance", "posts"):
                raise DataError(f"parameter table={table!r} has no KPIs", column="table",
                                hint="use 'performance' or 'posts'")
            if not data.path.exists():
                raise DataError(f"no workspace at {data.path}", column="data",
                                hint="run `smtools demo-data` or ingest exports first")
            con.execute(f"ATTACH {sql_string(str(data.path))} AS ws (READ_ONLY)")
            found = con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'ws' "
                "AND table_name = ?", [table]).fetchall()[0][0]
            if not found:
                raise DataError(f"the workspace {data.path.name} has no {table} table",
                                column="data", hint="ingest exports or generate demo data first")
            cond = f" WHERE client = {sql_string(_slug(client))}" if client else ""
            con.execute(f"CREATE VIEW src0 AS SELECT * FROM ws.{table}{cond}")
            source = f"workspace {data.path.name}, {table} table"
        elif isinstance(data, pd.DataFrame):
            frame = data
            if client is not None and "client" in frame.columns:
                frame = frame[frame["client"] == client]
            con.register("src0", frame)
            source = "the data given"
        else:
            raise DataError(f"cannot compute KPIs of a {type(data).__name__}", column="data",
                            hint="pass a performance or posts DataFrame, or a Workspace")
        described = con.execute("DESCRIBE src0").fetchall()
        types = {r[0]: str(r[1]) for r in described}
        cols = list(types)
        _bounded(con, cols, types, start, end, tz)
        sums, currency = _aggregate(con, cols, types, keys, tz)
    finally:
        con.close()
    out = _ratios(sums, keys, level)
    return KpiTable(frame=out, by=keys, level=level, currency=currency, source=source)


def _slug(client: str) -> str:
    from smtools.workspace import check_slug

    return check_slug(client)


def _time_column(cols: list[str]) -> str | None:
    return next((c for c in ("date", "published_at", "ts") if c in cols), None)


def _is_ts(types: dict[str, str], col: str) -> bool:
    return "TIME ZONE" in types[col].upper() or types[col].upper() == "TIMESTAMPTZ"


def _bounded(con: duckdb.DuckDBPyConnection, cols: list[str], types: dict[str, str],
             start: Any, end: Any, tz: str | None) -> None:
    """View ``src``: ``src0`` between ``start`` and ``end`` (inclusive days)."""
    where = []
    if start is not None or end is not None:
        col = _time_column(cols)
        if col is None:
            raise DataError("cannot filter on start/end: the data has no date or timestamp",
                            column="start", hint="leave start and end empty")
        day = f"CAST({_local(col, _is_ts(types, col), tz)} AS DATE)"
        for bound, op, name in ((start, ">=", "start"), (end, "<=", "end")):
            if bound is None:
                continue
            try:
                value = pd.Timestamp(bound).date()
            except (ValueError, TypeError):
                raise DataError(f"parameter {name}={bound!r} is not a date", column=name,
                                hint="give an ISO date such as 2025-03-31") from None
            where.append(f"{day} {op} DATE '{value.isoformat()}'")
    cond = f" WHERE {' AND '.join(where)}" if where else ""
    con.execute(f"CREATE VIEW src AS SELECT * FROM src0{cond}")


def _aggregate(con: duckdb.DuckDBPyConnection, cols: list[str], types: dict[str, str],
               keys: list[str], tz: str | None) -> tuple[pd.DataFrame, str | None]:
    time_col = _time_column(cols)
    select_keys, group_keys = [], []
    for k in keys:
        if k in cols:
            select_keys.append(f'"{k}"')
            group_keys.append(f'"{k}"')
        elif k in TIME_KEYS:
            if time_col is None:
                raise DataError(f"cannot group by {k}: the data has no date or timestamp",
                                column="by", hint="add a date column or group by another key")
            is_ts = _is_ts(types, time_col)
            if k in _CLOCK_KEYS and not is_ts:
                raise DataError(
                    f"cannot group by {k}: '{time_col}' holds calendar days, not times",
                    column="by", hint="group by day, week, month or weekday, or use data "
                    "with timestamps (posts' published_at)")
            select_keys.append(f'{_time_expr(k, time_col, is_ts, tz)} AS "{k}"')
            group_keys.append(f'"{k}"')
        else:
            raise DataError(f"cannot group by {k!r}: no such column", column="by",
                            hint=f"use columns of the data or {', '.join(TIME_KEYS)}")
    has = set(cols)
    measure = {m: f'"{m}"' for m in _ADDITIVE if m in has}
    eng = engagement_sql(cols)
    if eng is not None:
        measure["engagements"] = eng
    if "reach" in has:
        measure["reach"] = '"reach"'
    if "followers" in has:
        measure["followers"] = '"followers"'
    sel = [*select_keys, "count(*) AS rows"]
    for name, expr in measure.items():
        if name != "reach":
            sel.append(f'sum({expr}) AS "{name}"')
    if "reach" in has:
        sel += ["max(reach) AS reach_low", "sum(reach) AS reach_sum", "count(reach) AS reach_n"]
    # ratio of sums over the rows that report both numerator and denominator; a column
    # without missing values needs no filter (the plain sums are reused)
    nullable, codes_all = _profile(con, measure, cols)
    pairs = {r: (n, d) for r, (n, d, _, _) in RATES.items()}
    pairs.update({c: (n, d) for c, (n, d, _, _) in COSTS.items()})
    for rate, (num, den) in pairs.items():
        if num not in measure or den not in measure:
            continue
        ne, de = measure[num], measure[den]
        if den in nullable:
            sel.append(f'sum({ne}) FILTER (WHERE ({de}) IS NOT NULL) AS "_n_{rate}"')
        else:
            sel.append(f'sum({ne}) AS "_n_{rate}"')
        if num in nullable:
            sel.append(f'sum({de}) FILTER (WHERE ({ne}) IS NOT NULL) AS "_d_{rate}"')
        else:
            sel.append(f'sum({de}) AS "_d_{rate}"')
        if rate in RATES:
            sel.append(f'avg(({ne}) / NULLIF({de}, 0)) AS "{rate}_mean"')
    money = any(m in has for m in ("spend", "revenue"))
    if "currency" in has and len(codes_all) > 1:
        # several codes in the data: check every group (min ≠ max: two codes in a group)
        sel.append("CAST(min(currency) IS DISTINCT FROM max(currency) AS INTEGER) + 1 "
                   "AS n_currency")
        if "currency" not in keys:
            sel.append("min(currency) AS currency")
    sql = f"SELECT {', '.join(sel)} FROM src"
    if group_keys:
        sql += f" GROUP BY {', '.join(group_keys)} ORDER BY {', '.join(group_keys)}"
    sums = con.sql(sql).to_arrow_table().to_pandas(date_as_object=False)
    if "followers" in has and time_col and "channel" in has:
        sums = _with_growth(con, sums, keys, select_keys, group_keys, time_col, has)
    currency = codes_all[0] if len(codes_all) == 1 else None
    if len(codes_all) == 1 and "currency" not in keys:
        sums["currency"] = np.where(sums["rows"] > 0, codes_all[0], None)
    if "n_currency" in sums.columns:
        mixed = sums[sums["n_currency"] > 1]
        if money and len(mixed):
            where = ", ".join(f"{k}={mixed.iloc[0][k]}" for k in keys) or "the whole table"
            raise DataError(
                f"money is in several currencies within one group ({where}); amounts in "
                "different currencies are never added together",
                column="currency", hint="add currency to by=, or filter one currency",
            )
        codes = sorted(sums["currency"].dropna().astype(str).unique())
        if money and len(codes) > 1 and "currency" not in keys:
            raise DataError(
                f"the groups are in different currencies ({', '.join(codes)})",
                column="currency", hint="add currency to by=, or filter one currency",
            )
        currency = codes[0] if len(codes) == 1 else None
        sums = sums.drop(columns=["n_currency"])
    return sums, currency


def _profile(con: duckdb.DuckDBPyConnection, measure: dict[str, str], cols: list[str]
             ) -> tuple[set[str], list[str]]:
    """Measures with a missing value somewhere in ``src``, and its currency codes (≤ 2).

    One cheap pass: counts of non-missing values, and the smallest and largest
    currency code (equal when the data has one currency).
    """
    raw = [c for c in (*_ADDITIVE, "reach", "followers") if c in cols]
    parts = ["count(*)", *(f'count("{c}")' for c in raw)]
    if "currency" in cols:
        parts += ["min(currency)", "max(currency)"]
    row = con.execute(f"SELECT {', '.join(parts)} FROM src").fetchall()[0]
    total, found = row[0], dict(zip(raw, row[1:len(raw) + 1], strict=True))
    codes = sorted({str(c) for c in row[len(raw) + 1:] if c is not None})
    out = {c for c, n in found.items() if n < total}
    # the sum of parts is missing only where every part is: possible if any part is
    if "engagements" in measure and "engagements" not in cols and \
            any(p in out for p in ENGAGEMENT_PARTS if p in cols):
        out.add("engagements")
    return out, codes


def _with_growth(con: duckdb.DuckDBPyConnection, sums: pd.DataFrame, keys: list[str],
                 select_keys: list[str], group_keys: list[str], time_col: str,
                 has: set[str]) -> pd.DataFrame:
    """Followers at the first and last post of each account (client × channel) in a group."""
    account = [c for c in ("client", "channel") if c in has and c not in keys]
    sel = [*select_keys, *(f'"{c}"' for c in account)]
    t = f'"{time_col}"'
    group = [*group_keys, *(f'"{c}"' for c in account)]
    growth = con.sql(
        f"SELECT {', '.join(sel)}, arg_min(followers, {t}) AS f_first, "
        f"arg_max(followers, {t}) AS f_last FROM src "
        f"WHERE followers IS NOT NULL AND {t} IS NOT NULL GROUP BY {', '.join(group)}"
    ).to_arrow_table().to_pandas(date_as_object=False)
    if keys:
        g = growth.groupby(keys, dropna=False)[["f_first", "f_last"]].sum(min_count=1)
        return sums.merge(g.reset_index(), on=keys, how="left")
    out = sums.copy()
    out["f_first"] = growth["f_first"].sum(min_count=1)
    out["f_last"] = growth["f_last"].sum(min_count=1)
    return out


def _ratios(sums: pd.DataFrame, keys: list[str], level: float) -> pd.DataFrame:
    out = sums.copy()
    notes: list[list[str]] = [[] for _ in range(len(out))]
    for i in np.flatnonzero(out["rows"].to_numpy() == 0):
        notes[i].append("no rows")

    def divide(name: str, num: str, den: str, mult: float = 1.0, why: str = "") -> None:
        if num not in out.columns or den not in out.columns:
            return
        n = out[num].to_numpy(dtype=float)
        d = out[den].to_numpy(dtype=float)
        ok = np.isfinite(n) & np.isfinite(d) & (d > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[name] = np.where(ok, n / np.where(ok, d, 1.0) * mult, np.nan)
        for i in np.flatnonzero(~ok & np.isfinite(n)):
            notes[i].append(f"{name}: {why or 'no ' + den.replace('_', ' ')}")

    if "reach_low" in out.columns:
        rows = out["rows"].to_numpy(dtype=float)
        reach_n = out["reach_n"].to_numpy(dtype=float)
        single = (rows == 1) & (reach_n == 1)
        out["reach"] = np.where(single, out["reach_low"], np.nan)
        imp = (out["impressions"].to_numpy(dtype=float) if "impressions" in out.columns
               else np.full(len(out), np.nan))
        # an upper bound on unique reach: Σ rows' reach (when every row reports it), and
        # never more than the impressions
        high = np.where(reach_n == rows, out["reach_sum"].to_numpy(dtype=float), np.nan)
        out["reach_high"] = np.fmin(high, imp)
        divide("frequency", "impressions", "reach",
               why="reach of several rows is not additive (see frequency_low/high)")
        with np.errstate(divide="ignore", invalid="ignore"):
            rh = out["reach_high"].to_numpy(dtype=float)
            rl = out["reach_low"].to_numpy(dtype=float)
            out["frequency_low"] = np.where(rh > 0, imp / rh, np.nan)
            out["frequency_high"] = np.where(rl > 0, imp / rl, np.nan)
    for rate, (_num, den, is_prop, _) in RATES.items():
        n_col, d_col = f"_n_{rate}", f"_d_{rate}"
        if n_col not in out.columns:
            continue
        divide(rate, n_col, d_col, why=f"no {den}")
        if is_prop:
            lo, hi = wilson(out[n_col], out[d_col], level=level)
            out[f"{rate}_low"], out[f"{rate}_high"] = lo, hi
    for name, (_num, den, mult, _) in COSTS.items():
        divide(name, f"_n_{name}", f"_d_{name}", mult, why=f"no {den}")
    if "f_first" in out.columns:
        divide("follower_growth", "f_last", "f_first", why="no followers at the first post")
        out["follower_growth"] = out["follower_growth"] - 1
    out["notes"] = ["; ".join(n) for n in notes]
    drop = [c for c in out.columns
            if c in ("reach_sum", "reach_n", "f_first", "f_last") or c.startswith(("_n_", "_d_"))]
    out = out.drop(columns=drop)
    if keys:
        out = out.set_index(keys)
    else:
        out.index = pd.Index(["total"], name="group")
    ordered = _order(out.columns)
    return out[ordered]


def _order(columns: pd.Index) -> list[str]:
    first = ["rows", "impressions", "reach", "reach_low", "reach_high", "frequency",
             "frequency_low", "frequency_high", "clicks", "engagements", "video_views",
             "spend", "conversions", "revenue", "currency", "ctr", "cpc", "cpm", "cpa",
             "cvr_click", "cvr_impression", "roas"]
    ordered = [c for c in first if c in columns]
    rest = [c for c in columns if c not in ordered and c != "notes"]
    return ordered + sorted(rest) + ["notes"]
