"""E-reputation over the campaign: sentiment, share of voice, crises.

- **Sentiment trend** — the client's brand, week by week over the window, net
  sentiment = (positive − negative) ÷ mentions (classes at ±0.05), against the
  :data:`~smtools.report.actuals.CRISIS_BASELINE_DAYS` days before the campaign.
- **Share of voice** — the brand's mentions ÷ all brands' mentions in the window,
  with a 95% Wilson interval (:func:`smtools.channel.benchmark`).
- **Crises** — :func:`smtools.channel.detect_crises` on the brand's mentions from
  the baseline period to the window's end (Hampel filter over 29 days: bursts of
  mentions that are also more negative than usual). A window that overlaps the
  campaign is reported plainly.

Examples
--------
>>> import pandas as pd
>>> w = pd.DataFrame({"start": pd.to_datetime(["2026-09-20", "2026-03-01"]),
...                   "end": pd.to_datetime(["2026-09-25", "2026-03-03"])})
>>> overlapping(w, pd.Timestamp("2026-09-14").date(), pd.Timestamp("2026-10-25").date()).tolist()
[True, False]
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from smtools.errors import DataError, SmtoolsError
from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import CRISIS_BASELINE_DAYS, Actuals

__all__ = ["Reputation", "reputation", "overlapping"]


def overlapping(windows: pd.DataFrame, first: dt.date, last: dt.date) -> pd.Series:
    """Whether each crisis window (``start``, ``end``) overlaps the days ``first`` … ``last``."""
    if windows.empty:
        return pd.Series([], dtype=bool)
    return ((pd.to_datetime(windows["start"]) <= pd.Timestamp(last))
            & (pd.to_datetime(windows["end"]) >= pd.Timestamp(first)))


def _net(s: pd.Series) -> float:
    n = len(s)
    return float(((s >= 0.05).sum() - (s <= -0.05).sum()) / n) if n else math.nan


@dataclass(kw_only=True)
class Reputation(Section):
    """Sentiment, share of voice and crises of the brand over the campaign.

    Attributes
    ----------
    brand : str or None
        The client's brand as named in the mentions.
    weekly : DataFrame
        ``week``, ``mentions``, ``net_sentiment`` of the brand over the window.
    share_of_voice : DataFrame
        Per brand: ``mentions``, ``sov`` (``sov_low``/``sov_high``), ``net_sentiment``.
    crises : DataFrame
        Crisis windows that overlap the campaign (``start``, ``end``, ``days``,
        ``peak_day``, ``mentions``, ``volume_ratio``, ``sentiment``,
        ``baseline_sentiment``…).
    daily : DataFrame
        Daily mentions of the brand with the detector's baseline (for the chart).
    before : float
        Net sentiment of the brand over the baseline period before the campaign.
    """

    key: ClassVar[str] = "reputation"
    brand: str | None
    weekly: pd.DataFrame
    share_of_voice: pd.DataFrame
    crises: pd.DataFrame
    daily: pd.DataFrame
    before: float = math.nan
    first: dt.date | None = None
    last: dt.date | None = None
    tz: str = "UTC"

    @property
    def crisis(self) -> bool:
        """Whether a crisis hit the brand during the campaign."""
        return not self.crises.empty

    def to_frame(self) -> pd.DataFrame:
        """Share of voice by brand (the client's first)."""
        return self.share_of_voice.copy()

    def view(self) -> pd.DataFrame:
        lang = self.language
        rows = []
        for r in self.share_of_voice.itertuples(index=False):
            rows.append({
                _text.say(lang, "Brand", "Marque"): r.brand,
                _text.say(lang, "Mentions", "Mentions"): _text.number(r.mentions, lang),
                _text.say(lang, "Share of voice (95% interval)",
                          "Part de voix (intervalle à 95 %)"):
                    f"{_text.percent(r.sov, lang)} ({_text.percent(r.sov_low, lang)}–"
                    f"{_text.percent(r.sov_high, lang)})",
                _text.say(lang, "Net sentiment", "Sentiment net"):
                    _text.signed_percent(r.net_sentiment, lang),
            })
        return pd.DataFrame(rows)

    def plot(self, *, ax: Any = None) -> Any:
        """Daily mentions of the brand with the detector's baseline; crises shaded."""
        from smtools import viz

        lang = self.language
        if self.daily.empty:
            raise DataError("no mention of the brand", column="mentions",
                            hint="ingest the social listening export")
        ax = new_axes(ax)
        d = self.daily.rename(columns={"day": "date"})
        viz.trend(d, y="mentions", trend="baseline_mentions",
                  windows=self.crises[["start", "end"]] if self.crisis else None,
                  label=_text.say(lang, "mentions", "mentions"),
                  trend_label=_text.say(lang, "usual level (baseline)",
                                        "niveau habituel (référence)"),
                  title=_text.say(lang, f"Mentions of {self.brand} per day",
                                  f"Mentions de {self.brand} par jour"),
                  ylabel=_text.say(lang, "Mentions (count per day)", "Mentions (nombre par jour)"),
                  xlabel=_text.say(lang, f"Day ({self.tz})", f"Jour ({self.tz})"),
                  source=source_line(lang, _text.say(
                      lang, "social listening; baseline: Hampel filter, 29-day rolling median; "
                      "shaded: crisis windows; dotted lines: the campaign",
                      "écoute sociale ; référence : filtre de Hampel, médiane glissante sur 29 "
                      "jours ; zones : crises ; pointillés : la campagne")), ax=ax)
        if lang == "fr":  # day/month: matplotlib's month names are English
            import matplotlib.dates as mdates

            ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
        for day in (self.first, self.last):
            if day is not None:
                ax.axvline(pd.Timestamp(day), color="#555555", linestyle=":", linewidth=1)
        if ax.get_legend() is not None:
            for text in ax.get_legend().get_texts():
                if text.get_text() == "flagged window":
                    text.set_text(_text.say(lang, "crisis", "crise"))
                elif text.get_text() == "anomaly":
                    text.set_text(_text.say(lang, "anomaly", "anomalie"))
        return localise(ax, lang)

    def plot_share_of_voice(self, *, ax: Any = None) -> Any:
        """Share of voice by brand over the campaign, with 95% Wilson intervals."""
        from smtools import viz

        lang = self.language
        if self.share_of_voice.empty:
            raise DataError("no mention in the campaign window", column="mentions",
                            hint="ingest the social listening export")
        ax = new_axes(ax)
        s = self.share_of_voice
        ax = viz.interval_bars(
            s, x="brand", y="sov", low="sov_low", high="sov_high", percent=True, ax=ax,
            colours=[viz.PALETTE[0] if b == self.brand else "#9AA5B1" for b in s["brand"]],
            title=_text.say(lang, "Share of voice over the campaign",
                            "Part de voix pendant la campagne"),
            xlabel=_text.say(lang, "Brand", "Marque"),
            ylabel=_text.say(lang, "Share of voice (% of mentions)",
                             "Part de voix (% des mentions)"),
            source=source_line(lang, _text.say(
                lang, f"social listening, {int(s['mentions'].sum())} mentions; 95% Wilson "
                "intervals", f"écoute sociale, {int(s['mentions'].sum())} mentions ; "
                "intervalles de Wilson à 95 %")))
        return localise(ax, lang)


def reputation(actuals: Actuals, *, language: str | None = None) -> Reputation:
    """Sentiment trend, share of voice and crisis windows of the brand over the campaign.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).

    Returns
    -------
    Reputation

    Examples
    --------
    >>> reputation(actuals).crisis                            # doctest: +SKIP
    True
    """
    from smtools.channel import benchmark, detect_crises

    lang = language or actuals.language
    tz = actuals.brief.timezone
    brand = actuals.brand
    hist = actuals.mentions_history
    notes: list[str] = []
    empty_sov = pd.DataFrame(columns=["brand", "mentions", "sov", "sov_low", "sov_high",
                                      "net_sentiment"])
    if brand is None:
        sentence = _text.say(
            lang, f"No mention of {actuals.brief.name} was found: e-reputation cannot be "
            "measured.", f"Aucune mention de {actuals.brief.name} : l'e-réputation ne peut pas "
            "être mesurée.")
        return Reputation(language=lang, currency=actuals.currency, sentences=[sentence],
                          notes=notes, brand=None, weekly=pd.DataFrame(),
                          share_of_voice=empty_sov, crises=pd.DataFrame(),
                          daily=pd.DataFrame(), first=actuals.first, last=actuals.last, tz=tz)
    mine = hist[hist["brand"] == brand]
    local = mine["ts"].dt.tz_convert(tz).dt.tz_localize(None)
    during = (local >= pd.Timestamp(actuals.first)).to_numpy()
    before = _net(mine.loc[~during, "sentiment"])
    cur = mine[during]
    week = local[during].dt.to_period("W-SUN").dt.start_time
    weekly = (cur.assign(week=week.to_numpy()).groupby("week")
              .agg(mentions=("sentiment", "size"), net_sentiment=("sentiment", _net))
              .reset_index())
    sov = empty_sov
    m = actuals.mentions
    if not m.empty and (m["brand"] == brand).any():
        b = benchmark(m, brand=brand).to_frame().reset_index()
        sov = b[["brand", "mentions", "sov", "sov_low", "sov_high", "net_sentiment"]]
    crises = pd.DataFrame()
    daily = pd.DataFrame()
    try:
        report = detect_crises(mine, brand=brand, tz=tz)
        w = report.to_frame()
        crises = w[overlapping(w, actuals.first, actuals.last).to_numpy()].reset_index(drop=True)
        daily = report.daily[(report.daily["day"] >= pd.Timestamp(actuals.first)
                              - pd.Timedelta(days=28))].reset_index(drop=True)
    except SmtoolsError as err:
        notes.append(_text.say(lang, f"No crisis detection: {err}",
                               f"Pas de détection de crise : {err}"))
    sentences = _sentences(brand, weekly, before, sov, crises, lang)
    notes.append(_text.say(
        lang, f"Net sentiment = (positive − negative) ÷ mentions (classes at ±0.05); crises: "
        f"Hampel filter on the brand's daily mentions, negative mentions and sentiment, over "
        f"the campaign and the {CRISIS_BASELINE_DAYS} days before it ({tz}).",
        f"Sentiment net = (positives − négatives) ÷ mentions (classes à ±0,05) ; crises : "
        f"filtre de Hampel sur les mentions quotidiennes de la marque, les mentions négatives "
        f"et le sentiment, sur la campagne et les {CRISIS_BASELINE_DAYS} jours qui la "
        f"précèdent ({tz})."))
    return Reputation(language=lang, currency=actuals.currency, sentences=sentences,
                      notes=notes, brand=brand, weekly=weekly, share_of_voice=sov,
                      crises=crises, daily=daily, before=before, first=actuals.first,
                      last=actuals.last, tz=tz)


def _sentences(brand: str, weekly: pd.DataFrame, before: float, sov: pd.DataFrame,
               crises: pd.DataFrame, lang: str) -> list[str]:
    out = []
    if crises.empty:
        out.append(_text.say(lang, f"No reputation crisis hit {brand} during the campaign.",
                             f"Aucune crise de réputation n'a touché {brand} pendant la "
                             "campagne."))
    else:
        c = crises.sort_values("start").iloc[0]
        more = len(crises) - 1
        out.append(_text.say(
            lang,
            f"A reputation crisis hit {brand} during the campaign, "
            f"{_text.date_range(c['start'], c['end'], lang)} "
            f"({int(c['days'])} days, peak on {_text.date(c['peak_day'], lang, year=False)}), "
            f"{_text.number(c['mentions'], lang)} mentions, "
            f"{_text.number(c['volume_ratio'], lang, decimals=1)} times the usual volume, "
            f"mean sentiment {_text.signed(c['sentiment'], lang)} against "
            f"{_text.signed(c['baseline_sentiment'], lang)} usually"
            + (f"; {more} other window{'s' if more > 1 else ''}." if more else "."),
            f"Une crise de réputation a touché {brand} pendant la campagne, "
            f"{_text.date_range(c['start'], c['end'], lang)} "
            f"({int(c['days'])} jours, pic le {_text.date(c['peak_day'], lang, year=False)}), "
            f"{_text.number(c['mentions'], lang)} mentions, "
            f"{_text.number(c['volume_ratio'], lang, decimals=1)} fois le volume habituel, "
            f"sentiment moyen {_text.signed(c['sentiment'], lang)} contre "
            f"{_text.signed(c['baseline_sentiment'], lang)} d'habitude"
            + (f" ; {more} autre{'s' if more > 1 else ''} épisode{'s' if more > 1 else ''}."
               if more else ".")))
    if len(weekly):
        n = weekly["mentions"].sum()
        during = float(np.average(weekly["net_sentiment"], weights=weekly["mentions"])) \
            if n else math.nan
        low = weekly.loc[weekly["net_sentiment"].idxmin()]
        out.append(_text.say(
            lang, f"Net sentiment was {_text.signed_percent(during, lang)} over the campaign "
            f"against {_text.signed_percent(before, lang)} in the {CRISIS_BASELINE_DAYS} days "
            f"before; its lowest week began on {_text.date(low['week'], lang, year=False)} "
            f"({_text.signed_percent(low['net_sentiment'], lang)}).",
            f"Le sentiment net a été de {_text.signed_percent(during, lang)} pendant la "
            f"campagne contre {_text.signed_percent(before, lang)} les {CRISIS_BASELINE_DAYS} "
            f"jours précédents ; sa plus mauvaise semaine a commencé le "
            f"{_text.date(low['week'], lang, year=False)} "
            f"({_text.signed_percent(low['net_sentiment'], lang)})."))
    if len(sov) > 1:
        me = sov[sov["brand"] == brand].iloc[0]
        rival = sov[sov["brand"] != brand].sort_values("sov", ascending=False).iloc[0]
        out.append(_text.say(
            lang, f"{brand} held {_text.percent(me['sov'], lang, decimals=0)} of the voice "
            f"(95% interval {_text.percent(me['sov_low'], lang, decimals=0)}–"
            f"{_text.percent(me['sov_high'], lang, decimals=0)}) against "
            f"{_text.percent(rival['sov'], lang, decimals=0)} for {rival['brand']}, its "
            "largest competitor.",
            f"{brand} a occupé {_text.percent(me['sov'], lang, decimals=0)} de la voix "
            f"(intervalle à 95 % {_text.percent(me['sov_low'], lang, decimals=0)}–"
            f"{_text.percent(me['sov_high'], lang, decimals=0)}) contre "
            f"{_text.percent(rival['sov'], lang, decimals=0)} pour {rival['brand']}, son "
            "principal concurrent."))
    return out
