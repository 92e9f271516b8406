"""Brief + history → :class:`~smtools.plan.model.MediaPlan`.

How a plan is made, step by step (each step is a function below):

1. **Situation** — the client's history up to the day before the plan: channel KPIs
   over the last 52 weeks, audience fit of each network to the brief's target (the
   client's follower breakdown where known, the shipped reference otherwise) and
   the best times to post.
2. **Channel selection** — each allowed network gets a score = audience fit ×
   cost efficiency × fit to the objective (see :data:`OBJECTIVE_FIT`) and a
   one-sentence rationale. A network the brief does not require (min share 0)
   whose score is under a quarter of the best is left out.
3. **Budget split** — on the marketing-mix model's response curves with the
   optimiser when the client has at least 26 weeks of paid history (method
   ``mmm``), otherwise in proportion to the scores within the brief's min/max
   shares (method ``benchmarks``). The plan says which it used.
4. **Forecast** — per network, with ranges: impressions from the budget and CPM
   (history when the network has 8 weeks of spend, reference benchmarks
   otherwise), reach and frequency on a Goerg reach curve whose ceiling is the
   target people on the network, clicks, conversions and revenue; across
   networks, reach by convolution of the networks' frequency distributions.
5. **Flighting** — weekly budgets (even, front-loaded or pulsed), frequency caps
   and a posting calendar from the best times, in the client's time zone.
6. **Targets** — each KPI target of the brief against the forecast range, with a
   warning when the budget cannot meet it.

Examples
--------
>>> import smtools as sm                                     # doctest: +SKIP
>>> plan = sm.plan.build(sm.Brief.from_yaml("clients/bistro-lumiere.yaml"),
...                      sm.Workspace("workspace.duckdb"))   # doctest: +SKIP
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from smtools import benchmarks as bench
from smtools import fmt, networks
from smtools.brief import Brief
from smtools.errors import DataError, SmtoolsError
from smtools.plan import flighting, tracking
from smtools.plan.model import ChannelScore, MediaPlan, PlanLine, Range, TargetCheck
from smtools.workspace import Workspace

__all__ = ["build", "OBJECTIVE_FIT", "DEFAULT_FORMATS", "FX", "MIN_MMM_WEEKS"]

#: Weeks of paid history from which the budget split uses the marketing-mix model.
MIN_MMM_WEEKS = 26
#: Weeks of a network's own spend from which its costs come from history.
MIN_COST_WEEKS = 8
#: Share of the target that uses Google Search (no demographic reference exists for it).
SEARCH_COVERAGE = 0.85
#: Share of a network's users in the target that one campaign can reach within its flight
#: (auction, activity and pacing limits): the ceiling of the reach curve, a planning default.
REACHABLE = 0.5

#: Fit of each network to each objective (0–1): planning judgement, smtools defaults.
OBJECTIVE_FIT: dict[str, dict[str, float]] = {
    "facebook": {"awareness": 0.9, "reach": 0.9, "video_views": 0.7, "engagement": 0.9,
                 "traffic": 0.8, "leads": 0.8, "sales": 0.8, "app_installs": 0.8},
    "instagram": {"awareness": 0.9, "reach": 0.9, "video_views": 0.9, "engagement": 1.0,
                  "traffic": 0.7, "leads": 0.6, "sales": 0.7, "app_installs": 0.7},
    "tiktok": {"awareness": 1.0, "reach": 0.9, "video_views": 1.0, "engagement": 0.9,
               "traffic": 0.6, "leads": 0.4, "sales": 0.6, "app_installs": 0.8},
    "linkedin": {"awareness": 0.7, "reach": 0.6, "video_views": 0.5, "engagement": 0.6,
                 "traffic": 0.7, "leads": 1.0, "sales": 0.5, "app_installs": 0.3},
    "youtube": {"awareness": 1.0, "reach": 1.0, "video_views": 1.0, "engagement": 0.5,
                "traffic": 0.5, "leads": 0.4, "sales": 0.5, "app_installs": 0.6},
    "pinterest": {"awareness": 0.7, "reach": 0.6, "video_views": 0.4, "engagement": 0.6,
                  "traffic": 0.8, "leads": 0.4, "sales": 0.8, "app_installs": 0.4},
    "snapchat": {"awareness": 0.8, "reach": 0.8, "video_views": 0.8, "engagement": 0.7,
                 "traffic": 0.5, "leads": 0.3, "sales": 0.5, "app_installs": 0.8},
    "x": {"awareness": 0.7, "reach": 0.6, "video_views": 0.6, "engagement": 0.7,
          "traffic": 0.5, "leads": 0.3, "sales": 0.3, "app_installs": 0.5},
    "google_search": {"awareness": 0.3, "reach": 0.3, "video_views": 0.1, "engagement": 0.2,
                      "traffic": 0.9, "leads": 1.0, "sales": 1.0, "app_installs": 0.7},
    "google_display": {"awareness": 0.7, "reach": 0.8, "video_views": 0.4, "engagement": 0.3,
                       "traffic": 0.6, "leads": 0.5, "sales": 0.5, "app_installs": 0.5},
}
_DEFAULT_FIT = 0.5

#: Format used for a network when the client's history does not say.
DEFAULT_FORMATS: dict[str, str] = {
    "facebook": "image", "instagram": "reel", "tiktok": "video", "linkedin": "single image",
    "youtube": "video", "pinterest": "pin", "snapchat": "video", "x": "image",
    "google_search": "text", "google_display": "banner",
}

#: Reference benchmarks are published in USD: conversion rates used for other currencies
#: (approximate 2025 averages; listed in every plan's assumptions).
FX: dict[str, dict[str, float]] = {"EUR": {"USD": 0.92}, "GBP": {"USD": 0.79},
                                   "USD": {"USD": 1.0}}

_COST_METRIC = {"awareness": "cpm", "reach": "cpm", "video_views": "cpm", "engagement": "cpc",
                "traffic": "cpc", "leads": "cpa", "sales": "cpa", "app_installs": "cpa"}


# ---------------------------------------------------------------------------- helpers
def _tr(brief: Brief, en: str, fr: str) -> str:
    """The English or French text, as the brief's language asks."""
    return fr if brief.language == "fr" else en


