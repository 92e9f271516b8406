"""Audience: the target of a brief, its size, platform fit and the follower gap.

Entry points
    :func:`target` (a :class:`Target` from a brief), :func:`size` (people in
    the target from population by age band × gender), :func:`platform_fit`
    (per network composition index, coverage and users in target) and
    :func:`follower_gap` (the client's followers vs the target).
Reference data (:mod:`smtools.audience.reference`)
    Population by single year of age and sex (US Census Bureau, INSEE) and
    network users by age band × gender for France, the United Kingdom and the United States,
    derived from Pew Research Center, GWI/DataReportal and Médiamétrie figures;
    every row names its source, year and, when derived, how.

Definitions (see :mod:`smtools.audience._fit`): composition index = share of
the network's users inside the target ÷ share of the population inside the
target × 100; coverage = users in target ÷ population in target.

Examples
--------
>>> import smtools.audience as aud
>>> import smtools.synth as synth
>>> t = aud.target(synth.brief_for("atelier-nova"))
>>> t.describe()[:24]
'women and men aged 18-44'
>>> fit = aud.platform_fit(t, networks=["instagram", "facebook"])
>>> fit.best
'instagram'
"""

from __future__ import annotations

from smtools.audience import _reference as reference
from smtools.audience._fit import FollowerGap, PlatformFit, follower_gap, platform_fit
from smtools.audience._reference import AGE_BANDS, GENDERS
from smtools.audience._target import AudienceSize, Target, size, target

__all__ = [
    "AGE_BANDS",
    "GENDERS",
    "AudienceSize",
    "FollowerGap",
    "PlatformFit",
    "Target",
    "follower_gap",
    "platform_fit",
    "reference",
    "size",
    "target",
]
