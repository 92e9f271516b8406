"""Recommendations for the next campaign, each tied to a figure of this one.

Rules, in priority order (a rule without the data it needs is skipped):

1. **Budget shift** — the split of the same budget that the marketing-mix model's
   response curves favour (:func:`smtools.roi.optimize.allocate`, within the brief's
   shares), against the split spent: move budget from the network losing most to the
   one gaining most, quoting their incremental ROAS with the model's intervals. The
   split is kept when the shift is under :data:`MIN_SHIFT` of the budget, when the
   expected gain is under :data:`MIN_GAIN` of the revenue expected, when fewer than
   :data:`MIN_PROBABILITY` of the model's draws favour it (this advice then comes
   last); when the network to fund returned less per unit spent over the campaign
   than the one to cut, a test is advised instead of the shift.
2. **A target missed** — the missed KPI furthest from its target, and the network
   that did best on it.
3. **Crisis** — a reputation crisis during the campaign calls for a response plan.
4. **Pacing** — the network furthest outside the ±10% band.
5. **Posting times** — keep or revisit the plan's slots, after the lift they showed.
6. **Content** — favour the format that engaged most.
7. **Tracking** — tag every ad when under :data:`MIN_TRACKING` of paid sessions carry
   the plan's tags.

Examples
--------
>>> Recommendation("budget", "Move 15% of the Facebook budget…", 0.15).has_figure
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from smtools.report import _mmm, _text
from smtools.report._base import Section
from smtools.report.kpis import Targets, describe
from smtools.report.pacing import TOLERANCE, Pacing

__all__ = ["Recommendation", "Recommendations", "recommend", "MIN_SHIFT", "MIN_TRACKING"]

#: A budget shift smaller than this share of the budget is not worth recommending.
MIN_SHIFT = 0.02
#: A budget shift must be expected to add at least this share of revenue…
MIN_GAIN = 0.01
#: …and be better in at least this share of the model's bootstrap draws.
MIN_PROBABILITY = 0.8
#: Share of the paid sessions that should carry the plan's tags.
MIN_TRACKING = 0.95


@dataclass
class Recommendation:
    """One recommendation: its kind, its text and the figure it rests on."""

    kind: str
    text: str
    figure: float

    @property
    def has_figure(self) -> bool:
        """Whether the text quotes a number."""
        return bool(re.search(r"\d", self.text))


@dataclass(kw_only=True)
class Recommendations(Section):
    """The review's recommendations (the sentences are their texts)."""

    key: ClassVar[str] = "recommendations"
    items: list[Recommendation]

    def to_frame(self) -> pd.DataFrame:
        """One row per recommendation: ``kind``, ``text``, ``figure``."""
        return pd.DataFrame([r.__dict__ for r in self.items], columns=["kind", "text", "figure"])

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{_text.escape(r.text)}</li>" for r in self.items)
        return f"<ol>{items}</ol>" + "".join(f"<p><small>{_text.escape(n)}</small></p>"
                                             for n in self.notes)


