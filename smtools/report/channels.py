"""Results by network over the campaign, split paid / owned / earned, with intervals.

- **Paid** — the campaign's performance rows by network (:func:`smtools.channel.kpis`):
  spend, impressions, clicks, CTR (95% Wilson interval), CPM, CPC, CPA, platform ROAS.
- **Owned** — the organic posts of the window by network: posts, impressions,
  engagements, engagement rate by impressions (Σ engagements ÷ Σ impressions, 95%
  Wilson interval), follower growth over the window.
- **Earned** — mentions of the client's brand in the window by where they were
  published: mentions, potential reach (Σ of each mention's audience: not unique
  people), net sentiment (positive − negative) ÷ all mentions with a 95% interval
  (normal approximation of the multinomial: var = (p₊ + p₋ − (p₊ − p₋)²) ÷ n).

Examples
--------
>>> lo, hi = net_sentiment_interval(60, 20, 100)
>>> round(lo, 3), round(hi, 3)
(0.243, 0.557)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from smtools.errors import DataError
from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import Actuals

__all__ = ["Channels", "channels", "net_sentiment_interval"]

_Z95 = 1.959963984540054


def net_sentiment_interval(positive: float, negative: float, total: float
                           ) -> tuple[float, float]:
    """95% interval of (positive − negative) ÷ total (normal approximation)."""
    if not total > 0:
        return math.nan, math.nan
    p, q = positive / total, negative / total
    d = p - q
    se = math.sqrt(max(p + q - d * d, 0.0) / total)
    return max(-1.0, d - _Z95 * se), min(1.0, d + _Z95 * se)


@dataclass(kw_only=True)
class Channels(Section):
    """Campaign results by network, paid / owned / earned.

    Attributes
    ----------
    paid, owned, earned : DataFrame
        One row per network (per publication channel for earned); see the module
        docstring for the columns' definitions.
    brand : str or None
        The client's brand as named in the mentions.
    sessions : DataFrame
        Web analytics sessions carrying a plan line's tags, per network:
        ``sessions``, ``engaged_sessions``, ``conversions``, ``revenue``.
    tracking : dict
        ``sessions`` (all of the window), ``tagged`` (with the plan's source, medium
        and campaign), ``paid`` (with a plan line's source and medium),
        ``tagged_share`` (tagged ÷ all) and ``paid_tagged_share`` (tagged ÷ paid).
    """

    key: ClassVar[str] = "channels"
    paid: pd.DataFrame
    owned: pd.DataFrame
    earned: pd.DataFrame
    brand: str | None = None
    sessions: pd.DataFrame | None = None
    tracking: dict[str, float] | None = None

    def to_frame(self) -> pd.DataFrame:
        """One table: ``media_type`` (paid / owned / earned), ``channel``, ``items`` (rows,
        posts or mentions), ``impressions``, ``rate`` with ``rate_low``/``rate_high``
        (CTR, engagement rate or net sentiment: see ``rate_name``) and ``spend``."""
        parts = []
        if len(self.paid):
            parts.append(pd.DataFrame({
                "media_type": "paid", "channel": self.paid["channel"],
                "items": self.paid["rows"], "impressions": self.paid["impressions"],
                "rate_name": "ctr", "rate": self.paid["ctr"], "rate_low": self.paid["ctr_low"],
                "rate_high": self.paid["ctr_high"], "spend": self.paid["spend"]}))
        if len(self.owned):
            parts.append(pd.DataFrame({
                "media_type": "owned", "channel": self.owned["channel"],
                "items": self.owned["posts"], "impressions": self.owned["impressions"],
                "rate_name": "er_impressions", "rate": self.owned["er"],
                "rate_low": self.owned["er_low"], "rate_high": self.owned["er_high"],
                "spend": 0.0}))
        if len(self.earned):
            parts.append(pd.DataFrame({
                "media_type": "earned", "channel": self.earned["channel"],
                "items": self.earned["mentions"], "impressions": self.earned["reach"],
                "rate_name": "net_sentiment", "rate": self.earned["net_sentiment"],
                "rate_low": self.earned["net_sentiment_low"],
                "rate_high": self.earned["net_sentiment_high"], "spend": 0.0}))
        if not parts:
            return pd.DataFrame(columns=["media_type", "channel", "items", "impressions",
                                         "rate_name", "rate", "rate_low", "rate_high", "spend"])
        return pd.concat(parts, ignore_index=True)

    def view(self) -> pd.DataFrame:
        lang, cur = self.language, self.currency
        rows = []
        names = {"ctr": "CTR", "er_impressions": _text.say(lang, "engagement rate",
                                                           "taux d'engagement"),
                 "net_sentiment": _text.say(lang, "net sentiment", "sentiment net")}
        for r in self.to_frame().itertuples(index=False):
            rate = (_text.percent(r.rate, lang, decimals=2) if r.rate_name != "net_sentiment"
                    else _text.signed_percent(r.rate, lang, decimals=0))
            if math.isfinite(r.rate_low):
                lo = (_text.percent(r.rate_low, lang, decimals=2) if r.rate_name != "net_sentiment"
                      else _text.signed_percent(r.rate_low, lang))
                hi = (_text.percent(r.rate_high, lang, decimals=2)
                      if r.rate_name != "net_sentiment"
                      else _text.signed_percent(r.rate_high, lang))
                rate += f" [{lo} ; {hi}]" if lang == "fr" else f" [{lo}, {hi}]"
            rows.append({
                _text.say(lang, "Media", "Média"): _text.label(r.media_type, lang),
                _text.say(lang, "Network", "Réseau"): _text.net(r.channel),
                _text.say(lang, "Rows / posts / mentions", "Lignes / posts / mentions"):
                    _text.number(r.items, lang),
                _text.say(lang, "Impressions (earned: potential reach)",
                          "Impressions (gagné : audience potentielle)"):
                    _text.number(r.impressions, lang),
                _text.say(lang, "Rate [95% interval]", "Taux [intervalle à 95 %]"):
                    f"{names[r.rate_name]} {rate}",
                _text.say(lang, "Spend", "Dépenses"):
                    _text.money(r.spend, cur, lang) if r.media_type == "paid" else "–",
            })
        return pd.DataFrame(rows)

    def plot(self, kind: str = "paid", *, ax: Any = None) -> Any:
        """One rate by network with its 95% interval: ``paid`` (CTR), ``owned``
        (engagement rate) or ``earned`` (net sentiment by publication channel)."""
        from smtools import viz

        lang = self.language
        frames = {"paid": (self.paid, "ctr"), "owned": (self.owned, "er"),
                  "earned": (self.earned, "net_sentiment")}
        if kind not in frames:
            raise DataError(f"kind={kind!r} is not a chart of this section", column="kind",
                            hint="use 'paid', 'owned' or 'earned'")
        frame, col = frames[kind]
        if frame.empty:
            raise DataError(f"no {kind} results in the campaign window", column="kind",
                            hint="draw another kind")
        ax = new_axes(ax)
        data = pd.DataFrame({"channel": [_text.net(c) for c in frame["channel"]],
                             "value": frame[col].to_numpy(float),
                             "low": frame[f"{col}_low"].to_numpy(float),
                             "high": frame[f"{col}_high"].to_numpy(float)})
        colours = viz.network_colours(list(frame["channel"]))
        titles = {
            "paid": (_text.say(lang, "Click-through rate by network (paid)",
                               "Taux de clic par réseau (payant)"),
                     _text.say(lang, "CTR (% of impressions)", "CTR (% des impressions)"),
                     _text.say(lang, "ad platforms, campaign rows; ratio of sums; 95% Wilson "
                               "intervals", "plateformes publicitaires, lignes de la campagne ; "
                               "ratio de sommes ; intervalles de Wilson à 95 %")),
            "owned": (_text.say(lang, "Engagement rate of organic posts by network (owned)",
                                "Taux d'engagement des posts organiques par réseau (propre)"),
                      _text.say(lang, "Engagement rate (% of impressions)",
                                "Taux d'engagement (% des impressions)"),
                      _text.say(lang, "organic posts of the window; Σ engagements ÷ Σ "
                                "impressions; 95% Wilson intervals",
                                "posts organiques de la période ; Σ engagements ÷ Σ "
                                "impressions ; intervalles de Wilson à 95 %")),
            "earned": (_text.say(lang, f"Net sentiment of mentions of {self.brand} (earned)",
                                 f"Sentiment net des mentions de {self.brand} (gagné)"),
                       _text.say(lang, "Net sentiment (% of mentions)",
                                 "Sentiment net (% des mentions)"),
                       _text.say(lang, "social listening; (positive − negative) ÷ mentions; "
                                 "95% intervals", "écoute sociale ; (positives − négatives) ÷ "
                                 "mentions ; intervalles à 95 %")),
        }
        title, ylabel, src = titles[kind]
        viz.interval_bars(data, x="channel", y="value", low="low", high="high", percent=True,
                          title=title, ylabel=ylabel,
                          xlabel=_text.say(lang, "Network", "Réseau"),
                          colours=[colours[c] for c in frame["channel"]],
                          reference=0.0 if kind == "earned" else None,
                          source=source_line(lang, src), ax=ax)
        return localise(ax, lang)


def channels(actuals: Actuals, *, language: str | None = None) -> Channels:
    """Campaign results by network, paid / owned / earned, with intervals.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).

    Returns
    -------
    Channels

    Examples
    --------
    >>> channels(actuals).to_frame()                          # doctest: +SKIP
    """
    from smtools import channel as ch

    lang = language or actuals.language
    cur = actuals.currency
    paid = ch.kpis(actuals.performance, by="channel").to_frame().reset_index()
    order = {c: i for i, c in enumerate(actuals.networks)}
    paid = paid.sort_values("channel", key=lambda s: s.map(order)).reset_index(drop=True)

    posts = actuals.posts
    if posts.empty:
        owned = pd.DataFrame(columns=["channel", "posts", "impressions", "engagements", "er",
                                      "er_low", "er_high", "follower_growth"])
    else:
        k = ch.kpis(posts, by="channel").to_frame().reset_index()
        owned = pd.DataFrame({
            "channel": k["channel"], "posts": k["rows"], "impressions": k["impressions"],
            "engagements": k["engagements"], "er": k["er_impressions"],
            "er_low": k["er_impressions_low"], "er_high": k["er_impressions_high"],
            "follower_growth": k["follower_growth"] if "follower_growth" in k.columns
            else np.nan})

    brand = actuals.brand
    m = actuals.mentions
    if brand is not None:
        m = m[m["brand"] == brand]
    elif "brand" in m.columns and m["brand"].notna().any():
        m = m.iloc[0:0]
    rows = []
    for where, part in m.groupby("channel", sort=True):
        s = part["sentiment"]
        pos, neg = float((s >= 0.05).sum()), float((s <= -0.05).sum())
        n = float(len(part))
        lo, hi = net_sentiment_interval(pos, neg, n)
        rows.append({"channel": where, "mentions": n, "reach": float(part["reach"].sum()),
                     "positive": pos, "negative": neg,
                     "net_sentiment": (pos - neg) / n if n else math.nan,
                     "net_sentiment_low": lo, "net_sentiment_high": hi})
    earned = pd.DataFrame(rows, columns=["channel", "mentions", "reach", "positive",
                                         "negative", "net_sentiment", "net_sentiment_low",
                                         "net_sentiment_high"])
    if len(earned):
        earned = earned.sort_values("mentions", ascending=False).reset_index(drop=True)

    sentences = []
    if len(paid):
        best = paid.loc[paid["ctr"].idxmax()]
        worst = paid.loc[paid["ctr"].idxmin()]
        sentences.append(_text.say(
            lang, f"Paid: {_text.net(best['channel'])} had the highest click-through rate, "
            f"{_text.percent(best['ctr'], lang, decimals=2)} (95% interval "
            f"{_text.percent(best['ctr_low'], lang, decimals=2)}–"
            f"{_text.percent(best['ctr_high'], lang, decimals=2)}), against "
            f"{_text.percent(worst['ctr'], lang, decimals=2)} for {_text.net(worst['channel'])}.",
            f"Payant : {_text.net(best['channel'])} a le meilleur taux de clic, "
            f"{_text.percent(best['ctr'], lang, decimals=2)} (intervalle à 95 % "
            f"{_text.percent(best['ctr_low'], lang, decimals=2)}–"
            f"{_text.percent(best['ctr_high'], lang, decimals=2)}), contre "
            f"{_text.percent(worst['ctr'], lang, decimals=2)} pour "
            f"{_text.net(worst['channel'])}."))
    if len(owned):
        b = owned.loc[owned["er"].idxmax()]
        sentences.append(_text.say(
            lang, f"Owned: {_text.number(owned['posts'].sum(), lang)} organic posts earned "
            f"{_text.number(owned['engagements'].sum(), lang)} engagements; "
            f"{_text.net(b['channel'])} engaged best, "
            f"{_text.percent(b['er'], lang, decimals=2)} of impressions "
            f"({_text.percent(b['er_low'], lang, decimals=2)}–"
            f"{_text.percent(b['er_high'], lang, decimals=2)}).",
            f"Propre : {_text.number(owned['posts'].sum(), lang)} posts organiques ont "
            f"suscité {_text.number(owned['engagements'].sum(), lang)} engagements ; "
            f"{_text.net(b['channel'])} engage le mieux, "
            f"{_text.percent(b['er'], lang, decimals=2)} des impressions "
            f"({_text.percent(b['er_low'], lang, decimals=2)}–"
            f"{_text.percent(b['er_high'], lang, decimals=2)})."))
    else:
        sentences.append(_text.say(lang, "Owned: no organic post in the campaign window.",
                                   "Propre : aucun post organique pendant la campagne."))
    if len(earned):
        n = earned["mentions"].sum()
        pos, neg = earned["positive"].sum(), earned["negative"].sum()
        lo, hi = net_sentiment_interval(pos, neg, n)
        sentences.append(_text.say(
            lang, f"Earned: {_text.number(n, lang)} mentions of {brand}, a potential reach of "
            f"{_text.number(earned['reach'].sum(), lang)} (not unique people), net sentiment "
            f"{_text.signed_percent((pos - neg) / n, lang)} (95% interval "
            f"{_text.signed_percent(lo, lang)} to {_text.signed_percent(hi, lang)}).",
            f"Gagné : {_text.number(n, lang)} mentions de {brand}, une audience potentielle "
            f"de {_text.number(earned['reach'].sum(), lang)} (pas des personnes uniques), "
            f"sentiment net {_text.signed_percent((pos - neg) / n, lang)} (intervalle à 95 % "
            f"de {_text.signed_percent(lo, lang)} à {_text.signed_percent(hi, lang)})."))
    else:
        sentences.append(_text.say(lang, "Earned: no mention of the brand in the window.",
                                   "Gagné : aucune mention de la marque pendant la campagne."))
    sess, tracking = _tracking(actuals)
    if tracking["sessions"] > 0:
        sentences.append(_text.say(
            lang, f"Web analytics: {_text.number(tracking['tagged'], lang)} of the window's "
            f"{_text.number(tracking['sessions'], lang)} sessions "
            f"({_text.percent(tracking['tagged_share'], lang)}) carry the plan's tracking tags, "
            f"and {_text.percent(tracking['paid_tagged_share'], lang)} of the sessions from "
            "the plan's paid sources do.",
            f"Analytics web : {_text.number(tracking['tagged'], lang)} des "
            f"{_text.number(tracking['sessions'], lang)} sessions de la période "
            f"({_text.percent(tracking['tagged_share'], lang)}) portent les balises du plan, "
            f"et {_text.percent(tracking['paid_tagged_share'], lang)} des sessions venues des "
            "sources payantes du plan."))
    notes = [_text.say(
        lang, "Paid: ad platforms, campaign rows; owned: organic posts published in the "
        "window (local days); earned: mentions of the brand; sentiment classes at ±0.05 "
        "(VADER thresholds).",
        "Payant : plateformes publicitaires, lignes de la campagne ; propre : posts "
        "organiques publiés pendant la période (jours locaux) ; gagné : mentions de la "
        "marque ; classes de sentiment à ±0,05 (seuils VADER).")]
    return Channels(language=lang, currency=cur, sentences=sentences, notes=notes, paid=paid,
                    owned=owned, earned=earned, brand=brand, sessions=sess, tracking=tracking)


def _tracking(actuals: Actuals) -> tuple[pd.DataFrame, dict[str, float]]:
    """Sessions carrying the plan's tags, per network, and the tracking shares."""
    s = actuals.sessions
    cols = ["channel", "sessions", "engaged_sessions", "conversions", "revenue"]
    if s.empty:
        nan = math.nan
        return pd.DataFrame(columns=cols), {"sessions": 0.0, "tagged": 0.0, "paid": 0.0,
                                            "tagged_share": nan, "paid_tagged_share": nan}
    tagged = actuals.tagged_sessions()
    paid = actuals.paid_sessions()
    line_of = {(ln.utm["utm_source"], ln.utm["utm_medium"]): ln.channel
               for ln in actuals.plan.lines}
    t = s[tagged.to_numpy()]
    net = [line_of.get((a.lower(), b.lower())) for a, b in zip(t["source"], t["medium"],
                                                                strict=True)]
    per = (t.assign(channel=net).groupby("channel")[cols[1:]].sum().reindex(actuals.networks)
           .fillna(0.0).reset_index())
    total = float(s["sessions"].sum())
    n_tag = float(s.loc[tagged.to_numpy(), "sessions"].sum())
    n_paid = float(s.loc[paid.to_numpy(), "sessions"].sum())
    return per, {"sessions": total, "tagged": n_tag, "paid": n_paid,
                 "tagged_share": n_tag / total if total else math.nan,
                 "paid_tagged_share": n_tag / n_paid if n_paid else math.nan}
