"""Influence: score, rank and explain influencer candidates for a target.

Entry points
    :func:`shortlist` (a ranked :class:`Shortlist` with reasons per
    candidate), :func:`audience_index` (fit of each candidate's audience to
    the target), :func:`band` (follower band), :func:`measure` (engagement
    rate with a bootstrap interval, follower growth, concentration) and
    :func:`wilson` (interval of a proportion, used for negative mentions).
Data
    The canonical ``influencers`` table (one row per candidate × network:
    followers, price per post, audience breakdown, mention counts) and
    ``influencer_posts`` (recent posts: followers at publication, likes,
    comments, views) — see :mod:`smtools.tables`.
Reference
    Bands after Later × Fohr (2021); engagement norms per network × band in
    ``smtools/data/reference/influencer_norms.csv`` with source and year.

The scoring formula and weights are in :mod:`smtools.influence._shortlist`
(``Shortlist.formula``); fraud signals in :mod:`smtools.influence._signals`.

Examples
--------
>>> import smtools.influence as inf
>>> inf.band(45_000)
'micro'
>>> sorted(inf.WEIGHTS)
['authenticity', 'brand_safety', 'cost', 'engagement', 'fit']
"""

from __future__ import annotations

from smtools.influence._norms import BANDS, REACH_RATES, band, bands, norm, norms
from smtools.influence._shortlist import WEIGHTS, Shortlist, audience_index, shortlist, wilson
from smtools.influence._signals import FLAG_WEIGHTS, THRESHOLDS, measure

__all__ = [
    "BANDS",
    "FLAG_WEIGHTS",
    "REACH_RATES",
    "THRESHOLDS",
    "WEIGHTS",
    "Shortlist",
    "audience_index",
    "band",
    "bands",
    "measure",
    "norm",
    "norms",
    "shortlist",
    "wilson",
]
