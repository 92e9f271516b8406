"""The review's marketing-mix model: fit on the history, read over the campaign (private).

The model is :class:`smtools.roi.MMM` (geometric adstock, Hill saturation) fitted on
every complete week of the client's history up to the last day read, with the
plan's networks as media and business revenue (``outcomes``) as target — the
plan's own set-up, refitted with the campaign's weeks in. A small bootstrap
(:data:`DRAWS` draws, circular blocks of residuals, hyperparameters refitted)
gives the intervals; the review stays within a few seconds per client.

Over the campaign, each network's **incremental revenue** is the model's
contribution summed over the campaign's weeks (carry-over from earlier spend
included, carry-over after the last week not), and its **incremental ROAS**
that contribution ÷ its spend over the same weeks; intervals are percentiles of
the same quantities under each bootstrap draw.

Examples
--------
>>> campaign_weeks(pd.to_datetime(["2026-09-07", "2026-09-14", "2026-09-21"]),
...                dt.date(2026, 9, 14), dt.date(2026, 9, 27)).tolist()
[False, True, True]
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from smtools.errors import DataError
from smtools.report.actuals import Actuals

__all__ = ["DRAWS", "LEVEL", "ModelReading", "campaign_weeks", "fit", "read", "allocate"]

#: Bootstrap draws of the review's model (intervals at :data:`LEVEL`).
DRAWS = 40
#: Level of the model's intervals.
LEVEL = 0.9


def campaign_weeks(dates: pd.DatetimeIndex, first: dt.date, last: dt.date) -> np.ndarray:
    """Which weeks (labelled by their Monday) overlap the days ``first`` … ``last``."""
    d = pd.DatetimeIndex(dates)
    return np.asarray((d + pd.Timedelta(days=6) >= pd.Timestamp(first))
                      & (d <= pd.Timestamp(last)))


def fit(actuals: Actuals, *, seed: int = 0, draws: int = DRAWS) -> tuple[Any, pd.DataFrame]:
    """The model fitted on the history up to the last day read (plan networks, revenue),
    and the weekly frame it was fitted on.

    Raises
    ------
    DataError
        No revenue in the outcomes, too little history, or the model's own refusals.
    """
    from smtools.roi.mmm import MMM, wide_frame

    hist = actuals.history[actuals.history["channel"].isin(actuals.networks)]
    outcomes = actuals.history_outcomes
    if outcomes.empty or not (outcomes["kpi"] == "revenue").any():
        raise DataError("the outcomes table has no revenue up to the campaign's end",
                        column="outcomes", hint="ingest the shop or CRM revenue by day")
    frame = wide_frame(hist, outcomes, kpi="revenue", freq="W")
    media = [c for c in actuals.networks if c in frame.columns and frame[c].sum() > 0]
    if not media:
        raise DataError("none of the plan's networks spent in the history", column="spend",
                        hint="ingest the ad platforms' history")
    yearly = 2 if len(frame) >= 52 else 0
    model = MMM(n_bootstrap=int(draws), random_state=int(seed), level=LEVEL,
                yearly_seasonality=yearly)
    return model.fit(frame, target="revenue", media=media), frame


@dataclass
class ModelReading:
    """What the model says about the campaign's weeks.

    ``table`` has one row per network: ``spend``, ``contribution`` with ``low`` /
    ``high``, ``roas`` with ``roas_low`` / ``roas_high`` (incremental); ``total``
    the same for all networks together; ``weeks`` the Mondays read.
    """

    table: pd.DataFrame
    total: dict[str, float]
    weeks: list[pd.Timestamp]
    draws: int
    diagnostics: pd.DataFrame


def _draw_contributions(model: Any, mask: np.ndarray) -> np.ndarray | None:
    """Contribution over the masked weeks under each bootstrap draw, shape (B, channels).

    Reads the fitted model's bootstrap draws (``MMM`` keeps them to give ``roas_``
    its interval and exposes no public accessor for a sub-period).
    """
    draws = getattr(model, "_draws", None)
    if not draws or not len(draws.get("beta", [])):
        return None
    try:
        x = model._inputs.spend
        out = [model._media(x, model._draw_hp(i), draws["beta"][i])[mask].sum(axis=0)
               for i in range(len(draws["beta"]))]
    except (AttributeError, KeyError, IndexError):  # another MMM version: no intervals
        return None
    return np.asarray(out)


def read(model: Any, frame: pd.DataFrame, first: dt.date, last: dt.date) -> ModelReading:
    """Incremental revenue and ROAS of each network over the campaign's weeks."""
    mask = campaign_weeks(pd.DatetimeIndex(frame["date"]), first, last)
    if not mask.any():
        raise DataError(f"no complete week between {first} and {last} in the model's data",
                        column="as_of", hint="a progress report needs at least one full "
                        "campaign week (Monday to Sunday)")
    spend = frame.loc[mask, model.channels_].sum(axis=0).to_numpy(float)
    c = model.contributions()
    dates = pd.DatetimeIndex(frame["date"])[mask]
    media = c[(c["kind"] == "media") & c["date"].isin(dates)]
    contrib = media.groupby("component")["contribution"].sum().reindex(model.channels_)
    point = contrib.to_numpy(float)
    d = _draw_contributions(model, mask)
    q = (1 - LEVEL) / 2
    if d is not None:
        lo, hi = np.quantile(d, [q, 1 - q], axis=0)
        tot = d.sum(axis=1)
        t_lo, t_hi = np.quantile(tot, [q, 1 - q])
    else:
        lo = hi = np.full(len(point), np.nan)
        t_lo = t_hi = math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame({
            "channel": model.channels_, "spend": spend, "contribution": point, "low": lo,
            "high": hi, "roas": point / spend, "roas_low": lo / spend,
            "roas_high": hi / spend})
    s = float(spend.sum())
    total = {"spend": s, "contribution": float(point.sum()), "low": float(t_lo),
             "high": float(t_hi), "roas": float(point.sum()) / s if s else math.nan,
             "roas_low": float(t_lo) / s if s else math.nan,
             "roas_high": float(t_hi) / s if s else math.nan}
    return ModelReading(table=table, total=total, weeks=list(dates),
                        draws=int(model.bootstrap_.get("draws", 0)),
                        diagnostics=model.diagnostics_.table.copy())


def allocate(model: Any, actuals: Actuals, spent: dict[str, float]) -> Any:
    """The budget split the model's response curves recommend for a campaign like this one.

    Same budget, length and min/max shares as the brief; compared with the split
    actually spent (scaled to the budget).
    """
    from smtools.roi import optimize

    brief = actuals.brief
    budget = brief.campaign.budget
    media = list(model.channels_)
    missing = [c for c in actuals.networks if c not in media]
    reserved = sum(brief.channels[c].min_share * budget for c in missing if c in brief.channels)
    rest = budget - reserved
    shares = {c: (min(1.0, brief.channels[c].min_share * budget / rest),
                  min(1.0, brief.channels[c].max_share * budget / rest)) for c in media}
    total_spent = sum(spent.get(c, 0.0) for c in media)
    current = ({c: spent.get(c, 0.0) / total_spent * rest for c in media} if total_spent > 0
               else None)
    return optimize.allocate(model.response_curves(), rest, shares=shares, objective="revenue",
                             periods=brief.campaign.days / 7.0, current=current,
                             currency=brief.currency)
