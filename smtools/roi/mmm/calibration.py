"""Calibration of a marketing-mix model with experiment results (lift tests).

A lift record is what :meth:`smtools.roi.experiments.Lift.to_dict` writes::

    {"channel", "start", "end", "lift", "low", "high", "level", "metric"}

``lift`` is the incremental outcome over the test window (``start`` to ``end``,
both included), in outcome units; ``low``/``high`` its interval at confidence
``level``. The model's implied lift for the same window is

.. math::

    \\widehat{L} = \\sum_{t \\in W} \\beta_c \\big[ s_c(a_c(x))_t - s_c(a_c(x^{off}))_t \\big]

where ``x^off`` is the channel's spend with the window's spend removed (pro
rata to the days of a period inside the window) and the sum runs over the
periods that overlap the window: the outcome the window's spend added during
the window, which is what a holdout or go-dark test measures. Each record adds
the term ``((L̂ - lift) / se)²`` to the fit's criterion, with
``se = (high - low) / (2 · z)`` and ``z`` the normal quantile of ``level``:
precise experiments pull harder. For fixed adstock and saturation the implied
lift is linear in ``β_c``, so the term is one extra row of the bounded least
squares problem; it also enters the hyperparameter search.

Examples
--------
>>> import pandas as pd
>>> dates = pd.date_range("2026-01-05", periods=4, freq="W-MON")
>>> cal = lift_rows([{"channel": "tv", "start": "2026-01-12", "end": "2026-01-18",
...                   "lift": 900.0, "low": 500.0, "high": 1300.0, "level": 0.9,
...                   "metric": "revenue"}], dates=dates, freq="W", channels=["tv"],
...                  target="revenue")
>>> cal.inside[0].tolist(), round(float(cal.se[0]), 1)
([0.0, 1.0, 0.0, 0.0], 243.2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from smtools.errors import DataError
from smtools.roi.mmm._design import PERIOD_DAYS
from smtools.roi.mmm._engine import Calibration

__all__ = ["lift_rows", "normalise_lifts"]

_KEYS = ("channel", "start", "end", "lift", "low", "high")


def normalise_lifts(lifts: Any) -> list[dict[str, Any]]:
    """Lift records as plain dicts (accepts ``Lift`` objects, dicts or a frame).

    Examples
    --------
    >>> normalise_lifts([{"channel": "tv", "start": "2026-01-01", "end": "2026-01-07",
    ...                   "lift": 1.0, "low": 0.0, "high": 2.0}])[0]["level"]
    0.9
    """
    if lifts is None:
        return []
    if isinstance(lifts, pd.DataFrame):
        lifts = lifts.to_dict("records")
    if isinstance(lifts, Mapping) or (hasattr(lifts, "to_dict")
                                      and not isinstance(lifts, Sequence)):
        lifts = [lifts]
    out = []
    for i, rec in enumerate(lifts):
        if hasattr(rec, "to_dict") and not isinstance(rec, Mapping):
            rec = rec.to_dict()
        if not isinstance(rec, Mapping):
            raise DataError(f"lift record {i} is a {type(rec).__name__}, not a mapping",
                            column="lifts", hint="pass Lift objects or their .to_dict()")
        missing = [k for k in _KEYS if k not in rec]
        if missing:
            raise DataError(f"lift record {i} has no {', '.join(missing)}", column="lifts",
                            hint="each record needs channel, start, end, lift, low and high "
                            "(smtools.roi.experiments.Lift.to_dict() writes them)")
        d = dict(rec)
        d.setdefault("level", 0.9)
        d.setdefault("metric", None)
        out.append(d)
    return out


def lift_rows(
    lifts: Any,
    *,
    dates: pd.DatetimeIndex,
    freq: str,
    channels: Sequence[str],
    target: str,
) -> Calibration | None:
    """Turn lift records into the calibration terms of a fit.

    Raises
    ------
    DataError
        A record names a channel the model does not have, measures another
        metric than the target, falls outside the fitted periods, or has an
        interval that is not a positive width around the lift.
    """
    records = normalise_lifts(lifts)
    if not records:
        return None
    span = PERIOD_DAYS[freq]
    starts = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    ch_idx, inside_rows, lift, se = [], [], [], []
    for i, rec in enumerate(records):
        ch = str(rec["channel"])
        if ch not in channels:
            raise DataError(f"lift record {i} is for channel {ch!r}, which the model does not "
                            "have", column="channel",
                            hint=f"use one of {', '.join(channels)} or fit that channel too")
        metric = rec.get("metric")
        if metric not in (None, "", target):
            raise DataError(f"lift record {i} measures {metric!r} but the model's target is "
                            f"{target!r}", column="metric",
                            hint="calibrate with lifts measured in the target's units, or "
                            "model that metric")
        try:
            s = pd.Timestamp(rec["start"]).normalize()
            e = pd.Timestamp(rec["end"]).normalize()
        except (TypeError, ValueError):
            raise DataError(f"lift record {i} has unreadable dates", column="start",
                            hint="use YYYY-MM-DD") from None
        if e < s:
            raise DataError(f"lift record {i} ends before it starts", column="end",
                            hint="end is the last day of the test")
        days = np.arange(s.to_datetime64().astype("datetime64[D]").astype(np.int64),
                         e.to_datetime64().astype("datetime64[D]").astype(np.int64) + 1)
        overlap = np.clip(np.minimum(starts + span, days[-1] + 1)
                          - np.maximum(starts, days[0]), 0, span)
        inside = overlap / span
        if not inside.any():
            raise DataError(f"lift record {i} ({s:%Y-%m-%d} to {e:%Y-%m-%d}) is outside the "
                            "fitted periods", column="start",
                            hint="drop it or fit the model on data covering the test")
        try:
            values = [float(rec[k]) for k in ("lift", "low", "high", "level")]
        except (TypeError, ValueError):
            raise DataError(f"lift record {i} has a non-numeric lift, low, high or level",
                            column="lift", hint="use numbers") from None
        value, low, high, level = values
        if not all(np.isfinite(values)) or not low <= value <= high or high <= low:
            raise DataError(f"lift record {i}: the interval [{low:g}, {high:g}] does not "
                            f"surround the lift {value:g} with a positive width",
                            column="lift", hint="pass low < high with low <= lift <= high")
        if not 0 < level < 1:
            raise DataError(f"lift record {i}: level {level:g} is not between 0 and 1",
                            column="level", hint="e.g. 0.9 for a 90% interval")
        z = float(stats.norm.ppf(0.5 + level / 2))
        ch_idx.append(list(channels).index(ch))
        inside_rows.append(inside)
        lift.append(value)
        se.append((high - low) / (2 * z))
    return Calibration(channel=np.asarray(ch_idx, dtype=int), inside=np.asarray(inside_rows),
                       lift=np.asarray(lift), se=np.asarray(se))
