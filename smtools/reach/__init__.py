"""Media-planning mathematics: GRP, reach, frequency and reach curves.

Reach is always a **fraction of the target population** (0.30 = 30%). Each
function cites the source of its formula in its docstring.

Arithmetic (:mod:`smtools.reach.grp`)
    :func:`grp`, :func:`grp_from_impressions`, :func:`impressions_from_grp`,
    :func:`frequency_from_grp`, :func:`reach_from_grp`, :func:`cpm`,
    :func:`cost_per_point` (classic CPP = cost ÷ GRP),
    :func:`cost_per_thousand_reached` (what Meta and TikTok call "CPP"),
    :func:`impressions_for_budget`, :func:`budget_for_impressions`.
Combining insertions and vehicles (:mod:`smtools.reach.duplication`)
    :func:`sainsbury` (random duplication), :func:`sainsbury_discounted`,
    :func:`binomial`, :func:`beta_binomial` (Metheringham 1964),
    :func:`metheringham` (several vehicles), :func:`hofmans` (1966),
    :func:`agostini` (1961).
Frequency distributions (:mod:`smtools.reach.frequency`)
    :func:`frequency_distribution` (from platform counts),
    :func:`combine_networks` (cross-network convolution, independence assumed).
Reach curves (:mod:`smtools.reach.curves`)
    :func:`goerg` (one point, Goerg 2014), :func:`nbd` and
    :func:`nbd_two_points` (gamma-Poisson), :func:`reach_by_budget` (budget →
    impressions → GRP → reach).

Results (:class:`FrequencyDistribution`, :class:`BetaBinomialDistribution`,
:class:`NetReach`, :class:`HofmansReach`, :class:`ReachCurve`,
:class:`BudgetCurve`) have ``.reach``, ``.average_frequency``,
``.to_frame()``, ``.plot(ax=None)`` and an HTML view in notebooks.

Examples
--------
>>> from smtools import reach
>>> plan = reach.sainsbury({"Facebook": 0.30, "Instagram": 0.40, "TikTok": 0.20})
>>> f"{plan.reach:.2%}", f"{plan.at_least(2):.1%}"
('66.40%', '21.2%')
>>> round(reach.beta_binomial(0.50, 0.65, 5).effective_reach(), 4)
0.5
>>> round(reach.goerg(200, 100).reach_at(100), 2)
66.67
"""

from __future__ import annotations

from smtools.reach._result import (
    BetaBinomialDistribution,
    FrequencyDistribution,
    HofmansReach,
    NetReach,
)
from smtools.reach.curves import (
    BudgetCurve,
    ReachCurve,
    goerg,
    nbd,
    nbd_two_points,
    reach_by_budget,
)
from smtools.reach.duplication import (
    agostini,
    beta_binomial,
    binomial,
    hofmans,
    metheringham,
    sainsbury,
    sainsbury_discounted,
)
from smtools.reach.frequency import combine_networks, frequency_distribution
from smtools.reach.grp import (
    budget_for_impressions,
    cost_per_point,
    cost_per_thousand_reached,
    cpm,
    frequency_from_grp,
    grp,
    grp_from_impressions,
    impressions_for_budget,
    impressions_from_grp,
    reach_from_grp,
)

__all__ = [
    "BetaBinomialDistribution",
    "BudgetCurve",
    "FrequencyDistribution",
    "HofmansReach",
    "NetReach",
    "ReachCurve",
    "agostini",
    "beta_binomial",
    "binomial",
    "budget_for_impressions",
    "combine_networks",
    "cost_per_point",
    "cost_per_thousand_reached",
    "cpm",
    "frequency_distribution",
    "frequency_from_grp",
    "goerg",
    "grp",
    "grp_from_impressions",
    "hofmans",
    "impressions_for_budget",
    "impressions_from_grp",
    "metheringham",
    "nbd",
    "nbd_two_points",
    "reach_by_budget",
    "reach_from_grp",
    "sainsbury",
    "sainsbury_discounted",
]