def _words(brief: Brief) -> str:
    return brief.language


def _money(value: float, brief: Brief) -> str:
    return fmt.money(value, brief.currency, brief.language)


def _rng(values: np.ndarray, mid: float) -> Range:
    v = values[np.isfinite(values)]
    if len(v) < 3 or not math.isfinite(mid):
        return Range(mid, mid, mid)
    lo, hi = np.percentile(v, [10, 90])
    return Range(float(min(lo, mid)), float(mid), float(max(hi, mid)))


# ---------------------------------------------------------------------------- costs
def _history_costs(perf: pd.DataFrame, channel: str, as_of: pd.Timestamp
                   ) -> dict[str, Range] | None:
    start = as_of - pd.Timedelta(weeks=26)
    rows = perf[(perf["channel"] == channel) & (perf["date"] >= start)]
    if rows.empty:
        return None
    week = rows["date"].dt.to_period("W-SUN").dt.start_time
    weekly = rows.groupby(week)[["spend", "impressions", "clicks", "conversions"]].sum()
    weekly = weekly[weekly["spend"] > 0]
    if len(weekly) < MIN_COST_WEEKS:
        return None
    tot = weekly.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        cpm = weekly["spend"] / weekly["impressions"] * 1000
        ctr = weekly["clicks"] / weekly["impressions"]
        cvr = weekly["conversions"] / weekly["clicks"]
    out = {
        "cpm": _rng(cpm.to_numpy(float), float(tot["spend"] / tot["impressions"] * 1000)
                    if tot["impressions"] > 0 else math.nan),
        "ctr": _rng(ctr.to_numpy(float), float(tot["clicks"] / tot["impressions"])
                    if tot["impressions"] > 0 else math.nan),
        "cvr": _rng(cvr.to_numpy(float), float(tot["conversions"] / tot["clicks"])
                    if tot["clicks"] > 0 else math.nan),
    }
    if not all(math.isfinite(r.mid) for r in out.values()):
        return None
    return out


def _benchmark_costs(channel: str, objective: str, brief: Brief) -> dict[str, Range]:
    region = brief.country if brief.country in ("US", "FR") else "global"
    got = bench.lookup(channel, objective, region=region, currency=brief.currency,
                       fx=FX.get(brief.currency))
    return {"cpm": Range(*got["cpm"]), "ctr": Range(*got["ctr"]),
            "cvr": Range(*got["cvr_click"])}


def _costs(perf: pd.DataFrame, channel: str, brief: Brief, as_of: pd.Timestamp
           ) -> tuple[dict[str, Range], str]:
    hist = _history_costs(perf, channel, as_of) if not perf.empty else None
    if hist is not None:
        return hist, "history"
    try:
        return _benchmark_costs(channel, brief.campaign.objective, brief), "benchmarks"
    except DataError as err:
        raise DataError(
            f"no history and no reference benchmark for {networks.display(channel)}: "
            f"{err.message}", column="channels",
            hint="ingest this network's exports, or remove it from the brief",
        ) from None


