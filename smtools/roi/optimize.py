"""Budget allocation on response curves: the split of a budget that brings the most.

:func:`allocate` spreads a total budget over channels so that the expected
outcome — revenue, conversions or reach — is as large as possible, within
per-channel bounds (absolute amounts) and the brief's min/max shares. Curves
are the steady-state response curves of a marketing-mix model
(:meth:`smtools.roi.MMM.response_curves`) or any mapping ``channel →
callable(spend per period) → outcome per period``.

Method
------
1. The feasible box: ``low_c <= amount_c <= high_c`` from ``bounds`` and
   ``shares × budget`` (intersected); infeasible boxes raise
   :class:`~smtools.errors.DataError` naming the bound to relax.
2. Global: dynamic programming over a grid of the budget (exact on the grid
   for any curve shape, S-curves included, because the objective is a sum
   over channels; reach uses ``-log(1 - r_c)``, which is a sum too).
3. Local: SLSQP from the grid optimum (and from the current split) with the
   exact budget constraint; the better feasible answer is kept. At an interior
   optimum every funded channel has the same marginal return (KKT).
4. Cents: amounts are rounded down to the cent inside their bounds and the
   remaining cents go, one at a time, to the channel whose next cent returns
   the most, so the allocation sums **exactly** to the budget in cents.

Examples
--------
>>> import numpy as np
>>> curves = {"search": lambda x: 400 * np.log1p(np.asarray(x) / 100),
...           "social": lambda x: 200 * np.log1p(np.asarray(x) / 100)}
>>> res = allocate(curves, 3000, periods=1)
>>> res.to_frame()["recommended"].round(2).to_dict()
{'search': 2033.33, 'social': 966.67}
>>> float(res.to_frame()["recommended"].sum())
3000.0
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import optimize as sopt

from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Allocation", "allocate"]

_OBJECTIVES = ("revenue", "conversions", "reach")
_GRID = 400


@dataclass(frozen=True, eq=False, repr=False)
class Allocation:
    """A recommended budget split and what it is expected to bring.

    Attributes
    ----------
    table : DataFrame
        Per channel (index): ``current``, ``recommended``, ``change``,
        ``expected`` (outcome of the channel at the recommendation over the
        plan), ``low``/``high`` (its interval), ``marginal_roas`` (extra
        outcome per extra unit of money at the recommendation),
        ``min``/``max`` (the bounds used).
    budget : float
        Amount allocated (the budget, or with ``target_roas`` the spend that
        meets the target).
    expected, expected_current : float
        Total expected outcome of the recommendation and of the current split.
    interval, interval_current, interval_change : tuple of float
        Their intervals and the interval of the difference (NaN without draws).
    probability_better : float
        Share of curve draws in which the recommendation beats the current split.
    converged : bool
        Whether the local optimiser reported success.
    unchanged : bool
        The recommendation equals the current split (to the cent).
    notes : list of str
        What the optimiser did and noticed (bounds, convergence, reach).

    Examples
    --------
    >>> import numpy as np
    >>> res = allocate({"a": lambda x: 900 * np.log1p(np.asarray(x) / 50),
    ...                 "b": lambda x: 300 * np.log1p(np.asarray(x) / 50)},
    ...                1000, periods=1, current={"a": 500, "b": 500})
    >>> res.to_frame()[["current", "recommended", "change"]].round(2).to_dict("index")
    {'a': {'current': 500.0, 'recommended': 775.0, 'change': 275.0}, 'b': {'current': 500.0, 'recommended': 225.0, 'change': -275.0}}
    >>> res.advice()
    'Move 275 from b to a (and rebalance the rest as shown): expected +157 revenue (+5.5%) over the plan.'
    """  # noqa: E501

    table: pd.DataFrame
    budget: float
    objective: str
    metric: str
    periods: float
    expected: float
    expected_current: float
    interval: tuple[float, float]
    interval_current: tuple[float, float]
    interval_change: tuple[float, float]
    probability_better: float
    converged: bool
    unchanged: bool
    level: float = 0.9
    currency: str | None = None
    target_roas: float | None = None
    unspent: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """Per channel: current, recommended, change, expected outcome, interval, marginal ROAS."""
        return self.table.copy()

    @property
    def allocation(self) -> dict[str, float]:
        """The recommended amounts by channel."""
        return {str(k): float(v) for k, v in self.table["recommended"].items()}

    def advice(self) -> str:
        """One sentence a planner can act on."""
        cur = f" {self.currency}" if self.currency else ""
        what = "reach" if self.objective == "reach" else self.metric
        if self.unchanged:
            return (f"Keep the current split: no reallocation of the {self.budget:,.0f}{cur} "
                    f"budget is expected to bring more {what}.")
        t = self.table
        up = t["change"].idxmax()
        down = t["change"].idxmin()
        gain = self.expected - self.expected_current
        if self.objective == "reach":
            size = f"{gain:+.1%} points of reach"
        else:
            size = (f"{gain:+,.0f} {what}" + (f" ({gain / self.expected_current:+.1%})"
                                             if self.expected_current else ""))
        text = (f"Move {abs(t.loc[down, 'change']):,.0f}{cur} from {down} to {up} (and "
                f"rebalance the rest as shown): expected {size} over the plan")
        if np.isfinite(self.probability_better):
            text += f", better in {self.probability_better:.0%} of the model's draws"
        if not self.converged:
            text += " (the optimiser did not confirm convergence; treat as indicative)"
        return text + "."

    def plot(self, ax: Axes | None = None) -> Axes:
        """Current and recommended amounts per channel, side by side."""
        from smtools import viz

        if ax is None:
            import matplotlib.pyplot as plt

            viz.theme()
            _, ax = plt.subplots()
        t = self.table
        x = np.arange(len(t))
        ax.bar(x - 0.2, t["current"], width=0.4, label="current", color="#BBBBBB")
        ax.bar(x + 0.2, t["recommended"], width=0.4, label="recommended", color="#0072B2")
        ax.set_xticks(x, list(t.index))
        viz.money_axis(ax)
        ax.legend(loc="upper right")
        cur = f" ({self.currency})" if self.currency else ""
        viz.finish(ax, title="Budget: current and recommended split", xlabel="Channel",
                   ylabel=f"Budget over the plan{cur}",
                   source=f"smtools.roi.optimize on response curves; {self.periods:g} periods")
        return ax

    def _repr_html_(self) -> str:
        from smtools import viz

        t = self.table.reset_index()
        fmt = {c: "{:,.2f}" for c in ("current", "recommended", "change", "min", "max")}
        fmt.update({c: "{:,.0f}" for c in ("expected", "low", "high")})
        fmt["marginal_roas"] = "{:.3f}"
        table = viz.table(t, formats=fmt).to_html()
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (f"<p>{html.escape(self.advice())}</p>{table}"
                f"<ul><small>{notes}</small></ul>")

    def __repr__(self) -> str:
        return f"Allocation({self.allocation}, expected={self.expected:,.2f})"


# --------------------------------------------------------------------------- inputs


def _curve_functions(curves: Any) -> tuple[list[str], list[Callable], Any]:
    if not isinstance(curves, Mapping) or not len(curves):
        raise DataError("curves must be a non-empty mapping channel → callable",
                        column="curves",
                        hint="pass mmm.response_curves() or {'facebook': f, ...}")
    names = [str(c) for c in curves]
    funcs = []
    for ch in names:
        f = curves[ch]
        if not callable(f):
            raise DataError(f"the curve of {ch!r} is not callable", column="curves",
                            hint="map each channel to a function of spend per period")
        funcs.append(f)
    return names, funcs, curves


def _share_bounds(shares: Any, names: list[str]) -> tuple[dict[str, tuple[float, float]],
                                                          list[str], list[str]]:
    """Share bounds per channel, channels a brief excludes, and notes."""
    notes: list[str] = []
    excluded: list[str] = []
    if shares is None:
        return {}, excluded, notes
    from smtools.brief import Brief

    out: dict[str, tuple[float, float]] = {}
    if isinstance(shares, Brief):
        rules = {ch: (r.min_share, r.max_share) for ch, r in shares.channels.items()}
        for ch, (lo, _hi) in rules.items():
            if ch not in names and lo > 0:
                raise DataError(f"the brief requires at least {lo:.0%} on {ch!r}, which has no "
                                "response curve", column=ch,
                                hint="fit the model with that channel or lower its min_share")
        excluded = [ch for ch in names if ch not in rules]
        if excluded:
            notes.append(f"not in the brief, so given nothing: {', '.join(excluded)}")
        out = {ch: v for ch, v in rules.items() if ch in names}
        return out, excluded, notes
    if not isinstance(shares, Mapping):
        raise DataError("shares must be a Brief or a mapping channel → (min, max)",
                        column="shares", hint="e.g. {'facebook': (0.2, 0.5)}")
    for ch, v in shares.items():
        if ch not in names:
            raise DataError(f"shares name {ch!r}, which has no response curve", column=ch,
                            hint=f"use one of {', '.join(names)}")
        if isinstance(v, Mapping):
            lo, hi = float(v.get("min_share", 0.0)), float(v.get("max_share", 1.0))
        else:
            try:
                lo, hi = (float(x) for x in v)
            except (TypeError, ValueError):
                raise DataError(f"the shares of {ch!r} are not (min, max)", column=ch,
                                hint="e.g. (0.2, 0.5)") from None
        if not 0 <= lo <= hi <= 1:
            raise DataError(f"the shares of {ch!r} ({lo}, {hi}) are not 0 <= min <= max <= 1",
                            column=ch, hint="shares are fractions of the budget")
        out[str(ch)] = (lo, hi)
    return out, excluded, notes


def _box(names: list[str], budget: float, bounds: Any, shares: dict[str, tuple[float, float]],
         excluded: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    lo = np.zeros(len(names))
    hi = np.full(len(names), float(budget))
    origin = [["", ""] for _ in names]
    if bounds is not None:
        if not isinstance(bounds, Mapping):
            raise DataError("bounds must map channel → (min amount, max amount)",
                            column="bounds", hint="e.g. {'tv': (1000, 5000)}")
        for ch, v in bounds.items():
            if ch not in names:
                raise DataError(f"bounds name {ch!r}, which has no response curve", column=ch,
                                hint=f"use one of {', '.join(names)}")
            try:
                a, b = (None if x is None else float(x) for x in v)
            except (TypeError, ValueError):
                raise DataError(f"the bounds of {ch!r} are not (min, max)", column=ch,
                                hint="e.g. (1000, 5000); None for no limit") from None
            j = names.index(ch)
            if a is not None:
                if a < 0 or not math.isfinite(a):
                    raise DataError(f"the minimum of {ch!r} ({a}) is negative or not finite",
                                    column=ch, hint="use an amount of 0 or more")
                lo[j], origin[j][0] = a, f"bounds minimum {a:,.2f}"
            if b is not None:
                if not b >= 0:
                    raise DataError(f"the maximum of {ch!r} ({b}) is negative", column=ch,
                                    hint="use an amount of 0 or more")
                hi[j], origin[j][1] = min(hi[j], b), f"bounds maximum {b:,.2f}"
    for ch, (smin, smax) in shares.items():
        j = names.index(ch)
        if smin * budget > lo[j]:
            lo[j], origin[j][0] = smin * budget, f"min_share {smin:g} of the budget"
        if smax * budget < hi[j]:
            hi[j], origin[j][1] = smax * budget, f"max_share {smax:g} of the budget"
    for ch in excluded:
        j = names.index(ch)
        if lo[j] > 0:
            raise DataError(f"{ch!r} is not in the brief but has a minimum of {lo[j]:,.2f}",
                            column=ch, hint="drop its minimum or add it to the brief")
        hi[j], origin[j][1] = 0.0, "not in the brief"
    for j, ch in enumerate(names):
        if lo[j] > hi[j] + 1e-9:
            raise DataError(f"{ch!r}: its minimum {lo[j]:,.2f} ({origin[j][0]}) is above its "
                            f"maximum {hi[j]:,.2f} ({origin[j][1] or 'the budget'})",
                            column=ch, hint="relax one of the two")
    if lo.sum() > budget + 1e-9:
        parts = ", ".join(f"{names[j]} {lo[j]:,.2f} ({origin[j][0]})"
                          for j in np.flatnonzero(lo > 0))
        raise DataError(f"the minimum amounts add up to {lo.sum():,.2f}, above the budget "
                        f"{budget:,.2f}: {parts}", column="bounds",
                        hint="lower one of these minimums or raise the budget")
    if hi.sum() < budget - 1e-9:
        parts = ", ".join(f"{names[j]} {hi[j]:,.2f}" + (f" ({origin[j][1]})" if origin[j][1]
                                                        else "") for j in range(len(names)))
        raise DataError(f"the maximum amounts add up to {hi.sum():,.2f}, below the budget "
                        f"{budget:,.2f}: {parts}", column="bounds",
                        hint="raise one of these maximums or lower the budget")
    notes = [f"{names[j]}: {origin[j][0] or 'no minimum'}, {origin[j][1] or 'no maximum'}"
             for j in range(len(names)) if origin[j][0] or origin[j][1]]
    return lo, hi, notes


# --------------------------------------------------------------------------- solver


class _Problem:
    def __init__(self, funcs: list[Callable], periods: float, objective: str,
                 curves: Any, names: list[str]) -> None:
        self.funcs = funcs
        self.periods = float(periods)
        self.objective = objective
        self.curves = curves
        self.names = names

    def channel_values(self, amounts: np.ndarray) -> np.ndarray:
        """Outcome per channel over the plan for total amounts (vectorised per channel)."""
        out = np.empty(len(self.funcs))
        for j, f in enumerate(self.funcs):
            out[j] = float(np.asarray(f(np.asarray([amounts[j] / self.periods])),
                                      dtype=float).ravel()[0])
        if self.objective != "reach":
            out = out * self.periods
        return out

    def grid_values(self, j: int, amounts: np.ndarray) -> np.ndarray:
        v = np.asarray(self.funcs[j](amounts / self.periods), dtype=float).ravel()
        if v.shape != amounts.shape:
            v = np.array([float(np.asarray(self.funcs[j](a / self.periods)).ravel()[0])
                          for a in amounts])
        if self.objective == "reach":
            return -np.log1p(-np.clip(v, 0.0, 1 - 1e-12))
        return v * self.periods

    def total(self, amounts: np.ndarray) -> float:
        v = self.channel_values(amounts)
        if self.objective == "reach":
            return float(1.0 - np.prod(1.0 - np.clip(v, 0.0, 1.0)))
        return float(v.sum())

    def score(self, amounts: np.ndarray) -> float:
        """What the optimiser maximises (sum form)."""
        if self.objective == "reach":
            v = np.clip(self.channel_values(amounts), 0.0, 1 - 1e-12)
            return float(-np.log1p(-v).sum())
        return float(self.channel_values(amounts).sum())

    def marginal(self, amounts: np.ndarray) -> np.ndarray:
        """d total outcome / d amount per channel (central differences, one cent wide)."""
        h = np.full(len(amounts), 0.005)
        out = np.empty(len(amounts))
        for j in range(len(amounts)):
            up = amounts.copy()
            dn = amounts.copy()
            up[j] += h[j]
            dn[j] = max(dn[j] - h[j], 0.0)
            out[j] = (self.total(up) - self.total(dn)) / (up[j] - dn[j])
        return out


def _dynamic(problem: _Problem, lo: np.ndarray, hi: np.ndarray, budget: float,
             grid: int) -> np.ndarray:
    """Grid optimum of the separable score by dynamic programming over channels."""
    free = budget - lo.sum()
    if free <= 0:
        return lo.copy()
    step = free / grid
    caps = np.minimum(np.floor((hi - lo) / step + 1e-9).astype(int), grid)
    values = [problem.grid_values(j, lo[j] + step * np.arange(caps[j] + 1))
              for j in range(len(lo))]
    neg = -np.inf
    best = np.full(grid + 1, neg)
    best[: caps[0] + 1] = values[0][: grid + 1]
    choice = [np.minimum(np.arange(grid + 1), caps[0])]
    g = np.arange(grid + 1)
    for j in range(1, len(lo)):
        h = np.arange(caps[j] + 1)
        # table[g, h] = best[g - h] + values[j][h]
        prev = np.where(g[:, None] - h[None, :] >= 0,
                        best[np.clip(g[:, None] - h[None, :], 0, grid)], neg)
        table = prev + values[j][None, :]
        arg = np.argmax(table, axis=1)
        best = table[g, arg]
        choice.append(arg)
    # when the caps cannot absorb the grid exactly, take the best reachable total
    target = grid if np.isfinite(best[grid]) else int(np.max(np.flatnonzero(np.isfinite(best))))
    units = np.zeros(len(lo), dtype=int)
    rest = target
    for j in range(len(lo) - 1, 0, -1):
        units[j] = choice[j][rest]
        rest -= units[j]
    units[0] = rest
    amounts = lo + step * units
    gap = budget - amounts.sum()
    if gap > 1e-9:  # spread what the grid could not place over the room left
        room = hi - amounts
        amounts += room * (gap / room.sum())
    return amounts


def _polish(problem: _Problem, start: np.ndarray, lo: np.ndarray, hi: np.ndarray,
            budget: float) -> tuple[np.ndarray, bool, str]:
    scale = max(budget, 1.0)

    def fun(z: np.ndarray) -> float:
        return -problem.score(np.clip(z * scale, lo, hi)) / max(abs(base), 1e-12)

    base = problem.score(start)
    res = sopt.minimize(fun, start / scale, method="SLSQP",
                        bounds=list(zip(lo / scale, hi / scale, strict=True)),
                        constraints=[{"type": "eq",
                                      "fun": lambda z: np.array([z.sum() - budget / scale])}],
                        options={"maxiter": 500, "ftol": 1e-12})
    x = np.clip(res.x * scale, lo, hi)
    return x, bool(res.success), str(res.message)


def _to_cents(problem: _Problem, x: np.ndarray, lo: np.ndarray, hi: np.ndarray,
              budget_cents: int) -> np.ndarray:
    lo_c = np.ceil(lo * 100 - 1e-6).astype(np.int64)
    hi_c = np.floor(hi * 100 + 1e-6).astype(np.int64)
    cents = np.clip(np.floor(x * 100 + 1e-9).astype(np.int64), lo_c, hi_c)
    rest = int(budget_cents - cents.sum())
    guard = 0
    while rest != 0 and guard < 100000:
        amounts = cents / 100.0
        m = problem.marginal(amounts)
        if rest > 0:
            room = cents < hi_c
            j = int(np.argmax(np.where(room, m, -np.inf)))
            give = max(1, min(rest, int(hi_c[j] - cents[j]), 1 if rest < 50 else rest // 4))
            cents[j] += give
            rest -= give
        else:
            room = cents > lo_c
            j = int(np.argmin(np.where(room, m, np.inf)))
            take = max(1, min(-rest, int(cents[j] - lo_c[j]), 1 if -rest < 50 else -rest // 4))
            cents[j] -= take
            rest += take
        guard += 1
    return cents


def _intervals(curves: Any, names: list[str], amounts: np.ndarray, periods: float,
               objective: str) -> np.ndarray | None:
    """Outcome draws of a split (shape (B,)), when the curves carry bootstrap draws."""
    draws_fn = getattr(curves, "draws", None)
    if draws_fn is None:
        return None
    per = []
    for j, ch in enumerate(names):
        d = draws_fn(ch, np.array([amounts[j] / periods]))
        if d is None:
            return None
        per.append(np.asarray(d, dtype=float)[:, 0])
    per_arr = np.column_stack(per)
    if objective == "reach":
        return 1.0 - np.prod(1.0 - np.clip(per_arr, 0.0, 1.0), axis=1)
    return per_arr.sum(axis=1) * periods


# --------------------------------------------------------------------------- API


def allocate(
    curves: Mapping[str, Callable[[np.ndarray], np.ndarray]],
    budget: float,
    *,
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
    shares: Any = None,
    objective: str = "revenue",
    periods: float | None = None,
    current: Mapping[str, float] | None = None,
    target_roas: float | None = None,
    level: float | None = None,
    currency: str | None = None,
    grid: int = _GRID,
) -> Allocation:
    """Split ``budget`` over channels to maximise the expected outcome.

    Parameters
    ----------
    curves : mapping
        ``channel → callable(spend per period) → outcome per period``: the
        output of :meth:`smtools.roi.MMM.response_curves` (which also gives
        intervals) or plain functions from any model. For
        ``objective="reach"`` each curve returns the channel's reach as a
        fraction of the target population.
    budget : float
        Total amount to allocate over the ``periods``.
    bounds : mapping, optional
        ``channel → (min amount, max amount)`` over the plan (``None`` for no limit).
    shares : Brief or mapping, optional
        Min/max shares of the budget: a :class:`smtools.Brief` (channels it
        does not list get nothing) or ``channel → (min_share, max_share)``
        (or ``{"min_share": …, "max_share": …}``).
    objective : {"revenue", "conversions", "reach"}
        What the curves measure. Revenue and conversions add up over channels
        and periods; reach combines channels by random duplication,
        ``1 - Π(1 - r_c)`` (Sainsbury; see :func:`smtools.reach.sainsbury`).
    periods : float, optional
        How many of the curves' periods the budget covers (e.g. 6 weeks).
        Defaults to the campaign length when ``shares`` is a Brief and the
        curves have a period, else required.
    current : mapping, optional
        The current split to compare with. Defaults to the curves' current
        spend mix (an MMM's historical mix) scaled to the budget, else an
        equal split.
    target_roas : float, optional
        Instead of spending the whole budget, spend the largest amount (up to
        the budget) whose best split still returns at least this ROAS
        (outcome ÷ spend); the rest is reported as unspent.
    level : float, optional
        Confidence level of the intervals (default: the curves' level or 0.9).
    currency : str, optional
        Currency label (default: the curves').
    grid : int
        Steps of the dynamic-programming grid.

    Returns
    -------
    Allocation

    Raises
    ------
    DataError
        Bounds that cannot be met (saying which to relax), unknown channels,
        a curve in other units than ``objective``, an unreachable ROAS target.

    Examples
    --------
    >>> import numpy as np
    >>> hill = lambda k: (lambda x: 1000 * np.asarray(x) / (np.asarray(x) + k))
    >>> res = allocate({"a": hill(100.0), "b": hill(400.0)}, 1000, periods=1,
    ...                bounds={"b": (300, None)})
    >>> res.to_frame()[["recommended", "min"]].to_dict("index")
    {'a': {'recommended': 400.0, 'min': 0.0}, 'b': {'recommended': 600.0, 'min': 300.0}}
    """
    names, funcs, curves = _curve_functions(curves)
    if objective not in _OBJECTIVES:
        raise DataError(f"objective={objective!r} is not supported", column="objective",
                        hint=f"use one of {', '.join(_OBJECTIVES)}")
    metric = str(getattr(curves, "metric", objective))
    if hasattr(curves, "metric"):
        from smtools.roi.mmm.curves import MONEY_TARGETS

        monetary = metric.lower() in MONEY_TARGETS
        if objective == "revenue" and not monetary:
            raise DataError(f"the curves measure {metric!r}, not revenue", column="objective",
                            hint="pass objective='conversions' for counts such as orders or "
                            "leads")
        if objective == "conversions" and monetary:
            raise DataError(f"the curves measure {metric!r}, an amount of money",
                            column="objective", hint="pass objective='revenue'")
        if objective == "reach":
            raise DataError(f"the curves measure {metric!r}, not reach", column="objective",
                            hint="pass reach curves (fractions of the population) for "
                            "objective='reach'")
    try:
        budget = float(budget)
    except (TypeError, ValueError):
        raise DataError(f"budget={budget!r} is not a number", column="budget",
                        hint="pass an amount, e.g. 25000") from None
    if not math.isfinite(budget) or budget <= 0:
        raise DataError(f"budget={budget!r} must be a positive amount", column="budget",
                        hint="pass an amount above 0")
    from smtools.brief import Brief

    if periods is None and isinstance(shares, Brief) and hasattr(curves, "period"):
        periods = shares.campaign.days / (7.0 if curves.period == "W" else 1.0)
    if periods is None:
        raise DataError("periods is required", column="periods",
                        hint="say how many of the curves' periods the budget covers, e.g. "
                        "periods=6 for six weeks on weekly curves")
    periods = float(periods)
    if not math.isfinite(periods) or periods <= 0:
        raise DataError(f"periods={periods!r} must be positive", column="periods",
                        hint="e.g. 6 for six weeks")
    if target_roas is not None and (not math.isfinite(float(target_roas))
                                    or float(target_roas) <= 0):
        raise DataError(f"target_roas={target_roas!r} must be positive", column="target_roas",
                        hint="e.g. 3 for 3 of revenue per unit spent")
    if target_roas is not None and objective == "reach":
        raise DataError("a ROAS target needs revenue or conversions curves",
                        column="target_roas", hint="drop target_roas for reach")
    share_rules, excluded, notes = _share_bounds(shares, names)
    level = float(level if level is not None else getattr(curves, "level", 0.9))
    currency = currency if currency is not None else getattr(curves, "currency", None)
    problem = _Problem(funcs, periods, objective, curves, names)

    spend = budget
    unspent = 0.0
    if target_roas is not None:
        spend, roas_notes = _spend_for_roas(problem, budget, float(target_roas), bounds,
                                            share_rules, excluded, names, grid)
        notes += roas_notes
        unspent = budget - spend
    budget_cents = round(spend * 100)
    spend = budget_cents / 100.0
    lo, hi, bound_notes = _box(names, spend, bounds, share_rules, excluded)
    notes += bound_notes
    if np.ceil(lo * 100 - 1e-6).sum() > budget_cents or np.floor(hi * 100 + 1e-6).sum() < \
            budget_cents:
        raise DataError("the bounds cannot be met to the cent", column="bounds",
                        hint="widen a minimum or maximum by a few cents")

    cur = _current(curves, names, current, spend, periods, excluded)
    notes.append(cur[1])
    cur_amounts = cur[0]

    x_grid = _dynamic(problem, lo, hi, spend, max(int(grid), 10))
    candidates = [(x_grid, True, "grid optimum")]
    converged = False
    messages = []
    for start in (x_grid, _project(cur_amounts, lo, hi, spend)):
        try:
            x, ok, msg = _polish(problem, start, lo, hi, spend)
        except (ValueError, FloatingPointError) as err:
            x, ok, msg = start, False, str(err)
        messages.append(msg)
        converged |= ok
        if ok and abs(x.sum() - spend) <= 1e-6 * max(spend, 1):
            candidates.append((x, ok, msg))
    best = max(candidates, key=lambda c: problem.score(c[0]))[0]
    if not converged:
        notes.append("the local optimiser did not converge (" + "; ".join(messages) + "); the "
                     "answer is the best grid or local point found")
    cents = _to_cents(problem, best, lo, hi, budget_cents)
    amounts = cents / 100.0
    cur_cents = np.round(cur_amounts * 100).astype(np.int64)
    unchanged = bool(np.abs(cents - cur_cents).max() <= 1)
    if unchanged:
        notes.append("the recommendation equals the current split")

    per_channel = problem.channel_values(amounts)
    total = problem.total(amounts)
    total_cur = problem.total(cur_amounts)
    marg = problem.marginal(amounts)
    rec_draws = _intervals(curves, names, amounts, periods, objective)
    cur_draws = _intervals(curves, names, cur_amounts, periods, objective)
    q = (1 - level) / 2
    nan2 = (math.nan, math.nan)
    lows = np.full(len(names), np.nan)
    highs = np.full(len(names), np.nan)
    if rec_draws is not None and cur_draws is not None:
        iv = tuple(float(v) for v in np.quantile(rec_draws, [q, 1 - q]))
        iv_cur = tuple(float(v) for v in np.quantile(cur_draws, [q, 1 - q]))
        diff = rec_draws - cur_draws
        iv_diff = tuple(float(v) for v in np.quantile(diff, [q, 1 - q]))
        better = float(np.mean(diff > 0))
        for j, ch in enumerate(names):
            d = np.asarray(curves.draws(ch, np.array([amounts[j] / periods])))[:, 0]
            d = d if objective == "reach" else d * periods
            lows[j], highs[j] = np.quantile(d, [q, 1 - q])
    else:
        iv = iv_cur = iv_diff = nan2
        better = math.nan
    table = pd.DataFrame({
        "current": cur_amounts, "recommended": amounts, "change": amounts - cur_amounts,
        "expected": per_channel, "low": lows, "high": highs, "marginal_roas": marg,
        "min": lo, "max": hi}, index=pd.Index(names, name="channel"))
    return Allocation(table=table, budget=spend, objective=objective, metric=metric,
                      periods=periods, expected=total, expected_current=total_cur,
                      interval=iv, interval_current=iv_cur,  # type: ignore[arg-type]
                      interval_change=iv_diff, probability_better=better,  # type: ignore
                      converged=converged, unchanged=unchanged, level=level,
                      currency=currency, target_roas=target_roas, unspent=unspent,
                      notes=[n for n in notes if n])


def _project(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, total: float) -> np.ndarray:
    """The point of the box ``[lo, hi]`` with sum ``total`` nearest to ``x`` (bisection)."""
    a, b = -abs(total) - np.abs(x).sum() - hi.sum(), abs(total) + np.abs(x).sum() + hi.sum()
    for _ in range(200):
        mid = (a + b) / 2
        if np.clip(x + mid, lo, hi).sum() < total:
            a = mid
        else:
            b = mid
    return np.clip(x + (a + b) / 2, lo, hi)


def _current(curves: Any, names: list[str], current: Any, budget: float, periods: float,
             excluded: list[str]) -> tuple[np.ndarray, str]:
    if current is not None:
        if not isinstance(current, Mapping):
            raise DataError("current must map channel → amount", column="current",
                            hint="e.g. {'facebook': 4000, 'instagram': 6000}")
        unknown = [c for c in current if c not in names]
        if unknown:
            raise DataError(f"current names {unknown[0]!r}, which has no response curve",
                            column=unknown[0], hint=f"use one of {', '.join(names)}")
        x = np.array([float(current.get(ch, 0.0)) for ch in names])
        if (x < 0).any() or not np.isfinite(x).all():
            raise DataError("current amounts must be finite and not negative",
                            column="current", hint="pass amounts of 0 or more")
        note = "current: as given"
        if abs(x.sum() - budget) > 0.005:
            note += f" (it totals {x.sum():,.2f}, not the budget {budget:,.2f})"
        return x, note
    mix = getattr(curves, "current", None)
    if mix is not None and len(np.asarray(mix)) == len(names) and np.sum(mix) > 0:
        w = np.asarray(mix, dtype=float)
        return w / w.sum() * budget, "current: the historical spend mix, scaled to the budget"
    w = np.array([0.0 if ch in excluded else 1.0 for ch in names])
    return w / w.sum() * budget, "current: an equal split (no current split given)"


def _spend_for_roas(problem: _Problem, budget: float, target: float, bounds: Any,
                    shares: dict, excluded: list[str], names: list[str],
                    grid: int) -> tuple[float, list[str]]:
    """Largest spend <= budget whose best split returns at least ``target`` (ROAS)."""

    def best_roas(spend: float) -> float:
        lo, hi, _ = _box(names, spend, bounds, shares, excluded)
        x = _dynamic(problem, lo, hi, spend, max(grid // 2, 10))
        return problem.total(x) / spend

    if best_roas(budget) >= target:
        return budget, [f"the whole budget meets the target ROAS {target:g}"]
    levels = np.linspace(budget, budget / 200, 60)
    ok = None
    for s in levels:
        try:
            r = best_roas(float(s))
        except DataError:
            continue
        if r >= target:
            ok = float(s)
            break
    if ok is None:
        best = max((best_roas(float(s)), float(s)) for s in levels[::6]
                   if _feasible(names, float(s), bounds, shares, excluded))
        raise DataError(f"no spend up to {budget:,.2f} reaches ROAS {target:g}; the best is "
                        f"{best[0]:.2f} at about {best[1]:,.0f}", column="target_roas",
                        hint="lower target_roas")
    hi_s = float(levels[list(levels).index(ok) - 1]) if ok != levels[0] else budget
    lo_s = ok
    for _ in range(30):
        mid = (lo_s + hi_s) / 2
        if best_roas(mid) >= target:
            lo_s = mid
        else:
            hi_s = mid
    spend = math.floor(lo_s * 100) / 100
    return spend, [f"spend {spend:,.2f} of the {budget:,.2f} budget: the most that still "
                   f"returns ROAS {target:g}"]


def _feasible(names: list[str], spend: float, bounds: Any, shares: dict,
              excluded: list[str]) -> bool:
    try:
        _box(names, spend, bounds, shares, excluded)
    except DataError:
        return False
    return True
