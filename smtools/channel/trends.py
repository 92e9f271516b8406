"""Trend, seasonality and anomalies of any KPI series.

Method
------
The series is made regular (daily, weekly or monthly; missing periods are
interpolated and flagged) and decomposed by STL, Seasonal-Trend decomposition
using LOESS (Cleveland, Cleveland, McRae & Terpenning 1990, *J. Official
Statistics* 6: 3–73; ``statsmodels.tsa.seasonal.STL``):
``value = trend + seasonal + residual``, with a season of 7 days for a daily
series, 52 weeks for a weekly one and 12 months for a monthly one. The
seasonal smoother spans 31 seasons (a slowly changing pattern) and, for
daily and monthly series, the trend smoother spans four seasons (29 days for
daily data), so that a short burst stays in the residual instead of being
absorbed by the trend. ``robust=True`` (bisquare weights) keeps long
anomalies out of the trend too, at the price of heavier-tailed residuals
(more points flagged on clean data); it is off by default. A series shorter
than two seasons gets a robust LOWESS trend and no seasonal part.

Anomalies are residuals far from the others on a robust scale, the modified
z-score of Iglewicz & Hoaglin (1993, *How to Detect and Handle Outliers*,
ASQC): ``z = (r − median r) ÷ (1.4826 · MAD)``, with the mean absolute
deviation (× 1.2533) standing in when the MAD is 0. The named thresholds are
:data:`THRESHOLDS`; ``"standard"`` (|z| ≥ 3.5) is Iglewicz & Hoaglin's
recommendation.

Examples
--------
>>> import numpy as np, pandas as pd
>>> days = pd.date_range("2025-01-01", periods=120, freq="D")
>>> rng = np.random.default_rng(0)
>>> y = 100 + 0.2 * np.arange(120) + 8 * (days.day_of_week >= 5) + rng.normal(0, 2, 120)
>>> y[60] += 40
>>> t = trend(pd.Series(y, index=days, name="sessions"))
>>> t.anomalies["date"].dt.strftime("%Y-%m-%d").tolist()
['2025-03-02']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools.channel._common import html_block, new_axes
from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["THRESHOLDS", "Trend", "robust_z", "threshold_value", "trend"]

#: Named thresholds on the absolute robust z-score.
THRESHOLDS: dict[str, float] = {"lenient": 2.5, "standard": 3.5, "strict": 5.0}
#: Frequency name -> (pandas offset, default season length, words)
_FREQS: dict[str, tuple[str, int, str]] = {
    "D": ("D", 7, "daily"),
    "W": ("7D", 52, "weekly"),
    "M": ("MS", 12, "monthly"),
}


def threshold_value(threshold: str | float, *, parameter: str = "threshold") -> float:
    """A threshold name (:data:`THRESHOLDS`) or a positive number, as a number.

    Examples
    --------
    >>> threshold_value("standard"), threshold_value(4)
    (3.5, 4.0)
    """
    if isinstance(threshold, str):
        if threshold not in THRESHOLDS:
            raise DataError(f"unknown threshold {threshold!r}", column=parameter,
                            hint=f"use one of {', '.join(THRESHOLDS)} or a number such as 3")
        return THRESHOLDS[threshold]
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or \
            not threshold > 0:
        raise DataError(f"parameter {parameter}={threshold!r} must be a positive number",
                        column=parameter, hint="use e.g. 3.5 or 'standard'")
    return float(threshold)


def robust_z(values: Any) -> np.ndarray:
    """Modified z-scores (Iglewicz & Hoaglin 1993): distance to the median in robust SDs.

    ``(x − median) ÷ (1.4826 · MAD)``; when the MAD is 0, the mean absolute
    deviation × 1.2533 is used; when that is 0 too, every score is 0 for
    values at the median and NaN otherwise. NaN values stay NaN.

    Examples
    --------
    >>> robust_z([1.0, 2.0, 3.0, 4.0, 100.0]).round(2).tolist()
    [-1.35, -0.67, 0.0, 0.67, 65.43]
    """
    x = np.asarray(values, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x)
    if not ok.any():
        return out
    med = float(np.median(x[ok]))
    dev = np.abs(x[ok] - med)
    scale = 1.4826 * float(np.median(dev))
    if scale <= 0:
        scale = 1.2533 * float(np.mean(dev))
    if scale <= 0:
        out[ok] = np.where(x[ok] == med, 0.0, np.nan)
        return out
    out[ok] = (x[ok] - med) / scale
    return out


@dataclass
class Trend:
    """A series decomposed into trend, season and residual, with flagged anomalies.

    Attributes
    ----------
    frame : DataFrame
        ``date``, ``value``, ``trend``, ``seasonal``, ``resid``, ``z`` (robust
        z of the residual), ``anomaly`` (bool), ``filled`` (interpolated point).
    """

    frame: pd.DataFrame
    name: str
    freq: str
    period: int | None
    threshold: float
    threshold_name: str
    method: str
    source: str
    notes: list[str] = field(default_factory=list)

    @property
    def anomalies(self) -> pd.DataFrame:
        """The flagged points, largest |z| first."""
        a = self.frame[self.frame["anomaly"]]
        return a.reindex(a["z"].abs().sort_values(ascending=False).index).reset_index(
            drop=True)

    def to_frame(self) -> pd.DataFrame:
        """The decomposition, one row per period."""
        return self.frame.copy()

    def sentence(self) -> str:
        """One plain sentence: the trend's change, the season and the anomalies."""
        f = self.frame
        first, last = float(f["trend"].iloc[0]), float(f["trend"].iloc[-1])
        change = (last / first - 1) if first > 0 and last >= 0 else np.nan
        words = _FREQS[self.freq][2]
        move = (f"from {first:,.4g} to {last:,.4g}"
                + (f" ({change * 100:+.0f}%)" if np.isfinite(change) else ""))
        season = ""
        if self.period and f["seasonal"].abs().max() > 0:
            amp = float(f["seasonal"].max() - f["seasonal"].min())
            season = f"; the {self.period}-period season spans {amp:,.3g}"
        n = int(f["anomaly"].sum())
        anomalies = f"; no anomaly (|robust z| ≥ {self.threshold:g})"
        if n:
            top = self.anomalies.iloc[0]
            anomalies = (f"; {n} anomal{'y' if n == 1 else 'ies'} (|robust z| ≥ "
                         f"{self.threshold:g}, '{self.threshold_name}'), the largest on "
                         f"{top['date']:%Y-%m-%d} (z = {top['z']:+.1f})")
        return (f"{words.capitalize()} {self.name}: the trend goes {move} between "
                f"{f['date'].iloc[0]:%Y-%m-%d} and {f['date'].iloc[-1]:%Y-%m-%d}{season}"
                f"{anomalies}.")

    def __repr__(self) -> str:
        return (f"Trend({self.name!r}, freq={self.freq!r}, points={len(self.frame)}, "
                f"anomalies={int(self.frame['anomaly'].sum())})")

    def _repr_html_(self) -> str:
        view = self.anomalies.head(20)
        return html_block(self.sentence(), view, {"z": "{:+.1f}"},
                          [*self.notes, f"Method: {self.method}."])

    def plot(self, *, ax: Axes | None = None, windows: Any = None, title: str | None = None,
             ylabel: str | None = None, source: str | None = None) -> Axes:
        """The series, its trend and the anomalies (optionally shaded windows).

        ``title``, ``ylabel`` and ``source`` replace the defaults (the source line
        always ends with the method and the anomaly threshold).

        Examples
        --------
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> s = pd.Series(range(30), index=pd.date_range("2025-01-01", periods=30),
        ...               dtype=float, name="clicks")
        >>> ax = trend(s).plot()
        >>> ax.get_title()
        'Clicks: trend and anomalies'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        ax = new_axes(ax)
        label = self.name.replace("_", " ")
        return viz.trend(
            self.frame, y="value", trend="trend", anomalies="anomaly", windows=windows,
            label=label,
            title=title or f"{label.capitalize()}: trend and anomalies",
            ylabel=ylabel or f"{label.capitalize()} ({_FREQS[self.freq][2]})",
            source=f"{source or self.source}; {self.method}; anomalies at |robust z| ≥ "
                   f"{self.threshold:g}", ax=ax)


def _as_series(data: Any, value: str | None, date: str | None) -> tuple[pd.Series, str]:
    from smtools.channel.kpis import KpiTable

    if isinstance(data, KpiTable):
        if value is None:
            raise DataError("a KPI table holds many KPIs: name one", column="value",
                            hint="e.g. trend(kpis(ws, by='day'), value='ctr')")
        frame = data.to_frame()
        if frame.index.nlevels != 1:
            raise DataError("the KPI table is grouped by several keys", column="by",
                            hint="group by one time key only, e.g. by='day' or by='week'")
        data = frame.reset_index()
        date = date or frame.index.name
    if isinstance(data, pd.Series):
        if not isinstance(data.index, pd.DatetimeIndex):
            raise DataError("the series has no dates in its index", column="data",
                            hint="index it by date (Series.set_axis(pd.to_datetime(...)))")
        name = str(data.name) if data.name is not None else "value"
        return data.astype(float), name
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"cannot find a trend in a {type(data).__name__}", column="data",
                        hint="pass a Series indexed by date, a DataFrame or a KPI table")
    if date is None:
        date = next((c for c in ("date", "day", "week", "month", "ts") if c in data.columns),
                    None)
    if date is None:
        if isinstance(data.index, pd.DatetimeIndex):
            dates = data.index
        else:
            raise DataError("the data has no date column", column="date",
                            hint="name it with date=")
    elif date not in data.columns:
        raise DataError(f"the data has no column {date!r}", column=date, hint="name it with date=")
    else:
        dates = pd.DatetimeIndex(pd.to_datetime(data[date]))
    if value is None:
        numeric = [c for c in data.columns if c != date
                   and pd.api.types.is_numeric_dtype(data[c])]
        if len(numeric) != 1:
            raise DataError("say which column to analyse", column="value",
                            hint=f"pass value= one of {', '.join(map(str, numeric))}")
        value = numeric[0]
    if value not in data.columns:
        raise DataError(f"the data has no column {value!r}", column=value,
                        hint=f"use one of {', '.join(map(str, data.columns))}")
    if dates.has_duplicates:
        raise DataError(f"several rows share a date in {date!r}", column=date or "index",
                        hint="aggregate to one row per date first (e.g. kpis(..., by='day'))")
    return pd.Series(data[value].to_numpy(dtype=float), index=dates), str(value)


def _regular(series: pd.Series, freq: str | None) -> tuple[pd.Series, str, np.ndarray]:
    s = series.sort_index()
    if s.index.tz is not None:
        s.index = s.index.tz_localize(None)
    if len(s) < 3:
        raise DataError(f"{len(s)} points are too few for a trend", column="data",
                        hint="give at least a few weeks of data")
    if freq is None:
        gaps = np.diff(s.index.to_numpy()).astype("timedelta64[s]").astype(float)
        step = float(np.median(gaps)) / 86_400.0
        freq = "D" if step < 1.5 else "W" if 6 <= step <= 8 else "M" if 27 <= step <= 32 \
            else ""
        if not freq:
            raise DataError(f"points are {step:g} days apart: not daily, weekly or monthly",
                            column="date", hint="aggregate by day, week or month first")
    if freq not in _FREQS:
        raise DataError(f"parameter freq={freq!r} is not supported", column="freq",
                        hint="use 'D', 'W' or 'M'")
    offset = _FREQS[freq][0]
    start = s.index[0].normalize()
    if freq == "M":
        start = start.replace(day=1)
        s.index = s.index.to_period("M").to_timestamp()
    if freq == "W":
        s.index = start + pd.to_timedelta((s.index - start).days // 7 * 7, unit="D")
    full = pd.date_range(start, s.index[-1], freq=offset)
    if s.index.has_duplicates:
        raise DataError("several points fall in one period", column="date",
                        hint="aggregate to one row per period first")
    regular = s.reindex(full)
    filled = regular.isna().to_numpy()
    if filled.all():
        raise DataError("the series holds no number", column="value",
                        hint="check the column")
    regular = regular.interpolate(limit_direction="both")
    return regular, freq, filled


def trend(
    data: Any,
    *,
    value: str | None = None,
    date: str | None = None,
    freq: str | None = None,
    period: int | None = None,
    robust: bool = False,
    threshold: str | float = "standard",
) -> Trend:
    """Trend, seasonality and anomalies of a daily, weekly or monthly series (STL).

    Parameters
    ----------
    data : Series, DataFrame or KpiTable
        A Series indexed by date; a DataFrame with a date column (``date=``)
        and the values (``value=``); or a KPI table grouped by one time key
        (``kpis(..., by="day")``) with ``value=`` the KPI.
    value : str, optional
        The column (or KPI) analysed.
    date : str, optional
        The date column (``date``, ``day``, ``week`` or ``month`` when omitted).
    freq : {"D", "W", "M"}, optional
        Frequency of the series; inferred from the spacing of the dates.
    period : int, optional
        Season length (7 for daily, 52 for weekly, 12 for monthly data).
    robust : bool
        Robust STL (long anomalies do not bend the trend; more points flagged).
    threshold : str or float
        |robust z| at which a residual is an anomaly: a name of
        :data:`THRESHOLDS` or a number.

    Returns
    -------
    Trend

    Examples
    --------
    >>> import pandas as pd
    >>> weekly = pd.DataFrame({"week": pd.date_range("2025-01-06", periods=20, freq="7D"),
    ...                        "ctr": [0.01 + 0.0002 * i for i in range(20)]})
    >>> t = trend(weekly, value="ctr")
    >>> t.freq, t.period, t.method.split(" (")[0]
    ('W', None, 'robust LOWESS trend, no season')
    """
    level = threshold_value(threshold)
    name = threshold if isinstance(threshold, str) else "custom"
    series, label = _as_series(data, value, date)
    regular, freq, filled = _regular(series, freq)
    n = len(regular)
    if period is None:
        period = _FREQS[freq][1]
    elif isinstance(period, bool) or not isinstance(period, (int, np.integer)) or period < 2:
        raise DataError(f"parameter period={period!r} must be a whole number ≥ 2",
                        column="period", hint="use 7 for daily data, 52 for weekly data")
    y = regular.to_numpy(dtype=float)
    notes = []
    if filled.any():
        notes.append(f"{int(filled.sum())} missing period(s) interpolated")
    if n >= 2 * period:
        from statsmodels.tsa.seasonal import STL

        trend_window = 4 * int(period) + 1 if period <= 12 else None
        fit = STL(y, period=int(period), seasonal=31, trend=trend_window,
                  robust=robust).fit()
        tr, seas, resid = np.asarray(fit.trend), np.asarray(fit.seasonal), np.asarray(fit.resid)
        method = (f"{'robust ' if robust else ''}STL, season of {period} "
                  f"(Cleveland et al. 1990), robust z of residuals (Iglewicz & Hoaglin 1993)")
        used_period: int | None = int(period)
    else:
        from statsmodels.nonparametric.smoothers_lowess import lowess

        frac = min(1.0, max(0.3, 7.0 / n))
        tr = lowess(y, np.arange(n, dtype=float), frac=frac, it=3 if robust else 0,
                    return_sorted=False)
        seas = np.zeros(n)
        resid = y - tr
        method = f"robust LOWESS trend, no season (fewer than two seasons of {period})"
        used_period = None
        notes.append(f"{n} points are fewer than two seasons of {period}: no seasonal part")
    z = robust_z(resid)
    frame = pd.DataFrame({"date": regular.index, "value": y, "trend": tr, "seasonal": seas,
                          "resid": resid, "z": z, "anomaly": np.abs(np.nan_to_num(z)) >= level,
                          "filled": filled})
    frame.loc[frame["filled"], "anomaly"] = False
    return Trend(frame=frame, name=label, freq=freq, period=used_period, threshold=level,
                 threshold_name=name, method=method, source="data given", notes=notes)
