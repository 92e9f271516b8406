"""A first look at a client's data: what is there, over which dates, and its trends.

Examples
--------
>>> import pandas as pd
>>> perf = pd.DataFrame({"date": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14"]),
...                      "channel": ["facebook"] * 3, "spend": [10.0, 20.0, 5.0],
...                      "currency": ["EUR"] * 3})
>>> totals(perf, "spend", freq="W")["spend"].tolist()
[30.0, 5.0]
>>> totals(perf, "spend", freq="W", complete=True)["spend"].tolist()  # week of 13 Jan is cut
[30.0]
"""

from __future__ import annotations

import pandas as pd

from smtools import tables
from smtools.errors import DataError
from smtools.workspace import Workspace

__all__ = ["coverage", "totals", "single_currency", "NOT_ADDITIVE"]

#: Measures that must never be summed across rows.
NOT_ADDITIVE = frozenset({"reach", "followers", "sentiment", "share"})


def coverage(ws: Workspace, client: str) -> pd.DataFrame:
    """Rows, date range and channels of every canonical table for one client.

    Parameters
    ----------
    ws : Workspace
        The workspace to read.
    client : str
        Client slug.

    Returns
    -------
    DataFrame
        Indexed by table name, columns ``rows``, ``first``, ``last``, ``channels``.

    Examples
    --------
    >>> import tempfile
    >>> coverage(Workspace(tempfile.mkdtemp() + "/w.duckdb"), "acme")["rows"].sum()
    np.int64(0)
    """
    rows = []
    for name, spec in tables.TABLES.items():
        time_col = next((c.name for c in spec.columns if c.kind in ("date", "timestamp")), None)
        has_channel = "channel" in spec.names
        if not ws.path.exists():
            rows.append({"table": name, "rows": 0, "first": pd.NaT, "last": pd.NaT,
                         "channels": ""})
            continue
        select = ["count(*) AS rows"]
        if time_col:
            select += [f"min({time_col}) AS first", f"max({time_col}) AS last"]
        if has_channel:
            select.append("string_agg(DISTINCT channel, ', ' ORDER BY channel) AS channels")
        try:
            got = ws.query(f"SELECT {', '.join(select)} FROM {name} WHERE client = ?", [client])
        except Exception:  # the table does not exist yet in this workspace
            got = pd.DataFrame({"rows": [0]})
        rec = got.iloc[0].to_dict()
        rows.append({
            "table": name,
            "rows": int(rec.get("rows", 0)),
            "first": _day(rec.get("first")),
            "last": _day(rec.get("last")),
            "channels": rec.get("channels") or "",
        })
    return pd.DataFrame(rows).set_index("table")


_PERIODS = {"D": "D", "W": "W-SUN", "M": "M"}


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    """Start of the day, week (Monday) or month of each date."""
    if freq not in _PERIODS:
        raise DataError(f"parameter freq={freq!r} is not a period", column="freq",
                        hint="use D (days), W (weeks starting Monday) or M (months)")
    return dates.dt.to_period(_PERIODS[freq]).dt.start_time


def _day(value: object) -> pd.Timestamp:
    if value is None or value is pd.NaT:
        return pd.NaT
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return pd.NaT
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


def single_currency(frame: pd.DataFrame, *, what: str = "amounts") -> str | None:
    """The one currency of ``frame``; refuses to go on when amounts mix currencies.

    Examples
    --------
    >>> single_currency(pd.DataFrame({"currency": ["EUR", "EUR", None]}))
    'EUR'
    """
    if "currency" not in frame.columns:
        return None
    codes = sorted(frame["currency"].dropna().unique())
    if len(codes) > 1:
        raise DataError(
            f"{what} are in several currencies ({', '.join(codes)}) and are never added together",
            column="currency", hint="filter one currency first, or convert to one currency",
        )
    return codes[0] if codes else None


