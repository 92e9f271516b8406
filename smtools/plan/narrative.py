"""The words of a media plan: headings, sentences and client-ready tables, in French or English.

Everything a plan document says comes from here, so the notebook only lays it out.

Examples
--------
>>> heading("forecast", "fr"), heading("forecast", "en")
('## Prévisions', '## Forecast')
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from smtools import fmt, networks
from smtools.plan.model import MediaPlan, Range

__all__ = ["heading", "summary", "lines_table", "budget_table", "best_times_text",
           "scores_table", "targets_table", "weekly_table", "calendar_table", "tracking_table",
           "assumptions_table",
           "situation_table", "warnings_block", "HEADINGS"]

HEADINGS: dict[str, dict[str, str]] = {
    "summary": {"en": "Summary", "fr": "Synthèse"},
    "situation": {"en": "Where the client stands", "fr": "Situation de départ"},
    "selection": {"en": "Networks chosen and why", "fr": "Réseaux retenus et pourquoi"},
    "budget": {"en": "Budget split", "fr": "Répartition du budget"},
    "flighting": {"en": "Flighting", "fr": "Calendrier de diffusion"},
    "forecast": {"en": "Forecast", "fr": "Prévisions"},
    "targets": {"en": "Targets", "fr": "Objectifs"},
    "calendar": {"en": "Posting calendar", "fr": "Calendrier de publication"},
    "tracking": {"en": "Tracking", "fr": "Suivi et tracking"},
    "assumptions": {"en": "Assumptions", "fr": "Hypothèses"},
}


def heading(key: str, language: str = "en", *, level: int = 2) -> str:
    """A section heading in the plan's language (Markdown).

    Examples
    --------
    >>> heading("budget", "fr", level=3)
    '### Répartition du budget'
    """
    words = HEADINGS[key]
    return "#" * level + " " + words["fr" if language == "fr" else "en"]


def _lang(plan: MediaPlan) -> str:
    return plan.brief.language


def _m(value: float, plan: MediaPlan, decimals: int | None = None) -> str:
    return fmt.money(value, plan.currency, _lang(plan), decimals=decimals)


def _n(value: float, plan: MediaPlan) -> str:
    return fmt.number(value, _lang(plan))


def _span(r: Range, plan: MediaPlan, kind: str = "number") -> str:
    if not all(math.isfinite(v) for v in r):
        return "–"
    if kind == "money":
        return f"{_m(r.mid, plan)} ({_m(r.low, plan)}–{_m(r.high, plan)})"
    if kind == "compact":
        lang = _lang(plan)
        return (f"{fmt.compact(r.mid, lang)} ({fmt.compact(r.low, lang)}–"
                f"{fmt.compact(r.high, lang)})")
    if kind == "ratio":
        lang = _lang(plan)
        return (f"{fmt.number(r.mid, lang, decimals=2)} ({fmt.number(r.low, lang, decimals=2)}–"
                f"{fmt.number(r.high, lang, decimals=2)})")
    return f"{_n(r.mid, plan)} ({_n(r.low, plan)}–{_n(r.high, plan)})"


_esc = fmt.markdown_text  # names come from briefs


def summary(plan: MediaPlan) -> str:
    """The plan in a few sentences, with its numbers (Markdown).

    Examples
    --------
    >>> summary(plan).startswith("## ")            # doctest: +SKIP
    True
    """
    b = plan.brief
    lang = _lang(plan)
    fr = lang == "fr"
    nets = ", ".join(
        f"{networks.display(line.channel)} ({fmt.percent(line.share, lang, decimals=0)})"
        for line in sorted(plan.lines, key=lambda x: -x.budget))
    t = plan.totals
    out = [heading("summary", lang), ""]
    if fr:
        out.append(
            f"Pour la campagne **{_esc(b.campaign.name)}** "
            f"({fmt.date_range(b.campaign.start, b.campaign.end, 'fr')}, objectif "
            f"{fmt.label(b.campaign.objective, 'fr')}), nous recommandons d'investir "
            f"**{_m(plan.budget, plan)}** sur {nets}.")
        if math.isfinite(t["reach"].mid):
            out.append(
                f"Le plan devrait toucher **{fmt.compact(t['reach'].mid, 'fr')} personnes** de la "
                f"cible ({fmt.percent(t['reach_share'].mid, 'fr', decimals=0)} de "
                f"{fmt.compact(plan.audience_size, 'fr')}), en moyenne "
                f"{fmt.number(t['frequency'].mid, 'fr', decimals=1)} fois, dont "
                f"{fmt.compact(t['reach_3plus'].mid, 'fr')} au moins trois fois.")
        out.append(
            f"Nous prévoyons {_span(t['impressions'], plan, 'compact')} impressions, "
            f"{_span(t['clicks'], plan, 'compact')} clics et "
            f"{_span(t['conversions'], plan)} conversions"
            + (f", pour un chiffre d'affaires {'incrémental ' if plan.method == 'mmm' else ''}"
               f"de {_span(t['revenue'], plan, 'money')}."
               if math.isfinite(t["revenue"].mid) else "."))
        out.append(f"Méthode : {plan.method_note}.")
    else:
        out.append(
            f"For the **{_esc(b.campaign.name)}** campaign "
            f"({fmt.date_range(b.campaign.start, b.campaign.end, 'en')}, "
            f"{fmt.label(b.campaign.objective, 'en')} objective), we recommend investing "
            f"**{_m(plan.budget, plan)}** across {nets}.")
        if math.isfinite(t["reach"].mid):
            out.append(
                f"The plan should reach **{fmt.compact(t['reach'].mid, 'en')} people** in the "
                f"target ({fmt.percent(t['reach_share'].mid, 'en', decimals=0)} of "
                f"{fmt.compact(plan.audience_size, 'en')}), "
                f"{fmt.number(t['frequency'].mid, 'en', decimals=1)} times each on average, "
                f"{fmt.compact(t['reach_3plus'].mid, 'en')} of them three "
                "times or more.")
        out.append(
            f"We forecast {_span(t['impressions'], plan, 'compact')} impressions, "
            f"{_span(t['clicks'], plan, 'compact')} clicks and "
            f"{_span(t['conversions'], plan)} conversions"
            + (f", for {_span(t['revenue'], plan, 'money')} of "
               f"{'incremental ' if plan.method == 'mmm' else ''}revenue."
               if math.isfinite(t["revenue"].mid) else "."))
        out.append(f"Method: {plan.method_note}.")
    met = sum(1 for c in plan.targets if c.status == "met")
    if plan.targets:
        out.append(
            f"{met} objectif(s) sur {len(plan.targets)} atteint(s) même dans le scénario prudent."
            if fr else
            f"{met} of the brief's {len(plan.targets)} targets are met even in the cautious case.")
    return "\n\n".join([out[0], " ".join(out[2:])])


def warnings_block(plan: MediaPlan) -> str:
    """The plan's warnings as a Markdown list (empty when there are none)."""
    if not plan.warnings:
        return ""
    head = "**À lire avant validation :**" if _lang(plan) == "fr" else "**Read before sign-off:**"
    return head + "\n\n" + "\n".join(f"- {_esc(w)}" for w in plan.warnings)


