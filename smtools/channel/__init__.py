"""Channel analytics: KPIs, posting times, content, trends and listening.

>>> import smtools as sm
>>> callable(sm.channel.kpis)
True
"""

from __future__ import annotations

from smtools.channel.kpis import KpiTable, kpis, wilson

__all__ = ["KpiTable", "kpis", "wilson"]