def totals(
    frame: pd.DataFrame,
    value: str | list[str],
    *,
    by: str | list[str] | None = None,
    freq: str = "W",
    date: str = "date",
    complete: bool = False,
) -> pd.DataFrame:
    """Sum additive measures by period (and by ``by``), as a tidy frame.

    Parameters
    ----------
    frame : DataFrame
        A canonical table (or any frame with a date column).
    value : str or list of str
        Additive measures to sum (reach, followers and other non-additive
        measures are refused).
    by : str or list of str, optional
        Extra grouping columns, e.g. ``"channel"``.
    freq : {"D", "W", "M"}
        Days, weeks starting on Monday, or calendar months.
    date : str
        The date column.
    complete : bool
        Keep only periods the data covers from their first to their last day
        (a half-covered first or last week would look like a drop).

    Returns
    -------
    DataFrame
        One row per period (and group), the period start in column ``date``.

    Examples
    --------
    >>> f = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...                   "spend": [1.0, 2.0], "currency": ["EUR", "EUR"]})
    >>> totals(f, "spend", freq="M")["spend"].tolist()
    [1.0, 2.0]
    """
    values = [value] if isinstance(value, str) else list(value)
    refused = [v for v in values if v in NOT_ADDITIVE]
    if refused:
        raise DataError(
            f"{', '.join(refused)} cannot be summed across rows (not additive)",
            column=refused[0], hint="use the reach module to combine reach, or take a maximum",
        )
    keys = [by] if isinstance(by, str) else list(by or [])
    if any(v in ("spend", "revenue", "value") for v in values):
        single_currency(frame)
    dates = frame[date]
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    period = _period_start(dates, freq)
    grouped = frame.assign(**{date: period}).groupby([date, *keys], observed=True)[values].sum(
        min_count=1
    ).reset_index()
    if complete and len(dates):
        first, last = dates.min().normalize(), dates.max().normalize()
        starts = grouped[date]
        ends = (starts.dt.to_period(_PERIODS[freq]).dt.end_time).dt.normalize()
        grouped = grouped[(starts >= first) & (ends <= last)].reset_index(drop=True)
    return grouped


def counts(
    frame: pd.DataFrame,
    *,
    date: str,
    by: str | None = None,
    freq: str = "W",
    tz: str | None = None,
) -> pd.DataFrame:
    """Number of rows per period (and per ``by``), periods in the client's time zone.

    Examples
    --------
    >>> f = pd.DataFrame({"ts": pd.to_datetime(["2025-01-06 23:30", "2025-01-07 10:00"],
    ...                                        utc=True), "channel": ["x", "x"]})
    >>> counts(f, date="ts", by="channel", tz="Europe/Paris")["rows"].tolist()
    [2]
    """
    dates = frame[date]
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_convert(tz or "UTC").dt.tz_localize(None)
    period = _period_start(dates, freq).rename("date")
    keys = [period] + ([frame[by]] if by else [])
    out = frame.groupby(keys, observed=True).size().rename("rows").reset_index()
    return out


def coverage_table(coverage: pd.DataFrame) -> pd.DataFrame:
    """The coverage frame made readable: tables with data only, dates as text.

    Examples
    --------
    >>> cov = pd.DataFrame({"rows": [3, 0], "first": pd.to_datetime(["2025-01-01", None]),
    ...                     "last": pd.to_datetime(["2025-01-31", None]),
    ...                     "channels": ["facebook", ""]}, index=["performance", "posts"])
    >>> coverage_table(cov).to_dict("records")
    [{'Table': 'performance', 'Rows': '3', 'From': '2025-01-01', 'To': '2025-01-31',
      'Networks': 'facebook'}]
    """
    present = coverage[coverage["rows"] > 0]
    return pd.DataFrame({
        "Table": present.index,
        "Rows": [f"{n:,}" for n in present["rows"]],
        "From": [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in present["first"]],
        "To": [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in present["last"]],
        "Networks": list(present["channels"]),
    }).reset_index(drop=True)


