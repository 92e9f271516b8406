"""The ``journeys`` table: users' touches across the paid channels and their conversions.

Each user has 1–6 touches over the weeks before their last touch (days drawn
in proportion to the channels' clicks, so journeys follow the media plan;
touches before 2024-11-01 are cut off). A user converts with probability

.. code-block:: text

    p = 1 − (1 − p0) · Π_c (1 − e_c) ** n_c

where ``n_c`` is the number of the user's touches from channel ``c``
(``p0`` is the chance of converting without any ad, ``e_c`` the effect of
one touch). A conversion row (``event = "conversion"``, no channel, a value
in the client's currency) follows the last touch.

The truth holds ``p0``, every ``e_c`` and the exact expected *removal effect*
of each channel over the simulated touch sets::

    removal_effect_c = (E[conversions] − E[conversions with c's touches removed])
                       / E[conversions]

with ``E[conversions] = Σ_users p`` and, with ``c`` removed, ``n_c = 0`` for
every user (the other touches and ``p0`` stay).

Examples
--------
>>> conversion_probability(0.01, np.array([[2, 0]]), np.array([0.05, 0.02]))
array([0.106525])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import Profile

__all__ = ["JOURNEY_DOC", "conversion_probability", "journeys_table", "removal_effects"]

JOURNEY_DOC = ("p = 1 - (1 - p0) * prod_c (1 - e_c) ** n_c, n_c = the user's touches from "
               "channel c; removal_effect_c = (sum_u p_u - sum_u p_u with n_c = 0) / sum_u p_u")
_TOUCHES = np.array([0.34, 0.24, 0.17, 0.12, 0.08, 0.05])
_HOURS = np.array([1, 0.5, 0.3, 0.3, 0.4, 0.8, 1.5, 3, 4, 4, 4, 4.5, 5, 4.5, 4, 4, 4.5, 5,
                   5.5, 6, 6.5, 6, 4, 2.5])


def conversion_probability(p0: float, counts: np.ndarray, effects: np.ndarray) -> np.ndarray:
    """``1 − (1 − p0) · Π_c (1 − e_c) ** n_c`` for each row of touch counts.

    Parameters
    ----------
    p0 : float
        Conversion probability without any touch.
    counts : ndarray, shape (n_users, n_channels)
        Touches per user and channel.
    effects : ndarray, shape (n_channels,)
        Effect ``e_c`` of one touch of each channel.

    Examples
    --------
    >>> conversion_probability(0.0, np.array([[1, 1]]), np.array([0.5, 0.5]))
    array([0.75])
    """
    keep = np.exp(counts @ np.log1p(-np.asarray(effects, dtype=float)))
    return 1.0 - (1.0 - p0) * keep


def removal_effects(p0: float, counts: np.ndarray, effects: np.ndarray) -> dict[str, object]:
    """Expected conversions with all channels and without each channel, and removal effects.

    Returns
    -------
    dict
        ``expected`` (Σ p), ``without`` (list, one per channel) and
        ``removal_effect`` (list, one per channel).

    Examples
    --------
    >>> r = removal_effects(0.0, np.array([[1, 0], [0, 1]]), np.array([0.2, 0.1]))
    >>> [round(v, 4) for v in r["removal_effect"]]
    [0.6667, 0.3333]
    """
    expected = float(conversion_probability(p0, counts, effects).sum())
    without = []
    for c in range(counts.shape[1]):
        cut = counts.copy()
        cut[:, c] = 0
        without.append(float(conversion_probability(p0, cut, effects).sum()))
    return {"expected": expected, "without": without,
            "removal_effect": [(expected - w) / expected for w in without]}


def journeys_table(profile: Profile, clicks: np.ndarray, top_campaign: np.ndarray,
                   rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Touches and conversions of the client's users, with the truth of the model.

    Parameters
    ----------
    profile : Profile
        The client (paid channels, number of users, conversion value).
    clicks : ndarray, shape (730, n_channels)
        Daily clicks per channel (touch days and channels follow them).
    top_campaign : ndarray of object, shape (730, n_channels)
        The campaign with the most spend per day and channel (``None`` when dark).
    rng : numpy.random.Generator
        The client's ``journeys`` stream.

    Returns
    -------
    frame : DataFrame
        Canonical ``journeys`` columns, sorted by user and time.
    truth : dict
        ``model``, ``p0``, ``touch_effect``, ``users``, ``touches``,
        ``touches_by_channel``, ``converters``, ``expected_conversions``,
        ``expected_without``, ``removal_effect`` and ``conversion_value``.

    Examples
    --------
    >>> from smtools.synth.archetypes import BISTRO
    >>> f, t = journeys_table(BISTRO, np.ones((730, 3)), np.full((730, 3), "x", dtype=object),
    ...                       np.random.default_rng(0))
    >>> t["users"], sorted(f["event"].unique().tolist())
    (20000, ['conversion', 'touch'])
    """
    channels = profile.channels
    n_ch = len(channels)
    midnights = calendar.local_midnights(profile.timezone).asi8  # µs since epoch, UTC
    n_users = profile.users
    n_touch = rng.choice(np.arange(1, 7), n_users, p=_TOUCHES)
    day_w = clicks.sum(axis=1) + 1e-9
    last_day = np.minimum(np.searchsorted(np.cumsum(day_w) / day_w.sum(), rng.random(n_users)),
                          len(day_w) - 1)
    hour = rng.choice(24, n_users, p=_HOURS / _HOURS.sum())
    frac = (hour + rng.random(n_users)) / 24.0
    day_len = midnights[last_day + 1] - midnights[last_day]
    t_last = midnights[last_day] + (frac * day_len).astype(np.int64)

    # touches, last one first within each user
    user = np.repeat(np.arange(n_users), n_touch)
    starts = np.cumsum(n_touch) - n_touch
    pos = np.arange(len(user)) - starts[user]
    gap = (rng.exponential(3.0 * 86400, len(user)) + 600) * 1_000_000
    gap[pos == 0] = 0
    cs = np.cumsum(gap)
    offset = cs - (cs[starts] - gap[starts])[user]
    ts = t_last[user] - offset.astype(np.int64)
    keep = ts >= midnights[0]
    user, ts = user[keep], ts[keep]
    day = np.searchsorted(midnights, ts, side="right") - 1

    weights = clicks[day] + 1e-9
    cum = np.cumsum(weights, axis=1)
    channel = (cum < rng.random(len(day))[:, None] * cum[:, -1:]).sum(axis=1)
    campaign = top_campaign[day, channel]
    counts = np.zeros((n_users, n_ch), dtype=np.int64)
    np.add.at(counts, (user, channel), 1)

    lo, hi = zip(*(pc.touch_effect for pc in profile.paid), strict=True)
    effects = np.round(rng.uniform(lo, hi), 4)
    p0 = round(float(rng.uniform(*profile.conversion_base)), 4)
    p = conversion_probability(p0, counts, effects)
    converted = np.flatnonzero(rng.random(n_users) < p)
    end = midnights[-1] - 1
    delay = (rng.exponential(6 * 3600, len(converted)) + 60) * 1_000_000
    conv_ts = t_last[converted] + np.minimum(delay, (end - t_last[converted]) / 2).astype(np.int64)
    value = np.round(profile.outcome.unit_value
                     * rng.lognormal(-0.35 ** 2 / 2, 0.35, len(converted)), 2)

    keys = np.char.mod("u%08d", rng.choice(10 ** 8, n_users, replace=False)).astype(object)
    n_t, n_c = len(user), len(converted)
    frame = pd.DataFrame({
        "client": profile.slug,
        "user_key": np.concatenate([keys[user], keys[converted]]),
        "ts": pd.to_datetime(np.concatenate([ts, conv_ts]), unit="us", utc=True),
        "channel": np.concatenate([np.array(channels, dtype=object)[channel],
                                   np.full(n_c, None, dtype=object)]),
        "campaign": np.concatenate([campaign, np.full(n_c, None, dtype=object)]),
        "event": np.repeat(np.array(["touch", "conversion"], dtype=object), [n_t, n_c]),
        "value": np.concatenate([np.full(n_t, np.nan), value]),
        "currency": np.concatenate([np.full(n_t, None, dtype=object),
                                    np.full(n_c, profile.currency, dtype=object)]),
    })
    frame = frame.sort_values(["user_key", "ts"], kind="stable").reset_index(drop=True)
    removal = removal_effects(p0, counts, effects)
    truth = {
        "model": JOURNEY_DOC,
        "p0": p0,
        "touch_effect": dict(zip(channels, map(float, effects), strict=True)),
        "users": int(n_users),
        "touches": int(n_t),
        "touches_by_channel": dict(zip(channels, map(int, counts.sum(axis=0)), strict=True)),
        "converters": int(n_c),
        "expected_conversions": removal["expected"],
        "expected_without": dict(zip(channels, removal["without"], strict=True)),
        "removal_effect": dict(zip(channels, removal["removal_effect"], strict=True)),
        "conversion_value": profile.outcome.unit_value,
    }
    return frame, truth
