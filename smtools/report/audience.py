"""Audience reached against the target: how much of the target the campaign reached, whom
the client's followers are, and how they changed over the campaign.

- **Target reached** — the campaign's estimated reach (see :mod:`smtools.report.kpis`)
  as a share of the people in the target (the plan's audience size).
- **Followers against the target** — :func:`smtools.audience.follower_gap`: per
  network, the share of followers inside the target against the population's
  share (index 100 = like the population), regions applied with the brief's
  ``region_share``.
- **Change over the campaign** — followers at the first and last organic post of
  the window, per network (the ``followers`` column of the posts table).

Examples
--------
>>> import pandas as pd
>>> p = pd.DataFrame({"channel": ["tiktok"] * 3, "followers": [100.0, 105.0, 120.0],
...                   "published_at": pd.date_range("2026-09-01", periods=3, tz="UTC")})
>>> follower_change(p).to_dict("records")
[{'channel': 'tiktok', 'start': 100.0, 'end': 120.0, 'change': 20.0, 'change_pct': 0.2}]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from smtools.errors import DataError, SmtoolsError
from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import Actuals

__all__ = ["Audience", "audience", "follower_change"]


def follower_change(posts: pd.DataFrame) -> pd.DataFrame:
    """Followers at the first and last post of each network (posts in time order)."""
    cols = ["channel", "start", "end", "change", "change_pct"]
    if posts.empty or "followers" not in posts.columns or posts["followers"].isna().all():
        return pd.DataFrame(columns=cols)
    p = posts[posts["followers"].notna()].sort_values("published_at")
    g = p.groupby("channel")["followers"]
    out = pd.DataFrame({"start": g.first(), "end": g.last()}).reset_index()
    out["change"] = out["end"] - out["start"]
    out["change_pct"] = [c / s if s > 0 else math.nan for c, s in
                         zip(out["change"], out["start"], strict=True)]
    return out[cols]


@dataclass(kw_only=True)
class Audience(Section):
    """The target reached and the followers against the target.

    Attributes
    ----------
    gap : DataFrame
        :meth:`smtools.audience.FollowerGap.to_frame` (empty without follower data).
    change : DataFrame
        Followers per network at the window's first and last post.
    reached : dict
        ``reach`` (estimated people), ``target_size`` and ``share``.
    target : str
        The target in words.
    """

    key: ClassVar[str] = "audience"
    gap: pd.DataFrame
    change: pd.DataFrame
    reached: dict[str, float]
    target: str

    def to_frame(self) -> pd.DataFrame:
        """Per network: followers in the target against the population, and their change."""
        if self.gap.empty:
            return self.change.copy()
        return self.gap.merge(self.change.rename(columns={"start": "followers_start",
                                                         "end": "followers_end"}),
                              on="channel", how="left")

    def view(self) -> pd.DataFrame:
        lang = self.language
        rows = []
        for r in self.to_frame().itertuples(index=False):
            row = {_text.say(lang, "Network", "Réseau"): _text.net(r.channel)}
            if hasattr(r, "share_in_target"):
                row[_text.say(lang, "Followers in the target", "Abonnés dans la cible")] = \
                    _text.percent(r.share_in_target, lang)
                row[_text.say(lang, "Population in the target", "Population dans la cible")] = \
                    _text.percent(r.population_share, lang)
                row[_text.say(lang, "Index (100 = population)", "Indice (100 = population)")] = \
                    _text.number(r.index, lang)
            if hasattr(r, "change"):
                row[_text.say(lang, "Follower change over the campaign",
                              "Évolution des abonnés pendant la campagne")] = \
                    f"{_text.signed_percent(r.change_pct, lang, decimals=1)} " \
                    f"({'+' if r.change >= 0 else ''}{_text.number(r.change, lang)})" \
                    if isinstance(r.change, float) and math.isfinite(r.change) else "–"
            rows.append(row)
        return pd.DataFrame(rows)

    def plot(self, *, ax: Any = None) -> Any:
        """Share of each network's followers in the target against the population's share."""
        from smtools import viz

        lang = self.language
        if self.gap.empty:
            raise DataError("no follower composition for this client", column="audience",
                            hint="ingest the networks' follower insights")
        ax = new_axes(ax)
        long = self.gap.melt(id_vars="channel", value_vars=["share_in_target",
                                                            "population_share"],
                             var_name="measure", value_name="share")
        long["measure"] = long["measure"].map({
            "share_in_target": _text.say(lang, "followers", "abonnés"),
            "population_share": _text.say(lang, "population", "population")})
        long["channel"] = [_text.net(c) for c in long["channel"]]
        viz.bars(long, x="channel", y="share", hue="measure", ax=ax,
                 title=_text.say(lang, "Followers in the target against the population",
                                 "Abonnés dans la cible face à la population"),
                 xlabel=_text.say(lang, "Network", "Réseau"),
                 ylabel=_text.say(lang, "Share in the target (%)", "Part dans la cible (%)"),
                 source=source_line(lang, _text.say(
                     lang, f"client follower insights; national population; target: "
                     f"{self.target}", f"statistiques d'abonnés du client ; population "
                     f"nationale ; cible : {self.target}")))
        viz.percent_axis(ax)
        ax.legend(title=None, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return localise(ax, lang)


def _describe(brief: Any, lang: str) -> str:
    a = brief.audience
    who = {("female",): ("women", "femmes"), ("male",): ("men", "hommes")}.get(
        tuple(a.genders), ("women and men", "femmes et hommes"))
    base = _text.say(lang, f"{who[0]} aged {a.ages[0]}–{a.ages[1]}",
                     f"{who[1]} de {a.ages[0]} à {a.ages[1]} ans")
    if a.regions:
        base += _text.say(lang, " in ", " à ") + ", ".join(a.regions)
    return base


def audience(actuals: Actuals, *, language: str | None = None, reach: float = math.nan
             ) -> Audience:
    """The target reached, the followers against the target and their change.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).
    reach : float
        The campaign's estimated reach in people (see :func:`smtools.report.kpis.campaign_reach`).

    Returns
    -------
    Audience

    Examples
    --------
    >>> audience(actuals).to_frame()                          # doctest: +SKIP
    """
    from smtools import audience as aud

    lang = language or actuals.language
    brief = actuals.brief
    target = _describe(brief, lang)
    notes: list[str] = []
    gap = pd.DataFrame()
    if not actuals.audience.empty:
        try:
            gap = aud.follower_gap(actuals.audience, aud.target(brief), country=brief.country,
                                   region_share=brief.audience.region_share).to_frame()
        except SmtoolsError as err:
            notes.append(_text.say(lang, f"No follower gap: {err}",
                                   f"Pas d'écart d'abonnés : {err}"))
    change = follower_change(actuals.posts)
    size = actuals.plan.audience_size
    reached = {"reach": reach, "target_size": size,
               "share": reach / size if math.isfinite(size) and size > 0 else math.nan}
    sentences = []
    if math.isfinite(reached["share"]):
        sentences.append(_text.say(
            lang, f"The campaign reached an estimated {_text.number(reach, lang)} people, "
            f"{_text.percent(reached['share'], lang, decimals=0)} of the "
            f"{_text.number(size, lang)} people in the target ({target}).",
            f"La campagne a touché environ {_text.number(reach, lang)} personnes, soit "
            f"{_text.percent(reached['share'], lang, decimals=0)} des "
            f"{_text.number(size, lang)} personnes de la cible ({target})."))
    if not gap.empty:
        g = gap.sort_values("index")
        worst, best = g.iloc[0], g.iloc[-1]
        sentences.append(_text.say(
            lang, f"{_text.net(best['channel'])} followers match the target best: "
            f"{_text.percent(best['share_in_target'], lang, decimals=0)} are in it against "
            f"{_text.percent(best['population_share'], lang, decimals=0)} of the population "
            f"(index {_text.number(best['index'], lang)}); {_text.net(worst['channel'])} "
            f"the least (index {_text.number(worst['index'], lang)}).",
            f"Les abonnés {_text.net(best['channel'])} correspondent le mieux à la cible : "
            f"{_text.percent(best['share_in_target'], lang, decimals=0)} en font partie contre "
            f"{_text.percent(best['population_share'], lang, decimals=0)} de la population "
            f"(indice {_text.number(best['index'], lang)}) ; {_text.net(worst['channel'])} le "
            f"moins (indice {_text.number(worst['index'], lang)})."))
    else:
        sentences.append(_text.say(lang, "No follower composition is available for this "
                                   "client.", "Aucune composition des abonnés n'est disponible "
                                   "pour ce client."))
    if len(change):
        parts = [f"{_text.net(r.channel)} {_text.signed_percent(r.change_pct, lang, decimals=1)}"
                 for r in change.itertuples() if math.isfinite(r.change_pct)]
        total = change["change"].sum()
        sentences.append(_text.say(
            lang, f"Over the campaign the accounts gained {_text.number(total, lang)} "
            f"followers: {_text.names(parts, lang)}.",
            f"Pendant la campagne, les comptes ont gagné {_text.number(total, lang)} "
            f"abonnés : {_text.names(parts, lang)}."))
    notes.append(_text.say(
        lang, "Followers in the target: the client's follower insights (age × gender × region) "
        "against the national population, regions applied with the brief's region share; "
        "follower change: followers recorded with the window's first and last post.",
        "Abonnés dans la cible : statistiques d'abonnés du client (âge × sexe × région) face à "
        "la population nationale, régions appliquées avec la part régionale du brief ; "
        "évolution : abonnés relevés au premier et au dernier post de la période."))
    return Audience(language=lang, currency=actuals.currency, sentences=sentences,
                    notes=notes, gap=gap, change=change, reached=reached, target=target)
