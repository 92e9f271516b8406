"""The fixed history every synthetic client shares, and small date helpers.

Two full years of daily data, 2024-11-01 … 2026-10-31 inclusive (730 days),
the same for every client and every seed.

Examples
--------
>>> len(history_dates())
730
>>> str(HISTORY_START), str(HISTORY_END)
('2024-11-01', '2026-10-31')
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = [
    "HISTORY_END",
    "HISTORY_START",
    "WEEKDAYS",
    "day_index",
    "history_dates",
    "local_midnights",
    "seasonal_mask",
]

HISTORY_START = dt.date(2024, 11, 1)
HISTORY_END = dt.date(2026, 10, 31)

#: Weekday names, Monday first (the order of every 7-long list in the truth).
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)


def history_dates() -> pd.DatetimeIndex:
    """The 730 calendar days of the history (naive, ``datetime64[us]``).

    Examples
    --------
    >>> history_dates()[[0, -1]].strftime("%Y-%m-%d").tolist()
    ['2024-11-01', '2026-10-31']
    """
    return pd.date_range(HISTORY_START, HISTORY_END, freq="D", unit="us")


def day_index(day: dt.date | str) -> int:
    """Position of ``day`` in :func:`history_dates` (0 for 2024-11-01).

    Examples
    --------
    >>> day_index("2024-11-03")
    2
    """
    return (pd.Timestamp(day).date() - HISTORY_START).days


def local_midnights(timezone: str) -> pd.DatetimeIndex:
    """Start of every history day in ``timezone`` (tz-aware; one extra day at the end).

    The 731st entry is the end of the last day, so ``[i, i + 1)`` bounds day ``i``.

    Examples
    --------
    >>> str(local_midnights("Europe/Paris")[0])
    '2024-11-01 00:00:00+01:00'
    """
    days = pd.date_range(HISTORY_START, HISTORY_END + dt.timedelta(days=1), freq="D",
                         unit="us")
    return days.tz_localize(timezone)


def seasonal_mask(dates: pd.DatetimeIndex, start: str, end: str, *, shift: int = 0
                  ) -> np.ndarray:
    """Days whose month-day lies in ``start`` … ``end`` (``"MM-DD"``, inclusive) every year.

    A window may cross the new year (``"12-15"`` … ``"01-05"``); ``shift``
    moves it by that many days.

    Examples
    --------
    >>> int(seasonal_mask(history_dates(), "12-24", "12-26").sum())
    6
    """
    md = (dates - pd.Timedelta(days=shift)).strftime("%m-%d").to_numpy()
    if start <= end:
        return (md >= start) & (md <= end)
    return (md >= start) | (md <= end)