def situation_table(plan: MediaPlan) -> pd.DataFrame | None:
    """The last 52 weeks' KPIs by network, formatted (None without history)."""
    from smtools.overview import kpi_view

    kpis = plan.situation.get("kpis")
    return None if kpis is None else kpi_view(kpis, language=_lang(plan))


def scores_table(plan: MediaPlan) -> pd.DataFrame:
    """Every allowed network: score, the three components and the rationale."""
    fr = _lang(plan) == "fr"
    rows = []
    for s in sorted(plan.scores, key=lambda x: -x.score):
        rows.append({
            ("Réseau" if fr else "Network"): networks.display(s.channel),
            "Score": fmt.number(s.score, _lang(plan)),
            ("Affinité audience" if fr else "Audience fit"):
                fmt.number(s.audience_fit, _lang(plan), decimals=2),
            ("Efficacité coût" if fr else "Cost efficiency"):
                fmt.number(s.cost_efficiency, _lang(plan), decimals=2),
            ("Adéquation objectif" if fr else "Objective fit"):
                fmt.number(s.objective_fit, _lang(plan), decimals=1),
            ("Retenu" if fr else "Selected"): ("oui" if fr else "yes") if s.selected
            else ("non" if fr else "no"),
            ("Pourquoi" if fr else "Why"): s.rationale,
        })
    return pd.DataFrame(rows)


