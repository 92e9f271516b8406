"""The exercises of the training lessons: what each asks, how its answer is computed.

Every exercise has an id (``lesson3.sainsbury_reach``), the lesson it belongs
to, a title and a one-line summary of what it asks, the *form* its answer takes
(:mod:`smtools.teach.answers`: a share, a choice, a budget split…) with the
tolerance that suits it, the function that computes the expected answer — from
the numbers of the exercise, with smtools itself, or from a synthetic client's
known truth — progressive hints, and the typical mistakes it recognises (each
with its own hint).

The expected answers are computed, not typed in: change an exercise's numbers
here and its answer follows. They are never shown by :func:`smtools.teach.check`;
the trainer edition built by ``smtools teach build`` prints them in its key.

Exercises about data say which data (``uses``): ``"data"``, a synthetic client
(:func:`smtools.teach.dataset`), or ``"review"``, the capstone's campaign review;
``dataset`` is the client and seed used when the lesson does not pass its own.

Examples
--------
>>> ex = get("lesson3.sainsbury_reach")
>>> ex.lesson, ex.form.describe
(3, "a fraction such as 0.42 or a percentage such as '42%'")
>>> sorted({e.lesson for e in EXERCISES.values()})
[1, 2, 3, 4, 5, 6, 7, 8]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from smtools.errors import DataError
from smtools.teach import answers
from smtools.teach.data import campaign_window, true_curves

__all__ = ["EXERCISES", "Exercise", "Mistake", "get", "listing"]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint it deserves.

    Attributes
    ----------
    answer : callable
        ``context → the wrong answer`` (computed like the expected one).
    hint : str
        What to look at again (never the right answer).
    """

    answer: Callable[[Any], Any]
    hint: str


@dataclass(frozen=True)
class Exercise:
    """One self-checking exercise.

    Attributes
    ----------
    id : str
        ``lesson<N>.<name>``.
    lesson : int
        Lesson number (1–8).
    title : str
        Short title.
    asks : str
        What the student must find, in one sentence.
    form : Form
        How the answer is read and compared (with its tolerance).
    solve : callable
        ``context → expected answer``.
    hints : tuple of str
        Shown one after the other on wrong attempts.
    mistakes : tuple of Mistake
        Recognised wrong answers with their own hint.
    uses : {None, "data", "review"}
        The context the answer depends on.
    dataset : (str, int), optional
        Default client and seed of that context.
    praise : str
        The take-away shown with a right answer.
    """

    id: str
    lesson: int
    title: str
    asks: str
    form: answers.Form
    solve: Callable[[Any], Any]
    hints: tuple[str, ...]
    mistakes: tuple[Mistake, ...] = ()
    uses: str | None = None
    dataset: tuple[str, int] | None = None
    praise: str = ""
    options: Callable[[Any], tuple[str, ...]] | None = field(default=None, repr=False)


# --------------------------------------------------------------------------- helpers
def _kpis(d: Any, table: str = "performance") -> pd.DataFrame:
    from smtools import channel

    return channel.kpis(campaign_window(d, table), by="channel").to_frame()


def _row_mean(d: Any, channel: str, num: str, den: str) -> float:
    rows = campaign_window(d, "performance")
    rows = rows[(rows["channel"] == channel) & (rows[den] > 0)]
    return float((rows[num] / rows[den]).mean())


def _sov(d: Any, column: str = "sov") -> float:
    from smtools import channel

    sov = channel.share_of_voice(campaign_window(d, "mentions"))
    return float(sov.set_index("brand").loc[d.brief.name, column])


def _target(d: Any) -> Any:
    from smtools import audience

    return audience.target(d.brief)


def _fit(d: Any) -> pd.DataFrame:
    from smtools import audience

    return audience.platform_fit(_target(d)).to_frame()


def _gap(d: Any) -> pd.DataFrame:
    from smtools import audience

    fol = d.tables["audience"]
    return audience.follower_gap(fol[fol["source"] == "followers"], _target(d)).to_frame()


def _size(d: Any, *, regions: bool = True) -> float:
    from smtools import audience

    share = d.brief.audience.region_share if regions else None
    return float(audience.size(_target(d), region_share=share).total)


def _best_slot(d: Any, channel: str, tz: bool = True) -> tuple[str, int]:
    from smtools import channel as chan

    bt = chan.best_times(d.tables["posts"], tz=d.brief.timezone if tz else None, top=1)
    rec = bt.recommendations.set_index("channel").loc[channel]
    return str(rec["weekday"]), int(rec["hour"])


def _top_format(d: Any, channel: str, metric: str) -> str:
    from smtools import channel as chan

    posts = d.tables["posts"]
    cc = chan.compare_content(posts[posts["channel"] == channel], by="format", metric=metric)
    return str(cc.to_frame().index[0])


