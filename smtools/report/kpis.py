"""KPIs against the brief's targets and the plan's forecast, with a status.

Actuals come from the campaign's performance rows as ratios of sums (CPM = Σ spend ÷
Σ impressions × 1000, CTR = Σ clicks ÷ Σ impressions with a Wilson interval,
CPA = Σ spend ÷ Σ conversions, ROAS = Σ revenue ÷ Σ spend as the platforms report it,
engagement rate = Σ engagements ÷ Σ impressions).

Reach cannot be added across days or networks. It is **estimated on the plan's
reach curves**: each network's curve is the plan's Goerg one-point curve (the
one through the plan's forecast impressions and reach; its ceiling is the target
people on the network), read at the network's actual impressions; networks are
combined by convolution of their frequency distributions, independence assumed
(as the plan did). The sum of the rows' daily reach (each capped by its
impressions) is an **upper bound** and the largest row's reach a **lower bound**;
the estimate is kept between them. Frequency = impressions ÷ estimated reach.

Status
------
``met``
    The actual meets the target.
``at risk``
    It misses the target by less than :data:`AT_RISK` (10%) of it — close enough to
    be recovered by optimisation — or, for reach without an estimate, only its
    upper bound meets the target.
``not met``
    It misses by more.

In a progress report, counts (reach, impressions, clicks, conversions) are
judged on their projection to the campaign's end at the pace so far (actual ÷
share of the campaign's days read; reach read on the curves at the projected
impressions); rates and costs on their value to date.

Examples
--------
>>> judge(95.0, 100.0, higher_is_better=True), judge(12.0, 10.0, higher_is_better=False)
('at risk', 'not met')
>>> judge(float("nan"), 10.0, higher_is_better=True)
'unknown'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from smtools.errors import SmtoolsError
from smtools.plan.model import Range
from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import Actuals

__all__ = ["Targets", "KpiCheck", "ReachEstimate", "targets", "campaign_reach", "judge",
           "AT_RISK", "KPIS"]

#: Relative shortfall below which a missed target is "at risk" rather than "not met".
AT_RISK = 0.10
#: kpi -> (higher is better, kind: count | rate | cost | ratio)
KPIS: dict[str, tuple[bool, str]] = {
    "reach": (True, "count"), "frequency": (True, "ratio"), "impressions": (True, "count"),
    "clicks": (True, "count"), "conversions": (True, "count"), "cpm": (False, "cost"),
    "cpc": (False, "cost"), "cpa": (False, "cost"), "ctr": (True, "rate"),
    "roas": (True, "ratio"), "engagement_rate": (True, "rate"),
}


def judge(value: float, target: float, *, higher_is_better: bool) -> str:
    """``met``, ``at risk`` or ``not met`` (``unknown`` without a value)."""
    if not math.isfinite(value):
        return "unknown"
    if higher_is_better:
        return "met" if value >= target else ("at risk" if value >= (1 - AT_RISK) * target
                                              else "not met")
    return "met" if value <= target else ("at risk" if value <= (1 + AT_RISK) * target
                                          else "not met")


def describe(kpi: str, value: float, currency: str, language: str) -> str:
    """A KPI value written for a sentence (money, percentage, ratio or count).

    Examples
    --------
    >>> describe("cpa", 9.5, "EUR", "fr"), describe("ctr", 0.0123, "EUR", "en")
    ('9,50\xa0€', '1.23%')
    """
    kind = KPIS.get(kpi, (True, "count"))[1]
    if kind == "cost":
        return _text.money(value, currency, language, decimals=2)
    if kind == "rate":
        return _text.percent(value, language, decimals=2)
    if kind == "ratio":
        return _text.ratio(value, language)
    return _text.number(value, language)


@dataclass
class ReachEstimate:
    """Campaign reach: an estimate on the plan's curves between two bounds.

    Attributes
    ----------
    estimate, lower, upper : float
        People reached (estimate; largest row's reach; Σ rows' reach capped by
        impressions).
    impressions : float
        Impressions the estimate is read at.
    by_network : DataFrame
        ``channel``, ``impressions``, ``estimate``, ``upper``.
    method : str
        How the estimate was made (or why there is none).
    """

    estimate: float
    lower: float
    upper: float
    impressions: float
    by_network: pd.DataFrame
    method: str


def _curves(actuals: Actuals) -> dict[str, Any]:
    from smtools import reach

    size = actuals.plan.audience_size
    out = {}
    if not math.isfinite(size) or size <= 0:
        return out
    for line in actuals.plan.lines:
        i, r = line.impressions.mid, line.reach.mid
        if not (math.isfinite(i) and math.isfinite(r)) or not 0 < r < i:
            continue
        try:
            out[line.channel] = reach.goerg(i, r, population=size)
        except SmtoolsError:
            continue
    return out


def campaign_reach(actuals: Actuals, *, scale: float = 1.0) -> ReachEstimate:
    """Campaign reach estimated on the plan's reach curves, with bounds.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    scale : float
        Multiplies each network's impressions before reading the curves (a
        progress report's projection to the campaign's end: 1 ÷ share of days read).

    Returns
    -------
    ReachEstimate

    Examples
    --------
    >>> est = campaign_reach(actuals)                          # doctest: +SKIP
    >>> est.lower <= est.estimate <= est.upper                 # doctest: +SKIP
    True
    """
    from smtools import reach

    perf = actuals.performance
    imp = perf.groupby("channel")["impressions"].sum()
    capped = perf["reach"].where(perf["reach"].notna(), perf["impressions"]).clip(
        upper=perf["impressions"])
    upper_by = capped.groupby(perf["channel"]).sum()
    lower = float(perf["reach"].max()) if perf["reach"].notna().any() else math.nan
    upper = float(min(capped.sum(), perf["impressions"].sum())) * scale
    curves = _curves(actuals)
    size = actuals.plan.audience_size
    rows, dists = [], []
    for ch in actuals.networks:
        n_imp = float(imp.get(ch, 0.0)) * scale
        est = math.nan
        if ch in curves and n_imp > 0:
            est = float(curves[ch].reach_at(n_imp))
            dists.append(curves[ch].at(n_imp, max_k=20))
        rows.append({"channel": ch, "impressions": n_imp, "estimate": est,
                     "upper": float(upper_by.get(ch, 0.0)) * scale})
    by = pd.DataFrame(rows)
    if dists and len(dists) == sum(imp.get(ch, 0.0) > 0 for ch in actuals.networks):
        combined = reach.combine_networks(dists)
        est = float(combined.reach * size)
        if math.isfinite(upper):
            est = min(est, upper)
        if math.isfinite(lower):
            est = max(est, lower)
        method = ("estimated on the plan's reach curves (Goerg one-point curves, ceiling = "
                  "target people on each network) at the actual impressions, networks "
                  "combined assuming independence")
    else:
        est = math.nan
        method = ("no estimate: the plan has no reach curve for every network (audience size "
                  "unknown); only the bounds are known")
    return ReachEstimate(estimate=est, lower=lower, upper=upper,
                         impressions=float(perf["impressions"].sum()) * scale, by_network=by,
                         method=method)


@dataclass
class KpiCheck:
    """One KPI target against the actual and the plan's forecast."""

    kpi: str
    target: float
    actual: float
    low: float
    high: float
    judged: float
    projected: bool
    forecast: Range
    status: str
    vs_forecast: str
    higher_is_better: bool
    sentence: str
    basis: str