def budget_table(plan: MediaPlan) -> pd.DataFrame:
    """Budget per network: format, amount, share, CPM and frequency cap."""
    fr = _lang(plan) == "fr"
    rows = []
    for line in plan.lines:
        rows.append({
            ("Réseau" if fr else "Network"): networks.display(line.channel),
            "Format": line.format,
            "Budget": _m(line.budget, plan),
            ("Part" if fr else "Share"): fmt.percent(line.share, _lang(plan), decimals=0),
            "CPM": _m(line.cpm.mid, plan, 2),
            ("Plafond de répétition" if fr else "Frequency cap"):
                (f"{line.frequency_cap} / 7 jours" if fr else f"{line.frequency_cap} / 7 days"),
            ("Base des coûts" if fr else "Cost basis"):
                (("historique" if line.basis == "history" else "références")
                 if fr else line.basis),
        })
    rows.append({("Réseau" if fr else "Network"): "Total", "Format": "",
                 "Budget": _m(plan.budget, plan), ("Part" if fr else "Share"):
                 fmt.percent(1.0, plan.brief.language, decimals=0), "CPM": "",
                 ("Plafond de répétition" if fr else "Frequency cap"): "",
                 ("Base des coûts" if fr else "Cost basis"): ""})
    return pd.DataFrame(rows)


def best_times_text(plan: MediaPlan) -> str:
    """The recommended posting slots per network, one bullet each (Markdown)."""
    best = plan.situation.get("best_times")
    if best is None:
        return ""
    lang = _lang(plan)
    rec = best.recommendations
    out = []
    for ch, rows in rec.groupby("channel", sort=True):
        rows = rows.sort_values("rank")
        slots = [f"{fmt.weekday(int(r.weekday_index), lang)} {int(r.hour):02d}:00 "
                 f"(×{fmt.number(r.lift, lang, decimals=2)})" for r in rows.itertuples()]
        name = networks.display(str(ch))
        if lang == "fr":
            out.append(f"- {name} : meilleurs créneaux {', '.join(slots)} — taux d'engagement "
                       "rapporté à la moyenne du compte, heure locale.")
        else:
            out.append(f"- {name}: best slots {', '.join(slots)} — engagement rate relative to "
                       "the account's average, local time.")
    return "\n".join(out)


def lines_table(plan: MediaPlan) -> pd.DataFrame:
    """Central forecast per network, with ranges (pessimistic–optimistic)."""
    fr = _lang(plan) == "fr"
    rows = []
    for line in plan.lines:
        rows.append({
            ("Réseau" if fr else "Network"): networks.display(line.channel),
            "Impressions": _span(line.impressions, plan, "compact"),
            ("Couverture" if fr else "Reach"): _span(line.reach, plan, "compact"),
            ("Répétition" if fr else "Frequency"): _span(line.frequency, plan, "ratio"),
            ("Clics" if fr else "Clicks"): _span(line.clicks, plan, "compact"),
            "Conversions": _span(line.conversions, plan),
        })
    t = plan.totals
    rows.append({
        ("Réseau" if fr else "Network"): ("Tous réseaux (dédupliqué)" if fr
                                          else "All networks (deduplicated)"),
        "Impressions": _span(t["impressions"], plan, "compact"),
        ("Couverture" if fr else "Reach"): _span(t["reach"], plan, "compact"),
        ("Répétition" if fr else "Frequency"): _span(t["frequency"], plan, "ratio"),
        ("Clics" if fr else "Clicks"): _span(t["clicks"], plan, "compact"),
        "Conversions": _span(t["conversions"], plan),
    })
    return pd.DataFrame(rows)