def _campaign_significant(d: Any, channel: str, a: str, b: str) -> bool:
    from smtools import channel as chan

    posts = campaign_window(d, "posts")
    cc = chan.compare_content(posts[posts["channel"] == channel], by="format",
                              metric="er_followers")
    return bool(cc.pairwise_row(a, b)["p_holm"] < 0.05)


def _planned_daily(d: Any) -> dict[str, float]:
    c = d.truth["campaign"]
    return {ch: c["budget"] * share / c["days"] for ch, share in c["split"].items()}


def _next_pound(d: Any) -> str:
    curves = true_curves(d)
    spend = _planned_daily(d)
    return max(spend, key=lambda ch: curves.marginal(ch, spend[ch]))


def _best_roas_at_plan(d: Any) -> str:
    curves = true_curves(d)
    spend = _planned_daily(d)
    return max(spend, key=lambda ch: curves[ch](spend[ch]) / spend[ch])


def _split(d: Any) -> dict[str, Any]:
    from smtools.roi import optimize

    curves = true_curves(d)
    budget = float(d.truth["campaign"]["budget"])
    days = float(d.truth["campaign"]["days"])
    res = optimize.allocate(curves, budget, periods=days)

    def value(split: dict[str, float]) -> float:
        return float(sum(curves[ch](split.get(ch, 0.0) / days) * days for ch in curves))

    return {"split": res.allocation, "value": value, "budget": budget}


def _over_reporting(d: Any, channel: str, *, inverse: bool = False) -> float:
    perf = campaign_window(d, "performance")
    reported = float(perf.loc[perf["channel"] == channel, "revenue"].sum())
    true = float(d.truth["media"]["channels"][channel]["campaign_contribution"])
    return true / reported if inverse else reported / true


def _mmm_best(d: Any) -> str:
    from smtools.roi import mmm

    frame = mmm.wide_frame(d.tables["performance"], d.tables["outcomes"])
    model = mmm.MMM(n_bootstrap=0).fit(frame)
    return str(model.roas_["mean"].idxmax())


def _paths() -> pd.DataFrame:
    return pd.DataFrame({
        "path": ["facebook > instagram > search", "instagram > search", "facebook",
                 "instagram", "search"],
        "total_conversions": [10, 6, 4, 0, 0],
        "total_null": [20, 30, 40, 50, 25]})


def _attribute(model: str, channel: str) -> float:
    from smtools.roi import attribution

    if model == "markov":
        return float(attribution.markov(_paths()).loc[channel, "removal_effect"])
    return float(attribution.heuristics(_paths(), models=[model]).loc[channel, model])


def _channels(d: Any) -> tuple[str, ...]:
    return tuple(d.truth["media"]["channels"])


def _organic(d: Any) -> tuple[str, ...]:
    return tuple(d.truth["organic"]["channels"])


def _kpi_frame(r: Any) -> pd.DataFrame:
    return r.kpis.to_frame()


FUNNEL = {"reach": "awareness", "cpm": "awareness", "share_of_voice": "awareness",
          "engagement_rate": "consideration", "ctr": "consideration", "cpa": "conversion",
          "roas": "conversion", "repeat_purchase_rate": "loyalty"}
STAGES = ("awareness", "consideration", "conversion", "loyalty")
STAGE_ALIASES = {"notoriete": "awareness", "notoriety": "awareness", "attention": "awareness",
                 "considération": "consideration", "consideration": "consideration",
                 "interest": "consideration", "interet": "consideration",
                 "engagement": "consideration", "action": "conversion", "achat": "conversion",
                 "purchase": "conversion", "sales": "conversion", "vente": "conversion",
                 "fidelisation": "loyalty", "fidelite": "loyalty", "retention": "loyalty",
                 "advocacy": "loyalty"}
FORMAT_ALIASES = {"reels": "reel", "carousels": "carousel", "carrousel": "carousel",
                  "images": "image", "photo": "image", "videos": "video", "vidéo": "video"}
KPI_ALIASES = {"couverture": "reach", "repetition": "frequency", "frequence": "frequency",
               "cout par acquisition": "cpa", "cost per acquisition": "cpa",
               "cost per lead": "cpa", "cpl": "cpa"}


