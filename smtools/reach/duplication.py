"""Combining insertions and vehicles: how many people a plan reaches, and how often.

Reach inputs are fractions of the target population (0.30 = 30%). The models
differ in what they assume about duplication (the people two insertions
share):

- :func:`sainsbury`: random duplication between vehicles, the full
  exactly-k distribution by the Poisson-binomial recursion;
- :func:`sainsbury_discounted`: the variant some practitioners call
  "Sainsbury": the random-duplication reach minus a flat 5%;
- :func:`binomial`: n insertions of one vehicle, random duplication;
- :func:`beta_binomial`: n insertions of one vehicle, duplication fitted to
  the reach of one and of two insertions (Metheringham 1964);
- :func:`metheringham`: the beta-binomial for a schedule of several vehicles
  with insertion-weighted reach and duplication;
- :func:`hofmans`: Hofmans' (1966) accumulation formula (reach only);
- :func:`agostini`: Agostini's (1961) net-reach formula from pairwise
  duplications (reach only).

Examples
--------
>>> res = sainsbury([0.30, 0.40, 0.20])
>>> round(res.reach, 4), [round(res.exactly(k), 3) for k in (1, 2, 3)]
(0.664, [0.452, 0.188, 0.024])
>>> bb = beta_binomial(0.50, 0.65, 5)
>>> round(bb.reach, 4), round(bb.at_least(3), 4)
(0.8021, 0.5)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

from smtools.errors import DataError
from smtools.reach import _checks
from smtools.reach._checks import TOL
from smtools.reach._result import (
    BetaBinomialDistribution,
    FrequencyDistribution,
    HofmansReach,
    NetReach,
    pct,
)

__all__ = [
    "agostini",
    "beta_binomial",
    "binomial",
    "hofmans",
    "metheringham",
    "sainsbury",
    "sainsbury_discounted",
]

_SAINSBURY_SOURCE = ("random duplication (the 'Sainsbury formula'); exactly-k shares by the "
                     "Poisson-binomial recursion")


def _poisson_binomial(probs: np.ndarray) -> np.ndarray:
    """Shares exposed exactly 0..n times to n independent events of probabilities ``probs``."""
    dist = np.array([1.0])
    for q in probs:
        dist = np.convolve(dist, np.array([1.0 - q, q]))
    return dist


def _series(values: np.ndarray) -> pd.Series:
    return pd.Series(values, index=pd.RangeIndex(len(values), name="times_exposed"),
                     name="share")


def sainsbury(reaches: Any, *, insertions: Any = None) -> FrequencyDistribution:
    """Combine vehicles assuming random duplication (the "Sainsbury formula").

    Reach is ``1 − Π(1 − pᵢ)``: a person's chance of missing the plan is the
    product of their chances of missing each vehicle. The share exposed
    exactly k times is the Poisson-binomial distribution, built one vehicle
    at a time by the recursion
    ``P_j(k) = P_{j−1}(k)·(1 − p_j) + P_{j−1}(k − 1)·p_j``.

    Parameters
    ----------
    reaches : list, array, Series or dict
        Reach of one insertion in each vehicle, as fractions of the target
        population. A Series or dict keeps the vehicle names.
    insertions : list of int, optional
        Insertions per vehicle (default one each); each insertion counts as
        an independent draw with the vehicle's reach.

    Returns
    -------
    FrequencyDistribution
        ``.reach``, ``.distribution`` (exactly 0..n), ``.at_least(k)``,
        ``.average_frequency``.

    Notes
    -----
    Random duplication overstates reach when audiences overlap more than by
    chance (people who use one social network heavily tend to use others);
    see :func:`sainsbury_discounted`, :func:`metheringham`.

    References
    ----------
    The formula is named after E. J. Sainsbury (London Press Exchange) in
    media-planning practice; it is the independence rule of probability.
    Rossiter, J. R. & Danaher, P. J. (1998), *Advanced Media Planning*,
    Kluwer, present it among the reach formulas. The recursion for the
    exactly-k shares: Chen, S. X. & Liu, J. S. (1997), "Statistical
    applications of the Poisson-binomial and conditional Bernoulli
    distributions", *Statistica Sinica* 7, 875–892.

    Examples
    --------
    >>> res = sainsbury({"Facebook": 0.30, "Instagram": 0.40})
    >>> round(res.reach, 2), round(res.average_frequency, 3)
    (0.58, 1.207)
    """
    p, _ = _checks.fractions(reaches, "reaches")
    if insertions is None:
        n = np.ones(p.size, dtype=int)
    else:
        n = _checks.counts(insertions, "insertions", p.size)
    dist = _poisson_binomial(np.repeat(p, n))
    label = f"Sainsbury random duplication of {p.size} vehicle{'s' if p.size != 1 else ''}"
    return FrequencyDistribution(distribution=_series(dist), model=label,
                                 source=_SAINSBURY_SOURCE, exposures=float(np.dot(p, n)))


def sainsbury_discounted(reaches: Any, *, discount: float = 0.05,
                         insertions: Any = None) -> NetReach:
    """The discounted variant some practitioners call "Sainsbury": random reach × (1 − 5%).

    ``reach = (1 − discount) × (1 − Π(1 − pᵢ))``. The deduction stands for the
    "slightly more than random" duplication between media. It gives reach
    only, not a frequency distribution.

    Parameters
    ----------
    reaches : list, array, Series or dict
        Reach of each vehicle (fractions of the target population).
    discount : float
        Share deducted from the random-duplication reach (0.05 by default).
    insertions : list of int, optional
        Insertions per vehicle, combined at random within each vehicle.

    Returns
    -------
    NetReach

    Raises
    ------
    DataError
        When the deduction takes net reach below the largest single vehicle
        (a plan cannot reach fewer people than one of its vehicles): the
        formula does not apply; use :func:`sainsbury`.

    References
    ----------
    The Media Guru (Telmar's Advertising Media Internet Center, amic.com),
    answer #7339 of 28 May 2007: "Sainsbury varies by adding a small
    adjustment … Typically, the adjustment is about a 5% deduction from the
    result of the random combination … (0.95 × random probability)". This
    is *not* the random-duplication formula that other sources (and
    :func:`sainsbury`) call Sainsbury.

    Examples
    --------
    >>> round(sainsbury_discounted([0.30, 0.40, 0.20]).reach, 4)
    0.6308
    """
    p, labels = _checks.fractions(reaches, "reaches")
    d = _checks.fraction(discount, "discount", high_open=True,
                         hint="give the deduction as a fraction, 0.05 for 5%")
    n = np.ones(p.size, dtype=int) if insertions is None else \
        _checks.counts(insertions, "insertions", p.size)
    random_reach = 1.0 - float(np.prod((1.0 - p) ** n))
    reach = (1.0 - d) * random_reach
    own = 1.0 - (1.0 - p) ** n
    if reach < own.max() - TOL:
        top = labels[int(np.argmax(own))]
        raise DataError(f"the {pct(d, 0)} deduction takes net reach to {pct(reach)}, below "
                        f"{top}'s own reach ({pct(own.max())})", column="discount",
                        hint="the discounted formula does not apply to a plan dominated by one "
                             "vehicle; use sainsbury()")
    return NetReach(reach=reach, vehicles=pd.Series(own, index=labels, name="reach"),
                    exposures=float(np.dot(p, n)),
                    model=f"discounted Sainsbury (random reach − {pct(d, 0)})",
                    source="Media Guru, amic.com, 28 May 2007")


def binomial(reach: float, n: int) -> FrequencyDistribution:
    """n insertions of one vehicle whose insertions each reach ``reach``, duplicating at random.

    The share exposed exactly k times is ``C(n, k)·pᵏ·(1 − p)ⁿ⁻ᵏ`` and reach
    is ``1 − (1 − p)ⁿ``.

    Parameters
    ----------
    reach : float
        Average reach of one insertion (its rating as a fraction).
    n : int
        Number of insertions (1 or more).

    Returns
    -------
    FrequencyDistribution

    References
    ----------
    Martin, D. G. & Coons, R. D., *Media Flight Plan* (7th ed.), ch. 9 (the
    binomial worked example for four issues of a magazine); Sissors, J. Z. &
    Baron, R. B., *Advertising Media Planning* (McGraw-Hill), on random
    combination of insertions.

    Examples
    --------
    >>> res = binomial(0.15, 4)
    >>> round(res.exactly(0), 4), round(res.reach, 4)
    (0.522, 0.478)
    """
    p = _checks.fraction(reach, "reach")
    n = _checks.count(n, "n")
    dist = stats.binom.pmf(np.arange(n + 1), n, p)
    return FrequencyDistribution(distribution=_series(dist),
                                 model=f"binomial, {n} insertions at {pct(p)}",
                                 source="random duplication of insertions", exposures=n * p)


def _fit_beta_binomial(r1: float, r2: float, *, r1_name: str = "r1",
                       r2_name: str = "r2") -> tuple[float, float, str]:
    """Metheringham's moment fit: (alpha, beta, fit) from the reach of 1 and 2 insertions."""
    random_r2 = 1.0 - (1.0 - r1) ** 2
    if r2 < r1 - TOL:
        raise DataError(f"R2 ({pct(r2, 2)}) is below R1 ({pct(r1, 2)})", column=r2_name,
                        hint="R2 is the reach of two insertions and cannot be below the reach "
                             "of one (R1); check the two values are not swapped")
    if r2 > random_r2 + TOL:
        raise DataError(f"R2 ({pct(r2, 2)}) is above {pct(random_r2, 2)}, the reach of two "
                        f"insertions duplicating at random; the beta-binomial needs at least "
                        f"random duplication", column=r2_name,
                        hint="check R2, or use binomial()/sainsbury() when insertions "
                             "duplicate at random")
    if r2 >= random_r2 - TOL:
        return math.inf, math.inf, "binomial limit"
    if r2 <= r1 + TOL:
        return 0.0, 0.0, "polarized limit"
    alpha = r1 * (r2 - r1) / (2.0 * r1 - r1 * r1 - r2)
    beta = alpha * (1.0 - r1) / r1
    return alpha, beta, "beta-binomial"


def _beta_binomial_pmf(n: int, alpha: float, beta: float, fit: str, r1: float) -> np.ndarray:
    k = np.arange(n + 1)
    if fit == "binomial limit":
        return stats.binom.pmf(k, n, r1)
    if fit == "polarized limit":
        out = np.zeros(n + 1)
        out[0], out[n] = 1.0 - r1, r1
        return out
    log_choose = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
    return np.exp(log_choose + special.betaln(k + alpha, n - k + beta)
                  - special.betaln(alpha, beta))


def beta_binomial(r1: float, r2: float, n: int) -> BetaBinomialDistribution:
    """n insertions of one vehicle, duplication fitted to the reach of 1 and 2 insertions.

    People's chances of seeing an insertion follow a beta distribution with
    mean R1 (so heavy users of the vehicle see many insertions and light
    users few); the number of exposures out of n is then beta-binomial.
    Metheringham's moment fit from R1 (reach of one insertion) and R2
    (reach of two):

    ``α = R1·(R2 − R1) / (2·R1 − R1² − R2)``, ``β = α·(1 − R1) / R1``,

    reach after n insertions ``1 − B(α, β + n) / B(α, β)`` and exactly-k
    shares ``C(n, k)·B(k + α, n − k + β) / B(α, β)``.

    Parameters
    ----------
    r1 : float
        Reach of one insertion (0 < R1 < 1).
    r2 : float
        Reach of two insertions of the same vehicle (R1 ≤ R2 ≤ 1 − (1 − R1)²).
    n : int
        Number of insertions.

    Returns
    -------
    BetaBinomialDistribution
        With ``.alpha``, ``.beta``, ``.fit`` and ``.reach_at(insertions)``.
        At R2 = 1 − (1 − R1)² (random duplication) the fit is the binomial
        limit; at R2 = R1 (the same people see every insertion) the
        polarized limit.

    Raises
    ------
    DataError
        R2 < R1, or R2 above the random-duplication reach.

    References
    ----------
    Metheringham, R. A. (1964), "Measuring the net cumulative coverage of a
    print campaign", *Journal of Advertising Research* 4(4), 23–28.

    Examples
    --------
    >>> res = beta_binomial(0.50, 0.65, 5)
    >>> round(res.alpha, 2), round(res.beta, 2), round(res.reach, 4)
    (0.75, 0.75, 0.8021)
    """
    hint = "give the reach of one insertion as a fraction strictly between 0 and 1"
    r1 = _checks.fraction(r1, "r1", low_open=True, high_open=True, hint=hint)
    r2 = _checks.fraction(r2, "r2")
    n = _checks.count(n, "n")
    alpha, beta, fit = _fit_beta_binomial(r1, r2)
    dist = _beta_binomial_pmf(n, alpha, beta, fit, r1)
    return BetaBinomialDistribution(
        distribution=_series(dist), model=f"beta-binomial, {n} insertions (R1 {pct(r1)}, "
                                          f"R2 {pct(r2)})",
        source="Metheringham (1964)", exposures=n * r1, alpha=alpha, beta=beta, r1=r1, r2=r2,
        fit=fit)


def _optional_vector(values: Any, name: str, size: int) -> np.ndarray:
    """Floats, one per vehicle, NaN allowed (for vehicles that do not need a value)."""
    if isinstance(values, pd.Series):
        raw = values.to_numpy()
    elif isinstance(values, dict):
        raw = np.asarray(list(values.values()), dtype=object)
    else:
        raw = np.asarray(values, dtype=object)
    if raw.ndim != 1 or raw.size != size:
        raise DataError(f"{name} must give one value per vehicle ({size})", column=name,
                        hint=f"pass {name} as a list with one value per vehicle")
    try:
        return np.array([np.nan if v is None else float(v) for v in raw], dtype=float)
    except (TypeError, ValueError):
        raise DataError(f"{name} must hold numbers only", column=name,
                        hint=f"remove text from {name}") from None


def metheringham(reaches: Any, *, insertions: Any, r2: Any = None,
                 duplication: Any = None) -> BetaBinomialDistribution:
    """A schedule of several vehicles as one beta-binomial (Metheringham's averaging).

    The schedule's N insertions are treated as N insertions of one "average"
    vehicle whose single-insertion reach is the insertion-weighted mean
    ``R̄1 = Σ nᵢ·rᵢ / N`` and whose two-insertion reach is
    ``R̄2 = 2·R̄1 − D̄``, where D̄ is the duplication averaged over all
    ``N(N − 1)/2`` pairs of insertions: ``nᵢ(nᵢ − 1)/2`` pairs within
    vehicle i, each duplicating ``2·rᵢ − R2ᵢ``, and ``nᵢ·nⱼ`` pairs across
    vehicles i and j, each duplicating ``dᵢⱼ``. The beta-binomial of
    :func:`beta_binomial` is then fitted to (R̄1, R̄2) for N insertions.

    Parameters
    ----------
    reaches : list, array, Series or dict
        Reach of one insertion in each vehicle (fractions).
    insertions : list of int
        Insertions in each vehicle (0 or more; at least 2 in total).
    r2 : list of float, optional
        Reach of two insertions in each vehicle; needed for every vehicle
        with two or more insertions (NaN elsewhere).
    duplication : DataFrame or array, optional
        Share of the population reached by one insertion of vehicle i *and*
        one of vehicle j, for every pair (diagonal ignored). Default: random
        duplication ``rᵢ·rⱼ``.

    Returns
    -------
    BetaBinomialDistribution
        Fitted to ``r1 = R̄1`` and ``r2 = R̄2``; its mean exposures equal the
        schedule's GRP ÷ 100.

    Raises
    ------
    DataError
        Missing R2 for a vehicle with several insertions, inconsistent
        duplications, or averages outside the beta-binomial range (less
        duplication than random overall: use :func:`sainsbury`).

    References
    ----------
    Metheringham, R. A. (1964), "Measuring the net cumulative coverage of a
    print campaign", *Journal of Advertising Research* 4(4), 23–28; the
    insertion- and pair-weighted averages as set out by Aldás Manzano, J.
    (1998), *Modelos de determinación de la cobertura y la distribución de
    contactos en la planificación de medios publicitarios impresos*,
    doctoral thesis, Universidad de Valencia.

    Examples
    --------
    >>> res = metheringham([0.30, 0.20], insertions=[2, 1], r2=[0.40, None],
    ...                    duplication=[[0, 0.10], [0.10, 0]])
    >>> round(res.r1, 4), round(res.r2, 4), round(res.reach, 4)
    (0.2667, 0.4, 0.4828)
    """
    r, labels = _checks.fractions(reaches, "reaches")
    m = r.size
    n = _checks.counts(insertions, "insertions", m)
    total = int(n.sum())
    if total < 2:
        raise DataError("the schedule needs at least two insertions in total",
                        column="insertions",
                        hint="with one insertion the reach is that vehicle's reach")
    within = np.zeros(m)
    several = n >= 2
    if several.any():
        if r2 is None:
            raise DataError("r2 is needed for vehicles with two or more insertions",
                            column="r2", hint="give each such vehicle's reach after two "
                                              "insertions (NaN for the others)")
        r2v = _optional_vector(r2, "r2", m)
        for i in np.flatnonzero(several):
            if not np.isfinite(r2v[i]):
                raise DataError(f"r2 is missing for {labels[i]}, which has {n[i]} insertions",
                                column="r2", hint="give its reach after two insertions")
            if r2v[i] < r[i] - TOL or r2v[i] > min(1.0, 2.0 * r[i]) + TOL:
                raise DataError(f"r2 for {labels[i]} ({pct(r2v[i], 2)}) must lie between its "
                                f"one-insertion reach ({pct(r[i], 2)}) and "
                                f"{pct(min(1.0, 2 * r[i]), 2)}", column="r2",
                                hint="R2 is the reach of two insertions of the same vehicle")
            within[i] = 2.0 * r[i] - r2v[i]
    if duplication is None:
        dup = np.outer(r, r)
    else:
        dup = _checks.matrix(duplication, "duplication", m, labels)
        for i in range(m):
            for j in range(i + 1, m):
                if n[i] == 0 or n[j] == 0:
                    continue
                lo, hi = max(0.0, r[i] + r[j] - 1.0), min(r[i], r[j])
                if dup[i, j] < lo - TOL or dup[i, j] > hi + TOL:
                    raise DataError(f"duplication of {labels[i]} and {labels[j]} "
                                    f"({pct(dup[i, j], 2)}) must lie between {pct(lo, 2)} "
                                    f"and {pct(hi, 2)}", column="duplication",
                                    hint="the people reached by both cannot outnumber either "
                                         "vehicle's audience")
    pairs = np.outer(n, n).astype(float)
    np.fill_diagonal(pairs, n * (n - 1) / 2.0)
    dup = dup.copy()
    np.fill_diagonal(dup, within)
    upper = np.triu(np.ones((m, m), dtype=bool))
    mean_dup = float((pairs * dup)[upper].sum() / (total * (total - 1) / 2.0))
    mean_r1 = float(np.dot(n, r) / total)
    mean_r2 = 2.0 * mean_r1 - mean_dup
    if not 0.0 < mean_r1 < 1.0:
        raise DataError(f"the insertion-weighted reach is {pct(mean_r1)}", column="reaches",
                        hint="give vehicles with reach strictly between 0 and 100%")
    try:
        alpha, beta, fit = _fit_beta_binomial(mean_r1, mean_r2)
    except DataError as err:
        raise DataError(f"the schedule's average reach ({pct(mean_r1, 2)}) and average "
                        f"duplication ({pct(mean_dup, 2)}) do not fit a beta-binomial: "
                        f"{err.message}", column="duplication",
                        hint="the vehicles duplicate less than at random on average; use "
                             "sainsbury() for random duplication") from None
    dist = _beta_binomial_pmf(total, alpha, beta, fit, mean_r1)
    return BetaBinomialDistribution(
        distribution=_series(dist),
        model=f"Metheringham beta-binomial, {total} insertions in {m} vehicles",
        source="Metheringham (1964)", exposures=float(np.dot(n, r)), alpha=alpha, beta=beta,
        r1=mean_r1, r2=mean_r2, fit=fit)


def hofmans(r1: float, r2: float, n: int, *, r3: float | None = None) -> HofmansReach:
    """Reach of n insertions of one vehicle by Hofmans' accumulation formula.

    ``R(n) = n·R1 / (1 + K·(n − 1)^α)`` with ``K = (2·R1 − R2) / R2``, the
    duplication of two insertions over their joint reach, so that the
    formula reproduces R1 and R2 exactly. With a third point R3, Hofmans'
    variable coefficient fixes
    ``α = log[(3·R1 − R3)·R2 / ((2·R1 − R2)·R3)] / log 2`` so that R3 is
    reproduced too; otherwise α = 1.

    Parameters
    ----------
    r1, r2 : float
        Reach of one and of two insertions (R1 ≤ R2 ≤ 2·R1).
    n : int
        Insertions.
    r3 : float, optional
        Reach of three insertions (R2 < R3 < 3·R1).

    Returns
    -------
    HofmansReach
        Reach only (no frequency distribution): ``.reach``, ``.curve``,
        ``.reach_at(insertions)``, ``.average_frequency`` (n·R1 ÷ reach).

    Raises
    ------
    DataError
        When the formula leaves 0–100% or falls as insertions are added for
        these figures: it is an empirical formula and does not apply; use
        :func:`beta_binomial`.

    References
    ----------
    Hofmans, P. (1966), "Measuring the cumulative net coverage of any
    combination of media", *Journal of Marketing Research* 3(3), 269–278;
    in the form of Aldás Manzano, J. (1998), doctoral thesis, Universidad de
    Valencia, eqs. 3.11–3.12.

    Examples
    --------
    >>> res = hofmans(0.06, 0.103, 5)
    >>> [round(x, 4) for x in res.curve]
    [0.06, 0.103, 0.1353, 0.1605, 0.1807]
    """
    hint = "give the reach of one insertion as a fraction above 0"
    r1 = _checks.fraction(r1, "r1", low_open=True, hint=hint)
    r2 = _checks.fraction(r2, "r2")
    n = _checks.count(n, "n")
    if r2 < r1 - TOL:
        raise DataError(f"R2 ({pct(r2, 2)}) is below R1 ({pct(r1, 2)})", column="r2",
                        hint="R2 is the reach of two insertions and cannot be below R1")
    if r2 > 2.0 * r1 + TOL:
        raise DataError(f"R2 ({pct(r2, 2)}) is more than twice R1 ({pct(r1, 2)})", column="r2",
                        hint="two insertions cannot reach more people than their two "
                             "audiences added up")
    r2 = min(max(r2, r1), 2.0 * r1)
    dup = 2.0 * r1 - r2
    coefficient = dup / r2
    alpha = 1.0
    if r3 is not None:
        r3 = _checks.fraction(r3, "r3")
        if dup <= 0:
            raise DataError("R3 cannot be used when two insertions do not duplicate "
                            "(R2 = 2·R1)", column="r3", hint="leave r3 out")
        if not r2 < r3 < 3.0 * r1:
            raise DataError(f"R3 ({pct(r3, 2)}) must lie strictly between R2 ({pct(r2, 2)}) "
                            f"and 3·R1 ({pct(3 * r1, 2)})", column="r3",
                            hint="R3 is the reach of three insertions of the same vehicle")
        alpha = math.log((3.0 * r1 - r3) * r2 / (dup * r3)) / math.log(2.0)
    result = HofmansReach(r1=r1, r2=r2, n=n, coefficient=coefficient, alpha=alpha, r3=r3)
    curve = result.curve.to_numpy()
    if curve.max() > 1.0 + TOL:
        at = int(np.argmax(curve > 1.0 + TOL)) + 1
        raise DataError(f"Hofmans' formula gives {pct(curve[at - 1])} reach at {at} "
                        f"insertions for these figures", column="n",
                        hint="the formula does not apply here; use beta_binomial(), which "
                             "stays within 0–100%")
    if np.any(np.diff(curve) < -TOL):
        raise DataError("Hofmans' formula makes reach fall as insertions are added for these "
                        "figures", column="r3",
                        hint="leave r3 out or use beta_binomial()")
    return result


def agostini(reaches: Any, duplication: Any, *, k: float = 1.125) -> NetReach:
    """Net reach of several vehicles from their pairwise duplications (Agostini's formula).

    ``C = A / (1 + K·D / A) = A² / (A + K·D)`` where A is the sum of the
    vehicles' reaches, D the sum of the duplications over all pairs, and K an
    empirical constant (1.125 in Agostini's study of French magazines).

    Parameters
    ----------
    reaches : list, array, Series or dict
        Reach of each vehicle (fractions).
    duplication : DataFrame or array
        Share of the population reached by both vehicles i and j, for every
        pair (diagonal ignored).
    k : float
        Agostini's constant.

    Returns
    -------
    NetReach

    Raises
    ------
    DataError
        Duplications impossible for the reaches, or a result below the
        largest vehicle or above 100% (the empirical formula does not fit).

    References
    ----------
    Agostini, J.-M. (1961), "How to estimate unduplicated audiences",
    *Journal of Advertising Research* 1(3), 11–14.

    Examples
    --------
    >>> res = agostini([0.30, 0.40, 0.20], [[0, 0.15, 0.09], [0.15, 0, 0.11],
    ...                                     [0.09, 0.11, 0]])
    >>> round(res.reach, 4)
    0.6261
    """
    r, labels = _checks.fractions(reaches, "reaches")
    m = r.size
    dup = _checks.matrix(duplication, "duplication", m, labels)
    k = _checks.positive(k, "k", strict=False)
    for i in range(m):
        for j in range(i + 1, m):
            lo, hi = max(0.0, r[i] + r[j] - 1.0), min(r[i], r[j])
            if dup[i, j] < lo - TOL or dup[i, j] > hi + TOL:
                raise DataError(f"duplication of {labels[i]} and {labels[j]} "
                                f"({pct(dup[i, j], 2)}) must lie between {pct(lo, 2)} and "
                                f"{pct(hi, 2)}", column="duplication",
                                hint="the people reached by both cannot outnumber either "
                                     "vehicle's audience")
    gross = float(r.sum())
    total_dup = float(dup[np.triu_indices(m, 1)].sum())
    reach = gross * gross / (gross + k * total_dup) if gross > 0 else 0.0
    if reach > 1.0 + TOL or reach < r.max() - TOL:
        raise DataError(f"Agostini's formula gives {pct(reach)} for these vehicles, outside "
                        f"{pct(r.max())}–100%", column="duplication",
                        hint="the empirical constant does not fit these audiences; use "
                             "metheringham() or sainsbury()")
    return NetReach(reach=min(reach, 1.0), vehicles=pd.Series(r, index=labels, name="reach"),
                    exposures=gross, model=f"Agostini (K = {k:g})", source="Agostini (1961)")
