"""Social listening: crises, share of voice, net sentiment and a competitor benchmark.

Sentiment classes
-----------------
A mention is *positive* when its sentiment score (−1…1) is at least 0.05,
*negative* when it is at most −0.05 and *neutral* in between: the thresholds
Hutto & Gilbert recommend for VADER's compound score (2014, *ICWSM-14*;
vaderSentiment README, "About the scoring").

Net sentiment, three published definitions named apart
-------------------------------------------------------
====================  ===============================  =================================
``method``            formula                          sources
====================  ===============================  =================================
``"total"``           (pos − neg) ÷ (pos + neg + neu)  Symanto, *What is Net Sentiment?*;
                                                       Black Box Intelligence, *Net
                                                       Sentiment Score* ("% positive −
                                                       % negative"); R SentimentAnalysis
                                                       ``ruleSentiment``
``"polarity"``        (pos − neg) ÷ (pos + neg)        R SentimentAnalysis
                                                       ``ruleSentimentPolarity``
                                                       (Feuerriegel & Pröllochs)
``"positive_share"``  pos ÷ (pos + neg)                Black Box Intelligence, "% positive,
                                                       excluding neutral"; SentiOne,
                                                       *Brand Health Index*
====================  ===============================  =================================

With 80 positive, 20 negative and 100 neutral mentions they give 30%, 60% and
80% (the worked example of the Black Box Intelligence help page).

Crisis detection
----------------
Per brand and local day (client's time zone) three series: the number of
mentions, the number of negative mentions and their mean sentiment. Each is
compared with a **Hampel filter** (Hampel 1974; Pearson 2002, *IEEE Trans.
Control Systems Technology* 10: 55–63): a centred rolling median over
``window`` days (29 by default) is the baseline, and 1.4826 × the median
absolute deviation from it, over the whole history of the brand, the scale (a
scale taken in the same rolling window would be inflated by a long crisis).
Counts are taken on the variance-stabilising scale of Anscombe (1948,
*Biometrika* 35: 246–254), ``2 √(count + 3/8)``, after removing the weekday
pattern; there Poisson noise has a standard deviation of 1, the floor of the
scale. A rolling median ignores any burst shorter than half its window, so a
crisis of up to two weeks cannot raise its own baseline — which a trend
smoother such as STL's would let it do; a second pass then recomputes the
baselines reported (``baseline_mentions``, ``volume_ratio``…) without the days
of the windows found, so that the crisis does not lift them either.

A day *opens* a crisis when its negative-volume z ≥ ``threshold`` (3.5,
Iglewicz & Hoaglin's cut-off for modified z-scores) **and** its sentiment z ≤
−``sentiment_threshold`` (2): more negative talk than usual, and a more
negative tone overall (a campaign that only raises the volume is no crisis).
A window grows to the neighbouring days while the negative-volume z stays ≥
``extend`` (2) and the sentiment is below its baseline; windows one day apart
merge. Its ``score`` is the largest daily ``negative-volume z + |sentiment z|``.

Examples
--------
>>> net_sentiment(80, 20, 100, method="total")
0.3
>>> net_sentiment(80, 20, 100, method="polarity")
0.6
>>> net_sentiment(80, 20, 100, method="positive_share")
0.8
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools.channel._common import (
    data_tz,
    html_block,
    new_axes,
    pct_text,
    ratio_text,
    require_columns,
)
from smtools.channel.kpis import wilson
from smtools.channel.trends import threshold_value
from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "NET_SENTIMENT_METHODS",
    "Benchmark",
    "CrisisReport",
    "benchmark",
    "classify_sentiment",
    "detect_crises",
    "net_sentiment",
    "share_of_voice",
]

#: method -> (formula, sources)
NET_SENTIMENT_METHODS: dict[str, tuple[str, str]] = {
    "total": ("(positive − negative) ÷ all mentions",
              "Symanto; Black Box Intelligence; R SentimentAnalysis ruleSentiment"),
    "polarity": ("(positive − negative) ÷ (positive + negative)",
                 "R SentimentAnalysis ruleSentimentPolarity"),
    "positive_share": ("positive ÷ (positive + negative)",
                       "Black Box Intelligence; SentiOne Brand Health Index"),
}
#: VADER thresholds (Hutto & Gilbert 2014).
POSITIVE, NEGATIVE = 0.05, -0.05
_MENTIONS_HINT = "give the mentions table (ts, brand, sentiment, reach)"


# --------------------------------------------------------------------------- sentiment
def classify_sentiment(scores: Any, *, positive: float = POSITIVE,
                       negative: float = NEGATIVE) -> np.ndarray:
    """``"positive"``, ``"neutral"`` or ``"negative"`` for each score (VADER thresholds).

    Missing scores give ``None``.

    Examples
    --------
    >>> classify_sentiment([0.6, 0.0, -0.05, None]).tolist()
    ['positive', 'neutral', 'negative', None]
    """
    if not negative < positive:
        raise DataError(f"negative={negative} must be below positive={positive}",
                        column="negative", hint="use e.g. positive=0.05, negative=-0.05")
    s = np.asarray(pd.to_numeric(pd.Series(scores, dtype=object), errors="coerce"),
                   dtype=float)
    out = np.full(s.shape, None, dtype=object)
    ok = np.isfinite(s)
    out[ok & (s >= positive)] = "positive"
    out[ok & (s <= negative)] = "negative"
    out[ok & (s > negative) & (s < positive)] = "neutral"
    return out


def net_sentiment(positive: Any, negative: Any, neutral: Any = 0, *,
                  method: str = "total") -> Any:
    """Net sentiment of counts of positive, negative and neutral mentions.

    Parameters
    ----------
    positive, negative, neutral : number or array
        Counts of mentions in each class.
    method : {"total", "polarity", "positive_share"}
        ``total``: (pos − neg) ÷ (pos + neg + neu); ``polarity``: (pos − neg) ÷
        (pos + neg); ``positive_share``: pos ÷ (pos + neg). See the module
        docstring for the sources.

    Returns
    -------
    float or ndarray
        A fraction (0.3 = 30%); NaN, with a warning saying why, where the
        denominator is 0.

    Examples
    --------
    >>> net_sentiment(80, 20, 100, method="polarity")
    0.6
    >>> net_sentiment([10, 0], [5, 0], [5, 3], method="total").tolist()
    [0.25, 0.0]
    """
    if method not in NET_SENTIMENT_METHODS:
        raise DataError(f"unknown net sentiment method {method!r}", column="method",
                        hint="use 'total', 'polarity' or 'positive_share'")
    pos = np.asarray(positive, dtype=float)
    neg = np.asarray(negative, dtype=float)
    neu = np.asarray(neutral, dtype=float)
    if (pos < 0).any() or (neg < 0).any() or (neu < 0).any():
        raise DataError("mention counts cannot be negative", column="positive",
                        hint="pass counts of mentions (0 or more)")
    if method == "total":
        num, den = pos - neg, pos + neg + neu
    elif method == "polarity":
        num, den = pos - neg, pos + neg
    else:
        num, den = pos, pos + neg
    zero = ~(den > 0)
    if zero.any():
        what = "no mentions" if method == "total" else "no positive or negative mentions"
        warnings.warn(f"net sentiment ({method}) is NaN where there are {what} (0 ÷ 0)",
                      RuntimeWarning, stacklevel=2)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=~zero)
    return float(out) if out.ndim == 0 else out


# --------------------------------------------------------------------------- helpers
def _mentions(mentions: Any, tz: str | None, *, need: tuple[str, ...]
              ) -> tuple[pd.DataFrame, str, list[str]]:
    require_columns(mentions, ["ts", *need], what="mentions", hint=_MENTIONS_HINT)
    zone, notes = data_tz(mentions["ts"], tz, column="ts")
    return mentions, zone, notes


def _brand_column(frame: pd.DataFrame) -> pd.Series:
    if "brand" not in frame.columns:
        raise DataError("the mentions have no brand column", column="brand",
                        hint="add the brand each mention is about (the client's or a "
                        "competitor's)")
    return frame["brand"]


# --------------------------------------------------------------------------- crises
@dataclass
class CrisisReport:
    """Crisis windows found in mentions, with the daily signals behind them.

    Attributes
    ----------
    windows : DataFrame
        One row per window: ``brand``, ``start``, ``end`` (inclusive local
        days), ``days``, ``peak_day``, ``mentions``, ``baseline_mentions``,
        ``volume_ratio``, ``sentiment`` (mean), ``baseline_sentiment``,
        ``sentiment_change``, ``negative_share``, ``score``.
    daily : DataFrame
        Per brand and day: ``mentions``, ``negative``, ``sentiment`` (mean),
        their baselines (``baseline_mentions``, ``baseline_negative``,
        ``baseline_sentiment``), robust z-scores (``volume_z``, ``negative_z``,
        ``sentiment_z``) and ``flagged``.
    """

    windows: pd.DataFrame
    daily: pd.DataFrame
    tz: str
    params: dict[str, float]
    source: str
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The flagged windows, highest score first."""
        return self.windows.copy()

    def flagged_days(self, brand: str | None = None) -> pd.DatetimeIndex:
        """Every local day inside a window (of one brand, or of all)."""
        w = self.windows if brand is None else self.windows[self.windows["brand"] == brand]
        days = [pd.date_range(s, e, freq="D") for s, e in zip(w["start"], w["end"],
                                                               strict=True)]
        if not days:
            return pd.DatetimeIndex([])
        return days[0].append(days[1:]).unique().sort_values()

    def sentence(self) -> str:
        """One plain sentence about the worst window."""
        if self.windows.empty:
            brands = ", ".join(map(str, self.daily["brand"].unique()))
            return f"No crisis found in the mentions of {brands}."
        w = self.windows.iloc[0]
        more = len(self.windows) - 1
        return (f"{w['brand']}: crisis from {w['start']:%Y-%m-%d} to {w['end']:%Y-%m-%d} "
                f"({int(w['days'])} day{'s' if w['days'] > 1 else ''}, peak on "
                f"{w['peak_day']:%Y-%m-%d}): {int(w['mentions']):,} mentions, "
                f"{ratio_text(w['volume_ratio'])} the usual volume, mean sentiment "
                f"{w['sentiment']:+.2f} against {w['baseline_sentiment']:+.2f} usually"
                + (f"; {more} other window{'s' if more > 1 else ''}." if more else "."))

    def __repr__(self) -> str:
        return f"CrisisReport(windows={len(self.windows)}, tz={self.tz!r})"

    def _repr_html_(self) -> str:
        formats = {"volume_ratio": "{:.2f}", "sentiment": "{:+.2f}",
                   "baseline_sentiment": "{:+.2f}", "sentiment_change": "{:+.2f}",
                   "negative_share": "{:.0%}", "score": "{:.1f}",
                   "baseline_mentions": "{:,.0f}", "mentions": "{:,.0f}"}
        view = self.windows.copy()
        for c in ("start", "end", "peak_day"):
            view[c] = view[c].dt.strftime("%Y-%m-%d")
        return html_block(self.sentence(), view, formats,
                          [*self.notes, f"Days in {self.tz}. Hampel filter over "
                           f"{int(self.params['window'])} days; thresholds: negative-volume z ≥ "
                           f"{self.params['threshold']:g}, sentiment z ≤ "
                           f"−{self.params['sentiment_threshold']:g}."])

    def plot(self, brand: str | None = None, *, ax: Axes | None = None) -> Axes:
        """Daily mentions of one brand with its baseline and the crisis windows shaded.

        Examples
        --------
        >>> import numpy as np, pandas as pd, matplotlib.pyplot as plt
        >>> ts = pd.date_range("2025-01-01", periods=90 * 5, freq="4.8h", tz="UTC")
        >>> m = pd.DataFrame({"ts": ts, "brand": "Acme", "sentiment": 0.3})
        >>> ax = detect_crises(m).plot()
        >>> ax.get_title()
        'Mentions of Acme per day'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        brands = list(self.daily["brand"].unique())
        if brand is None:
            brand = self.windows["brand"].iloc[0] if len(self.windows) else brands[0]
        if brand not in brands:
            raise DataError(f"no brand {brand!r} in the report", column="brand",
                            hint=f"use one of {', '.join(map(str, brands))}")
        d = self.daily[self.daily["brand"] == brand]
        w = self.windows[self.windows["brand"] == brand]
        ax = new_axes(ax)
        return viz.trend(
            d.rename(columns={"day": "date"}), y="mentions", trend="baseline_mentions",
            label="mentions", trend_label="baseline (Hampel)",
            windows=w[["start", "end"]] if len(w) else None,
            title=f"Mentions of {brand} per day", ylabel="Mentions (count per day)",
            xlabel=f"Day ({self.tz})",
            source=f"{self.source}; baseline: Hampel filter, {int(self.params['window'])}-day "
                   "rolling median; shaded: crisis windows", ax=ax)


def _rolling_median(x: pd.Series, window: int) -> pd.Series:
    """Centred rolling median (NaN values ignored)."""
    return x.rolling(window, center=True, min_periods=max(3, window // 4)).median()


def _mad_scale(resid: pd.Series) -> float:
    """1.4826 × the median absolute deviation of the residuals (NaN ignored)."""
    r = resid.dropna().to_numpy(dtype=float)
    if not len(r):
        return float("nan")
    return 1.4826 * float(np.median(np.abs(r - np.median(r))))


def _count_z(counts: pd.Series, window: int, mask: np.ndarray
             ) -> tuple[pd.Series, pd.Series]:
    """Robust z of a daily count (Anscombe scale) and its expected value (baseline).

    Days in ``mask`` (a crisis found by a first pass) are left out of the baseline.
    """
    x = 2.0 * np.sqrt(counts.astype(float) + 0.375)
    ordinary = x.where(~mask)
    # weekday pattern: median departure from a rolling median, per weekday
    dow = counts.index.day_of_week
    effect = ((ordinary - _rolling_median(ordinary, window)).groupby(dow).median()
              .reindex(range(7)).fillna(0.0))
    adj = x - effect.to_numpy()[dow]
    base = _rolling_median(adj.where(~mask), window).interpolate(limit_direction="both")
    # the scale of ordinary days comes from the whole history (a long crisis would
    # inflate a rolling scale); Poisson noise has a scale of 1 on this scale
    scale = max(1.0, np.nan_to_num(_mad_scale(adj - base)))
    z = ((adj - base) / scale).fillna(0.0)
    expected = ((base + effect.to_numpy()[dow]) / 2.0) ** 2 - 0.375
    return z, expected.clip(lower=0)


def _brand_signals(counts: pd.Series, negatives: pd.Series, sent: pd.Series, window: int,
                   min_mentions: int, mask: np.ndarray) -> pd.DataFrame:
    """Hampel-filter signals of one brand's daily volume, negative volume and sentiment."""
    vz, vbase = _count_z(counts, window, mask)
    nz, nbase = _count_z(negatives, window, mask)
    s = sent.where(counts >= min_mentions)
    sbase = _rolling_median(s.where(~mask), window).interpolate(limit_direction="both")
    sscale = max(np.nan_to_num(_mad_scale(s - sbase)), 0.02)
    sz = ((s - sbase) / sscale).fillna(0.0)
    return pd.DataFrame({
        "mentions": counts.astype(float), "negative": negatives.astype(float),
        "sentiment": sent, "baseline_mentions": vbase, "baseline_negative": nbase,
        "baseline_sentiment": sbase, "volume_z": vz, "negative_z": nz, "sentiment_z": sz})


