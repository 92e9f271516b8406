"""Score and rank influencer candidates: the shortlist a planner presents.

Scoring (every component on 0…100, 50 = neutral / unknown)

* **fit** = 50 + 50 × log2(audience index ÷ 100), clipped: index 100 → 50,
  200 → 100, 50 → 0. Audience index = share of the candidate's audience in
  the target ÷ share of the population in the target × 100, where the
  audience share in target = Σ age share × gender share × target weight of
  the cell (age and gender assumed independent: creators publish them
  separately) × share of the audience in the market country. With no
  population reference for the country, the base is the median candidate of
  the pool (said in the reasons). Unknown breakdown → 50, with a note.
* **engagement** = 50 + 50 × log2(typical rate ÷ norm), clipped; the norm is
  the shipped benchmark for the network and band, else the pool median.
* **authenticity** = 100 × (1 − fraud risk) (see :mod:`smtools.influence._signals`).
* **brand_safety** = 100 × (1 − negative share ÷ 0.30), clipped (30%
  negative mentions or more → 0); no mentions → 50.
* **cost** = 50 − 50 × log2(CPM ÷ pool median CPM), clipped; no price → 50.

score = Σ weight × component ÷ Σ weights, with :data:`WEIGHTS` by default
(fit 0.30, engagement 0.25, authenticity 0.25, brand safety 0.10, cost 0.10).
Candidates whose fraud risk reaches ``screen`` (0.5: a follower jump alone,
or two other signals) are ranked after every other candidate, whatever their
score: planners screen suspected fakes out before ranking.

Expected reach of one post = median views of the recent posts when the
network publishes views (TikTok, YouTube), else followers × the band's
reach rate (:data:`smtools.influence._norms.REACH_RATES`, an assumption).
CPM = price ÷ expected impressions × 1000 (one impression per person
reached); cost per engagement = price ÷ (typical rate × followers).

Examples
--------
>>> import smtools.synth as synth
>>> from smtools import audience
>>> d = synth.generate("bistro-lumiere", seed=0)
>>> sl = shortlist(d.tables["influencers"], posts=d.tables["influencer_posts"],
...                target=audience.target(d.brief))
>>> sl.to_frame().iloc[0]["rank"]
np.int64(1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from smtools import networks as netnames
from smtools.audience import _reference as ref
from smtools.audience._common import html_block, money, new_axes, number, pct
from smtools.audience._target import Target, _as_target, cell_weights
from smtools.errors import DataError
from smtools.influence import _norms, _signals

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["WEIGHTS", "Shortlist", "audience_index", "shortlist", "wilson"]

#: Default weights of the score components.
WEIGHTS: dict[str, float] = {"fit": 0.30, "engagement": 0.25, "authenticity": 0.25,
                             "brand_safety": 0.10, "cost": 0.10}
_AGE_COLS = [f"audience_age_{b.replace('-', '_').replace('+', '_plus')}" for b in ref.AGE_BANDS]
_COMPONENT_COLOURS = {"fit": "#0072B2", "engagement": "#009E73", "authenticity": "#E69F00",
                      "brand_safety": "#CC79A7", "cost": "#56B4E9"}
_NEGATIVE_CAP = 0.30


def wilson(successes: float, trials: float, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion.

    Examples
    --------
    >>> tuple(round(x, 4) for x in wilson(2, 40))
    (0.0138, 0.165)
    """
    if trials <= 0 or not np.isfinite(trials):
        return float("nan"), float("nan")
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / trials
    den = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / den
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / den
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def _check(candidates: pd.DataFrame, posts: pd.DataFrame | None) -> None:
    if not isinstance(candidates, pd.DataFrame):
        raise DataError("parameter candidates must be a DataFrame (the influencers table)",
                        hint="pass workspace.table('influencers', client=...)")
    missing = [c for c in ("handle", "network", "followers") if c not in candidates.columns]
    if missing:
        raise DataError(f"the candidates table lacks column(s) {', '.join(missing)}",
                        column=missing[0], hint="use the canonical influencers table")
    if candidates["followers"].isna().any() or (candidates["followers"] < 0).any():
        raise DataError("candidates have missing or negative followers", column="followers",
                        hint="give every candidate's follower count")
    if candidates.duplicated(["network", "handle"]).any():
        dup = candidates[candidates.duplicated(["network", "handle"])].iloc[0]
        raise DataError(f"candidate {dup['handle']} on {dup['network']} appears twice",
                        column="handle", hint="keep one row per handle and network")
    if posts is None:
        raise DataError("parameter posts is missing",
                        hint="pass posts= with the influencer_posts table (recent posts with "
                             "followers, likes and comments)")
    missing = [c for c in ("handle", "network", "published_at", "followers", "likes",
                           "comments") if c not in posts.columns]
    if missing:
        raise DataError(f"parameter posts lacks column(s) {', '.join(missing)}",
                        column=missing[0], hint="use the canonical influencer_posts table")