def _budget(roi: Any, lang: str, cur: str) -> Recommendation | None:
    alloc = roi.allocation
    if alloc is None:
        return None
    t = alloc.to_frame()
    budget = float(t["recommended"].sum())
    down, up = t["change"].idxmin(), t["change"].idxmax()
    moved = -float(t.loc[down, "change"])
    r = roi.table.set_index("channel")
    gain = alloc.expected - alloc.expected_current
    rel = gain / alloc.expected_current if alloc.expected_current > 0 else math.nan
    prob = alloc.probability_better
    coherent = not (up in r.index and down in r.index
                    and r.loc[up, "roas"] < r.loc[down, "roas"])

    def iv(ch: str) -> str:
        row = r.loc[ch]
        return (f"{_text.ratio(row['roas'], lang)} ({_text.ratio(row['roas_low'], lang)}–"
                f"{_text.ratio(row['roas_high'], lang)})")

    if (alloc.unchanged or moved < MIN_SHIFT * budget or not rel >= MIN_GAIN
            or (math.isfinite(prob) and prob < MIN_PROBABILITY)):
        odds = (_text.say(lang, f", better in only {_text.percent(prob, lang, decimals=0)} of "
                          "its draws", f", meilleure dans seulement "
                          f"{_text.percent(prob, lang, decimals=0)} de ses tirages")
                if math.isfinite(prob) else "")
        return Recommendation("budget:keep", _text.say(
            lang, f"Keep the budget split: the best reallocation the model finds on a "
            f"{_text.money(budget, cur, lang)} budget adds {_text.money(max(gain, 0.0), cur, lang)}"
            f" of revenue ({_text.signed_percent(max(rel, 0.0), lang, decimals=1)}){odds}, too "
            "little to act on.",
            f"Conserver la répartition du budget : la meilleure réallocation trouvée par le "
            f"modèle sur un budget de {_text.money(budget, cur, lang)} ajoute "
            f"{_text.money(max(gain, 0.0), cur, lang)} de chiffre d'affaires "
            f"({_text.signed_percent(max(rel, 0.0), lang, decimals=1)}){odds}, trop peu pour "
            "agir."), 0.0)
    if not coherent:
        return Recommendation("budget", _text.say(
            lang, f"Test before moving budget from {_text.net(down)} to {_text.net(up)}: the "
            f"model's response curves expect {_text.money(gain, cur, lang)} more revenue "
            f"({_text.signed_percent(rel, lang, decimals=1)}) from shifting "
            f"{_text.money(moved, cur, lang)}, yet {_text.net(up)} returned {iv(up)} per "
            f"{_text.money(1, cur, lang)} over this campaign against {iv(down)} for "
            f"{_text.net(down)}; a split-budget test would settle it.",
            f"Tester avant de déplacer du budget de {_text.net(down)} vers {_text.net(up)} : les "
            f"courbes de réponse du modèle prévoient {_text.money(gain, cur, lang)} de chiffre "
            f"d'affaires en plus ({_text.signed_percent(rel, lang, decimals=1)}) pour "
            f"{_text.money(moved, cur, lang)} déplacés, mais {_text.net(up)} a rapporté "
            f"{iv(up)} pour {_text.money(1, cur, lang)} pendant cette campagne contre {iv(down)} "
            f"pour {_text.net(down)} ; un test à budget partagé trancherait."), float(rel))
    share = moved / float(t.loc[down, "current"]) if t.loc[down, "current"] > 0 else math.nan
    lvl = _text.percent(_mmm.LEVEL, lang, decimals=0)

    odds = _text.say(lang, f", better in {_text.percent(prob, lang, decimals=0)} of its draws",
                     f", meilleur dans {_text.percent(prob, lang, decimals=0)} de ses tirages") \
        if math.isfinite(prob) else ""
    text = _text.say(
        lang,
        f"Move {_text.percent(share, lang, decimals=0)} of the {_text.net(down)} budget "
        f"({_text.money(moved, cur, lang)}) to {_text.net(up)}: its incremental ROAS was "
        f"{iv(up)} against {iv(down)} for {_text.net(down)} (model, {lvl} intervals); for "
        f"the same {_text.money(budget, cur, lang)} the model expects "
        f"{_text.money(gain, cur, lang)} more revenue{odds}.",
        f"Déplacer {_text.percent(share, lang, decimals=0)} du budget {_text.net(down)} "
        f"({_text.money(moved, cur, lang)}) vers {_text.net(up)} : son ROAS incrémental a été "
        f"de {iv(up)} contre {iv(down)} pour {_text.net(down)} (modèle, intervalles à {lvl}) ; "
        f"pour le même budget de {_text.money(budget, cur, lang)}, le modèle prévoit "
        f"{_text.money(gain, cur, lang)} de chiffre d'affaires en plus{odds}.")
    return Recommendation("budget", text, float(share))