def _windows(sig: pd.DataFrame, t: float, s_t: float, ext: float, gap: int) -> list[list[int]]:
    vz = sig["negative_z"].to_numpy()
    sz = sig["sentiment_z"].to_numpy()
    seed = (vz >= t) & (sz <= -s_t)
    grow = (vz >= ext) & (sz < 0)
    flagged = seed.copy()
    n = len(vz)
    for i in np.flatnonzero(seed):
        j = i - 1
        while j >= 0 and grow[j] and not flagged[j]:
            flagged[j] = True
            j -= 1
        j = i + 1
        while j < n and grow[j] and not flagged[j]:
            flagged[j] = True
            j += 1
    runs: list[list[int]] = []
    for i in np.flatnonzero(flagged):
        if runs and i - runs[-1][1] <= gap + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def detect_crises(
    mentions: pd.DataFrame,
    *,
    brand: str | None = None,
    tz: str | None = None,
    window: int = 29,
    threshold: str | float = "standard",
    sentiment_threshold: float = 2.0,
    extend: float = 2.0,
    min_mentions: int = 3,
    negative: float = NEGATIVE,
) -> CrisisReport:
    """Crisis windows: bursts of mentions that are also more negative than usual.

    Parameters
    ----------
    mentions : DataFrame
        The ``mentions`` table (``ts`` tz-aware, ``sentiment``; ``brand`` to
        tell the client's brand from competitors').
    brand : str, optional
        Only this brand; every brand separately when omitted.
    tz : str, optional
        The client's time zone: days are local days (UTC by default, with a note).
    window : int
        Days of the centred rolling baseline (odd, at least 7).
    threshold : str or float
        Negative-volume z that opens a window: a name of
        :data:`smtools.channel.trends.THRESHOLDS` or a number.
    sentiment_threshold : float
        The sentiment z must be at most minus this on the opening day.
    extend : float
        Neighbouring days join the window while their negative-volume z is at
        least this (and their sentiment is below its baseline).
    min_mentions : int
        Days with fewer mentions have no sentiment signal.
    negative : float
        Sentiment score at or below which a mention counts as negative.

    Returns
    -------
    CrisisReport
        ``.to_frame()`` (windows), ``.daily`` (signals), ``.plot(brand=...)``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> days = pd.date_range("2025-01-01", periods=120, freq="D", tz="Europe/Paris")
    >>> n = rng.poisson(20, len(days)); n[70:74] += 80
    >>> ts = np.repeat(days, n) + pd.Timedelta(hours=12)
    >>> hot = np.repeat((np.arange(len(days)) >= 70) & (np.arange(len(days)) < 74), n)
    >>> m = pd.DataFrame({"ts": ts.tz_convert("UTC"), "brand": "Acme",
    ...                   "sentiment": np.where(hot, -0.7, 0.3) + rng.normal(0, .2, len(ts))})
    >>> r = detect_crises(m, tz="Europe/Paris")
    >>> r.to_frame()[["start", "end", "days"]].astype(str).values.tolist()
    [['2025-03-12', '2025-03-15', '4']]
    """
    t = threshold_value(threshold)
    s_t = threshold_value(sentiment_threshold, parameter="sentiment_threshold")
    ext = threshold_value(extend, parameter="extend")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 7:
        raise DataError(f"parameter window={window!r} must be a whole number of days ≥ 7",
                        column="window", hint="use e.g. 29 (two weeks either side)")
    window = int(window) + (1 - int(window) % 2)
    frame, zone, notes = _mentions(mentions, tz, need=("sentiment",))
    if brand is not None:
        frame = frame[_brand_column(frame) == brand]
        if frame.empty:
            raise DataError(f"no mention of brand {brand!r}", column="brand",
                            hint="check the spelling against the brand column")
    brands = (frame["brand"].astype(object).where(frame["brand"].notna(), "(no brand)")
              if "brand" in frame.columns else pd.Series("(all)", index=frame.index))
    day = frame["ts"].dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    sent = pd.to_numeric(frame["sentiment"], errors="coerce")
    work = pd.DataFrame({"brand": brands.to_numpy(), "day": day.to_numpy(),
                         "sentiment": sent.to_numpy()})
    if work.empty:
        raise DataError("there are no mentions", column="ts", hint=_MENTIONS_HINT)
    full = pd.date_range(work["day"].min(), work["day"].max(), freq="D")
    if len(full) < window:
        notes.append(f"{len(full)} days are fewer than the {window}-day baseline window: "
                     "the baseline is less reliable")
    dailies, rows = [], []
    for name, part in work.groupby("brand", sort=True):
        g = part.groupby("day")
        counts = g.size().reindex(full, fill_value=0)
        mean = g["sentiment"].mean().reindex(full)
        negatives = (part["sentiment"] <= negative).groupby(part["day"]).sum() \
            .reindex(full, fill_value=0)
        # windows are found on a first pass; the baselines reported are then recomputed
        # without the days of the windows
        mask = np.zeros(len(full), dtype=bool)
        sig = _brand_signals(counts, negatives, mean, window, min_mentions, mask)
        found = _windows(sig, t, s_t, ext, gap=1)
        for a, b in found:
            mask[a:b + 1] = True
        if mask.any():
            sig = _brand_signals(counts, negatives, mean, window, min_mentions, mask)
        sig.insert(0, "day", full)
        sig.insert(0, "brand", name)
        sig["flagged"] = False
        for a, b in found:
            block = sig.iloc[a:b + 1]
            sig.iloc[a:b + 1, sig.columns.get_loc("flagged")] = True
            n = float(block["mentions"].sum())
            base_n = float(block["baseline_mentions"].sum())
            mean_s = float(np.nansum(block["sentiment"] * block["mentions"]) / n) \
                if n > 0 else np.nan
            neg = float(block["negative"].sum() / n) if n > 0 else np.nan
            base_s = float(np.nanmedian(block["baseline_sentiment"])) \
                if block["baseline_sentiment"].notna().any() else np.nan
            score = (block["negative_z"] + block["sentiment_z"].abs()).max()
            rows.append({"brand": name, "start": full[a], "end": full[b], "days": b - a + 1,
                         "peak_day": block["day"].iloc[int(np.argmax(block["mentions"]))],
                         "mentions": n, "baseline_mentions": base_n,
                         "volume_ratio": n / base_n if base_n > 0 else np.nan,
                         "sentiment": mean_s, "baseline_sentiment": base_s,
                         "sentiment_change": mean_s - base_s, "negative_share": neg,
                         "score": float(score)})
        dailies.append(sig)
    cols = ["brand", "start", "end", "days", "peak_day", "mentions", "baseline_mentions",
            "volume_ratio", "sentiment", "baseline_sentiment", "sentiment_change",
            "negative_share", "score"]
    windows = pd.DataFrame(rows, columns=cols)
    if len(windows):
        windows = windows.sort_values("score", ascending=False).reset_index(drop=True)
    daily = pd.concat(dailies, ignore_index=True)
    return CrisisReport(windows=windows, daily=daily, tz=zone,
                        params={"window": window, "threshold": t, "sentiment_threshold": s_t,
                                "extend": ext, "min_mentions": min_mentions},
                        source="mentions given", notes=notes)


