"""Media-plan arithmetic: GRP/TRP, CPM and the two different "CPP"s.

- **GRP** (gross rating points) = reach % × average frequency
  = 100 × reach fraction × frequency = impressions ÷ population × 100.
  **TRP** (target rating points) is the same arithmetic on the target
  audience (impressions *on target* ÷ target population × 100); every
  function here works for either, given the matching population.
- **CPM** = cost ÷ impressions × 1,000.
- **Cost per (rating) point**, the classic *CPP* of broadcast planning =
  cost ÷ GRP: :func:`cost_per_point`.
- **Cost per 1,000 people reached** = cost ÷ reached people × 1,000, which
  Meta's and TikTok's ad managers *also* label "CPP" (cost per 1,000 people
  reached): :func:`cost_per_thousand_reached`. The two are not the same
  number and are kept under different names here.

All functions take numbers, arrays or Series (returned in the same form).

Examples
--------
>>> grp(0.40, 3)
120.0
>>> cost_per_point(60_000, 120)
500.0
>>> cpm(600, 150_000)
4.0
>>> cost_per_thousand_reached(600, 50_000)
12.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

from smtools.errors import DataError
from smtools.reach import _checks

__all__ = [
    "budget_for_impressions",
    "cost_per_point",
    "cost_per_thousand_reached",
    "cpm",
    "frequency_from_grp",
    "grp",
    "grp_from_impressions",
    "impressions_for_budget",
    "impressions_from_grp",
    "reach_from_grp",
]


def _values(x: Any, name: str) -> np.ndarray:
    return _checks.nonnegative_array(x, name)


def _denominator(x: Any, name: str, hint: str) -> np.ndarray:
    arr = _checks.nonnegative_array(x, name)
    if np.any(arr == 0):
        raise DataError(f"{name} must be above 0 (it divides)", column=name, hint=hint)
    return arr


def _fractions(x: Any, name: str) -> np.ndarray:
    arr = _checks.nonnegative_array(x, name)
    if np.any(arr > 1):
        raise DataError(f"{name} must be a fraction of the population (at most 1)",
                        column=name, hint="give 0.30 for 30%; values above 1 look like "
                                          "percentages")
    return arr


def grp(reach: Any, frequency: Any) -> Any:
    """Gross rating points from reach and average frequency: 100 × reach × frequency.

    Parameters
    ----------
    reach : float or array
        Reach as a fraction of the (target) population.
    frequency : float or array
        Average frequency among the people reached (1 or more when reach > 0).

    Returns
    -------
    float, array or Series
        GRP (TRP when the reach is on the target audience).

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    GRP = reach × average frequency.

    Examples
    --------
    >>> grp(0.25, 3)  # 25% reached 3 times on average
    75.0
    """
    r = _fractions(reach, "reach")
    f = _values(frequency, "frequency")
    if np.any((r > 0) & (f < 1)):
        raise DataError("average frequency among people reached is at least 1",
                        column="frequency", hint="give the frequency among those reached, not "
                                                 "impressions per head of population")
    return _checks.like(100.0 * r * f, reach if np.ndim(reach) else frequency)


def grp_from_impressions(impressions: Any, population: Any) -> Any:
    """GRP from impressions: impressions ÷ population × 100.

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    GRP = gross impressions ÷ universe × 100.

    Examples
    --------
    >>> grp_from_impressions(1_200_000, 5_000_000)
    24.0
    """
    i = _values(impressions, "impressions")
    p = _denominator(population, "population", "give the size of the (target) population")
    return _checks.like(100.0 * i / p, impressions if np.ndim(impressions) else population)


def impressions_from_grp(grp: Any, population: Any) -> Any:
    """Impressions delivered by a number of GRP: GRP ÷ 100 × population.

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    gross impressions = GRP ÷ 100 × universe.

    Examples
    --------
    >>> impressions_from_grp(120, 129_900_000)
    155880000.0
    """
    g = _values(grp, "grp")
    p = _denominator(population, "population", "give the size of the (target) population")
    return _checks.like(g / 100.0 * p, grp if np.ndim(grp) else population)


def frequency_from_grp(grp: Any, reach: Any) -> Any:
    """Average frequency among those reached: GRP ÷ (100 × reach).

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    average frequency = GRP ÷ reach.

    Examples
    --------
    >>> frequency_from_grp(120, 0.40)
    3.0
    """
    g = _values(grp, "grp")
    r = _fractions(reach, "reach")
    if np.any(r == 0):
        raise DataError("reach must be above 0 to give an average frequency", column="reach",
                        hint="average frequency is undefined when nobody is reached")
    out = g / (100.0 * r)
    if np.any(out < 1 - 1e-12):
        raise DataError("GRP are below the reach in points (frequency under 1)", column="grp",
                        hint="GRP = reach % × frequency is at least the reach %")
    return _checks.like(out, grp if np.ndim(grp) else reach)


def reach_from_grp(grp: Any, frequency: Any) -> Any:
    """Reach (fraction) from GRP and average frequency: GRP ÷ (100 × frequency).

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    reach = GRP ÷ average frequency.

    Examples
    --------
    >>> reach_from_grp(120, 12)
    0.1
    """
    g = _values(grp, "grp")
    f = _denominator(frequency, "frequency", "average frequency is 1 or more")
    out = g / (100.0 * f)
    if np.any(out > 1 + 1e-12):
        raise DataError("these GRP and frequency imply a reach above 100%", column="frequency",
                        hint="at a given GRP, frequency must be at least GRP ÷ 100")
    return _checks.like(out, grp if np.ndim(grp) else frequency)


def cpm(cost: Any, impressions: Any) -> Any:
    """Cost per thousand impressions: cost ÷ impressions × 1,000.

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    CPM = cost ÷ impressions × 1,000.

    Examples
    --------
    >>> cpm(300, 150_000)
    2.0
    """
    c = _values(cost, "cost")
    i = _denominator(impressions, "impressions", "CPM needs impressions above 0")
    return _checks.like(1000.0 * c / i, cost if np.ndim(cost) else impressions)


def cost_per_point(cost: Any, grp: Any) -> Any:
    """Cost per rating point, the classic *CPP* of media planning: cost ÷ GRP.

    What one point (1% of the target population, once) costs. Not the
    "CPP" of Meta's and TikTok's ad managers, which is the cost per 1,000
    people reached: see :func:`cost_per_thousand_reached`. With ``CPM`` and
    the population, ``CPP = CPM × population ÷ 100,000``.

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    cost per rating point = cost of the schedule ÷ GRP.

    Examples
    --------
    >>> cost_per_point(5_000, 210)  # doctest: +ELLIPSIS
    23.80952...
    """
    c = _values(cost, "cost")
    g = _denominator(grp, "grp", "cost per point needs GRP above 0")
    return _checks.like(c / g, cost if np.ndim(cost) else grp)


def cost_per_thousand_reached(cost: Any, reached: Any) -> Any:
    """Cost per 1,000 people reached: cost ÷ reached people × 1,000.

    This is what Meta's Ads Manager and TikTok's Ads Manager report as
    "CPP" (cost per 1,000 people reached). It is *not* the classic cost per
    rating point (:func:`cost_per_point`).

    Parameters
    ----------
    cost : float or array
        Spend.
    reached : float or array
        Unique people reached (a count, not a fraction).

    References
    ----------
    Meta Marketing API, Ads Insights field ``cpp`` ("the average cost to reach 1,000
    people"); TikTok Ads Manager metric "Cost per 1,000 people reached".

    Examples
    --------
    >>> cost_per_thousand_reached(1_000, 80_000)
    12.5
    """
    c = _values(cost, "cost")
    r = _denominator(reached, "reached", "give the number of unique people reached (above 0)")
    return _checks.like(1000.0 * c / r, cost if np.ndim(cost) else reached)


def impressions_for_budget(budget: Any, cpm: Any) -> Any:
    """Impressions a budget buys at a CPM: budget ÷ CPM × 1,000.

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    the CPM definition, solved for impressions.

    Examples
    --------
    >>> impressions_for_budget(300, 2)
    150000.0
    """
    b = _values(budget, "budget")
    c = _denominator(cpm, "cpm", "give the cost per thousand impressions (above 0)")
    return _checks.like(1000.0 * b / c, budget if np.ndim(budget) else cpm)


def budget_for_impressions(impressions: Any, cpm: Any) -> Any:
    """Budget needed for a number of impressions at a CPM: impressions × CPM ÷ 1,000.

    References
    ----------
    Sissors, J. Z. & Baron, R. B., *Advertising Media Planning* (McGraw-Hill):
    the CPM definition, solved for cost.

    Examples
    --------
    >>> budget_for_impressions(150_000, 2)
    300.0
    """
    i = _values(impressions, "impressions")
    c = _checks.nonnegative_array(cpm, "cpm")
    return _checks.like(i * c / 1000.0, impressions if np.ndim(impressions) else cpm)