# ---------------------------------------------------------------------------- audience
def _audience(brief: Brief, ws: Workspace, as_of: pd.Timestamp
              ) -> tuple[float, dict[str, float], dict[str, float], dict[str, str], list[str]]:
    """Target size, composition index and coverage per network, and the index's basis.

    The index compares age × gender composition only (the campaign geo-targets every
    network alike, so regions would not tell networks apart); the client's followers
    replace the reference where known. Coverage (share of the target using the
    network) always comes from the reference, which measures the whole population.
    """
    from smtools import audience

    notes: list[str] = []
    index: dict[str, float] = {}
    coverage: dict[str, float] = {}
    basis: dict[str, str] = {}
    size = math.nan
    try:
        target = audience.target(brief)
        size = float(audience.size(target, country=brief.country,
                                   region_share=brief.audience.region_share).total)
    except SmtoolsError as err:
        notes.append(f"audience size unknown ({err}); reach is not forecast")
        return size, index, coverage, basis, notes
    known = set(audience.reference.network_audience()["network"].map(networks.canonical))
    social = [c for c in brief.channel_names if c in known]
    if not social:
        return size, index, coverage, basis, notes
    followers = ws.table("audience", client=brief.client)
    if not followers.empty:
        followers = followers[(followers["source"] == "followers")
                              & followers["channel"].isin(social)]
    try:
        ref = audience.platform_fit(target, country=brief.country, networks=social).to_frame()
        coverage = dict(zip(ref["network"], ref["coverage"].astype(float), strict=True))
        fit = audience.platform_fit(
            target, country=brief.country, networks=social,
            audience=followers if not followers.empty else None).to_frame()
        index = dict(zip(fit["network"], fit["index"].astype(float), strict=True))
        basis = dict(zip(fit["network"], fit["source"].astype(str), strict=True))
    except SmtoolsError as err:
        notes.append(f"platform fit unavailable ({err})")
    return size, index, coverage, basis, notes


# ---------------------------------------------------------------------------- selection
def _scores(brief: Brief, costs: dict[str, dict[str, Range]], cost_basis: dict[str, str],
            index: dict[str, float], fit_basis: dict[str, str]) -> list[ChannelScore]:
    objective = brief.campaign.objective
    metric = _COST_METRIC[objective]
    lang = _words(brief)

    def cost_of(ch: str) -> float:
        c = costs[ch]
        if metric == "cpm":
            return c["cpm"].mid
        cpc = c["cpm"].mid / (1000 * c["ctr"].mid) if c["ctr"].mid > 0 else math.inf
        return cpc if metric == "cpc" else (cpc / c["cvr"].mid if c["cvr"].mid > 0
                                            else math.inf)

    values = {ch: cost_of(ch) for ch in brief.channel_names}
    finite = [v for v in values.values() if math.isfinite(v) and v > 0]
    ref = math.exp(np.mean(np.log(finite))) if finite else 1.0
    raw = []
    for ch in brief.channel_names:
        fit = index.get(ch, 100.0) / 100.0
        fit = min(max(fit, 0.25), 4.0)
        eff = ref / values[ch] if math.isfinite(values[ch]) and values[ch] > 0 else 0.25
        eff = min(max(eff, 0.25), 4.0)
        obj = OBJECTIVE_FIT.get(ch, {}).get(objective, _DEFAULT_FIT)
        raw.append((ch, fit, eff, obj, fit * eff * obj))
    best = max(r[4] for r in raw) or 1.0
    out = []
    for ch, fit, eff, obj, score in raw:
        required = brief.channels[ch].min_share > 0
        selected = required or score >= 0.25 * best
        name = networks.display(ch)
        cost_text = f"{metric.upper()} {_money(values[ch], brief)}"
        c_basis = ("historique" if cost_basis[ch] == "history" else "références du marché") \
            if lang == "fr" else ("history" if cost_basis[ch] == "history" else "benchmarks")
        if ch in index:
            who = ("abonnés du client" if fit_basis.get(ch) == "followers"
                   else "référence") if lang == "fr" else (
                "the client's followers" if fit_basis.get(ch) == "followers" else "reference")
            aud = (f"indice d'affinité {index[ch]:.0f} ({who})" if lang == "fr"
                   else f"audience index {index[ch]:.0f} ({who})")
        else:
            aud = ("ciblage par intention de recherche" if lang == "fr"
                   else "reaches intent, not a demographic")
        strength = ("forte" if obj >= 0.8 else "moyenne" if obj >= 0.5 else "faible") \
            if lang == "fr" else ("strong" if obj >= 0.8 else "fair" if obj >= 0.5 else "weak")
        if lang == "fr":
            rationale = (f"{name} : {aud}, {cost_text} ({c_basis}), adéquation {strength} à "
                         f"l'objectif « {fmt.label(brief.campaign.objective, 'fr')} »"
                         + ("" if selected else " — écarté, score trop bas") + ".")
        else:
            rationale = (f"{name}: {aud}, {cost_text} ({c_basis}), {strength} fit to the "
                         f"{fmt.label(brief.campaign.objective, 'en')} objective"
                         + ("" if selected else " — left out, score too low") + ".")
        out.append(ChannelScore(
            channel=ch, audience_fit=round(fit, 3), cost_efficiency=round(eff, 3),
            objective_fit=obj, score=round(100 * score / best, 1), selected=selected,
            rationale=rationale, cost_metric=metric, cost=float(values[ch]),
            cost_basis=cost_basis[ch], audience_basis=fit_basis.get(ch, "none")))
    return out


