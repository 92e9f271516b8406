"""What the posting times taught: did posts at the plan's recommended slots do better?

The plan recommends, per network, the weekday × hour slots with the highest
shrunken engagement lift in the year before the campaign
(:func:`smtools.channel.best_times`). A campaign post is *at a recommended slot*
when it was published, in the client's time zone, on a recommended weekday
within ±:data:`SLOT_HOURS` hour of a recommended hour.

Lift = the engagement rate (Σ engagements ÷ Σ impressions) of the posts at the
slots ÷ that of the other posts of the same network. Across networks, the lift
is indirectly standardised: Σ engagements at the slots ÷ Σ (impressions at the
slots × the same network's rate off the slots), so that a network with a high
base rate does not pass for a good slot. The 95% interval is a percentile
bootstrap over posts, resampled within each network and group (2,000 draws).

Examples
--------
>>> import numpy as np
>>> lift(np.array([30.0]), np.array([1000.0]), np.array([20.0]), np.array([1000.0]))
1.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from smtools.errors import DataError, SmtoolsError
from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import Actuals

__all__ = ["Timing", "timing", "lift", "SLOT_HOURS", "BOOTSTRAP"]

#: Hours either side of a recommended hour that still count as the slot.
SLOT_HOURS = 1
#: Bootstrap draws of the lift's interval.
BOOTSTRAP = 2000


def lift(eng_at: np.ndarray, imp_at: np.ndarray, eng_off: np.ndarray, imp_off: np.ndarray
         ) -> float:
    """Standardised lift of the slots over several networks (arrays: one value per network)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_off = np.where(imp_off > 0, eng_off / np.where(imp_off > 0, imp_off, 1), np.nan)
    ok = np.isfinite(rate_off) & (imp_at > 0) & (rate_off > 0)
    expected = float((imp_at[ok] * rate_off[ok]).sum())
    return float(eng_at[ok].sum()) / expected if expected > 0 else math.nan


def _recommended(actuals: Actuals) -> pd.DataFrame:
    best = actuals.plan.situation.get("best_times")
    if best is None:
        return pd.DataFrame(columns=["channel", "weekday_index", "hour", "slot", "lift"])
    rec = best.recommendations
    return rec[["channel", "weekday_index", "hour", "slot", "lift"]].reset_index(drop=True)


def _at_slot(posts: pd.DataFrame, rec: pd.DataFrame, tz: str) -> np.ndarray:
    local = posts["published_at"].dt.tz_convert(tz)
    wd = local.dt.day_of_week.to_numpy()
    hr = (local.dt.hour + local.dt.minute / 60.0).to_numpy()
    flag = np.zeros(len(posts), dtype=bool)
    ch = posts["channel"].to_numpy()
    for r in rec.itertuples(index=False):
        d = np.abs(hr - (r.hour + 0.5))  # distance to the middle of the slot's hour
        flag |= (ch == r.channel) & (wd == r.weekday_index) & (d <= SLOT_HOURS + 0.5)
    return flag


