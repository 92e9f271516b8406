"""Response curves: spend per period → expected contribution per period, with intervals.

A fitted model's response curve of a channel is its **steady-state** response:
spending ``x`` in every period gives an (normalised) adstock of ``x``, so the
contribution per period is ``β · s(x)``. That is what a plan needs — a budget
spread evenly over the plan's periods — and what
:func:`smtools.roi.optimize.allocate` consumes. Each bootstrap draw gives its
own curve; the interval at a spend level is the percentile interval of the
draws there.

``ResponseCurves`` behaves like a mapping ``channel → callable(spend per
period)``, so the optimiser treats it like any plain mapping of callables.

Examples
--------
>>> import numpy as np
>>> curves = ResponseCurves(channels=("tv",), saturation="hill",
...                         beta=np.array([1000.0]),
...                         params={"half_saturation": np.array([500.0]),
...                                 "shape": np.array([1.0]), "ref": np.array([400.0])},
...                         current=np.array([400.0]), period="W", metric="revenue")
>>> float(curves["tv"](500.0))
500.0
>>> round(float(curves.marginal("tv", 500.0)), 2)
0.5
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from smtools.roi.mmm.transforms import saturation_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ResponseCurves"]

_PERIOD_WORD = {"W": "week", "D": "day"}
#: Target names read as amounts of money (their charts carry the currency).
MONEY_TARGETS = frozenset({"revenue", "sales", "turnover", "gmv", "value", "profit"})


@dataclass(frozen=True, eq=False, repr=False)
class ResponseCurves(Mapping[str, Callable[[np.ndarray], np.ndarray]]):
    """Per-channel steady-state response curves of a fitted marketing-mix model.

    Parameters
    ----------
    channels : tuple of str
        Channel names.
    saturation : str
        ``"hill"`` or ``"logistic"``.
    beta : ndarray, shape (k,)
        Contribution per period at full saturation, in target units.
    params : dict
        Saturation parameters per channel (``half_saturation``/``shape`` or
        ``lam``, and ``ref``).
    current : ndarray, shape (k,)
        Mean spend per period over the fitted periods (the "current" level).
    period : str
        ``"W"`` or ``"D"``: what "per period" means.
    metric : str
        What the curves measure (the model's target).
    beta_draws, param_draws : optional
        Bootstrap draws of the same (shape (B, k)).
    currency : str, optional
        Currency of spend (and of the outcome when it is money).
    level : float
        Confidence level of the intervals.
    source : str
        Where the curves come from (used in chart source lines).
    """

    channels: tuple[str, ...]
    saturation: str
    beta: np.ndarray
    params: dict[str, np.ndarray]
    current: np.ndarray
    period: str
    metric: str
    beta_draws: np.ndarray | None = None
    param_draws: dict[str, np.ndarray] | None = None
    currency: str | None = None
    level: float = 0.9
    source: str = "smtools marketing-mix model"

    # ------------------------------------------------------------------ mapping
    def __getitem__(self, channel: str) -> Callable[[np.ndarray], np.ndarray]:
        self._index(channel)
        return partial(self.evaluate, channel)

    def __iter__(self) -> Iterator[str]:
        return iter(self.channels)

    def __len__(self) -> int:
        return len(self.channels)

    def _index(self, channel: str) -> int:
        if channel not in self.channels:
            from smtools.errors import DataError

            raise DataError(f"no response curve for channel {channel!r}", column="channel",
                            hint=f"use one of {', '.join(self.channels)}")
        return self.channels.index(channel)

    # ------------------------------------------------------------------ values
    def _params(self, j: int, draws: bool) -> dict[str, np.ndarray]:
        if draws:
            assert self.param_draws is not None
            return {k: v[:, j][:, None] for k, v in self.param_draws.items()}
        return {k: np.asarray(v)[j] for k, v in self.params.items()}

    def evaluate(self, channel: str, spend: float | np.ndarray) -> np.ndarray:
        """Expected contribution per period at ``spend`` per period (point estimate).

        Examples
        --------
        >>> c = ResponseCurves(channels=("a",), saturation="logistic", beta=np.array([2.0]),
        ...                    params={"lam": np.array([1.0]), "ref": np.array([1.0])},
        ...                    current=np.array([1.0]), period="W", metric="revenue")
        >>> c.evaluate("a", [0.0]).tolist()
        [0.0]
        """
        j = self._index(channel)
        x = np.asarray(spend, dtype=float)
        sat = saturation_for(self.saturation)
        return self.beta[j] * sat.apply(x, self._params(j, False))

    def marginal(self, channel: str, spend: float | np.ndarray) -> np.ndarray:
        """Marginal return ``d contribution / d spend`` at ``spend`` per period (point estimate)."""
        j = self._index(channel)
        x = np.asarray(spend, dtype=float)
        sat = saturation_for(self.saturation)
        return self.beta[j] * sat.derivative(x, self._params(j, False))

    def draws(self, channel: str, spend: float | np.ndarray) -> np.ndarray | None:
        """Contribution per period under each bootstrap draw, shape ``(B, len(spend))``.

        ``None`` when the model was fitted without bootstrap.
        """
        if self.beta_draws is None or self.param_draws is None or not len(self.beta_draws):
            return None
        j = self._index(channel)
        x = np.atleast_1d(np.asarray(spend, dtype=float))[None, :]
        sat = saturation_for(self.saturation)
        return self.beta_draws[:, j][:, None] * sat.apply(x, self._params(j, True))

    def interval(self, channel: str, spend: float | np.ndarray) -> tuple[np.ndarray,
                                                                         np.ndarray]:
        """Percentile interval of the contribution per period at ``spend`` (NaN without draws)."""
        d = self.draws(channel, spend)
        x = np.atleast_1d(np.asarray(spend, dtype=float))
        if d is None:
            nan = np.full(x.shape, np.nan)
            return nan, nan
        q = (1 - self.level) / 2
        return np.quantile(d, q, axis=0), np.quantile(d, 1 - q, axis=0)

    # ------------------------------------------------------------------ views
    def to_frame(self, *, points: int = 41, max_spend: float | None = None) -> pd.DataFrame:
        """Tidy curves: ``channel``, ``spend``, ``contribution``, ``low``, ``high``,
        ``roas`` and ``marginal_roas`` at ``points`` spend levels per channel.

        Spend runs from 0 to ``max_spend`` (default: three times the channel's
        current spend per period).

        Examples
        --------
        >>> c = ResponseCurves(channels=("a",), saturation="logistic", beta=np.array([2.0]),
        ...                    params={"lam": np.array([1.0]), "ref": np.array([1.0])},
        ...                    current=np.array([1.0]), period="W", metric="revenue")
        >>> c.to_frame(points=3).columns.tolist()
        ['channel', 'spend', 'contribution', 'low', 'high', 'roas', 'marginal_roas', 'current']
        """
        rows = []
        for j, ch in enumerate(self.channels):
            top = max_spend if max_spend is not None else 3.0 * float(self.current[j])
            x = np.linspace(0.0, max(top, 1e-9), points)
            y = self.evaluate(ch, x)
            lo, hi = self.interval(ch, x)
            with np.errstate(divide="ignore", invalid="ignore"):
                roas = np.where(x > 0, y / np.where(x > 0, x, 1.0), np.nan)
            rows.append(pd.DataFrame({"channel": ch, "spend": x, "contribution": y,
                                      "low": lo, "high": hi, "roas": roas,
                                      "marginal_roas": self.marginal(ch, x),
                                      "current": float(self.current[j])}))
        return pd.concat(rows, ignore_index=True)

    def summary(self) -> pd.DataFrame:
        """Per channel: current spend, contribution there, ROAS and marginal ROAS there."""
        rows = []
        for j, ch in enumerate(self.channels):
            x = float(self.current[j])
            y = float(self.evaluate(ch, x))
            lo, hi = self.interval(ch, x)
            rows.append({"channel": ch, "current_spend": x, "contribution": y,
                         "low": float(lo[0]), "high": float(hi[0]),
                         "roas": y / x if x > 0 else np.nan,
                         "marginal_roas": float(self.marginal(ch, x))})
        return pd.DataFrame(rows).set_index("channel")

    def plot(self, ax: Axes | None = None, *, points: int = 61) -> Axes:
        """Curves with their intervals and the current spend marked on each.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> c = ResponseCurves(channels=("a",), saturation="logistic", beta=np.array([2.0]),
        ...                    params={"lam": np.array([1.0]), "ref": np.array([1.0])},
        ...                    current=np.array([1.0]), period="W", metric="revenue")
        >>> ax = c.plot(); ax.get_title()
        'Response curves (steady spend per week)'
        >>> plt.close("all")
        """
        from smtools import viz

        ax = _axes(ax)
        frame = self.to_frame(points=points)
        colours = viz.network_colours(list(self.channels))
        for ch in self.channels:
            part = frame[frame["channel"] == ch]
            col = colours[ch]
            ax.plot(part["spend"], part["contribution"], color=col, lw=1.8, label=ch)
            if part["low"].notna().any():
                ax.fill_between(part["spend"], part["low"], part["high"], color=col, alpha=0.15,
                                lw=0)
            x = float(part["current"].iloc[0])
            ax.plot([x], [float(self.evaluate(ch, x))], "o", color=col, ms=6, mec="white")
        word = _PERIOD_WORD.get(self.period, "period")
        cur = f" ({self.currency})" if self.currency else ""
        unit = cur if cur and self.metric.lower() in MONEY_TARGETS else f" ({self.metric})"
        viz.money_axis(ax, axis="x")
        viz.money_axis(ax, axis="y")
        ax.legend(title=None, loc="upper left")
        viz.finish(ax, title=f"Response curves (steady spend per {word})",
                   xlabel=f"Spend per {word}{cur}",
                   ylabel=f"Contribution per {word}{unit}",
                   source=f"{self.source}; dots: current spend; bands: "
                          f"{self.level:.0%} bootstrap intervals")
        return ax

    def _repr_html_(self) -> str:
        from smtools import viz

        s = self.summary().reset_index()
        word = _PERIOD_WORD.get(self.period, "period")
        best = s.loc[s["marginal_roas"].idxmax(), "channel"] if len(s) else ""
        sentence = (f"Steady-state response of {self.metric} to spend per {word}; at current "
                    f"spend, {best} returns the most per extra unit of money.")
        table = viz.table(s, formats={"current_spend": "{:,.0f}", "contribution": "{:,.0f}",
                                      "low": "{:,.0f}", "high": "{:,.0f}", "roas": "{:.2f}",
                                      "marginal_roas": "{:.2f}"}).to_html()
        return f"<p>{html.escape(sentence)}</p>{table}"

    def __repr__(self) -> str:
        return (f"ResponseCurves({', '.join(self.channels)}; {self.saturation}, per "
                f"{_PERIOD_WORD.get(self.period, 'period')}, metric={self.metric!r})")


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    from smtools import viz

    viz.theme()
    _, new = plt.subplots()
    return new
