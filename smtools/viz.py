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

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from smtools import networks

__all__ = ["theme", "PALETTE", "finish", "source_note", "bars", "lines", "money_axis",
           "percent_axis", "network_colours", "table"]

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


def source_note(ax: Axes, text: str) -> Axes:
    """Write the source line under the axes (replacing an earlier one).

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
    ax.annotate(label, xy=(0, 0), xycoords="axes fraction", xytext=(0, -38),
                textcoords="offset points", ha="left", va="top", fontsize=8.5,
                color="#555555", gid=_SOURCE_TAG, annotation_clip=False)
    return ax


def finish(ax: Axes, *, title: str, xlabel: str, ylabel: str, source: str) -> Axes:
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
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return source_note(ax, source)


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
    """
    styler = frame.style.format(precision=2, thousands=",", na_rep="–", escape="html")
    if formats:
        styler = styler.format(formats, na_rep="–")
    if not index:
        styler = styler.hide(axis="index")
    if caption:
        import html as htmlmod

        styler = styler.set_caption(htmlmod.escape(caption))
    return styler