@dataclass(kw_only=True)
class Timing(Section):
    """Posts at the plan's recommended slots against the others.

    Attributes
    ----------
    table : DataFrame
        Per network and ``all``: ``posts_at``, ``posts_off``, ``er_at``, ``er_off``,
        ``lift`` with ``lift_low`` / ``lift_high`` (95% bootstrap).
    recommended : DataFrame
        The plan's slots (``channel``, ``weekday_index``, ``hour``, ``slot``, ``lift``).
    window_best : DataFrame
        The best slot of each network over the campaign's own posts (may be empty).
    """

    key: ClassVar[str] = "timing"
    table: pd.DataFrame
    recommended: pd.DataFrame
    window_best: pd.DataFrame
    tz: str = "UTC"

    def to_frame(self) -> pd.DataFrame:
        """Per network and overall: posts at / off the slots, rates and the lift."""
        return self.table.copy()

    @property
    def overall(self) -> pd.Series:
        """The ``all`` row (every network, standardised)."""
        return self.table.set_index("channel").loc["all"]

    def view(self) -> pd.DataFrame:
        lang = self.language
        rows = []
        for r in self.table.itertuples(index=False):
            li = _text.number(r.lift, lang, decimals=2)
            if math.isfinite(r.lift_low):
                li += f" ({_text.number(r.lift_low, lang, decimals=2)}–" \
                      f"{_text.number(r.lift_high, lang, decimals=2)})"
            rows.append({
                _text.say(lang, "Network", "Réseau"):
                    _text.say(lang, "All", "Tous") if r.channel == "all" else _text.net(r.channel),
                _text.say(lang, "Posts at / off the slots", "Posts sur / hors créneaux"):
                    f"{int(r.posts_at)} / {int(r.posts_off)}",
                _text.say(lang, "Engagement rate at the slots", "Engagement sur créneaux"):
                    _text.percent(r.er_at, lang, decimals=2),
                _text.say(lang, "Off the slots", "Hors créneaux"):
                    _text.percent(r.er_off, lang, decimals=2),
                _text.say(lang, "Lift (95% interval)", "Effet (intervalle à 95 %)"): li,
            })
        return pd.DataFrame(rows)

    def plot(self, *, ax: Any = None) -> Any:
        """Lift of the recommended slots per network and overall, with 95% intervals."""
        from smtools import viz

        lang = self.language
        t = self.table[np.isfinite(self.table["lift"].to_numpy(float))]
        if t.empty:
            raise DataError("no campaign post at the plan's recommended slots",
                            column="posts", hint="nothing to compare")
        ax = new_axes(ax)
        labels = [_text.say(lang, "All", "Tous") if c == "all" else _text.net(c)
                  for c in t["channel"]]
        colours = viz.network_colours(list(t["channel"]))
        data = pd.DataFrame({"network": labels, "lift": t["lift"].to_numpy(float),
                             "low": t["lift_low"].to_numpy(float),
                             "high": t["lift_high"].to_numpy(float)})
        viz.interval_bars(
            data, x="network", y="lift", low="low", high="high", reference=1.0, ax=ax,
            colours=["#555555" if c == "all" else colours[c] for c in t["channel"]],
            title=_text.say(lang, "Posts at the recommended slots against the others",
                            "Posts aux créneaux recommandés face aux autres"),
            xlabel=_text.say(lang, "Network", "Réseau"),
            ylabel=_text.say(lang, "Engagement-rate lift (×, 1 = no difference)",
                             "Effet sur le taux d'engagement (×, 1 = aucun écart)"),
            source=source_line(lang, _text.say(
                lang, f"organic posts of the campaign; slots: the plan's, ±{SLOT_HOURS} h, "
                f"{self.tz}; 95% bootstrap intervals",
                f"posts organiques de la campagne ; créneaux : ceux du plan, ±{SLOT_HOURS} h, "
                f"{self.tz} ; intervalles bootstrap à 95 %")))
        return localise(ax, lang)


def _bootstrap(groups: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
               rng: np.random.Generator, draws: int) -> tuple[float, float]:
    """Percentile interval of the standardised lift, resampling posts within groups."""
    if not groups:
        return math.nan, math.nan
    k = len(groups)
    sums = np.zeros((4, draws, k))
    for j, (e_at, i_at, e_off, i_off) in enumerate(groups):
        a = rng.integers(0, len(e_at), (draws, len(e_at)))
        o = rng.integers(0, len(e_off), (draws, len(e_off)))
        sums[0, :, j], sums[1, :, j] = e_at[a].sum(axis=1), i_at[a].sum(axis=1)
        sums[2, :, j], sums[3, :, j] = e_off[o].sum(axis=1), i_off[o].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_off = np.where(sums[3] > 0, sums[2] / sums[3], np.nan)
        expected = np.nansum(np.where(sums[1] > 0, sums[1] * rate_off, 0.0), axis=1)
        out = np.where(expected > 0, sums[0].sum(axis=1) / expected, np.nan)
    out = out[np.isfinite(out)]
    if len(out) < draws / 2:
        return math.nan, math.nan
    lo, hi = np.quantile(out, [0.025, 0.975])
    return float(lo), float(hi)


