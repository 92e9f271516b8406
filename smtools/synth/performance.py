"""The ``performance`` table: what the ad platforms report for the spend plan.

Per row (day × channel × campaign × ad group × creative): impressions from
spend and a noisy CPM (or, for search, clicks from spend and a noisy CPC and
impressions from a CTR), reach from a daily frequency of 1.1–2, clicks,
engagements, video views for video formats, and platform-attributed
conversions and revenue. Platforms over-attribute: the revenue they report is
the channel's true contribution that day times a factor of 1.2–2 (drawn per
channel, recorded in the truth) with noise.

Examples
--------
>>> VIDEO_FORMATS
('video', 'reel', 'short')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import Profile
from smtools.synth.spend import SpendPlan

__all__ = ["VIDEO_FORMATS", "performance_table"]

#: Formats that report video views.
VIDEO_FORMATS = ("video", "reel", "short")

_CPM_FORMAT = {"video": 0.85, "reel": 0.9, "short": 0.8, "carousel": 1.05, "document": 1.1}
_CTR_FORMAT = {"video": 0.7, "reel": 0.8, "carousel": 1.2, "document": 1.3}
_ENGAGE = {"video": 0.02, "reel": 0.025, "short": 0.02, "carousel": 0.015, "image": 0.01,
           "document": 0.012}


def _noise(rng: np.random.Generator, sigma: float, n: int) -> np.ndarray:
    """Log-normal noise with mean 1."""
    return rng.lognormal(-sigma ** 2 / 2, sigma, n)


def performance_table(profile: Profile, plan: SpendPlan, contributions: np.ndarray,
                      rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Platform metrics for every row of the spend plan.

    Parameters
    ----------
    profile : Profile
        The client.
    plan : SpendPlan
        Its media plan (rows with spend).
    contributions : ndarray, shape (730, n_channels)
        True daily contribution of each channel (see :mod:`smtools.synth.media`).
    rng : numpy.random.Generator
        The client's ``performance`` stream.

    Returns
    -------
    frame : DataFrame
        Canonical ``performance`` columns.
    attribution : dict
        Per channel: the over-attribution ``factor`` drawn, the
        ``reported_revenue`` and ``reported_conversions`` summed over rows,
        and ``reported_over_true`` (reported revenue / true contribution).

    Examples
    --------
    >>> from smtools.synth.profiles import profile_for
    >>> from smtools.synth.spend import plan_spend
    >>> p = profile_for("bistro-lumiere")
    >>> plan = plan_spend(p, np.random.default_rng(0))
    >>> f, att = performance_table(p, plan, plan.daily * 2.0, np.random.default_rng(0))
    >>> bool((f["clicks"] <= f["impressions"]).all() and (f["reach"] <= f["impressions"]).all())
    True
    """
    rows = plan.rows
    n = len(rows)
    dates = calendar.history_dates()
    day = rows["day"].to_numpy()
    j = pd.Categorical(rows["channel"], categories=plan.channels).codes.astype(np.int64)
    spend = rows["spend"].to_numpy(dtype=float)
    fmt = rows["format"].to_numpy(dtype=object)
    paid = profile.paid
    cost = np.array([pc.cost for pc in paid])[j]
    ctr = np.array([pc.ctr for pc in paid])[j]
    is_cpc = np.array([pc.pricing == "cpc" for pc in paid])[j]
    md = dates.strftime("%m-%d").to_numpy()[day]
    season = np.where((md >= "11-15") & (md <= "12-24"), 1.25, 1.0)

    cpm_fmt = np.array([_CPM_FORMAT.get(f, 1.0) for f in fmt])
    ctr_fmt = np.array([_CTR_FORMAT.get(f, 1.0) for f in fmt])
    row_ctr = np.minimum(ctr * ctr_fmt * _noise(rng, 0.15, n), 0.5)
    price = cost * season * _noise(rng, 0.12, n)
    # social (CPM): impressions from spend, clicks drawn from impressions
    imp_cpm = np.round(spend / (price * cpm_fmt) * 1000.0)
    clicks_cpm = rng.binomial(imp_cpm.astype(np.int64), row_ctr).astype(float)
    # search (CPC): clicks from spend, impressions from clicks
    clicks_cpc = np.round(spend / price)
    imp_cpc = np.maximum(np.round(clicks_cpc / row_ctr), clicks_cpc)
    impressions = np.where(is_cpc, imp_cpc, imp_cpm)
    clicks = np.where(is_cpc, clicks_cpc, clicks_cpm)
    frequency = rng.uniform(1.1, 2.0, n)
    reach = np.minimum(np.maximum(np.round(impressions / frequency), np.minimum(impressions, 1)),
                       impressions)
    engage = np.array([_ENGAGE.get(f, 0.01) for f in fmt]) * _noise(rng, 0.2, n)
    extra = rng.binomial(impressions.astype(np.int64), np.minimum(engage, 0.5)).astype(float)
    engagements = np.where(is_cpc, clicks, clicks + extra)
    video = np.isin(fmt, VIDEO_FORMATS)
    view_rate = np.minimum(0.25 * _noise(rng, 0.25, n), 0.9)
    views = rng.binomial(impressions.astype(np.int64), view_rate).astype(float)
    video_views = np.where(video, views, np.nan)

    factor = np.array([round(float(rng.uniform(*pc.over_attribution)), 3) for pc in paid])
    share_of_day = spend / plan.daily[day, j]
    expected = contributions[day, j] * share_of_day * factor[j] * _noise(rng, 0.3, n)
    unit = profile.outcome.unit_value
    conversions = rng.poisson(expected / unit).astype(float)
    revenue = np.round(conversions * unit * _noise(rng, 0.15, n), 2)

    frame = pd.DataFrame({
        "client": profile.slug,
        "date": dates[day],
        "channel": rows["channel"].to_numpy(),
        "campaign": rows["campaign"].to_numpy(),
        "ad_group": rows["ad_group"].to_numpy(),
        "creative": rows["creative"].to_numpy(),
        "format": fmt,
        "objective": rows["objective"].to_numpy(),
        "media_type": "paid",
        "impressions": impressions,
        "reach": reach,
        "clicks": clicks,
        "engagements": engagements,
        "video_views": video_views,
        "spend": spend,
        "conversions": conversions,
        "revenue": revenue,
        "currency": profile.currency,
    })
    attribution = {}
    for k, c in enumerate(plan.channels):
        mask = j == k
        reported = float(revenue[mask].sum())
        attribution[c] = {
            "factor": float(factor[k]),
            "reported_revenue": reported,
            "reported_conversions": float(conversions[mask].sum()),
            "reported_over_true": reported / float(contributions[:, k].sum()),
        }
    return frame, attribution
