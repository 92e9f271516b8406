"""Reach curves: reach as a function of impressions, and of budget through CPM.

Both curves here are gamma-Poisson (negative binomial, NBD) models: among a
reachable audience of ``N`` people (the *ceiling*), each person's exposures
are Poisson with a rate that varies across people as a gamma distribution of
shape ``r``. With I impressions (mean ``m = I / N`` per reachable person)

- reach ``R(I) = N·(1 − (1 + m/r)^(−r))``,
- k+ reach ``N·I_q(k, r)`` with ``q = m / (m + r)`` (regularized incomplete
  beta), and
- exactly-k shares ``NB(k; r, r/(r + m))``.

:func:`goerg` fixes the shape at r = 1 (exponential rates), which makes the
curve ``ρ·I / (I + ρ)`` and lets one data point fix the ceiling ρ.
:func:`nbd` fits the shape to one point when everyone is reachable (the
ceiling is the population); :func:`nbd_two_points` fits both shape and
ceiling to two points.

Units: a curve works in the units of the reach it was fitted on: people and
impressions (counts), or shares of the population and impressions per person
(GRP ÷ 100). ``reach_at`` and ``at_least`` answer in those units; ``.reach``
and ``.distribution`` are fractions of the population (of the reachable
ceiling when no population was given).

Examples
--------
>>> curve = goerg(200, 100)
>>> curve.ceiling, round(curve.reach_at(100), 2)
(200.0, 66.67)
>>> round(curve.at_least(3, 200), 2)
25.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from smtools.errors import DataError
from smtools.reach import _checks
from smtools.reach._result import (
    FrequencyDistribution,
    html_block,
    new_axes,
    number,
    pct,
    percent_ticks,
    safe_ratio,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BudgetCurve", "ReachCurve", "goerg", "nbd", "nbd_two_points", "reach_by_budget"]

_GOERG_SOURCE = "Goerg (2014), one-point reach curve"
_NBD_SOURCE = "gamma-Poisson (NBD) exposure model, Ehrenberg (1959)"


def _reach_fraction(m: np.ndarray, shape: float) -> np.ndarray:
    """1 − (1 + m/r)^(−r): share of the reachable audience exposed at least once."""
    return -np.expm1(-shape * np.log1p(m / shape))


def _tail(k: int, m: np.ndarray, shape: float) -> np.ndarray:
    """P(X ≥ k) for X ~ NB with mean m and shape r: I_q(k, r), q = m/(m + r)."""
    if k <= 0:
        return np.ones_like(m)
    return special.betainc(k, shape, m / (m + shape))


def _pmf(j: np.ndarray, m: float, shape: float) -> np.ndarray:
    """NB probabilities of exactly j exposures (mean m, shape r)."""
    if m == 0:
        return (j == 0).astype(float)
    log_p = (special.gammaln(shape + j) - special.gammaln(shape) - special.gammaln(j + 1)
             + shape * (np.log(shape) - np.log(shape + m)) + j * (np.log(m) - np.log(shape + m)))
    return np.exp(log_p)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class ReachCurve:
    """A gamma-Poisson reach curve fitted to observed (impressions, reach) points.

    Parameters
    ----------
    shape : float
        Gamma shape r of the exposure rates (1 for Goerg's curve; small values
        mean very uneven exposure, large values approach random, Poisson
        exposure).
    ceiling : float
        Reachable audience N, in the units of the fitted reach.
    population : float or None
        Target population in the same units (None: unknown; shares are then
        shares of the ceiling).
    impressions, reached : tuple of float
        The fitted point(s).
    model, source : str
        Name of the model and where its formula comes from.

    Examples
    --------
    >>> c = goerg(200, 100)
    >>> round(c.reach_at(400), 2), round(c.impressions_for(150), 1)
    (133.33, 600.0)
    """

    shape: float
    ceiling: float
    population: float | None
    impressions: tuple[float, ...]
    reached: tuple[float, ...]
    model: str
    source: str

    def __post_init__(self) -> None:
        _checks.positive(self.shape, "shape", hint="the gamma shape is a positive number")
        ceiling = _checks.positive(self.ceiling, "ceiling",
                                   hint="the reachable audience is a positive number")
        if self.population is not None and \
                _checks.positive(self.population, "population") < ceiling * (1 - 1e-9):
            raise DataError(f"the ceiling ({ceiling:,.4g}) exceeds the population "
                            f"({self.population:,.4g})", column="ceiling",
                            hint="the reachable audience cannot outnumber the population")
        if len(self.impressions) == 0 or len(self.impressions) != len(self.reached):
            raise DataError("give the fitted point(s) as matching impressions and reached",
                            column="impressions", hint="one reached value per impressions value")

    # -- scale ----------------------------------------------------------------------------
    @property
    def universe(self) -> float:
        """The population shares refer to: the population, or the ceiling if none was given."""
        return self.population if self.population is not None else self.ceiling

    @property
    def reach(self) -> float:
        """Observed reach (last fitted point) as a fraction of :attr:`universe`."""
        return self.reached[-1] / self.universe

    @property
    def average_frequency(self) -> float:
        """Impressions ÷ reach at the (last) fitted point."""
        return self.impressions[-1] / self.reached[-1]

    # -- curve ----------------------------------------------------------------------------
    def reach_at(self, impressions: Any) -> Any:
        """Reach after ``impressions``, in the units of the fitted reach.

        ``N·(1 − (1 + I/(N·r))^(−r))``; for Goerg's curve (r = 1) ``ρ·I/(I + ρ)``.
        """
        x = _checks.nonnegative_array(impressions, "impressions")
        out = self.ceiling * _reach_fraction(x / self.ceiling, self.shape)
        return _checks.like(out, impressions)

    def at_least(self, k: int, impressions: Any = None) -> Any:
        """People (in the fitted units) exposed ``k`` or more times after ``impressions``.

        Goerg's curve: ``ρ·(I/(I + ρ))^k``. Default impressions: the last fitted point.
        """
        k = _checks.count(k, "k", minimum=0)
        if impressions is None:
            impressions = self.impressions[-1]
        x = _checks.nonnegative_array(impressions, "impressions")
        if k == 0:
            return _checks.like(np.full(x.shape, self.universe), impressions)
        out = self.ceiling * _tail(k, x / self.ceiling, self.shape)
        return _checks.like(out, impressions)

    def effective_reach(self, impressions: Any = None, *, k: int = 3) -> Any:
        """People exposed ``k`` or more times (3+ by default), in the fitted units."""
        return self.at_least(k, impressions)

    def frequency_at(self, impressions: Any) -> Any:
        """Average frequency among those reached after ``impressions`` (NaN at 0)."""
        x = _checks.nonnegative_array(impressions, "impressions")
        reach = self.ceiling * _reach_fraction(x / self.ceiling, self.shape)
        return _checks.like(safe_ratio(x, reach), impressions)

    def impressions_for(self, reach: Any) -> Any:
        """Impressions needed to reach ``reach`` people (fitted units): the inverse curve.

        ``N·r·((1 − R/N)^(−1/r) − 1)``; Goerg: ``ρ·R/(ρ − R)``.
        """
        target = _checks.nonnegative_array(reach, "reach")
        if np.any(target >= self.ceiling):
            raise DataError(f"the curve never reaches {target.max():,.4g}: its ceiling is "
                            f"{self.ceiling:,.4g}", column="reach",
                            hint="ask for a reach below the ceiling")
        out = self.ceiling * self.shape * np.expm1(-np.log1p(-target / self.ceiling)
                                                   / self.shape)
        return _checks.like(out, reach)

    def distribution(self, impressions: Any = None, *, max_k: int = 10) -> pd.Series:
        """Shares of :attr:`universe` exposed exactly 0 … max_k − 1 times, and max_k or more.

        The last row groups ``max_k`` or more exposures, so the shares add up to 1.
        """
        return self.at(impressions, max_k=max_k).distribution

    def at(self, impressions: Any = None, *, max_k: int = 10) -> FrequencyDistribution:
        """The frequency distribution after ``impressions`` (default: the fitted point).

        Examples
        --------
        >>> fd = goerg(200, 100).at(200, max_k=4)
        >>> fd.distribution.round(4).tolist()
        [0.5, 0.25, 0.125, 0.0625, 0.0625]
        """
        if impressions is None:
            impressions = self.impressions[-1]
        x = _checks.scalar(impressions, "impressions")
        if x < 0:
            raise DataError("impressions must be 0 or more", column="impressions",
                            hint="give a number of impressions")
        max_k = _checks.count(max_k, "max_k", minimum=1)
        m = x / self.ceiling
        pmf = _pmf(np.arange(max_k), m, self.shape)
        last = float(_tail(max_k, np.asarray(m), self.shape))
        share = self.ceiling / self.universe
        dist = np.append(share * pmf, share * last)
        dist[0] = 1.0 - share * (1.0 - pmf[0])
        return FrequencyDistribution(
            distribution=pd.Series(dist, index=pd.RangeIndex(max_k + 1, name="times_exposed"),
                                   name="share"),
            model=f"{self.model} at {x:,.0f} impressions", source=self.source,
            exposures=x / self.universe, open_ended=True)

    # -- tables and charts ----------------------------------------------------------------
    def _grid(self, impressions: Any) -> np.ndarray:
        if impressions is None:
            return np.linspace(0.0, 4.0 * max(self.impressions), 21)
        return np.atleast_1d(_checks.nonnegative_array(impressions, "impressions"))

    def to_frame(self, impressions: Any = None, *, k: int = 3) -> pd.DataFrame:
        """The curve as a table over ``impressions`` (default 0 to 4× the fitted point).

        Columns: ``impressions``, ``grp`` (100 × impressions ÷ universe),
        ``reach`` (fitted units), ``reach_share``, ``reach_{k}_plus_share`` and
        ``average_frequency``.

        Examples
        --------
        >>> goerg(200, 100).to_frame([100, 200])["reach"].round(2).tolist()
        [66.67, 100.0]
        """
        k = _checks.count(k, "k", minimum=1)
        x = self._grid(impressions)
        reach = np.asarray(self.reach_at(x), dtype=float)
        kplus = np.asarray(self.at_least(k, x), dtype=float)
        return pd.DataFrame({"impressions": x, "grp": 100.0 * x / self.universe,
                             "reach": reach, "reach_share": reach / self.universe,
                             f"reach_{k}_plus_share": kplus / self.universe,
                             "average_frequency": safe_ratio(x, reach)})

    @property
    def _units(self) -> tuple[str, str]:
        if self.population == 1.0:
            return ("Impressions per person (GRP ÷ 100)", "% of target population")
        if self.population is None:
            return ("Impressions (count)", "% of reachable audience (ceiling)")
        return ("Impressions (count)", "% of target population")

    @property
    def source_line(self) -> str:
        """The chart's source line."""
        points = "; ".join(f"{number(i)} impressions → {number(r)} reached"
                           for i, r in zip(self.impressions, self.reached, strict=True))
        return f"Model estimate, {self.source}, fitted to {points}"

    def plot(self, ax: Axes | None = None, *, impressions: Any = None, k: int = 3,
             title: str | None = None, source: str | None = None) -> Axes:
        """Reach and k+ reach over impressions, with the ceiling and the fitted point(s).

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> ax = goerg(200, 100).plot()
        >>> ax.get_xlabel(), len(ax.lines)
        ('Impressions (count)', 4)
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        ax = new_axes(ax)
        if impressions is None:
            impressions = np.linspace(0.0, 4.0 * max(self.impressions), 81)
        frame = self.to_frame(impressions, k=k)
        xlabel, unit = self._units
        ax.plot(frame["impressions"], frame["reach_share"], color=viz.PALETTE[0],
                label="Reach (1+)")
        ax.plot(frame["impressions"], frame[f"reach_{k}_plus_share"], color=viz.PALETTE[2],
                label=f"Effective reach ({k}+)")
        ax.axhline(self.ceiling / self.universe, color="#777777", linestyle="--", linewidth=1,
                   label=f"Ceiling ({pct(self.ceiling / self.universe)})")
        ax.plot(list(self.impressions), [r / self.universe for r in self.reached],
                linestyle="none", marker="o", color=viz.PALETTE[1], label="Observed")
        ax.set_ylim(0, min(1.0, self.ceiling / self.universe * 1.1) or 1.0)
        ax.legend(loc="lower right")
        percent_ticks(ax)
        if self.population != 1.0:
            viz.money_axis(ax, axis="x")
        viz.finish(ax, title=title or f"Reach curve: {self.model}", xlabel=xlabel,
                   ylabel=f"Reach ({unit})", source=source or self.source_line)
        return ax

    def summary(self) -> str:
        """One sentence: the fit and what it implies."""
        return (f"{self.model} (shape {self.shape:.3g}): ceiling {number(self.ceiling)} "
                f"({pct(self.ceiling / self.universe)}); {number(self.impressions[-1])} "
                f"impressions reach {number(self.reached[-1])} ({pct(self.reach)}), "
                f"average frequency {self.average_frequency:.2f}.")

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        formats = {"impressions": "{:,.0f}", "grp": "{:,.1f}", "reach": "{:,.4g}",
                   "reach_share": "{:.1%}", "reach_3_plus_share": "{:.1%}",
                   "average_frequency": "{:.2f}"}
        return html_block(self.summary(), frame, formats)

    def __repr__(self) -> str:
        return (f"ReachCurve(model={self.model!r}, shape={self.shape:.4g}, "
                f"ceiling={self.ceiling:,.6g}, population={self.population!r}, "
                f"reach={pct(self.reach, 2)}, average_frequency={self.average_frequency:.2f})")


def _point(impressions: Any, reach: Any, population: float | None) -> tuple[float, float]:
    i = _checks.positive(impressions, "impressions")
    r = _checks.positive(reach, "reach")
    if r >= i:
        raise DataError(f"reach ({r:,.4g}) must be below impressions ({i:,.4g})",
                        column="reach",
                        hint="with one impression per person reached (average frequency 1) the "
                             "curve has no ceiling; check both are on the same target")
    if population is not None and r > population:
        raise DataError(f"reach ({r:,.4g}) exceeds the population ({population:,.4g})",
                        column="population", hint="give reach and population in the same unit")
    return i, r


def _population(population: Any) -> float | None:
    if population is None:
        return None
    return _checks.positive(population, "population",
                            hint="give the target population in the unit of reach")


def goerg(impressions: float, reach: float, *, population: float | None = None) -> ReachCurve:
    """Goerg's one-point reach curve: ``reach(I) = ρ·I / (I + ρ)``.

    Assuming exposures are Poisson with exponentially distributed rates
    across people (gamma-Poisson with shape 1), one observed point
    (impressions I₀, reach R₀) fixes the ceiling ``ρ = I₀·R₀ / (I₀ − R₀)``.
    Then reach ``ρ·I/(I + ρ)``, k+ reach ``ρ·(I/(I + ρ))^k`` and average
    frequency ``1 + I/ρ``.

    Parameters
    ----------
    impressions : float
        Impressions delivered (on target).
    reach : float
        Unique people reached by them (same unit: people, or shares with
        impressions per person).
    population : float, optional
        Target population in that unit; shares are of the ceiling otherwise.

    Returns
    -------
    ReachCurve
        ``.ceiling`` (ρ), ``.reach_at(impressions)``, ``.at_least(k, impressions)``.

    Raises
    ------
    DataError
        reach ≥ impressions (no ceiling), or a ceiling above the population
        (frequency too low for this population: use :func:`nbd`).

    References
    ----------
    Goerg, G. M. (2014), "Estimating reach curves from one data point",
    Google Inc. technical report (research.google).

    Examples
    --------
    >>> curve = goerg(200, 100)
    >>> curve.ceiling, round(curve.reach_at(100), 2), round(curve.at_least(2, 200), 2)
    (200.0, 66.67, 50.0)
    """
    pop = _population(population)
    i, r = _point(impressions, reach, pop)
    rho = i * r / (i - r)
    if pop is not None and rho > pop * (1 + 1e-9):
        raise DataError(f"the implied ceiling ({rho:,.4g}) exceeds the population "
                        f"({pop:,.4g}): the average frequency ({i / r:.2f}) is too low for "
                        f"Goerg's curve", column="reach",
                        hint="check impressions and reach are on the same target, or use "
                             "nbd(), whose shape adapts to near-random exposure")
    return ReachCurve(shape=1.0, ceiling=rho, population=pop, impressions=(i,), reached=(r,),
                      model="Goerg one-point curve", source=_GOERG_SOURCE)


def nbd(impressions: float, reach: float, *, population: float | None = None) -> ReachCurve:
    """Gamma-Poisson (NBD) reach curve through one point, everyone reachable.

    With mean exposures per person ``m = I/P`` and reach share ``ρ = R/P``,
    the shape r solves ``1 − (1 + m/r)^(−r) = ρ`` (unique: reach rises with
    r, from 0 towards the Poisson ``1 − e^(−m)``).

    Parameters
    ----------
    impressions : float
        Impressions per person (GRP ÷ 100) when ``population`` is None,
        otherwise impressions delivered to the population.
    reach : float
        Reach as a fraction when ``population`` is None, otherwise people.
    population : float, optional
        Target population (same unit as reach).

    Returns
    -------
    ReachCurve
        Ceiling = population (1 for per-person inputs).

    Raises
    ------
    DataError
        Reach at or above the random (Poisson) reach ``1 − e^(−m)``: the NBD
        needs more duplication than random.

    References
    ----------
    Ehrenberg, A. S. C. (1959), "The pattern of consumer purchases", *Applied
    Statistics* 8(1), 26–41; Goodhardt, G. J., Ehrenberg, A. S. C. & Collins,
    M. A. (1975), *The Television Audience: Patterns of Viewing*, Saxon House.

    Examples
    --------
    >>> curve = nbd(1.2, 0.40)  # 120 GRP reaching 40%
    >>> round(curve.reach_at(1.2), 4), round(curve.shape, 3)
    (0.4, 0.336)
    """
    pop = _population(population)
    unit = 1.0 if pop is None else pop
    if pop is None:
        _checks.fraction(reach, "reach", low_open=True, high_open=True)
    i, r = _point(impressions, reach, unit)
    m, share = i / unit, r / unit
    limit = -math.expm1(-m)
    if share >= limit * (1 - 1e-12):
        raise DataError(f"reach ({pct(share, 2)}) is at or above the {pct(limit, 2)} that random "
                        f"(Poisson) exposure gives for {100 * m:,.1f} GRP", column="reach",
                        hint="the NBD needs more duplication than random; check the figures or "
                             "use binomial()/sainsbury()")
    target = math.log1p(-share)

    def gap(log_r: float) -> float:
        shape = math.exp(log_r)
        return -shape * math.log1p(m / shape) - target

    lo, hi = -30.0, 30.0
    while gap(hi) > 0 and hi < 200:
        hi += 20.0
    shape = math.exp(_root(gap, lo, hi, "reach"))
    return ReachCurve(shape=shape, ceiling=unit, population=unit, impressions=(i,),
                      reached=(r,), model="NBD reach curve", source=_NBD_SOURCE)


def _root(func: Any, lo: float, hi: float, column: str) -> float:
    """brentq on [lo, hi], a DataError (never a scipy error) when there is no root."""
    try:
        return optimize.brentq(func, lo, hi, xtol=1e-14, rtol=1e-13)
    except (ValueError, RuntimeError):
        raise DataError("the curve could not be fitted to these figures", column=column,
                        hint="check impressions and reach; they are too close to a limit of "
                             "the model") from None


def _ceiling_for(shape: float, i: float, r: float) -> float:
    """Ceiling N through (i, r) for a given shape: N·(1 − (1 + i/(N·r_shape))^(−shape)) = r."""
    ratio = r / i

    def gap(log_u: float) -> float:
        u = math.exp(log_u)
        return -math.expm1(-shape * math.log1p(u / shape)) / u - ratio

    return i / math.exp(_root(gap, -40.0, 40.0, "reach"))


def nbd_two_points(impressions: Any, reach: Any, *, population: float | None = None
                   ) -> ReachCurve:
    """Gamma-Poisson reach curve with a ceiling, through two observed points.

    Fits both the shape r and the reachable audience N so that
    ``N·(1 − (1 + I/(N·r))^(−r))`` passes through (I₁, R₁) and (I₂, R₂), for
    example a campaign's first week and its first two weeks. Goerg's curve
    is the case r = 1.

    Parameters
    ----------
    impressions, reach : sequence of two floats
        The two points (same units; impressions increasing with reach).
    population : float, optional
        Target population; the fitted ceiling must not exceed it.

    Returns
    -------
    ReachCurve

    Raises
    ------
    DataError
        Points that no such curve passes through: reach must rise more
        slowly than impressions (R₂/I₂ < R₁/I₁) and within what the
        logarithmic (r → 0) and Poisson (r → ∞) limits allow.

    References
    ----------
    The gamma-Poisson exposure model (Ehrenberg 1959); Goerg (2014) for the
    shape-1 case with a ceiling.

    Examples
    --------
    >>> g = goerg(200, 100)
    >>> curve = nbd_two_points([100, 200], [g.reach_at(100), 100])
    >>> round(curve.shape, 6), round(curve.ceiling, 3)
    (1.0, 200.0)
    """
    i_arr, _ = _checks.vector(impressions, "impressions")
    r_arr, _ = _checks.vector(reach, "reach")
    if i_arr.size != 2 or r_arr.size != 2:
        raise DataError("give exactly two points", column="impressions",
                        hint="impressions=[I1, I2], reach=[R1, R2]")
    pop = _population(population)
    order = np.argsort(i_arr)
    (i1, i2), (r1, r2) = i_arr[order], r_arr[order]
    i1, r1 = _point(i1, r1, pop)
    i2, r2 = _point(i2, r2, pop)
    if not (i1 < i2 and r1 < r2):
        raise DataError("reach must grow with impressions between the two points",
                        column="reach", hint="check the points are cumulative (second ⊇ first)")
    if not (r2 / i2 < r1 / i1 and r2 - r1 < i2 - i1):
        raise DataError("reach must grow more slowly than impressions (average frequency "
                        "rising)", column="reach",
                        hint="check the two points; each new impression cannot reach more "
                             "than one new person")
    target = r2 / i2

    def gap(log_r: float) -> float:
        shape = math.exp(log_r)
        ceiling = _ceiling_for(shape, i1, r1)
        return ceiling * float(_reach_fraction(np.asarray(i2 / ceiling), shape)) / i2 - target

    lo, hi = -12.0, 14.0
    g_lo, g_hi = gap(lo), gap(hi)
    if g_lo * g_hi > 0:
        how = ("reach keeps growing faster than any such curve allows (close to one new person "
               "per impression)" if g_lo < 0 else
               "reach saturates faster than random (Poisson) exposure allows")
        raise DataError(f"no gamma-Poisson curve with a ceiling passes through these two "
                        f"points: {how}", column="reach",
                        hint="check the two points are cumulative and on the same target, or "
                             "use goerg() on the later point")
    shape = math.exp(_root(gap, lo, hi, "reach"))
    ceiling = _ceiling_for(shape, i1, r1)
    if pop is not None and ceiling > pop * (1 + 1e-9):
        raise DataError(f"the fitted ceiling ({ceiling:,.4g}) exceeds the population "
                        f"({pop:,.4g})", column="population",
                        hint="check the points are on this target, or use nbd() on one point")
    return ReachCurve(shape=shape, ceiling=ceiling, population=pop, impressions=(i1, i2),
                      reached=(r1, r2), model="NBD two-point curve", source=_NBD_SOURCE)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class BudgetCurve:
    """Reach over budget: budget → impressions (CPM) → GRP → reach (a reach curve).

    Examples
    --------
    >>> bc = reach_by_budget([1_000, 2_000], cpm=5.0, curve=goerg(200_000, 100_000),
    ...                      population=1_000_000)
    >>> bc.to_frame()["impressions"].tolist()
    [200000.0, 400000.0]
    """

    budgets: np.ndarray
    cpm: float
    population: float
    curve: ReachCurve
    k: int = 3
    currency: str | None = None

    @property
    def _factor(self) -> float:
        """Curve units per person of ``population``."""
        return 1.0 if self.curve.population is None else self.curve.population / self.population

    def _people(self, budgets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        impressions = 1000.0 * budgets / self.cpm
        f = self._factor
        reach = np.asarray(self.curve.reach_at(impressions * f), dtype=float) / f
        kplus = np.asarray(self.curve.at_least(self.k, impressions * f), dtype=float) / f
        return impressions, reach, kplus

    def reach_at(self, budget: Any) -> Any:
        """Reach (fraction of the population) bought by ``budget``."""
        b = _checks.nonnegative_array(budget, "budget")
        _, reach, _ = self._people(b)
        return _checks.like(reach / self.population, budget)

    def to_frame(self) -> pd.DataFrame:
        """``budget``, ``impressions``, ``grp``, ``reach`` (people), ``reach_share``,
        ``reach_{k}_plus_share`` and ``average_frequency``."""
        impressions, reach, kplus = self._people(self.budgets)
        return pd.DataFrame({"budget": self.budgets, "impressions": impressions,
                             "grp": 100.0 * impressions / self.population, "reach": reach,
                             "reach_share": reach / self.population,
                             f"reach_{self.k}_plus_share": kplus / self.population,
                             "average_frequency": safe_ratio(impressions, reach)})

    @property
    def source_line(self) -> str:
        """The chart's source line."""
        return (f"Model estimate at CPM {self.cpm:,.2f}: {self.curve.model} "
                f"({self.curve.source})")

    def plot(self, ax: Axes | None = None, *, title: str | None = None,
             source: str | None = None) -> Axes:
        """Reach and k+ reach over budget.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> ax = reach_by_budget([0, 500, 1_000], cpm=4.0, curve=nbd(1.2, 0.4),
        ...                      population=500_000, currency="EUR").plot()
        >>> ax.get_xlabel()
        'Budget (EUR)'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        ax = new_axes(ax)
        frame = self.to_frame()
        ax.plot(frame["budget"], frame["reach_share"], marker="o", color=viz.PALETTE[0],
                label="Reach (1+)")
        ax.plot(frame["budget"], frame[f"reach_{self.k}_plus_share"], marker="o",
                color=viz.PALETTE[2], label=f"Effective reach ({self.k}+)")
        ax.set_ylim(0, min(1.0, max(0.05, float(frame["reach_share"].max()) * 1.15)))
        ax.legend(loc="lower right")
        percent_ticks(ax)
        viz.money_axis(ax, axis="x")
        viz.finish(ax, title=title or "Reach by budget",
                   xlabel=f"Budget ({self.currency or 'currency units'})",
                   ylabel="Reach (% of target population)", source=source or self.source_line)
        return ax

    def summary(self) -> str:
        """One sentence: the top budget and what it buys."""
        frame = self.to_frame()
        top = frame.iloc[-1]
        money = f"{top['budget']:,.0f}" + (f" {self.currency}" if self.currency else "")
        return (f"At CPM {self.cpm:,.2f}, {money} buys {top['impressions']:,.0f} impressions "
                f"({top['grp']:,.1f} GRP) reaching {pct(top['reach_share'])} of the "
                f"{self.population:,.0f} people in the target ({self.curve.model}).")

    def _repr_html_(self) -> str:
        formats = {"budget": "{:,.0f}", "impressions": "{:,.0f}", "grp": "{:,.1f}",
                   "reach": "{:,.0f}", "reach_share": "{:.1%}",
                   f"reach_{self.k}_plus_share": "{:.1%}", "average_frequency": "{:.2f}"}
        return html_block(self.summary(), self.to_frame(), formats)

    def __repr__(self) -> str:
        return (f"BudgetCurve(budgets={len(self.budgets)}, cpm={self.cpm:g}, "
                f"population={self.population:,.0f}, model={self.curve.model!r})")


def reach_by_budget(budgets: Any, *, cpm: float, curve: ReachCurve, population: float,
                    k: int = 3, currency: str | None = None) -> BudgetCurve:
    """Reach as a function of budget: budget → impressions → GRP → reach.

    ``impressions = budget ÷ CPM × 1,000``, ``GRP = impressions ÷ population
    × 100``, reach from ``curve`` (:func:`goerg`, :func:`nbd` or
    :func:`nbd_two_points`). A curve fitted with a population is rescaled to
    ``population`` keeping its shares (so a per-person :func:`nbd` curve
    applies to any target size); a curve fitted without one is taken to be in
    people.

    Parameters
    ----------
    budgets : number or list
        Budgets to evaluate (currency units).
    cpm : float
        Cost per thousand impressions (same currency).
    curve : ReachCurve
        The reach model.
    population : float
        Target population, in people.
    k : int
        Frequency for the effective-reach column (3+ by default).
    currency : str, optional
        Currency code for labels.

    Returns
    -------
    BudgetCurve
        ``.to_frame()``, ``.plot()``, ``.reach_at(budget)``.

    References
    ----------
    Budget → impressions through the CPM definition and impressions → GRP
    (Sissors & Baron, *Advertising Media Planning*); the reach curve's own
    source (Goerg 2014; Ehrenberg 1959).

    Examples
    --------
    >>> bc = reach_by_budget([1_000, 4_000], cpm=5.0, curve=nbd(1.2, 0.4),
    ...                      population=200_000)
    >>> bc.to_frame()["grp"].round(1).tolist()
    [100.0, 400.0]
    """
    if not isinstance(curve, ReachCurve):
        raise DataError("curve must be a reach curve from goerg(), nbd() or nbd_two_points()",
                        column="curve", hint="fit a curve first, e.g. sm.reach.goerg(I, R)")
    b = np.atleast_1d(_checks.nonnegative_array(budgets, "budgets")).astype(float)
    if b.ndim != 1 or b.size == 0:
        raise DataError("budgets must be a number or a list of numbers", column="budgets",
                        hint="pass budgets=[1000, 2000, 5000]")
    price = _checks.positive(cpm, "cpm", hint="give the cost per thousand impressions")
    pop = _checks.positive(population, "population", hint="give the target population in people")
    if curve.population is None and curve.ceiling > pop * (1 + 1e-9):
        raise DataError(f"the curve's ceiling ({curve.ceiling:,.0f} people) exceeds the "
                        f"population ({pop:,.0f})", column="population",
                        hint="give the population the curve was measured on, or fit the "
                             "curve with population=")
    k = _checks.count(k, "k", minimum=1)
    return BudgetCurve(budgets=b, cpm=price, population=pop, curve=curve, k=k,
                       currency=currency)