def timing(actuals: Actuals, *, language: str | None = None, seed: int = 0,
           draws: int = BOOTSTRAP) -> Timing:
    """Whether the campaign's posts at the plan's recommended slots engaged more.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).
    seed : int
        Seed of the bootstrap.
    draws : int
        Bootstrap draws.

    Returns
    -------
    Timing

    Examples
    --------
    >>> timing(actuals).overall["lift"]                       # doctest: +SKIP
    """
    from smtools.channel import best_times
    from smtools.channel._common import engagements

    lang = language or actuals.language
    tz = actuals.brief.timezone
    rec = _recommended(actuals)
    posts = actuals.posts
    cols = ["channel", "posts_at", "posts_off", "er_at", "er_off", "lift", "lift_low",
            "lift_high"]
    rows: list[dict[str, Any]] = []
    groups = []
    if not posts.empty:
        p = posts.assign(engagements=engagements(posts))
        p = p[p["engagements"].notna() & (p["impressions"] > 0)]
        at = _at_slot(p, rec, tz) if len(rec) else np.zeros(len(p), dtype=bool)
        rng = np.random.default_rng(seed)
        for ch, idx in p.groupby("channel", sort=True).groups.items():
            sel = p.index.get_indexer(idx)
            e, i, a = p["engagements"].to_numpy(float)[sel], \
                p["impressions"].to_numpy(float)[sel], at[sel]
            row = {"channel": ch, "posts_at": int(a.sum()), "posts_off": int((~a).sum()),
                   "er_at": e[a].sum() / i[a].sum() if a.any() else math.nan,
                   "er_off": e[~a].sum() / i[~a].sum() if (~a).any() else math.nan}
            if a.any() and (~a).any():
                row["lift"] = lift(e[a][None].sum(1), i[a][None].sum(1), e[~a][None].sum(1),
                                   i[~a][None].sum(1))
                g = (e[a], i[a], e[~a], i[~a])
                row["lift_low"], row["lift_high"] = _bootstrap([g], rng, draws)
                groups.append(g)
            else:
                row.update(lift=math.nan, lift_low=math.nan, lift_high=math.nan)
            rows.append(row)
        if groups:
            e_at = np.array([g[0].sum() for g in groups])
            i_at = np.array([g[1].sum() for g in groups])
            e_off = np.array([g[2].sum() for g in groups])
            i_off = np.array([g[3].sum() for g in groups])
            lo, hi = _bootstrap(groups, rng, draws)
            rows.append({"channel": "all", "posts_at": int(at.sum()),
                         "posts_off": int((~at).sum()),
                         "er_at": e_at.sum() / i_at.sum(), "er_off": e_off.sum() / i_off.sum(),
                         "lift": lift(e_at, i_at, e_off, i_off), "lift_low": lo,
                         "lift_high": hi})
        else:
            rows.append({"channel": "all", "posts_at": int(at.sum()),
                         "posts_off": int((~at).sum()), "er_at": math.nan, "er_off": math.nan,
                         "lift": math.nan, "lift_low": math.nan, "lift_high": math.nan})
    table = pd.DataFrame(rows, columns=cols)
    window_best = pd.DataFrame()
    if not posts.empty:
        try:
            window_best = best_times(posts, tz=tz, top=1).recommendations
        except SmtoolsError:
            window_best = pd.DataFrame()
    sentences = _sentences(table, rec, window_best, lang, tz)
    notes = [_text.say(
        lang, f"A post is at a recommended slot when published on the slot's weekday within "
        f"±{SLOT_HOURS} h of its hour ({tz}); lift = engagement rate at the slots ÷ off them, "
        "standardised by network; 95% bootstrap intervals over posts.",
        f"Un post est sur un créneau recommandé s'il est publié le jour du créneau à "
        f"±{SLOT_HOURS} h de son heure ({tz}) ; effet = taux d'engagement sur créneaux ÷ hors "
        "créneaux, standardisé par réseau ; intervalles bootstrap à 95 % sur les posts.")]
    return Timing(language=lang, currency=actuals.currency, sentences=sentences, notes=notes,
                  table=table, recommended=rec, window_best=window_best, tz=tz)


