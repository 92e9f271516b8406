"""The executive summary: five to eight plain sentences with the numbers.

In order: what the document is (final or progress report, dates); spend against
the budget; the headline results against the targets; the return on investment;
the best network; the main lesson; the main recommendation.

Examples
--------
>>> headline([("met", "CPA €9.12 (target €10.00)"), ("not met", "CPM €8.20 (target €7.50)")],
...          "en")
'1 of 2 targets met — CPA €9.12 (target €10.00); not met: CPM €8.20 (target €7.50).'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from smtools.report import _mmm, _text
from smtools.report._base import Section
from smtools.report.kpis import describe

__all__ = ["Summary", "summarise", "headline"]


def headline(items: list[tuple[str, str]], language: str) -> str:
    """One sentence on targets: how many were met, which, and which were not."""
    lang = language
    met = [t for s, t in items if s == "met"]
    risk = [t for s, t in items if s == "at risk"]
    miss = [t for s, t in items if s == "not met"]
    sep = _text.say(lang, "; ", " ; ")
    head = _text.say(lang, f"{len(met)} of {len(items)} targets met",
                     f"{len(met)} objectif{'s' if len(met) > 1 else ''} atteint"
                     f"{'s' if len(met) > 1 else ''} sur {len(items)}")
    parts = []
    if met:
        parts.append(sep.join(met))
    if risk:
        parts.append(_text.say(lang, "at risk: ", "à risque : ") + sep.join(risk))
    if miss:
        parts.append(_text.say(lang, "not met: ", "non atteints : ") + sep.join(miss))
    return head + " — " + sep.join(parts) + "."


@dataclass(kw_only=True)
class Summary(Section):
    """The executive summary (its ``sentences``)."""

    key: ClassVar[str] = "summary"

    def _repr_html_(self) -> str:
        return "".join(f"<p>{_text.escape(s)}</p>" for s in self.sentences)


def summarise(review: Any) -> Summary:
    """Five to eight sentences summing up a :class:`~smtools.report.CampaignReview`.

    Examples
    --------
    >>> summarise(review).sentences[0]                        # doctest: +SKIP
    'This report reviews Fall Edit 2026 for Atelier Nova, 7 September – 18 October 2026, …'
    """
    lang, cur = review.language, review.currency
    b = review.brief
    c = b.campaign
    a = review.actuals
    out = []
    period = _text.date_range(c.start, c.end, lang)
    if a.progress:
        out.append(_text.say(
            lang, f"This is a progress report on {c.name} ({period}) after {a.days} of its "
            f"{a.campaign_days} days, with data up to {_text.date(a.last, lang)}.",
            f"Ce document est un point d'étape de la campagne {c.name} ({period}) après "
            f"{a.days} de ses {a.campaign_days} jours, données arrêtées au "
            f"{_text.date(a.last, lang)}."))
    else:
        out.append(_text.say(
            lang, f"This report reviews {c.name} for {b.name}, {period}, against the plan "
            "made before it started.",
            f"Ce bilan porte sur la campagne {c.name} de {b.name}, {period}, face au plan "
            "établi avant son lancement."))
    t = review.pacing.total
    off = review.pacing.by_channel.iloc[:-1]
    off = off[off["status"] != "on track"]
    pace = (_text.say(lang, "every network on track", "chaque réseau dans les temps")
            if off.empty else _text.names(
                [f"{_text.net(r.channel)} {_text.label(r.status, lang)}"
                 for r in off.itertuples()], lang))
    out.append(_text.say(
        lang, f"It spent {_text.money(t['actual'], cur, lang)} of the "
        f"{_text.money(c.budget, cur, lang)} budget ({_text.percent(t['actual'] / c.budget, lang)}"
        f"; {_text.signed_percent(t['variance_pct'], lang, decimals=1)} against the plan"
        + (" to date" if a.progress else "") + f"), {pace}.",
        f"Elle a dépensé {_text.money(t['actual'], cur, lang)} sur un budget de "
        f"{_text.money(c.budget, cur, lang)} ({_text.percent(t['actual'] / c.budget, lang)} ; "
        f"{_text.signed_percent(t['variance_pct'], lang, decimals=1)} par rapport au plan"
        + (" à date" if a.progress else "") + f"), {pace}."))
    checks = review.kpis.checks
    if checks:
        items = [(k.status, f"{_text.label(k.kpi, lang)} {describe(k.kpi, k.judged, cur, lang)} "
                  f"({_text.say(lang, 'target', 'objectif')} "
                  f"{describe(k.kpi, k.target, cur, lang)})") for k in checks]
        out.append(headline(items, lang))
    roi = review.roi
    tot = roi.total
    if math.isfinite(tot.get("roas", math.nan)):
        out.append(_text.say(
            lang, f"Each {_text.money(1, cur, lang)} spent brought "
            f"{_text.money(tot['roas'], cur, lang, decimals=2)} of incremental "
            f"revenue according to the marketing-mix model ({_mmm.LEVEL:.0%} interval "
            f"{_text.ratio(tot['roas_low'], lang)}–{_text.ratio(tot['roas_high'], lang)}), a "
            f"revenue ROI of {_text.signed_percent(tot['roi'], lang)}; the ad platforms "
            f"claim a ROAS of {_text.ratio(tot['platform_roas'], lang)}.",
            f"Pour {_text.money(1, cur, lang)} dépensé, la campagne a rapporté "
            f"{_text.money(tot['roas'], cur, lang, decimals=2)} de chiffre "
            f"d'affaires incrémental selon le modèle mix-marketing (intervalle à "
            f"{_text.percent(_mmm.LEVEL, lang, decimals=0)} "
            f"{_text.ratio(tot['roas_low'], lang)}–{_text.ratio(tot['roas_high'], lang)}), "
            f"soit un ROI de {_text.signed_percent(tot['roi'], lang)} ; les plateformes "
            f"revendiquent un ROAS de {_text.ratio(tot['platform_roas'], lang)}."))
        r = roi.table.dropna(subset=["roas"])
        if len(r):
            best = r.loc[r["roas"].idxmax()]
            out.append(_text.say(
                lang, f"The best network was {_text.net(best['channel'])}, with an incremental "
                f"ROAS of {_text.ratio(best['roas'], lang)} "
                f"({_text.ratio(best['roas_low'], lang)}–{_text.ratio(best['roas_high'], lang)})"
                f" on {_text.money(best['spend'], cur, lang)}.",
                f"Le meilleur réseau a été {_text.net(best['channel'])}, avec un ROAS "
                f"incrémental de {_text.ratio(best['roas'], lang)} "
                f"({_text.ratio(best['roas_low'], lang)}–{_text.ratio(best['roas_high'], lang)})"
                f" pour {_text.money(best['spend'], cur, lang)}."))
    else:
        paid = review.channels.paid
        if len(paid) and paid["roas"].notna().any():
            best = paid.loc[paid["roas"].idxmax()]
            out.append(_text.say(
                lang, f"The ad platforms report a ROAS of "
                f"{_text.ratio(tot['platform_roas'], lang)}; the best network by their count "
                f"was {_text.net(best['channel'])} ({_text.ratio(best['roas'], lang)}).",
                f"Les plateformes déclarent un ROAS de {_text.ratio(tot['platform_roas'], lang)} "
                f"; selon elles, le meilleur réseau a été {_text.net(best['channel'])} "
                f"({_text.ratio(best['roas'], lang)})."))
    out.append(_lesson(review, lang))
    if review.recommendations.items:
        first = review.recommendations.items[0].text
        out.append(_text.say(lang, "Main recommendation: ", "Recommandation principale : ")
                   + first[0].lower() + first[1:])
    return Summary(language=lang, currency=cur, sentences=[s for s in out if s][:8])


def _lesson(review: Any, lang: str) -> str:
    rep = review.reputation
    if rep.crisis:
        c = rep.crises.sort_values("start").iloc[0]
        return _text.say(
            lang, f"Main lesson: a reputation crisis hit {rep.brand} during the campaign, "
            f"{_text.date_range(c['start'], c['end'], lang)}, with "
            f"{_text.number(c['volume_ratio'], lang, decimals=1)} times the usual mentions.",
            f"Principal enseignement : une crise de réputation a touché {rep.brand} pendant la "
            f"campagne, {_text.date_range(c['start'], c['end'], lang)}, avec "
            f"{_text.number(c['volume_ratio'], lang, decimals=1)} fois le volume habituel de "
            "mentions.")
    t = review.roi.table
    over = t["over_reporting"].dropna() if "over_reporting" in t.columns else t.iloc[0:0]
    if len(over) and over.max() > 1.2:
        ch = t.loc[over.idxmax(), "channel"]
        return _text.say(
            lang, f"Main lesson: platform figures flatter the campaign — "
            f"{_text.net(ch)} reports {_text.number(over.max(), lang, decimals=1)} times the "
            "conversions the model finds incremental; judge networks on incremental results.",
            f"Principal enseignement : les chiffres des plateformes flattent la campagne — "
            f"{_text.net(ch)} déclare {_text.number(over.max(), lang, decimals=1)} fois les "
            "conversions que le modèle juge incrémentales ; juger les réseaux sur leurs "
            "résultats incrémentaux.")
    tm = review.timing.table
    if len(tm) and "all" in set(tm["channel"]):
        a = tm.set_index("channel").loc["all"]
        if math.isfinite(a["lift"]):
            return _text.say(
                lang, f"Main lesson: posts at the recommended slots engaged "
                f"{_text.number(a['lift'], lang, decimals=2)}× the others (95% interval "
                f"{_text.number(a['lift_low'], lang, decimals=2)}–"
                f"{_text.number(a['lift_high'], lang, decimals=2)}).",
                f"Principal enseignement : les posts aux créneaux recommandés ont engagé "
                f"{_text.number(a['lift'], lang, decimals=2)} fois les autres (intervalle à "
                f"95 % {_text.number(a['lift_low'], lang, decimals=2)}–"
                f"{_text.number(a['lift_high'], lang, decimals=2)}).")
    return ""
