"""Best time to post: a weekday × hour map per account, shrunk so luck cannot win.

Method
------
Every post gets a log rate ``y = ln((engagements + ½) ÷ denominator)`` (the
½ keeps posts without engagement in; for a count metric ``y = ln(count + ½)``).
Posts are placed in cells by the weekday and hour of publication **in the
client's time zone**. Within one account (``by``, a channel by default) a
normal–normal hierarchical model describes the cells:

.. code-block:: text

    ȳ_c | θ_c ~ Normal(θ_c, σ² / n_c)        (mean log rate of the n_c posts of cell c)
    θ_c       ~ Normal(μ, τ²)                 (cells scatter around the account's level)

``σ²`` is the pooled within-cell variance of the account's posts; ``μ`` and
``τ²`` are estimated by **maximum marginal likelihood** (type-II maximum
likelihood: ``ȳ_c ~ Normal(μ, τ² + σ²/n_c)``, maximised over ``τ²`` with
``μ`` profiled out), which is parametric empirical Bayes in the sense of
Efron & Morris (1975, *JASA* 70: 311–319) and Morris (1983, *JASA* 78: 47–55).
Each cell's estimate is shrunk towards the account's level by
``B_c = τ² ÷ (τ² + σ²/n_c)``: a cell with one post keeps little of its own
average, a cell with thirty keeps most of it. The posterior is
``θ_c ~ Normal(μ + B_c (ȳ_c − μ), B_c σ²/n_c)`` (plug-in intervals, a little
narrow because ``μ``, ``τ²`` and ``σ²`` are estimated).

``lift`` = exp(θ_c − μ): the cell's rate relative to the account's average
cell (geometric mean over cells), with its interval; big and small accounts
compare on this scale. ``raw_lift`` is the unshrunk ratio of sums of the cell
over the ratio of sums of the account. Slots are recommended by ``lift``.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> n = 2000
>>> when = pd.Timestamp("2025-01-06", tz="Europe/Paris") + pd.to_timedelta(
...     rng.integers(0, 7 * 24, n), unit="h")
>>> boost = np.where((when.day_of_week == 3) & (when.hour == 19), 2.5, 1.0)
>>> posts = pd.DataFrame({"channel": "instagram", "published_at": when.tz_convert("UTC"),
...                       "impressions": 1000.0,
...                       "likes": rng.poisson(30 * boost).astype(float)})
>>> bt = best_times(posts, tz="Europe/Paris", top=1)
>>> bt.recommendations[["channel", "slot"]].to_dict("records")
[{'channel': 'instagram', 'slot': 'Thursday 19:00'}]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd
from scipy import optimize

from smtools.channel._common import (
    WEEKDAYS,
    check_tz,
    data_tz,
    engagement_sql,
    html_block,
    keys_list,
    new_axes,
    ratio_text,
    slot_label,
    sql_string,
    z_value,
)
from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BestTimes", "METRICS", "best_times"]

#: metric -> (numerator, denominator or None for a count per post, label)
METRICS: dict[str, tuple[str, str | None, str]] = {
    "er_impressions": ("engagements", "impressions", "engagement rate by impressions"),
    "er_reach": ("engagements", "reach", "engagement rate by reach"),
    "er_followers": ("engagements", "followers", "engagement rate by followers"),
    "ctr": ("clicks", "impressions", "click-through rate"),
    "video_view_rate": ("video_views", "impressions", "video view rate"),
    "engagements": ("engagements", None, "engagements per post"),
    "impressions": ("impressions", None, "impressions per post"),
    "reach": ("reach", None, "reach per post"),
    "clicks": ("clicks", None, "clicks per post"),
}


@dataclass
class BestTimes:
    """Best times to post: per-cell estimates, the model and the recommended slots.

    Attributes
    ----------
    cells : DataFrame
        One row per account × weekday × hour with posts: ``posts``, ``rate``
        (ratio of sums), ``raw_lift``, ``lift`` (shrunken), ``lift_low``,
        ``lift_high``, ``shrinkage`` (weight ``B`` kept from the cell's own mean).
    recommendations : DataFrame
        The ``top`` slots of each account: ``rank``, ``weekday`` (name),
        ``hour``, ``slot``, ``lift`` with its interval, ``posts``, ``rate``.
    model : DataFrame
        Per account: ``posts``, ``cells``, ``rate`` (ratio of sums), ``mu``,
        ``tau`` (spread of cells, log scale), ``sigma`` (spread of posts within
        a cell, log scale), ``method``.
    """

    cells: pd.DataFrame
    recommendations: pd.DataFrame
    model: pd.DataFrame
    metric: str
    tz: str
    by: list[str]
    level: float
    top: int
    source: str
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """Tidy per-cell table (account keys, weekday 0 = Monday, hour, estimates)."""
        return self.cells.copy()

    def accounts(self) -> list[tuple[Any, ...]]:
        """The accounts (values of ``by``) in the result."""
        return [tuple(r) for r in self.model[self.by].itertuples(index=False)]

    def _account(self, channel: Any) -> tuple[Any, ...]:
        accounts = self.accounts()
        if channel is None:
            return accounts[0]
        want = tuple(channel) if isinstance(channel, (tuple, list)) else (channel,)
        for acc in accounts:
            if acc == want or (len(want) == 1 and acc[-1] == want[0]):
                return acc
        raise DataError(f"no account {channel!r} in the result", column="channel",
                        hint="use one of " + ", ".join(" · ".join(map(str, a))
                                                        for a in accounts))

    def sentences(self) -> list[str]:
        """One plain sentence per account with its best slot."""
        label = METRICS[self.metric][2]
        out = []
        for acc in self.accounts():
            rec = _select(self.recommendations, self.by, acc)
            name = " · ".join(map(str, acc))
            if rec.empty:
                out.append(f"{name}: no slot can be recommended.")
                continue
            r = rec.iloc[0]
            others = ", ".join(rec["slot"].iloc[1:])
            out.append(
                f"{name}: post on {r['slot']} ({self.tz}) — {ratio_text(r['lift'])} the "
                f"account's average {label} ({self.level:.0%} interval "
                f"{r['lift_low']:.2f}–{r['lift_high']:.2f}, {int(r['posts'])} posts)"
                + (f"; then {others}." if others else "."))
        return out

    def __repr__(self) -> str:
        return (f"BestTimes(metric={self.metric!r}, tz={self.tz!r}, "
                f"accounts={len(self.model)}, posts={int(self.model['posts'].sum())})")

    def _repr_html_(self) -> str:
        view = self.recommendations.drop(columns=["weekday_index"], errors="ignore")
        formats = {"lift": "{:.2f}", "lift_low": "{:.2f}", "lift_high": "{:.2f}",
                   "rate": "{:.3%}" if METRICS[self.metric][1] else "{:,.1f}",
                   "posts": "{:,.0f}"}
        return html_block(self.sentences(), view, formats,
                          [*self.notes, f"Shrinkage: {self.model['method'].iloc[0]}."]
                          if len(self.model) else self.notes)

    def plot(self, channel: Any = None, *, value: str = "lift", counts: bool = True,
             ax: Axes | None = None) -> Axes:
        """Weekday × hour heatmap of one account (the first one by default).

        Parameters
        ----------
        channel : str or tuple, optional
            The account to draw (a value of ``by``).
        value : {"lift", "raw_lift", "rate", "posts"}
            What the colours show.
        counts : bool
            Write the number of posts in each cell.
        ax : Axes, optional
            Where to draw.

        Returns
        -------
        Axes

        Examples
        --------
        >>> import numpy as np, pandas as pd, matplotlib.pyplot as plt
        >>> when = pd.date_range("2025-01-06", periods=7 * 24 * 2, freq="30min", tz="UTC")
        >>> posts = pd.DataFrame({"channel": "facebook", "published_at": when,
        ...                       "impressions": 500.0, "likes": 10.0 + when.hour % 3})
        >>> ax = best_times(posts, tz="UTC").plot("facebook")
        >>> ax.get_title()
        'Best times to post on Facebook: engagement rate by impressions'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        if value not in ("lift", "raw_lift", "rate", "posts"):
            raise DataError(f"parameter value={value!r} cannot be drawn", column="value",
                            hint="use 'lift', 'raw_lift', 'rate' or 'posts'")
        from smtools import networks

        acc = self._account(channel)
        cells = _select(self.cells, self.by, acc)
        label = METRICS[self.metric][2]
        name = " · ".join(networks.display(str(a)) if networks.is_known(str(a)) else str(a)
                          for a in acc)
        bar = {"lift": "Lift vs account average (×, shrunken)",
               "raw_lift": "Lift vs account average (×, raw)",
               "rate": label.capitalize() + (" (%)" if METRICS[self.metric][1] else ""),
               "posts": "Posts (count)"}[value]
        ax = new_axes(ax)
        return viz.heatmap(
            cells, value=value, counts="posts" if counts else None,
            center=1.0 if value in ("lift", "raw_lift") else None,
            percent=value == "rate" and METRICS[self.metric][1] is not None,
            title=f"Best times to post on {name}: {label}", colorbar_label=bar,
            xlabel=f"Hour of publication ({self.tz})", ylabel="Day of week",
            source=f"{self.source}; {int(cells['posts'].sum()):,} posts; numbers are posts "
                   "per cell; empirical-Bayes shrinkage (normal–normal, marginal ML)",
            ax=ax)


def _select(frame: pd.DataFrame, by: list[str], acc: tuple[Any, ...]) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    for k, v in zip(by, acc, strict=True):
        mask &= (frame[k] == v).to_numpy()
    return frame[mask]


def best_times(
    posts: Any,
    *,
    tz: str | None = None,
    top: int = 3,
    metric: str = "er_impressions",
    by: str | Sequence[str] = "channel",
    client: str | None = None,
    level: float = 0.95,
) -> BestTimes:
    """Best weekday × hour slots to post, per account, with empirical-Bayes shrinkage.

    Parameters
    ----------
    posts : DataFrame or Workspace
        Organic posts (``published_at`` tz-aware, the ``by`` columns and the
        metric's columns), or a :class:`smtools.Workspace` whose ``posts``
        table is aggregated inside DuckDB.
    tz : str, optional
        The client's time zone (IANA name): slots are read in local time. When
        omitted, the zone of ``published_at`` (UTC for canonical data, with a note).
    top : int
        Slots recommended per account.
    metric : str
        One of :data:`METRICS`: ``er_impressions`` (default), ``er_reach``,
        ``er_followers``, ``ctr``, ``video_view_rate``, or a count per post
        (``engagements``, ``impressions``, ``reach``, ``clicks``).
    by : str or list of str
        Columns naming an account (``"channel"``, or ``["client", "channel"]``).
    client : str, optional
        Only this client's posts.
    level : float
        Level of the lift intervals.

    Returns
    -------
    BestTimes
        ``.to_frame()`` (per cell), ``.recommendations`` (top slots),
        ``.model`` (per account), ``.plot(channel=...)`` (heatmap).

    Raises
    ------
    DataError
        Missing columns, naive timestamps, an unknown metric or time zone, or
        no cell holding two posts (the spread within a cell cannot be estimated).

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({
    ...     "channel": "linkedin",
    ...     "published_at": pd.to_datetime(["2025-03-04 07:10", "2025-03-04 07:40",
    ...                                     "2025-03-05 12:05", "2025-03-05 12:30"], utc=True),
    ...     "impressions": [1000.0, 1200.0, 900.0, 1100.0], "likes": [40.0, 50.0, 9.0, 12.0]})
    >>> bt = best_times(posts, tz="Europe/London", top=1)
    >>> bt.recommendations[["slot", "posts"]].to_dict("records")
    [{'slot': 'Tuesday 07:00', 'posts': 2}]
    """
    from smtools.workspace import Workspace

    if metric not in METRICS:
        raise DataError(f"unknown metric {metric!r}", column="metric",
                        hint=f"use one of {', '.join(METRICS)}")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise DataError(f"parameter top={top!r} must be a positive whole number",
                        column="top", hint="use e.g. top=3")
    z = z_value(level)
    keys = keys_list(by)
    if not keys:
        raise DataError("parameter by= names no account column", column="by",
                        hint="use by='channel'")
    notes: list[str] = []
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        if isinstance(posts, Workspace):
            if not posts.path.exists():
                raise DataError(f"no workspace at {posts.path}", column="posts",
                                hint="run `smtools demo-data` or ingest exports first")
            con.execute(f"ATTACH {sql_string(str(posts.path))} AS ws (READ_ONLY)")
            cond = ""
            if client is not None:
                from smtools.workspace import check_slug

                cond = f" WHERE client = {sql_string(check_slug(client))}"
            con.execute(f"CREATE VIEW src AS SELECT * FROM ws.posts{cond}")
            if tz is None:
                zone, notes = "UTC", ["days and hours are in UTC: pass tz= the client's "
                                      "time zone"]
            else:
                zone = check_tz(tz)
            source = f"workspace {posts.path.name}, posts table"
        elif isinstance(posts, pd.DataFrame):
            if "published_at" not in posts.columns:
                raise DataError("the posts data has no column 'published_at'",
                                column="published_at",
                                hint="map the publication time of each post to published_at")
            frame = posts
            if client is not None and "client" in frame.columns:
                frame = frame[frame["client"] == client]
            zone, notes = data_tz(frame["published_at"], tz, column="published_at")
            con.register("src", frame)
            source = "posts given"
        else:
            raise DataError(f"cannot find best times in a {type(posts).__name__}",
                            column="posts", hint="pass a posts DataFrame or a Workspace")
        cols = [r[0] for r in con.execute("DESCRIBE src").fetchall()]
        agg = _cells_sql(con, cols, keys, metric, zone)
    finally:
        con.close()
    if agg.empty:
        raise DataError("there are no posts with the metric's columns filled in",
                        column=METRICS[metric][0],
                        hint="check the filters (client=) and that the metric's columns "
                        "hold numbers")
    skipped = int(agg["posts"].sum() - agg["n"].sum())
    if skipped:
        den = METRICS[metric][1]
        notes.append(f"{skipped:,} posts left out: no {METRICS[metric][0]}"
                     + (f" or no {den}" if den else ""))
    cells, model = _fit(agg, keys, z)
    recs = _recommend(cells, keys, top)
    return BestTimes(cells=cells, recommendations=recs, model=model, metric=metric, tz=zone,
                     by=keys, level=level, top=int(top), source=source, notes=notes)


def _cells_sql(con: duckdb.DuckDBPyConnection, cols: list[str], keys: list[str], metric: str,
               zone: str) -> pd.DataFrame:
    """Per account × weekday × hour: posts, usable posts, mean and spread of y, sums."""
    num, den, _ = METRICS[metric]
    missing = [k for k in keys if k not in cols]
    if missing:
        raise DataError(f"the posts data has no column {missing[0]!r}", column=missing[0],
                        hint="name the account with by= (e.g. by='channel')")
    num_expr = engagement_sql(cols) if num == "engagements" else (
        f'"{num}"' if num in cols else None)
    if num_expr is None:
        raise DataError(f"the posts data has no column {num!r}", column=num,
                        hint="add it, or choose another metric=" if num != "engagements" else
                        "add an engagements column or likes, comments, shares, saves")
    if den is not None and den not in cols:
        raise DataError(f"the posts data has no column {den!r} (the denominator of {metric})",
                        column=den, hint=f"add {den}, or choose another metric=")
    if den is None:
        y = "CASE WHEN num >= 0 THEN ln(num + 0.5) END"
        den_sel = "CAST(1 AS DOUBLE)"
    else:
        y = "CASE WHEN den > 0 AND num >= 0 THEN ln((num + 0.5) / den) END"
        den_sel = f'CAST("{den}" AS DOUBLE)'
    key_sel = ", ".join(f'"{k}"' for k in keys)
    local = f"timezone({sql_string(zone)}, published_at)"
    sql = f"""
        WITH p AS (
            SELECT {key_sel}, CAST(isodow({local}) - 1 AS INTEGER) AS weekday,
                   CAST(hour({local}) AS INTEGER) AS hour,
                   CAST({num_expr} AS DOUBLE) AS num, {den_sel} AS den
            FROM src WHERE published_at IS NOT NULL
        ), q AS (SELECT *, {y} AS y FROM p)
        SELECT {key_sel}, weekday, hour, count(*) AS posts, count(y) AS n,
               avg(y) AS ybar, coalesce(var_pop(y), 0) * count(y) AS ss,
               sum(num) FILTER (WHERE y IS NOT NULL) AS num,
               sum(den) FILTER (WHERE y IS NOT NULL) AS den
        FROM q GROUP BY ALL ORDER BY ALL
    """
    return con.sql(sql).to_arrow_table().to_pandas()


def _ml_tau2(ybar: np.ndarray, v: np.ndarray) -> float:
    """τ² maximising the marginal likelihood of ȳ_c ~ N(μ, τ² + v_c), μ profiled out."""
    def nll(t2: float) -> float:
        w = 1.0 / (t2 + v)
        mu = np.sum(w * ybar) / np.sum(w)
        return 0.5 * float(np.sum(np.log(t2 + v) + w * (ybar - mu) ** 2))

    spread = float(np.var(ybar))
    if len(ybar) < 2 or spread <= 0:
        return 0.0
    upper = np.log(10.0 * spread + 1e-12)
    lower = np.log(max(spread, float(np.median(v))) * 1e-6 + 1e-300)
    res = optimize.minimize_scalar(lambda t: nll(float(np.exp(t))), bounds=(lower, upper),
                                   method="bounded", options={"xatol": 1e-6})
    best = float(np.exp(res.x))
    return 0.0 if nll(0.0) <= nll(best) else best


def _fit(agg: pd.DataFrame, keys: list[str], z: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    agg = agg[agg["n"] > 0].reset_index(drop=True)
    groups = agg.groupby(keys, sort=True, dropna=False).indices
    # pooled within-cell variance per account, falling back to all accounts together
    ss_all, df_all = float(agg["ss"].sum()), float((agg["n"] - 1).sum())
    if df_all <= 0:
        raise DataError("no weekday × hour cell holds two posts: the spread of posts within "
                        "a cell cannot be estimated", column="published_at",
                        hint="use a longer period of posts")
    sigma2_all = ss_all / df_all
    parts, rows = [], []
    for acc, idx in groups.items():
        g = agg.iloc[idx].copy()
        n = g["n"].to_numpy(dtype=float)
        ybar = g["ybar"].to_numpy(dtype=float)
        dfree = float((n - 1).sum())
        sigma2 = float(g["ss"].sum()) / dfree if dfree > 0 else sigma2_all
        sigma2 = max(sigma2, 1e-12)  # identical posts within cells: no sampling noise
        v = sigma2 / n
        tau2 = _ml_tau2(ybar, v)
        w = 1.0 / (tau2 + v)
        mu = float(np.sum(w * ybar) / np.sum(w))
        b = tau2 / (tau2 + v) if tau2 > 0 else np.zeros_like(v)
        theta = mu + b * (ybar - mu)
        sd = np.sqrt(b * v)
        rate_all = float(g["num"].sum() / g["den"].sum()) if g["den"].sum() > 0 else np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(g["den"] > 0, g["num"] / g["den"], np.nan)
        g["rate"] = rate
        g["raw_lift"] = rate / rate_all if rate_all > 0 else np.nan
        g["lift"] = np.exp(theta - mu)
        g["lift_low"] = np.exp(theta - mu - z * sd)
        g["lift_high"] = np.exp(theta - mu + z * sd)
        g["shrinkage"] = b
        parts.append(g)
        acc_t = acc if isinstance(acc, tuple) else (acc,)
        rows.append({**dict(zip(keys, acc_t, strict=True)), "posts": int(n.sum()),
                     "cells": len(g), "rate": rate_all, "mu": mu, "tau": float(np.sqrt(tau2)),
                     "sigma": float(np.sqrt(sigma2)),
                     "method": "normal–normal model on log rates, τ² by maximum marginal "
                               "likelihood (Morris 1983)"})
    cells = pd.concat(parts, ignore_index=True)
    cells["posts"] = cells["posts"].astype(int)
    cells["weekday_name"] = [WEEKDAYS[d] for d in cells["weekday"]]
    cells = cells[[*keys, "weekday", "weekday_name", "hour", "posts", "rate", "raw_lift",
                   "lift", "lift_low", "lift_high", "shrinkage"]]
    return cells, pd.DataFrame(rows)


def _recommend(cells: pd.DataFrame, keys: list[str], top: int) -> pd.DataFrame:
    ordered = cells.sort_values([*keys, "lift", "posts"],
                                ascending=[True] * len(keys) + [False, False])
    best = ordered.groupby(keys, sort=True, dropna=False).head(top).copy()
    best["rank"] = best.groupby(keys, sort=False, dropna=False).cumcount() + 1
    best["slot"] = [slot_label(d, h) for d, h in zip(best["weekday"], best["hour"],
                                                    strict=True)]
    best = best.rename(columns={"weekday": "weekday_index"})
    best["weekday"] = best["weekday_name"]
    return best[[*keys, "rank", "weekday", "hour", "slot", "lift", "lift_low", "lift_high",
                 "posts", "rate", "raw_lift", "weekday_index"]].reset_index(drop=True)