# --------------------------------------------------------------------------- share of voice
def share_of_voice(mentions: pd.DataFrame, *, by: str | None = None, tz: str | None = None,
                   level: float = 0.95) -> pd.DataFrame:
    """Share of voice per brand: by count of mentions and weighted by their reach.

    Parameters
    ----------
    mentions : DataFrame
        Mentions with a ``brand`` column (the client's brand and competitors');
        ``reach`` for the reach-weighted share.
    by : str, optional
        A column, or a time key (``day``, ``week``, ``month``) of the local
        date of ``ts``: one share per brand and period.
    tz : str, optional
        The client's time zone, for time keys.
    level : float
        Level of the Wilson interval of the count share.

    Returns
    -------
    DataFrame
        ``brand`` (and ``by``), ``mentions``, ``sov`` with ``sov_low`` /
        ``sov_high``, ``reach``, ``sov_reach``, ``notes``.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"brand": ["A", "A", "A", "B"], "reach": [10.0, 10.0, 10.0, 70.0]})
    >>> share_of_voice(m)[["brand", "sov", "sov_reach"]].to_dict("records")
    [{'brand': 'A', 'sov': 0.75, 'sov_reach': 0.3}, {'brand': 'B', 'sov': 0.25, 'sov_reach': 0.7}]
    """
    require_columns(mentions, ["brand"], what="mentions", hint=_MENTIONS_HINT)
    frame = pd.DataFrame({"brand": mentions["brand"].to_numpy()})
    frame["reach"] = (pd.to_numeric(mentions["reach"], errors="coerce").to_numpy()
                      if "reach" in mentions.columns else np.nan)
    keys = ["brand"]
    if by is not None:
        if by in ("day", "week", "month"):
            _, zone, _ = _mentions(mentions, tz, need=())
            local = mentions["ts"].dt.tz_convert(zone).dt.tz_localize(None)
            period = {"day": "D", "week": "W-SUN", "month": "M"}[by]
            frame[by] = local.dt.to_period(period).dt.start_time.to_numpy()
        elif by in mentions.columns:
            frame[by] = mentions[by].to_numpy()
        else:
            raise DataError(f"cannot split share of voice by {by!r}", column="by",
                            hint="use a column of the mentions or day, week, month")
        keys = [by, "brand"]
    g = frame.groupby(keys, dropna=False, sort=True)
    out = g.agg(mentions=("brand", "size"), reach=("reach", lambda r: r.sum(min_count=1)),
                reach_n=("reach", "count")).reset_index()
    part = [by] if by is not None else []
    tot = (out.groupby(part)["mentions"].transform("sum") if part
           else pd.Series(out["mentions"].sum(), index=out.index))
    rtot = (out.groupby(part)["reach"].transform("sum") if part
            else pd.Series(out["reach"].sum(), index=out.index))
    out["sov"] = np.where(tot > 0, out["mentions"] / tot.where(tot > 0, 1), np.nan)
    out["sov_low"], out["sov_high"] = wilson(out["mentions"], tot, level=level)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["sov_reach"] = np.where(rtot > 0, out["reach"] / rtot.where(rtot > 0, 1), np.nan)
    out["notes"] = [
        "sov_reach: no reach reported" if not rt > 0 else
        "sov_reach: this brand's mentions report no reach" if n == 0 else ""
        for rt, n in zip(rtot, out["reach_n"], strict=True)]
    return out.drop(columns="reach_n")