def _proportional_split(brief: Brief, scores: list[ChannelScore]) -> dict[str, float]:
    """Budget in proportion to the scores, within the brief's min/max shares (water-filling)."""
    chosen = [s for s in scores if s.selected]
    names = [s.channel for s in chosen]
    lo = np.array([brief.channels[c].min_share for c in names])
    hi = np.array([brief.channels[c].max_share for c in names])
    w = np.array([max(s.score, 1e-6) for s in chosen])
    if hi.sum() < 1 - 1e-9:
        raise DataError("the selected networks' max shares add up to less than 100%",
                        column="channels", hint="raise a max_share in the brief")
    shares = np.clip(w / w.sum(), lo, hi)
    for _ in range(100):
        gap = 1.0 - shares.sum()
        if abs(gap) < 1e-12:
            break
        free = (shares < hi - 1e-12) if gap > 0 else (shares > lo + 1e-12)
        if not free.any():
            break
        shares[free] += gap * w[free] / w[free].sum()
        shares = np.clip(shares, lo, hi)
    amounts = flighting.round_to_total(shares * brief.campaign.budget, brief.campaign.budget)
    return dict(zip(names, (float(a) for a in amounts), strict=True))


# ---------------------------------------------------------------------------- MMM split
#: Fitted models of this process by the content of their inputs (the same history with
#: another flighting pattern or target is the same fit).
_FITS: OrderedDict[str, Any] = OrderedDict()
#: How many plans, and how many fits, a process keeps.
_KEPT = 4
#: The plan's model: Hill saturation, geometric adstock, 40 bootstrap draws.
_PLAN_MMM = {"n_bootstrap": 40}


def _fitted_mmm(frame: pd.DataFrame, kpi: str, media: list[str], seed: int) -> Any:
    """The plan's MMM fitted on ``frame``; the same inputs give a copy of the same fit.

    The key hashes every value, label and dtype of the frame with the target, the
    media, the seed and the options, so a changed input is a new fit; the fit is
    deterministic for a given seed, so a copy of the cached one is what a new fit
    would give.
    """
    from smtools.roi import mmm

    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    h.update(repr((list(frame.columns), [str(t) for t in frame.dtypes], kpi, media, seed,
                   sorted(_PLAN_MMM.items()))).encode())
    return _kept(_FITS, h.hexdigest(), lambda: mmm.MMM(random_state=seed, **_PLAN_MMM).fit(
        frame, target=kpi, media=media))


def _kept(store: OrderedDict[str, Any], key: str | None, make: Callable[[], Any]) -> Any:
    """``make()``, or a copy of what it made for the same ``key`` (the last :data:`_KEPT`
    are kept; a copy, so that changing what is returned changes nothing kept)."""
    if key is None:
        return make()
    if key in store:
        store.move_to_end(key)
        return copy.deepcopy(store[key])
    value = make()
    store[key] = copy.deepcopy(value)
    while len(store) > _KEPT:
        store.popitem(last=False)
    return value


def _mmm_split(brief: Brief, perf: pd.DataFrame, outcomes: pd.DataFrame,
               scores: list[ChannelScore], seed: int) -> tuple[dict[str, float], Any, str]:
    from smtools.roi import mmm, optimize

    kpi = "revenue"
    names = [s.channel for s in scores if s.selected]
    frame = mmm.wide_frame(perf[perf["channel"].isin(names)], outcomes, kpi=kpi, freq="W")
    media = [c for c in names if c in frame.columns and frame[c].sum() > 0]
    model = _fitted_mmm(frame, kpi, media, seed)
    weeks = brief.campaign.days / 7.0
    shares = {c: (brief.channels[c].min_share, brief.channels[c].max_share) for c in media}
    missing = [c for c in names if c not in media]
    reserved = {c: brief.channels[c].min_share * brief.campaign.budget for c in missing}
    budget = brief.campaign.budget - sum(reserved.values())
    alloc = optimize.allocate(model.response_curves(), budget, shares={
        c: (lo * brief.campaign.budget / budget, min(1.0, hi * brief.campaign.budget / budget))
        for c, (lo, hi) in shares.items()}, objective="revenue", periods=weeks,
        currency=brief.currency)
    rec = alloc.to_frame()["recommended"].to_dict()
    amounts = {c: float(rec[c]) for c in media} | reserved
    total = flighting.round_to_total(list(amounts.values()), brief.campaign.budget)
    span = (f"{len(frame)} semaines d'historique" if brief.language == "fr"
            else f"{len(frame)} weeks of history")
    return dict(zip(amounts, (float(a) for a in total), strict=True)), (model, alloc), span


