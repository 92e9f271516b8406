"""The paid media plan a planner would have run: daily spend per campaign line.

Each channel runs two to four campaigns (:class:`~smtools.synth.profiles.Line`):
always-on lines with a few budget changes, flights (pulses of one to three
weeks), seasonal pushes, sometimes a few dark weeks, and — in the brief's
campaign window — the brief's campaign, which takes over the channel's
whole budget there so that the window's spend matches the brief's budget
split. Each line is split over its ad groups and creatives.

Because a marketing-mix model must be able to tell the channels apart, a plan
is redrawn (from the same stream, so still reproducible) until the weekly
spend of every pair of channels has a correlation below
:data:`MAX_CORRELATION`, every channel's weekly spend has a coefficient of
variation of at least :data:`MIN_CV`, and every channel has at least
:data:`MIN_SHARE` of the total.

Examples
--------
>>> from smtools.synth.profiles import profile_for
>>> from smtools.synth.seeding import streams
>>> plan = plan_spend(profile_for("bistro-lumiere"), streams("bistro-lumiere")["spend"])
>>> plan.daily.shape
(730, 3)
>>> stats = spend_stats(plan.daily)
>>> stats["max_correlation"] < MAX_CORRELATION and stats["min_cv"] >= MIN_CV
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import AdGroup, Line, PaidChannel, Profile

__all__ = [
    "MAX_CORRELATION",
    "MIN_CV",
    "MIN_SHARE",
    "SpendPlan",
    "campaign_window",
    "plan_spend",
    "spend_stats",
    "weekly_spend",
]

#: Highest pairwise correlation of weekly channel spend a plan may have.
MAX_CORRELATION = 0.5
#: Lowest coefficient of variation of a channel's weekly spend.
MIN_CV = 0.35
#: Lowest share of total spend of any channel.
MIN_SHARE = 0.05
_ATTEMPTS = 200
_MIN_ROW_SPEND = 0.5


@dataclass
class SpendPlan:
    """A drawn media plan.

    Attributes
    ----------
    channels : list of str
        Paid channels, in profile order (the columns of ``daily``).
    rows : DataFrame
        One row per day × channel × campaign × ad group × creative with spend:
        ``day`` (position in the history), ``channel``, ``campaign``,
        ``ad_group``, ``creative``, ``format``, ``objective`` and ``spend``
        (rounded to cents; rows under 0.50 dropped).
    daily : ndarray, shape (730, n_channels)
        Daily spend per channel: the sum of ``rows`` (exactly what the
        performance table adds up to).
    window : ndarray of bool, shape (730,)
        Days of the brief's campaign.
    split : dict
        Planned share of the brief's budget per channel.
    delivery : dict
        Share of its planned campaign budget each channel delivered (0.96–1).
    attempts : int
        Plans drawn until one met the identifiability checks.
    """

    channels: list[str]
    rows: pd.DataFrame
    daily: np.ndarray
    window: np.ndarray
    split: dict[str, float]
    delivery: dict[str, float]
    attempts: int = 1
    dark: dict[str, list[list[str]]] = field(default_factory=dict)


def campaign_window(profile: Profile) -> np.ndarray:
    """Boolean mask of the brief's campaign days over the history.

    Examples
    --------
    >>> from smtools.synth.profiles import profile_for
    >>> int(campaign_window(profile_for("bistro-lumiere")).sum())
    42
    """
    c = profile.brief["campaign"]
    dates = calendar.history_dates()
    return np.asarray((dates >= pd.Timestamp(c["start"])) & (dates <= pd.Timestamp(c["end"])))


def weekly_spend(daily: np.ndarray) -> np.ndarray:
    """Sum daily spend into full Monday–Sunday weeks (partial first/last weeks dropped).

    Parameters
    ----------
    daily : ndarray, shape (730, n)
        Daily spend over the history.

    Returns
    -------
    ndarray, shape (n_weeks, n)

    Examples
    --------
    >>> weekly_spend(np.ones((730, 2))).shape
    (103, 2)
    """
    dates = calendar.history_dates()
    first = int(np.argmax(dates.day_of_week == 0))
    n_weeks = (len(dates) - first) // 7
    block = np.asarray(daily, dtype=float)[first:first + 7 * n_weeks]
    return block.reshape(n_weeks, 7, -1).sum(axis=1)


def spend_stats(daily: np.ndarray) -> dict[str, float]:
    """The identifiability checks of a plan on weekly spend.

    Returns
    -------
    dict
        ``max_correlation`` (highest pairwise Pearson correlation of weekly
        spend), ``min_cv`` (lowest coefficient of variation, std / mean, of a
        channel's weekly spend) and ``min_share`` (smallest channel share of
        the total spend).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> round(spend_stats(rng.gamma(2.0, size=(730, 2)))["min_share"], 1)
    0.5
    """
    weeks = weekly_spend(daily)
    corr = np.corrcoef(weeks.T)
    off = corr[~np.eye(len(corr), dtype=bool)] if len(corr) > 1 else np.array([0.0])
    cv = weeks.std(axis=0) / weeks.mean(axis=0)
    total = np.asarray(daily).sum(axis=0)
    return {"max_correlation": float(off.max()), "min_cv": float(cv.min()),
            "min_share": float((total / total.sum()).min())}


def _activity(line: Line, rng: np.random.Generator, dates: pd.DatetimeIndex) -> np.ndarray:
    """Relative daily level of one campaign line before scaling (0 = not running)."""
    n_days = len(dates)
    days = np.arange(n_days)
    if line.pattern == "always_on":
        n = int(rng.integers(2, 5))
        changes = np.sort(rng.choice(np.arange(45, n_days - 45), n, replace=False))
        levels = rng.uniform(0.45, 1.6, n + 1)
        act = levels[np.searchsorted(changes, days, side="right")]
    elif line.pattern == "flights":
        act = np.zeros(n_days)
        for _ in range(int(rng.integers(6, 11))):
            start = int(rng.integers(0, n_days - 7))
            length = int(rng.integers(7, 22))
            act[start:start + length] = np.maximum(act[start:start + length],
                                                   rng.uniform(0.8, 1.3))
    else:
        act = np.zeros(n_days)
        for start, end in line.seasons:
            mask = calendar.seasonal_mask(dates, start, end, shift=int(rng.integers(-5, 6)))
            act[mask] = rng.uniform(0.85, 1.15)
    return act * line.weight


def _dark_periods(pc: PaidChannel, rng: np.random.Generator, window: np.ndarray
                  ) -> list[tuple[int, int]]:
    """Dark periods (first day, length) of a channel: whole weeks with no spend."""
    if rng.random() >= pc.dark_weeks:
        return []
    last_start = int(np.argmax(window)) - 7 * 3 - 7
    out = []
    for _ in range(int(rng.integers(1, 4))):
        length = 7 * int(rng.integers(1, 4))
        out.append((int(rng.integers(14, last_start - length)), length))
    return out


def _split(total: np.ndarray, groups: tuple[AdGroup, ...], rng: np.random.Generator
           ) -> list[tuple[str, str, str, np.ndarray]]:
    """Split a line's daily spend over its ad groups and creatives."""
    group_w = rng.dirichlet(np.full(len(groups), 4.0))
    parts, weights = [], []
    for g, gw in zip(groups, group_w, strict=True):
        creative_w = rng.dirichlet(np.full(len(g.creatives), 4.0))
        for c, cw in zip(g.creatives, creative_w, strict=True):
            parts.append((g.name, c.name, c.format))
            weights.append(gw * cw * rng.lognormal(0.0, 0.15, len(total)))
    w = np.array(weights)
    w /= w.sum(axis=0, keepdims=True)
    return [(*p, total * wi) for p, wi in zip(parts, w, strict=True)]


