"""From the workspace's tidy tables to the wide frame a marketing-mix model reads.

``performance`` (one row per date × channel × campaign × …, with ``spend``)
and ``outcomes`` (one row per date × KPI × region, with ``value``) become one
row per period with one spend column per channel and the KPI as target.

Examples
--------
>>> import pandas as pd
>>> perf = pd.DataFrame({"date": pd.date_range("2025-01-06", periods=14, freq="D"),
...                      "channel": "meta", "spend": 10.0, "currency": "EUR"})
>>> out = pd.DataFrame({"date": pd.date_range("2025-01-06", periods=14, freq="D"),
...                     "kpi": "revenue", "value": 50.0, "currency": "EUR"})
>>> w = wide_frame(perf, out)
>>> w.to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
{'date': [Timestamp('2025-01-06 00:00:00'), Timestamp('2025-01-13 00:00:00')],
 'meta': [70.0, 70.0], 'revenue': [350.0, 350.0]}
>>> w.attrs["currency"], w.attrs["media"]
('EUR', ['meta'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.errors import DataError

__all__ = ["example_frame", "wide_frame"]


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{name} is a {type(frame).__name__}, not a DataFrame", column=name,
                        hint=f"pass the workspace's {name} table")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"the {name} table has no {', '.join(missing)} column",
                        column=missing[0], hint=f"pass the canonical {name} table "
                        f"(Workspace.table('{name}', client=...))")


def _currencies(frame: pd.DataFrame, name: str) -> list[str]:
    if "currency" not in frame.columns:
        return []
    values = frame["currency"].dropna().astype(str)
    return sorted(set(values[values.str.strip() != ""]))


def _days(values: pd.Series) -> pd.Series:
    out = pd.to_datetime(values, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.dt.normalize()


def wide_frame(
    performance: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    kpi: str = "revenue",
    freq: str = "W",
    by: str = "channel",
    complete: bool = True,
) -> pd.DataFrame:
    """Spend per channel and the KPI per period, ready for :meth:`MMM.fit`.

    Parameters
    ----------
    performance : DataFrame
        The canonical ``performance`` table (``date``, ``channel``, ``spend``,
        ``currency``; one client).
    outcomes : DataFrame
        The canonical ``outcomes`` table (``date``, ``kpi``, ``value``,
        ``currency``); regions are summed.
    kpi : str
        The outcome to model (``"revenue"``, ``"orders"``, ``"leads"``…).
    freq : {"W", "D"}
        Weeks (Monday to Sunday, each labelled by its Monday) or days.
    by : str
        The performance column whose values become the media columns.
    complete : bool
        Drop a first or last week that the data covers only partly (its
        spend and outcome would look like a slump).

    Returns
    -------
    DataFrame
        ``date`` (first day of each period), one column per channel (spend,
        0 when nothing was spent) and the KPI column. ``attrs`` holds
        ``target``, ``media``, ``currency``, ``freq``, ``client`` and
        ``dropped`` (partial periods left out), which :meth:`MMM.fit` reads.

    Raises
    ------
    DataError
        Missing columns, several clients, several currencies (spend in two
        currencies, or revenue in another currency than spend), a KPI absent
        from ``outcomes``, days without the KPI inside the modelled range,
        negative spend.
    """
    _require(performance, "performance", ["date", by, "spend"])
    _require(outcomes, "outcomes", ["date", "kpi", "value"])
    if freq not in ("W", "D"):
        raise DataError(f"freq={freq!r} is not supported", column="freq",
                        hint="use 'W' (weeks) or 'D' (days)")
    clients = set()
    for frame in (performance, outcomes):
        if "client" in frame.columns:
            clients |= set(frame["client"].dropna().astype(str))
    if len(clients) > 1:
        raise DataError(f"the tables hold several clients ({', '.join(sorted(clients))})",
                        column="client", hint="filter both tables to one client first")
    spend_cur = _currencies(performance, "performance")
    if len(spend_cur) > 1:
        raise DataError(f"spend is in several currencies ({', '.join(spend_cur)})",
                        column="currency", hint="convert spend to one currency before "
                        "modelling (smtools never mixes currencies silently)")
    rows = outcomes[outcomes["kpi"].astype(str) == kpi]
    if rows.empty:
        kpis = sorted(set(outcomes["kpi"].dropna().astype(str)))
        raise DataError(f"the outcomes table has no {kpi!r} rows", column="kpi",
                        hint=f"use one of {', '.join(kpis) or 'the KPIs you loaded'}")
    kpi_cur = _currencies(rows, "outcomes")
    if len(kpi_cur) > 1:
        raise DataError(f"{kpi} is in several currencies ({', '.join(kpi_cur)})",
                        column="currency", hint="convert the outcome to one currency first")
    if kpi_cur and spend_cur and kpi_cur != spend_cur:
        raise DataError(f"{kpi} is in {kpi_cur[0]} but spend is in {spend_cur[0]}",
                        column="currency", hint="convert one of them so that ROAS compares "
                        "like with like")
    perf = pd.DataFrame({"date": _days(performance["date"]),
                         "channel": performance[by].astype(str),
                         "spend": pd.to_numeric(performance["spend"], errors="coerce")})
    if perf["date"].isna().any():
        raise DataError("some performance dates cannot be read", column="date",
                        hint="fix or drop those rows")
    perf["spend"] = perf["spend"].fillna(0.0)
    if (perf["spend"] < 0).any():
        bad = perf.loc[perf["spend"] < 0].iloc[0]
        raise DataError(f"negative spend for {bad['channel']} on {bad['date']:%Y-%m-%d}",
                        column="spend", hint="spend is never below 0: correct refunds first")
    out = pd.DataFrame({"date": _days(rows["date"]),
                        "value": pd.to_numeric(rows["value"], errors="coerce")})
    if out["date"].isna().any() or out["value"].isna().any():
        raise DataError(f"some {kpi} rows have no date or no value", column="value",
                        hint="fill or drop them")
    channels = sorted(perf["channel"].unique())
    if kpi in channels:
        raise DataError(f"a channel is called {kpi!r} like the KPI", column=by,
                        hint="rename the channel")
    target = out.groupby("date")["value"].sum()
    start = max(perf["date"].min(), target.index.min())
    end = min(perf["date"].max(), target.index.max())
    if end < start:
        raise DataError("the performance and outcomes tables do not overlap in time",
                        column="date", hint="load outcomes for the period the spend covers")
    days = pd.date_range(start, end, freq="D")
    target = target.reindex(days)
    if target.isna().any():
        miss = target.index[target.isna()]
        raise DataError(f"{len(miss)} day(s) between {start:%Y-%m-%d} and {end:%Y-%m-%d} have "
                        f"no {kpi}, first {miss[0]:%Y-%m-%d}", column="value",
                        hint="load the missing outcomes (a day without sales is a 0 row)")
    spend = (perf[(perf["date"] >= start) & (perf["date"] <= end)]
             .pivot_table(index="date", columns="channel", values="spend", aggfunc="sum")
             .reindex(index=days, columns=channels).fillna(0.0))
    daily = spend.assign(**{kpi: target.to_numpy()})
    dropped: list[str] = []
    if freq == "W":
        week = days.to_period("W-SUN").start_time
        counts = pd.Series(1, index=days).groupby(week).size()
        wide = daily.groupby(week).sum()
        if complete:
            partial = counts.index[counts.to_numpy() < 7]
            dropped = [f"{d:%Y-%m-%d}" for d in partial]
            wide = wide.drop(index=partial)
        if wide.empty:
            raise DataError("no complete week of data", column="date",
                            hint="load at least a full Monday-to-Sunday week, or use freq='D'")
    else:
        wide = daily
    wide.index.name = "date"
    frame = wide.reset_index()
    frame.columns.name = None
    frame[channels] = frame[channels].astype(float)
    frame.attrs.update({"target": kpi, "media": list(channels),
                        "currency": spend_cur[0] if spend_cur else None, "freq": freq,
                        "client": next(iter(clients)) if clients else None,
                        "dropped": dropped})
    return frame


def example_frame(n_weeks: int = 104, *, seed: int = 0, noise: float = 400.0) -> pd.DataFrame:
    """A small weekly frame drawn from a known marketing-mix process (for lessons and examples).

    Three channels: ``tv`` (flighted, off 45 % of weeks, slow carry-over),
    ``social`` and ``search`` (mostly on); normalised geometric adstock with
    decay 0.5, 0.2 and 0.1 per week, Hill saturation with the half-saturation
    at 1.0, 0.8 and 1.2 times the channel's mean spend and shapes 1.5, 1.0 and
    1.2, coefficients 15 000, 9 000 and 7 000; a baseline of 20 000 a week
    with a trend and a yearly cycle; normal noise (sd ``noise``).

    Returns
    -------
    DataFrame
        ``date``, ``tv``, ``social``, ``search`` (spend, EUR) and ``sales``
        (EUR); ``attrs`` holds ``target``, ``media``, ``currency``, ``freq`` and
        ``truth`` (``roas`` and ``marginal_roas`` per channel over the frame).

    Examples
    --------
    >>> f = example_frame()
    >>> f.shape, sorted(f.attrs["truth"]["roas"])
    ((104, 5), ['search', 'social', 'tv'])
    """
    from smtools.roi.mmm.transforms import GeometricAdstock, HillSaturation

    rng = np.random.default_rng(seed)
    n = int(n_weeks)
    on = rng.uniform(size=n) < 0.55
    spend = np.column_stack([
        np.where(on, rng.gamma(4.0, 1500.0, n), 0.0),
        rng.gamma(6.0, 400.0, n) * (rng.uniform(size=n) < 0.75),
        rng.gamma(3.0, 600.0, n) * (rng.uniform(size=n) < 0.85)])
    ref = np.array([x[x > 0].mean() for x in spend.T])
    decay = np.array([0.5, 0.2, 0.1])
    sat = {"half_saturation": np.array([1.0, 0.8, 1.2]) * ref, "shape": np.array([1.5, 1.0, 1.2])}
    beta = np.array([15000.0, 9000.0, 7000.0])

    def contribution(x: np.ndarray) -> np.ndarray:
        a = GeometricAdstock().apply(x, {"decay": decay})
        return HillSaturation().apply(a, sat) * beta

    c = contribution(spend)
    up = contribution(spend * 1.01)
    t = np.arange(n)
    base = 20000 + 15 * t + 1500 * np.sin(2 * np.pi * t / 52.18)
    channels = ["tv", "social", "search"]
    frame = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
                          **{ch: spend[:, j].round(2) for j, ch in enumerate(channels)},
                          "sales": (base + c.sum(axis=1) + rng.normal(0, noise, n)).round(2)})
    total = spend.sum(axis=0)
    frame.attrs.update({
        "target": "sales", "media": channels, "currency": "EUR", "freq": "W",
        "truth": {"roas": dict(zip(channels, (c.sum(axis=0) / total).tolist(), strict=True)),
                  "marginal_roas": dict(zip(channels, ((up - c).sum(axis=0) / (0.01 * total))
                                            .tolist(), strict=True))}})
    return frame