# ---------------------------------------------------------------------------- forecast
def _forecast_line(channel: str, budget: float, costs: dict[str, Range], *, size: float,
                   coverage: float, aov: float, weeks: float, cap: int
                   ) -> tuple[dict[str, Range], Any]:
    from smtools import reach

    cpm, ctr, cvr = costs["cpm"].ordered(), costs["ctr"].ordered(), costs["cvr"].ordered()
    # pessimistic impressions come from the highest CPM
    imp = Range(budget / cpm.high * 1000, budget / cpm.mid * 1000, budget / cpm.low * 1000)
    clicks = Range(imp.low * ctr.low, imp.mid * ctr.mid, imp.high * ctr.high)
    conv = Range(clicks.low * cvr.low, clicks.mid * cvr.mid, clicks.high * cvr.high)
    revenue = conv.scale(aov) if math.isfinite(aov) else Range(math.nan, math.nan, math.nan)
    out = {"impressions": imp, "clicks": clicks, "conversions": conv, "revenue": revenue}
    dists = None
    ceiling = (size * coverage * REACHABLE if math.isfinite(size) and math.isfinite(coverage)
               else math.nan)
    if math.isfinite(ceiling) and ceiling > 0:
        curve = reach.goerg(ceiling, ceiling / 2, population=size)
        people = []
        dists = []
        for i in (imp.low, imp.mid, imp.high):
            r = float(curve.reach_at(i))
            floor = min(i / (cap * max(weeks, 1.0)), ceiling)  # the frequency cap holds
            people.append(max(r, floor))
            dists.append(curve.at(i, max_k=20))
        out["reach"] = Range(*people)
        out["frequency"] = Range(imp.low / people[0] if people[0] else math.nan,
                                 imp.mid / people[1] if people[1] else math.nan,
                                 imp.high / people[2] if people[2] else math.nan)
    else:
        out["reach"] = Range(math.nan, math.nan, math.nan)
        out["frequency"] = Range(math.nan, math.nan, math.nan)
    return out, dists


def _totals(lines: list[PlanLine], dists: dict[str, list[Any]], size: float) -> dict[str, Any]:
    from smtools import reach

    def total(name: str) -> Range:
        return Range(*(sum(getattr(line, name)[i] for line in lines) for i in range(3)))

    out: dict[str, Any] = {name: total(name) for name in
                           ("impressions", "clicks", "conversions", "revenue")}
    usable = [d for d in dists.values() if d is not None]
    if usable and math.isfinite(size):
        people, freq, plus3 = [], [], []
        for i in range(3):
            combined = reach.combine_networks([d[i] for d in usable])
            people.append(combined.reach * size)
            freq.append(combined.average_frequency)
            plus3.append(combined.at_least(3) * size)
        out["reach"] = Range(*people)
        out["reach_share"] = Range(*(p / size for p in people))
        out["frequency"] = Range(*freq)
        out["reach_3plus"] = Range(*plus3)
    else:
        nan = Range(math.nan, math.nan, math.nan)
        out.update(reach=nan, reach_share=nan, frequency=nan, reach_3plus=nan)
    budget = sum(line.budget for line in lines)
    imp = out["impressions"]
    out["cpm"] = Range(budget / imp.high * 1000, budget / imp.mid * 1000,
                       budget / imp.low * 1000) if imp.low > 0 else Range(math.nan, math.nan,
                                                                           math.nan)
    conv = out["conversions"]
    out["cpa"] = Range(budget / conv.high, budget / conv.mid, budget / conv.low) \
        if conv.low > 0 else Range(math.nan, math.nan, math.nan)
    clicks = out["clicks"]
    out["cpc"] = Range(budget / clicks.high, budget / clicks.mid, budget / clicks.low) \
        if clicks.low > 0 else Range(math.nan, math.nan, math.nan)
    out["ctr"] = Range(clicks.low / imp.low, clicks.mid / imp.mid, clicks.high / imp.high) \
        if imp.low > 0 else Range(math.nan, math.nan, math.nan)
    rev = out["revenue"]
    out["roas"] = rev.scale(1 / budget) if budget > 0 else Range(math.nan, math.nan, math.nan)
    out["budget"] = budget
    return out


# ---------------------------------------------------------------------------- targets
_TARGETS = {  # kpi -> (totals key, higher is better)
    "reach": ("reach", True), "frequency": ("frequency", True),
    "impressions": ("impressions", True), "clicks": ("clicks", True),
    "conversions": ("conversions", True), "cpm": ("cpm", False), "cpc": ("cpc", False),
    "cpa": ("cpa", False), "ctr": ("ctr", True), "roas": ("roas", True),
}


