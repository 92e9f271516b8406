"""Media plans: brief + history → budget split, flighting, forecast, tracking, exports.

>>> import smtools as sm
>>> callable(sm.plan.build)
True
"""

from __future__ import annotations

from smtools.plan.build import build
from smtools.plan.model import ChannelScore, MediaPlan, PlanLine, Range, TargetCheck

__all__ = ["ChannelScore", "MediaPlan", "PlanLine", "Range", "TargetCheck", "build"]