def _draw(profile: Profile, rng: np.random.Generator, dates: pd.DatetimeIndex,
          window: np.ndarray, split: dict[str, float]) -> tuple[list, dict, dict]:
    n_days = len(dates)
    weekday = np.asarray(profile.spend_weekday)[dates.day_of_week]
    shares = np.array([pc.share for pc in profile.paid])
    shares = shares / shares.sum()
    budget = float(profile.brief["campaign"]["budget"])
    outside = ~window
    pieces: list[tuple[str, str, str, str, str, str, np.ndarray]] = []
    delivery, dark = {}, {}
    for pc, share in zip(profile.paid, shares, strict=True):
        lines = []
        for line in pc.lines:
            act = _activity(line, rng, dates) * weekday * rng.lognormal(0.0, 0.15, n_days)
            lines.append((line, act))
        periods = _dark_periods(pc, rng, window)
        off = np.zeros(n_days, dtype=bool)
        for start, length in periods:
            off[start:start + length] = True
        dark[pc.channel] = [[str(dates[s].date()), str(dates[s + n - 1].date())]
                            for s, n in periods]
        total_out = sum(act[outside & ~off].sum() for _, act in lines)
        target_out = profile.annual_budget * share * outside.sum() / 365.0
        scale = target_out / total_out
        for line, act in lines:
            act = np.where(outside & ~off, act * scale, 0.0)
            for group, creative, fmt, spend in _split(act, line.ad_groups, rng):
                pieces.append((pc.channel, line.name, group, creative, fmt, line.objective,
                               spend))
        # the brief's campaign: the channel's whole budget inside the window
        delivery[pc.channel] = round(float(rng.uniform(0.96, 1.0)), 4)
        pattern = np.where(window, weekday * rng.lognormal(0.0, 0.1, n_days), 0.0)
        launch = np.flatnonzero(window)[:7]
        pattern[launch] *= 1.25
        camp = pattern / pattern.sum() * budget * split[pc.channel] * delivery[pc.channel]
        objective = profile.brief["campaign"]["objective"]
        for group, creative, fmt, spend in _split(camp, pc.campaign_groups, rng):
            pieces.append((pc.channel, profile.brief["campaign"]["name"], group, creative,
                           fmt, objective, spend))
    return pieces, delivery, dark