def audience_index(candidates: pd.DataFrame, target: Target | Any, *,
                   country: str | None = None, population: pd.DataFrame | None = None
                   ) -> pd.DataFrame:
    """Share of each candidate's audience in the target, and its composition index.

    Parameters
    ----------
    candidates : DataFrame
        ``influencers`` rows (audience columns may be empty: unknown).
    target : Target or Brief
    country : str, optional
        Market (default: the target's country).
    population : DataFrame, optional
        Population by ``age_band`` × ``gender`` instead of the reference.

    Returns
    -------
    DataFrame
        ``network``, ``handle``, ``share_in_target``, ``population_share``,
        ``audience_index``, ``index_base`` (population or pool) and
        ``audience_note``.

    Examples
    --------
    >>> import pandas as pd
    >>> from smtools.audience import Target
    >>> c = pd.DataFrame({"network": ["instagram"], "handle": ["a"], "audience_female": [1.0],
    ...                   **{col: [1.0 if col.endswith("18_24") else 0.0] for col in _AGE_COLS},
    ...                   "audience_country_share": [1.0]})
    >>> pop = pd.DataFrame({"age_band": ["18-24", "25-34"] * 2, "gender": ["female"] * 2
    ...                     + ["male"] * 2, "population": [25.0] * 4})
    >>> float(audience_index(c, Target(ages=(18, 24), genders=("female",)),
    ...                      population=pop)["audience_index"].item())
    400.0
    """
    t = _as_target(target)
    code = (country or t.country)
    code = code.upper() if code else None
    weights = cell_weights(t, code, population)
    w = weights.pivot(index="age_band", columns="gender", values="weight").reindex(ref.AGE_BANDS)
    rows = []
    for _, c in candidates.iterrows():
        ages = np.array([c.get(col, np.nan) for col in _AGE_COLS], dtype=float)
        female = c.get("audience_female", np.nan)
        notes = []
        if np.isnan(ages).all():
            rows.append({"network": c["network"], "handle": c["handle"],
                         "share_in_target": np.nan,
                         "audience_note": "audience breakdown unknown: fit neutral"})
            continue
        ages = np.nan_to_num(ages)
        if female is None or not np.isfinite(female):
            female = 0.5
            notes.append("gender split unknown (50/50 assumed)")
        share = float(np.sum(ages * (female * w["female"].to_numpy()
                                     + (1 - female) * w["male"].to_numpy())))
        cs = c.get("audience_country_share", np.nan)
        cc = str(c.get("country", "") or "").upper()
        if cs is None or not np.isfinite(cs):
            notes.append("country share unknown (all in market assumed)")
        elif code and cc and cc != code:
            share = 0.0
            notes.append(f"audience country {cc} is not the market {code}")
        else:
            share *= float(cs)
        rows.append({"network": c["network"], "handle": c["handle"], "share_in_target": share,
                     "audience_note": "; ".join(notes)})
    out = pd.DataFrame(rows)
    base = "population"
    pop_share = np.nan
    if population is not None or (code and code in ref.countries()):
        from smtools.audience._target import _population_bands

        bands, _, _ = _population_bands(t, code, population)
        merged = bands.merge(weights, on=["age_band", "gender"], how="left")
        pop_share = float((merged["population"] * merged["weight"].fillna(0)).sum()
                          / merged["population"].sum())
    if not np.isfinite(pop_share) or pop_share <= 0:
        base = "pool"
        pop_share = float(np.nanmedian(out["share_in_target"])) if out[
            "share_in_target"].notna().any() else np.nan
    out["population_share"] = pop_share
    out["audience_index"] = out["share_in_target"] / pop_share * 100
    out["index_base"] = base
    return out