def _vs(value: float, forecast: Range) -> str:
    if not math.isfinite(value) or not all(math.isfinite(v) for v in forecast):
        return "no forecast"
    lo, _, hi = forecast.ordered()
    tol = 0.005 * max(abs(lo), abs(hi))  # a value shown as the range's edge is within it
    return ("below range" if value < lo - tol else "above range" if value > hi + tol
            else "within range")


@dataclass(kw_only=True)
class Targets(Section):
    """The brief's KPI targets against the actuals, with a status each.

    Attributes
    ----------
    checks : list of KpiCheck
    reach : ReachEstimate
    totals : dict
        The campaign's sums (spend, impressions, clicks, conversions, revenue,
        engagements) and ratios.
    """

    key: ClassVar[str] = "kpis"
    checks: list[KpiCheck]
    reach: ReachEstimate
    totals: dict[str, float] = field(default_factory=dict)
    progress: bool = False

    def to_frame(self) -> pd.DataFrame:
        """One row per target: ``kpi``, ``target``, ``actual`` (with ``low``/``high`` where
        known), ``judged`` (the value judged: the projection for counts in a progress
        report), ``forecast_low``/``forecast``/``forecast_high`` (the plan's),
        ``status``, ``vs_forecast``, ``sentence``."""
        return pd.DataFrame([{
            "kpi": c.kpi, "target": c.target, "actual": c.actual, "low": c.low, "high": c.high,
            "judged": c.judged, "projected": c.projected, "forecast_low": c.forecast.low,
            "forecast": c.forecast.mid, "forecast_high": c.forecast.high, "status": c.status,
            "vs_forecast": c.vs_forecast, "higher_is_better": c.higher_is_better,
            "basis": c.basis, "sentence": c.sentence} for c in self.checks],
            columns=["kpi", "target", "actual", "low", "high", "judged", "projected",
                     "forecast_low", "forecast", "forecast_high", "status", "vs_forecast",
                     "higher_is_better", "basis", "sentence"])

    def check(self, kpi: str) -> KpiCheck:
        """The check of one KPI (KeyError when the brief sets no such target)."""
        for c in self.checks:
            if c.kpi == kpi:
                return c
        raise KeyError(kpi)

    def view(self) -> pd.DataFrame:
        lang, cur = self.language, self.currency
        rows = []
        for c in self.checks:
            fc = c.forecast.ordered()
            rows.append({
                _text.say(lang, "KPI", "Indicateur"): _text.label(c.kpi, lang),
                _text.say(lang, "Target", "Objectif"): describe(c.kpi, c.target, cur, lang),
                _text.say(lang, "Actual", "Réalisé"): describe(c.kpi, c.actual, cur, lang)
                + (f" ({_text.say(lang, 'projected', 'projeté')} "
                   f"{describe(c.kpi, c.judged, cur, lang)})" if c.projected else ""),
                _text.say(lang, "Plan forecast", "Prévision du plan"):
                    f"{describe(c.kpi, fc.low, cur, lang)} – {describe(c.kpi, fc.high, cur, lang)}"
                    if c.vs_forecast != "no forecast" else "–",
                _text.say(lang, "Status", "Statut"): _text.label(c.status, lang),
            })
        return pd.DataFrame(rows)

    def plot(self, *, ax: Any = None) -> Any:
        """Each target's achievement as a percentage of the target (100 = target met)."""
        from smtools import viz

        lang = self.language
        ax = new_axes(ax)
        shown = [c for c in self.checks if math.isfinite(c.judged) and c.target > 0
                 and c.judged > 0]
        values = [(c.judged / c.target if c.higher_is_better else c.target / c.judged)
                  for c in shown]
        colours = {"met": viz.PALETTE[2], "at risk": viz.PALETTE[1], "not met": "#C0392B"}
        data = pd.DataFrame({"kpi": [_text.label(c.kpi, lang) for c in shown],
                             "value": values})
        viz.interval_bars(
            data, x="kpi", y="value", percent=True, reference=1.0,
            colours=[colours.get(c.status, "#999999") for c in shown],
            title=_text.say(lang, "KPIs against the targets", "Indicateurs face aux objectifs"),
            xlabel=_text.say(lang, "KPI", "Indicateur"),
            ylabel=_text.say(lang, "Achievement (% of target, 100% = met)",
                             "Atteinte (% de l'objectif, 100 % = atteint)"),
            source=source_line(lang, _text.say(
                lang, "ad platforms (campaign rows), brief; costs inverted (target ÷ actual) "
                "so that above 100% is better; green met, orange at risk, red not met",
                "plateformes publicitaires (lignes de la campagne), brief ; coûts inversés "
                "(objectif ÷ réalisé) pour que plus de 100 % soit mieux ; vert atteint, orange "
                "à risque, rouge non atteint")), ax=ax)
        return localise(ax, lang)


