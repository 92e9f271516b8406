"""What a fitted marketing-mix model reports: fit diagnostics and the charts.

Metrics (``fit_metrics``):

* R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (ȳ: mean of the periods scored);
* MAPE = mean |y − ŷ| / |y| over the periods with y ≠ 0;
* NRMSE = √(mean (y − ŷ)²) / (max y − min y) (the range normalisation Robyn uses).

Examples
--------
>>> import numpy as np
>>> m = fit_metrics(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 4.0]))
>>> round(m["r2"], 3), round(m["mape"], 3), round(m["nrmse"], 3)
(0.5, 0.111, 0.289)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Diagnostics", "fit_metrics"]


def fit_metrics(y: np.ndarray, fitted: np.ndarray) -> dict[str, float]:
    """R², MAPE and NRMSE of ``fitted`` against ``y`` (see the module docstring)."""
    y = np.asarray(y, dtype=float)
    f = np.asarray(fitted, dtype=float)
    if not len(y):
        return {"periods": 0, "r2": np.nan, "mape": np.nan, "nrmse": np.nan}
    r = y - f
    ss = float(np.sum((y - y.mean()) ** 2))
    nz = y != 0
    rng = float(np.ptp(y))
    return {"periods": len(y),
            "r2": 1.0 - float(r @ r) / ss if ss > 0 else np.nan,
            "mape": float(np.mean(np.abs(r[nz]) / np.abs(y[nz]))) if nz.any() else np.nan,
            "nrmse": float(np.sqrt(np.mean(r ** 2)) / rng) if rng > 0 else np.nan}


@dataclass(frozen=True, eq=False)
class Diagnostics:
    """How well the model fits: in sample, rolling-origin CV and the held-out last periods.

    ``table`` has one row per check (``in-sample``, ``rolling-origin CV``,
    ``holdout``) and the columns ``periods``, ``r2``, ``mape``, ``nrmse``;
    ``notes`` says how each was computed.

    Examples
    --------
    >>> d = Diagnostics(table=pd.DataFrame({"periods": [10], "r2": [0.9], "mape": [0.05],
    ...                                     "nrmse": [0.08]}, index=["in-sample"]),
    ...                 notes=["in-sample: the final fit"])
    >>> d.to_frame().loc["in-sample", "r2"]
    np.float64(0.9)
    """

    table: pd.DataFrame
    notes: list[str]

    def to_frame(self) -> pd.DataFrame:
        """The metrics, one row per check."""
        return self.table.copy()

    def _repr_html_(self) -> str:
        from smtools import viz

        t = self.table.reset_index(names="check")
        head = ""
        if "holdout" in self.table.index and np.isfinite(self.table.loc["holdout", "mape"]):
            row = self.table.loc["holdout"]
            head = (f"On the {int(row['periods'])} held-out final periods the model's "
                    f"predictions are off by {row['mape']:.1%} on average (MAPE).")
        table = viz.table(t, formats={"r2": "{:.3f}", "mape": "{:.1%}", "nrmse": "{:.3f}",
                                      "periods": "{:,.0f}"}).to_html()
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return f"<p>{html.escape(head)}</p>{table}<ul><small>{notes}</small></ul>"

    def plot(self, ax: Axes | None = None) -> Axes:
        """R² and NRMSE per check as bars."""
        from smtools import viz

        ax = new_axes(ax)
        t = self.table.reset_index(names="check").melt(
            id_vars="check", value_vars=["r2", "nrmse"], var_name="metric")
        import seaborn as sns

        sns.barplot(data=t, x="check", y="value", hue="metric", ax=ax)
        viz.finish(ax, title="Fit diagnostics", xlabel="Check", ylabel="Value (ratio)",
                   source="smtools marketing-mix model")
        return ax


def new_axes(ax: Axes | None) -> Axes:
    """``ax`` or a new figure in the smtools theme."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    from smtools import viz

    viz.theme()
    _, new = plt.subplots()
    return new


def plot_contributions(frame: pd.DataFrame, observed: pd.Series, *, channels: list[str],
                       target: str, unit: str, source: str, ax: Axes | None = None) -> Axes:
    """Stacked areas: the base (everything not media) then each channel; observed as a line."""
    import matplotlib.dates as mdates

    from smtools import viz

    ax = new_axes(ax)
    wide = frame.pivot(index="date", columns="component", values="contribution")
    base = wide.drop(columns=channels).sum(axis=1)
    layers = [base] + [wide[c] for c in channels]
    colours = ["#BBBBBB"] + [viz.network_colours(channels)[c] for c in channels]
    ax.stackplot(wide.index, *[layer.to_numpy() for layer in layers], labels=["base", *channels],
                 colors=colours, alpha=0.85, lw=0)
    ax.plot(observed.index, observed.to_numpy(), color="#222222", lw=1.0, label="observed")
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    viz.money_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    viz.finish(ax, title=f"What drove {target}", xlabel="Period",
               ylabel=f"{target.capitalize()} per period{unit}", source=source)
    return ax


def plot_waterfall(totals: pd.Series, *, target: str, unit: str, source: str,
                   ax: Axes | None = None) -> Axes:
    """Each component's total contribution as a step from 0 to the total (top to bottom)."""
    from smtools import viz

    ax = new_axes(ax)
    values = totals.to_numpy(dtype=float)
    ends = np.cumsum(values)
    starts = ends - values
    colours = ["#009E73" if v >= 0 else "#D55E00" for v in values]
    y = np.arange(len(values) + 1)
    ax.barh(y[:-1], values, left=starts, color=colours, height=0.7)
    ax.barh(y[-1], ends[-1], color="#0072B2", height=0.7)
    ax.set_yticks(y, [*totals.index, "total"])
    ax.invert_yaxis()
    viz.money_axis(ax, axis="x")
    viz.finish(ax, title=f"{target.capitalize()} by component over the period",
               xlabel=f"Total contribution{unit}", ylabel="Component", source=source)
    return ax


def plot_roas(table: pd.DataFrame, *, title: str, xlabel: str, source: str,
              ax: Axes | None = None) -> Axes:
    """Horizontal bars of ``mean`` with ``low``–``high`` error bars per channel."""
    from smtools import viz

    ax = new_axes(ax)
    t = table.sort_values("mean")
    y = np.arange(len(t))
    colours = [viz.network_colours(list(t.index))[c] for c in t.index]
    ax.barh(y, t["mean"], color=colours, height=0.6)
    if t["low"].notna().all():
        err = np.vstack([t["mean"] - t["low"], t["high"] - t["mean"]])
        ax.errorbar(t["mean"], y, xerr=np.clip(err, 0, None), fmt="none", ecolor="#222222",
                    capsize=4, lw=1.2)
    ax.axvline(1.0, color="#555555", lw=0.8, ls="--")
    ax.set_yticks(y, list(t.index))
    viz.finish(ax, title=title, xlabel=xlabel, ylabel="Channel", source=source)
    return ax
