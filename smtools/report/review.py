"""Plan + actuals → :class:`CampaignReview`, the post-campaign (or progress) report.

``review(brief, ws)`` rebuilds the plan as it was made on the campaign's first
day, reads the campaign's actuals (:mod:`smtools.report.actuals` documents how they
join the plan) and computes every section:

========================  =================================================
attribute                 section
========================  =================================================
``summary()``             executive summary (:mod:`~smtools.report.summary`)
``pacing``                spend against the plan (:mod:`~smtools.report.pacing`)
``kpis``                  KPIs against the targets (:mod:`~smtools.report.kpis`)
``channels``              paid / owned / earned by network (:mod:`~smtools.report.channels`)
``roi``                   platform vs incremental ROAS, attribution, budget shift
``content``               best and worst posts (:mod:`~smtools.report.content`)
``timing``                the plan's posting slots tested (:mod:`~smtools.report.timing`)
``audience``              target reached, followers (:mod:`~smtools.report.audience`)
``reputation``            sentiment, share of voice, crises
``recommendations``       each tied to a figure (:mod:`~smtools.report.recommend`)
========================  =================================================

Examples
--------
>>> import smtools as sm                                                  # doctest: +SKIP
>>> r = sm.report.review(sm.brief.load("bistro-lumiere"),
...                      sm.Workspace("ws.duckdb"))                      # doctest: +SKIP
>>> r.summary()[1]                                                        # doctest: +SKIP
'Elle a dépensé 5 885,59 € sur un budget de 6 000 € (98,1 % ; …'
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from smtools.brief import Brief
from smtools.errors import DataError
from smtools.plan.model import MediaPlan
from smtools.report import _mmm, _text
from smtools.report._base import Section
from smtools.report.actuals import Actuals, load
from smtools.report.audience import Audience, audience
from smtools.report.channels import Channels, channels
from smtools.report.content import Content, content
from smtools.report.kpis import Targets, targets
from smtools.report.pacing import Pacing, pacing
from smtools.report.recommend import Recommendations, recommend
from smtools.report.reputation import Reputation, reputation
from smtools.report.roi import Roi, roi
from smtools.report.summary import Summary, summarise
from smtools.report.timing import Timing, timing
from smtools.workspace import Workspace

__all__ = ["CampaignReview", "review", "SECTIONS"]

#: Section keys, in the report's order.
SECTIONS: tuple[str, ...] = ("summary", "pacing", "kpis", "channels", "roi", "content",
                             "timing", "audience", "reputation", "recommendations")


@dataclass
class CampaignReview:
    """A campaign's actuals against its plan, section by section, in the brief's language.

    Attributes
    ----------
    brief, plan
        The brief and the plan the campaign ran on.
    actuals : Actuals
        The data read (window, rows per table).
    language : {"fr", "en"}
        Language of every sentence, table and chart.
    pacing, kpis, channels, roi, content, timing, audience, reputation, recommendations
        The sections (each with ``sentences``, ``to_frame()``, ``plot()``, an HTML view).
    seconds : dict
        Time spent per step.
    """

    brief: Brief
    plan: MediaPlan
    actuals: Actuals
    language: str
    pacing: Pacing
    kpis: Targets
    channels: Channels
    roi: Roi
    content: Content
    timing: Timing
    audience: Audience
    reputation: Reputation
    recommendations: Recommendations = field(repr=False)
    seconds: dict[str, float] = field(default_factory=dict, repr=False)
    _summary: Summary | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ basics
    @property
    def currency(self) -> str:
        """Currency of every amount (the brief's)."""
        return self.brief.currency

    @property
    def progress(self) -> bool:
        """Whether this is a progress report (the campaign was still running on ``as_of``)."""
        return self.actuals.progress

    @property
    def as_of(self) -> dt.date:
        """The report's day (actuals are read up to the day before)."""
        return self.actuals.as_of

    def summary(self) -> list[str]:
        """The executive summary: five to eight sentences with the numbers."""
        if self._summary is None:
            self._summary = summarise(self)
        return list(self._summary.sentences)

    def to_frame(self) -> pd.DataFrame:
        """KPIs against the targets: one row per target of the brief."""
        return self.kpis.to_frame()

    def section(self, key: str) -> Section:
        """The section called ``key`` (one of :data:`SECTIONS`)."""
        if key not in SECTIONS:
            raise DataError(f"no section {key!r}", column="section",
                            hint=f"use one of {', '.join(SECTIONS)}")
        if key == "summary":
            self.summary()
            assert self._summary is not None
            return self._summary
        return getattr(self, key)

    def heading(self, key: str) -> str:
        """The Markdown heading (``## …``) of a section, in the report's language.

        Examples
        --------
        >>> review.heading("pacing")                                     # doctest: +SKIP
        '## Dépenses face au plan'
        """
        return self.section(key).heading()

    def html(self, key: str) -> str:
        """A section's sentences, table and notes as escaped HTML."""
        return self.section(key)._repr_html_()

    def __repr__(self) -> str:
        kind = "progress report" if self.progress else "review"
        return (f"CampaignReview({self.brief.client!r}, {self.brief.campaign.name!r}, {kind}, "
                f"{self.actuals.first} → {self.actuals.last}, language={self.language!r})")

    def _repr_html_(self) -> str:
        parts = []
        for key in SECTIONS:
            title = _text.HEADINGS[key][self.language]
            parts.append(f"<h2>{_text.escape(title)}</h2>{self.html(key)}")
        return "".join(parts)

    # ------------------------------------------------------------------ charts
    def plot(self, key: str) -> list[Any]:
        """Every chart of a section, each on its own figure; charts without data are skipped.

        Returns the axes drawn (empty for the summary and the recommendations).

        Examples
        --------
        >>> axes = review.plot("roi")                                    # doctest: +SKIP
        >>> [ax.get_title() for ax in axes]                              # doctest: +SKIP
        """
        import matplotlib.pyplot as plt

        from smtools import viz

        self.section(key)  # unknown keys raise
        charts: dict[str, list[Any]] = {
            "pacing": [self.plot_pacing], "kpis": [self.plot_kpis],
            "channels": [lambda ax: self.plot_channels("paid", ax=ax),
                         lambda ax: self.plot_channels("owned", ax=ax),
                         lambda ax: self.plot_channels("earned", ax=ax)],
            "roi": [self.plot_roi, self.plot_attribution, self.plot_allocation],
            "content": [lambda ax: self.plot_content("format", ax=ax),
                        lambda ax: self.plot_content("pillar", ax=ax)],
            "timing": [self.plot_timing], "audience": [self.plot_audience],
            "reputation": [self.plot_reputation, self.plot_share_of_voice],
        }
        drawn = []
        for chart in charts.get(key, []):
            viz.theme()
            fig, ax = plt.subplots()
            try:
                drawn.append(chart(ax=ax))
            except DataError:
                plt.close(fig)
        return drawn

    def plot_pacing(self, *, ax: Any = None) -> Any:
        """Weekly spend by network against the plan."""
        return self.pacing.plot(ax=ax)

    def plot_kpis(self, *, ax: Any = None) -> Any:
        """Each target's achievement (100% = met)."""
        return self.kpis.plot(ax=ax)

    def plot_channels(self, kind: str = "paid", *, ax: Any = None) -> Any:
        """CTR (``paid``), engagement rate (``owned``) or net sentiment (``earned``) by network."""
        return self.channels.plot(kind, ax=ax)

    def plot_roi(self, *, ax: Any = None) -> Any:
        """Platform-reported against incremental ROAS per network."""
        return self.roi.plot(ax=ax)

    def plot_attribution(self, *, ax: Any = None) -> Any:
        """Conversions credited by last touch, Markov and Shapley."""
        return self.roi.plot_attribution(ax=ax)

    def plot_allocation(self, *, ax: Any = None) -> Any:
        """The budget split spent against the one the model recommends."""
        return self.roi.plot_allocation(ax=ax)

    def plot_content(self, by: str = "format", *, ax: Any = None) -> Any:
        """Engagement rate by format or pillar."""
        return self.content.plot(by, ax=ax)

    def plot_timing(self, *, ax: Any = None) -> Any:
        """Lift of the plan's posting slots."""
        return self.timing.plot(ax=ax)

    def plot_audience(self, *, ax: Any = None) -> Any:
        """Followers in the target against the population."""
        return self.audience.plot(ax=ax)

    def plot_reputation(self, *, ax: Any = None) -> Any:
        """Daily mentions of the brand, crises shaded."""
        return self.reputation.plot(ax=ax)

    def plot_share_of_voice(self, *, ax: Any = None) -> Any:
        """Share of voice by brand."""
        return self.reputation.plot_share_of_voice(ax=ax)

    # ------------------------------------------------------------------ data
    def to_dict(self) -> dict[str, Any]:
        """What a run manifest keeps: window, summary, sections, recommendations (JSON-safe)."""
        out: dict[str, Any] = {
            "client": self.brief.client, "campaign": self.brief.campaign.name,
            "language": self.language, "currency": self.currency,
            "progress": self.progress, "window": self.actuals.describe(),
            "plan": {"as_of": self.plan.as_of, "method": self.plan.method,
                     "budget": self.plan.budget},
            "summary": self.summary(),
            "model": {"draws": self.roi.draws, "level": _mmm.LEVEL,
                      "weeks": [w.date() for w in self.roi.weeks]},
            "seconds": self.seconds,
        }
        for key in SECTIONS[1:]:
            out[key] = self.section(key).to_dict()
        out["kpis"]["totals"] = self.kpis.totals
        out["roi"]["total"] = self.roi.total
        out["reputation"]["crises"] = self.reputation.crises
        out["channels"]["tracking"] = self.channels.tracking
        return _text.jsonable(out)


def review(
    brief: Brief,
    ws: Workspace,
    *,
    plan: MediaPlan | None = None,
    as_of: str | dt.date | None = None,
    language: str | None = None,
    seed: int = 0,
) -> CampaignReview:
    """Review a campaign: its actuals against its plan, section by section.

    Parameters
    ----------
    brief : Brief
        The client's brief (campaign dates, budget, targets, language).
    ws : Workspace
        The workspace holding the history and the campaign's actuals.
    plan : MediaPlan, optional
        The plan the campaign ran on; by default rebuilt as it was made on the
        campaign's first day (``sm.plan.build(brief, ws, as_of=brief.campaign.start)``).
    as_of : date-like, optional
        The report's day: actuals are read up to the day before, never beyond the
        campaign's end. Default: the day after the campaign's end (the whole
        campaign). An earlier day makes a progress report, which says so.
    language : {"fr", "en"}, optional
        Language of the report (default: the brief's).
    seed : int
        Seed of the plan's and the review's models and bootstraps.

    Returns
    -------
    CampaignReview

    Raises
    ------
    DataError
        No performance row in the campaign window (naming the dates searched and how
        to fix it), a plan for another client, an unknown language.

    Notes
    -----
    In a batch of one client, a helper process may have made this very review
    already, from the same inputs and arguments (:mod:`smtools._shared`).

    Examples
    --------
    >>> import smtools as sm                                              # doctest: +SKIP
    >>> brief = sm.brief.load("atelier-nova", "clients")                  # doctest: +SKIP
    >>> r = sm.report.review(brief, sm.Workspace("workspace.duckdb"))     # doctest: +SKIP
    >>> r.reputation.crisis                                               # doctest: +SKIP
    True
    """
    from smtools import _shared

    def make() -> CampaignReview:
        with ws.reading():  # one connection for the review's few dozen reads
            return _review(brief, ws, plan, as_of, language, seed)
    if plan is not None:  # a plan given: nothing to share the review with
        return make()
    day = None if as_of is None else pd.Timestamp(as_of).normalize()
    key = _shared.content_key(brief, ws, kind="review", as_of=day, language=language,
                              seed=seed)
    return _shared.kept(key, make)


def _review(brief: Brief, ws: Workspace, plan: MediaPlan | None, as_of: str | dt.date | None,
            language: str | None, seed: int) -> CampaignReview:
    """Review a campaign (see :func:`review`; ``ws`` is read through one connection)."""
    from smtools.plan import build

    clock: dict[str, float] = {}
    t = time.perf_counter()
    lang = _text.check_language(language, brief.language)
    if plan is None:
        plan = build(brief, ws, as_of=brief.campaign.start, seed=seed)
        clock["plan"] = time.perf_counter() - t
    elif plan.brief.client != brief.client:
        raise DataError(f"the plan is for client '{plan.brief.client}', not '{brief.client}'",
                        column="plan", hint="pass the plan of this brief, or none to rebuild it")

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        clock[name] = round(now - t, 3)
        t = now

    t = time.perf_counter()
    act = load(brief, ws, plan, as_of=as_of)
    lap("actuals")
    pace = pacing(act, language=lang)
    lap("pacing")
    money = roi(act, language=lang, seed=seed)
    lap("roi")
    kp = targets(act, language=lang, incremental_roas=money.total.get("roas"))
    lap("kpis")
    ch = channels(act, language=lang)
    lap("channels")
    ct = content(act, language=lang)
    tm = timing(act, language=lang, seed=seed)
    lap("content")
    au = audience(act, language=lang, reach=kp.reach.estimate)
    rp = reputation(act, language=lang)
    lap("audience_reputation")
    remaining = (brief.campaign.end - act.last).days
    recs = recommend(pacing=pace, targets=kp, channels=ch, roi=money, content=ct, timing=tm,
                     reputation=rp, progress=act.progress, remaining=remaining, language=lang,
                     currency=brief.currency)
    out = CampaignReview(brief=brief, plan=plan, actuals=act, language=lang, pacing=pace,
                         kpis=kp, channels=ch, roi=money, content=ct, timing=tm, audience=au,
                         reputation=rp, recommendations=recs, seconds=clock)
    out.summary()
    lap("summary")
    clock["plan"] = round(clock.get("plan", 0.0), 3)
    return out
