"""Generate a synthetic client (tables, truth, brief) and write it to a workspace.

Examples
--------
>>> d = generate("bistro-lumiere", seed=0)
>>> sorted(d.tables)  # doctest: +NORMALIZE_WHITESPACE
['audience', 'influencer_posts', 'influencers', 'journeys', 'mentions', 'outcomes',
 'performance', 'posts', 'sessions']
>>> d.truth["media"]["channels"]["instagram"]["roas"] > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools import tables as canonical
from smtools.brief import Brief
from smtools.synth import calendar, media, outcomes, seeding
from smtools.synth.audience import audience_table
from smtools.synth.influencers import influencers_tables
from smtools.synth.journeys import journeys_table
from smtools.synth.mentions import mentions_table
from smtools.synth.organic import posts_table
from smtools.synth.performance import performance_table
from smtools.synth.profiles import Profile, brief_for, brief_yaml, profile_for
from smtools.synth.sessions import sessions_table
from smtools.synth.spend import SpendPlan, plan_spend, spend_stats

if TYPE_CHECKING:
    from smtools.workspace import Workspace

__all__ = ["TRUTH_VERSION", "SynthData", "generate", "write"]

#: Version of the truth's layout (bump when keys change meaning).
TRUTH_VERSION = 1


@dataclass
class SynthData:
    """A generated client: its canonical tables, the truth behind them and its brief.

    Attributes
    ----------
    slug : str
        Client slug.
    seed : int
        Seed the data was drawn with.
    tables : dict
        Canonical table name → validated DataFrame.
    truth : dict
        The known generating process (plain JSON-safe data).
    brief : Brief
        The client's brief.
    """

    slug: str
    seed: int
    tables: dict[str, pd.DataFrame]
    truth: dict[str, Any]
    brief: Brief

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v):,}" for k, v in self.tables.items())
        return f"SynthData('{self.slug}', seed={self.seed}, {counts})"


def _top_campaign(plan: SpendPlan) -> np.ndarray:
    """Campaign with the most spend per day and channel (None on dark days)."""
    by = plan.rows.groupby(["day", "channel", "campaign"], as_index=False)["spend"].sum()
    top = by.loc[by.groupby(["day", "channel"])["spend"].idxmax()]
    out = np.full(plan.daily.shape, None, dtype=object)
    col = pd.Categorical(top["channel"], categories=plan.channels).codes
    out[top["day"].to_numpy(), col] = top["campaign"].to_numpy(dtype=object)
    return out


def _daily(frame: pd.DataFrame, channels: list[str], column: str) -> np.ndarray:
    """Daily sum of ``column`` per channel from the performance table (730 × channels)."""
    dates = calendar.history_dates()
    day = (frame["date"] - dates[0]).dt.days.to_numpy()
    col = pd.Categorical(frame["channel"], categories=channels).codes
    out = np.zeros((len(dates), len(channels)))
    np.add.at(out, (day, col), frame[column].to_numpy(dtype=float))
    return out


def _campaign_truth(profile: Profile, plan: SpendPlan) -> dict[str, Any]:
    c = profile.brief["campaign"]
    spend = {ch: float(plan.daily[plan.window, j].sum()) for j, ch in enumerate(plan.channels)}
    return {"name": c["name"], "start": c["start"], "end": c["end"],
            "days": int(plan.window.sum()), "budget": float(c["budget"]),
            "split": plan.split, "delivery": plan.delivery, "spend": spend,
            "total_spend": float(sum(spend.values()))}


def generate(slug: str, seed: int = 0) -> SynthData:
    """Generate a synthetic client's two years of data with its known truth.

    Parameters
    ----------
    slug : str
        A demo client (see :func:`smtools.synth.demo_clients`) or a portfolio
        client (``client-01`` …, see :func:`smtools.synth.portfolio`).
    seed : int
        Non-negative seed: the same seed gives identical data, another seed
        different data (the brief stays the same).

    Returns
    -------
    SynthData
        ``tables`` (performance, outcomes, posts, audience, journeys,
        mentions, sessions, influencers, influencer_posts — each valid under
        :func:`smtools.tables.validate`),
        ``truth`` and ``brief``.

    Notes
    -----
    ``truth`` (plain JSON) has these keys:

    * ``version``, ``client``, ``seed``, ``archetype``, ``currency``, ``timezone``,
      ``history`` (``start``, ``end``, ``days``);
    * ``campaign``: the brief's ``name``, ``start``, ``end``, ``days``, ``budget``,
      planned ``split`` and ``delivery`` per channel, actual ``spend`` per channel
      and ``total_spend``;
    * ``spend_plan``: ``attempts``, ``max_weekly_correlation``, ``min_weekly_cv``,
      ``share`` per channel, ``dark_periods`` per channel (inclusive date pairs);
    * ``media``: the definitions ``adstock``, ``hill``, ``contribution`` and
      ``marginal_roas``; ``channels`` → per channel ``decay`` (per day),
      ``half_saturation`` (K), ``shape`` (S), ``beta``, ``mean_adstock``,
      ``spend``, ``contribution``, ``roas``, ``marginal_roas``,
      ``campaign_spend``, ``campaign_contribution``, ``campaign_roas``,
      ``campaign_incremental_roas`` and ``platform`` (``factor``,
      ``reported_revenue``, ``reported_conversions``, ``reported_over_true``);
      ``total_spend``, ``total_contribution``, ``roas``, ``media_share``,
      ``target_media_share`` (see :mod:`smtools.synth.media`);
    * ``baseline``: ``level``, ``growth``, ``weekly``, ``yearly``, ``events``
      (name, dates, uplift), ``formula``, ``total`` (see
      :func:`smtools.synth.outcomes.baseline`);
    * ``noise``: ``sigma``, ``formula``, ``observed_cv``;
    * ``outcomes``: ``kpis``, ``unit_value``, ``expected_revenue``, ``observed``;
    * ``organic``: ``engagement_model``, ``noise_sigma``, ``posting_hours``,
      ``pillar_effect`` and ``channels`` → ``best_slot`` (``weekday``, ``hour``),
      ``slot_effect`` (7 × 24), ``format_effect``, ``base_rate``, ``reach_rate``,
      ``posts``, ``followers_start``, ``followers_end``;
    * ``audience``: per channel ``followers``, ``age``, ``female_by_age``, ``region``;
    * ``journeys``: ``model``, ``p0``, ``touch_effect``, ``users``, ``touches``,
      ``touches_by_channel``, ``converters``, ``expected_conversions``,
      ``expected_without``, ``removal_effect``, ``conversion_value``;
    * ``mentions``: ``brands``, ``baseline_rate``, ``weekly``, ``sentiment_mean``,
      ``campaign_lift``, ``crisis`` (``brand``, ``start``, ``end``, ``days``,
      ``multiplier``, ``extra_rate``, ``sentiment_mean``, ``theme``);
    * ``sessions``: ``landing_rate``, ``tracking_coverage``,
      ``sessions_per_conversion``.
    * ``influencers``: ``model``, ``window``, ``n_candidates``, ``n_fakes``,
      ``kinds`` and per candidate whether it is a planted fake (``fake``,
      ``kind``) and its true engagement rate, quality and audience share in
      target (see :func:`smtools.synth.influencers.influencers_tables`).

    Examples
    --------
    >>> d = generate("cloudledger", seed=3)
    >>> d.tables["outcomes"]["kpi"].unique().tolist()
    ['revenue', 'leads']
    >>> d.truth["client"], d.brief.currency
    ('cloudledger', 'GBP')
    """
    profile = profile_for(slug)
    brief = brief_for(slug)
    rng = seeding.streams(slug, seed)

    plan = plan_spend(profile, rng["spend"])
    # the performance table's spend, summed per day and channel, drives the outcome
    effects = media.draw_effects(profile, plan.daily, rng["media"])
    channel_truth, contrib = media.media_truth(effects, plan.daily, plan.window)
    perf, attribution = performance_table(profile, plan, contrib, rng["performance"])
    for ch, att in attribution.items():
        channel_truth[ch]["platform"] = att

    media_total = float(contrib.sum())
    params, target_share = outcomes.baseline_params(profile, media_total, rng["outcomes"])
    base = outcomes.baseline(params)
    sigma = round(float(rng["outcomes"].uniform(*profile.outcome.noise)), 3)
    expected = base + contrib.sum(axis=1)
    outcome_frame, observed = outcomes.outcomes_table(profile, expected, sigma, rng["outcomes"])

    posts, organic_truth, followers = posts_table(profile, rng["organic"])
    audience, audience_truth = audience_table(profile, followers, rng["audience"])
    clicks = _daily(perf, plan.channels, "clicks")
    journeys, journeys_truth = journeys_table(profile, clicks, _top_campaign(plan),
                                              rng["journeys"])
    mentions, mentions_truth = mentions_table(profile, rng["mentions"])
    sessions, sessions_truth = sessions_table(profile, perf, posts, outcome_frame, base,
                                              rng["sessions"])
    influencers, influencer_posts, influencers_truth = influencers_tables(
        profile, brief, rng["influencers"])

    frames = {"performance": perf, "outcomes": outcome_frame, "posts": posts,
              "audience": audience, "journeys": journeys, "mentions": mentions,
              "sessions": sessions, "influencers": influencers,
              "influencer_posts": influencer_posts}
    typed = {name: canonical.validate(name, frame) for name, frame in frames.items()}

    stats = spend_stats(plan.daily)
    total_spend = float(plan.daily.sum())
    truth: dict[str, Any] = {
        "version": TRUTH_VERSION,
        "client": slug,
        "seed": int(seed),
        "archetype": profile.archetype,
        "currency": profile.currency,
        "timezone": profile.timezone,
        "history": {"start": str(calendar.HISTORY_START), "end": str(calendar.HISTORY_END),
                    "days": len(calendar.history_dates())},
        "campaign": _campaign_truth(profile, plan),
        "spend_plan": {
            "attempts": plan.attempts,
            "max_weekly_correlation": stats["max_correlation"],
            "min_weekly_cv": stats["min_cv"],
            "share": {ch: float(plan.daily[:, j].sum() / total_spend)
                      for j, ch in enumerate(plan.channels)},
            "dark_periods": plan.dark,
        },
        "media": {
            "adstock": media.ADSTOCK_DOC,
            "hill": media.HILL_DOC,
            "contribution": media.CONTRIBUTION_DOC,
            "marginal_roas": media.MARGINAL_ROAS_DOC,
            "channels": channel_truth,
            "total_spend": total_spend,
            "total_contribution": media_total,
            "roas": media_total / total_spend,
            "media_share": media_total / float(expected.sum()),
            "target_media_share": target_share,
        },
        "baseline": {**params, "formula": outcomes.BASELINE_DOC, "total": float(base.sum())},
        "noise": {"sigma": sigma, "formula": outcomes.NOISE_DOC,
                  "observed_cv": observed["noise_cv"]},
        "outcomes": {"kpis": ["revenue", profile.outcome.kpi],
                     "unit_value": profile.outcome.unit_value,
                     "expected_revenue": float(expected.sum()),
                     "observed": {k: v for k, v in observed.items() if k != "noise_cv"}},
        "organic": organic_truth,
        "audience": audience_truth,
        "journeys": journeys_truth,
        "mentions": mentions_truth,
        "sessions": sessions_truth,
        "influencers": influencers_truth,
    }
    return SynthData(slug=slug, seed=int(seed), tables=typed, truth=truth, brief=brief)


def write(ws: Workspace, slug: str, *, seed: int = 0, clients_dir: str | Path | None = None
          ) -> SynthData:
    """Generate a client and store it in a workspace, replacing its previous data.

    Every table of the client is deleted first (``ws.delete_client``), each
    generated table is upserted, the truth is saved (``ws.save_truth``), and
    when ``clients_dir`` is given and ``<clients_dir>/<slug>.yaml`` does not
    exist, the brief is written there (an existing brief is never touched).

    Parameters
    ----------
    ws : Workspace
        Target workspace.
    slug : str
        Demo or portfolio client.
    seed : int
        Seed of the data.
    clients_dir : str or Path, optional
        Folder of client briefs.

    Returns
    -------
    SynthData
        What was written.

    Examples
    --------
    >>> import tempfile
    >>> from smtools import Workspace
    >>> tmp = tempfile.mkdtemp()
    >>> ws = Workspace(tmp + "/w.duckdb")
    >>> d = write(ws, "cloudledger", clients_dir=tmp)
    >>> ws.counts("cloudledger")["outcomes"], (Path(tmp) / "cloudledger.yaml").exists()
    (1460, True)
    """
    data = generate(slug, seed)
    ws.delete_client(slug)
    for name, frame in data.tables.items():
        ws.upsert(name, frame, source=f"smtools.synth seed={seed}")
    ws.save_truth(slug, data.truth)
    if clients_dir is not None:
        path = Path(clients_dir) / f"{slug}.yaml"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(brief_yaml(slug), encoding="utf-8")
    return data
