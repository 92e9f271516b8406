"""Which content works: formats and pillars compared, with a test and an effect size.

Method
------
Each post's log rate ``y = ln((engagements + ½) ÷ denominator)`` is regressed
on the groups compared (``by``: format or pillar) plus fixed effects for the
account (``within``, the channel by default, so that a network with a higher
base rate does not favour the formats posted there) and any ``controls``:

.. code-block:: text

    y = α + β_group + γ_channel (+ δ_control) + ε          (OLS, HC3 standard errors)

``exp(β_a − β_b)`` is the **ratio of geometric means** of the rate between
groups *a* and *b*, adjusted for the other terms, with a confidence interval
from heteroscedasticity-consistent (HC3) standard errors (MacKinnon & White
1985, *J. Econometrics* 29: 305–325). The groups are tested together with a
robust Wald F test and, as a check that does not assume normal errors, a
Kruskal–Wallis test (Kruskal & Wallis 1952) on the log rates centred within
each account. The effect size of the factor is its partial η² (the share of
the variance left by the other terms that it explains). All pairs are compared
with Holm's step-down correction of the p-values (Holm 1979, *Scand. J.
Statist.* 6: 65–70).

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> fmt = rng.choice(["image", "reel"], 400)
>>> posts = pd.DataFrame({"channel": "instagram", "format": fmt, "impressions": 1000.0,
...                       "likes": rng.poisson(np.where(fmt == "reel", 36, 20)).astype(float)})
>>> cc = compare_content(posts, by="format", reference="image")
>>> cc.to_frame().loc["reel", "ratio"].round(1)
np.float64(1.8)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from smtools.channel._common import (
    engagements,
    html_block,
    keys_list,
    new_axes,
    p_text,
    ratio_text,
    z_value,
)
from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CONTENT_METRICS", "ContentComparison", "compare_content", "holm"]

#: metric -> (numerator, denominator or None for a count per post, label)
CONTENT_METRICS: dict[str, tuple[str, str | None, str]] = {
    "er_impressions": ("engagements", "impressions", "engagement rate by impressions"),
    "er_reach": ("engagements", "reach", "engagement rate by reach"),
    "er_followers": ("engagements", "followers", "engagement rate by followers"),
    "ctr": ("clicks", "impressions", "click-through rate"),
    "video_view_rate": ("video_views", "impressions", "video view rate"),
    "engagements": ("engagements", None, "engagements per post"),
    "impressions": ("impressions", None, "impressions per post"),
    "reach": ("reach", None, "reach per post"),
}


@dataclass
class ContentComparison:
    """Groups of posts (formats, pillars…) compared on one metric.

    Attributes
    ----------
    groups : DataFrame
        One row per group (index: the group): ``posts``, ``rate`` (ratio of
        sums), ``rate_mean`` (mean of per-post rates), ``ratio`` (ratio of
        geometric means to the reference, adjusted), ``ratio_low``,
        ``ratio_high``, ``p_value`` (vs the reference, Holm-adjusted).
    pairwise : DataFrame
        Every pair ``a``, ``b``: ``ratio`` (a ÷ b), interval, ``p_value`` and
        ``p_holm``.
    tests : dict
        ``wald_f``, ``wald_p``, ``df_num``, ``df_den``, ``kruskal_h``,
        ``kruskal_p``, ``partial_eta2``, ``n``.
    """

    groups: pd.DataFrame
    pairwise: pd.DataFrame
    tests: dict[str, float]
    by: str
    metric: str
    reference: str
    within: list[str]
    controls: list[str]
    level: float
    source: str
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The per-group table (index: the groups, best first)."""
        return self.groups.copy()

    def _label(self) -> str:
        return CONTENT_METRICS[self.metric][2]

    def sentence(self) -> str:
        """One plain sentence: the best group against the reference, and the test."""
        g = self.groups
        label = self._label()
        best = g.index[0]
        other = self.reference if best != self.reference else (g.index[1] if len(g) > 1
                                                               else None)
        if other is None:
            return f"Only one {self.by} ({best}) has posts: nothing to compare."
        row = self.pairwise_row(best, other)
        adjusted = ", ".join(self.within + self.controls)
        adj = f", adjusted for {adjusted}" if adjusted else ""
        t = self.tests
        verdict = ("differ" if t["wald_p"] < 1 - self.level else "do not differ clearly")
        return (f"{self.by.capitalize()} “{best}” earns {ratio_text(row['ratio'])} the "
                f"{label} of “{other}” ({self.level:.0%} CI {row['ratio_low']:.2f}–"
                f"{row['ratio_high']:.2f}{adj}). The {self.by}s {verdict} "
                f"(robust F = {t['wald_f']:.1f}, {p_text(t['wald_p'])}; Kruskal–Wallis "
                f"{p_text(t['kruskal_p'])}; partial η² = {t['partial_eta2']:.2f}; "
                f"{int(t['n']):,} posts).")

    def pairwise_row(self, a: str, b: str) -> pd.Series:
        """Ratio of ``a`` to ``b`` with its interval and p-values."""
        pw = self.pairwise
        hit = pw[(pw["a"] == a) & (pw["b"] == b)]
        if len(hit):
            return hit.iloc[0]
        hit = pw[(pw["a"] == b) & (pw["b"] == a)]
        if not len(hit):
            raise DataError(f"no pair {a!r} / {b!r}", column=self.by,
                            hint=f"use two of {', '.join(self.groups.index)}")
        r = hit.iloc[0].copy()
        r["a"], r["b"] = a, b
        r["ratio"], r["ratio_low"], r["ratio_high"] = (1 / r["ratio"], 1 / r["ratio_high"],
                                                       1 / r["ratio_low"])
        return r

    def __repr__(self) -> str:
        return (f"ContentComparison(by={self.by!r}, metric={self.metric!r}, "
                f"groups={len(self.groups)}, reference={self.reference!r})")

    def _repr_html_(self) -> str:
        pct = CONTENT_METRICS[self.metric][1] is not None
        formats = {"posts": "{:,.0f}", "rate": "{:.3%}" if pct else "{:,.1f}",
                   "rate_mean": "{:.3%}" if pct else "{:,.1f}", "ratio": "{:.2f}",
                   "ratio_low": "{:.2f}", "ratio_high": "{:.2f}", "p_value": "{:.3g}"}
        return html_block(self.sentence(), self.groups.reset_index(), formats, self.notes)

    def plot(self, *, ax: Axes | None = None) -> Axes:
        """Ratio of each group to the reference, with intervals (dashed line at 1).

        Examples
        --------
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> posts = pd.DataFrame({"channel": "x", "format": ["a", "b"] * 20,
        ...                       "impressions": 100.0, "likes": [5.0, 9.0, 6.0, 8.0] * 10})
        >>> ax = compare_content(posts).plot()
        >>> ax.get_ylabel()
        'Ratio to “a” (×)'
        >>> plt.close(ax.figure)
        """
        from smtools import viz

        ax = new_axes(ax)
        frame = self.groups.reset_index()
        adjusted = ", ".join(self.within + self.controls)
        return viz.interval_bars(
            frame, x=self.by, y="ratio", low="ratio_low", high="ratio_high", reference=1.0,
            title=f"{self._label().capitalize()} by {self.by}, relative to “{self.reference}”",
            xlabel=self.by.replace("_", " ").capitalize(),
            ylabel=f"Ratio to “{self.reference}” (×)",
            source=f"{self.source}; {int(self.tests['n']):,} posts; ratio of geometric means"
                   + (f" adjusted for {adjusted}" if adjusted else "")
                   + f", {self.level:.0%} HC3 intervals",
            ax=ax)