def targets_table(plan: MediaPlan) -> pd.DataFrame:
    """The brief's targets against the forecast, with status."""
    from smtools.plan.build import _describe_value

    fr = _lang(plan) == "fr"
    rows = []
    for c in plan.targets:
        rows.append({
            "KPI": fmt.label(c.kpi, _lang(plan)),
            ("Objectif" if fr else "Target"): _describe_value(c.kpi, c.target, plan.brief),
            ("Prévision" if fr else "Forecast"): _describe_value(c.kpi, c.forecast.mid,
                                                                 plan.brief),
            ("Fourchette" if fr else "Range"):
                f"{_describe_value(c.kpi, c.forecast.low, plan.brief)}–"
                f"{_describe_value(c.kpi, c.forecast.high, plan.brief)}",
            ("Statut" if fr else "Status"): fmt.label(c.status, _lang(plan)),
        })
    return pd.DataFrame(rows)


def weekly_table(plan: MediaPlan) -> pd.DataFrame:
    """Budget by week × network, with totals, formatted."""
    lang = _lang(plan)
    wide = plan.weekly_wide()
    out = pd.DataFrame({("Semaine du" if lang == "fr" else "Week of"):
                        [fmt.date(w, lang, year=False) for w in wide.index]})
    for ch in wide.columns:
        out[networks.display(ch)] = [_m(v, plan) for v in wide[ch]]
    out["Total"] = [_m(v, plan) for v in wide.sum(axis=1)]
    return out


def calendar_table(plan: MediaPlan, *, weeks: int = 2) -> pd.DataFrame:
    """The first ``weeks`` weeks of the posting calendar, in the client's time zone."""
    lang = _lang(plan)
    cal = plan.calendar
    if cal.empty:
        return pd.DataFrame()
    first = cal["date"].min()
    cal = cal[cal["date"] < first + pd.Timedelta(weeks=weeks)]
    return pd.DataFrame({
        "Date": [fmt.date(d, lang, weekday=True, year=False) for d in cal["date"]],
        ("Heure" if lang == "fr" else "Time"): [f"{t:%H:%M}" for t in cal["published_at"]],
        ("Réseau" if lang == "fr" else "Network"): [networks.display(c) for c in cal["channel"]],
    })


def tracking_table(plan: MediaPlan) -> pd.DataFrame:
    """UTM values of every line."""
    rows = []
    for line in plan.lines:
        rows.append({"Line": line.line_id, "Network": networks.display(line.channel),
                     **line.utm})
    frame = pd.DataFrame(rows)
    if _lang(plan) == "fr":
        frame = frame.rename(columns={"Line": "Ligne", "Network": "Réseau"})
    return frame


def assumptions_table(plan: MediaPlan) -> pd.DataFrame:
    """Every number the plan rests on, with its source."""
    lang = _lang(plan)
    a = plan.assumptions
    if a.empty:
        return a

    def show(row: Any) -> str:
        v = row["value"]
        name = str(row["name"])
        if "CTR" in name or "CVR" in name:
            text = fmt.percent(v, lang, decimals=2)
        elif "CPM" in name or "value" in name.lower():
            text = _m(v, plan, 2)
        elif "→" in name:
            text = fmt.number(v, lang, decimals=2)
        else:
            text = fmt.number(v, lang)
        lo, hi = row.get("low"), row.get("high")
        if lo is not None and pd.notna(lo) and hi is not None and pd.notna(hi):
            if "CTR" in name or "CVR" in name:
                low, high = fmt.percent(lo, lang, decimals=2), fmt.percent(hi, lang, decimals=2)
                text += f" ({low}–{high})"
            elif "CPM" in name:
                text += f" ({_m(lo, plan, 2)}–{_m(hi, plan, 2)})"
        return text

    return pd.DataFrame({
        ("Hypothèse" if lang == "fr" else "Assumption"): a["name"],
        ("Valeur" if lang == "fr" else "Value"): [show(r) for _, r in a.iterrows()],
        "Source": a["source"],
    })
