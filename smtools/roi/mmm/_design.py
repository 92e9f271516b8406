"""Input checks and the baseline design (intercept, trend, seasonality, holidays, controls).

Everything a marketing-mix model needs from a wide frame is read and checked
here, so that every refusal is a :class:`~smtools.errors.DataError` naming the
column or parameter and the fix.

Conventions: one row per period; the date of a row is the **first day** of its
period (as :func:`smtools.roi.mmm.wide_frame` writes it); periods are days
(``"D"``) or weeks (``"W"``), evenly spaced without gaps.

Examples
--------
>>> import pandas as pd
>>> dates = pd.date_range("2025-01-06", periods=3, freq="W-MON")
>>> infer_freq(pd.DatetimeIndex(dates))
'W'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from smtools.errors import DataError

__all__ = ["Baseline", "Inputs", "baseline_design", "holiday_columns", "infer_freq",
           "read_inputs"]

#: Days in a period for each supported frequency.
PERIOD_DAYS = {"D": 1, "W": 7}
_YEAR_DAYS = 365.25


@dataclass
class Inputs:
    """The checked inputs of a fit: dates, target, spend per channel, controls."""

    dates: pd.DatetimeIndex
    freq: str
    target: str
    y: np.ndarray | None
    media: list[str]
    spend: np.ndarray
    controls: list[str]
    control_values: np.ndarray
    notes: list[str] = field(default_factory=list)


def infer_freq(dates: pd.DatetimeIndex) -> str:
    """``"D"`` or ``"W"`` from evenly spaced dates, else :class:`DataError`.

    Examples
    --------
    >>> infer_freq(pd.date_range("2025-01-01", periods=5, freq="D"))
    'D'
    >>> infer_freq(pd.DatetimeIndex(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06"]))
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: column 'date': the dates are not evenly spaced (a gap after 2025-01-03). Fix: fill the missing periods (with zero spend) or aggregate to weeks.
    """  # noqa: E501
    if len(dates) < 2:
        raise DataError("a single period cannot be modelled", column="date",
                        hint="give at least two years of weekly data")
    if not dates.is_monotonic_increasing or dates.has_duplicates:
        raise DataError("the dates are not sorted and unique", column="date",
                        hint="sort the frame by date and aggregate duplicate periods")
    steps = np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(int)
    step = int(np.median(steps))
    if step not in (1, 7):
        raise DataError(f"periods of {step} days are not supported", column="date",
                        hint="use daily or weekly rows (aggregate months are too coarse "
                        "for carry-over)")
    bad = np.flatnonzero(steps != step)
    if bad.size:
        raise DataError(f"the dates are not evenly spaced (a gap after "
                        f"{dates[bad[0]]:%Y-%m-%d})", column="date",
                        hint="fill the missing periods (with zero spend) or aggregate to weeks")
    return "D" if step == 1 else "W"


def _dates(frame: pd.DataFrame, date: str | None) -> pd.DatetimeIndex:
    if date is not None:
        if date not in frame.columns:
            raise DataError(f"no date column {date!r}", column=date,
                            hint=f"name one of {', '.join(map(str, frame.columns))}")
        values = frame[date]
    elif isinstance(frame.index, pd.DatetimeIndex):
        values = frame.index
    elif "date" in frame.columns:
        values = frame["date"]
    else:
        raise DataError("the frame has no dates", column="date",
                        hint="add a 'date' column, pass date='<column>' or use a DatetimeIndex")
    try:
        out = pd.DatetimeIndex(pd.to_datetime(values))
    except (TypeError, ValueError) as err:
        raise DataError(f"the dates cannot be read ({err})", column=date or "date",
                        hint="use YYYY-MM-DD dates") from None
    if out.tz is not None:
        out = out.tz_localize(None)
    if out.isna().any():
        raise DataError("some dates are missing", column=date or "date",
                        hint="drop or fill the rows without a date")
    return out.normalize()


def _numeric(frame: pd.DataFrame, column: str, role: str) -> np.ndarray:
    if column not in frame.columns:
        raise DataError(f"the {role} column {column!r} is not in the frame", column=column,
                        hint=f"name one of {', '.join(map(str, frame.columns))}")
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DataError(f"the {role} column has {bad.size} missing or non-numeric value(s), "
                        f"first at row {int(bad[0])}", column=column,
                        hint="fill them (0 for a period without spend) or drop those periods")
    return values


def read_inputs(
    frame: pd.DataFrame,
    *,
    target: str | None,
    media: Sequence[str],
    controls: Sequence[str] = (),
    date: str | None = None,
    fitting: bool = True,
) -> Inputs:
    """Check a wide frame and return its arrays.

    With ``fitting=False`` (prediction) the target may be absent and channels
    may spend nothing.

    Raises
    ------
    DataError
        Missing column, NaN, negative spend, a channel with zero spend
        throughout, a constant target, unevenly spaced dates.

    Examples
    --------
    >>> f = pd.DataFrame({"date": pd.date_range("2025-01-06", periods=4, freq="W-MON"),
    ...                   "tv": [1.0, 0.0, 2.0, 1.0], "sales": [5.0, 4.0, 7.0, 6.0]})
    >>> read_inputs(f, target="sales", media=["tv"]).spend.sum()
    np.float64(4.0)
    >>> read_inputs(f.assign(tv=-1.0), target="sales", media=["tv"])
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: column 'tv': 4 negative spend value(s), first on 2025-01-06. Fix: spend is an amount paid, never below 0: correct refunds or credits before modelling.
    """  # noqa: E501
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"expected a DataFrame, got {type(frame).__name__}", column="frame",
                        hint="pass a wide frame: one row per period, one column per channel")
    if isinstance(media, str):
        media = [media]
    if isinstance(controls, str):
        controls = [controls]
    media = [str(m) for m in media]
    controls = [str(c) for c in controls]
    if not media:
        raise DataError("no media channels given", column="media",
                        hint="pass media=['facebook', 'instagram', ...] (spend columns)")
    for group, names in (("media", media), ("controls", controls)):
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise DataError(f"{group} names {dup} twice", column=dup[0],
                            hint="list each column once")
    overlap = sorted(set(media) & ({target} - {None} | set(controls)))
    if overlap:
        raise DataError(f"{overlap[0]!r} is given both as a channel and as the target or a "
                        "control", column=overlap[0], hint="give each column one role")
    dates = _dates(frame, date)
    order = np.argsort(dates.to_numpy(), kind="stable")
    if (order != np.arange(len(order))).any():
        frame = frame.iloc[order]
        dates = dates[order]
    freq = infer_freq(dates)
    y = None
    if fitting or (target is not None and target in frame.columns):
        if target is None:
            raise DataError("no target given", column="target",
                            hint="pass target='<outcome column>'")
        y = _numeric(frame, target, "target")
        if fitting and np.ptp(y) == 0:
            raise DataError("the target is constant", column=target,
                            hint="model a KPI that varies over time")
    spend = np.column_stack([_numeric(frame, m, "spend") for m in media])
    for j, m in enumerate(media):
        neg = np.flatnonzero(spend[:, j] < 0)
        if neg.size:
            raise DataError(f"{neg.size} negative spend value(s), first on "
                            f"{dates[neg[0]]:%Y-%m-%d}", column=m,
                            hint="spend is an amount paid, never below 0: correct refunds or "
                            "credits before modelling")
        if fitting and not (spend[:, j] > 0).any():
            raise DataError("the channel has zero spend in every period", column=m,
                            hint="drop it from media= (a model cannot learn the effect of "
                            "spend that never happened)")
    ctrl = (np.column_stack([_numeric(frame, c, "control") for c in controls])
            if controls else np.zeros((len(dates), 0)))
    for j, c in enumerate(controls):
        if fitting and np.ptp(ctrl[:, j]) == 0:
            raise DataError("the control is constant", column=c,
                            hint="drop it (the intercept already models a constant)")
    return Inputs(dates=dates, freq=freq, target=str(target), y=y, media=media, spend=spend,
                  controls=controls, control_values=ctrl)


def holiday_columns(
    holidays: Any, dates: pd.DatetimeIndex, freq: str, *, merge: bool = True
) -> tuple[list[str], np.ndarray]:
    """One column per holiday: the number of its days that fall in each period.

    ``holidays`` is a list of dates (each date its own effect, named by the
    date) or a frame with a ``date`` column and an optional ``name`` column
    (dates sharing a name share one effect, e.g. Black Friday every year).
    Columns that are zero in every period are dropped; columns with the same
    pattern are merged (``merge=False`` keeps one column per name, even empty).

    Examples
    --------
    >>> d = pd.date_range("2025-01-06", periods=3, freq="W-MON")
    >>> sale = pd.DataFrame({"date": ["2025-01-14", "2025-01-15"], "name": "winter sale"})
    >>> names, cols = holiday_columns(sale, d, "W")
    >>> names, cols.ravel().tolist()
    (['winter sale'], [0.0, 2.0, 0.0])
    """
    if holidays is None:
        return [], np.zeros((len(dates), 0))
    if isinstance(holidays, pd.DataFrame):
        if "date" not in holidays.columns:
            raise DataError("the holidays frame has no 'date' column", column="holidays",
                            hint="give a frame with columns date (and optionally name)")
        when = pd.to_datetime(holidays["date"], errors="coerce")
        names = (holidays["name"].astype(str) if "name" in holidays.columns
                 else when.dt.strftime("holiday %Y-%m-%d"))
    else:
        if isinstance(holidays, (str, pd.Timestamp)):
            holidays = [holidays]
        when = pd.to_datetime(pd.Series(list(holidays), dtype=object), errors="coerce")
        names = when.dt.strftime("holiday %Y-%m-%d")
    if when.isna().any():
        raise DataError("a holiday date cannot be read", column="holidays",
                        hint="use YYYY-MM-DD dates")
    when = pd.DatetimeIndex(when).tz_localize(None).normalize() if getattr(
        when.dt, "tz", None) is not None else pd.DatetimeIndex(when).normalize()
    span = PERIOD_DAYS[freq]
    starts = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    out_names: list[str] = []
    out_cols: list[np.ndarray] = []
    for name in pd.unique(pd.Series(names)):
        days = when[np.asarray(names == name)].to_numpy().astype("datetime64[D]").astype(
            np.int64)
        pos = np.searchsorted(starts, days, side="right") - 1
        ok = (pos >= 0) & (days < starts[np.clip(pos, 0, None)] + span)
        col = np.bincount(pos[ok], minlength=len(dates)).astype(float)
        if not merge or (col.any() and not any(np.array_equal(col, c) for c in out_cols)):
            out_names.append(str(name))
            out_cols.append(col)
    if not out_cols:
        return [], np.zeros((len(dates), 0))
    return out_names, np.column_stack(out_cols)


@dataclass
class Baseline:
    """The baseline design: columns and the component each belongs to."""

    names: list[str]
    components: list[str]
    matrix: np.ndarray


def fourier(t_days: np.ndarray, period: float, order: int, prefix: str) -> tuple[
        list[str], np.ndarray]:
    """Sine and cosine pairs of ``order`` harmonics of ``period`` days.

    Examples
    --------
    >>> names, m = fourier(np.array([0.0, 91.3125]), 365.25, 1, "yearly")
    >>> names, np.round(m, 3).tolist()
    (['yearly sin 1', 'yearly cos 1'], [[0.0, 1.0], [1.0, 0.0]])
    """
    names, cols = [], []
    for k in range(1, order + 1):
        w = 2.0 * np.pi * k * t_days / period
        names += [f"{prefix} sin {k}", f"{prefix} cos {k}"]
        cols += [np.sin(w), np.cos(w)]
    return names, (np.column_stack(cols) if cols else np.zeros((len(t_days), 0)))


def baseline_design(
    dates: pd.DatetimeIndex,
    freq: str,
    *,
    trend: bool,
    yearly: int,
    weekly: int,
    holidays: tuple[list[str], np.ndarray],
    controls: tuple[list[str], np.ndarray],
    origin: pd.Timestamp,
    span_days: float,
) -> Baseline:
    """Intercept, linear trend, Fourier terms, holiday and control columns.

    The trend is ``days since origin / span_days`` (0 to 1 over the fitted
    periods); Fourier terms use the mid-point of each period so that weekly
    rows see the season of their middle day.

    Examples
    --------
    >>> d = pd.date_range("2025-01-06", periods=4, freq="W-MON")
    >>> b = baseline_design(d, "W", trend=True, yearly=1, weekly=0, holidays=([], None),
    ...                     controls=([], None), origin=d[0], span_days=21.0)
    >>> b.names
    ['intercept', 'trend', 'yearly sin 1', 'yearly cos 1']
    """
    n = len(dates)
    days = (dates - origin).days.to_numpy().astype(float)
    names, comps, cols = ["intercept"], ["baseline"], [np.ones(n)]
    if trend:
        names.append("trend")
        comps.append("trend")
        cols.append(days / max(span_days, 1.0))
    absolute = (dates - pd.Timestamp("2000-01-01")).days.to_numpy().astype(float) + (
        PERIOD_DAYS[freq] - 1) / 2.0
    if yearly:
        fn, fm = fourier(absolute, _YEAR_DAYS, yearly, "yearly")
        names += fn
        comps += ["seasonality"] * len(fn)
        cols += list(fm.T)
    if weekly and freq == "D":
        fn, fm = fourier(absolute, 7.0, weekly, "weekly")
        names += fn
        comps += ["seasonality"] * len(fn)
        cols += list(fm.T)
    for label, (cn, cm) in (("holidays", holidays), ("controls", controls)):
        if cn:
            names += list(cn)
            comps += [label if label == "holidays" else f"control {c}" for c in cn]
            cols += list(np.asarray(cm, dtype=float).T)
    return Baseline(names=names, components=comps, matrix=np.column_stack(cols))