def _check_targets(brief: Brief, totals: dict[str, Any]) -> tuple[list[TargetCheck], list[str]]:
    checks, warnings = [], []
    fr = brief.language == "fr"
    for kpi, (key, higher) in _TARGETS.items():
        target = getattr(brief.kpis, kpi, None)
        if target is None:
            continue
        fc: Range = totals.get(key, Range(math.nan, math.nan, math.nan))
        if not math.isfinite(fc.mid):
            status = "unknown"
        else:
            worst = fc.low if higher else fc.high
            met_mid = fc.mid >= target if higher else fc.mid <= target
            met_worst = worst >= target if higher else worst <= target
            status = "met" if met_worst else ("at risk" if met_mid else "not met")
        text = _describe_value(kpi, target, brief)
        name = fmt.label(kpi, brief.language)
        got = _describe_value(kpi, fc.mid, brief)
        span = f"{_describe_value(kpi, fc.low, brief)}–{_describe_value(kpi, fc.high, brief)}"
        if status == "not met":
            msg = (f"L'objectif de {name} de {text} ne peut pas être atteint avec ce budget : "
                   f"le plan prévoit {got} ({span})." if fr else
                   f"The brief's {name} target of {text} cannot be met with this budget: "
                   f"the plan forecasts {got} ({span}).")
            warnings.append(msg)
        elif status == "at risk":
            msg = (f"Objectif de {name} de {text} atteignable mais pas garanti : prévision "
                   f"{got} ({span})." if fr else
                   f"The {name} target of {text} is within reach but not certain: "
                   f"forecast {got} ({span}).")
        elif status == "met":
            msg = (f"Objectif de {name} de {text} atteint même dans le scénario prudent "
                   f"({span})." if fr else
                   f"The {name} target of {text} is met even in the cautious case "
                   f"({span}).")
        else:
            msg = ("Prévision impossible sans taille d'audience." if fr
                   else "Cannot be forecast without an audience size.")
        checks.append(TargetCheck(kpi=kpi, target=float(target), forecast=fc,
                                  higher_is_better=higher, status=status, message=msg))
    return checks, warnings


def _describe_value(kpi: str, value: float, brief: Brief) -> str:
    lang = brief.language
    if not math.isfinite(value):
        return "–"
    if kpi in ("cpm", "cpc", "cpa"):
        return fmt.money(value, brief.currency, lang, decimals=2)
    if kpi in ("ctr", "engagement_rate"):
        return fmt.percent(value, lang, decimals=2)
    if kpi in ("roas", "frequency"):
        return fmt.number(value, lang, decimals=2)
    return fmt.number(value, lang)


# ---------------------------------------------------------------------------- main
def build(
    brief: Brief,
    ws: Workspace,
    *,
    as_of: str | dt.date | None = None,
    pattern: str = "even",
    seed: int = 0,
    use_mmm: bool | None = None,
) -> MediaPlan:
    """Make the media plan for ``brief`` from the client's data in ``ws``.

    Parameters
    ----------
    brief : Brief
        The client's brief.
    ws : Workspace
        Workspace holding the client's history.
    as_of : date-like, optional
        The day the plan is made (default: the campaign's first day); only data
        before it is used.
    pattern : {"even", "front", "pulsed"}
        Flighting pattern of the weekly budgets.
    seed : int
        Seed of the model's bootstrap (same seed, same plan).
    use_mmm : bool, optional
        Force (True) or forbid (False) the marketing-mix split; by default it is
        used from 26 weeks of paid history.

    Returns
    -------
    MediaPlan

    Notes
    -----
    Every read of the workspace shares one connection. In one process, the same
    brief, the same workspace file (unchanged since: same size and modification
    time) and the same arguments give a copy of the plan already built: a
    post-campaign review rebuilds its plan, and in a batch worker's warm kernel
    that is the plan the plan notebook has just made. In a batch of one client,
    a helper process may have built it already (:mod:`smtools._shared`).
    """
    from smtools import _shared

    day = pd.Timestamp(as_of or brief.campaign.start).normalize()
    key = _shared.content_key(brief, ws, kind="plan", as_of=day, pattern=pattern, seed=seed,
                              use_mmm=use_mmm)

    def make() -> MediaPlan:
        with ws.reading():
            return _build(brief, ws, as_of, pattern, seed, use_mmm)
    return _kept(_PLANS, key, lambda: _shared.kept(key, make))


#: Plans built in this process, by what they were built from (see :func:`build`).
_PLANS: OrderedDict[str, MediaPlan] = OrderedDict()


