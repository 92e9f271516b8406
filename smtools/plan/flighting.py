"""Flighting: when the money is spent, how often people may see the ads, when to post.

- :func:`weekly_budget` spreads each network's budget over the campaign's weeks
  (weeks start on Monday; a partial first or last week weighs its days) in one of
  three patterns: ``even``, ``front`` (front-loaded: weights fall linearly from 1.5
  to 0.5) or ``pulsed`` (two weeks on, one week at 35%). Amounts are rounded to the
  cent and always add up exactly to each network's budget.
- :data:`FREQUENCY_CAPS`: planning defaults for frequency caps by objective.
- :func:`posting_calendar`: dated posting slots per network from the recommended
  best times, in the client's time zone.

Examples
--------
>>> frame = weekly_budget({"facebook": 1000.0}, start="2026-09-14", end="2026-10-11")
>>> frame["budget"].tolist()
[250.0, 250.0, 250.0, 250.0]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from smtools.errors import DataError

__all__ = ["weekly_budget", "weeks", "round_to_total", "FREQUENCY_CAPS", "frequency_cap",
           "posting_calendar", "PATTERNS"]

Pattern = Literal["even", "front", "pulsed"]
PATTERNS: tuple[str, ...] = ("even", "front", "pulsed")

#: Planning defaults: impressions per person per 7 days, by campaign objective.
#: Upper-funnel objectives cap lower (reach is the aim), lower-funnel higher (retargeting).
FREQUENCY_CAPS: dict[str, int] = {
    "awareness": 2,
    "reach": 2,
    "video_views": 3,
    "engagement": 3,
    "traffic": 4,
    "leads": 5,
    "sales": 5,
    "app_installs": 5,
}


def frequency_cap(objective: str) -> int:
    """The frequency cap (impressions per person per 7 days) for an objective.

    Examples
    --------
    >>> frequency_cap("awareness"), frequency_cap("sales")
    (2, 5)
    """
    if objective not in FREQUENCY_CAPS:
        raise DataError(f"no frequency cap for objective {objective!r}", column="objective",
                        hint=f"use one of {', '.join(FREQUENCY_CAPS)}")
    return FREQUENCY_CAPS[objective]


def weeks(start: str | dt.date, end: str | dt.date) -> pd.DataFrame:
    """The campaign's weeks (Monday starts) with the campaign days each contains.

    Examples
    --------
    >>> weeks("2026-09-16", "2026-09-29")[["week", "days"]].values.tolist()
    [[Timestamp('2026-09-14 00:00:00'), 5], [Timestamp('2026-09-21 00:00:00'), 7], \
[Timestamp('2026-09-28 00:00:00'), 2]]
    """
    s, e = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if e < s:
        raise DataError(f"end {e.date()} is before start {s.date()}", column="end",
                        hint="swap the dates")
    days = pd.date_range(s, e, freq="D")
    monday = days - pd.to_timedelta(days.day_of_week, unit="D")
    counts = pd.Series(1, index=monday).groupby(level=0).sum()
    return pd.DataFrame({"week": counts.index, "days": counts.to_numpy(),
                         "first_day": [max(w, s) for w in counts.index],
                         "last_day": [min(w + pd.Timedelta(days=6), e) for w in counts.index]})


def _weights(n: int, pattern: str) -> np.ndarray:
    if pattern == "even":
        return np.ones(n)
    if pattern == "front":
        return np.linspace(1.5, 0.5, n) if n > 1 else np.ones(1)
    if pattern == "pulsed":
        return np.array([1.0 if i % 3 < 2 else 0.35 for i in range(n)])
    raise DataError(f"unknown flighting pattern {pattern!r}", column="pattern",
                    hint=f"use one of {', '.join(PATTERNS)}")


def round_to_total(amounts: Sequence[float] | np.ndarray, total: float, *,
                   decimals: int = 2) -> np.ndarray:
    """Round ``amounts`` to ``decimals`` so that they add up exactly to ``total``.

    Largest-remainder method: every amount moves by less than one unit of the last
    decimal, and the rounded amounts add up to the rounded total.

    Examples
    --------
    >>> round_to_total([1 / 3, 1 / 3, 1 / 3], 1.0).tolist()
    [0.34, 0.33, 0.33]
    """
    scale = 10**decimals
    raw = np.asarray(amounts, dtype=float)
    if raw.sum() > 0:
        raw = raw * (total / raw.sum())
    units = np.floor(raw * scale + 1e-9)
    target = round(total * scale)
    short = int(target - units.sum())
    if short > 0:
        order = np.argsort(-(raw * scale - units), kind="stable")
        units[order[:short]] += 1
    elif short < 0:
        order = np.argsort(raw * scale - units, kind="stable")
        units[order[:-short]] -= 1
    return units / scale


def weekly_budget(
    budgets: Mapping[str, float],
    *,
    start: str | dt.date,
    end: str | dt.date,
    pattern: str = "even",
) -> pd.DataFrame:
    """Each network's budget spread over the campaign's weeks.

    Parameters
    ----------
    budgets : mapping
        Network → budget for the whole campaign.
    start, end : date-like
        First and last campaign day (inclusive).
    pattern : {"even", "front", "pulsed"}
        Flighting pattern (see the module docstring).

    Returns
    -------
    DataFrame
        Tidy: ``week`` (Monday), ``first_day``, ``last_day``, ``days``, ``channel``,
        ``budget``; each channel's budgets add up exactly to its total.

    Examples
    --------
    >>> f = weekly_budget({"tiktok": 900.0}, start="2026-09-14", end="2026-10-04",
    ...                   pattern="front")
    >>> f["budget"].tolist()
    [450.0, 300.0, 150.0]
    """
    cal = weeks(start, end)
    w = _weights(len(cal), pattern) * cal["days"].to_numpy() / 7.0
    rows = []
    for channel, total in budgets.items():
        if total < 0:
            raise DataError(f"negative budget for {channel}", column="budgets",
                            hint="budgets are never negative")
        amounts = round_to_total(w * total / w.sum(), float(total))
        for (_, week), amount in zip(cal.iterrows(), amounts, strict=True):
            rows.append({"week": week["week"], "first_day": week["first_day"],
                         "last_day": week["last_day"], "days": int(week["days"]),
                         "channel": channel, "budget": float(amount)})
    return pd.DataFrame(rows)


def posting_calendar(
    slots: pd.DataFrame,
    *,
    start: str | dt.date,
    end: str | dt.date,
    tz: str,
    per_week: Mapping[str, int],
) -> pd.DataFrame:
    """Dated posting slots for each network, in the client's time zone.

    Parameters
    ----------
    slots : DataFrame
        Recommended slots: ``channel``, ``weekday`` (0 = Monday), ``hour``, best first
        within each channel (e.g. ``best_times(...).recommendations``).
    start, end : date-like
        Campaign days (inclusive).
    tz : str
        The client's IANA time zone.
    per_week : mapping
        Network → posts per week (the best ``n`` slots of the network are used each week).

    Returns
    -------
    DataFrame
        ``channel``, ``date``, ``weekday``, ``hour``, ``published_at`` (tz-aware local time),
        sorted by time.

    Examples
    --------
    >>> slots = pd.DataFrame({"channel": ["instagram"] * 2, "weekday": [3, 5], "hour": [19, 11]})
    >>> cal = posting_calendar(slots, start="2026-09-14", end="2026-09-27",
    ...                        tz="Europe/Paris", per_week={"instagram": 2})
    >>> cal["published_at"].dt.strftime("%a %d %H:%M").tolist()
    ['Thu 17 19:00', 'Sat 19 11:00', 'Thu 24 19:00', 'Sat 26 11:00']
    """
    need = {"channel", "weekday", "hour"}
    if not need <= set(slots.columns):
        raise DataError(f"slots need columns {', '.join(sorted(need))}", column="slots",
                        hint="pass best_times(...).recommendations")
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    rows = []
    for channel, n in per_week.items():
        chosen = slots[slots["channel"] == channel].head(max(int(n), 0))
        for _, slot in chosen.iterrows():
            for day in days[days.day_of_week == int(slot["weekday"])]:
                local = pd.Timestamp(day.date()).replace(hour=int(slot["hour"]))
                rows.append({"channel": channel, "date": day.normalize(),
                             "weekday": int(slot["weekday"]), "hour": int(slot["hour"]),
                             "published_at": local.tz_localize(tz, nonexistent="shift_forward",
                                                               ambiguous=False)})
    out = pd.DataFrame(rows, columns=["channel", "date", "weekday", "hour", "published_at"])
    return out.sort_values(["published_at", "channel"]).reset_index(drop=True)
