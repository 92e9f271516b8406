"""Several attribution models side by side: one table, one chart."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from smtools.errors import DataError
from smtools.roi.attribution._heuristics import HEURISTICS, check_models, heuristics_of
from smtools.roi.attribution._markov import Markov
from smtools.roi.attribution._paths import DirectMode, as_paths, check_has_conversions
from smtools.roi.attribution._shapley import Method, shapley_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MODELS", "Comparison", "compare"]

#: Every model :func:`compare` knows, in column order.
MODELS: tuple[str, ...] = (*HEURISTICS, "markov", "shapley")

_LABELS = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "time_decay": "Time decay",
    "position_based": "Position based",
    "markov": "Markov",
    "shapley": "Shapley",
}


@dataclass(frozen=True)
class Comparison:
    """Conversions and value per channel under several attribution models.

    Attributes
    ----------
    conversions : DataFrame
        Channel × model, attributed conversions.
    value : DataFrame
        Channel × model, attributed conversion value (NaN when the data has none).
    currency : str or None
        Currency of the value.
    notes : dict
        How the paths were built and the models set up (paths, conversions, direct
        conversions and how they were handled, lookback, Markov order…).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [2, 1],
    ...                       "total_null": [3, 4]})
    >>> result = compare(frame, models=["first_touch", "last_touch"])
    >>> result.conversions
    model    first_touch  last_touch
    channel
    a                2.0         0.0
    b                1.0         3.0
    """

    conversions: pd.DataFrame
    value: pd.DataFrame
    currency: str | None = None
    notes: dict[str, object] = field(default_factory=dict)

    @property
    def models(self) -> list[str]:
        """The models compared, in column order."""
        return list(self.conversions.columns)

    def to_frame(self) -> pd.DataFrame:
        """Channel × (measure, model): ``conversions`` columns then ``value`` columns.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [2, 1],
        ...                       "total_null": [3, 4]})
        >>> table = compare(frame, models=["first_touch", "markov"]).to_frame()
        >>> table.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [('conversions', 'first_touch'), ('conversions', 'markov'),
         ('value', 'first_touch'), ('value', 'markov')]
        """
        out = pd.concat({"conversions": self.conversions, "value": self.value}, axis=1)
        out.columns.names = ["measure", "model"]
        return out

    def source(self) -> str:
        """The source line of the chart."""
        n = self.notes
        what = ("journeys table: {:,} paths" if n.get("origin") == "journeys"
                else "paths frame: {:,} distinct paths").format(n.get("paths", 0))
        parts = [f"{what}, {_fmt(n.get('conversions'))} conversions"]
        direct = float(n.get("direct_conversions") or 0)
        if direct:
            how = "counted as (direct/none)" if n.get("direct") == "channel" else "excluded"
            parts.append(f"{_fmt(direct)} without a touch {how}")
        if n.get("lookback_days"):
            parts.append(f"{_fmt(n['lookback_days'])}-day lookback")
        if "markov" in self.models:
            parts.append(f"Markov order {n.get('order', 1)} (exact)")
        return "; ".join(parts)

    def plot(self, ax: Axes | None = None, *,
             measure: Literal["conversions", "value"] = "conversions") -> Axes:
        """Grouped bars: one group per channel, one bar per model.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [2, 1],
        ...                       "total_null": [3, 4]})
        >>> ax = compare(frame, models=["linear", "markov"]).plot()
        >>> ax.get_title()
        'Conversions attributed to each channel, by model'
        >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
        """
        from smtools import viz

        if measure not in ("conversions", "value"):
            raise DataError(f"measure={measure!r} cannot be plotted",
                            hint="use measure='conversions' or measure='value'")
        wide = self.conversions if measure == "conversions" else self.value
        if measure == "value" and wide.isna().all().all():
            raise DataError("the data has no conversion value to plot",
                            hint="plot measure='conversions', or pass data with values")
        long = (wide.rename(columns=_LABELS).rename_axis(columns="model")
                .stack().rename(measure).reset_index())
        if measure == "conversions":
            title = "Conversions attributed to each channel, by model"
            ylabel = "Attributed conversions (count)"
        else:
            title = "Conversion value attributed to each channel, by model"
            ylabel = f"Attributed value ({self.currency or 'currency unknown'})"
        ax = viz.bars(long, x="channel", y=measure, hue="model", title=title,
                      xlabel="Channel", ylabel=ylabel, source=self.source(), ax=ax)
        if measure == "value":
            viz.money_axis(ax)
        if len(wide) > 6:
            ax.tick_params(axis="x", labelrotation=30)
        ax.legend(title=None, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax

    def _repr_html_(self) -> str:
        frame = self.to_frame().rename(columns=_LABELS, level="model")
        if frame["value"].isna().all().all():
            frame = frame.drop(columns="value", level="measure")
        cur = f" ({html.escape(self.currency)})" if self.currency else ""
        frame = frame.rename(columns={"conversions": "Conversions", "value": f"Value{cur}"},
                             level="measure")
        styler = (frame.style.format(precision=1, thousands=",", na_rep="–")
                  .format_index(escape="html", axis=0)
                  .format_index(escape="html", axis=1))
        head = ("<p><strong>Attribution by model</strong> — "
                f"{html.escape(self.source())}.</p>")
        return head + styler.to_html()


def _fmt(x: object) -> str:
    if x is None:
        return "–"
    v = float(x)  # type: ignore[arg-type]
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def compare(
    data: pd.DataFrame,
    *,
    models: Sequence[str] | None = None,
    order: int = 1,
    dedupe: bool = True,
    half_life: float = 7.0,
    position_weights: Sequence[float] = (0.4, 0.2, 0.4),
    shapley_method: Method = "coalitions",
    max_channels: int = 12,
    lookback_days: float | None = None,
    direct: DirectMode = "channel",
    path_col: str = "path",
    conversions_col: str = "total_conversions",
    value_col: str | None = "total_conversion_value",
    null_col: str | None = "total_null",
    sep: str = ">",
    currency: str | None = None,
) -> Comparison:
    """Attribute with several models at once and put them side by side.

    The journeys are cut into paths once and every model reads the same paths, so the
    columns differ only by the model.

    Parameters
    ----------
    data : DataFrame
        The journeys table or an aggregated paths frame.
    models : list of str, optional
        Any of ``first_touch``, ``last_touch``, ``linear``, ``time_decay``,
        ``position_based``, ``markov``, ``shapley``; default all (without
        ``time_decay`` for a paths frame, which has no times).
    order, dedupe
        Markov order and state merging (see :func:`markov`; ``dedupe`` applies to the
        Markov model only).
    half_life, position_weights
        Time-decay half-life (days) and position-based shares (see :func:`heuristics`).
    shapley_method, max_channels
        Shapley computation and its channel limit (see :func:`shapley`).
    lookback_days, direct
        How journeys are cut into paths (see :func:`paths`).
    path_col, conversions_col, value_col, null_col, sep
        Columns and channel separator of a paths frame.
    currency : str, optional
        Currency of the values, when the data does not say.

    Returns
    -------
    Comparison
        ``.to_frame()`` (channel × (measure, model)), ``.plot(ax=None,
        measure="conversions")`` and a rich HTML table in JupyterLab.

    Raises
    ------
    DataError
        As the individual models (no conversions, too many channels for Shapley…).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["facebook > search", "search", "facebook"],
    ...                       "total_conversions": [3, 1, 0], "total_null": [2, 4, 5]})
    >>> result = compare(frame)
    >>> result.models
    ['first_touch', 'last_touch', 'linear', 'position_based', 'markov', 'shapley']
    >>> result.conversions.sum().round(6).unique().tolist()
    [4.0]
    """
    ps = as_paths(data, lookback_days=lookback_days, direct=direct, path_col=path_col,
                  conversions_col=conversions_col, value_col=value_col, null_col=null_col,
                  sep=sep, currency=currency)
    if models is None:
        chosen = [*check_models(None, ps), "markov", "shapley"]
    else:
        chosen = check_models(models, ps, known=MODELS)
    check_has_conversions(ps)
    conv: dict[str, pd.Series] = {}
    value: dict[str, pd.Series] = {}
    rule_based = [m for m in chosen if m in HEURISTICS]
    notes = ps.describe()
    if rule_based:
        h = heuristics_of(ps, models=rule_based, half_life=half_life,
                          position_weights=position_weights)
        for m in rule_based:
            conv[m], value[m] = h[m], h[f"{m}_value"]
    if "markov" in chosen:
        mk = Markov(order=order, dedupe=dedupe).fit(ps)
        conv["markov"] = mk.attribution_["conversions"]
        value["markov"] = mk.attribution_["value"]
        notes.update(order=mk.info_["order"], dedupe=bool(dedupe),
                     conversion_probability=mk.conversion_probability_)
    if "shapley" in chosen:
        sh = shapley_of(ps, method=shapley_method, max_channels=max_channels)
        conv["shapley"], value["shapley"] = sh["conversions"], sh["value"]
    index = ps.channel_index()
    conv_frame = pd.DataFrame({m: conv[m].reindex(index) for m in chosen}, index=index)
    value_frame = pd.DataFrame({m: value[m].reindex(index) for m in chosen}, index=index)
    conv_frame.columns.name = value_frame.columns.name = "model"
    notes.update(models=chosen, half_life=half_life,
                 position_weights=tuple(float(w) for w in position_weights))
    return Comparison(conversions=conv_frame, value=value_frame, currency=ps.currency,
                      notes=notes)