# --------------------------------------------------------------------------- benchmark
@dataclass
class Benchmark:
    """The client's brand against its competitors, one row per brand.

    Attributes
    ----------
    frame : DataFrame
        Per brand: ``mentions``, ``sov`` (with Wilson interval), ``reach``,
        ``sov_reach``, ``positive``, ``neutral``, ``negative``,
        ``net_sentiment`` (the chosen method), ``net_sentiment_total``,
        ``net_sentiment_polarity``, ``positive_share``, ``mean_sentiment`` and,
        when the mentions carry them, ``engagements`` and
        ``engagements_per_mention``.
    """

    frame: pd.DataFrame
    client_brand: str | None
    method: str
    level: float
    source: str
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The benchmark table (index: brand, client's brand first)."""
        return self.frame.copy()

    def sentence(self) -> str:
        """One plain sentence: the client's share of voice and net sentiment vs competitors."""
        f = self.frame
        me = self.client_brand if self.client_brand in f.index else f.index[0]
        row = f.loc[me]
        others = f.drop(index=me)
        if others.empty:
            return (f"{me}: {int(row['mentions']):,} mentions, net sentiment "
                    f"{pct_text(row['net_sentiment'], sign=True)} ({self.method}).")
        rival = others["net_sentiment"].mean()
        return (f"{me} holds {pct_text(row['sov'])} of the voice ({pct_text(row['sov_reach'])}"
                f" weighted by reach) against {len(others)} competitor"
                f"{'s' if len(others) > 1 else ''}; its net sentiment is "
                f"{pct_text(row['net_sentiment'], sign=True)} against "
                f"{pct_text(rival, sign=True)} on average for competitors "
                f"({self.method}: {NET_SENTIMENT_METHODS[self.method][0]}).")

    def __repr__(self) -> str:
        return f"Benchmark(brands={len(self.frame)}, method={self.method!r})"

    def _repr_html_(self) -> str:
        formats = {c: "{:.1%}" for c in self.frame.columns
                   if c.startswith(("sov", "net_sentiment", "positive_share"))}
        formats.update({"mean_sentiment": "{:+.2f}", "mentions": "{:,.0f}",
                        "reach": "{:,.0f}"})
        return html_block(self.sentence(), self.frame.reset_index(), formats,
                          [*self.notes, "Sentiment classes: positive ≥ 0.05, negative ≤ −0.05 "
                           "(VADER thresholds, Hutto & Gilbert 2014)."])

    def plot(self, metric: str = "sov", *, ax: Axes | None = None) -> Axes:
        """Bars of one column by brand (share of voice with its interval by default).

        Examples
        --------
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> m = pd.DataFrame({"brand": ["A", "B", "A"], "sentiment": [0.5, -0.5, 0.1]})
        >>> ax = benchmark(m, brand="A").plot()
        >>> ax.get_ylabel()
        'Share of voice (% of mentions)'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        labels = {"sov": ("Share of voice", "% of mentions"),
                  "sov_reach": ("Reach-weighted share of voice", "% of reach"),
                  "net_sentiment": (f"Net sentiment ({self.method})", "%"),
                  "mentions": ("Mentions", "count"),
                  "mean_sentiment": ("Mean sentiment", "score −1…1")}
        if metric not in labels:
            raise DataError(f"cannot draw {metric!r}", column="metric",
                            hint=f"use one of {', '.join(labels)}")
        name, unit = labels[metric]
        data = self.frame.reset_index()
        ci = metric == "sov"
        colours = [viz.PALETTE[0] if b == self.client_brand or self.client_brand is None
                   else "#9AA5B1" for b in data["brand"]]
        ax = new_axes(ax)
        return viz.interval_bars(
            data, x="brand", y=metric, low="sov_low" if ci else None,
            high="sov_high" if ci else None, title=f"{name} by brand", xlabel="Brand",
            ylabel=f"{name} ({unit})", percent=unit.startswith("%"), colours=colours,
            source=f"{self.source}; {int(self.frame['mentions'].sum()):,} mentions"
                   + (f"; {self.level:.0%} Wilson intervals" if ci else ""), ax=ax)


def benchmark(
    mentions: pd.DataFrame,
    *,
    brand: str | None = None,
    method: str = "total",
    positive: float = POSITIVE,
    negative: float = NEGATIVE,
    level: float = 0.95,
) -> Benchmark:
    """Competitor benchmark from mentions: volume, share of voice, sentiment, engagement.

    Parameters
    ----------
    mentions : DataFrame
        Mentions with ``brand`` and ``sentiment`` (``reach`` and engagement
        columns — ``engagements`` or likes, comments, shares, saves — when present).
    brand : str, optional
        The client's brand (listed first and highlighted).
    method : {"total", "polarity", "positive_share"}
        Net sentiment definition of the ``net_sentiment`` column (all three
        are in the table under their own names).
    positive, negative : float
        Sentiment score thresholds of the classes.
    level : float
        Level of the share-of-voice intervals.

    Returns
    -------
    Benchmark

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"brand": ["A"] * 4 + ["B"] * 2,
    ...                   "sentiment": [0.6, 0.6, -0.4, 0.0, 0.5, -0.5]})
    >>> b = benchmark(m, brand="A")
    >>> b.to_frame()[["mentions", "sov", "net_sentiment"]].round(2)
           mentions   sov  net_sentiment
    brand
    A             4  0.67           0.25
    B             2  0.33           0.00
    """
    from smtools.channel._common import ENGAGEMENT_PARTS, engagements

    if method not in NET_SENTIMENT_METHODS:
        raise DataError(f"unknown net sentiment method {method!r}", column="method",
                        hint="use 'total', 'polarity' or 'positive_share'")
    require_columns(mentions, ["brand", "sentiment"], what="mentions", hint=_MENTIONS_HINT)
    if brand is not None and not (mentions["brand"] == brand).any():
        raise DataError(f"no mention of brand {brand!r}", column="brand",
                        hint="check the spelling against the brand column")
    sov = share_of_voice(mentions, level=level).set_index("brand")
    cls = pd.Series(classify_sentiment(mentions["sentiment"], positive=positive,
                                       negative=negative), index=mentions.index)
    counts = (pd.crosstab(mentions["brand"], cls).reindex(columns=["positive", "neutral",
                                                                   "negative"], fill_value=0)
              .reindex(sov.index, fill_value=0))
    out = sov[["mentions", "sov", "sov_low", "sov_high", "reach", "sov_reach"]].join(counts)
    p, n, u = (out[c].to_numpy(dtype=float) for c in ("positive", "negative", "neutral"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for m in NET_SENTIMENT_METHODS:
            col = "positive_share" if m == "positive_share" else f"net_sentiment_{m}"
            out[col] = net_sentiment(p, n, u, method=m)
    out["net_sentiment"] = out["positive_share" if method == "positive_share"
                               else f"net_sentiment_{method}"]
    out["mean_sentiment"] = pd.to_numeric(mentions["sentiment"], errors="coerce").groupby(
        mentions["brand"]).mean().reindex(out.index)
    if "engagements" in mentions.columns or any(c in mentions.columns
                                                for c in ENGAGEMENT_PARTS):
        eng = engagements(mentions).groupby(mentions["brand"]).sum(min_count=1)
        out["engagements"] = eng.reindex(out.index)
        out["engagements_per_mention"] = out["engagements"] / out["mentions"]
    notes = []
    for b, row in out.iterrows():
        if not row["positive"] + row["negative"] > 0:
            notes.append(f"{b}: no positive or negative mention, net sentiment "
                         "(polarity, positive_share) is NaN")
    rivals = out.drop(index=brand) if brand is not None else out
    order = ([brand] if brand is not None else []) + list(
        rivals.sort_values("mentions", ascending=False, kind="stable").index)
    out = out.loc[order]
    out.index.name = "brand"
    return Benchmark(frame=out, client_brand=brand, method=method, level=level,
                     source="mentions given", notes=notes)