def _score_log(ratio: pd.Series, sign: float = 1.0) -> pd.Series:
    vals = 50 + sign * 50 * np.log2(ratio.where(ratio > 0))
    vals = vals.where(ratio.notna(), 50.0)
    vals = vals.where(~((ratio <= 0) & ratio.notna()), 0.0 if sign > 0 else 100.0)
    return vals.clip(0, 100)


@dataclass
class Shortlist:
    """A ranked influencer shortlist with the reasons for each rank."""

    table: pd.DataFrame
    target: Target
    weights: dict[str, float]
    budget: float | None
    currency: str | None
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    screen: float | None = 0.5

    formula: str = (
        "score = Σ w·component ÷ Σ w; fit = 50 + 50·log2(index/100); engagement = 50 + "
        "50·log2(typical rate/norm); authenticity = 100·(1 − fraud risk); brand_safety = "
        "100·(1 − negative share/0.30); cost = 50 − 50·log2(CPM/pool median CPM); each clipped "
        "to 0…100, unknown = 50; candidates with fraud risk ≥ screen ranked last")

    def to_frame(self) -> pd.DataFrame:
        """Every candidate, best first, with figures, component scores and reasons."""
        return self.table.copy()

    def top(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` best candidates (rank, handle, network, score, reasons).

        Examples
        --------
        >>> import pandas as pd
        >>> s = Shortlist(pd.DataFrame({"rank": [1], "handle": ["a"], "network": ["x"],
        ...     "band": ["nano"], "score": [60.0], "selected": [True], "reasons": ["r"]}),
        ...     Target(), WEIGHTS, None, None, [])
        >>> s.top(1)["handle"].tolist()
        ['a']
        """
        cols = ["rank", "handle", "network", "band", "score", "selected", "reasons"]
        return self.table[[c for c in cols if c in self.table.columns]].head(n)

    def flags(self) -> pd.DataFrame:
        """One row per raised fraud flag: ``handle``, ``network``, ``flag``, ``detail``."""
        rows = []
        for _, r in self.table.iterrows():
            for flag, detail in r["flag_details"].items():
                rows.append({"handle": r["handle"], "network": r["network"], "flag": flag,
                             "detail": detail})
        return pd.DataFrame(rows, columns=["handle", "network", "flag", "detail"])

    def plot(self, ax: Axes | None = None, *, top: int = 15) -> Axes:
        """Score of the ``top`` best candidates, split into weighted components."""
        from smtools import viz

        ax = new_axes(ax, size=(8.0, max(3.0, 0.38 * min(top, len(self.table)) + 1.2)))
        data = self.table.head(top).iloc[::-1]
        labels = [f"{r['rank']}. @{r['handle']} ({netnames.display(r['network'])})"
                  for _, r in data.iterrows()]
        total_w = sum(self.weights.values())
        left = np.zeros(len(data))
        for comp, colour in _COMPONENT_COLOURS.items():
            part = data[f"{comp}_score"].to_numpy(float) * self.weights.get(comp, 0) / total_w
            ax.barh(labels, part, left=left, color=colour, label=comp.replace("_", " "),
                    hatch=None)
            left += part
        for i, (_, r) in enumerate(data.iterrows()):
            if r["screened"]:
                ax.annotate(" screened: " + r["flags"], (left[i], i), va="center", fontsize=8,
                            color="#D55E00")
        ax.set_xlim(0, 100)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, title="Component")
        viz.finish(ax, title=f"Influencer shortlist: {self.target.describe(short=True)}",
                   xlabel="Score (0-100 points, weighted components)", ylabel="Candidate",
                   source="; ".join(self.sources))
        return ax

    def _repr_html_(self) -> str:
        n_flag = int(self.table["screened"].sum())
        best = self.table.iloc[0]
        sentence = (f"{len(self.table)} candidates scored for {self.target.describe()}; "
                    f"best: @{best['handle']} on {netnames.display(best['network'])} "
                    f"(score {best['score']:.0f}); {n_flag} screened out for fraud signals.")
        if self.budget is not None:
            spent = float(self.table.loc[self.table["selected"], "price_per_post"].sum())
            sentence += (f" {int(self.table['selected'].sum())} selected within the budget of "
                         f"{money(self.budget, self.currency)} ({money(spent, self.currency)}).")
        return html_block("Influencer shortlist", sentence, self.top(15),
                          {"score": "{:.0f}"}, [self.formula, f"Sources: {'; '.join(self.sources)}",
                                                *self.notes])


def _reasons(r: pd.Series, currency: str | None, screen: float | None) -> str:
    parts = []
    if np.isfinite(r["audience_index"]):
        base = "vs target" if r["index_base"] == "population" else "vs the candidate pool"
        parts.append(f"audience index {r['audience_index']:.0f} {base}")
    else:
        parts.append("audience breakdown unknown (fit neutral)")
    if r["audience_note"] and np.isfinite(r["audience_index"]):
        parts.append(r["audience_note"])
    if np.isfinite(r["engagement_rate"]):
        norm_txt = (f"{pct(r['norm'])} norm for {r['band']} {netnames.display(r['network'])}"
                    if r["norm_source"] == "benchmark" else
                    f"{pct(r['norm'])} pool median for {r['band']} "
                    f"{netnames.display(r['network'])}" if np.isfinite(r["norm"]) else "no norm")
        parts.append(f"engagement rate {pct(r['engagement_rate'])} "
                     f"({pct(r['er_low'])}–{pct(r['er_high'])}) vs {norm_txt}")
    else:
        parts.append("too few recent posts to measure engagement")
    if r["flags"]:
        details = "; ".join(r["flag_details"].values())
        parts.append(f"fraud signals: {details}")
        if screen is not None and r["risk"] >= screen:
            parts.append("ranked after the unflagged candidates")
    else:
        parts.append("no fraud signals")
    if np.isfinite(r["negative_share"]):
        parts.append(f"{pct(r['negative_share'], 0)} negative mentions "
                     f"({pct(r['neg_low'], 0)}–{pct(r['neg_high'], 0)}, "
                     f"{int(r['mentions'])} mentions)")
    else:
        parts.append("no mentions found")
    if np.isfinite(r["cpm"]):
        parts.append(f"CPM {money(r['cpm'], currency)}, {money(r['cpe'], currency)} per "
                     f"engagement, expected reach {number(r['expected_reach'])} "
                     f"({r['reach_basis']})")
    else:
        parts.append("no price")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def shortlist(candidates: pd.DataFrame, *, target: Target | Any,
              posts: pd.DataFrame | None = None, budget: float | None = None,
              country: str | None = None, weights: dict[str, float] | None = None,
              norms: pd.DataFrame | None = None, reach_rates: dict[str, float] | None = None,
              screen: float | None = 0.5, thresholds: dict[str, float] | None = None,
              population: pd.DataFrame | None = None) -> Shortlist:
    """Score, rank and explain influencer candidates.

    Parameters
    ----------
    candidates : DataFrame
        The ``influencers`` table (one row per candidate × network).
    target : Target or Brief
        Who the campaign is for.
    posts : DataFrame
        The ``influencer_posts`` table (recent posts with the follower count
        at publication, likes and comments).
    budget : float, optional
        Budget for sponsored posts, in the candidates' currency: the best
        candidates that fit are marked ``selected`` (screened ones never are).
    country : str, optional
        Market (default: the target's country).
    weights : dict, optional
        Weights of ``fit``, ``engagement``, ``authenticity``, ``brand_safety``
        and ``cost`` (missing keys keep :data:`WEIGHTS`).
    norms : DataFrame, optional
        Engagement norms (``network``, ``band``, ``engagement_rate``) instead
        of the shipped ones.
    reach_rates : dict, optional
        Share of followers reached by a post, per band.
    screen : float or None
        Fraud risk from which a candidate is ranked after all others (None: off).
    thresholds : dict, optional
        Fraud-signal thresholds (see :data:`smtools.influence._signals.THRESHOLDS`).
    population : DataFrame, optional
        Population by ``age_band`` × ``gender`` for the audience index.

    Returns
    -------
    Shortlist

    Raises
    ------
    DataError
        On a missing table or column, an unknown weight, or a budget over
        several currencies.

    Examples
    --------
    >>> shortlist(pd.DataFrame({"handle": ["a"]}), target=Target())
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: column 'network': the candidates table lacks column(s) network, \
followers. Fix: use the canonical influencers table.
    """
    t = _as_target(target)
    _check(candidates, posts)
    w = dict(WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in WEIGHTS:
            raise DataError(f"unknown weight {key!r}", hint=f"use {', '.join(WEIGHTS)}")
        if value < 0:
            raise DataError(f"weight {key}={value} is negative", hint="weights are 0 or more")
        w[key] = float(value)
    if sum(w.values()) <= 0:
        raise DataError("the weights add up to 0", hint="give at least one positive weight")
    rates = {**_norms.REACH_RATES, **(reach_rates or {})}
    if len(candidates) == 0:
        raise DataError("there are no influencer candidates to rank", column="candidates",
                        hint="ingest or list candidates first (the influencers table)")
    if len(posts) == 0:
        raise DataError("the candidates have no recent posts to judge them on",
                        column="posts", hint="add their recent posts (the influencer_posts table)")
    cand = candidates.copy()
    cand["network"] = [netnames.canonical(str(n)) for n in cand["network"]]
    p = posts.copy()
    p["network"] = [netnames.canonical(str(n)) for n in p["network"]]
    p["published_at"] = pd.to_datetime(p["published_at"], utc=True)
    cand["band"] = [_norms.band(f) for f in cand["followers"]]
    currencies = sorted(set(cand["currency"].dropna())) if "currency" in cand else []
    if budget is not None:
        if budget <= 0:
            raise DataError(f"parameter budget={budget} must be positive", hint="e.g. budget=5000")
        if len(currencies) > 1:
            raise DataError(f"prices are in several currencies ({', '.join(currencies)})",
                            column="currency", hint="convert prices to one currency first")
    currency = currencies[0] if currencies else None

    m = _signals.measure(p, thresholds=thresholds)
    table = cand.merge(m, on=["network", "handle"], how="left")
    table["posts"] = table["posts"].fillna(0).astype(int)
    for col in ("growth_jump", "concentration"):
        table[col] = table[col].fillna(False).astype(bool)
    norm_table = _norms.norms() if norms is None else norms
    table["norm"] = [_norms.norm(n, b, norm_table) for n, b in zip(table["network"],
                                                                   table["band"], strict=True)]
    table["norm_source"] = np.where(table["norm"].notna(), "benchmark", "pool")
    pool = table.groupby(["network", "band"])["typical_rate"].transform("median")
    pool_net = table.groupby("network")["typical_rate"].transform("median")
    table["norm"] = table["norm"].fillna(pool).fillna(pool_net)
    table = _signals.flags_for(table, table["norm"], thresholds=thresholds)
    # fit
    fit = audience_index(cand, t, country=country, population=population)
    table = table.merge(fit, on=["network", "handle"], how="left")
    # brand safety
    mentions = table.get("mentions", pd.Series(np.nan, index=table.index)).astype(float)
    negative = table.get("negative_mentions", pd.Series(np.nan, index=table.index)).astype(float)
    table["mentions"] = mentions
    table["negative_share"] = (negative / mentions).where(mentions > 0)
    ci = [wilson(n, k) if k > 0 else (np.nan, np.nan) for n, k in
          zip(negative.fillna(0), mentions.fillna(0), strict=True)]
    table["neg_low"] = [c[0] for c in ci]
    table["neg_high"] = [c[1] for c in ci]
    # reach and cost
    reach_rate = table["band"].map(rates)
    by_followers = table["followers"] * reach_rate
    table["expected_reach"] = table["median_views"].where(table["median_views"] > 0,
                                                          by_followers)
    table["reach_basis"] = np.where(table["median_views"] > 0, "median views of recent posts",
                                    [f"followers × {r:.0%} reach rate, assumption"
                                     for r in reach_rate])
    price = table.get("price_per_post", pd.Series(np.nan, index=table.index)).astype(float)
    table["price_per_post"] = price
    table["cpm"] = price / table["expected_reach"] * 1000
    table["cpe"] = price / (table["typical_rate"] * table["followers"])
    # components
    table["fit_score"] = _score_log(table["audience_index"] / 100)
    table["engagement_score"] = _score_log(table["typical_rate"] / table["norm"])
    table["authenticity_score"] = 100 * (1 - table["risk"])
    table["brand_safety_score"] = (100 * (1 - table["negative_share"] / _NEGATIVE_CAP)).clip(
        0, 100).fillna(50.0)
    median_cpm = float(np.nanmedian(table["cpm"])) if table["cpm"].notna().any() else np.nan
    table["cost_score"] = _score_log(table["cpm"] / median_cpm, sign=-1.0)
    total_w = sum(w.values())
    table["score"] = sum(w[c] * table[f"{c}_score"] for c in WEIGHTS) / total_w
    table["screened"] = (table["risk"] >= screen) if screen is not None else False
    table = table.sort_values(["screened", "score", "handle"], ascending=[True, False, True])
    table = table.reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["flag_details"] = [_flag_details(r) for _, r in table.iterrows()]
    table["selected"] = False
    if budget is not None:
        left = float(budget)
        for i, r in table.iterrows():
            if r["screened"] or not np.isfinite(r["price_per_post"]):
                continue
            if r["price_per_post"] <= left:
                table.at[i, "selected"] = True
                left -= r["price_per_post"]
    table["reasons"] = [_reasons(r, currency, screen) for _, r in table.iterrows()]
    notes = []
    if (table["norm_source"] == "pool").any():
        nets = sorted(table.loc[table["norm_source"] == "pool", "network"].unique())
        notes.append("No published engagement norm shipped for "
                     f"{', '.join(netnames.display(n) for n in nets)}: the pool median of the "
                     "same network and band is used.")
    if (table["index_base"] == "pool").any():
        notes.append("No population reference for the market: audience index against the "
                     "median candidate.")
    sources = ["influencers and influencer_posts tables",
               "engagement norms: influencer_norms.csv", "bands: Later x Fohr 2021"]
    keep = ["rank", "handle", "network", "name", "band", "followers", "posts",
            "audience_index", "share_in_target", "population_share", "index_base",
            "audience_note", "engagement_rate", "er_low", "er_high", "typical_rate",
            "mean_post_rate", "norm", "norm_source", "comments_per_like",
            "comments_per_like_typical", "top_share", "growth_z", "growth_jump_size",
            "growth_jump", "low_engagement", "comment_ratio", "concentration", "flags",
            "flag_details", "risk", "screened", "mentions", "negative_share", "neg_low",
            "neg_high", "expected_reach", "reach_basis", "price_per_post", "cpm", "cpe",
            "fit_score", "engagement_score", "authenticity_score", "brand_safety_score",
            "cost_score", "score", "selected", "reasons"]
    table = table[[c for c in keep if c in table.columns]]
    return Shortlist(table=table, target=t, weights=w, budget=budget, currency=currency,
                     sources=sources, notes=notes, screen=screen)


def _flag_details(r: pd.Series) -> dict[str, str]:
    out = {}
    if r["growth_jump"]:
        out["growth_jump"] = (f"follower jump +{r['growth_jump_size']:.0%} between "
                              f"{r['growth_jump_at']} (robust z {r['growth_z']:.0f})")
    if r["low_engagement"]:
        out["low_engagement"] = (f"engagement {pct(r['typical_rate'])} is "
                                 f"{r['typical_rate'] / r['norm']:.2f}× the {pct(r['norm'])} norm")
    if r["comment_ratio"]:
        out["comment_ratio"] = (f"{pct(r['comments_per_like'])} comments per like vs "
                                f"{pct(r['comments_per_like_typical'])} typical on "
                                f"{netnames.display(r['network'])}")
    if r["concentration"]:
        out["concentration"] = (f"top 20% of posts hold {pct(r['top_share'], 0)} of the "
                                "engagements")
    return out