# --------------------------------------------------------------------------- registry
_LIST: list[Exercise] = [
    # ---------------------------------------------------------------- lesson 1
    Exercise(
        id="lesson1.funnel_stages", lesson=1, title="KPIs in the funnel",
        asks="Put each of eight KPIs in the funnel stage it measures (awareness, consideration, "
             "conversion, loyalty).",
        form=answers.Labels(describe="a dict KPI → stage, e.g. {'reach': 'awareness', ...}",
                      options=STAGES, aliases=STAGE_ALIASES),
        solve=lambda _: dict(FUNNEL),
        hints=("Ask of each KPI: does it count people who saw us, people who interacted, "
               "people who bought, or people who came back?",
               "Cost KPIs belong to the stage of what they buy: a CPM buys impressions, a CPA "
               "buys actions."),
        praise="Each stage has its own KPIs: judge an awareness campaign on reach and CPM, not "
               "on ROAS."),
    Exercise(
        id="lesson1.cost_per_lead", lesson=1, title="Cost per lead on LinkedIn",
        asks="The cost per lead (CPA) of LinkedIn over the campaign, from the performance table.",
        form=answers.Number(rel_tol=0.01, unit="GBP", describe="an amount, e.g. 85.5"),
        solve=lambda d: float(_kpis(d).loc["linkedin", "cpa"]),
        uses="data", dataset=("cloudledger", 0),
        hints=("CPA = total spend ÷ total conversions (leads), both summed over the campaign's "
               "LinkedIn rows.",
               "Keep only the campaign's days (sm.teach.campaign_window) and only LinkedIn."),
        mistakes=(Mistake(lambda d: float(_kpis(d).loc["linkedin", "cpc"]),
                          "That is the cost per click: divide by the conversions (leads), not "
                          "the clicks."),
                  Mistake(lambda d: _row_mean(d, "linkedin", "spend", "conversions"),
                          "You averaged the daily CPAs: a quiet day then weighs as much as a "
                          "busy one. Divide the sums instead (ratio of sums).")),
        praise="A ratio of sums weighs every pound and every lead the same."),
    Exercise(
        id="lesson1.ctr_by_channel", lesson=1, title="CTR by network",
        asks="The click-through rate of each paid network over the campaign, as a Series or "
             "dict (fractions).",
        form=answers.Numbers(rel_tol=0.01, column="ctr"),
        solve=lambda d: _kpis(d)["ctr"].to_dict(),
        uses="data", dataset=("cloudledger", 0),
        hints=("CTR = Σ clicks ÷ Σ impressions for each network: sm.channel.kpis does it for "
               "you.",),
        mistakes=(Mistake(lambda d: {ch: _row_mean(d, ch, "clicks", "impressions")
                                     for ch in _kpis(d).index},
                          "You averaged the rows' CTRs: take the ratio of the sums of clicks "
                          "and impressions instead."),),
        praise="One number per network, each a ratio of sums."),
    Exercise(
        id="lesson1.engagement_rate", lesson=1, title="Engagement rate of LinkedIn posts",
        asks="The engagement rate by impressions of CloudLedger's LinkedIn posts published "
             "during the campaign (fraction or percentage).",
        form=answers.Share(rel_tol=0.01),
        solve=lambda d: float(_kpis(d, "posts").loc["linkedin", "er_impressions"]),
        uses="data", dataset=("cloudledger", 0),
        hints=("Engagements are likes + comments + shares + saves + clicks; divide their sum by "
               "the sum of impressions.",),
        mistakes=(Mistake(lambda d: float(_kpis(d, "posts").loc["linkedin",
                                                                 "er_impressions_mean"]),
                          "That is the mean of the posts' own rates: a post seen 200 times "
                          "weighs as much as one seen 20,000 times. Use the ratio of sums."),),
        praise="The ratio of sums is the rate of the account as a whole."),
    Exercise(
        id="lesson1.share_of_voice", lesson=1, title="Share of voice",
        asks="CloudLedger's share of voice (share of the mentions of the three brands) during "
             "the campaign.",
        form=answers.Share(abs_tol=0.005),
        solve=lambda d: _sov(d),
        uses="data", dataset=("cloudledger", 0),
        hints=("Share of voice = the brand's mentions ÷ the mentions of all the brands "
               "compared, over the same days.",),
        mistakes=(Mistake(lambda d: _sov(d, "sov_reach"),
                          "That one is weighted by the mentions' reach: the exercise asks for "
                          "the share of the number of mentions."),),
        praise="Share of voice compares a brand with its competitors, not with itself."),
    # ---------------------------------------------------------------- lesson 2
    Exercise(
        id="lesson2.composition_index", lesson=2, title="Composition index by hand",
        asks="A network has 8,000,000 users, 2,400,000 of them in the target; the target is 12% "
             "of the population. Its composition index?",
        form=answers.Number(abs_tol=1.0, describe="a number, e.g. 135"),
        solve=lambda _: 2_400_000 / 8_000_000 / 0.12 * 100,
        hints=("Composition = users in the target ÷ all users of the network.",
               "Index = composition ÷ the target's share of the population × 100."),
        mistakes=(Mistake(lambda _: 30.0, "30% is the composition; compare it with the "
                                          "target's share of the population."),),
        praise="An index above 100 means the network over-represents the target."),
    Exercise(
        id="lesson2.coverage", lesson=2, title="Coverage by hand",
        asks="Same network; the target counts 5,000,000 people. Which share of the target does "
             "the network cover?",
        form=answers.Share(abs_tol=0.005),
        solve=lambda _: 2_400_000 / 5_000_000,
        hints=("Coverage = users of the network in the target ÷ people in the target.",),
        mistakes=(Mistake(lambda _: 0.30, "That is the composition (share of the network's "
                                          "users in the target); coverage divides by the "
                                          "target."),),
        praise="Index says how concentrated, coverage how big: a plan needs both."),
    Exercise(
        id="lesson2.target_size", lesson=2, title="How many people in the target",
        asks="How many people are in Atelier Nova's target, regions included (the brief's "
             "region share)?",
        form=answers.Number(rel_tol=0.02, integer=True,
                            describe="a number of people, e.g. 1250000"),
        solve=lambda d: _size(d),
        uses="data", dataset=("atelier-nova", 0),
        hints=("sm.audience.size(target, region_share=...) sizes a target from the population "
               "by age band and gender.",),
        mistakes=(Mistake(lambda d: _size(d, regions=False),
                          "That is the whole country: the brief targets a few regions only "
                          "(brief.audience.region_share)."),),
        praise="Size the target first: reach targets and GRP are shares of it."),
    Exercise(
        id="lesson2.best_index", lesson=2, title="Best composition index",
        asks="Which network has the highest composition index for Atelier Nova's target "
             "(reference data)?",
        form=answers.Choice(aliases={"twitter": "x"}),
        solve=lambda d: str(_fit(d)["network"].iloc[0]),
        options=lambda d: tuple(_fit(d)["network"]),
        uses="data", dataset=("atelier-nova", 0),
        hints=("sm.audience.platform_fit(target) ranks the networks by composition index.",),
        mistakes=(Mistake(lambda d: str(_fit(d).sort_values("coverage")["network"].iloc[-1]),
                          "That network covers the most of the target, but its audience is not "
                          "the most concentrated in it: look at the index, not the coverage."),),
        praise="The most affinitive network is not always the biggest."),
    Exercise(
        id="lesson2.widest_coverage", lesson=2, title="Widest coverage",
        asks="Which network covers the largest share of Atelier Nova's target?",
        form=answers.Choice(aliases={"twitter": "x"}),
        solve=lambda d: str(_fit(d).sort_values("coverage")["network"].iloc[-1]),
        options=lambda d: tuple(_fit(d)["network"]),
        uses="data", dataset=("atelier-nova", 0),
        hints=("Coverage = users in the target ÷ people in the target: the column 'coverage'.",),
        mistakes=(Mistake(lambda d: str(_fit(d)["network"].iloc[0]),
                          "That network has the best index: the question is about coverage."),),
        praise="Reach needs coverage; affinity needs index."),
    Exercise(
        id="lesson2.follower_gap", lesson=2, title="Followers furthest from the target",
        asks="On which of Atelier Nova's networks are the followers least like the target "
             "(lowest index)?",
        form=answers.Choice(),
        solve=lambda d: str(_gap(d).sort_values("index")["channel"].iloc[0]),
        options=_organic, uses="data", dataset=("atelier-nova", 0),
        hints=("sm.audience.follower_gap(followers, target) compares each network's followers "
               "with the target.",),
        mistakes=(Mistake(lambda d: str(_gap(d).sort_values("index")["channel"].iloc[-1]),
                          "That is the network closest to the target: the question asks for "
                          "the furthest."),),
        praise="A low follower index says organic posts there mostly reach people outside the "
               "target."),
    # ---------------------------------------------------------------- lesson 3
    Exercise(
        id="lesson3.grp", lesson=3, title="GRP from impressions",
        asks="1,200,000 impressions on a target of 800,000 people: how many GRP?",
        form=answers.Number(abs_tol=0.5, describe="a number of points, e.g. 120"),
        solve=lambda _: 1_200_000 / 800_000 * 100,
        hints=("GRP = impressions ÷ target population × 100.",),
        praise="GRP count contacts, not people: the same person seen twice counts twice."),
    Exercise(
        id="lesson3.sainsbury_reach", lesson=3, title="Net reach (Sainsbury)",
        asks="One insertion on LinkedIn (30%), YouTube (25%) and Google (20%): net reach with "
             "random duplication?",
        form=answers.Share(abs_tol=0.005),
        solve=lambda _: 1 - (1 - 0.30) * (1 - 0.25) * (1 - 0.20),
        hints=("A person is missed by the plan only if every vehicle misses them.",
               "Multiply the chances of missing each vehicle: (1 − 0.30) × (1 − 0.25) × …, then "
               "take the complement."),
        mistakes=(Mistake(lambda _: 0.75, "You added the reaches: the people reached by two "
                                          "networks are then counted twice."),),
        praise="Sainsbury assumes random duplication: real audiences overlap more."),
    Exercise(
        id="lesson3.average_frequency", lesson=3, title="Average frequency",
        asks="For the same three insertions, the average frequency among the people reached?",
        form=answers.Number(abs_tol=0.01, describe="a number of exposures, e.g. 1.5"),
        solve=lambda _: (30 + 25 + 20) / (100 * (1 - 0.7 * 0.75 * 0.8)),
        hints=("Average frequency = GRP ÷ reach (in points).",
               "The GRP of one insertion per vehicle is the sum of their reaches in points."),
        mistakes=(Mistake(lambda _: 0.75, "That is the exposures per head of the whole target: "
                                          "divide by the people reached, not by everyone."),),
        praise="Frequency is always at least 1 among the people reached."),
    Exercise(
        id="lesson3.beta_binomial_reach", lesson=3, title="Reach of five insertions",
        asks="One vehicle reaches 25% with one insertion and 38% with two: reach of five "
             "insertions (beta-binomial)?",
        form=answers.Share(abs_tol=0.005),
        solve=lambda _: _beta_binomial().reach,
        hints=("sm.reach.beta_binomial(r1, r2, n) fits the duplication to R1 and R2.",),
        mistakes=(Mistake(lambda _: 1 - 0.75 ** 5,
                          "That assumes random duplication between insertions: R2 = 38% says "
                          "the same people see the vehicle again more often than by chance."),),
        praise="Heavy users see every insertion: reach grows slower than at random."),
    Exercise(
        id="lesson3.effective_reach", lesson=3, title="Effective reach (3+)",
        asks="Same five insertions: share of the target exposed three times or more?",
        form=answers.Share(abs_tol=0.005),
        solve=lambda _: _beta_binomial().at_least(3),
        hints=("Effective reach 3+ = the share exposed at least 3 times: .at_least(3).",),
        mistakes=(Mistake(lambda _: _beta_binomial().reach,
                          "That is the 1+ reach: the question asks for 3 exposures or more."),
                  Mistake(lambda _: _beta_binomial().exactly(3),
                          "That is exactly 3 exposures: add those exposed 4 and 5 times.")),
        praise="Effective reach is the share that saw the message often enough to remember it."),
    Exercise(
        id="lesson3.cost_per_point", lesson=3, title="Cost per point",
        asks="A schedule costs £45,000 for 150 GRP: its cost per (rating) point?",
        form=answers.Number(rel_tol=0.01, unit="GBP", describe="an amount, e.g. 250"),
        solve=lambda _: 45_000 / 150,
        hints=("Cost per point = cost ÷ GRP.",),
        mistakes=(Mistake(lambda _: 45_000 / 1_200_000 * 1000,
                          "That is the CPM (cost per thousand impressions): the question asks "
                          "for the cost of one rating point."),),
        praise="Meta's 'CPP' is another thing: the cost per 1,000 people reached."),
    # ---------------------------------------------------------------- lesson 4
    Exercise(
        id="lesson4.best_slot", lesson=4, title="Best time on TikTok",
        asks="The best weekday and hour to post on Atelier Nova's TikTok (local time).",
        form=answers.Slot(),
        solve=lambda d: _best_slot(d, "tiktok"),
        uses="data", dataset=("atelier-nova", 0),
        hints=("sm.channel.best_times(posts, tz=brief.timezone) ranks the slots by shrunken "
               "lift.",),
        mistakes=(Mistake(lambda d: _best_slot(d, "tiktok", tz=False),
                          "That slot is in UTC: read the hours in the client's time zone "
                          "(tz=brief.timezone)."),),
        praise="Local time matters: audiences live in their own time zone."),
    Exercise(
        id="lesson4.best_format", lesson=4, title="Best Instagram format",
        asks="Which Instagram format earns the most engagement per follower?",
        form=answers.Choice(aliases=FORMAT_ALIASES, options=("reel", "carousel", "image")),
        solve=lambda d: _top_format(d, "instagram", "er_followers"),
        uses="data", dataset=("atelier-nova", 0),
        hints=("Compare formats with sm.channel.compare_content(..., metric='er_followers').",),
        mistakes=(Mistake(lambda d: _top_format(d, "instagram", "er_impressions"),
                          "That format wins per impression; the platform also shows formats to "
                          "different numbers of people. Per follower, the effect of the format "
                          "on the audience is what is compared."),),
        praise="The denominator decides the winner: say which rate you compare."),
    Exercise(
        id="lesson4.campaign_significant", lesson=4, title="Significant over six weeks?",
        asks="On the campaign's weeks only, is the gap between Instagram reels and images "
             "significant at 5% (Holm-adjusted)?",
        form=answers.YesNo(),
        solve=lambda d: _campaign_significant(d, "instagram", "reel", "image"),
        uses="data", dataset=("atelier-nova", 0),
        hints=("Run compare_content on the campaign's posts only and read the pairwise p-value "
               "(p_holm) of reel against image.",),
        praise="Few posts, wide intervals: absence of evidence is not evidence of absence."),
    Exercise(
        id="lesson4.shrinkage", lesson=4, title="Shrinkage weight",
        asks="τ² = 0.04, σ² = 0.36, a slot with 4 posts: the weight B its own average keeps?",
        form=answers.Share(abs_tol=0.005, describe="a weight between 0 and 1, e.g. 0.25"),
        solve=lambda _: 0.04 / (0.04 + 0.36 / 4),
        hints=("B = τ² ÷ (τ² + σ²/n).",),
        mistakes=(Mistake(lambda _: 0.04 / (0.04 + 0.36),
                          "You used σ² for one post: a slot's average of n posts has variance "
                          "σ²/n."),),
        praise="More posts, more weight on the slot's own average."),
    # ---------------------------------------------------------------- lesson 5
    Exercise(
        id="lesson5.steady_adstock", lesson=5, title="Adstock at steady state",
        asks="Spending 50 a day, every day, with a decay of 0.4: the adstock it builds up to?",
        form=answers.Number(rel_tol=0.01, describe="a number, e.g. 70"),
        solve=lambda _: 50 / (1 - 0.4),
        hints=("At steady state a = x + θ·a, so a = x ÷ (1 − θ).",),
        mistakes=(Mistake(lambda _: 50 * 0.4, "That is only what is left of one day's spend "
                                              "the next day; the adstock adds up every day."),
                  Mistake(lambda _: 50 / 0.4, "Divide by 1 − θ, not by θ.")),
        praise="Each unit of spend carries 1 ÷ (1 − θ) units in total."),
    Exercise(
        id="lesson5.hill_response", lesson=5, title="Hill saturation",
        asks="β = 120 a day, K = 60, S = 1.5: the revenue a day at an adstock of 90?",
        form=answers.Number(rel_tol=0.01, describe="an amount, e.g. 80.5"),
        solve=lambda _: 120 * 90 ** 1.5 / (90 ** 1.5 + 60 ** 1.5),
        hints=("Revenue = β · aˢ ÷ (aˢ + Kˢ).",),
        mistakes=(Mistake(lambda _: 120 * 90 / (90 + 60),
                          "You left the shape S out: raise a and K to the power S."),),
        praise="At a = K the curve gives half of β whatever S."),
    Exercise(
        id="lesson5.next_pound", lesson=5, title="Where the next pound goes",
        asks="At the brief's planned daily spends, which channel's next pound brings the most "
             "revenue (true curves)?",
        form=answers.Choice(),
        solve=_next_pound, options=_channels,
        uses="data", dataset=("cloudledger", 0),
        hints=("Compare the slopes of the true curves at the planned spends: "
               "curves.marginal(channel, spend).",),
        mistakes=(Mistake(_best_roas_at_plan,
                          "That channel has the best average return (revenue ÷ spend) at the "
                          "plan; the next pound earns the slope, which falls as spend rises."),),
        praise="Money goes where the marginal return is highest, not the average one."),
    Exercise(
        id="lesson5.best_split", lesson=5, title="Split the budget",
        asks="Split CloudLedger's campaign budget over its three channels for the most "
             "revenue (true curves, campaign days).",
        form=answers.Split(),
        solve=_split,
        uses="data", dataset=("cloudledger", 0),
        hints=("At the best split every funded channel has the same marginal return.",
               "sm.roi.optimize.allocate(curves, budget, periods=days) does it; or try splits "
               "and compare their revenue."),
        praise="Diminishing returns spread the money: no channel takes it all."),
    # ---------------------------------------------------------------- lesson 6
    Exercise(
        id="lesson6.profit_roi", lesson=6, title="ROI with a margin",
        asks="Revenue 12,000, media cost 4,000, gross margin 30%: the profit ROI?",
        form=answers.Share(abs_tol=0.005),
        solve=lambda _: (12_000 * 0.30 - 4_000) / 4_000,
        hints=("Profit ROI = (revenue × margin − cost) ÷ cost.",),
        mistakes=(Mistake(lambda _: (12_000 - 4_000) / 4_000,
                          "That is the revenue ROI: the campaign's sales are not its profit; "
                          "apply the margin."),
                  Mistake(lambda _: 12_000 / 4_000,
                          "That is the ROAS (revenue ÷ spend), not a return on investment.")),
        praise="A ROAS of 3 can lose money at a 30% margin."),
    Exercise(
        id="lesson6.linear_credit", lesson=6, title="Linear attribution by hand",
        asks="Conversions credited to search by the linear model on the five paths of the "
             "lesson.",
        form=answers.Number(abs_tol=0.01, describe="a number of conversions, e.g. 4.5"),
        solve=lambda _: _attribute("linear", "search"),
        hints=("Linear: each converting path shares its conversions equally among its touches.",
               "The 10 conversions of a three-touch path give a third each."),
        mistakes=(Mistake(lambda _: _attribute("last_touch", "search"),
                          "That is last-touch credit: the linear model shares each conversion "
                          "among all the touches of its path."),),
        praise="Rules divide the credit; they do not measure what each channel caused."),
    Exercise(
        id="lesson6.removal_effect", lesson=6, title="Markov removal effect",
        asks="On the same paths (with those that did not convert), the Markov removal effect "
             "of instagram?",
        form=answers.Share(abs_tol=0.01),
        solve=lambda _: _attribute("markov", "instagram"),
        hints=("sm.roi.attribution.Markov().fit(paths).removal_effects_.",),
        mistakes=(Mistake(lambda _: 16 / 20,
                          "That is the share of conversions whose path contains instagram: "
                          "the Markov chain also learns from the paths that did not convert."),),
        praise="A removal effect is a counterfactual inside the chain, not an experiment."),
    Exercise(
        id="lesson6.over_reporting", lesson=6, title="How much does Meta over-report?",
        asks="During the campaign, Facebook's platform-reported revenue ÷ its true incremental "
             "revenue (truth).",
        form=answers.Number(rel_tol=0.02, describe="a ratio, e.g. 1.3"),
        solve=lambda d: _over_reporting(d, "facebook"),
        uses="data", dataset=("bistro-lumiere", 0),
        hints=("Reported: the revenue column of the performance table. True: "
               "truth['media']['channels']['facebook']['campaign_contribution'].",),
        mistakes=(Mistake(lambda d: _over_reporting(d, "facebook", inverse=True),
                          "You divided the other way round: reported ÷ true."),),
        praise="Platforms count conversions that would have happened anyway."),
    # ---------------------------------------------------------------- lesson 7
    Exercise(
        id="lesson7.ab_significant", lesson=7, title="Is B better?",
        asks="A: 200 conversions out of 5,000; B: 236 out of 5,000. Is the difference "
             "significant at 5% (two-sided)?",
        form=answers.YesNo(),
        solve=lambda _: bool(_ab().significant),
        hints=("sm.roi.experiments.proportion_test(conversions=(200, 236), visitors=(5000, "
               "5000)).",),
        praise="An 18% lift can be noise with a few hundred conversions."),
    Exercise(
        id="lesson7.ab_pvalue", lesson=7, title="The p-value",
        asks="The p-value of the same two-proportion z test.",
        form=answers.Number(abs_tol=0.003, describe="a probability, e.g. 0.12"),
        solve=lambda _: float(_ab().p_value),
        hints=("z = (p_B − p_A) ÷ √(p̄(1 − p̄)(1/n_A + 1/n_B)), with p̄ the pooled rate; "
               "p = 2 × (1 − Φ(|z|)).",),
        mistakes=(Mistake(lambda _: float(_ab().p_value) / 2,
                          "That is the one-sided p-value: the test is two-sided."),),
        praise="The p-value is the chance of a gap at least this big if B were no better."),
    Exercise(
        id="lesson7.sample_size", lesson=7, title="How many visitors?",
        asks="Visitors per group to detect a +10% relative lift on a 4% conversion rate "
             "(α 5%, power 80%).",
        form=answers.Number(rel_tol=0.03, integer=True,
                            describe="a number of visitors, e.g. 12000"),
        solve=lambda _: float(_sample_size().per_group),
        hints=("sm.roi.experiments.sample_size(baseline=..., lift=...); the lift is relative.",),
        mistakes=(Mistake(lambda _: float(_sample_size().total),
                          "That is both groups together: the question asks per group."),),
        praise="Small lifts on small rates need very large tests."),
    Exercise(
        id="lesson7.peeking", lesson=7, title="Peeking",
        asks="Looking at a test five times and stopping at the first p < 0.05: the "
             "false-positive rate?",
        form=answers.Share(abs_tol=0.01),
        solve=lambda _: _peeking(),
        hints=("sm.roi.experiments.peeking_false_positive_rate(looks).",),
        mistakes=(Mistake(lambda _: 0.05, "5% holds for one look: each extra look is another "
                                          "chance of a false alarm."),
                  Mistake(lambda _: 0.25, "5 × 5% is the Bonferroni bound: the looks are "
                                          "correlated, the real rate is lower.")),
        praise="Decide the length of a test before it starts, or use sequential boundaries."),
    Exercise(
        id="lesson7.mmm_best", lesson=7, title="Best channel by the MMM",
        asks="Which of Atelier Nova's channels has the highest ROAS according to the "
             "marketing-mix model?",
        form=answers.Choice(),
        solve=_mmm_best, options=_channels,
        uses="data", dataset=("atelier-nova", 0),
        hints=("Fit sm.roi.MMM() on sm.roi.mmm.wide_frame(performance, outcomes) and read "
               "roas_.",),
        praise="Compare with the truth: the model's intervals say how sure it is."),
    # ---------------------------------------------------------------- lesson 8
    Exercise(
        id="lesson8.largest_line", lesson=8, title="The plan's biggest line",
        asks="Which network gets the largest budget in the plan?",
        form=answers.Choice(),
        solve=lambda r: max(r.plan.lines, key=lambda line: line.budget).channel,
        options=lambda r: tuple(line.channel for line in r.plan.lines),
        uses="review", dataset=("atelier-nova", 0),
        hints=("plan.to_frame() has a budget per line.",),
        praise="The plan's split comes from the response curves and the brief's bounds."),
    Exercise(
        id="lesson8.delivery", lesson=8, title="Budget delivered",
        asks="Actual spend ÷ planned budget over the campaign (fraction or percentage).",
        form=answers.Share(abs_tol=0.002),
        solve=lambda r: float(r.pacing.to_frame().set_index("channel").loc["total", "actual"]
                              / r.pacing.to_frame().set_index("channel").loc["total",
                                                                           "planned"]),
        uses="review", dataset=("atelier-nova", 0),
        hints=("The pacing section compares actual spend with the plan: review.pacing."
               "to_frame(), row 'total'.",),
        praise="Pacing is the first thing a client asks about."),
    Exercise(
        id="lesson8.targets_met", lesson=8, title="Targets met",
        asks="Which KPI targets of the brief did the campaign meet?",
        form=answers.Items(aliases=KPI_ALIASES, options=("reach", "frequency", "cpm", "cpc", "cpa",
                                                    "ctr", "roas")),
        solve=lambda r: frozenset(_kpi_frame(r).loc[_kpi_frame(r)["status"] == "met", "kpi"]),
        uses="review", dataset=("atelier-nova", 0),
        hints=("review.kpis.to_frame() has a status for each target.",),
        praise="Report every target, met or not, with its number."),
    Exercise(
        id="lesson8.most_over_reported", lesson=8, title="Most over-reported network",
        asks="Which network's platform claims the most revenue relative to what the model "
             "judges incremental?",
        form=answers.Choice(),
        solve=lambda r: str(r.roi.to_frame().set_index("channel")["over_reporting"].idxmax()),
        options=lambda r: tuple(r.roi.to_frame()["channel"]),
        uses="review", dataset=("atelier-nova", 0),
        hints=("review.roi.to_frame() compares platform-reported and incremental results: "
               "the column over_reporting.",),
        praise="Judge networks on what they caused, not on what they claim."),
]