_BEST_BY = {"cpm": ("cpm", False), "cpc": ("cpc", False), "cpa": ("cpa", False),
            "ctr": ("ctr", True), "roas": ("roas", True)}


def _target(targets: Targets, paid: pd.DataFrame, lang: str, cur: str
            ) -> Recommendation | None:
    missed = [c for c in targets.checks if c.status == "not met" and c.target > 0
              and math.isfinite(c.judged)]
    if not missed:
        return None
    gap = {c.kpi: abs(c.judged / c.target - 1) for c in missed}
    c = max(missed, key=lambda x: gap[x.kpi])
    name = _text.label(c.kpi, lang)
    gap_text = (f"{describe(c.kpi, c.judged, cur, lang)} "
                + _text.say(lang, "against ", "pour ") + describe(c.kpi, c.target, cur, lang)
                + f" ({_text.signed_percent(c.judged / c.target - 1, lang)})")
    if c.projected:
        head = _text.say(lang, f"{name[0].upper() + name[1:]} is on course to miss its target: "
                         f"projected {gap_text}",
                         f"L'objectif de {name} est en passe d'être manqué : projection "
                         f"{gap_text}")
    else:
        head = _text.say(lang, f"{name[0].upper() + name[1:]} missed its target: {gap_text}",
                         f"Objectif de {name} manqué : {gap_text}")
    if c.kpi in _BEST_BY and len(paid) > 1 and paid[_BEST_BY[c.kpi][0]].notna().any():
        col, higher = _BEST_BY[c.kpi]
        best = paid.loc[paid[col].idxmax() if higher else paid[col].idxmin()]
        tail = _text.say(
            lang, f"; weight the next plan towards {_text.net(best['channel'])}, which achieved "
            f"{describe(c.kpi, best[col], cur, lang)}, or set a target the budget can meet.",
            f" ; orienter le prochain plan vers {_text.net(best['channel'])}, qui a obtenu "
            f"{describe(c.kpi, best[col], cur, lang)}, ou fixer un objectif tenable avec ce "
            "budget.")
    elif c.kpi in ("reach", "frequency", "impressions"):
        tail = _text.say(lang, "; plan more budget or a longer flight for this goal, or lower "
                         "the target to what the plan forecast.",
                         " ; prévoir plus de budget ou une campagne plus longue pour cet "
                         "objectif, ou aligner l'objectif sur la prévision du plan.")
    else:
        tail = _text.say(lang, "; review the creatives and the targeting before the next "
                         "campaign.", " ; revoir les créations et le ciblage avant la prochaine "
                         "campagne.")
    return Recommendation(f"target:{c.kpi}", head + tail, float(c.judged))


def _crisis(reputation: Any, lang: str) -> Recommendation | None:
    if not reputation.crisis:
        return None
    c = reputation.crises.sort_values("start").iloc[0]
    return Recommendation("crisis", _text.say(
        lang, f"Prepare a crisis response with customer service before the next campaign: the "
        f"{int(c['days'])}-day crisis brought {_text.number(c['volume_ratio'], lang, decimals=1)} "
        f"times the usual mentions at a mean sentiment of "
        f"{_text.signed(c['sentiment'], lang)}, in the middle of the paid push.",
        f"Préparer une réponse de crise avec le service client avant la prochaine campagne : "
        f"la crise de {int(c['days'])} jours a multiplié les mentions par "
        f"{_text.number(c['volume_ratio'], lang, decimals=1)}, avec un sentiment moyen de "
        f"{_text.signed(c['sentiment'], lang)}, en pleine campagne payante."),
        float(c["volume_ratio"]))


