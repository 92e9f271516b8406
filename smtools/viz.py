"""One look for every chart: a seaborn theme and small chart helpers.

Every chart smtools draws has a title, axes labelled with their units and a
source line under it. Chart functions take data first, options keyword-only,
accept ``ax=`` and return the axes they drew on.

Examples
--------
>>> import pandas as pd
>>> from smtools import viz
>>> frame = pd.DataFrame({"channel": ["facebook", "instagram"], "spend": [1200.0, 800.0]})
>>> ax = viz.bars(frame, x="channel", y="spend", title="Spend by network",
...               ylabel="Spend (EUR)", source="Meta Ads Manager export")
>>> ax.get_title()
'Spend by network'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from smtools import networks

__all__ = ["theme", "PALETTE", "finish", "source_note", "bars", "lines", "money_axis",
           "percent_axis", "network_colours", "table", "heatmap", "interval_bars",
           "reach_curve", "frequency_distribution", "trend"]

#: Qualitative palette (colour-blind safe, Okabe–Ito order).
PALETTE: list[str] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
                      "#F0E442", "#000000"]

_SOURCE_TAG = "smtools-source"


def theme() -> None:
    """Apply the smtools seaborn theme (white grid, readable sizes, fixed palette).

    Examples
    --------
    >>> theme()
    """
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        rc={
            "figure.figsize": (8.0, 4.2),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "savefig.bbox": "tight",
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "font.family": "DejaVu Sans",
        },
    )


def network_colours(names: Sequence[str]) -> dict[str, str]:
    """A stable colour per network name (same network, same colour in every chart).

    Examples
    --------
    >>> a = network_colours(["instagram", "facebook"])["facebook"]
    >>> a == network_colours(["facebook"])["facebook"]
    True
    """
    known = list(networks.NETWORKS)
    out = {}
    for name in names:
        key = networks.canonical(str(name))
        i = known.index(key) if key in known else sum(map(ord, key))
        out[name] = PALETTE[i % len(PALETTE)]
    return out


def source_note(ax: Axes, text: str, *, offset: float = 38.0) -> Axes:
    """Write the source line under the axes (replacing an earlier one).

    ``offset`` is its distance below the axes in points (more when the tick
    labels take several lines).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = source_note(ax, "Google Ads")
    >>> [t.get_text() for t in ax.texts]
    ['Source: Google Ads']
    >>> plt.close(fig)
    """
    for t in list(ax.texts):
        if t.get_gid() == _SOURCE_TAG:
            t.remove()
    label = text if text.lower().startswith(("source", "sources")) else f"Source: {text}"
    ax.annotate(label, xy=(0, 0), xycoords="axes fraction", xytext=(0, -offset),
                textcoords="offset points", ha="left", va="top", fontsize=8.5,
                color="#555555", gid=_SOURCE_TAG, annotation_clip=False)
    return ax


def finish(ax: Axes, *, title: str, xlabel: str, ylabel: str, source: str,
           source_offset: float = 38.0) -> Axes:
    """Title, axis labels and source line: the three things every chart must have.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = finish(ax, title="T", xlabel="Week", ylabel="Spend (EUR)", source="workspace")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Week', 'Spend (EUR)')
    >>> plt.close(fig)
    """
    if not title or not xlabel or not ylabel or not source:
        raise ValueError("every chart needs a title, both axis labels and a source")
    # Above an axis whose ticks and label sit at the bottom, the title is pinned at the
    # top edge: matplotlib's automatic placement would measure every axis at each draw
    # (a sixth of the drawing time) only to find nothing there to avoid.
    top = "top" in (ax.xaxis.get_ticks_position(), ax.xaxis.get_label_position())
    ax.set_title(title, **({} if top else {"y": 1.0}))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return source_note(ax, source, offset=source_offset)


def money_axis(ax: Axes, *, axis: str = "y", currency: str = "") -> Axes:
    """Format an axis as amounts with thousands separators (1.2k, 3.4M).

    Examples
    --------
    >>> fig, ax = plt.subplots(); _ = money_axis(ax); plt.close(fig)
    """
    def fmt(v: float, _pos: int) -> str:
        for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(v) >= div:
                return f"{v / div:,.1f}{suffix}".replace(".0", "")
        return f"{v:,.0f}"

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(mticker.FuncFormatter(fmt))
    return ax


def percent_axis(ax: Axes, *, axis: str = "y", decimals: int = 0) -> Axes:
    """Format an axis holding fractions as percentages.

    Examples
    --------
    >>> fig, ax = plt.subplots(); _ = percent_axis(ax); plt.close(fig)
    """
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(mticker.PercentFormatter(1.0, decimals=decimals))
    return ax


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        theme()
        _, ax = plt.subplots()
    return ax


def bars(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    ylabel: str,
    source: str,
    xlabel: str | None = None,
    hue: str | None = None,
    horizontal: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Bar chart of ``y`` by ``x`` (optionally split by ``hue``).

    Examples
    --------
    >>> frame = pd.DataFrame({"channel": ["a", "b"], "clicks": [3.0, 5.0]})
    >>> ax = bars(frame, x="channel", y="clicks", title="Clicks", ylabel="Clicks",
    ...           source="test")
    >>> len(ax.patches)
    2
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    if horizontal:
        sns.barplot(data=data, y=x, x=y, hue=hue, ax=ax, orient="h",
                    errorbar=None, legend=hue is not None)
        finish(ax, title=title, xlabel=ylabel, ylabel=xlabel or x.replace("_", " ").capitalize(),
               source=source)
    else:
        sns.barplot(data=data, x=x, y=y, hue=hue, ax=ax, errorbar=None, legend=hue is not None)
        finish(ax, title=title, xlabel=xlabel or x.replace("_", " ").capitalize(),
               ylabel=ylabel, source=source)
    return ax


def lines(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    ylabel: str,
    source: str,
    xlabel: str | None = None,
    hue: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Line chart of ``y`` over ``x`` (one line per ``hue`` value).

    Examples
    --------
    >>> frame = pd.DataFrame({"week": pd.date_range("2025-01-06", periods=3, freq="W-MON"),
    ...                       "revenue": [10.0, 12.0, 9.0]})
    >>> ax = lines(frame, x="week", y="revenue", title="Revenue", ylabel="Revenue (EUR)",
    ...            source="shop")
    >>> len(ax.lines)
    1
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    palette = network_colours(sorted(data[hue].unique())) if hue else None
    sns.lineplot(data=data, x=x, y=y, hue=hue, ax=ax, palette=palette, linewidth=1.6)
    if pd.api.types.is_datetime64_any_dtype(data[x]):
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    finish(ax, title=title, xlabel=xlabel or x.replace("_", " ").capitalize(), ylabel=ylabel,
           source=source)
    if hue:
        ax.legend(title=None, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    formats: dict[str, str] | None = None,
    index: bool = False,
) -> pd.io.formats.style.Styler:
    """A frame styled for reading: no index, thousands separators, optional caption.

    Parameters
    ----------
    frame : DataFrame
        What to show.
    caption : str, optional
        Caption above the table (escaped).
    formats : dict, optional
        Column → format string (``"{:,.0f}"``, ``"{:.1%}"``); numbers default to
        thousands separators with up to two decimals.
    index : bool
        Show the index.

    Examples
    --------
    >>> html = table(pd.DataFrame({"a": [1234.5]}), caption="T").to_html()
    >>> "1,234.50" in html and "<caption>T</caption>" in html
    True
    >>> hostile = pd.DataFrame({"brand": ["<b>x</b>"], "share": [0.5]})
    >>> table(hostile, formats={"share": "{:.0%}"}).to_html().count("&lt;b&gt;x&lt;/b&gt;")
    1
    """
    styler = frame.style.format(precision=2, thousands=",", na_rep="–", escape="html")
    if formats:  # only these columns; escaped, since each format() call resets escaping
        styler = styler.format(formats, subset=[c for c in formats if c in frame.columns],
                               na_rep="–", escape="html")
    if not index:
        styler = styler.hide(axis="index")
    if caption:
        import html as htmlmod

        styler = styler.set_caption(htmlmod.escape(caption))
    return styler


#: Weekday names, Monday first (weekday 0 = Monday).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def heatmap(
    data: pd.DataFrame,
    *,
    value: str,
    title: str,
    colorbar_label: str,
    source: str,
    x: str = "hour",
    y: str = "weekday",
    counts: str | None = None,
    center: float | None = None,
    xlabel: str = "Hour of day",
    ylabel: str = "Day of week",
    percent: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Weekday × hour heatmap of ``value`` from a tidy frame (one row per cell).

    Parameters
    ----------
    data : DataFrame
        One row per cell with columns ``x`` (hour 0–23), ``y`` (weekday,
        0 = Monday) and ``value``; cells without a row stay blank.
    value : str
        Column coloured.
    title, colorbar_label, source : str
        Title, label of the colour scale (with its unit) and source line.
    counts : str, optional
        Column written in each cell (e.g. the number of posts).
    center : float, optional
        Value at the centre of a diverging scale (1 for a lift, 0 for a change);
        the scale is logarithmic around 1 when ``center == 1``.
    xlabel, ylabel : str
        Axis labels (say the time zone in ``xlabel``).
    percent : bool
        Show the colour scale as percentages.
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes

    Examples
    --------
    >>> cells = pd.DataFrame({"weekday": [0, 0, 3], "hour": [9, 10, 19],
    ...                       "lift": [0.8, 1.1, 2.0], "posts": [4, 6, 9]})
    >>> ax = heatmap(cells, value="lift", counts="posts", center=1.0, title="Best times",
    ...              colorbar_label="Lift (×)", source="test")
    >>> ax.get_ylabel(), len(ax.texts) > 3
    ('Day of week', True)
    >>> plt.close(ax.figure)
    """
    from matplotlib.colors import LogNorm, TwoSlopeNorm

    _need(data, [x, y, value] + ([counts] if counts else []))
    ax = _axes(ax)
    hours = data[x].astype(int)
    lo, hi = (int(hours.min()), int(hours.max())) if len(data) else (0, 23)
    cols = list(range(lo, hi + 1))
    grid = (data.pivot_table(index=y, columns=x, values=value, aggfunc="first", dropna=False)
            .reindex(index=range(7), columns=cols))
    vals = grid.to_numpy(dtype=float)
    finite = vals[np.isfinite(vals)]
    norm = None
    cmap = "viridis"
    if center is not None and finite.size:
        cmap = "RdBu_r"
        if center == 1.0 and (finite > 0).all():
            spread = float(max(np.abs(np.log(finite)).max(), 0.05))
            norm = LogNorm(vmin=float(np.exp(-spread)), vmax=float(np.exp(spread)))
        else:
            spread = float(max(np.abs(finite - center).max(), 1e-9))
            norm = TwoSlopeNorm(vcenter=center, vmin=center - spread, vmax=center + spread)
    image = ax.imshow(np.ma.masked_invalid(vals), aspect="auto", cmap=cmap, norm=norm,
                      interpolation="nearest")
    cmap_obj = image.get_cmap()
    ax.grid(False)
    ax.set_xticks(range(len(cols)), [str(h) for h in cols],
                  fontsize=8 if len(cols) > 12 else None)
    ax.set_yticks(range(7), [d[:3] for d in _WEEKDAYS])
    bar = ax.figure.colorbar(image, ax=ax, pad=0.02)
    bar.set_label(colorbar_label)
    if isinstance(norm, LogNorm):
        lo_v, hi_v = norm.vmin, norm.vmax
        steps = [0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0]
        bar.set_ticks([v for v in steps if lo_v <= v <= hi_v])
        bar.ax.yaxis.set_minor_locator(mticker.NullLocator())
        bar.ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}×"))
    elif percent:
        bar.ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    if counts:
        n = (data.pivot_table(index=y, columns=x, values=counts, aggfunc="first")
             .reindex(index=range(7), columns=cols).to_numpy(dtype=float))
        for (i, j), c in np.ndenumerate(n):
            if np.isfinite(c):
                shade = cmap_obj(image.norm(vals[i, j])) if np.isfinite(vals[i, j]) else None
                dark = shade is not None and (0.299 * shade[0] + 0.587 * shade[1]
                                              + 0.114 * shade[2]) < 0.5
                ax.text(j, i, f"{c:.0f}", ha="center", va="center", fontsize=7,
                        color="white" if dark else "#222222")
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source)


