"""Multi-touch attribution: who gets the credit for a conversion.

Every function reads either the canonical ``journeys`` table or an aggregated paths
frame (``path``, ``total_conversions``, ``total_conversion_value``, ``total_null``,
the layout of analytics exports and ChannelAttribution; column names and separator
configurable), and returns conversions and value per channel:

- :func:`paths` — journeys → paths frame;
- :func:`heuristics` — first touch, last touch, linear, time decay, position based;
- :func:`markov` / :class:`Markov` — Markov chain removal effects (orders 1–3), exact
  (linear algebra on the absorbing chain, no simulation), with the transition matrix;
- :func:`shapley` — Shapley values over channel coalitions (Zhao et al. 2018 game);
- :func:`compare` — all of them side by side, with ``.to_frame()``, ``.plot()`` and an
  HTML view.

Conventions
-----------
Paths
    Per user (per client), events in time order, a touch before a conversion at the
    same instant. Each conversion closes a path of the touches since the previous
    conversion; touches after the last conversion form a path that did not convert.
    ``lookback_days`` keeps only touches within that many days before the conversion
    (before the last touch for a path that did not convert).
Conversions without a touch
    Counted as the channel ``"(direct/none)"`` by default (``direct="channel"``), so that
    the attributed conversions add up to the conversions in the data; ``direct="exclude"``
    leaves them out. The count is always reported (``attrs["direct_conversions"]``).
Repeated touches
    Heuristic models count every touch (``dedupe=False``); the Markov model merges
    repeated consecutive states (``dedupe=True``), as ChannelAttribution does.
Value
    Attributed in the same proportions as conversions: per path for the heuristics and
    Shapley, by the channels' shares of conversions for Markov. One currency only.

Examples
--------
>>> import pandas as pd
>>> import smtools as sm
>>> frame = pd.DataFrame({"path": ["facebook > search", "search", "facebook"],
...                       "total_conversions": [3, 1, 0], "total_null": [2, 4, 5]})
>>> sm.roi.attribution.markov(frame)["conversions"].round(3).to_dict()
{'facebook': 1.333, 'search': 2.667}
"""

from __future__ import annotations

from smtools.roi.attribution._compare import MODELS, Comparison, compare
from smtools.roi.attribution._heuristics import HEURISTICS, heuristics
from smtools.roi.attribution._markov import Markov, markov
from smtools.roi.attribution._paths import DIRECT, paths
from smtools.roi.attribution._shapley import shapley

__all__ = [
    "DIRECT",
    "HEURISTICS",
    "MODELS",
    "Comparison",
    "Markov",
    "compare",
    "heuristics",
    "markov",
    "paths",
    "shapley",
]