def _slot(weekday: int, hour: int, lang: str) -> str:
    from smtools import fmt

    return f"{fmt.weekday(weekday, lang)} {int(hour):02d}:00" if lang == "en" else \
        f"{fmt.weekday(weekday, lang)} {int(hour)} h"


def _sentences(table: pd.DataFrame, rec: pd.DataFrame, window_best: pd.DataFrame, lang: str,
               tz: str) -> list[str]:
    out = []
    if table.empty:
        return [_text.say(lang, "No organic post in the campaign window: nothing to learn "
                          "about posting times.", "Aucun post organique pendant la campagne : "
                          "rien à apprendre sur les horaires.")]
    if rec.empty:
        return [_text.say(lang, "The plan recommended no posting slot (no post history "
                          "before the campaign).", "Le plan ne recommandait aucun créneau "
                          "(pas d'historique de posts avant la campagne).")]
    a = table.set_index("channel").loc["all"]
    if a["posts_at"] == 0:
        out.append(_text.say(
            lang, f"None of the {int(a['posts_off'])} campaign posts was published at the "
            "plan's recommended slots: the posting calendar was not followed, so the campaign "
            "cannot tell whether the slots work.",
            f"Aucun des {int(a['posts_off'])} posts de la campagne n'a été publié aux créneaux "
            "recommandés par le plan : le calendrier n'a pas été suivi, la campagne ne dit donc "
            "pas si ces créneaux fonctionnent."))
    elif math.isfinite(a["lift"]):
        li = a["lift"]
        verdict = (_text.say(lang, "did better", "ont mieux engagé") if a["lift_low"] > 1 else
                   _text.say(lang, "did worse", "ont moins bien engagé") if a["lift_high"] < 1
                   else _text.say(lang, "did no clearly different",
                                  "n'ont pas engagé nettement différemment"))
        if lang == "en" and verdict.startswith("did no"):
            verdict = "did not do clearly differently"
        out.append(_text.say(
            lang, f"Posts at the plan's recommended slots {verdict}: "
            f"{_text.number(li, lang, decimals=2)}× the engagement rate of the other posts "
            f"(95% interval {_text.number(a['lift_low'], lang, decimals=2)}–"
            f"{_text.number(a['lift_high'], lang, decimals=2)}; {int(a['posts_at'])} posts at "
            f"the slots, {int(a['posts_off'])} off them).",
            f"Les posts publiés aux créneaux recommandés par le plan {verdict} : "
            f"{_text.number(li, lang, decimals=2)} fois le taux d'engagement des autres posts "
            f"(intervalle à 95 % {_text.number(a['lift_low'], lang, decimals=2)}–"
            f"{_text.number(a['lift_high'], lang, decimals=2)} ; {int(a['posts_at'])} posts "
            f"sur créneaux, {int(a['posts_off'])} hors créneaux)."))
    if len(window_best):
        parts = []
        for r in window_best.itertuples(index=False):
            planned = rec[rec["channel"] == r.channel]
            hit = ((planned["weekday_index"] == r.weekday_index)
                   & ((planned["hour"] - r.hour).abs() <= SLOT_HOURS)).any()
            parts.append(f"{_text.net(r.channel)} {_slot(r.weekday_index, r.hour, lang)} ("
                         + (_text.say(lang, "one of the plan's slots", "un créneau du plan")
                            if hit else _text.say(lang, "not in the plan",
                                                  "hors plan")) + ")")
        out.append(_text.say(
            lang, f"The campaign's own posts point to: {_text.names(parts, lang)} ({tz}).",
            f"Les posts de la campagne désignent : {_text.names(parts, lang)} ({tz})."))
    return out
