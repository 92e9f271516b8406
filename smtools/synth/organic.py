"""The ``posts`` table: organic posts with a known engagement model.

.. code-block:: text

    engagements = round(followers · base_rate · slot[weekday, hour] · format_effect
                        · pillar_effect · noise),   noise = exp(σ·z − σ²/2), mean 1

with ``engagements = likes + comments + shares + saves + clicks`` (a
multinomial split), ``weekday``/``hour`` in the client's local time. The slot
effect is a smooth day × hour pattern (values about 0.75–1.35) with one clear
best slot, 2.2–2.6 times the best of the rest; it is scaled to mean 1 over the
posting hours 07:00–23:59. Posts go out every day of the week between 07:00
and 23:59 local time; every weekday × hour cell of that window holds at least
three posts.

Examples
--------
>>> POST_HOURS
(7, 23)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import OrganicChannel, Profile

__all__ = ["ENGAGEMENT_DOC", "POST_HOURS", "follower_series", "posts_table", "slot_effects"]

#: First and last local hour at which posts are published.
POST_HOURS = (7, 23)
ENGAGEMENT_DOC = (
    "engagements = likes + comments + shares + saves + clicks = round(followers * base_rate "
    "* slot_effect[weekday][hour] * format_effect[format] * pillar_effect[pillar] * noise), "
    "noise = exp(sigma * z - sigma**2 / 2); weekday 0 = Monday and hour in the client's "
    "local time")
#: Hashtag appended to posts, per archetype and channel.
_HASHTAGS = {("restaurant", "instagram"): " #bonneadresse", ("fashion", "instagram"): " #ootd",
             ("fashion", "tiktok"): " #fyp #ootd", ("b2b", "linkedin"): " #smallbusiness"}
_REACH_FORMAT = {"reel": 1.5, "video": 1.3, "short": 1.6, "carousel": 1.1, "link": 0.8}
_SIGMA = 0.25


def slot_effects(oc: OrganicChannel, rng: np.random.Generator) -> np.ndarray:
    """The 7 × 24 slot effect of a channel (Monday first, hours 0–23, local time).

    Parameters
    ----------
    oc : OrganicChannel
        Its day pattern, hour peaks and best slot.
    rng : numpy.random.Generator
        Jitters the smooth pattern and the height of the best slot.

    Returns
    -------
    ndarray, shape (7, 24)
        Mean 1 over the posting hours; the best slot is the unique maximum,
        2.2–2.6 times the highest other cell of the posting window.

    Examples
    --------
    >>> from smtools.synth.archetypes import BISTRO
    >>> grid = slot_effects(BISTRO.organic[1], np.random.default_rng(0))
    >>> [int(i) for i in np.unravel_index(grid.argmax(), grid.shape)]
    [3, 19]
    """
    lo, hi = POST_HOURS
    hours = np.arange(24.0)
    hour = np.full(24, 0.25)
    for centre, height in oc.hour_peaks:
        hour += height * np.exp(-((hours - centre - rng.uniform(-0.5, 0.5)) ** 2) / 8.0)
    day = np.asarray(oc.day_pattern) * rng.lognormal(0.0, 0.03, 7)
    z = np.log(np.outer(day, hour))
    z -= z[:, lo:hi + 1].mean()
    grid = np.exp(0.3 * z / np.abs(z[:, lo:hi + 1]).max())
    d, h = oc.best_slot
    grid[d, h] = rng.uniform(2.2, 2.6) * grid[:, lo:hi + 1].max()
    grid /= grid[:, lo:hi + 1].mean()
    return np.round(grid, 4)


def follower_series(oc: OrganicChannel, rng: np.random.Generator) -> np.ndarray:
    """Daily followers over the history: steady growth with small noise, never falling.

    Examples
    --------
    >>> from smtools.synth.archetypes import BISTRO
    >>> f = follower_series(BISTRO.organic[0], np.random.default_rng(0))
    >>> bool(f[0] == 2600 and (np.diff(f) >= 0).all())
    True
    """
    n = len(calendar.history_dates())
    t = np.arange(n)
    walk = np.cumsum(rng.normal(0.0, 0.002, n))
    walk -= walk[0]
    growth = oc.growth * rng.uniform(0.8, 1.2)
    return np.maximum.accumulate(np.round(oc.followers * np.exp(growth * t / 365 + walk)))


def _schedule(oc: OrganicChannel, grid: np.ndarray, rng: np.random.Generator, n: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weekday, hour and history day of ``n`` posts; every window cell gets three first."""
    lo, hi = POST_HOURS
    cells = np.array([(d, h) for d in range(7) for h in range(lo, hi + 1)])
    pref = grid[cells[:, 0], cells[:, 1]] ** 0.5
    pref[(cells[:, 0] == oc.best_slot[0]) & (cells[:, 1] == oc.best_slot[1])] *= 1.3
    sure = np.tile(np.arange(len(cells)), 3)
    extra = rng.choice(len(cells), n - len(sure), p=pref / pref.sum())
    chosen = cells[np.concatenate([sure, extra])]
    weekday, hour = chosen[:, 0], chosen[:, 1]
    dates = calendar.history_dates()
    first = np.array([int(np.argmax(dates.day_of_week == w)) for w in range(7)])
    count = (len(dates) - first + 6) // 7
    day = first[weekday] + 7 * rng.integers(0, count[weekday])
    return weekday, hour, day


