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

All ratios are ratios of sums; the mean of per-post ratios is offered separately
with the ``_mean`` suffix. Rates carry Wilson score intervals (``_low``,
``_high``). Reach is never added across rows: ``reach`` is reported only for
groups made of a single row; other groups get ``reach_low`` (the largest row's
reach, a lower bound) and ``reach_high`` (the sum of rows' reach capped by
impressions, an upper bound). A division by zero gives NaN and a reason in
``notes``, never inf.

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

from smtools.errors import DataError

__all__ = ["kpis", "KpiTable", "wilson", "RATES", "TIME_KEYS"]

#: Time keys usable in ``by=``, derived from the table's date or timestamp.
TIME_KEYS = ("day", "week", "month", "quarter", "year", "weekday", "hour")

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
             "revenue", "likes", "comments", "shares", "saves")
_ENGAGEMENT_PARTS = ("likes", "comments", "shares", "saves")


def wilson(successes: Any, trials: Any, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for proportions (Wilson 1927), vectorised.

    NaN where there are no trials or where successes exceed trials (not a
    proportion, e.g. view-through conversions above clicks).

    Examples
    --------
    >>> lo, hi = wilson(10, 100)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0552, 0.1744)
    """
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


def _time_expr(key: str, col: str, is_ts: bool, tz: str | None) -> str:
    local = f"timezone('{tz or 'UTC'}', {col})" if is_ts else col
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
        return head + view.style.format(fmt, na_rep="–").to_html()

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
        import matplotlib.pyplot as plt

        from smtools import viz

        if metric not in self.frame.columns:
            raise DataError(f"the KPI table has no column {metric!r}", column="metric",
                            hint=f"use one of {', '.join(self.frame.columns)}")
        if ax is None:
            viz.theme()
            _, ax = plt.subplots()
        data = self.frame[metric]
        labels = [" · ".join(map(str, k)) if isinstance(k, tuple) else str(k)
                  for k in self.frame.index]
        colours = viz.network_colours(labels)
        ax.bar(labels, data.to_numpy(), color=[colours[label] for label in labels])
        if f"{metric}_low" in self.frame.columns:
            lo = (data - self.frame[f"{metric}_low"]).to_numpy()
            hi = (self.frame[f"{metric}_high"] - data).to_numpy()
            ax.errorbar(labels, data.to_numpy(), yerr=np.vstack([lo, hi]), fmt="none",
                        ecolor="#333333", capsize=4, linewidth=1)
        name = (RATES.get(metric, ("", "", False, metric))[3] if metric in RATES
                else COSTS.get(metric, ("", "", 1.0, metric))[3])
        unit = ("%" if metric in RATES or metric.endswith("_mean")
                else ("ratio" if metric == "roas" else self.currency or "amount"))
        if unit == "%":
            viz.percent_axis(ax, decimals=1)
        level = f", {self.level:.0%} Wilson intervals" if f"{metric}_low" in self.frame else ""
        viz.finish(ax, title=f"{name} by {', '.join(self.by) or 'total'}",
                   xlabel=", ".join(self.by).replace("_", " ").capitalize() or "Total",
                   ylabel=f"{name} ({unit})", source=f"{self.source}{level}")
        return ax


def _columns(data: pd.DataFrame | duckdb.DuckDBPyRelation) -> list[str]:
    return list(data.columns)


def kpis(
    data: Any,
    *,
    by: str | Sequence[str] | None = "channel",
    client: str | None = None,
    tz: str | None = None,
    level: float = 0.95,
    start: str | None = None,
    end: str | None = None,
) -> KpiTable:
    """KPI table of performance rows or posts, grouped by anything.

    Parameters
    ----------
    data : DataFrame or Workspace
        A ``performance`` or ``posts`` frame (or any frame with those measures),
        or a :class:`smtools.Workspace` (its ``performance`` table is aggregated
        inside DuckDB, without loading the rows).
    by : str or list of str, optional
        Grouping columns; may include time keys derived from the date or
        timestamp: ``day``, ``week`` (starting Monday), ``month``, ``quarter``,
        ``year``, ``weekday`` (0 = Monday), ``hour``. ``None`` for one total row.
    client : str, optional
        Only this client's rows (needed to pick a client out of a workspace).
    tz : str, optional
        Time zone for time keys derived from timestamps (the client's).
    level : float
        Confidence level of the Wilson intervals.
    start, end : str, optional
        Inclusive date bounds when ``data`` is a workspace.

    Returns
    -------
    KpiTable

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

    keys = [by] if isinstance(by, str) else list(by or [])
    if not 0 < level < 1:
        raise DataError(f"parameter level={level} must be between 0 and 1", column="level",
                        hint="use e.g. 0.95")
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        if isinstance(data, Workspace):
            if not data.path.exists():
                raise DataError(f"no workspace at {data.path}", column="data",
                                hint="run `smtools demo-data` or ingest exports first")
            con.execute(f"ATTACH '{data.path}' AS ws (READ_ONLY)")
            where = []
            if client:
                where.append(f"client = '{_slug(client)}'")
            if start:
                where.append(f"date >= DATE '{pd.Timestamp(start).date()}'")
            if end:
                where.append(f"date <= DATE '{pd.Timestamp(end).date()}'")
            cond = f" WHERE {' AND '.join(where)}" if where else ""
            con.execute(f"CREATE VIEW src AS SELECT * FROM ws.performance{cond}")
            source = f"workspace {data.path.name}, performance table"
        elif isinstance(data, pd.DataFrame):
            frame = data
            if client is not None and "client" in frame.columns:
                frame = frame[frame["client"] == client]
            con.register("src", frame)
            source = "the data given"
        else:
            raise DataError(f"cannot compute KPIs of a {type(data).__name__}", column="data",
                            hint="pass a performance or posts DataFrame, or a Workspace")
        cols = [r[0] for r in con.execute("DESCRIBE src").fetchall()]
        types = {r[0]: r[1] for r in con.execute("DESCRIBE src").fetchall()}
        sums, currency = _aggregate(con, cols, types, keys, tz)
    finally:
        con.close()
    table = _ratios(sums, keys, level)
    return KpiTable(frame=table, by=keys, level=level, currency=currency, source=source)


def _slug(client: str) -> str:
    from smtools.workspace import check_slug

    return check_slug(client)


def _aggregate(con: duckdb.DuckDBPyConnection, cols: list[str], types: dict[str, str],
               keys: list[str], tz: str | None) -> tuple[pd.DataFrame, str | None]:
    time_col = next((c for c in ("date", "published_at", "ts") if c in cols), None)
    select_keys, group_keys = [], []
    for k in keys:
        if k in cols:
            select_keys.append(f'"{k}"')
            group_keys.append(f'"{k}"')
        elif k in TIME_KEYS:
            if time_col is None:
                raise DataError(f"cannot group by {k}: the data has no date or timestamp",
                                column="by", hint="add a date column or group by another key")
            is_ts = "TIME ZONE" in types[time_col].upper()
            select_keys.append(f'{_time_expr(k, time_col, is_ts, tz)} AS "{k}"')
            group_keys.append(f'"{k}"')
        else:
            raise DataError(f"cannot group by {k!r}: no such column", column="by",
                            hint=f"use columns of the data or {', '.join(TIME_KEYS)}")
    has = set(cols)
    engagements = "engagements" if "engagements" in has else None
    parts = [p for p in _ENGAGEMENT_PARTS if p in has]
    if engagements is None and parts:
        eng_expr = " + ".join(f"coalesce({p}, 0)" for p in parts)
        eng_null = " AND ".join(f"{p} IS NULL" for p in parts)
        engagements = f"CASE WHEN {eng_null} THEN NULL ELSE {eng_expr} END"
    measure = {m: m for m in _ADDITIVE if m in has}
    if engagements and "engagements" not in has:
        measure["engagements"] = engagements
    sel = [*select_keys, "count(*) AS rows"]
    for name, expr in measure.items():
        sel.append(f"sum({expr}) AS {name}")
    if "reach" in has:
        sel += ["max(reach) AS reach_low", "sum(reach) AS reach_sum", "count(reach) AS reach_n"]
    if "followers" in has:
        sel.append("sum(followers) AS followers")
    for rate, (num, den, _, _) in RATES.items():
        num_expr = measure.get(num)
        if num_expr is None or (den not in measure and den not in has):
            continue
        sel.append(f"avg(({num_expr}) / NULLIF({den}, 0)) AS {rate}_mean")
    if "currency" in has:
        sel += ["count(DISTINCT currency) AS n_currency", "min(currency) AS currency"]
    sql = f"SELECT {', '.join(sel)} FROM src"
    if group_keys:
        sql += f" GROUP BY {', '.join(group_keys)} ORDER BY {', '.join(group_keys)}"
    sums = con.sql(sql).to_arrow_table().to_pandas(date_as_object=False)
    if "followers" in has and time_col and "channel" in has:
        account = ['"channel"'] + [g for g in group_keys if g != '"channel"']
        growth = con.sql(
            f"SELECT {', '.join(select_keys + ([] if 'channel' in keys else ['channel']))}, "
            f"arg_min(followers, {time_col}) AS f_first, arg_max(followers, {time_col}) AS f_last "
            f"FROM src WHERE followers IS NOT NULL GROUP BY {', '.join(account)}"
        ).to_arrow_table().to_pandas(date_as_object=False)
        if keys:
            g = growth.groupby(keys, dropna=False)[["f_first", "f_last"]].sum().reset_index()
            sums = sums.merge(g, on=keys, how="left")
        else:
            sums["f_first"] = growth["f_first"].sum()
            sums["f_last"] = growth["f_last"].sum()
    currency = None
    if "n_currency" in sums.columns:
        mixed = sums[sums["n_currency"] > 1]
        if len(mixed):
            where = ", ".join(f"{k}={mixed.iloc[0][k]}" for k in keys) or "the whole table"
            raise DataError(
                f"money is in several currencies within one group ({where}); amounts in "
                "different currencies are never added together",
                column="currency", hint="group by currency too, or filter one currency",
            )
        codes = sorted(sums["currency"].dropna().unique())
        if len(codes) > 1 and "currency" not in keys:
            raise DataError(
                f"the groups are in different currencies ({', '.join(codes)})",
                column="currency", hint="add currency to by=, or filter one currency",
            )
        currency = codes[0] if len(codes) == 1 else None
        sums = sums.drop(columns=["n_currency"])
    return sums, currency


def _ratios(sums: pd.DataFrame, keys: list[str], level: float) -> pd.DataFrame:
    out = sums.copy()
    notes: list[list[str]] = [[] for _ in range(len(out))]

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
        single = (out["rows"] == 1) & (out["reach_n"] == 1)
        out["reach"] = np.where(single, out["reach_low"], np.nan)
        high = out["reach_sum"].to_numpy(dtype=float)
        if "impressions" in out.columns:
            high = np.fmin(high, out["impressions"].to_numpy(dtype=float))
        out["reach_high"] = high
        out["reach_for_rates"] = out["reach_sum"]
        divide("frequency", "impressions", "reach",
               why="reach of several rows is not additive (see frequency_low/high)")
        with np.errstate(divide="ignore", invalid="ignore"):
            imp = out["impressions"] if "impressions" in out.columns else np.nan
            out["frequency_low"] = np.where(out["reach_high"] > 0, imp / out["reach_high"],
                                            np.nan)
            out["frequency_high"] = np.where(out["reach_low"] > 0, imp / out["reach_low"],
                                             np.nan)
    for rate, (num, den, is_prop, _) in RATES.items():
        den_col = "reach_for_rates" if den == "reach" else den
        if num not in out.columns or den_col not in out.columns:
            continue
        divide(rate, num, den_col)
        if is_prop:
            lo, hi = wilson(out[num], out[den_col], level=level)
            out[f"{rate}_low"], out[f"{rate}_high"] = lo, hi
    for name, (num, den, mult, _) in COSTS.items():
        divide(name, num, den, mult)
    if "f_first" in out.columns:
        divide("follower_growth", "f_last", "f_first")
        out["follower_growth"] = out["follower_growth"] - 1
    out["notes"] = ["; ".join(n) for n in notes]
    drop = [c for c in ("reach_for_rates", "reach_sum", "reach_n", "f_first", "f_last")
            if c in out.columns]
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