def _beta_binomial() -> Any:
    from smtools import reach

    return reach.beta_binomial(0.25, 0.38, 5)


def _ab() -> Any:
    from smtools.roi import experiments

    return experiments.proportion_test(conversions=(200, 236), visitors=(5000, 5000))


def _sample_size() -> Any:
    from smtools.roi import experiments

    return experiments.sample_size(baseline=0.04, lift=0.10)


def _peeking() -> float:
    from smtools.roi import experiments

    return float(experiments.peeking_false_positive_rate(5))


#: Every exercise by id, in lesson order.
EXERCISES: dict[str, Exercise] = {e.id: e for e in _LIST}
if len(EXERCISES) != len(_LIST):  # pragma: no cover - guards the registry itself
    raise RuntimeError("two exercises share an id")


def get(exercise_id: str) -> Exercise:
    """The exercise called ``exercise_id``.

    Raises
    ------
    DataError
        Naming the lesson's exercises when the id is unknown.

    Examples
    --------
    >>> get("lesson1.funnel_stages").title
    'KPIs in the funnel'
    >>> get("lesson3.reach")
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: no exercise 'lesson3.reach'. Fix: use one of lesson3.grp, \
lesson3.sainsbury_reach, lesson3.average_frequency, lesson3.beta_binomial_reach, \
lesson3.effective_reach, lesson3.cost_per_point.
    """
    if exercise_id in EXERCISES:
        return EXERCISES[exercise_id]
    lesson = str(exercise_id).split(".")[0]
    same = [k for k in EXERCISES if k.startswith(lesson + ".")] or list(EXERCISES)
    raise DataError(f"no exercise {exercise_id!r}", hint=f"use one of {', '.join(same)}")


def listing(lesson: int | None = None) -> pd.DataFrame:
    """The exercises (without their answers): id, lesson, title, what is asked, form, tolerance.

    Examples
    --------
    >>> listing(3)["id"].tolist()[:2]
    ['lesson3.grp', 'lesson3.sainsbury_reach']
    """
    rows = [{"id": e.id, "lesson": e.lesson, "title": e.title, "asks": e.asks,
             "answer": e.form.describe, "tolerance": e.form.tolerance(),
             "data": f"{e.dataset[0]} (seed {e.dataset[1]})" if e.dataset else ""}
            for e in EXERCISES.values() if lesson is None or e.lesson == lesson]
    return pd.DataFrame(rows)
