"""Channel analytics: KPIs, posting times, content, trends and listening.

- :func:`kpis` — the KPI table (ratio-of-sums rates, Wilson intervals), on a
  frame or straight from a workspace;
- :func:`best_times` — best weekday × hour to post per account, with
  empirical-Bayes shrinkage;
- :func:`compare_content` — formats or pillars compared (test, effect size,
  intervals);
- :func:`trend` — STL trend, season and robust-z anomalies of any series;
- :func:`detect_crises`, :func:`share_of_voice`, :func:`net_sentiment`,
  :func:`benchmark` — social listening.

>>> import smtools as sm
>>> callable(sm.channel.kpis)
True
>>> sm.channel.net_sentiment(80, 20, 100, method="polarity")
0.6
"""

from __future__ import annotations

from smtools.channel.content import CONTENT_METRICS, ContentComparison, compare_content
from smtools.channel.kpis import COSTS, RATES, TIME_KEYS, KpiTable, kpis, wilson
from smtools.channel.listening import (
    NET_SENTIMENT_METHODS,
    Benchmark,
    CrisisReport,
    benchmark,
    classify_sentiment,
    detect_crises,
    net_sentiment,
    share_of_voice,
)
from smtools.channel.timing import METRICS, BestTimes, best_times
from smtools.channel.trends import THRESHOLDS, Trend, robust_z, trend

__all__ = [
    "CONTENT_METRICS",
    "COSTS",
    "METRICS",
    "NET_SENTIMENT_METHODS",
    "RATES",
    "THRESHOLDS",
    "TIME_KEYS",
    "Benchmark",
    "BestTimes",
    "ContentComparison",
    "CrisisReport",
    "KpiTable",
    "Trend",
    "benchmark",
    "best_times",
    "classify_sentiment",
    "compare_content",
    "detect_crises",
    "kpis",
    "net_sentiment",
    "robust_z",
    "share_of_voice",
    "trend",
    "wilson",
]
