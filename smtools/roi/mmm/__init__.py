"""Marketing-mix modelling: what each channel's spend brought, with intervals.

``MMM`` fits adstock (carry-over) and saturation (diminishing returns) per
channel, a trend, Fourier seasonality, holidays and controls to a weekly or
daily frame; ``wide_frame`` builds that frame from the workspace's
``performance`` and ``outcomes`` tables. A fitted model gives ROAS and
marginal ROAS per channel with bootstrap intervals (``roas_``, ``mroas_``),
contributions over time, response curves for the budget optimiser
(:func:`smtools.roi.optimize.allocate`), fit diagnostics, charts and a JSON
round trip. Experiment results (lift tests) calibrate it.

Modules: :mod:`~smtools.roi.mmm.transforms` (adstock and saturation classes),
:mod:`~smtools.roi.mmm.model` (the estimator), :mod:`~smtools.roi.mmm.bootstrap`,
:mod:`~smtools.roi.mmm.calibration`, :mod:`~smtools.roi.mmm.curves`,
:mod:`~smtools.roi.mmm.data` (``wide_frame``, and ``example_frame``: a small
frame with a known truth for lessons), :mod:`~smtools.roi.mmm.results`.

Examples
--------
>>> import smtools as sm
>>> sm.roi.MMM is sm.roi.mmm.MMM
True
"""

from __future__ import annotations

from smtools.roi.mmm.curves import ResponseCurves
from smtools.roi.mmm.data import example_frame, wide_frame
from smtools.roi.mmm.model import MMM
from smtools.roi.mmm.results import Diagnostics
from smtools.roi.mmm.transforms import (
    GeometricAdstock,
    HillSaturation,
    LogisticSaturation,
    WeibullAdstock,
)

__all__ = [
    "MMM",
    "Diagnostics",
    "GeometricAdstock",
    "HillSaturation",
    "LogisticSaturation",
    "ResponseCurves",
    "WeibullAdstock",
    "example_frame",
    "wide_frame",
]
