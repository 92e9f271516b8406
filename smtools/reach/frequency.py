"""Frequency distributions: from platform exports, and across networks.

- :func:`frequency_distribution` turns counts of people reached exactly 1, 2,
  … times (the "frequency distribution" breakdowns of Meta, TikTok or
  Google Ads) into a :class:`FrequencyDistribution` of the target population;
- :func:`combine_networks` convolves per-network distributions into the
  distribution of a cross-network plan, **assuming people's exposures on
  different networks are independent** (random duplication across
  networks, exposures within each network as given).

Effective reach (k+ reach, 3+ by default) and average frequency are methods
of the result: ``.at_least(k)``, ``.effective_reach(k=3)``,
``.average_frequency``.

Examples
--------
>>> meta = frequency_distribution({1: 30_000, 2: 15_000, 3: 5_000}, population=100_000)
>>> round(meta.reach, 2), round(meta.average_frequency, 2)
(0.5, 1.5)
>>> plan = combine_networks({"meta": meta, "tiktok": frequency_distribution(
...     {1: 20_000}, population=100_000)})
>>> round(plan.reach, 2), round(plan.grp, 1)
(0.6, 95.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from smtools.errors import DataError
from smtools.reach import _checks
from smtools.reach._result import FrequencyDistribution

__all__ = ["combine_networks", "frequency_distribution"]


def frequency_distribution(counts: Any, *, population: float, impressions: float | None = None,
                           open_ended: bool = False) -> FrequencyDistribution:
    """The population's frequency distribution from counts of people reached k times.

    Parameters
    ----------
    counts : Series, dict or list
        People reached exactly k times, indexed by k = 1, 2, … (a plain list
        is read as k = 1, 2, …). Missing k count as 0.
    population : float
        Size of the (target) population, in the same unit as ``counts``.
    impressions : float, optional
        Impressions delivered to that population. Required when
        ``open_ended`` (the mean cannot be computed from a grouped last row);
        otherwise checked against the counts (within 1%).
    open_ended : bool
        True when the last count is for "k or more" times (such as "10+").

    Returns
    -------
    FrequencyDistribution
        Shares of the population, including those never exposed (row 0).

    References
    ----------
    No model: the shares are the counts divided by the population, the
    "frequency distribution" of Sissors & Baron, *Advertising Media
    Planning*; average frequency = impressions ÷ people reached.

    Examples
    --------
    >>> fd = frequency_distribution([600, 300, 100], population=2_000)
    >>> fd.distribution.round(2).tolist()
    [0.5, 0.3, 0.15, 0.05]
    """
    pop = _checks.positive(population, "population",
                           hint="give the size of the target population")
    if isinstance(counts, pd.Series):
        keys, raw = list(counts.index), list(counts.to_numpy())
    elif isinstance(counts, Mapping):
        keys, raw = list(counts.keys()), list(counts.values())
    else:
        values, _ = _checks.vector(counts, "counts")
        keys, raw = list(range(1, values.size + 1)), list(values)
    if not keys:
        raise DataError("counts is empty", column="counts",
                        hint="give the people reached 1, 2, … times")
    try:
        ks = np.array([float(k) for k in keys])
        vals = np.array([float(v) for v in raw])
    except (TypeError, ValueError):
        raise DataError("counts must be numbers indexed by the number of exposures",
                        column="counts", hint="use {1: people, 2: people, …}; rename a "
                                              "'10+' row to 10 and pass open_ended=True") \
            from None
    if np.any(ks < 1) or np.any(ks != np.round(ks)) or len(set(ks)) != ks.size:
        raise DataError("counts must be indexed by distinct whole numbers of exposures from 1",
                        column="counts", hint="index by 1, 2, 3…; people never exposed are "
                                              "computed from the population")
    if not np.all(np.isfinite(vals)) or np.any(vals < 0):
        raise DataError("counts must be 0 or more", column="counts",
                        hint="remove negative or empty counts")
    top = int(ks.max())
    people = np.zeros(top + 1)
    people[ks.astype(int)] = vals
    reached = people.sum()
    if reached > pop * (1 + 1e-9):
        raise DataError(f"the counts add up to {reached:,.0f} people, more than the population "
                        f"({pop:,.0f})", column="population",
                        hint="give the population the counts were measured on")
    people[0] = max(0.0, pop - reached)
    shares = people / people.sum()
    exposures = None
    if impressions is not None:
        imp = _checks.positive(impressions, "impressions", strict=False)
        floor = float(np.dot(np.arange(top + 1), people))
        if open_ended:
            if imp < floor * (1 - 1e-9):
                raise DataError(f"impressions ({imp:,.0f}) are fewer than the counts imply "
                                f"(at least {floor:,.0f})", column="impressions",
                                hint="give the impressions delivered to the counted people")
        elif abs(imp - floor) > 0.01 * max(floor, 1.0):
            raise DataError(f"impressions ({imp:,.0f}) differ from the counts' total exposures "
                            f"({floor:,.0f}) by more than 1%", column="impressions",
                            hint="leave impressions out, or set open_ended=True if the last "
                                 "count is 'k or more'")
        exposures = imp / pop if open_ended else floor / pop
    elif open_ended:
        raise DataError("an open-ended distribution needs the impressions", column="impressions",
                        hint="pass impressions= (the mean of a 'k or more' row is unknown)")
    return FrequencyDistribution(
        distribution=pd.Series(shares, index=pd.RangeIndex(top + 1, name="times_exposed"),
                               name="share"),
        model="observed frequency distribution", source="platform frequency report",
        exposures=exposures, open_ended=open_ended)


def _as_distribution(item: Any, name: str) -> FrequencyDistribution:
    if isinstance(item, FrequencyDistribution):
        return item
    if isinstance(item, pd.Series):
        return FrequencyDistribution(distribution=item, model=name, source="given")
    raise DataError(f"{name} is not a frequency distribution", column="distributions",
                    hint="pass results of smtools.reach (or Series of shares indexed 0..n)")


def combine_networks(distributions: Any) -> FrequencyDistribution:
    """The frequency distribution of a cross-network plan, by convolution.

    The share exposed exactly k times across networks is
    ``P(k) = Σ P₁(k₁)·P₂(k₂)·… over k₁ + k₂ + … = k``, the convolution of
    the networks' distributions. **This assumes independence across
    networks**: whether and how often a person is exposed on one network
    says nothing about the others (random duplication between networks).
    Audiences that overlap more than by chance make the true reach lower.

    Parameters
    ----------
    distributions : dict or list
        Per-network :class:`FrequencyDistribution` results (or Series of
        shares indexed 0..n), all shares of the *same* target population.

    Returns
    -------
    FrequencyDistribution
        Its mean exposures are the sum of the networks' (GRPs add up). When
        an input's last row is open-ended ("n or more"), the result is exact
        below the smallest such n and groups the rest in its last row.

    References
    ----------
    Independence of exposures across media is the assumption of random
    duplication (see :func:`smtools.reach.sainsbury`); the convolution is
    the distribution of a sum of independent counts.

    Examples
    --------
    >>> a = pd.Series([0.5, 0.5])
    >>> b = pd.Series([0.6, 0.4])
    >>> combine_networks([a, b]).distribution.round(2).tolist()
    [0.3, 0.5, 0.2]
    """
    if isinstance(distributions, Mapping):
        items = [(str(k), v) for k, v in distributions.items()]
    elif isinstance(distributions, (list, tuple)):
        items = [(f"network {i}", v) for i, v in enumerate(distributions, 1)]
    else:
        raise DataError("distributions must be a dict or a list", column="distributions",
                        hint="pass {'meta': result, 'tiktok': result}")
    if not items:
        raise DataError("no distributions to combine", column="distributions",
                        hint="pass at least one per-network distribution")
    parts = [_as_distribution(v, name) for name, v in items]
    total = np.array([1.0])
    for part in parts:
        total = np.convolve(total, part.distribution.to_numpy())
    cut = min((p.n for p in parts if p.open_ended), default=None)
    if cut is not None:
        head = total[:cut]
        total = np.append(head, max(0.0, 1.0 - head.sum()))
    names = ", ".join(name for name, _ in items)
    return FrequencyDistribution(
        distribution=pd.Series(total, index=pd.RangeIndex(len(total), name="times_exposed"),
                               name="share"),
        model=f"cross-network plan ({names})",
        source="convolution of network distributions, independence across networks assumed",
        exposures=float(sum(p.exposures for p in parts)), open_ended=cut is not None)
