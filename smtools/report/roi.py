"""Return on investment: platform-reported against incremental, attribution, budget shift.

- **Platform-reported ROAS** — Σ revenue ÷ Σ spend of the campaign's rows, as the ad
  platforms attribute it (their own windows and rules; every platform claims the
  conversions it touched).
- **Incremental ROAS** — the marketing-mix model's contribution over the campaign's
  weeks ÷ the spend of those weeks (:mod:`smtools.report._mmm`), with a bootstrap
  interval; revenue ROI = incremental ROAS − 1 (:func:`smtools.roi.metrics.roi`).
- **Incremental conversions** — the incremental revenue ÷ the business's value per
  conversion over the window (revenue ÷ orders or leads in ``outcomes``); the
  platforms' conversions are compared with them.
- **Attribution** — last touch, Markov (order 1, exact) and Shapley on the journeys:
  conversions of the window, credited to the touches of the 30 days before each
  (:func:`smtools.roi.attribution.compare`).
- **Budget shift** — :func:`smtools.roi.optimize.allocate` on the model's response
  curves: the split of the same budget, within the brief's shares, that the model
  expects to bring the most revenue, against the split actually spent.

Examples
--------
>>> over_reporting(120.0, 100.0), over_reporting(80.0, 100.0)
(1.2, 0.8)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from smtools.errors import DataError, SmtoolsError
from smtools.report import _mmm, _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import ATTRIBUTION_LOOKBACK_DAYS, Actuals

__all__ = ["Roi", "roi", "over_reporting", "ATTRIBUTION_MODELS"]

#: The attribution models shown side by side.
ATTRIBUTION_MODELS = ("last_touch", "markov", "shapley")
_MODEL_NAMES = {"last_touch": {"en": "last touch", "fr": "dernier contact"},
                "markov": {"en": "Markov", "fr": "Markov"},
                "shapley": {"en": "Shapley", "fr": "Shapley"}}


def over_reporting(platform: float, incremental: float) -> float:
    """How many times the platforms' figure exceeds the model's (NaN when not comparable)."""
    if not (math.isfinite(platform) and math.isfinite(incremental)) or incremental <= 0:
        return math.nan
    return platform / incremental


@dataclass(kw_only=True)
class Roi(Section):
    """ROI of the campaign: platform-reported vs incremental, attribution, budget shift.

    Attributes
    ----------
    table : DataFrame
        Per network: ``spend``, ``platform_revenue``, ``platform_roas``,
        ``platform_conversions``, ``platform_cpa``, and from the model
        ``contribution`` (``low``/``high``), ``roas`` (``roas_low``/``roas_high``),
        ``incremental_conversions``, ``incremental_cpa``, ``over_reporting``.
    total : dict
        The same for all networks, plus ``roi`` (revenue ROI, incremental),
        ``business_revenue`` (outcomes over the window) and ``value_per_conversion``.
    attribution : Comparison or None
    allocation : Allocation or None
    model : MMM or None
    draws : int
        Bootstrap draws of the model's intervals.
    """

    key: ClassVar[str] = "roi"
    table: pd.DataFrame
    total: dict[str, float]
    attribution: Any = None
    allocation: Any = None
    model: Any = None
    draws: int = 0
    weeks: list[pd.Timestamp] = field(default_factory=list)
    diagnostics: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        """Per network: spend, platform-reported and incremental (model) results."""
        return self.table.copy()

    def attribution_frame(self) -> pd.DataFrame:
        """Conversions credited to each channel by each model (empty without journeys)."""
        if self.attribution is None:
            return pd.DataFrame()
        return self.attribution.conversions.reset_index()

    def allocation_frame(self) -> pd.DataFrame:
        """The budget shift: current and recommended amount per network (empty without model)."""
        if self.allocation is None:
            return pd.DataFrame()
        return self.allocation.to_frame().reset_index()

    def view(self) -> pd.DataFrame:
        lang, cur = self.language, self.currency
        rows = []
        for r in self.table.itertuples(index=False):
            inc = _text.ratio(r.roas, lang)
            if math.isfinite(r.roas_low):
                inc += f" ({_text.ratio(r.roas_low, lang)}–{_text.ratio(r.roas_high, lang)})"
            rows.append({
                _text.say(lang, "Network", "Réseau"): _text.net(r.channel),
                _text.say(lang, "Spend", "Dépenses"): _text.money(r.spend, cur, lang),
                _text.say(lang, "Platform-reported ROAS", "ROAS déclaré (plateformes)"):
                    _text.ratio(r.platform_roas, lang),
                _text.say(lang, f"Incremental ROAS (model, {_mmm.LEVEL:.0%} interval)",
                          f"ROAS incrémental (modèle, intervalle à "
                          f"{_text.percent(_mmm.LEVEL, lang, decimals=0)})"): inc,
                _text.say(lang, "Incremental revenue", "Chiffre d'affaires incrémental"):
                    _text.money(r.contribution, cur, lang) + (
                        f" ({_text.money(r.low, cur, lang)}–{_text.money(r.high, cur, lang)})"
                        if math.isfinite(r.low) else ""),
                _text.say(lang, "Conversions: platforms / model",
                          "Conversions : plateformes / modèle"):
                    f"{_text.number(r.platform_conversions, lang)} / "
                    f"{_text.number(r.incremental_conversions, lang)}",
            })
        return pd.DataFrame(rows)

    def attribution_view(self) -> pd.DataFrame:
        """The attribution table, formatted (conversions and shares by model)."""
        lang = self.language
        frame = self.attribution_frame()
        if frame.empty:
            return frame
        out = pd.DataFrame({_text.say(lang, "Channel", "Canal"):
                            [_text.net(c) if not str(c).startswith("(") else str(c)
                             for c in frame["channel"]]})
        for m in ATTRIBUTION_MODELS:
            if m in frame.columns:
                tot = frame[m].sum()
                out[_MODEL_NAMES[m][lang]] = [
                    f"{_text.number(v, lang, decimals=1)} "
                    f"({_text.percent(v / tot, lang, decimals=0)})" for v in frame[m]]
        return out

    def _repr_html_(self) -> str:
        out = super()._repr_html_()
        att = self.attribution_view()
        if not att.empty:
            out += _text.html_block([], att, caption=_text.say(
                self.language, "Conversions credited by each attribution model",
                "Conversions attribuées par chaque modèle d'attribution"))
        return out

    def plot(self, *, ax: Any = None) -> Any:
        """Platform-reported against incremental ROAS per network (model intervals)."""
        from smtools import viz

        lang = self.language
        ax = new_axes(ax)
        t = self.table
        x = np.arange(len(t))
        ax.bar(x - 0.2, t["platform_roas"].to_numpy(float), width=0.4, color="#BBBBBB",
               label=_text.say(lang, "platform-reported", "déclaré par les plateformes"))
        inc = t["roas"].to_numpy(float)
        ax.bar(x + 0.2, np.nan_to_num(inc), width=0.4, color=viz.PALETTE[0],
               label=_text.say(lang, "incremental (model)", "incrémental (modèle)"))
        lo, hi = t["roas_low"].to_numpy(float), t["roas_high"].to_numpy(float)
        ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(inc)
        if ok.any():
            ax.errorbar(x[ok] + 0.2, inc[ok], yerr=np.vstack([inc[ok] - lo[ok],
                                                              hi[ok] - inc[ok]]).clip(min=0),
                        fmt="none", ecolor="#333333", capsize=4, linewidth=1)
        ax.axhline(1.0, color="#555555", linestyle="--", linewidth=1)
        ax.set_xticks(x, [_text.net(c) for c in t["channel"]])
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax = viz.finish(
            ax, title=_text.say(lang, "ROAS: what the platforms report and what the model "
                                "finds", "ROAS : ce que déclarent les plateformes et ce que "
                                "trouve le modèle"),
            xlabel=_text.say(lang, "Network", "Réseau"),
            ylabel=_text.say(lang, f"ROAS (revenue per {self.currency} spent)",
                             f"ROAS (chiffre d'affaires par {self.currency} dépensé)"),
            source=source_line(lang, _text.say(
                lang, f"ad platforms; smtools marketing-mix model, {self.draws} bootstrap draws, "
                f"{_mmm.LEVEL:.0%} intervals; dashed line: break-even on media cost",
                f"plateformes publicitaires ; modèle mix-marketing smtools, {self.draws} "
                f"tirages bootstrap, intervalles à {_text.percent(_mmm.LEVEL, lang, decimals=0)}"
                " ; pointillés : seuil de rentabilité des dépenses média")))
        return localise(ax, lang)

    def plot_attribution(self, *, ax: Any = None) -> Any:
        """Conversions credited to each channel by last touch, Markov and Shapley."""
        from smtools import viz

        lang = self.language
        frame = self.attribution_frame()
        if frame.empty:
            raise DataError("no journeys with conversions in the campaign window",
                            column="journeys", hint="ingest the analytics journeys export")
        long = frame.melt(id_vars="channel", var_name="model", value_name="conversions")
        long["model"] = [_MODEL_NAMES[m][lang] for m in long["model"]]
        long["channel"] = [_text.net(c) if not str(c).startswith("(") else str(c)
                           for c in long["channel"]]
        ax = new_axes(ax)
        viz.bars(long, x="channel", y="conversions", hue="model", ax=ax,
                 title=_text.say(lang, "Conversions credited to each channel, by model",
                                 "Conversions attribuées à chaque canal, par modèle"),
                 xlabel=_text.say(lang, "Channel", "Canal"),
                 ylabel=_text.say(lang, "Credited conversions (count)",
                                  "Conversions attribuées (nombre)"),
                 source=source_line(lang, _text.say(
                     lang, f"analytics journeys; conversions of the window, touches of the "
                     f"{ATTRIBUTION_LOOKBACK_DAYS} days before each",
                     f"parcours analytics ; conversions de la période, contacts des "
                     f"{ATTRIBUTION_LOOKBACK_DAYS} jours précédant chacune")))
        ax.legend(title=None, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return localise(ax, lang)

    def plot_allocation(self, *, ax: Any = None) -> Any:
        """The budget split actually spent against the one the model recommends."""
        from smtools import viz

        lang = self.language
        frame = self.allocation_frame()
        if frame.empty:
            raise DataError("no budget recommendation: the model could not be fitted",
                            column="model", hint="see the section's notes")
        ax = new_axes(ax)
        x = np.arange(len(frame))
        ax.bar(x - 0.2, frame["current"], width=0.4, color="#BBBBBB",
               label=_text.say(lang, "as spent", "réalisé"))
        ax.bar(x + 0.2, frame["recommended"], width=0.4, color=viz.PALETTE[0],
               label=_text.say(lang, "recommended", "recommandé"))
        ax.set_xticks(x, [_text.net(c) for c in frame["channel"]])
        viz.money_axis(ax)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax = viz.finish(
            ax, title=_text.say(lang, "Budget split: as spent and as the model recommends",
                                "Répartition du budget : réalisée et recommandée par le modèle"),
            xlabel=_text.say(lang, "Network", "Réseau"),
            ylabel=_text.say(lang, f"Budget over the campaign ({self.currency})",
                             f"Budget sur la campagne ({self.currency})"),
            source=source_line(lang, _text.say(
                lang, "smtools.roi.optimize on the model's response curves, within the brief's "
                "shares", "smtools.roi.optimize sur les courbes de réponse du modèle, dans les "
                "parts du brief")))
        return localise(ax, lang)


def _platform(actuals: Actuals) -> pd.DataFrame:
    perf = actuals.performance
    g = perf.groupby("channel")[["spend", "revenue", "conversions"]].sum()
    g = g.reindex(actuals.networks).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.DataFrame({
            "channel": g.index, "spend": g["spend"].to_numpy(),
            "platform_revenue": g["revenue"].to_numpy(),
            "platform_roas": np.where(g["spend"] > 0, g["revenue"] / g["spend"], np.nan),
            "platform_conversions": g["conversions"].to_numpy(),
            "platform_cpa": np.where(g["conversions"] > 0, g["spend"] / g["conversions"],
                                     np.nan)})


def _value_per_conversion(actuals: Actuals) -> tuple[float, str]:
    out = actuals.outcomes
    if out.empty:
        return math.nan, ""
    rev = float(out.loc[out["kpi"] == "revenue", "value"].sum())
    units = out[out["kpi"] != "revenue"]
    if units.empty or rev <= 0:
        return math.nan, ""
    kpi = str(units.groupby("kpi")["value"].sum().idxmax())
    n = float(units.loc[units["kpi"] == kpi, "value"].sum())
    return (rev / n if n > 0 else math.nan), kpi


def _attribution(actuals: Actuals) -> Any:
    from smtools.roi import attribution

    j = actuals.journeys_lookback
    if j.empty:
        return None
    before = (j["event"] == "conversion") & (
        j["ts"].dt.tz_convert(actuals.brief.timezone).dt.tz_localize(None)
        < pd.Timestamp(actuals.first))
    j = j[~before]
    if not (j["event"] == "conversion").any():
        return None
    return attribution.compare(j, models=list(ATTRIBUTION_MODELS),
                               lookback_days=ATTRIBUTION_LOOKBACK_DAYS,
                               currency=actuals.currency)


def roi(actuals: Actuals, *, language: str | None = None, seed: int = 0,
        draws: int = _mmm.DRAWS) -> Roi:
    """Platform-reported and incremental ROI of the campaign, attribution and budget shift.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).
    seed : int
        Seed of the model's search and bootstrap.
    draws : int
        Bootstrap draws of the model (intervals at 90%).

    Returns
    -------
    Roi
        Without the model (too little history, no revenue…) the section keeps the
        platform-reported figures and says why in its notes.

    Examples
    --------
    >>> roi(actuals).to_frame()[["channel", "platform_roas", "roas"]]  # doctest: +SKIP
    """
    from smtools.roi import metrics

    lang = language or actuals.language
    cur = actuals.currency
    table = _platform(actuals)
    notes: list[str] = []
    vpc, unit = _value_per_conversion(actuals)
    model = reading = allocation = None
    try:
        model, frame = _mmm.fit(actuals, seed=seed, draws=draws)
        reading = _mmm.read(model, frame, actuals.first, actuals.last)
    except SmtoolsError as err:
        notes.append(_text.say(lang, f"No marketing-mix model: {err}",
                               f"Pas de modèle mix-marketing : {err}"))
        model = None
    if reading is not None:
        m = reading.table.drop(columns="spend")
        table = table.merge(m, on="channel", how="left")
        # the model's weeks may differ from the window's days: ROAS on the model's weeks
        table["spend_model_weeks"] = table["channel"].map(
            reading.table.set_index("channel")["spend"])
        try:
            allocation = _mmm.allocate(model, actuals, dict(zip(
                table["channel"], table["spend"], strict=True)))
        except SmtoolsError as err:
            notes.append(_text.say(lang, f"No budget recommendation: {err}",
                                   f"Pas de recommandation budgétaire : {err}"))
    else:
        for c in ("contribution", "low", "high", "roas", "roas_low", "roas_high",
                  "spend_model_weeks"):
            table[c] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        table["incremental_conversions"] = table["contribution"] / vpc \
            if math.isfinite(vpc) else np.nan
        table["incremental_cpa"] = np.where(table["incremental_conversions"] > 0,
                                            table["spend"] / table["incremental_conversions"],
                                            np.nan)
    table["over_reporting"] = [over_reporting(p, i) for p, i in zip(
        table["platform_conversions"], table["incremental_conversions"], strict=True)]

    spend = float(table["spend"].sum())
    platform_rev = float(table["platform_revenue"].sum())
    total: dict[str, float] = {
        "spend": spend, "platform_revenue": platform_rev,
        "platform_roas": platform_rev / spend if spend else math.nan,
        "platform_conversions": float(table["platform_conversions"].sum()),
        "value_per_conversion": vpc,
        "business_revenue": float(actuals.outcomes.loc[actuals.outcomes["kpi"] == "revenue",
                                                      "value"].sum())
        if not actuals.outcomes.empty else math.nan}
    total["platform_cpa"] = float(metrics.cpa(spend=spend, conversions=total[
        "platform_conversions"]))
    if reading is not None:
        total.update({k: v for k, v in reading.total.items() if k != "spend"})
        total["spend_model_weeks"] = reading.total["spend"]
        total["roi"] = float(metrics.roi(revenue=reading.total["contribution"],
                                         cost=reading.total["spend"]))
        total["incremental_conversions"] = (reading.total["contribution"] / vpc
                                            if math.isfinite(vpc) else math.nan)
    att = None
    try:
        att = _attribution(actuals)
    except SmtoolsError as err:
        notes.append(_text.say(lang, f"No attribution: {err}", f"Pas d'attribution : {err}"))
    sentences = _sentences(table, total, att, reading, lang, cur, unit)
    if reading is not None:
        diag = reading.diagnostics
        r2 = float(diag.loc["in-sample", "r2"]) if "in-sample" in diag.index else math.nan
        mape = float(diag.loc["holdout", "mape"]) if "holdout" in diag.index else math.nan
        w = reading.weeks
        notes.append(_text.say(
            lang, f"Incremental figures: smtools marketing-mix model (geometric adstock, Hill "
            f"saturation) fitted on {model.n_periods_} weeks of history up to "
            f"{actuals.last}, read over the {len(w)} campaign weeks from {w[0]:%Y-%m-%d}; "
            f"{reading.draws} bootstrap draws give the {_mmm.LEVEL:.0%} intervals; fit R² "
            f"{r2:.2f}, holdout error (MAPE) {mape:.1%}. Incremental conversions = incremental "
            "revenue ÷ the business's revenue per "
            f"{_text.unit(unit, lang)} over the window.",
            f"Chiffres incrémentaux : modèle mix-marketing smtools (adstock géométrique, "
            f"saturation de Hill) ajusté sur {model.n_periods_} semaines d'historique "
            f"jusqu'au {_text.date(actuals.last, lang)}, lu sur les {len(w)} semaines de "
            f"campagne depuis le {_text.date(w[0], lang)} ; {reading.draws} tirages bootstrap "
            f"donnent les intervalles à {_text.percent(_mmm.LEVEL, lang, decimals=0)} ; R² "
            f"{_text.number(r2, lang, decimals=2)}, erreur sur les semaines réservées (MAPE) "
            f"{_text.percent(mape, lang)}. Conversions incrémentales = chiffre d'affaires "
            f"incrémental ÷ chiffre d'affaires par {_text.unit(unit, lang)} "
            "de l'entreprise sur la période."))
    notes.append(_text.say(
        lang, "Platform-reported ROAS and conversions: as the ad platforms attribute them "
        "(each platform claims every conversion it touched).",
        "ROAS et conversions déclarés : tels que les plateformes publicitaires se les "
        "attribuent (chacune revendique toute conversion qu'elle a touchée)."))
    return Roi(language=lang, currency=cur, sentences=sentences, notes=notes, table=table,
               total=total, attribution=att, allocation=allocation, model=model,
               draws=reading.draws if reading is not None else 0,
               weeks=reading.weeks if reading is not None else [],
               diagnostics=reading.diagnostics if reading is not None else None)


def _sentences(table: pd.DataFrame, total: dict[str, float], att: Any, reading: Any,
               lang: str, cur: str, unit: str) -> list[str]:
    out = []
    pr = _text.ratio(total["platform_roas"], lang)
    if reading is not None:
        out.append(_text.say(
            lang,
            f"The marketing-mix model credits the campaign's networks with "
            f"{_text.money(total['contribution'], cur, lang)} of incremental revenue "
            f"({_mmm.LEVEL:.0%} interval {_text.money(total['low'], cur, lang)}–"
            f"{_text.money(total['high'], cur, lang)}) for "
            f"{_text.money(total['spend_model_weeks'], cur, lang)} spent over the campaign's "
            f"weeks: an incremental ROAS of {_text.ratio(total['roas'], lang)} "
            f"({_text.ratio(total['roas_low'], lang)}–{_text.ratio(total['roas_high'], lang)}), "
            f"a revenue ROI of {_text.signed_percent(total['roi'], lang)}; the ad platforms "
            f"report a ROAS of {pr}.",
            f"Le modèle mix-marketing attribue aux réseaux de la campagne "
            f"{_text.money(total['contribution'], cur, lang)} de chiffre d'affaires "
            f"incrémental (intervalle à {_text.percent(_mmm.LEVEL, lang, decimals=0)} "
            f"{_text.money(total['low'], cur, lang)}–{_text.money(total['high'], cur, lang)}) "
            f"pour {_text.money(total['spend_model_weeks'], cur, lang)} dépensés sur les "
            f"semaines de campagne : un ROAS incrémental de {_text.ratio(total['roas'], lang)} "
            f"({_text.ratio(total['roas_low'], lang)}–{_text.ratio(total['roas_high'], lang)}), "
            f"un ROI sur chiffre d'affaires de {_text.signed_percent(total['roi'], lang)} ; "
            f"les plateformes déclarent un ROAS de {pr}."))
        t = table.dropna(subset=["roas"])
        if len(t):
            best = t.loc[t["roas"].idxmax()]
            worst = t.loc[t["roas"].idxmin()]
            out.append(_text.say(
                lang,
                f"{_text.net(best['channel'])} returned the most per {_text.money(1, cur, lang)} "
                f"spent: incremental "
                f"ROAS {_text.ratio(best['roas'], lang)} ({_text.ratio(best['roas_low'], lang)}–"
                f"{_text.ratio(best['roas_high'], lang)}), against "
                f"{_text.ratio(worst['roas'], lang)} for {_text.net(worst['channel'])}.",
                f"{_text.net(best['channel'])} a le plus rapporté pour {_text.money(1, cur, lang)} "
                f"dépensé : ROAS "
                f"incrémental {_text.ratio(best['roas'], lang)} "
                f"({_text.ratio(best['roas_low'], lang)}–{_text.ratio(best['roas_high'], lang)}),"
                f" contre {_text.ratio(worst['roas'], lang)} pour "
                f"{_text.net(worst['channel'])}."))
        over = table[table["over_reporting"] > 1.1]
        if len(over):
            parts = [f"{_text.net(r.channel)} {_text.number(r.platform_conversions, lang)} "
                     f"{_text.say(lang, 'vs', 'contre')} "
                     f"{_text.number(r.incremental_conversions, lang)} "
                     f"(×{_text.number(r.over_reporting, lang, decimals=1)})"
                     for r in over.itertuples()]
            out.append(_text.say(
                lang, "The platforms report more conversions than the model finds "
                f"incremental: {_text.names(parts, lang)}; their figures include conversions "
                "that would have happened anyway.",
                "Les plateformes déclarent plus de conversions que le modèle n'en trouve "
                f"d'incrémentales : {_text.names(parts, lang)} ; leurs chiffres comptent des "
                "conversions qui auraient eu lieu de toute façon."))
    else:
        out.append(_text.say(
            lang, f"The ad platforms report a ROAS of {pr}; without a marketing-mix model "
            "the incremental return cannot be measured (see the notes).",
            f"Les plateformes déclarent un ROAS de {pr} ; sans modèle mix-marketing, le "
            "retour incrémental ne peut pas être mesuré (voir les notes)."))
    if att is not None:
        conv = att.conversions
        shares = conv / conv.sum()
        spread = (shares.max(axis=1) - shares.min(axis=1)).drop(
            index=[c for c in shares.index if str(c).startswith("(")], errors="ignore")
        if len(spread):
            ch = spread.idxmax()
            parts = [f"{_MODEL_NAMES[m][lang]} {_text.percent(shares.loc[ch, m], lang, decimals=0)}"
                     for m in shares.columns]
            out.append(_text.say(
                lang, f"Attribution models disagree most on {_text.net(ch)}: "
                f"{_text.names(parts, lang)} of {_text.number(conv.sum().iloc[0], lang)} "
                "conversions.",
                f"Les modèles d'attribution divergent le plus sur {_text.net(ch)} : "
                f"{_text.names(parts, lang)} des {_text.number(conv.sum().iloc[0], lang)} "
                "conversions."))
    if math.isfinite(total.get("platform_cpa", math.nan)):
        inc = total.get("incremental_conversions", math.nan)
        out.append(_text.say(
            lang, f"CPA as the platforms count it: "
            f"{_text.money(total['platform_cpa'], cur, lang, decimals=2)}"
            + (f"; per incremental {_text.unit(unit, lang)}: "
               f"{_text.money(total['spend_model_weeks'] / inc, cur, lang, decimals=2)}."
               if math.isfinite(inc) and inc > 0 else "."),
            f"CPA selon les plateformes : "
            f"{_text.money(total['platform_cpa'], cur, lang, decimals=2)}"
            + (f" ; par {_text.unit(unit, lang)} supplémentaire (incrémental) : "
               f"{_text.money(total['spend_model_weeks'] / inc, cur, lang, decimals=2)}."
               if math.isfinite(inc) and inc > 0 else ".")))
    return out