def _pacing(pacing: Pacing, progress: bool, remaining: int, lang: str, cur: str
            ) -> Recommendation | None:
    ch = pacing.by_channel.iloc[:-1]
    off = ch[ch["status"].isin(["under", "over"])]
    if off.empty:
        return None
    r = off.loc[off["variance_pct"].abs().idxmax()]
    v = float(r["variance_pct"])
    if progress and remaining > 0:
        text = _text.say(
            lang, f"{'Raise' if v < 0 else 'Lower'} {_text.net(r['channel'])}'s daily budget for "
            f"the {remaining} remaining days: it is {_text.signed_percent(v, lang, decimals=1)} "
            f"({_text.money(r['variance'], cur, lang)}) against its plan to date.",
            f"{'Augmenter' if v < 0 else 'Réduire'} le budget quotidien {_text.net(r['channel'])} "
            f"pour les {remaining} jours restants : il est à "
            f"{_text.signed_percent(v, lang, decimals=1)} ({_text.money(r['variance'], cur, lang)})"
            " de son plan à date.")
    else:
        text = _text.say(
            lang, f"Check {_text.net(r['channel'])}'s delivery settings (caps, bids, audience "
            f"size) before the next flight: it spent {_text.signed_percent(v, lang, decimals=1)} "
            f"({_text.money(r['variance'], cur, lang)}) against its plan, outside the "
            f"±{_text.percent(TOLERANCE, lang, decimals=0)} band.",
            f"Vérifier les réglages de diffusion {_text.net(r['channel'])} (plafonds, enchères, "
            f"taille d'audience) avant la prochaine vague : il a dépensé "
            f"{_text.signed_percent(v, lang, decimals=1)} ({_text.money(r['variance'], cur, lang)}"
            f") par rapport au plan, hors de la marge de "
            f"±{_text.percent(TOLERANCE, lang, decimals=0)}.")
    return Recommendation("pacing", text, v)


def _timing(timing: Any, lang: str) -> Recommendation | None:
    t = timing.table
    if t.empty or "all" not in set(t["channel"]):
        return None
    a = t.set_index("channel").loc["all"]
    total = a["posts_at"] + a["posts_off"]
    if total == 0 or timing.recommended.empty:
        return None
    share = a["posts_at"] / total
    if math.isfinite(a["lift"]) and a["lift_low"] > 1:
        return Recommendation("timing", _text.say(
            lang, f"Publish more at the plan's recommended slots: posts there engaged "
            f"{_text.number(a['lift'], lang, decimals=2)}× more (95% interval "
            f"{_text.number(a['lift_low'], lang, decimals=2)}–"
            f"{_text.number(a['lift_high'], lang, decimals=2)}), yet only "
            f"{int(a['posts_at'])} of {int(total)} posts were published there.",
            f"Publier davantage aux créneaux recommandés : les posts qui y ont été publiés ont "
            f"engagé {_text.number(a['lift'], lang, decimals=2)} fois plus (intervalle à 95 % "
            f"{_text.number(a['lift_low'], lang, decimals=2)}–"
            f"{_text.number(a['lift_high'], lang, decimals=2)}), mais seuls "
            f"{int(a['posts_at'])} posts sur {int(total)} l'ont été."), float(a["lift"]))
    if math.isfinite(a["lift"]) and a["lift_high"] < 1:
        return Recommendation("timing", _text.say(
            lang, f"Revisit the recommended posting slots: posts there engaged "
            f"{_text.number(a['lift'], lang, decimals=2)}× the others (95% interval "
            f"{_text.number(a['lift_low'], lang, decimals=2)}–"
            f"{_text.number(a['lift_high'], lang, decimals=2)}).",
            f"Revoir les créneaux de publication recommandés : les posts qui y ont été publiés "
            f"ont engagé {_text.number(a['lift'], lang, decimals=2)} fois les autres "
            f"(intervalle à 95 % {_text.number(a['lift_low'], lang, decimals=2)}–"
            f"{_text.number(a['lift_high'], lang, decimals=2)})."), float(a["lift"]))
    return Recommendation("timing", _text.say(
        lang, f"Follow the posting calendar so the slots can be tested: only "
        f"{_text.percent(share, lang, decimals=0)} of the campaign's posts "
        f"({int(a['posts_at'])} of {int(total)}) went out at the recommended slots.",
        f"Suivre le calendrier de publication pour pouvoir tester les créneaux : seuls "
        f"{_text.percent(share, lang, decimals=0)} des posts de la campagne "
        f"({int(a['posts_at'])} sur {int(total)}) sont partis aux créneaux recommandés."),
        float(share))


