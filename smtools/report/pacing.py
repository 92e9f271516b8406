"""Pacing: the campaign's spend against the plan, by week and by network.

Definitions
-----------
planned
    The plan's weekly budget (:attr:`MediaPlan.weekly`). In a progress report, a
    week that is only partly over counts for the share of its days read
    (planned to date).
actual
    Σ ``spend`` of the campaign's performance rows (see :mod:`smtools.report.actuals`).
variance
    actual − planned; ``variance_pct`` = actual ÷ planned − 1.
status (per network and in total)
    ``on track`` when the variance is within ±:data:`TOLERANCE` (10%) of the
    planned amount, ``under`` below, ``over`` above.

Examples
--------
>>> status(0.04), status(-0.2), status(0.15), status(float("nan"))
('on track', 'under', 'over', 'unknown')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line, week_labels
from smtools.report.actuals import Actuals

__all__ = ["Pacing", "pacing", "status", "TOLERANCE"]

#: Relative variance within which spend is "on track".
TOLERANCE = 0.10


def status(variance_pct: float, tolerance: float = TOLERANCE) -> str:
    """``on track``, ``under`` or ``over`` for a relative variance (``unknown`` when NaN)."""
    if not math.isfinite(variance_pct):
        return "unknown"
    if variance_pct < -tolerance:
        return "under"
    if variance_pct > tolerance:
        return "over"
    return "on track"


def _pct(actual: Any, planned: Any) -> Any:
    a = np.asarray(actual, dtype=float)
    p = np.asarray(planned, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, a / np.where(p > 0, p, 1.0) - 1.0, np.nan)


@dataclass(kw_only=True)
class Pacing(Section):
    """Spend against the plan.

    Attributes
    ----------
    weekly : DataFrame
        ``week`` (Monday), ``channel``, ``planned``, ``actual``, ``variance``,
        ``variance_pct``.
    by_channel : DataFrame
        ``channel``, ``budget`` (the plan's, whole campaign), ``planned`` (to
        date), ``actual``, ``variance``, ``variance_pct``, ``status``; a last row
        ``total``.
    """

    key: ClassVar[str] = "pacing"
    weekly: pd.DataFrame
    by_channel: pd.DataFrame
    progress: bool = False

    def to_frame(self) -> pd.DataFrame:
        """Spend against the plan by network, with a ``total`` row."""
        return self.by_channel.copy()

    @property
    def total(self) -> pd.Series:
        """The ``total`` row."""
        return self.by_channel.set_index("channel").loc["total"]

    def view(self) -> pd.DataFrame:
        lang, cur = self.language, self.currency
        rows = []
        for r in self.by_channel.itertuples(index=False):
            rows.append({
                _text.say(lang, "Network", "Réseau"):
                    _text.say(lang, "Total", "Total") if r.channel == "total"
                    else _text.net(r.channel),
                _text.say(lang, "Plan budget", "Budget du plan"):
                    _text.money(r.budget, cur, lang, decimals=2),
                (_text.say(lang, "Planned to date", "Prévu à date") if self.progress
                 else _text.say(lang, "Planned", "Prévu")):
                    _text.money(r.planned, cur, lang, decimals=2),
                _text.say(lang, "Spent", "Dépensé"): _text.money(r.actual, cur, lang, decimals=2),
                _text.say(lang, "Variance", "Écart"):
                    f"{_text.money(r.variance, cur, lang, decimals=2)} "
                    f"({_text.signed_percent(r.variance_pct, lang, decimals=1)})",
                _text.say(lang, "Status", "Statut"): _text.label(r.status, lang),
            })
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        caption = _text.say(self.language, "Spend by week and network (spent / planned)",
                            "Dépenses par semaine et par réseau (dépensé / prévu)")
        return (_text.html_block(self.sentences, self.view())
                + _text.html_block([], self.weekly_view(), caption=caption, notes=self.notes))

    def weekly_view(self) -> pd.DataFrame:
        """Week × network table of planned and actual spend (formatted)."""
        lang, cur = self.language, self.currency
        w = self.weekly.copy()
        w["cell"] = [f"{_text.money(a, cur, lang)} / {_text.money(p, cur, lang)}"
                     for a, p in zip(w["actual"], w["planned"], strict=True)]
        w["network"] = [_text.net(c) for c in w["channel"]]
        order = [_text.net(c) for c in dict.fromkeys(self.by_channel["channel"])
                 if c != "total"]
        wide = w.pivot(index="week", columns="network", values="cell")
        wide = wide[[c for c in order if c in wide.columns]].reset_index()
        wide["week"] = week_labels(wide["week"], lang)
        wide = wide.rename(columns={"week": _text.say(lang, "Week (spent / planned)",
                                                      "Semaine (dépensé / prévu)")})
        wide.columns.name = None
        return wide

    def plot(self, *, ax: Any = None) -> Any:
        """Weekly spend by network: actual (solid) against planned (dashed)."""
        from smtools import viz

        ax = new_axes(ax)
        lang = self.language
        weeks = sorted(self.weekly["week"].unique())
        labels = week_labels(weeks, lang)
        x = np.arange(len(weeks))
        colours = viz.network_colours(list(self.weekly["channel"].unique()))
        for ch, part in self.weekly.groupby("channel", sort=False):
            part = part.set_index("week").reindex(weeks)
            ax.plot(x, part["planned"].to_numpy(float), linestyle="--", color=colours[ch],
                    linewidth=1.4)
            ax.plot(x, part["actual"].to_numpy(float), marker="o", color=colours[ch],
                    linewidth=2.0, label=_text.net(ch))
        ax.plot([], [], linestyle="--", color="#555555",
                label=_text.say(lang, "planned", "prévu"))
        ax.set_xticks(x, labels)
        ax.set_ylim(bottom=0)
        viz.money_axis(ax)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax = viz.finish(
            ax, title=_text.say(lang, "Weekly spend against the plan", "Dépenses hebdomadaires "
                                "face au plan"),
            xlabel=_text.say(lang, "Week starting (Monday)", "Semaine (début le lundi)"),
            ylabel=_text.say(lang, f"Spend per week ({self.currency})",
                             f"Dépenses par semaine ({self.currency})"),
            source=source_line(lang, _text.say(
                lang, "ad platforms (campaign rows) and the media plan; solid: spent, "
                "dashed: planned", "plateformes publicitaires (lignes de la campagne) et plan "
                "média ; plein : dépensé, pointillé : prévu")))
        return localise(ax, lang)


def pacing(actuals: Actuals, *, language: str | None = None) -> Pacing:
    """Spend against the plan by week and network, with a status per network.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals (:func:`smtools.report.actuals.load`).
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).

    Returns
    -------
    Pacing

    Examples
    --------
    >>> p = pacing(actuals)                                   # doctest: +SKIP
    >>> p.to_frame()[["channel", "planned", "actual", "status"]]  # doctest: +SKIP
    """
    lang = language or actuals.language
    cur = actuals.currency
    plan = actuals.plan
    weekly = plan.weekly.copy()
    first, last = pd.Timestamp(actuals.first), pd.Timestamp(actuals.last)
    fd = pd.to_datetime(weekly["first_day"])
    ld = pd.to_datetime(weekly["last_day"])
    start = np.maximum(fd, first)
    stop = np.minimum(ld, last)
    read = ((stop - start).dt.days + 1).clip(lower=0)
    weekly["week"] = pd.to_datetime(weekly["week"])
    weekly["planned"] = weekly["budget"] * read / weekly["days"]
    weekly = weekly[read > 0]
    perf = actuals.performance
    spent = (perf.assign(week=perf["date"].dt.to_period("W-SUN").dt.start_time)
             .groupby(["week", "channel"], as_index=False)["spend"].sum()
             .rename(columns={"spend": "actual"}))
    table = weekly[["week", "channel", "planned"]].merge(spent, on=["week", "channel"],
                                                         how="outer")
    table[["planned", "actual"]] = table[["planned", "actual"]].fillna(0.0)
    table["variance"] = table["actual"] - table["planned"]
    table["variance_pct"] = _pct(table["actual"], table["planned"])
    order = {ch: i for i, ch in enumerate(actuals.networks)}
    table = table.sort_values(["week", "channel"], key=lambda s: s.map(order)
                              if s.name == "channel" else s).reset_index(drop=True)

    budgets = {line.channel: line.budget for line in plan.lines}
    rows = []
    for ch in actuals.networks:
        part = table[table["channel"] == ch]
        rows.append({"channel": ch, "budget": budgets[ch], "planned": part["planned"].sum(),
                     "actual": part["actual"].sum()})
    by = pd.DataFrame(rows)
    total = {"channel": "total", "budget": by["budget"].sum(), "planned": by["planned"].sum(),
             "actual": by["actual"].sum()}
    by = pd.concat([by, pd.DataFrame([total])], ignore_index=True)
    by["variance"] = by["actual"] - by["planned"]
    by["variance_pct"] = _pct(by["actual"], by["planned"])
    by["status"] = [status(v) for v in by["variance_pct"]]

    t = by.iloc[-1]
    sentences = []
    budget = actuals.brief.campaign.budget
    if actuals.progress:
        sentences.append(_text.say(
            lang,
            f"After {actuals.days} of {actuals.campaign_days} days, the campaign has spent "
            f"{_text.money(t['actual'], cur, lang)} against "
            f"{_text.money(t['planned'], cur, lang)} planned to date "
            f"({_text.signed_percent(t['variance_pct'], lang, decimals=1)}), "
            f"{_text.percent(t['actual'] / budget, lang)} of the "
            f"{_text.money(budget, cur, lang)} budget.",
            f"Après {actuals.days} jours sur {actuals.campaign_days}, la campagne a dépensé "
            f"{_text.money(t['actual'], cur, lang)} pour {_text.money(t['planned'], cur, lang)} "
            f"prévus à date ({_text.signed_percent(t['variance_pct'], lang, decimals=1)}), "
            f"soit {_text.percent(t['actual'] / budget, lang)} du budget de "
            f"{_text.money(budget, cur, lang)}."))
    else:
        sentences.append(_text.say(
            lang,
            f"The campaign spent {_text.money(t['actual'], cur, lang)} of its "
            f"{_text.money(t['planned'], cur, lang)} plan "
            f"({_text.signed_percent(t['variance_pct'], lang, decimals=1)}).",
            f"La campagne a dépensé {_text.money(t['actual'], cur, lang)} sur les "
            f"{_text.money(t['planned'], cur, lang)} prévus "
            f"({_text.signed_percent(t['variance_pct'], lang, decimals=1)})."))
    chans = by.iloc[:-1]
    off = chans[chans["status"].isin(["under", "over"])]
    if off.empty:
        sentences.append(_text.say(
            lang, f"Every network is on track, within ±{_text.percent(TOLERANCE, lang, decimals=0)}"
            " of its plan.",
            f"Chaque réseau est dans les temps, à ±{_text.percent(TOLERANCE, lang, decimals=0)} "
            "de son plan."))
    else:
        parts = [f"{_text.net(r.channel)} {_text.label(r.status, lang)} "
                 f"({_text.signed_percent(r.variance_pct, lang, decimals=1)}, "
                 f"{_text.money(r.variance, cur, lang)})" for r in off.itertuples()]
        sentences.append(_text.say(
            lang, f"Outside the ±{_text.percent(TOLERANCE, lang, decimals=0)} band: "
            f"{_text.names(parts, lang)}.",
            f"Hors de la marge de ±{_text.percent(TOLERANCE, lang, decimals=0)} : "
            f"{_text.names(parts, lang)}."))
    notes = [_text.say(
        lang, "Planned: the plan's weekly budgets"
        + (" (a week not yet over counts for the share of its days read)"
           if actuals.progress else "") + "; spent: the ad platforms' campaign rows; "
        f"status on track within ±{_text.percent(TOLERANCE, lang, decimals=0)}.",
        "Prévu : budgets hebdomadaires du plan"
        + (" (une semaine entamée compte pour la part de ses jours écoulés)"
           if actuals.progress else "") + " ; dépensé : lignes de la campagne des plateformes "
        f"publicitaires ; « dans les temps » à ±{_text.percent(TOLERANCE, lang, decimals=0)} "
        "près.")]
    return Pacing(language=lang, currency=cur, sentences=sentences, notes=notes,
                  weekly=table, by_channel=by, progress=actuals.progress)