def posts_table(profile: Profile, rng: np.random.Generator
                ) -> tuple[pd.DataFrame, dict, dict[str, float]]:
    """Organic posts of every organic channel of the client, with the truth of their model.

    Returns
    -------
    frame : DataFrame
        Canonical ``posts`` columns.
    truth : dict
        ``engagement_model``, ``noise_sigma``, ``pillar_effect`` and, under
        ``channels``, per channel: ``best_slot`` (``weekday`` name, ``hour``),
        ``slot_effect`` (7 × 24 list, Monday first), ``format_effect``,
        ``base_rate``, ``reach_rate``, ``posts``, ``followers_start`` and
        ``followers_end``.
    followers : dict
        Followers of each channel on the last day (for the audience table).

    Examples
    --------
    >>> from smtools.synth.archetypes import CLOUDLEDGER
    >>> f, truth, fol = posts_table(CLOUDLEDGER, np.random.default_rng(0))
    >>> truth["channels"]["linkedin"]["best_slot"]
    {'weekday': 'Tuesday', 'hour': 8}
    """
    tz = profile.timezone
    dates = calendar.history_dates()
    pillar_effect = {p.name: round(float(p.effect * rng.lognormal(0.0, 0.05)), 3)
                     for p in profile.pillars}
    pillar_names = np.array([p.name for p in profile.pillars], dtype=object)
    pillar_share = np.array([p.share for p in profile.pillars])
    frames, channels, followers_end = [], {}, {}
    for oc in profile.organic:
        grid = slot_effects(oc, rng)
        followers = follower_series(oc, rng)
        n = round(oc.posts_per_day * len(dates) * float(rng.uniform(0.92, 1.08)))
        weekday, hour, day = _schedule(oc, grid, rng, n)
        minute = rng.integers(0, 60, n)
        local = (dates[day] + pd.to_timedelta(hour * 60 + minute, unit="min")
                 + pd.to_timedelta(rng.integers(0, 60, n), unit="s"))
        published = local.tz_localize(tz).tz_convert("UTC")
        fmt_names = np.array([f for f, _, _ in oc.formats], dtype=object)
        fmt_share = np.array([s for _, s, _ in oc.formats])
        fmt_effect = {f: round(float(e * rng.lognormal(0.0, 0.05)), 3) for f, _, e in oc.formats}
        fi = rng.choice(len(fmt_names), n, p=fmt_share / fmt_share.sum())
        pi = rng.choice(len(pillar_names), n, p=pillar_share / pillar_share.sum())
        fol = followers[day]
        base_rate = round(float(oc.base_rate * rng.uniform(0.85, 1.15)), 5)
        mean = (fol * base_rate * grid[weekday, hour]
                * np.array([fmt_effect[f] for f in fmt_names])[fi]
                * np.array([pillar_effect[p] for p in pillar_names])[pi])
        engagements = np.round(mean * rng.lognormal(-_SIGMA ** 2 / 2, _SIGMA, n))
        split = np.asarray(oc.split) / np.sum(oc.split)
        parts = rng.multinomial(engagements.astype(np.int64), split).astype(float)
        reach_fmt = np.array([_REACH_FORMAT.get(f, 1.0) for f in fmt_names])[fi]
        reach = np.maximum(np.round(fol * oc.reach_rate * reach_fmt
                                    * rng.lognormal(-0.02, 0.2, n)), 1.0)
        impressions = np.ceil(reach * rng.uniform(1.05, 1.6, n))
        video = np.isin(fmt_names[fi], ("video", "reel", "short"))
        views = rng.binomial(impressions.astype(np.int64), rng.uniform(0.3, 0.6, n))
        texts = np.array([t for p in profile.pillars for t in p.texts], dtype=object)
        offsets = np.cumsum([0] + [len(p.texts) for p in profile.pillars])
        counts = np.diff(offsets)
        ti = offsets[pi] + (rng.random(n) * counts[pi]).astype(np.int64)
        order = np.argsort(published.asi8, kind="stable")
        post_ids = (10 ** 15 + np.cumsum(rng.integers(1, 10 ** 9, n))).astype(np.int64)
        frame = pd.DataFrame({
            "client": profile.slug,
            "channel": oc.channel,
            "published_at": published[order],
            "format": fmt_names[fi][order],
            "pillar": pillar_names[pi][order],
            "text": pd.Series(texts[ti][order]) + _HASHTAGS.get((profile.archetype, oc.channel),
                                                                ""),
            "impressions": impressions[order],
            "reach": reach[order],
            "likes": parts[order, 0],
            "comments": parts[order, 1],
            "shares": parts[order, 2],
            "saves": parts[order, 3],
            "clicks": parts[order, 4],
            "video_views": np.where(video, views, np.nan)[order],
            "followers": fol[order].astype(float),
        })
        frame.insert(1, "post_id", np.char.mod("%d", post_ids))
        frames.append(frame)
        d, h = oc.best_slot
        channels[oc.channel] = {
            "best_slot": {"weekday": calendar.WEEKDAYS[d], "hour": int(h)},
            "slot_effect": grid.tolist(),
            "format_effect": fmt_effect,
            "base_rate": base_rate,
            "reach_rate": oc.reach_rate,
            "posts": n,
            "followers_start": float(followers[0]),
            "followers_end": float(followers[-1]),
        }
        followers_end[oc.channel] = float(followers[-1])
    truth = {"engagement_model": ENGAGEMENT_DOC, "noise_sigma": _SIGMA,
             "posting_hours": list(POST_HOURS), "pillar_effect": pillar_effect,
             "channels": channels}
    return pd.concat(frames, ignore_index=True), truth, followers_end