def interval_bars(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    ylabel: str,
    source: str,
    low: str | None = None,
    high: str | None = None,
    xlabel: str | None = None,
    percent: bool = False,
    reference: float | None = None,
    colours: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bars of ``y`` by ``x`` with interval whiskers from ``low`` to ``high``.

    Parameters
    ----------
    data : DataFrame
        One row per bar.
    x, y : str
        Label and value columns.
    low, high : str, optional
        Interval bounds (omit both for plain bars).
    title, ylabel, source : str
        Title, value axis label with its unit, source line.
    xlabel : str, optional
        Category axis label (``x`` in words by default).
    percent : bool
        Show values as percentages.
    reference : float, optional
        Draw a dashed line at this value (e.g. 1 for a ratio).
    colours : list of str, optional
        One colour per bar.
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes

    Examples
    --------
    >>> frame = pd.DataFrame({"format": ["image", "reel"], "er": [0.02, 0.035],
    ...                       "lo": [0.018, 0.03], "hi": [0.022, 0.04]})
    >>> ax = interval_bars(frame, x="format", y="er", low="lo", high="hi",
    ...                    title="ER by format", ylabel="Engagement rate (%)", source="test",
    ...                    percent=True)
    >>> len(ax.patches), len(ax.collections) >= 1
    (2, True)
    >>> plt.close(ax.figure)
    """
    _need(data, [x, y] + [c for c in (low, high) if c])
    if (low is None) != (high is None):
        raise ValueError("give both low= and high=, or neither")
    import textwrap

    ax = _axes(ax)
    labels = [textwrap.fill(str(v), 14) for v in data[x]]
    lines_per_label = max((label.count("\n") + 1 for label in labels), default=1)
    values = data[y].to_numpy(dtype=float)
    pos = np.arange(len(labels))
    ax.bar(pos, np.nan_to_num(values), color=list(colours) if colours else PALETTE[0],
           width=0.7)
    if low is not None and high is not None:
        lo = data[low].to_numpy(dtype=float)
        hi = data[high].to_numpy(dtype=float)
        ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(values)
        if ok.any():
            yerr = np.vstack([values[ok] - lo[ok], hi[ok] - values[ok]]).clip(min=0)
            ax.errorbar(pos[ok], values[ok], yerr=yerr, fmt="none", ecolor="#333333",
                        capsize=4, linewidth=1)
    if reference is not None:
        ax.axhline(reference, color="#555555", linestyle="--", linewidth=1)
    ax.set_xticks(pos, labels)
    if percent:
        top = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
        percent_axis(ax, decimals=0 if top >= 0.1 else 1 if top >= 0.01 else 2)
    return finish(ax, title=title, xlabel=xlabel or x.replace("_", " ").capitalize(),
                  ylabel=ylabel, source=source, source_offset=38.0 + 12.0 * (lines_per_label - 1))


def reach_curve(
    data: pd.DataFrame,
    *,
    x: str,
    y: str = "reach",
    source: str,
    title: str = "Reach curve",
    xlabel: str | None = None,
    ylabel: str = "Reach (% of target population)",
    hue: str | None = None,
    points: pd.DataFrame | None = None,
    money: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Reach (a fraction of the target) against budget, GRP, impressions or insertions.

    Parameters
    ----------
    data : DataFrame
        Points of the curve: ``x`` and ``y`` (reach as a fraction, 0.3 = 30%).
    x : str
        Column on the horizontal axis (budget, grp, impressions, insertions…).
    y : str
        Reach column (fractions).
    source, title, xlabel, ylabel : str
        Source line, title and axis labels (say the unit in ``xlabel``).
    hue : str, optional
        One curve per value (e.g. channel).
    points : DataFrame, optional
        Observed or planned points (same ``x`` and ``y`` columns) marked on the curve.
    money : bool
        Format the horizontal axis as amounts.
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes

    Examples
    --------
    >>> curve = pd.DataFrame({"grp": [0, 100, 200, 400], "reach": [0, 0.4, 0.55, 0.7]})
    >>> ax = reach_curve(curve, x="grp", xlabel="GRP (points)", source="test")
    >>> ax.get_ylabel()
    'Reach (% of target population)'
    >>> plt.close(ax.figure)
    """
    _need(data, [x, y] + ([hue] if hue else []))
    ax = _axes(ax)
    groups = list(data.groupby(hue, sort=True)) if hue else [(None, data)]
    colours = network_colours([str(g) for g, _ in groups]) if hue else {}
    for name, part in groups:
        part = part.sort_values(x)
        ax.plot(part[x], part[y], color=colours.get(str(name), PALETTE[0]), linewidth=1.8,
                label=None if name is None else str(name))
    if points is not None and len(points):
        _need(points, [x, y])
        ax.scatter(points[x], points[y], color=PALETTE[3], zorder=3, s=28,
                   label="observed / planned")
    top = float(np.nanmax(data[y].to_numpy(dtype=float))) if len(data) else 1.0
    ax.set_ylim(0, min(1.0, max(top * 1.1, 0.05)))
    ax.set_xlim(left=0)
    percent_axis(ax, decimals=0)
    if money:
        money_axis(ax, axis="x")
    if hue or (points is not None and len(points)):
        ax.legend(loc="lower right")
    return finish(ax, title=title, xlabel=xlabel or x.replace("_", " ").capitalize(),
                  ylabel=ylabel, source=source)


def frequency_distribution(
    data: pd.DataFrame,
    *,
    source: str,
    frequency: str = "frequency",
    share: str = "share",
    title: str = "Frequency distribution",
    xlabel: str = "Times exposed (exposures per person)",
    ylabel: str = "People exposed (% of target population)",
    effective: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bars of the share of the target exposed exactly 1, 2, … times.

    Parameters
    ----------
    data : DataFrame
        ``frequency`` (1, 2, …; a row 0 is left out) and ``share`` (fractions).
    source, title, xlabel, ylabel : str
        Source line, title and axis labels.
    effective : int, optional
        Highlight the bars at or above this frequency (effective frequency).
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes

    Examples
    --------
    >>> dist = pd.DataFrame({"frequency": [0, 1, 2, 3], "share": [0.4, 0.3, 0.2, 0.1]})
    >>> ax = frequency_distribution(dist, effective=2, source="test")
    >>> len(ax.patches)
    3
    >>> plt.close(ax.figure)
    """
    _need(data, [frequency, share])
    ax = _axes(ax)
    shown = data[data[frequency].astype(float) > 0].sort_values(frequency)
    k = shown[frequency].to_numpy(dtype=float)
    colours = [PALETTE[2] if effective is not None and f >= effective else PALETTE[0]
               for f in k]
    ax.bar(k, shown[share].to_numpy(dtype=float), color=colours, width=0.8)
    if len(k) <= 20:
        ax.set_xticks(k, [f"{v:.0f}" for v in k])
    if effective is not None:
        from matplotlib.patches import Patch

        eff = float(shown.loc[shown[frequency] >= effective, share].sum())
        ax.legend(handles=[Patch(color=PALETTE[2], label=f"{effective}+ exposures "
                                 f"({eff:.1%} of the target)")], loc="upper right")
    percent_axis(ax, decimals=0)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source)


def trend(
    data: pd.DataFrame,
    *,
    y: str,
    title: str,
    ylabel: str,
    source: str,
    x: str = "date",
    trend: str | None = None,
    anomalies: str | None = None,
    windows: Any = None,
    xlabel: str = "Date",
    percent: bool = False,
    label: str | None = None,
    trend_label: str = "trend",
    ax: Axes | None = None,
) -> Axes:
    """A series over time with its trend, flagged anomalies and shaded windows.

    Parameters
    ----------
    data : DataFrame
        ``x`` (dates) and ``y`` (values); optionally a ``trend`` column and a
        boolean ``anomalies`` column.
    y : str
        Values.
    title, ylabel, source : str
        Title, value axis label with its unit, source line.
    x : str
        Date column.
    trend : str, optional
        Column drawn as the trend line.
    anomalies : str, optional
        Boolean column: points marked as anomalies.
    windows : DataFrame or list of (start, end), optional
        Periods shaded (e.g. crisis windows), inclusive days; a frame needs
        ``start`` and ``end`` columns.
    xlabel : str
        Horizontal axis label.
    percent : bool
        Show values as percentages.
    label, trend_label : str, optional
        Legend of the series (``y`` in words by default) and of the trend line.
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=30),
    ...                   "mentions": [10.0] * 30})
    >>> d.loc[12, "mentions"] = 40.0
    >>> d["flag"] = d["mentions"] > 20
    >>> ax = trend(d, y="mentions", anomalies="flag", windows=[("2025-01-13", "2025-01-14")],
    ...            title="Mentions", ylabel="Mentions per day", source="test")
    >>> len(ax.patches), ax.get_xlabel()
    (1, 'Date')
    >>> plt.close(ax.figure)
    """
    _need(data, [x, y] + [c for c in (trend, anomalies) if c])
    ax = _axes(ax)
    dates = pd.to_datetime(data[x])
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    ax.plot(dates, data[y], color=PALETTE[0], linewidth=1.1,
            label=label or y.replace("_", " "))
    if trend:
        ax.plot(dates, data[trend], color=PALETTE[1], linewidth=2.0, label=trend_label)
    if anomalies:
        flag = data[anomalies].fillna(False).astype(bool).to_numpy()
        if flag.any():
            ax.scatter(dates[flag], data[y].to_numpy()[flag], color=PALETTE[3], zorder=3,
                       s=26, label="anomaly")
    spans = []
    if windows is not None:
        if isinstance(windows, pd.DataFrame):
            _need(windows, ["start", "end"])
            spans = list(zip(windows["start"], windows["end"], strict=True))
        else:
            spans = list(windows)
    for i, (start, end) in enumerate(spans):
        a = pd.Timestamp(start).tz_localize(None) if pd.Timestamp(start).tzinfo else \
            pd.Timestamp(start)
        b = pd.Timestamp(end).tz_localize(None) if pd.Timestamp(end).tzinfo else \
            pd.Timestamp(end)
        ax.axvspan(a, b + pd.Timedelta(days=1), color=PALETTE[3], alpha=0.25, linewidth=0,
                   label="flagged window" if i == 0 else None)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if percent:
        percent_axis(ax, decimals=1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source)


def _need(data: pd.DataFrame, columns: Sequence[str]) -> None:
    from smtools.errors import DataError

    if not isinstance(data, pd.DataFrame):
        raise DataError(f"a chart needs a DataFrame, got a {type(data).__name__}",
                        column="data", hint="pass a tidy DataFrame")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataError(f"the chart data has no column {missing[0]!r}", column=missing[0],
                        hint=f"use one of {', '.join(map(str, data.columns))}")