def _rows(pieces: list, channels: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (
        "day", "channel", "campaign", "ad_group", "creative", "format", "objective", "spend")}
    daily = np.zeros((len(pieces[0][-1]), len(channels)))
    for channel, campaign, group, creative, fmt, objective, spend in pieces:
        cents = np.round(spend, 2)
        keep = np.flatnonzero(cents >= _MIN_ROW_SPEND)
        n = len(keep)
        cols["day"].append(keep)
        cols["spend"].append(cents[keep])
        for k, v in (("channel", channel), ("campaign", campaign), ("ad_group", group),
                     ("creative", creative), ("format", fmt), ("objective", objective)):
            cols[k].append(np.full(n, v, dtype=object))
        daily[keep, channels.index(channel)] += cents[keep]
    frame = pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})
    frame = frame.sort_values(["day", "channel", "campaign", "ad_group", "creative"],
                              kind="stable").reset_index(drop=True)
    return frame, daily


def plan_spend(profile: Profile, rng: np.random.Generator) -> SpendPlan:
    """Draw the client's two-year paid media plan.

    Parameters
    ----------
    profile : Profile
        The client (channels, campaign lines, budget, brief).
    rng : numpy.random.Generator
        The client's ``spend`` stream.

    Returns
    -------
    SpendPlan

    Raises
    ------
    RuntimeError
        If no plan meeting the identifiability checks is found in 200 draws
        (a profile problem, never seen with the built-in profiles).

    Examples
    --------
    >>> from smtools.synth.profiles import profile_for
    >>> p = profile_for("cloudledger")
    >>> plan = plan_spend(p, np.random.default_rng(1))
    >>> bool(0.95 <= plan.rows.loc[plan.window[plan.rows["day"]], "spend"].sum() / 58000 <= 1)
    True
    """
    dates = calendar.history_dates()
    window = campaign_window(profile)
    channels = profile.channels
    raw = np.array([pc.campaign_share for pc in profile.paid])
    split = {c: float(s) for c, s in zip(channels, raw / raw.sum(), strict=True)}
    for attempt in range(1, _ATTEMPTS + 1):
        pieces, delivery, dark = _draw(profile, rng, dates, window, split)
        rows, daily = _rows(pieces, channels)
        stats = spend_stats(daily)
        if (stats["max_correlation"] < MAX_CORRELATION and stats["min_cv"] >= MIN_CV
                and stats["min_share"] >= MIN_SHARE):
            return SpendPlan(channels=channels, rows=rows, daily=daily, window=window,
                             split=split, delivery=delivery, attempts=attempt, dark=dark)
    raise RuntimeError(
        f"{profile.slug}: no media plan met the identifiability checks in {_ATTEMPTS} draws; "
        "make the channels' campaign lines less alike"
    )
