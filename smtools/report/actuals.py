"""The campaign's actuals: what the workspace recorded between the campaign's first day and
the report's day, joined to the plan.

How actuals join the plan
-------------------------
Window
    From the campaign's first day to the day before ``as_of`` (the report's day),
    never beyond the campaign's last day. ``as_of`` defaults to the day after the
    campaign's end (the whole campaign); an earlier ``as_of`` makes a *progress
    report*. Timestamped tables (posts, mentions, journeys) are cut on the local
    day in the client's time zone.
Paid media (``performance``)
    A row belongs to the campaign when its date is in the window, its network is
    one of the plan's lines and its campaign name is the brief's campaign name or
    the plan's ``utm_campaign``, compared as slugs (lowercase, accents and
    punctuation dropped: ``"Menu d'automne 2026"`` = ``menu-d-automne-2026``; the
    ``utm_campaign`` ``bistro-lumiere_menu-d-automne-2026`` matches too). Other rows
    of the window (always-on campaigns, other networks) are counted in a note, not
    in the campaign's results.
Web analytics (``sessions``)
    A session row carries the plan's tags when its source and medium are those of
    a plan line (``utm_source``, ``utm_medium``) and its campaign matches as above;
    the share of the window's sessions (and of its paid sessions) that carry them
    measures the tracking.
Owned, earned, journeys, outcomes
    Every organic post, mention (the client's brand and competitors'), journey
    event and business result of the window. Crisis detection reads the 120 days
    before the window too (its baseline), attribution the 30 days before the
    window's conversions (their touches).

Examples
--------
>>> import pandas as pd
>>> matches(pd.Series(["Menu d'automne 2026", "Always-on", "bistro_menu-d-automne-2026"]),
...         ["Menu d'automne 2026", "bistro_menu-d-automne-2026"]).tolist()
[True, False, True]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from smtools.brief import Brief
from smtools.errors import DataError
from smtools.plan.model import MediaPlan
from smtools.plan.tracking import slug
from smtools.workspace import Workspace

__all__ = ["Actuals", "load", "matches", "window", "CRISIS_BASELINE_DAYS",
           "ATTRIBUTION_LOOKBACK_DAYS"]

#: Days of mentions read before the window, the baseline of crisis detection.
CRISIS_BASELINE_DAYS = 120
#: Days of touches before a conversion that attribution credits.
ATTRIBUTION_LOOKBACK_DAYS = 30


def matches(values: pd.Series, names: Iterable[str]) -> pd.Series:
    """Whether each campaign name is one of ``names``, compared as slugs.

    Examples
    --------
    >>> matches(pd.Series(["SPRING push!", None]), ["Spring push"]).tolist()
    [True, False]
    """
    wanted = {slug(n) for n in names if n}
    keys = {v: slug(str(v)) in wanted for v in values.dropna().unique()}
    return values.map(keys).fillna(False).astype(bool)


def window(brief: Brief, as_of: str | dt.date | None = None
           ) -> tuple[dt.date, dt.date, dt.date, bool]:
    """``(first day, last day read, as_of, progress report?)`` of a review.

    Examples
    --------
    >>> import smtools.synth as synth
    >>> b = synth.brief_for("bistro-lumiere")
    >>> window(b)
    (datetime.date(2026, 9, 14), datetime.date(2026, 10, 25), datetime.date(2026, 10, 26), False)
    >>> window(b, "2026-10-01")[1:]
    (datetime.date(2026, 9, 30), datetime.date(2026, 10, 1), True)
    """
    c = brief.campaign
    if as_of in (None, ""):
        day = c.end + dt.timedelta(days=1)
    else:
        try:
            day = pd.Timestamp(as_of).date()
        except (ValueError, TypeError):
            raise DataError(f"as_of={as_of!r} is not a date", column="as_of",
                            hint="give an ISO date such as 2026-10-26, or leave it empty"
                            ) from None
    if day <= c.start:
        raise DataError(f"as_of {day} is not after the campaign's first day ({c.start}): "
                        "there are no actuals yet", column="as_of",
                        hint="a report reads the days before as_of; give a later date, or "
                        "leave as_of empty for the whole campaign")
    last = min(c.end, day - dt.timedelta(days=1))
    return c.start, last, day, last < c.end


def _local_days(frame: pd.DataFrame, column: str, tz: str, first: dt.date, last: dt.date
                ) -> pd.DataFrame:
    if frame.empty:
        return frame
    day = frame[column].dt.tz_convert(tz).dt.tz_localize(None).dt.normalize()
    keep = (day >= pd.Timestamp(first)) & (day <= pd.Timestamp(last))
    return frame[keep.to_numpy()].reset_index(drop=True)


@dataclass
class Actuals:
    """The campaign's data, read once for every section.

    Attributes
    ----------
    brief, plan
        The brief and the plan the actuals are compared with.
    first, last : date
        First and last day read (inclusive).
    as_of : date
        The report's day.
    progress : bool
        True when the campaign was not over on ``as_of``.
    performance : DataFrame
        The campaign's paid rows (see the module docstring for the join).
    sessions, posts, mentions, journeys, outcomes : DataFrame
        The window's rows of each table.
    mentions_history : DataFrame
        Mentions from :data:`CRISIS_BASELINE_DAYS` before the window to its end.
    journeys_lookback : DataFrame
        Journey events from :data:`ATTRIBUTION_LOOKBACK_DAYS` before the window.
    history, history_outcomes : DataFrame
        Every paid row and business result up to ``last`` (the model's data).
    audience : DataFrame
        The client's follower composition (``source == "followers"``).
    other_rows : int
        Performance rows of the window outside the campaign.
    campaign_names : list of str
        The names that identify the campaign (the brief's name, the plan's utm_campaign).
    """

    brief: Brief
    plan: MediaPlan
    first: dt.date
    last: dt.date
    as_of: dt.date
    progress: bool
    performance: pd.DataFrame
    sessions: pd.DataFrame
    posts: pd.DataFrame
    mentions: pd.DataFrame
    mentions_history: pd.DataFrame
    journeys: pd.DataFrame
    journeys_lookback: pd.DataFrame
    outcomes: pd.DataFrame
    history: pd.DataFrame
    history_outcomes: pd.DataFrame
    audience: pd.DataFrame
    other_rows: int = 0
    campaign_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def networks(self) -> list[str]:
        """The plan's networks, in plan order."""
        return [line.channel for line in self.plan.lines]

    @property
    def days(self) -> int:
        """Days read (the window's length)."""
        return (self.last - self.first).days + 1

    @property
    def campaign_days(self) -> int:
        """Days of the whole campaign."""
        return self.brief.campaign.days

    @property
    def elapsed(self) -> float:
        """Share of the campaign's days read (1 for a final report)."""
        return self.days / self.campaign_days

    @property
    def brand(self) -> str | None:
        """The client's brand as named in the mentions (the brief's name, any case)."""
        m = self.mentions_history
        if m.empty or "brand" not in m.columns:
            return None
        brands = m["brand"].dropna().unique()
        if self.brief.name in brands:
            return self.brief.name
        return {str(b).casefold(): str(b) for b in brands}.get(self.brief.name.casefold())

    def tagged_sessions(self) -> pd.Series:
        """Whether each session row carries a plan line's source, medium and campaign."""
        s = self.sessions
        if s.empty:
            return pd.Series([], dtype=bool)
        pairs = {(line.utm["utm_source"], line.utm["utm_medium"]) for line in self.plan.lines}
        key = pd.Series(list(zip(s["source"].str.lower(), s["medium"].str.lower(),
                                 strict=True)), index=s.index)
        return key.isin(pairs) & matches(s["campaign"].fillna(""), self.campaign_names)

    def paid_sessions(self) -> pd.Series:
        """Whether each session row has a plan line's source and medium (any campaign)."""
        s = self.sessions
        if s.empty:
            return pd.Series([], dtype=bool)
        pairs = {(line.utm["utm_source"], line.utm["utm_medium"]) for line in self.plan.lines}
        return pd.Series(list(zip(s["source"].str.lower(), s["medium"].str.lower(),
                                  strict=True)), index=s.index).isin(pairs)

    @property
    def currency(self) -> str:
        """The brief's currency."""
        return self.brief.currency

    @property
    def language(self) -> str:
        """The brief's language."""
        return self.brief.language

    def describe(self) -> dict[str, Any]:
        """Rows read per table and the window (for the run manifest)."""
        return {"first": self.first, "last": self.last, "as_of": self.as_of,
                "progress": self.progress, "campaign_names": self.campaign_names,
                "rows": {"performance": len(self.performance), "sessions": len(self.sessions),
                         "posts": len(self.posts), "mentions": len(self.mentions),
                         "journeys": len(self.journeys), "outcomes": len(self.outcomes)},
                "other_performance_rows": self.other_rows}


def load(brief: Brief, ws: Workspace, plan: MediaPlan, *, as_of: str | dt.date | None = None
         ) -> Actuals:
    """Read the campaign's actuals from ``ws`` and join them to ``plan``.

    Parameters
    ----------
    brief : Brief
        The client's brief.
    ws : Workspace
        The workspace holding the actuals.
    plan : MediaPlan
        The plan the campaign ran on (its networks and tracking tags).
    as_of : date-like, optional
        The report's day (default: the day after the campaign's end).

    Returns
    -------
    Actuals

    Raises
    ------
    DataError
        No performance row in the window, none of the campaign's, or money in
        another currency than the brief's — each saying which dates were searched
        and how to fix it.

    Examples
    --------
    >>> import smtools as sm                                            # doctest: +SKIP
    >>> act = load(brief, ws, sm.plan.build(brief, ws))                 # doctest: +SKIP
    """
    first, last, day, progress = window(brief, as_of)
    client = brief.client
    tz = brief.timezone
    names = [brief.campaign.name]
    tags = {line.utm.get("utm_campaign") for line in plan.lines} - {None, ""}
    names += sorted(str(t) for t in tags)
    networks = [line.channel for line in plan.lines]

    rows = ws.table("performance", client=client, start=first, end=last)
    span = f"from {first} to {last}"
    if rows.empty:
        raise DataError(
            f"no performance rows for client '{client}' {span} (the campaign window, read up "
            f"to the day before as_of {day})", column="performance",
            hint="ingest the ad platforms' exports covering these dates (smtools ingest), or "
            "correct the campaign dates in the brief, or pass a later as_of")
    mine = rows["channel"].isin(networks) & matches(rows["campaign"], names)
    if not mine.any():
        found = ", ".join(repr(c) for c in sorted(rows["campaign"].dropna().unique())[:8])
        nets = ", ".join(sorted(rows["channel"].unique()))
        raise DataError(
            f"none of the {len(rows):,} performance rows {span} belong to the campaign: it is "
            f"searched on the plan's networks ({', '.join(networks)}) under the name "
            f"{brief.campaign.name!r} or {', '.join(sorted(tags)) or '–'}; the rows found are "
            f"on {nets}, campaigns {found}", column="campaign",
            hint="name the campaign in the ad platforms as in the brief, or correct "
            "campaign.name in the brief")
    perf = rows[mine].reset_index(drop=True)
    cur = sorted(perf["currency"].dropna().unique())
    if cur and cur != [brief.currency]:
        raise DataError(f"the campaign's spend is in {', '.join(cur)} but the brief is in "
                        f"{brief.currency}", column="currency",
                        hint="convert the exports or correct the brief's currency")
    pad = dt.timedelta(days=1)
    posts = _local_days(ws.table("posts", client=client, start=first - pad, end=last + pad),
                        "published_at", tz, first, last)
    hist_first = first - dt.timedelta(days=CRISIS_BASELINE_DAYS)
    mentions_history = _local_days(
        ws.table("mentions", client=client, start=hist_first - pad, end=last + pad), "ts", tz,
        hist_first, last)
    mentions = _local_days(mentions_history, "ts", tz, first, last)
    look_first = first - dt.timedelta(days=ATTRIBUTION_LOOKBACK_DAYS)
    lookback = _local_days(
        ws.table("journeys", client=client, start=look_first - pad, end=last + pad), "ts", tz,
        look_first, last)
    journeys = _local_days(lookback, "ts", tz, first, last)
    audience = ws.table("audience", client=client)
    if not audience.empty:
        audience = audience[audience["source"] == "followers"].reset_index(drop=True)
    notes = []
    other = int((~mine).sum())
    if other:
        notes.append(f"{other:,} performance rows of the window belong to other campaigns or "
                     "networks and are left out of the campaign's results")
    return Actuals(
        brief=brief, plan=plan, first=first, last=last, as_of=day, progress=progress,
        performance=perf,
        sessions=ws.table("sessions", client=client, start=first, end=last),
        posts=posts, mentions=mentions, mentions_history=mentions_history,
        journeys=journeys, journeys_lookback=lookback,
        outcomes=ws.table("outcomes", client=client, start=first, end=last),
        history=ws.table("performance", client=client, end=last),
        history_outcomes=ws.table("outcomes", client=client, end=last),
        audience=audience, other_rows=other, campaign_names=names, notes=notes)
