"""Per-candidate measures from recent posts: engagement, its interval and fraud signals.

Engagement rate
    (likes + comments) ÷ followers at publication, summed over the recent
    posts (ratio of sums). Interval: percentile bootstrap over posts (1,000
    resamples, fixed seed, so results repeat). The *typical* rate used for
    scoring drops the top 10% of posts by per-post rate (at least one post
    from 10 posts), so a few boosted posts cannot carry the score.
Fraud signals (each a named flag with its figure and a weight)
    ``growth_jump`` (0.5): the largest follower increase between two posts,
    as a daily rate, has a robust z-score ≥ 8 (median and 1.4826 × MAD of the
    account's own daily rates, MAD floored at 0.05 %/day) **and** adds ≥ 10%
    followers.
    ``low_engagement`` (0.35): typical rate below 0.35 × the norm of the
    network and band.
    ``comment_ratio`` (0.35): comments per like at least 3 times above or
    below the median of the same network's candidates, with a robust z ≥ 3.5
    on the log ratio.
    ``concentration`` (0.35): the top 20% of posts hold ≥ 50% of the
    engagements (from 8 posts).
    Fraud risk = min(1, sum of the weights of the raised flags).

Examples
--------
>>> import pandas as pd
>>> posts = pd.DataFrame({"handle": ["a"] * 10, "network": ["instagram"] * 10,
...     "published_at": pd.date_range("2026-06-01", periods=10, freq="3D", tz="UTC"),
...     "followers": [1000.0] * 9 + [1500.0], "likes": [40.0] * 10, "comments": [2.0] * 10})
>>> m = measure(posts)
>>> round(m["engagement_rate"].item(), 4), m["growth_jump"].item()
(0.04, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["FLAG_WEIGHTS", "THRESHOLDS", "flags_for", "measure"]

#: Weight of each fraud flag in the fraud risk.
FLAG_WEIGHTS: dict[str, float] = {"growth_jump": 0.5, "low_engagement": 0.35,
                                  "comment_ratio": 0.35, "concentration": 0.35}
#: Thresholds of the fraud signals (see the module docstring).
THRESHOLDS: dict[str, float] = {
    "growth_z": 8.0, "growth_min_jump": 0.10, "growth_mad_floor": 0.0005,
    "low_engagement": 0.35, "comment_factor": 3.0, "comment_z": 3.5, "comment_mad_floor": 0.15,
    "concentration_share": 0.5, "concentration_top": 0.2, "concentration_min_posts": 8,
    "trim": 0.1, "min_posts": 5,
}
_BOOT = 1000


def _bootstrap(e: np.ndarray, f: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    n = len(e)
    idx = rng.integers(0, n, size=(_BOOT, n))
    rates = e[idx].sum(axis=1) / f[idx].sum(axis=1)
    lo, hi = np.percentile(rates, [2.5, 97.5])
    return float(lo), float(hi)


def _one(grp: pd.DataFrame, th: dict[str, float]) -> dict[str, object]:
    g = grp.sort_values("published_at")
    e = (g["likes"].to_numpy(float) + g["comments"].to_numpy(float))
    f = g["followers"].to_numpy(float)
    n = len(g)
    out: dict[str, object] = {"posts": n}
    if n < th["min_posts"] or f.sum() <= 0:
        out.update(engagement_rate=np.nan, er_low=np.nan, er_high=np.nan, typical_rate=np.nan,
                   mean_post_rate=np.nan, comments_per_like=np.nan, top_share=np.nan,
                   growth_z=np.nan, growth_jump_size=np.nan, growth_jump_at="",
                   growth_jump=False, concentration=False, median_views=np.nan)
        return out
    rng = np.random.default_rng(0)
    er = e.sum() / f.sum()
    lo, hi = _bootstrap(e, f, rng)
    per = e / f
    k = int(np.floor(n * th["trim"])) if n >= 10 else 0
    keep = np.argsort(per)[: n - k] if k else np.arange(n)
    typical = e[keep].sum() / f[keep].sum()
    likes = g["likes"].to_numpy(float).sum()
    cpl = g["comments"].to_numpy(float).sum() / likes if likes > 0 else np.nan
    top_n = max(1, int(np.ceil(n * th["concentration_top"])))
    top_share = np.sort(e)[::-1][:top_n].sum() / e.sum() if e.sum() > 0 else np.nan
    t = g["published_at"]
    days = np.maximum((t.diff().dt.total_seconds() / 86400).to_numpy()[1:], 1.0)
    rel = f[1:] / f[:-1] - 1
    rate = rel / days
    if len(rate) >= 3:
        med = np.median(rate)
        mad = max(1.4826 * np.median(np.abs(rate - med)), th["growth_mad_floor"])
        z = (rate - med) / mad
        j = int(np.argmax(z))
        gz, jump = float(z[j]), float(rel[j])
        when = f"{t.iloc[j]:%d %b}–{t.iloc[j + 1]:%d %b %Y}"
    else:
        gz, jump, when = np.nan, np.nan, ""
    views = g["views"].to_numpy(float) if "views" in g.columns else np.array([np.nan])
    out.update(
        engagement_rate=er, er_low=lo, er_high=hi, typical_rate=typical,
        mean_post_rate=float(per.mean()), comments_per_like=cpl, top_share=top_share,
        growth_z=gz, growth_jump_size=jump, growth_jump_at=when,
        growth_jump=bool(np.isfinite(gz) and gz >= th["growth_z"]
                         and jump >= th["growth_min_jump"]),
        concentration=bool(n >= th["concentration_min_posts"]
                           and top_share >= th["concentration_share"]),
        median_views=float(np.nanmedian(views)) if np.isfinite(views).any() else np.nan,
    )
    return out


def measure(posts: pd.DataFrame, *, thresholds: dict[str, float] | None = None) -> pd.DataFrame:
    """Engagement, interval, follower growth and concentration per (network, handle).

    Parameters
    ----------
    posts : DataFrame
        ``influencer_posts`` rows: ``network``, ``handle``, ``published_at``,
        ``followers``, ``likes``, ``comments`` (``views`` optional).
    thresholds : dict, optional
        Override entries of :data:`THRESHOLDS`.

    Returns
    -------
    DataFrame
        One row per candidate: ``posts``, ``engagement_rate`` (ratio of
        sums), ``er_low``/``er_high`` (95% bootstrap interval),
        ``typical_rate`` (top 10% of posts dropped), ``mean_post_rate`` (mean
        of per-post rates, for reference), ``comments_per_like``,
        ``top_share``, ``growth_z``, ``growth_jump_size``, ``growth_jump_at``,
        ``growth_jump``, ``concentration``, ``median_views``.
    """
    th = {**THRESHOLDS, **(thresholds or {})}
    rows = []
    for (net, handle), grp in posts.groupby(["network", "handle"], sort=True):
        rows.append({"network": net, "handle": handle, **_one(grp, th)})
    return pd.DataFrame(rows)


def flags_for(measures: pd.DataFrame, norm_rates: pd.Series, *,
              thresholds: dict[str, float] | None = None) -> pd.DataFrame:
    """Add ``low_engagement`` and ``comment_ratio`` flags and the fraud ``risk``.

    Parameters
    ----------
    measures : DataFrame
        Output of :func:`measure`.
    norm_rates : Series
        Engagement norm of each row (same index).
    thresholds : dict, optional
        Override entries of :data:`THRESHOLDS`.

    Returns
    -------
    DataFrame
        ``measures`` with ``low_engagement``, ``comment_ratio``,
        ``comments_per_like_typical`` (median of the network's candidates),
        ``comment_z``, ``risk`` and ``flags`` (names, comma-separated).

    Examples
    --------
    >>> m = pd.DataFrame({"network": ["x"] * 6, "typical_rate": [0.01] * 6,
    ...     "comments_per_like": [0.02, 0.021, 0.019, 0.02, 0.022, 0.001],
    ...     "growth_jump": [False] * 6, "concentration": [False] * 6})
    >>> flags_for(m, pd.Series([0.01] * 6))["flags"].tolist()[-1]
    'comment_ratio'
    """
    th = {**THRESHOLDS, **(thresholds or {})}
    out = measures.copy()
    out["low_engagement"] = (out["typical_rate"] < th["low_engagement"] * norm_rates).fillna(
        False).astype(bool)
    log_c = np.log(out["comments_per_like"].where(out["comments_per_like"] > 0))
    med = log_c.groupby(out["network"]).transform("median")
    mad = (log_c - med).abs().groupby(out["network"]).transform("median") * 1.4826
    mad = mad.clip(lower=th["comment_mad_floor"])
    z = (log_c - med) / mad
    out["comments_per_like_typical"] = np.exp(med)
    out["comment_z"] = z
    out["comment_ratio"] = ((z.abs() >= th["comment_z"])
                            & ((log_c - med).abs() >= np.log(th["comment_factor"]))).fillna(
        False).astype(bool)
    risk = np.zeros(len(out))
    names = [[] for _ in range(len(out))]
    for flag, weight in FLAG_WEIGHTS.items():
        hit = out[flag].to_numpy(bool)
        risk += weight * hit
        for i in np.flatnonzero(hit):
            names[i].append(flag)
    out["risk"] = np.minimum(risk, 1.0)
    out["flags"] = [", ".join(n) for n in names]
    return out