def _build(brief: Brief, ws: Workspace, as_of: str | dt.date | None, pattern: str, seed: int,
           use_mmm: bool | None) -> MediaPlan:
    """Build the plan (see :func:`build`; ``ws`` is read through one connection)."""
    client = brief.client
    day = pd.Timestamp(as_of or brief.campaign.start).normalize()
    if day > pd.Timestamp(brief.campaign.end):
        raise DataError(f"as_of {day.date()} is after the campaign's end", column="as_of",
                        hint="a plan is made before or during the campaign")
    last = (day - pd.Timedelta(days=1)).date()
    first = (day - pd.Timedelta(weeks=104)).date()
    perf = ws.table("performance", client=client, start=first, end=last)
    outcomes = ws.table("outcomes", client=client, start=first, end=last)
    posts = ws.table("posts", client=client, start=(day - pd.Timedelta(weeks=52)).date(),
                     end=last)
    if not perf.empty:
        cur = sorted(perf["currency"].dropna().unique())
        if cur and cur != [brief.currency]:
            raise DataError(f"the history is in {', '.join(cur)} but the brief in "
                            f"{brief.currency}", column="currency",
                            hint="convert the exports or correct the brief's currency")
    warnings: list[str] = []
    assumptions: list[dict[str, Any]] = []
    paid = perf[perf["spend"] > 0] if not perf.empty else perf
    history_weeks = int(paid["date"].dt.to_period("W-SUN").nunique()) if not paid.empty else 0

    # 1. situation
    size, index, coverage, fit_basis, notes = _audience(brief, ws, day)
    warnings += notes
    situation: dict[str, Any] = {}
    if not perf.empty:
        from smtools import channel

        recent = perf[perf["date"] >= day - pd.Timedelta(weeks=52)]
        situation["kpis"] = channel.kpis(recent, by="channel")
    if not posts.empty:
        from smtools import channel

        try:
            situation["best_times"] = channel.best_times(posts, tz=brief.timezone, top=3)
        except SmtoolsError as err:
            warnings.append(f"best posting times unavailable: {err}")

    # 2. costs and channel selection
    costs: dict[str, dict[str, Range]] = {}
    cost_basis: dict[str, str] = {}
    for ch in brief.channel_names:
        costs[ch], cost_basis[ch] = _costs(perf, ch, brief, day)
    scores = _scores(brief, costs, cost_basis, index, fit_basis)

    # 3. budget split
    method, method_note, allocation = "benchmarks", "", None
    want_mmm = (history_weeks >= MIN_MMM_WEEKS) if use_mmm is None else use_mmm
    if want_mmm and not outcomes.empty and (outcomes["kpi"] == "revenue").any():
        try:
            split, allocation, span = _mmm_split(brief, perf, outcomes, scores, seed)
            method = "mmm"
            method_note = (f"répartition sur les courbes de réponse du modèle mix-marketing "
                           f"({span})" if brief.language == "fr" else
                           f"split on the marketing-mix model's response curves ({span})")
        except SmtoolsError as err:
            warnings.append(f"marketing-mix split not possible ({err}); benchmarks used")
            want_mmm = False
    if method == "benchmarks":
        split = _proportional_split(brief, scores)
        why = (f"{history_weeks} weeks of paid history, fewer than {MIN_MMM_WEEKS}"
               if history_weeks < MIN_MMM_WEEKS else "no revenue history")
        method_note = (f"répartition selon les scores et les références du marché ({why})"
                       if brief.language == "fr" else
                       f"split by channel scores and reference benchmarks ({why})")

    # average order value: business revenue per order, else platform revenue per conversion
    aov = math.nan
    if not outcomes.empty:
        rev = outcomes.loc[outcomes["kpi"] == "revenue", "value"].sum()
        units = outcomes.loc[outcomes["kpi"].isin(["orders", "sales"]), "value"].sum()
        if units > 0 and rev > 0:
            aov = float(rev / units)
            assumptions.append({"name": _tr(brief, "Average order value", "Panier moyen"),
                                "value": aov, "source": _tr(
                                    brief, "business results (revenue ÷ orders), history",
                                    "résultats de l'entreprise (CA ÷ commandes), historique")})
    if not math.isfinite(aov) and not perf.empty and perf["conversions"].sum() > 0:
        aov = float(perf["revenue"].sum() / perf["conversions"].sum())
        if math.isfinite(aov) and aov > 0:
            assumptions.append({"name": _tr(brief, "Value per conversion",
                                            "Valeur par conversion"), "value": aov,
                                "source": _tr(brief,
                                              "ad platforms (revenue ÷ conversions), history",
                                              "plateformes (CA ÷ conversions), historique")})

    # 4–5. lines, forecast, flighting
    weeks = brief.campaign.days / 7.0
    cap = flighting.frequency_cap(brief.campaign.objective)
    posting = _posting_rate(posts, brief)
    lines: list[PlanLine] = []
    dists: dict[str, Any] = {}
    chosen = [s for s in scores if s.selected and split.get(s.channel, 0) > 0]
    for i, s in enumerate(chosen, start=1):
        ch = s.channel
        cov = coverage.get(ch, SEARCH_COVERAGE if ch in ("google_search", "bing") else math.nan)
        if not math.isfinite(cov) and ch not in coverage:
            cov = math.nan
        fc, dist = _forecast_line(ch, split[ch], costs[ch], size=size, coverage=cov, aov=aov,
                                  weeks=weeks, cap=cap)
        dists[ch] = dist
        line_id = f"L{i:02d}"
        form = _format_for(perf, ch)
        lines.append(PlanLine(
            line_id=line_id, channel=ch, objective=brief.campaign.objective, format=form,
            start=brief.campaign.start, end=brief.campaign.end, budget=split[ch],
            share=split[ch] / brief.campaign.budget, frequency_cap=cap,
            utm=tracking.utm(client, brief.campaign.name, line_id, ch, form),
            cpm=costs[ch]["cpm"], ctr=costs[ch]["ctr"], cvr=costs[ch]["cvr"],
            basis=cost_basis[ch], posts_per_week=posting.get(ch, 0), **fc))
        for metric in ("cpm", "ctr", "cvr"):
            r = costs[ch][metric]
            assumptions.append({
                "name": f"{networks.display(ch)} {metric.upper()}", "value": r.mid,
                "low": r.low, "high": r.high,
                "source": _tr(brief, "client history, last 26 weeks (ratio of sums; range = "
                              "10th–90th percentile of weekly values)",
                              "historique du client, 26 dernières semaines (ratio des sommes ; "
                              "fourchette = 10e–90e centile des valeurs hebdomadaires)")
                if cost_basis[ch] == "history" else
                _tr(brief, "reference benchmarks (smtools/data/reference/benchmarks.csv)",
                    "références du marché (smtools/data/reference/benchmarks.csv)")})
        if cost_basis[ch] == "benchmarks" and brief.currency != "USD":
            rate = FX.get(brief.currency, {}).get("USD")
            assumptions.append({"name": f"USD → {brief.currency}", "value": rate,
                                "source": _tr(brief, "approximate 2025 average rate, used to "
                                              "convert benchmarks published in USD",
                                              "taux moyen 2025 approximatif, pour convertir "
                                              "les références publiées en USD")})
    if math.isfinite(size):
        assumptions.append({"name": _tr(brief, "People in the target",
                                        "Personnes dans la cible"), "value": size,
                            "source": _tr(brief, "national population by age and gender "
                                          "(INSEE / US Census Bureau / ONS) × the brief's "
                                          "region share", "population nationale par âge et "
                                          "sexe (INSEE / US Census Bureau / ONS) × part des "
                                          "régions du brief")})
    assumptions.append({"name": _tr(brief, "Frequency cap (per person per 7 days)",
                                    "Plafond de répétition (par personne sur 7 jours)"),
                        "value": cap,
                        "source": _tr(brief, "smtools planning default for the "
                                      f"{fmt.label(brief.campaign.objective, 'en')} objective",
                                      "valeur par défaut de smtools pour l'objectif "
                                      f"{fmt.label(brief.campaign.objective, 'fr')}")})
    if math.isfinite(size):
        assumptions.append({"name": _tr(brief, "Reach curve", "Courbe de couverture"),
                            "value": math.nan,
                            "source": _tr(brief, "Goerg (2014) one-point curve per network, "
                                          "ceiling = half the target people using the "
                                          "network (reachable within one flight); "
                                          "networks combined assuming independence",
                                          "courbe de Goerg (2014) par réseau, plafond = "
                                          "la moitié des personnes de la cible utilisant le "
                                          "réseau (atteignables en une vague) ; "
                                          "réseaux combinés en supposant l'indépendance")})
    if allocation is not None:
        # incremental revenue from the model's response curves, not platform-attributed
        frame = allocation[1].to_frame()
        for line in lines:
            if line.channel in frame.index:
                row = frame.loc[line.channel]
                line.revenue = Range(float(row["low"]), float(row["expected"]),
                                     float(row["high"])).ordered()
                line.revenue_basis = "model"
    totals = _totals(lines, dists, size)
    weekly = flighting.weekly_budget({line.channel: line.budget for line in lines},
                                     start=brief.campaign.start, end=brief.campaign.end,
                                     pattern=pattern)
    calendar = _calendar(situation.get("best_times"), brief, posting)
    targets, target_warnings = _check_targets(brief, totals)
    warnings += target_warnings
    return MediaPlan(
        brief=brief, as_of=day.date(), method=method, method_note=method_note, lines=lines,
        scores=scores, weekly=weekly, calendar=calendar, totals=totals, targets=targets,
        assumptions=pd.DataFrame(assumptions), warnings=warnings, history_weeks=history_weeks,
        audience_size=size, situation=situation, allocation=allocation)