def _content(content: Any, lang: str) -> Recommendation | None:
    f = content.formats
    if len(f) < 2:
        return None
    hi, lo = f.iloc[0], f.iloc[-1]
    if not hi["er_low"] > lo["er_high"]:
        return None
    return Recommendation("content", _text.say(
        lang, f"Favour “{hi['format']}” posts: they engaged "
        f"{_text.percent(hi['er'], lang, decimals=2)} of impressions against "
        f"{_text.percent(lo['er'], lang, decimals=2)} for “{lo['format']}” (95% intervals do "
        "not overlap).",
        f"Privilégier les posts « {hi['format']} » : ils ont engagé "
        f"{_text.percent(hi['er'], lang, decimals=2)} des impressions contre "
        f"{_text.percent(lo['er'], lang, decimals=2)} pour « {lo['format']} » (intervalles à "
        "95 % disjoints)."), float(hi["er"]))


def _tracking(channels: Any, lang: str) -> Recommendation | None:
    t = channels.tracking or {}
    share = t.get("paid_tagged_share", math.nan)
    if not (isinstance(share, float) and math.isfinite(share)) or share >= MIN_TRACKING:
        return None
    return Recommendation("tracking", _text.say(
        lang, f"Tag every ad's landing URL with the plan's UTM values: only "
        f"{_text.percent(share, lang, decimals=0)} of the sessions from the plan's paid sources "
        "carried them, so analytics cannot credit the rest to the campaign.",
        f"Baliser l'URL de chaque annonce avec les valeurs UTM du plan : seules "
        f"{_text.percent(share, lang, decimals=0)} des sessions venues des sources payantes du "
        "plan les portaient ; l'analytics ne peut pas attribuer le reste à la campagne."),
        float(share))


def recommend(*, pacing: Pacing, targets: Targets, channels: Any, roi: Any, content: Any,
              timing: Any, reputation: Any, progress: bool, remaining: int, language: str,
              currency: str, limit: int = 6) -> Recommendations:
    """The review's recommendations, each quoting the figure it rests on.

    Parameters
    ----------
    pacing, targets, channels, roi, content, timing, reputation
        The review's sections.
    progress : bool
        Whether the campaign is still running (pacing advice for the days left).
    remaining : int
        Days of the campaign after the last day read.
    language : {"fr", "en"}
        Language of the texts.
    currency : str
        Currency of the amounts.
    limit : int
        At most this many recommendations.

    Returns
    -------
    Recommendations

    Examples
    --------
    >>> recommend(pacing=p, targets=t, channels=c, roi=r, content=ct, timing=tm,
    ...           reputation=rp, progress=False, remaining=0, language="en",
    ...           currency="EUR").to_frame()                   # doctest: +SKIP
    """
    lang, cur = language, currency
    budget = _budget(roi, lang, cur)
    found = [budget, _target(targets, channels.paid, lang, cur), _crisis(reputation, lang),
             _pacing(pacing, progress, remaining, lang, cur), _timing(timing, lang),
             _content(content, lang), _tracking(channels, lang)]
    if budget is not None and budget.kind == "budget:keep":  # advice to act comes first
        found = [*found[1:], budget]
    items = [r for r in found if r is not None][:limit]
    notes = [_text.say(lang, "Each recommendation rests on the figure it quotes; the budget "
                       "shift on the marketing-mix model's response curves, within the brief's "
                       "budget shares.",
                       "Chaque recommandation repose sur le chiffre qu'elle cite ; le "
                       "déplacement de budget sur les courbes de réponse du modèle "
                       "mix-marketing, dans les parts de budget du brief.")]
    return Recommendations(language=lang, currency=cur, sentences=[r.text for r in items],
                           notes=notes, items=items)
