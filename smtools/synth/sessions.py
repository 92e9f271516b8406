"""The ``sessions`` table: a small GA4-like daily view of the web site's traffic.

Rows per day: one per paid channel × campaign (sessions = landed ad clicks),
one per organic social account (``organic_social``, from post clicks),
organic search and direct. About 85 % of the day's orders or leads are
tracked and spread over that day's rows in proportion to sessions (paid and
direct convert a little better), with the day's average order value.

Examples
--------
>>> SOURCES["google_search"]
('google', 'cpc')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import Profile

__all__ = ["SOURCES", "sessions_table"]

#: Paid channel → (GA4 source, medium).
SOURCES: dict[str, tuple[str, str]] = {
    "facebook": ("facebook", "paid_social"), "instagram": ("instagram", "paid_social"),
    "tiktok": ("tiktok", "paid_social"), "pinterest": ("pinterest", "paid_social"),
    "linkedin": ("linkedin", "paid_social"), "youtube": ("youtube", "paid_video"),
    "google_search": ("google", "cpc"),
}


def sessions_table(profile: Profile, performance: pd.DataFrame, posts: pd.DataFrame,
                   outcomes: pd.DataFrame, base: np.ndarray, rng: np.random.Generator
                   ) -> tuple[pd.DataFrame, dict]:
    """Daily sessions by source / medium / campaign, with tracked conversions and revenue.

    Parameters
    ----------
    profile : Profile
        The client.
    performance, posts, outcomes : DataFrame
        The client's generated tables (clicks and the day's results come from them).
    base : ndarray, shape (730,)
        Baseline revenue per day (drives organic search and direct traffic).
    rng : numpy.random.Generator
        The client's ``sessions`` stream.

    Returns
    -------
    frame : DataFrame
        Canonical ``sessions`` columns.
    truth : dict
        ``landing_rate`` per paid channel, ``tracking_coverage`` and
        ``sessions_per_conversion`` of organic traffic.

    Examples
    --------
    >>> import smtools.synth as synth
    >>> d = synth.generate("bistro-lumiere")
    >>> sorted(d.tables["sessions"]["medium"].unique().tolist())
    ['(none)', 'cpc', 'organic', 'organic_social', 'paid_social']
    """
    dates = calendar.history_dates()
    n_days = len(dates)
    unit = profile.outcome.unit_value
    landing = {pc.channel: round(float(rng.uniform(0.7, 0.9)), 3) for pc in profile.paid}
    paid = (performance.assign(day=(performance["date"] - dates[0]).dt.days)
            .groupby(["day", "channel", "campaign"], as_index=False)["clicks"].sum())
    rate = paid["channel"].map(landing).to_numpy(dtype=float)
    paid_sessions = rng.binomial(paid["clicks"].to_numpy(dtype=np.int64), rate)
    src = np.array([SOURCES.get(c, (c, "paid")) for c in paid["channel"]], dtype=object)

    local = posts["published_at"].dt.tz_convert(profile.timezone).dt.tz_localize(None)
    post_day = (local.dt.normalize() - dates[0]).dt.days.to_numpy()
    per_org = []
    for oc in profile.organic:
        sel = (posts["channel"] == oc.channel).to_numpy()
        clicks = np.bincount(post_day[sel], weights=posts["clicks"].to_numpy()[sel],
                             minlength=n_days)
        per_org.append(rng.poisson(clicks * 0.9 + 2.0))
    per_conv = round(float(rng.uniform(18, 30)), 2)
    organic = rng.poisson(base / unit * per_conv * 0.6)
    direct = rng.poisson(base / unit * per_conv * 0.3)

    day = np.concatenate([paid["day"].to_numpy(), *[np.arange(n_days)] * (len(per_org) + 2)])
    sessions = np.concatenate([paid_sessions, *per_org, organic, direct]).astype(float)
    source = np.concatenate([src[:, 0], *[np.full(n_days, oc.channel, dtype=object)
                                          for oc in profile.organic],
                             np.full(n_days, "google", dtype=object),
                             np.full(n_days, "(direct)", dtype=object)])
    medium = np.concatenate([src[:, 1], np.full(n_days * len(per_org), "organic_social",
                                                dtype=object),
                             np.full(n_days, "organic", dtype=object),
                             np.full(n_days, "(none)", dtype=object)])
    campaign = np.concatenate([paid["campaign"].to_numpy(dtype=object),
                               np.full(n_days * (len(per_org) + 1), "(organic)", dtype=object),
                               np.full(n_days, "(direct)", dtype=object)])
    channel = np.concatenate([paid["channel"].to_numpy(dtype=object),
                              *[np.full(n_days, oc.channel, dtype=object)
                                for oc in profile.organic],
                              np.full(n_days, "organic_search", dtype=object),
                              np.full(n_days, "direct", dtype=object)])
    n_paid = len(paid)
    weight = sessions * np.concatenate([np.full(n_paid, 1.2),
                                        np.full(len(sessions) - n_paid - n_days, 1.0),
                                        np.full(n_days, 1.5)])
    day_weight = np.bincount(day, weights=weight, minlength=n_days)
    out = outcomes.pivot(index="date", columns="kpi", values="value").reindex(dates)
    count = out[profile.outcome.kpi].to_numpy()
    revenue = out["revenue"].to_numpy()
    coverage = 0.85
    share = np.divide(weight, day_weight[day], out=np.zeros_like(weight),
                      where=day_weight[day] > 0)
    conversions = np.minimum(rng.poisson(count[day] * coverage * share), sessions)
    value = np.divide(revenue, count, out=np.full(n_days, unit), where=count > 0)
    engaged = rng.binomial(sessions.astype(np.int64), rng.uniform(0.55, 0.7, len(sessions)))
    frame = pd.DataFrame({
        "client": profile.slug,
        "date": dates[day],
        "source": source,
        "medium": medium,
        "campaign": campaign,
        "channel": channel,
        "sessions": sessions,
        "engaged_sessions": engaged.astype(float),
        "conversions": conversions,
        "revenue": np.round(conversions * value[day], 2),
        "currency": profile.currency,
    })
    frame = frame[frame["sessions"] > 0].sort_values(["date", "source", "medium", "campaign"])
    truth = {"landing_rate": landing, "tracking_coverage": coverage,
             "sessions_per_conversion": per_conv}
    return frame.reset_index(drop=True), truth