def _format_for(perf: pd.DataFrame, channel: str) -> str:
    if not perf.empty and "format" in perf.columns:
        rows = perf[(perf["channel"] == channel) & perf["format"].notna()]
        if not rows.empty:
            return str(rows.groupby("format")["spend"].sum().idxmax())
    return DEFAULT_FORMATS.get(channel, "image")


def _posting_rate(posts: pd.DataFrame, brief: Brief) -> dict[str, int]:
    """Organic posts per week per network over the history read (1 to 7)."""
    if posts.empty:
        return {}
    span_weeks = max((posts["published_at"].max() - posts["published_at"].min()).days / 7, 1)
    rate = posts.groupby("channel").size() / span_weeks
    return {str(ch): int(min(max(round(r), 1), 7)) for ch, r in rate.items()}


def _calendar(best: Any, brief: Brief, posting: dict[str, int]) -> pd.DataFrame:
    if best is None or not posting:
        return pd.DataFrame(columns=["channel", "date", "weekday", "hour", "published_at"])
    rec = best.recommendations
    slots = rec.assign(weekday=rec["weekday_index"]).sort_values(["channel", "rank"])
    per_week = {ch: min(n, int((slots["channel"] == ch).sum())) for ch, n in posting.items()}
    return flighting.posting_calendar(slots, start=brief.campaign.start,
                                      end=brief.campaign.end, tz=brief.timezone,
                                      per_week=per_week)