def _sums(perf: pd.DataFrame) -> dict[str, float]:
    from smtools.channel._common import engagements

    out = {c: float(perf[c].sum()) for c in ("spend", "impressions", "clicks", "conversions",
                                             "revenue")}
    both = perf["impressions"].notna() & perf["engagements"].notna()
    out["engagements"] = float(engagements(perf[both]).sum())
    out["engaged_impressions"] = float(perf.loc[both, "impressions"].sum())
    return out


def _ratio(a: float, b: float, mult: float = 1.0) -> float:
    return a / b * mult if b > 0 else math.nan


def targets(actuals: Actuals, *, language: str | None = None,
            incremental_roas: float | None = None) -> Targets:
    """The brief's KPI targets against the campaign's actuals and the plan's forecast.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).
    incremental_roas : float, optional
        The model's incremental ROAS, quoted beside the platform-reported ROAS.

    Returns
    -------
    Targets

    Examples
    --------
    >>> targets(actuals).to_frame()[["kpi", "target", "actual", "status"]]  # doctest: +SKIP
    """
    from smtools.channel.kpis import wilson

    lang = language or actuals.language
    cur = actuals.currency
    s = _sums(actuals.performance)
    scale = 1.0 / actuals.elapsed if actuals.progress else 1.0
    est = campaign_reach(actuals)
    proj = campaign_reach(actuals, scale=scale) if actuals.progress else est
    ctr_lo, ctr_hi = wilson(s["clicks"], s["impressions"])
    er_lo, er_hi = wilson(s["engagements"], s["engaged_impressions"])
    values: dict[str, tuple[float, float, float]] = {
        "reach": (est.estimate, est.lower, est.upper),
        "frequency": (_ratio(s["impressions"], est.estimate),
                      _ratio(s["impressions"], est.upper), _ratio(s["impressions"], est.lower)),
        "impressions": (s["impressions"], math.nan, math.nan),
        "clicks": (s["clicks"], math.nan, math.nan),
        "conversions": (s["conversions"], math.nan, math.nan),
        "cpm": (_ratio(s["spend"], s["impressions"], 1000.0), math.nan, math.nan),
        "cpc": (_ratio(s["spend"], s["clicks"]), math.nan, math.nan),
        "cpa": (_ratio(s["spend"], s["conversions"]), math.nan, math.nan),
        "ctr": (_ratio(s["clicks"], s["impressions"]), float(ctr_lo), float(ctr_hi)),
        "roas": (_ratio(s["revenue"], s["spend"]), math.nan, math.nan),
        "engagement_rate": (_ratio(s["engagements"], s["engaged_impressions"]), float(er_lo),
                            float(er_hi)),
    }
    judged_values = dict.fromkeys(values, math.nan)
    for k, (v, _, _) in values.items():
        judged_values[k] = v
    if actuals.progress:
        for k in ("impressions", "clicks", "conversions"):
            judged_values[k] = values[k][0] * scale
        judged_values["reach"] = proj.estimate
        judged_values["frequency"] = _ratio(proj.impressions, proj.estimate)
    totals = actuals.plan.totals
    checks = []
    nan_range = Range(math.nan, math.nan, math.nan)
    for kpi, (higher, kind) in KPIS.items():
        target = getattr(actuals.brief.kpis, kpi, None)
        if target is None:
            continue
        actual, low, high = values[kpi]
        judged = judged_values[kpi]
        projected = actuals.progress and (kind == "count" or kpi == "frequency")
        st = judge(judged, float(target), higher_is_better=higher)
        basis = ""
        if kpi == "reach":
            basis = est.method
            if not math.isfinite(judged):
                bound = proj.upper
                st = "not met" if bound < target else "at risk"
                basis += "; judged on the upper bound"
        forecast = totals.get(kpi, nan_range) if isinstance(totals.get(kpi), Range) \
            else nan_range
        vs = _vs(judged, forecast)
        sentence = _sentence(kpi, float(target), actual, low, high, judged, projected, st, vs,
                             forecast, cur, lang, est=est,
                             incremental=incremental_roas if kpi == "roas" else None)
        checks.append(KpiCheck(kpi=kpi, target=float(target), actual=actual, low=low,
                               high=high, judged=judged, projected=projected, forecast=forecast,
                               status=st, vs_forecast=vs, higher_is_better=higher,
                               sentence=sentence, basis=basis))
    n = {k: sum(c.status == k for c in checks) for k in ("met", "at risk", "not met")}
    sentences = []
    if checks:
        sentences.append(_text.say(
            lang, f"Of the brief's {len(checks)} targets, {n['met']} "
            f"{'is' if n['met'] == 1 else 'are'} met, {n['at risk']} at risk and "
            f"{n['not met']} not met" + (" (counts projected to the campaign's end at the "
                                         "pace so far)." if actuals.progress else "."),
            f"Sur les {len(checks)} objectifs du brief, {n['met']} "
            f"{'est atteint' if n['met'] <= 1 else 'sont atteints'}, {n['at risk']} à risque "
            f"et {n['not met']} non atteint{'s' if n['not met'] > 1 else ''}"
            + (" (volumes projetés à la fin de la campagne au rythme actuel)."
               if actuals.progress else ".")))
    else:
        sentences.append(_text.say(lang, "The brief sets no KPI target.",
                                   "Le brief ne fixe aucun objectif chiffré."))
    sentences += [c.sentence for c in checks]
    notes = [_text.say(
        lang, "Ratios of sums over the campaign's rows; ROAS as reported by the ad platforms; "
        "CTR and engagement rate with 95% Wilson intervals. Reach: "
        f"{est.method}; bounds: largest row's reach and Σ daily reach capped by impressions. "
        f"Status: met, at risk (missed by less than {AT_RISK:.0%}), not met.",
        "Ratios de sommes sur les lignes de la campagne ; ROAS tel que déclaré par les "
        "plateformes ; CTR et taux d'engagement avec intervalles de Wilson à 95 %. "
        "Couverture estimée sur les courbes de couverture du plan (courbes de Goerg à un "
        "point, plafond = personnes de la cible sur chaque réseau) aux impressions réelles, "
        "réseaux combinés supposés indépendants ; bornes : couverture de la plus grande ligne "
        "et somme des couvertures quotidiennes plafonnée par les impressions. Statut : "
        f"atteint, à risque (manqué de moins de {_text.percent(AT_RISK, lang, decimals=0)}), "
        "non atteint.")]
    totals_out = {**s, "cpm": values["cpm"][0], "cpc": values["cpc"][0],
                  "cpa": values["cpa"][0], "ctr": values["ctr"][0],
                  "roas": values["roas"][0], "reach": est.estimate, "reach_upper": est.upper,
                  "reach_lower": est.lower, "frequency": values["frequency"][0]}
    return Targets(language=lang, currency=cur, sentences=sentences, notes=notes,
                   checks=checks, reach=est, totals=totals_out, progress=actuals.progress)