def summary(brief: object, coverage: pd.DataFrame) -> str:
    """A short Markdown introduction: the client, its campaign and the data span.

    Examples
    --------
    >>> from smtools.brief import Brief
    >>> b = Brief.from_dict({"client": "acme", "name": "Acme", "currency": "EUR",
    ...     "timezone": "Europe/Paris", "campaign": {"name": "Spring", "start": "2026-03-02",
    ...     "end": "2026-03-29", "objective": "sales", "budget": 12000},
    ...     "channels": {"facebook": {}}})
    >>> cov = pd.DataFrame({"rows": [0], "first": [pd.NaT], "last": [pd.NaT],
    ...                     "channels": [""]}, index=["performance"])
    >>> print(summary(b, cov).splitlines()[0])
    ## Acme at a glance
    """
    from smtools import networks
    from smtools.brief import Brief
    from smtools.fmt import markdown_text

    assert isinstance(brief, Brief)
    c = brief.campaign
    nets = ", ".join(networks.display(n) for n in brief.channel_names)
    lines = [
        f"## {markdown_text(brief.name)} at a glance",
        "",
        f"Campaign **{markdown_text(c.name)}** runs from {c.start:%d %B %Y} to {c.end:%d %B %Y} "
        f"({c.days} days) with a budget of {c.budget:,.0f} {brief.currency} for the "
        f"objective *{c.objective.replace('_', ' ')}*, on {nets}.",
    ]
    total = int(coverage["rows"].sum())
    if total == 0:
        lines += ["", "The workspace holds no data for this client yet."]
    else:
        first = coverage["first"].min()
        last = coverage["last"].max()
        lines += ["", f"The workspace holds {total:,} rows for this client, from "
                  f"{first:%d %B %Y} to {last:%d %B %Y}."]
    return "\n".join(lines)


_KPI_COLUMNS = (("spend", "spend", "money"), ("impressions", "impressions", "count"),
                ("clicks", "clicks", "count"), ("conversions", "conversions", "count"),
                ("revenue", "revenue", "money"), ("ctr", "ctr", "percent"),
                ("cpm", "cpm", "cost"), ("cpc", "cpc", "cost"), ("cpa", "cpa", "cost"),
                ("roas", "roas", "ratio"), ("er_impressions", "engagement_rate", "percent"))
_KEYS = {"channel": {"en": "Network", "fr": "Réseau"}, "week": {"en": "Week", "fr": "Semaine"},
         "month": {"en": "Month", "fr": "Mois"}, "format": {"en": "Format", "fr": "Format"},
         "campaign": {"en": "Campaign", "fr": "Campagne"}}


def kpi_view(table: object, *, language: str = "en") -> pd.DataFrame:
    """A KPI table made readable: the columns a client reads, formatted for ``language``.

    Examples
    --------
    >>> from smtools.channel import kpis
    >>> perf = pd.DataFrame({"channel": ["facebook"], "impressions": [2000.0],
    ...                      "clicks": [30.0], "spend": [12.0], "currency": ["EUR"]})
    >>> kpi_view(kpis(perf, by="channel")).to_dict("records")
    [{'Network': 'Facebook', 'Spend': '€12', 'Impressions': '2,000', 'Clicks': '30', \
'CTR': '1.50%', 'CPM': '€6.00', 'CPC': '€0.40'}]
    """
    from smtools import fmt, networks
    from smtools.channel import KpiTable

    assert isinstance(table, KpiTable)
    frame = table.to_frame()
    currency = table.currency or ""
    out = pd.DataFrame(index=range(len(frame)))
    lang = "fr" if language == "fr" else "en"
    for key in table.by:
        values = frame.index.get_level_values(key) if key in frame.index.names else frame[key]
        name = _KEYS.get(key, {}).get(lang) or key.replace("_", " ").capitalize()
        out[name] = [networks.display(str(v)) if key == "channel" else str(v) for v in values]
    for col, word, kind in _KPI_COLUMNS:
        if col not in frame.columns or not frame[col].notna().any():
            continue
        name = fmt.label(word, lang)
        name = name[0].upper() + name[1:]
        values = frame[col].to_numpy()
        if kind == "money":
            out[name] = [fmt.money(v, currency, language) for v in values]
        elif kind == "cost":
            out[name] = [fmt.money(v, currency, language, decimals=2) for v in values]
        elif kind == "percent":
            out[name] = [fmt.percent(v, language, decimals=2) for v in values]
        elif kind == "ratio":
            out[name] = [fmt.number(v, language, decimals=2) for v in values]
        else:
            out[name] = [fmt.number(v, language) for v in values]
    return out