def compare_content(
    posts: pd.DataFrame,
    *,
    by: str = "format",
    metric: str = "er_impressions",
    within: str | Sequence[str] | None = "channel",
    controls: Sequence[str] = (),
    reference: str | None = None,
    level: float = 0.95,
) -> ContentComparison:
    """Compare formats (or pillars, or any category) of posts on one metric.

    Parameters
    ----------
    posts : DataFrame
        Organic posts with the ``by`` column and the metric's columns.
    by : str
        The category compared: ``"format"``, ``"pillar"`` or any column.
    metric : str
        One of :data:`CONTENT_METRICS` (``er_impressions`` by default;
        ``er_followers`` measures engagement per follower, independent of how
        far the network distributed the post).
    within : str or list of str, optional
        Account columns held fixed (fixed effects); ``None`` to pool accounts.
        Ignored when they have a single value.
    controls : list of str
        Further categorical columns adjusted for (e.g. ``["pillar"]`` when
        comparing formats).
    reference : str, optional
        The group ratios are expressed against; the most posted group by default.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    ContentComparison

    Raises
    ------
    DataError
        Missing columns, an unknown metric or reference, fewer than two groups,
        or too few posts to estimate the model.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"channel": "fb", "pillar": ["menu", "events"] * 30,
    ...                       "impressions": 1000.0, "likes": [30.0, 15.0, 33.0, 14.0] * 15})
    >>> cc = compare_content(posts, by="pillar")
    >>> cc.sentence().split(" (")[0]
    'Pillar “menu” earns 2.13× the engagement rate by impressions of “events”'
    """
    if metric not in CONTENT_METRICS:
        raise DataError(f"unknown metric {metric!r}", column="metric",
                        hint=f"use one of {', '.join(CONTENT_METRICS)}")
    z = z_value(level)
    if not isinstance(posts, pd.DataFrame):
        raise DataError(f"cannot compare content of a {type(posts).__name__}", column="posts",
                        hint="pass a posts DataFrame (Workspace.table('posts', client=...))")
    if not isinstance(by, str) or by not in posts.columns:
        raise DataError(f"the posts data has no column {by!r} to compare", column=str(by),
                        hint="use by='format' or by='pillar' (or another column)")
    within_cols = keys_list(within, parameter="within")
    controls = list(controls)
    for col in [*within_cols, *controls]:
        if col not in posts.columns:
            raise DataError(f"the posts data has no column {col!r}", column=col,
                            hint="drop it from within= / controls=")
    num, den, _ = CONTENT_METRICS[metric]
    if num == "engagements":
        x = engagements(posts)
    elif num in posts.columns:
        x = posts[num].astype(float)
    else:
        raise DataError(f"the posts data has no column {num!r}", column=num,
                        hint="choose another metric=")
    if den is not None and den not in posts.columns:
        raise DataError(f"the posts data has no column {den!r} (the denominator of {metric})",
                        column=den, hint=f"add {den}, or choose another metric=")
    d = posts[den].astype(float) if den else pd.Series(1.0, index=posts.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where((x >= 0) & (d > 0), np.log((x + 0.5) / d), np.nan)
    frame = pd.DataFrame({"y": y, "x": x.to_numpy(), "d": d.to_numpy(),
                          "group": posts[by].to_numpy()}, index=posts.index)
    for col in [*within_cols, *controls]:
        frame[f"_{col}"] = posts[col].to_numpy()
    usable = frame.dropna()
    notes = []
    dropped = len(frame) - len(usable)
    if dropped:
        needed = ", ".join([by, *within_cols, *controls, num, *([den] if den else [])])
        notes.append(f"{dropped:,} posts left out: one of {needed} is missing"
                     + (f", or {den} is 0" if den else ""))
    usable = usable.assign(group=usable["group"].astype(str))
    counts = usable["group"].value_counts()
    if len(counts) < 2:
        raise DataError(f"the posts have {len(counts)} {by}(s) with data: nothing to compare",
                        column=by, hint="compare a column with at least two values")
    if reference is None:
        reference = str(counts.index[0])
    elif str(reference) not in counts.index:
        raise DataError(f"reference={reference!r} is not a {by} of the posts", column="reference",
                        hint=f"use one of {', '.join(map(str, counts.index))}")
    reference = str(reference)
    levels = [reference, *sorted(g for g in counts.index if g != reference)]
    fixed = [c for c in [*within_cols, *controls] if usable[f"_{c}"].nunique() > 1]
    design = _design(usable, levels, fixed)
    k = len(levels) - 1
    if len(usable) <= design.shape[1] + 1:
        raise DataError(f"{len(usable)} posts are too few to compare {len(levels)} {by}s",
                        column=by, hint="use a longer period, or fewer groups")
    groups, pairwise, tests = _fit(usable, design, levels, k, fixed, z, by)
    source = "posts given"
    return ContentComparison(groups=groups, pairwise=pairwise, tests=tests, by=by,
                             metric=metric, reference=reference,
                             within=[c for c in within_cols if c in fixed],
                             controls=[c for c in controls if c in fixed], level=level,
                             source=source, notes=notes)


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's (1979) step-down adjusted p-values, in the order given.

    Sorted ascending, the k-th of m p-values becomes max over j ≤ k of
    min(1, (m − j + 1) · p_(j)).

    Examples
    --------
    >>> holm(np.array([0.01, 0.04, 0.03])).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj
    return out


def _design(usable: pd.DataFrame, levels: list[str], fixed: list[str]) -> np.ndarray:
    """Intercept, one dummy per non-reference group, dummies of the fixed terms."""
    cols = [np.ones(len(usable))]
    g = usable["group"].to_numpy()
    cols += [(g == lev).astype(float) for lev in levels[1:]]
    for col in fixed:
        values = usable[f"_{col}"].astype(str).to_numpy()
        cols += [(values == lev).astype(float) for lev in sorted(set(values))[1:]]
    return np.column_stack(cols)


def _fit(usable: pd.DataFrame, design: np.ndarray, levels: list[str], k: int,
         fixed: list[str], z: float, by: str
         ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    import statsmodels.api as sm

    y = usable["y"].to_numpy(dtype=float)
    model = sm.OLS(y, design)
    res = model.fit(cov_type="HC3")
    beta = np.asarray(res.params)
    cov = np.asarray(res.cov_params())
    # group effects relative to the reference (reference = 0)
    eff = np.concatenate([[0.0], beta[1:k + 1]])
    # robust Wald test of all group effects together
    r = np.zeros((k, len(beta)))
    r[np.arange(k), np.arange(1, k + 1)] = 1.0
    wald = res.wald_test(r, use_f=True, scalar=True)
    # partial eta²: variance explained by the groups beyond the other terms
    rss_full = float(np.sum(res.resid ** 2))
    reduced = np.delete(design, np.arange(1, k + 1), axis=1)
    coef_r, *_ = np.linalg.lstsq(reduced, y, rcond=None)
    rss_red = float(np.sum((y - reduced @ coef_r) ** 2))
    eta2 = (rss_red - rss_full) / rss_red if rss_red > 0 else np.nan
    # Kruskal–Wallis on log rates centred within each account
    centred = pd.Series(y, index=usable.index)
    if fixed:
        key = usable.groupby([f"_{c}" for c in fixed], sort=False, dropna=False).ngroup()
        centred = centred - centred.groupby(key).transform("median")
    samples = [centred[usable["group"] == g].to_numpy() for g in levels]
    kw = stats.kruskal(*samples) if all(len(s) for s in samples) else (np.nan, np.nan)

    def contrast(a: int, b: int) -> tuple[float, float, float]:
        vec = np.zeros(len(beta))
        if a:
            vec[a] += 1.0
        if b:
            vec[b] -= 1.0
        est = float(eff[a] - eff[b])
        se = float(np.sqrt(vec @ cov @ vec))
        p = float(2 * stats.norm.sf(abs(est) / se)) if se > 0 else np.nan
        return est, se, p

    pairs = []
    for a, b in itertools.combinations(range(len(levels)), 2):
        est, se, p = contrast(a, b)
        pairs.append({"a": levels[a], "b": levels[b], "ratio": np.exp(est),
                      "ratio_low": np.exp(est - z * se), "ratio_high": np.exp(est + z * se),
                      "p_value": p})
    pairwise = pd.DataFrame(pairs)
    ok = pairwise["p_value"].notna().to_numpy()
    pairwise["p_holm"] = np.nan
    if ok.any():
        pairwise.loc[ok, "p_holm"] = holm(pairwise.loc[ok, "p_value"].to_numpy())
    # per group: descriptive rates and the ratio to the reference
    rows = []
    for i, g in enumerate(levels):
        sel = usable["group"] == g
        x, d = usable.loc[sel, "x"], usable.loc[sel, "d"]
        est, se, p = contrast(i, 0) if i else (0.0, 0.0, np.nan)
        rows.append({"group": g, "posts": int(sel.sum()),
                     "rate": float(x.sum() / d.sum()) if d.sum() > 0 else np.nan,
                     "rate_mean": float((x / d).mean()),
                     "ratio": np.exp(est), "ratio_low": np.exp(est - z * se) if i else 1.0,
                     "ratio_high": np.exp(est + z * se) if i else 1.0, "p_raw": p})
    groups = pd.DataFrame(rows)
    vs_ref = groups["p_raw"].notna().to_numpy()
    groups["p_value"] = np.nan
    if vs_ref.any():
        groups.loc[vs_ref, "p_value"] = holm(groups.loc[vs_ref, "p_raw"].to_numpy())
    groups = (groups.drop(columns="p_raw").sort_values("ratio", ascending=False)
              .set_index("group"))
    groups.index.name = by
    tests = {"wald_f": float(np.squeeze(wald.statistic)), "wald_p": float(wald.pvalue),
             "df_num": float(wald.df_num), "df_den": float(wald.df_denom),
             "kruskal_h": float(kw[0]), "kruskal_p": float(kw[1]),
             "partial_eta2": float(eta2), "n": float(len(y))}
    return groups, pairwise, tests