def _sentence(kpi: str, target: float, actual: float, low: float, high: float, judged: float,
              projected: bool, status: str, vs: str, forecast: Range, cur: str, lang: str, *,
              est: ReachEstimate, incremental: float | None) -> str:
    name = _text.label(kpi, lang)
    name = name[0].upper() + name[1:]
    a = describe(kpi, actual, cur, lang)
    t = describe(kpi, target, cur, lang)
    word = {"met": _text.say(lang, "met", "atteint"),
            "at risk": _text.say(lang, "at risk", "à risque"),
            "not met": _text.say(lang, "not met", "non atteint"),
            "unknown": _text.say(lang, "unknown", "inconnu")}[status]
    extra = ""
    if kpi == "reach":
        extra = _text.say(
            lang, f" people (estimated on the plan's reach curves; at least "
            f"{describe(kpi, low, cur, lang)}, at most {describe(kpi, high, cur, lang)}, the sum "
            "of daily reach)",
            f" personnes (estimation sur les courbes de couverture du plan ; au moins "
            f"{describe(kpi, low, cur, lang)}, au plus {describe(kpi, high, cur, lang)}, somme "
            "des couvertures quotidiennes)") if math.isfinite(actual) else \
            _text.say(lang, f" (no estimate; upper bound, the sum of daily reach: "
                      f"{describe(kpi, est.upper, cur, lang)})",
                      f" (pas d'estimation ; borne haute, somme des couvertures quotidiennes : "
                      f"{describe(kpi, est.upper, cur, lang)})")
    elif kpi in ("ctr", "engagement_rate") and math.isfinite(low):
        extra = _text.say(
            lang, f" (95% interval {describe(kpi, low, cur, lang)}–"
            f"{describe(kpi, high, cur, lang)})",
            f" (intervalle à 95 % {describe(kpi, low, cur, lang)}–"
            f"{describe(kpi, high, cur, lang)})")
    elif kpi == "roas":
        extra = _text.say(lang, " as reported by the ad platforms",
                          " déclaré par les plateformes")
        if incremental is not None and math.isfinite(incremental):
            extra += _text.say(lang, f"; the model's incremental ROAS is "
                               f"{_text.ratio(incremental, lang)}",
                               f" ; le ROAS incrémental du modèle est de "
                               f"{_text.ratio(incremental, lang)}")
    proj = ""
    if projected:
        proj = _text.say(lang, f", projected to {describe(kpi, judged, cur, lang)} by the end",
                         f", projeté à {describe(kpi, judged, cur, lang)} en fin de campagne")
    fc = ""
    if vs != "no forecast":
        lo, _, hi = forecast.ordered()
        fc = _text.say(lang, f"; the plan forecast {describe(kpi, lo, cur, lang)}–"
                       f"{describe(kpi, hi, cur, lang)}, the result is {_text.label(vs, lang)}",
                       f" ; le plan prévoyait {describe(kpi, lo, cur, lang)}–"
                       f"{describe(kpi, hi, cur, lang)}, le résultat est "
                       f"{_text.label(vs, lang)}")
    return _text.say(lang, f"{name}: {a}{extra}{proj} against a target of {t} — {word}{fc}.",
                     f"{name} : {a}{extra}{proj} pour un objectif de {t} — {word}{fc}.")

