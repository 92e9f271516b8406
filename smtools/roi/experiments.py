"""Experiments: A/B tests, Bayesian A/B, power and sample size, peeking, geo/period lift.

- :func:`proportion_test` — conversion rates of two variants: two-proportion z test
  (pooled standard error), Pearson χ² test without or with Yates' continuity
  correction; absolute lift with the Newcombe hybrid score (Wilson-based) or
  Wald interval, relative lift with the Katz log interval.
- :func:`mean_test` — means of two variants (revenue per user…): Welch t test
  with the Welch–Satterthwaite interval for the difference.
- :func:`bayes_test` — Beta–binomial: P(B > A) exactly (Evan Miller's closed
  form, or numerical integration), checked by Monte Carlo; expected loss;
  credible intervals for the lift; configurable prior.
- :func:`sample_size`, :func:`sample_size_means`, :func:`achieved_power` —
  statsmodels ``NormalIndPower`` / ``zt_ind_solve_power`` with Cohen's h,
  ``TTestIndPower`` with Cohen's d.
- :func:`peeking_false_positive_rate`, :func:`sequential_boundaries` — what
  looking at a running test several times does to the false-positive rate, and
  the O'Brien–Fleming, Pocock or Bonferroni thresholds that keep it at α. Every
  test takes ``looks=``; with more than one look the warning and the corrected
  threshold are part of the result (``result.warnings``).
- :func:`did` — geo or period lift by difference-in-differences (OLS with
  statsmodels, cluster-robust or HAC standard errors), with a parallel-trends
  check, a chart, and a :class:`Lift` record for MMM calibration.

Every result has ``.to_frame()``, ``.plot(ax=None)`` and an HTML view that says
in one plain sentence what the test found.

Examples
--------
>>> res = proportion_test(conversions=(200, 245), visitors=(2000, 2000))
>>> print(res.summary())  # doctest: +NORMALIZE_WHITESPACE
B converts 22.5% better than A (95% CI 2.7% to 46.1%); the difference is
significant at 5% (two-proportion z test, p = 0.024).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy import integrate, optimize, special, stats

from smtools import viz
from smtools.errors import DataError

__all__ = [
    "BayesTest",
    "DiD",
    "Lift",
    "MeanTest",
    "ProportionTest",
    "SampleSize",
    "achieved_power",
    "bayes_test",
    "did",
    "mean_test",
    "peeking_false_positive_rate",
    "prob_b_beats_a",
    "proportion_test",
    "sample_size",
    "sample_size_means",
    "sequential_boundaries",
]

_TESTS = {
    "z": "two-proportion z test",
    "chi2": "Pearson χ² test without continuity correction",
    "chi2-yates": "χ² test with Yates' continuity correction",
}
_INTERVALS = {
    "newcombe": "Newcombe hybrid score interval (Wilson-based, Newcombe 1998 method 10)",
    "wald": "Wald interval (unpooled standard error)",
}
_CORRECTIONS = {
    "obrien-fleming": "O'Brien–Fleming (1979)",
    "pocock": "Pocock (1977)",
    "bonferroni": "Bonferroni (α ÷ looks, conservative)",
}
_MAX_LOOKS = 200


# --------------------------------------------------------------------------- small helpers


def _pct(value: float, digits: int = 1) -> str:
    """``0.123`` → ``'12.3%'`` with a real minus sign."""
    if not math.isfinite(value):
        return "n/a"
    text = f"{abs(value) * 100:.{digits}f}%"
    return f"−{text}" if value < 0 and text.strip("0.%") else text


def _level_text(level: float) -> str:
    text = f"{level * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _p_text(p: float) -> str:
    if not math.isfinite(p):
        return "p not defined"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}"


def _number(value: float, digits: int | None = None) -> str:
    if not math.isfinite(value):
        return "n/a"
    if digits is None:
        digits = 0 if abs(value) >= 100 else 2
    text = f"{abs(value):,.{digits}f}"
    return f"−{text}" if value < 0 else text


def _check_alpha(alpha: float, name: str = "alpha") -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise DataError(f"{name}={alpha!r} is not a probability between 0 and 1", column=name,
                        hint=f"pass e.g. {name}={0.05 if name == 'alpha' else 0.9}")
    return float(alpha)


def _check_looks(looks: int) -> int:
    if isinstance(looks, bool) or not isinstance(looks, (int, np.integer)) or looks < 1:
        raise DataError(f"looks={looks!r} is not a number of looks", column="looks",
                        hint="pass how many times the test was (or will be) evaluated, 1 or more")
    if looks > _MAX_LOOKS:
        raise DataError(f"looks={looks} is more than {_MAX_LOOKS}", column="looks",
                        hint="for continuous monitoring use a sequential test; as a conservative "
                        "fallback compare p with alpha / looks (Bonferroni)")
    return int(looks)


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        viz.theme()
        _, ax = plt.subplots()
    return ax


def _html(sentence: str, warnings: Sequence[str], frame: pd.DataFrame) -> str:
    items = "".join(f"<li>{escape(w)}</li>" for w in warnings)
    warn = (f"<div class='smtools-warnings'><strong>Warnings</strong><ul>{items}</ul></div>"
            if warnings else "")
    table = frame.to_html(index=False, float_format=lambda v: f"{v:,.4g}", na_rep="–")
    return f"<div class='smtools-result'><p>{escape(sentence)}</p>{warn}{table}</div>"


def _whole(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise DataError(f"{name} must be counts (numbers), got {value!r}", column=name,
                        hint="pass whole numbers such as 120")
    v = float(value)
    if not math.isfinite(v) or v != round(v):
        raise DataError(f"{name} must be whole numbers, got {value!r}", column=name,
                        hint="counts of visitors and conversions are whole numbers")
    if v < 0:
        raise DataError(f"{name} is negative ({v:g})", column=name,
                        hint="counts are never negative; check the sign")
    return v


def _pair(value: Any, name: str) -> list[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray, pd.Series)):
        raise DataError(f"{name} must hold one value per variant, e.g. {name}=(120, 150)",
                        column=name, hint="pass a pair (A, B), or a frame with a variant column")
    values = list(value)
    if len(values) != 2:
        raise DataError(f"{name} has {len(values)} values; an A/B test compares exactly two",
                        column=name, hint="pass (control, treatment); compare more variants "
                        "two at a time")
    return values


def _labels(labels: Sequence[str]) -> tuple[str, str]:
    if isinstance(labels, str) or len(labels) != 2:
        raise DataError(f"labels={labels!r} must name the two variants", column="labels",
                        hint="e.g. labels=('control', 'new checkout')")
    return str(labels[0]), str(labels[1])


def _two_variants(data: pd.DataFrame, variant: str, control: Any) -> tuple[Any, Any]:
    if variant not in data.columns:
        raise DataError(f"the frame has no column {variant!r}", column=variant,
                        hint="pass variant='<column telling A from B>'")
    found = list(pd.unique(data[variant].dropna()))
    if len(found) != 2:
        raise DataError(f"column {variant!r} holds {len(found)} variants "
                        f"({', '.join(map(str, found[:5]))}); an A/B test compares exactly two",
                        column=variant, hint="filter the frame to two variants")
    if control is None:
        return found[0], found[1]
    if control not in found:
        raise DataError(f"control={control!r} is not a value of {variant!r}", column="control",
                        hint=f"pass one of {', '.join(map(repr, found))}")
    return control, found[1] if found[0] == control else found[0]


def _counts(
    data: pd.DataFrame | None,
    conversions: Any,
    visitors: Any,
    variant: str,
    control: Any,
    labels: Sequence[str],
) -> tuple[tuple[str, str], np.ndarray, np.ndarray]:
    """(control, treatment) labels, conversions and visitors as float arrays."""
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise DataError(f"data must be a DataFrame, got {type(data).__name__}", column="data",
                            hint="pass a frame, or conversions=(a, b) and visitors=(a, b)")
        conv_col, vis_col = conversions or "conversions", visitors or "visitors"
        for col, role in ((conv_col, "conversions"), (vis_col, "visitors")):
            if not isinstance(col, str) or col not in data.columns:
                raise DataError(f"the frame has no column {col!r}", column=str(col),
                                hint=f"pass {role}='<column>'")
        ctrl, treat = _two_variants(data, variant, control)
        sums = data.groupby(variant)[[conv_col, vis_col]].sum(min_count=1)
        x = [sums.loc[ctrl, conv_col], sums.loc[treat, conv_col]]
        n = [sums.loc[ctrl, vis_col], sums.loc[treat, vis_col]]
        names = (str(ctrl), str(treat))
    else:
        if conversions is None or visitors is None:
            raise DataError("conversions and visitors are both needed", column="conversions",
                            hint="pass conversions=(a, b) and visitors=(a, b)")
        x, n = _pair(conversions, "conversions"), _pair(visitors, "visitors")
        names = _labels(labels)
    xs = np.array([_whole(v, "conversions") for v in x])
    ns = np.array([_whole(v, "visitors") for v in n])
    for i in range(2):
        if ns[i] == 0:
            raise DataError(f"variant {names[i]} has no visitors", column="visitors",
                            hint="each variant needs visitors before it can be compared")
        if xs[i] > ns[i]:
            raise DataError(f"variant {names[i]} has more conversions than visitors "
                            f"({xs[i]:g} > {ns[i]:g})", column="conversions",
                            hint="count converting visitors, at most one per visitor")
    return names, xs, ns


# --------------------------------------------------------------------------- peeking


def _simpson(a: float, b: float, m: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(a, b, m)
    h = (b - a) / (m - 1)
    w = np.ones(m)
    w[1:-1:2] = 4.0
    w[2:-1:2] = 2.0
    return x, w * h / 3.0


def _exit_probabilities(bounds: np.ndarray, info: np.ndarray, points: int = 401) -> np.ndarray:
    """Probability under H0 of first crossing ``|Z_k| ≥ bounds[k]`` at each look k.

    The score S_k = Z_k·√t_k is a Brownian motion observed at the information
    times ``info``; the density of S_k on the continuation region is carried from
    look to look by numerical integration (Simpson's rule), the recursion of
    Armitage, McPherson & Rowe (1969).
    """
    k_looks = len(bounds)
    out = np.empty(k_looks)
    out[0] = 2.0 * stats.norm.sf(bounds[0])
    if k_looks == 1:
        return out
    c = bounds[0] * math.sqrt(info[0])
    x, w = _simpson(-c, c, points)
    f = np.exp(-0.5 * x**2 / info[0]) / math.sqrt(2 * math.pi * info[0])
    for k in range(1, k_looks):
        sd = math.sqrt(info[k] - info[k - 1])
        ck = bounds[k] * math.sqrt(info[k])
        g = w * f
        out[k] = g @ (stats.norm.sf((ck - x) / sd) + stats.norm.cdf((-ck - x) / sd))
        if k < k_looks - 1:
            m = max(points, math.ceil(2 * ck / (sd / 8)) | 1)
            xn, wn = _simpson(-ck, ck, m)
            z = (xn[:, None] - x[None, :]) / sd
            f = (np.exp(-0.5 * z**2) @ g) / (sd * math.sqrt(2 * math.pi))
            x, w = xn, wn
    return out


@functools.lru_cache(maxsize=256)
def _bounds(looks: int, alpha: float, method: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Two-sided z boundaries for equally spaced looks and the α spent at each look."""
    info = np.arange(1, looks + 1) / looks
    if method == "bonferroni":
        z = np.full(looks, stats.norm.isf(alpha / (2 * looks)))
    elif method == "naive":
        z = np.full(looks, stats.norm.isf(alpha / 2))
    else:
        shape = (np.ones(looks) if method == "pocock" else np.sqrt(looks / np.arange(1, looks + 1)))
        lo, hi = stats.norm.isf(alpha / 2) * 0.5, stats.norm.isf(alpha / (2 * looks)) + 1.0
        c = optimize.brentq(lambda c: _exit_probabilities(c * shape, info).sum() - alpha,
                            lo, hi, xtol=1e-7)
        z = c * shape
    spent = _exit_probabilities(z, info)
    return tuple(float(v) for v in z), tuple(float(v) for v in spent)


def peeking_false_positive_rate(looks: int, *, alpha: float = 0.05) -> float:
    """Real false-positive rate when a test is stopped at the first of ``looks`` looks with p < α.

    Two-sided test, equally spaced looks, no true difference (computed exactly by
    the numerical recursion of Armitage, McPherson & Rowe, 1969, "Repeated
    significance tests on accumulating data", *JRSS A* 132: 235–244). With α = 5 %:
    8.3 % at 2 looks, 14.2 % at 5, 19.3 % at 10, 37.4 % at 100. See also Evan Miller,
    "How Not To Run an A/B Test" (2010).

    Parameters
    ----------
    looks : int
        How many times the test is evaluated (1 = once, at the planned end).
    alpha : float
        The nominal significance level used at each look.

    Returns
    -------
    float

    Examples
    --------
    >>> round(peeking_false_positive_rate(5), 3)
    0.142
    """
    looks = _check_looks(looks)
    alpha = _check_alpha(alpha)
    return float(sum(_bounds(looks, alpha, "naive")[1]))


def sequential_boundaries(
    looks: int, *, alpha: float = 0.05, method: str = "obrien-fleming"
) -> pd.DataFrame:
    """Thresholds that keep the false-positive rate at α over ``looks`` equally spaced looks.

    - ``"obrien-fleming"``: O'Brien & Fleming (1979), strict early, close to the
      fixed-sample threshold at the end (z = c·√(K/k));
    - ``"pocock"``: Pocock (1977), the same threshold at every look;
    - ``"bonferroni"``: α ÷ looks at every look, a conservative fallback valid for
      any spacing of the looks.

    The constants are solved numerically for two-sided tests (for α = 5 %, 5 looks:
    O'Brien–Fleming 2.040 at the last look, Pocock 2.413, as tabulated by
    Jennison & Turnbull, *Group Sequential Methods*, 2000, tables 2.1 and 2.3).

    Parameters
    ----------
    looks : int
        Planned number of looks, the last one at the full sample.
    alpha : float
        Overall two-sided false-positive rate to keep.
    method : {"obrien-fleming", "pocock", "bonferroni"}

    Returns
    -------
    DataFrame
        ``look``, ``information`` (share of the sample), ``z`` (critical \\|z\\|),
        ``p`` (nominal two-sided p-value threshold) and ``alpha_spent``
        (cumulative false-positive probability up to that look).

    Examples
    --------
    >>> sequential_boundaries(5, method="pocock")["z"].round(3).tolist()
    [2.413, 2.413, 2.413, 2.413, 2.413]
    """
    looks = _check_looks(looks)
    alpha = _check_alpha(alpha)
    if method not in _CORRECTIONS:
        raise DataError(f"method={method!r} is not a boundary", column="method",
                        hint=f"use one of {', '.join(_CORRECTIONS)}")
    z, spent = _bounds(looks, alpha, method)
    frame = pd.DataFrame({
        "look": np.arange(1, looks + 1),
        "information": np.arange(1, looks + 1) / looks,
        "z": z,
        "p": 2 * stats.norm.sf(np.array(z)),
        "alpha_spent": np.cumsum(spent),
    })
    frame.attrs.update({"method": _CORRECTIONS[method], "alpha": alpha})
    return frame


@dataclass
class _Peek:
    threshold: float
    z: float
    rate: float
    warning: str


def _peeking(looks: int, alpha: float, correction: str) -> _Peek:
    looks = _check_looks(looks)
    if correction not in _CORRECTIONS:
        raise DataError(f"correction={correction!r} is not a correction for peeking",
                        column="correction", hint=f"use one of {', '.join(_CORRECTIONS)}")
    if looks == 1:
        return _Peek(alpha, float(stats.norm.isf(alpha / 2)), alpha, "")
    rate = peeking_false_positive_rate(looks, alpha=alpha)
    z = _bounds(looks, alpha, correction)[0][-1]
    threshold = float(2 * stats.norm.sf(z))
    warning = (
        f"Peeking: this test was evaluated at {looks} looks. Stopping at the first look with "
        f"p < {alpha:g} makes the real false-positive rate about {_pct(rate)}, not "
        f"{_level_text(alpha)} (Armitage, McPherson & Rowe 1969; Evan Miller, \"How Not To Run "
        f"an A/B Test\", 2010). With the {_CORRECTIONS[correction]} boundary for {looks} equally "
        f"spaced looks this look needs p < {threshold:.4f} (|z| ≥ {z:.2f}), and the decision "
        f"above uses it; it holds only if every earlier look used the boundary too. Fix the "
        f"sample size in advance (sample_size) and look once, or plan the looks with "
        f"sequential_boundaries.")
    return _Peek(threshold, z, rate, warning)


def _one_look_if_one_sided(alternative: str, looks: Any) -> None:
    if alternative != "two-sided" and _check_looks(looks) > 1:
        raise DataError("the correction for several looks is computed for two-sided tests",
                        column="alternative", hint="use alternative='two-sided' with looks > 1")


def _significance(significant: bool, alpha: float, looks: int, correction: str, test: str,
                  p: float, threshold: float) -> str:
    what = "significant" if significant else "not significant"
    if looks > 1:
        return (f"the difference is {what} at {_level_text(alpha)} after the "
                f"{_CORRECTIONS[correction]} correction for {looks} looks ({test}, {_p_text(p)}; "
                f"needs p < {threshold:.4f})")
    tail = "" if significant else ": the data are compatible with no difference"
    return f"the difference is {what} at {_level_text(alpha)} ({test}, {_p_text(p)}){tail}"


# --------------------------------------------------------------------------- proportions


@dataclass
class ProportionTest:
    """Result of :func:`proportion_test` (A = control, B = treatment).

    Attributes
    ----------
    labels : tuple of str
        Names of the control and the treatment.
    conversions, visitors : tuple of float
        Counts per variant.
    rates : tuple of float
        Conversion rates, with Wilson score intervals in ``rate_intervals``.
    difference : float
        Absolute lift, rate B − rate A; interval in ``difference_interval``
        (the chosen ``interval``; both are in ``intervals``).
    relative_lift : float
        rate B ÷ rate A − 1; Katz log interval in ``relative_interval``.
    statistic, p_value : float
        Of the chosen test (``method``).
    threshold : float
        p-value threshold used (α, or the peeking-corrected one).
    significant : bool
        ``p_value < threshold``.
    warnings : list of str
        Peeking, empty groups, small counts: what to keep in mind.
    """

    labels: tuple[str, str]
    conversions: tuple[float, float]
    visitors: tuple[float, float]
    alpha: float
    method: str
    interval: str
    alternative: str
    statistic: float
    p_value: float
    threshold: float
    significant: bool
    rates: tuple[float, float]
    rate_intervals: tuple[tuple[float, float], tuple[float, float]]
    difference: float
    difference_interval: tuple[float, float]
    intervals: dict[str, tuple[float, float]]
    relative_lift: float
    relative_interval: tuple[float, float]
    looks: int
    correction: str
    all_tests: pd.DataFrame = field(repr=False)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The plain-language sentence."""
        a, b = self.labels
        level = _level_text(1 - self.alpha)
        rel = self.relative_lift
        if not math.isfinite(rel):
            head = (f"{a} has no conversions, so B's relative lift is not defined; {b} converts "
                    f"{_pct(self.rates[1], 2)} against 0% for {a}")
        elif rel == 0:
            head = f"{b} converts exactly as well as {a}"
        else:
            lo, hi = self.relative_interval
            ci = (f"{level} CI {_pct(lo)} to {_pct(hi)}" if math.isfinite(lo) else
                  "no interval: a variant has no conversions")
            head = (f"{b} converts {_pct(abs(rel))} {'better' if rel > 0 else 'worse'} than {a} "
                    f"({ci})")
        test = _TESTS[self.method]
        if self.alternative != "two-sided":
            test = f"one-sided {test}"
        sig = _significance(self.significant, self.alpha, self.looks, self.correction, test,
                            self.p_value, self.threshold)
        return f"{head}; {sig}."

    def to_frame(self) -> pd.DataFrame:
        """Rates, absolute and relative lift with their intervals and how each was computed.

        Examples
        --------
        >>> res = proportion_test(conversions=(56, 48), visitors=(70, 80), labels=("X", "Y"))
        >>> res.to_frame()["quantity"].tolist()[:3]
        ['conversion rate X', 'conversion rate Y', 'absolute lift (Y − X)']
        """
        a, b = self.labels
        (la, ha), (lb, hb) = self.rate_intervals
        rows = [
            (f"conversion rate {a}", self.rates[0], la, ha, "Wilson score interval"),
            (f"conversion rate {b}", self.rates[1], lb, hb, "Wilson score interval"),
            (f"absolute lift ({b} − {a})", self.difference, *self.intervals["newcombe"],
             _INTERVALS["newcombe"]),
            (f"absolute lift ({b} − {a})", self.difference, *self.intervals["wald"],
             _INTERVALS["wald"]),
            (f"relative lift ({b} ÷ {a} − 1)", self.relative_lift, *self.relative_interval,
             "Katz log interval for the ratio (Katz et al. 1978)"),
        ]
        frame = pd.DataFrame(rows, columns=["quantity", "estimate", "low", "high", "interval"])
        frame.attrs.update({"level": 1 - self.alpha, "test": _TESTS[self.method],
                            "p_value": self.p_value})
        return frame

    def tests(self) -> pd.DataFrame:
        """The z test and both χ² tests side by side (statistic, degrees of freedom, p-value)."""
        return self.all_tests.copy()

    def plot(self, ax: Axes | None = None, *, source: str | None = None) -> Axes:
        """Conversion rate of each variant with its Wilson interval.

        Examples
        --------
        >>> ax = proportion_test(conversions=(20, 30), visitors=(400, 400)).plot()
        >>> ax.get_ylabel()
        'Conversion rate (%)'
        >>> plt.close(ax.figure)
        """
        ax = _axes(ax)
        ypos = np.arange(2)
        lows = [r - iv[0] for r, iv in zip(self.rates, self.rate_intervals, strict=True)]
        highs = [iv[1] - r for r, iv in zip(self.rates, self.rate_intervals, strict=True)]
        ax.errorbar(ypos, self.rates, yerr=[lows, highs], fmt="o", capsize=6, markersize=8,
                    color=viz.PALETTE[0], ecolor=viz.PALETTE[0])
        ax.set_xticks(ypos, [f"{lab}\n{int(n):,} visitors" for lab, n in
                             zip(self.labels, self.visitors, strict=True)])
        ax.set_xlim(-0.6, 1.6)
        viz.percent_axis(ax, decimals=1)
        level = _level_text(1 - self.alpha)
        viz.finish(ax, title=f"Conversion rate by variant ({level} Wilson intervals)",
                   xlabel="Variant", ylabel="Conversion rate (%)",
                   source=source or f"A/B test, {int(sum(self.visitors)):,} visitors")
        return ax

    def _repr_html_(self) -> str:
        return _html(self.summary(), self.warnings, self.to_frame())


def proportion_test(
    data: pd.DataFrame | None = None,
    *,
    conversions: Any = None,
    visitors: Any = None,
    variant: str = "variant",
    control: Any = None,
    labels: Sequence[str] = ("A", "B"),
    alpha: float = 0.05,
    method: str = "z",
    interval: str = "newcombe",
    alternative: str = "two-sided",
    looks: int = 1,
    correction: str = "obrien-fleming",
) -> ProportionTest:
    """Compare the conversion rates of two variants (A = control, B = treatment).

    Tests (``method``):

    - ``"z"``: two-proportion z test with the pooled standard error
      (statsmodels ``proportions_ztest``);
    - ``"chi2"``: Pearson χ² test on the 2 × 2 table, no continuity correction
      (the same p-value as the two-sided z test);
    - ``"chi2-yates"``: χ² test with Yates' continuity correction (more
      conservative; scipy's default).

    Intervals: each rate gets a Wilson score interval; the absolute lift a
    Newcombe hybrid score interval (Newcombe 1998, method 10) or a Wald interval
    (``interval``); the relative lift the Katz log interval for the ratio of
    rates (statsmodels ``confint_proportions_2indep``).

    Parameters
    ----------
    data : DataFrame, optional
        Rows with a ``variant`` column and conversions and visitors columns;
        summed per variant.
    conversions, visitors : pair of counts or column names
        Without a frame: ``(A, B)`` pairs. With a frame: column names
        (defaults ``"conversions"`` and ``"visitors"``).
    variant : str
        Frame column naming the variant of each row.
    control : label, optional
        Frame: the control's value of ``variant`` (default: the first found).
    labels : pair of str
        Names of A and B without a frame.
    alpha : float
        Significance level; intervals are at 1 − α.
    method : {"z", "chi2", "chi2-yates"}
    interval : {"newcombe", "wald"}
        Interval for the absolute lift used in the summary.
    alternative : {"two-sided", "larger", "smaller"}
        "larger": B converts better than A (z test only).
    looks : int
        How many times the test has been evaluated, this one included. More
        than one adds the peeking warning and applies ``correction`` (two-sided
        tests only).
    correction : {"obrien-fleming", "pocock", "bonferroni"}
        Threshold used when ``looks > 1``.

    Returns
    -------
    ProportionTest

    Examples
    --------
    >>> res = proportion_test(conversions=(5, 12), visitors=(83, 99))
    >>> round(res.p_value, 3)  # statsmodels proportions_ztest docs: 0.159
    0.159
    >>> res.significant
    False
    """
    names, x, n = _counts(data, conversions, visitors, variant, control, labels)
    alpha = _check_alpha(alpha)
    if method not in _TESTS:
        raise DataError(f"method={method!r} is not a test of proportions", column="method",
                        hint=f"use one of {', '.join(_TESTS)}")
    if interval not in _INTERVALS:
        raise DataError(f"interval={interval!r} is not an interval for the lift",
                        column="interval", hint=f"use one of {', '.join(_INTERVALS)}")
    if alternative not in ("two-sided", "larger", "smaller"):
        raise DataError(f"alternative={alternative!r} is not a hypothesis", column="alternative",
                        hint="use 'two-sided', 'larger' (B better) or 'smaller' (B worse)")
    if alternative != "two-sided" and method != "z":
        raise DataError("χ² tests are two-sided only", column="alternative",
                        hint="use method='z' for a one-sided test")
    _one_look_if_one_sided(alternative, looks)
    peek = _peeking(looks, alpha, correction)
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        proportion_confint,
        proportions_ztest,
    )

    warnings: list[str] = [peek.warning] if peek.warning else []
    rates = (float(x[0] / n[0]), float(x[1] / n[1]))
    pooled = (x[0] + x[1]) / (n[0] + n[1])
    degenerate = pooled in (0.0, 1.0)
    if degenerate:
        warnings.append("Every visitor behaved the same (no conversions at all, or all "
                        "converted): the tests cannot tell the variants apart.")
        z_stat, z_p = math.nan, 1.0
        chi, chi_p, yates, yates_p = math.nan, 1.0, math.nan, 1.0
    else:
        z_stat, z_p = proportions_ztest(count=[x[1], x[0]], nobs=[n[1], n[0]],
                                        alternative=alternative)
        table = np.array([[x[0], n[0] - x[0]], [x[1], n[1] - x[1]]])
        chi, chi_p = stats.chi2_contingency(table, correction=False)[:2]
        yates, yates_p = stats.chi2_contingency(table, correction=True)[:2]
    all_tests = pd.DataFrame({
        "test": [_TESTS["z"] + " (pooled SE)", _TESTS["chi2"], _TESTS["chi2-yates"]],
        "method": ["z", "chi2", "chi2-yates"],
        "statistic": [float(z_stat), float(chi), float(yates)],
        "df": [math.nan, 1.0, 1.0],
        "p_value": [float(z_p), float(chi_p), float(yates_p)],
    })
    chosen = all_tests.set_index("method").loc[method]
    if min(x.min(), (n - x).min()) < 5:
        warnings.append("Fewer than 5 conversions (or non-conversions) in a group: normal "
                        "approximations are rough; prefer the Wilson/Newcombe intervals and "
                        "treat the p-value with care.")
    rate_iv = tuple(tuple(float(v) for v in proportion_confint(x[i], n[i], alpha=alpha,
                                                                method="wilson"))
                    for i in range(2))
    intervals = {
        name: tuple(float(v) for v in confint_proportions_2indep(
            x[1], n[1], x[0], n[0], method="newcomb" if name == "newcombe" else "wald",
            compare="diff", alpha=alpha))
        for name in _INTERVALS
    }
    if x[0] > 0 and x[1] > 0:
        ratio_iv = confint_proportions_2indep(x[1], n[1], x[0], n[0], method="log",
                                              compare="ratio", alpha=alpha)
        relative = rates[1] / rates[0] - 1.0
        relative_iv = (float(ratio_iv[0]) - 1.0, float(ratio_iv[1]) - 1.0)
    else:
        relative = rates[1] / rates[0] - 1.0 if x[0] > 0 else math.nan
        relative_iv = (math.nan, math.nan)
        warnings.append("A variant has no conversions: the interval of the relative lift is not "
                        "defined; read the absolute lift instead.")
    p_value = float(chosen["p_value"])
    return ProportionTest(
        labels=names, conversions=(float(x[0]), float(x[1])), visitors=(float(n[0]), float(n[1])),
        alpha=alpha, method=method, interval=interval, alternative=alternative,
        statistic=float(chosen["statistic"]), p_value=p_value, threshold=peek.threshold,
        significant=bool(p_value < peek.threshold), rates=rates,
        rate_intervals=rate_iv,  # type: ignore[arg-type]
        difference=rates[1] - rates[0], difference_interval=intervals[interval],  # type: ignore[arg-type]
        intervals=intervals,  # type: ignore[arg-type]
        relative_lift=relative, relative_interval=relative_iv, looks=int(looks),
        correction=correction, all_tests=all_tests, warnings=warnings,
    )


# --------------------------------------------------------------------------- means


@dataclass
class MeanTest:
    """Result of :func:`mean_test` (Welch t test, A = control, B = treatment).

    Attributes
    ----------
    labels : tuple of str
    n, means, sds : tuple of float
        Size, mean and standard deviation of each group.
    difference : float
        mean B − mean A, with the Welch–Satterthwaite interval in ``interval``.
    relative_lift : float
        mean B ÷ mean A − 1 (point estimate).
    statistic, df, p_value : float
        Welch t statistic, its degrees of freedom and p-value.
    threshold, significant, warnings
        As in :class:`ProportionTest`.
    """

    labels: tuple[str, str]
    value: str
    n: tuple[int, int]
    means: tuple[float, float]
    sds: tuple[float, float]
    difference: float
    interval: tuple[float, float]
    relative_lift: float
    statistic: float
    df: float
    p_value: float
    alpha: float
    alternative: str
    threshold: float
    significant: bool
    looks: int
    correction: str
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The plain-language sentence."""
        a, b = self.labels
        level = _level_text(1 - self.alpha)
        diff = self.difference
        word = "higher" if diff > 0 else "lower" if diff < 0 else "no different"
        rel = ""
        if math.isfinite(self.relative_lift):
            rel = f" ({'+' if self.relative_lift > 0 else ''}{_pct(self.relative_lift)})"
        lo, hi = self.interval
        head = (f"{b}'s mean {self.value} is {_number(abs(diff))} {word} than {a}'s{rel}; "
                f"{level} CI for the difference {_number(lo)} to {_number(hi)}")
        if diff == 0:
            head = (f"{b}'s mean {self.value} equals {a}'s; {level} CI {_number(lo)} to "
                    f"{_number(hi)}")
        sig = _significance(self.significant, self.alpha, self.looks, self.correction,
                            "Welch t test", self.p_value, self.threshold)
        return f"{head}; {sig}."

    def to_frame(self) -> pd.DataFrame:
        """Means of both groups and the difference with its interval."""
        a, b = self.labels
        q = stats.t.isf(self.alpha / 2, np.array(self.n) - 1)
        se = np.array(self.sds) / np.sqrt(self.n)
        rows = [
            (f"mean {self.value} {a}", self.means[0], self.means[0] - q[0] * se[0],
             self.means[0] + q[0] * se[0], "t interval", self.n[0]),
            (f"mean {self.value} {b}", self.means[1], self.means[1] - q[1] * se[1],
             self.means[1] + q[1] * se[1], "t interval", self.n[1]),
            (f"difference ({b} − {a})", self.difference, *self.interval,
             "Welch–Satterthwaite interval", self.n[0] + self.n[1]),
        ]
        return pd.DataFrame(rows, columns=["quantity", "estimate", "low", "high", "interval", "n"])

    def plot(self, ax: Axes | None = None, *, source: str | None = None,
             unit: str = "") -> Axes:
        """Mean of each group with its t interval.

        Examples
        --------
        >>> res = mean_test(a=[1.0, 2.0, 3.0], b=[2.0, 3.0, 5.0])
        >>> ax = res.plot(unit="EUR"); ax.get_ylabel()
        'Mean value (EUR)'
        >>> plt.close(ax.figure)
        """
        ax = _axes(ax)
        frame = self.to_frame().iloc[:2]
        pos = np.arange(2)
        ax.errorbar(pos, frame["estimate"],
                    yerr=[frame["estimate"] - frame["low"], frame["high"] - frame["estimate"]],
                    fmt="o", capsize=6, markersize=8, color=viz.PALETTE[0])
        ax.set_xticks(pos, [f"{lab}\nn = {k:,}" for lab, k in zip(self.labels, self.n,
                                                                   strict=True)])
        ax.set_xlim(-0.6, 1.6)
        viz.finish(ax, title=f"Mean {self.value} by variant ({_level_text(1 - self.alpha)} "
                   "intervals)", xlabel="Variant",
                   ylabel=f"Mean {self.value}" + (f" ({unit})" if unit else " (units of data)"),
                   source=source or f"A/B test, {sum(self.n):,} observations")
        return ax

    def _repr_html_(self) -> str:
        return _html(self.summary(), self.warnings, self.to_frame())


def _sample(values: Any, name: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes)):
        raise DataError(f"{name} must be a sequence of numbers", column=name,
                        hint=f"pass {name}=[...] or a frame with value= and variant= columns")
    arr = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(float)
    if np.isnan(arr).any():
        raise DataError(f"{name} holds missing or non-numeric values", column=name,
                        hint="drop the missing values first")
    if len(arr) < 2:
        raise DataError(f"{name} has {len(arr)} value(s); a t test needs at least 2 per group",
                        column=name, hint="collect more observations")
    return arr


def mean_test(
    data: pd.DataFrame | None = None,
    *,
    value: str = "value",
    variant: str = "variant",
    control: Any = None,
    a: Sequence[float] | None = None,
    b: Sequence[float] | None = None,
    labels: Sequence[str] = ("A", "B"),
    alpha: float = 0.05,
    alternative: str = "two-sided",
    looks: int = 1,
    correction: str = "obrien-fleming",
) -> MeanTest:
    """Compare the means of two variants with Welch's t test (unequal variances).

    scipy ``ttest_ind(equal_var=False)``; the interval for the difference uses the
    Welch–Satterthwaite degrees of freedom.

    Parameters
    ----------
    data : DataFrame, optional
        One row per unit (user, order…) with ``value`` and ``variant`` columns.
    value, variant : str
        Frame columns.
    control : label, optional
        Frame: the control's value of ``variant`` (default: the first found).
    a, b : sequence of float, optional
        Without a frame: the observations of A (control) and B (treatment).
    labels : pair of str
        Names of A and B without a frame.
    alpha : float
        Significance level; the interval is at 1 − α.
    alternative : {"two-sided", "larger", "smaller"}
        "larger": B's mean is higher (the interval is then one-sided).
    looks, correction
        See :func:`proportion_test`.

    Returns
    -------
    MeanTest

    Examples
    --------
    >>> sleep_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> sleep_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> res = mean_test(a=sleep_1, b=sleep_2)  # R: t.test(extra ~ group, data = sleep)
    >>> round(res.statistic, 4), round(res.df, 3), round(res.p_value, 5)
    (1.8608, 17.776, 0.07939)
    """
    alpha = _check_alpha(alpha)
    if alternative not in ("two-sided", "larger", "smaller"):
        raise DataError(f"alternative={alternative!r} is not a hypothesis", column="alternative",
                        hint="use 'two-sided', 'larger' (B higher) or 'smaller' (B lower)")
    _one_look_if_one_sided(alternative, looks)
    peek = _peeking(looks, alpha, correction)
    if data is not None:
        if a is not None or b is not None:
            raise DataError("pass either a frame or a= and b=, not both", column="a",
                            hint="drop a= and b=, or the frame")
        if not isinstance(data, pd.DataFrame):
            raise DataError(f"data must be a DataFrame, got {type(data).__name__}",
                            column="data", hint="or pass a= and b=")
        if value not in data.columns:
            raise DataError(f"the frame has no column {value!r}", column=value,
                            hint="pass value='<column with the measure>'")
        ctrl, treat = _two_variants(data, variant, control)
        xa = _sample(data.loc[data[variant] == ctrl, value], f"{value} of {ctrl}")
        xb = _sample(data.loc[data[variant] == treat, value], f"{value} of {treat}")
        names, label = (str(ctrl), str(treat)), value
    else:
        xa, xb = _sample(a, "a"), _sample(b, "b")
        names, label = _labels(labels), value
    warnings = [peek.warning] if peek.warning else []
    sd = (float(np.std(xa, ddof=1)), float(np.std(xb, ddof=1)))
    if sd == (0.0, 0.0):
        warnings.append("Both groups have no variation: the t test is not defined.")
        t, df, p, ci = math.nan, math.nan, math.nan, (math.nan, math.nan)
    else:
        scipy_alt = {"two-sided": "two-sided", "larger": "greater", "smaller": "less"}
        res = stats.ttest_ind(xb, xa, equal_var=False, alternative=scipy_alt[alternative])
        interval = res.confidence_interval(confidence_level=1 - alpha)
        t, df, p = float(res.statistic), float(res.df), float(res.pvalue)
        ci = (float(interval.low), float(interval.high))
    means = (float(np.mean(xa)), float(np.mean(xb)))
    relative = means[1] / means[0] - 1.0 if means[0] != 0 else math.nan
    return MeanTest(
        labels=names, value=label, n=(len(xa), len(xb)), means=means, sds=sd,
        difference=means[1] - means[0], interval=ci, relative_lift=relative, statistic=t, df=df,
        p_value=p, alpha=alpha, alternative=alternative, threshold=peek.threshold,
        significant=bool(math.isfinite(p) and p < peek.threshold), looks=int(looks),
        correction=correction, warnings=warnings,
    )


# --------------------------------------------------------------------------- Bayesian


_CLOSED_FORM_LIMIT = 1_000_000


def _is_whole(v: float) -> bool:
    return float(v).is_integer()


def _miller_sum(a1: float, b1: float, a2: float, b2: float) -> float:
    """P(X > Y), X ~ Beta(a1, b1) with a1 a whole number, Y ~ Beta(a2, b2) (Evan Miller)."""
    i = np.arange(int(a1), dtype=float)
    log_terms = (special.betaln(a2 + i, b1 + b2) - np.log(b1 + i) - special.betaln(1 + i, b1)
                 - special.betaln(a2, b2))
    return float(np.exp(log_terms).sum())


def _p_greater(a1: float, b1: float, a2: float, b2: float) -> tuple[float, str]:
    """P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2), and how it was computed."""
    whole = [(a, k) for k, a in ((0, a1), (1, a2)) if _is_whole(a) and a <= _CLOSED_FORM_LIMIT]
    if whole:
        _, k = min(whole)
        value = _miller_sum(a1, b1, a2, b2) if k == 0 else 1.0 - _miller_sum(a2, b2, a1, b1)
        return min(max(value, 0.0), 1.0), "Evan Miller's closed form"
    lo = stats.beta.ppf(1e-13, a1, b1)
    hi = stats.beta.isf(1e-13, a1, b1)
    points = sorted({float(stats.beta.mean(a1, b1)), float(stats.beta.mean(a2, b2))})
    points = [p for p in points if lo < p < hi]
    value, _ = integrate.quad(lambda t: stats.beta.pdf(t, a1, b1) * stats.beta.cdf(t, a2, b2),
                              lo, hi, points=points or None, limit=400, epsabs=1e-12)
    return min(max(float(value), 0.0), 1.0), "numerical integration"


def _check_prior(prior: Any, name: str) -> tuple[float, float]:
    if isinstance(prior, (str, bytes)) or not isinstance(prior, Sequence) or len(prior) != 2:
        raise DataError(f"{name}={prior!r} is not a Beta prior", column=name,
                        hint="pass (alpha, beta), e.g. (1, 1) for a flat prior")
    a, b = (float(v) for v in prior)
    if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
        raise DataError(f"{name}={prior!r}: both Beta parameters must be positive", column=name,
                        hint="e.g. (1, 1) flat, or (successes + 1, failures + 1) from history")
    return a, b


def prob_b_beats_a(a: tuple[float, float], b: tuple[float, float]) -> float:
    """P(p_B > p_A) for independent p_A ~ Beta(a) and p_B ~ Beta(b), computed exactly.

    Evan Miller's closed form ("Formulas for Bayesian A/B Testing", 2014) when one
    of the first shape parameters is a whole number:
    P = Σ_{i=0}^{α_B−1} B(α_A+i, β_A+β_B) / ((β_B+i)·B(1+i, β_B)·B(α_A, β_A));
    otherwise numerical integration of f_B(x)·F_A(x).

    Parameters
    ----------
    a, b : tuple of float
        (alpha, beta) of the posterior of A and of B.

    Returns
    -------
    float

    Examples
    --------
    >>> round(prob_b_beats_a((1, 1), (2, 1)), 6)  # ∫ 2x · x dx = 2/3
    0.666667
    """
    a1, b1 = _check_prior(b, "b")
    a2, b2 = _check_prior(a, "a")
    return _p_greater(a1, b1, a2, b2)[0]


def _expected_loss(x: tuple[float, float], y: tuple[float, float]) -> float:
    """E[max(X − Y, 0)] for X ~ Beta(x), Y ~ Beta(y) (Stucchio 2015)."""
    (a1, b1), (a2, b2) = x, y
    first = a1 / (a1 + b1) * _p_greater(a1 + 1, b1, a2, b2)[0]
    second = a2 / (a2 + b2) * _p_greater(a1, b1, a2 + 1, b2)[0]
    return max(first - second, 0.0)


@dataclass
class BayesTest:
    """Result of :func:`bayes_test` (A = control, B = treatment).

    Attributes
    ----------
    prob_b_better : float
        P(rate B > rate A), exact; ``method`` says how.
    prob_b_better_mc, mc_se : float
        The Monte Carlo check and its standard error.
    expected_loss_b, expected_loss_a : float
        Expected loss of choosing B (E[max(p_A − p_B, 0)]) and of choosing A,
        in conversion-rate points.
    lift_mean, lift_interval : float, tuple
        Posterior mean and central credible interval of p_B ÷ p_A − 1.
    difference_interval : tuple
        Credible interval of p_B − p_A.
    posteriors : dict
        Beta parameters of each posterior.
    """

    labels: tuple[str, str]
    conversions: tuple[float, float]
    visitors: tuple[float, float]
    priors: dict[str, tuple[float, float]]
    posteriors: dict[str, tuple[float, float]]
    prob_b_better: float
    method: str
    prob_b_better_mc: float
    mc_se: float
    expected_loss_b: float
    expected_loss_a: float
    lift_mean: float
    lift_interval: tuple[float, float]
    difference_interval: tuple[float, float]
    level: float
    draws: int
    looks: int
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The plain-language sentence."""
        a, b = self.labels
        level = _level_text(self.level)
        lo, hi = self.lift_interval
        return (f"There is a {_pct(self.prob_b_better)} probability that {b} converts better "
                f"than {a} (computed exactly by {self.method}; Monte Carlo check "
                f"{_pct(self.prob_b_better_mc)}). "
                f"Expected lift {_pct(self.lift_mean)} ({level} credible interval {_pct(lo)} to "
                f"{_pct(hi)}). Choosing {b} risks an expected loss of "
                f"{self.expected_loss_b * 100:.3f} points of conversion rate "
                f"(choosing {a}: {self.expected_loss_a * 100:.3f}).")

    def to_frame(self) -> pd.DataFrame:
        """Posterior rates, lift and the decision quantities."""
        a, b = self.labels
        q = [(1 - self.level) / 2, (1 + self.level) / 2]
        rows = []
        for lab in (a, b):
            al, be = self.posteriors[lab]
            lo, hi = stats.beta.ppf(q, al, be)
            rows.append((f"conversion rate {lab}", al / (al + be), lo, hi,
                         f"Beta({al:g}, {be:g}) posterior"))
        rows += [
            (f"relative lift ({b} ÷ {a} − 1)", self.lift_mean, *self.lift_interval,
             f"Monte Carlo, {self.draws:,} draws"),
            (f"difference ({b} − {a})", self.posteriors_difference(), *self.difference_interval,
             f"Monte Carlo, {self.draws:,} draws"),
            (f"P({b} > {a})", self.prob_b_better, math.nan, math.nan, self.method),
            (f"P({b} > {a}), Monte Carlo", self.prob_b_better_mc,
             self.prob_b_better_mc - 1.96 * self.mc_se, self.prob_b_better_mc + 1.96 * self.mc_se,
             f"{self.draws:,} draws"),
            (f"expected loss choosing {b}", self.expected_loss_b, math.nan, math.nan,
             "E[max(rate A − rate B, 0)], closed form"),
            (f"expected loss choosing {a}", self.expected_loss_a, math.nan, math.nan,
             "E[max(rate B − rate A, 0)], closed form"),
        ]
        return pd.DataFrame(rows, columns=["quantity", "estimate", "low", "high", "method"])

    def posteriors_difference(self) -> float:
        """Posterior mean of rate B − rate A."""
        (a1, b1), (a2, b2) = (self.posteriors[lab] for lab in self.labels)
        return a2 / (a2 + b2) - a1 / (a1 + b1)

    def plot(self, ax: Axes | None = None, *, source: str | None = None) -> Axes:
        """Posterior densities of both conversion rates.

        Examples
        --------
        >>> ax = bayes_test(conversions=(20, 30), visitors=(400, 400), draws=2000).plot()
        >>> ax.get_xlabel()
        'Conversion rate (%)'
        >>> plt.close(ax.figure)
        """
        ax = _axes(ax)
        params = [self.posteriors[lab] for lab in self.labels]
        lo = min(stats.beta.ppf(0.0005, *p) for p in params)
        hi = max(stats.beta.ppf(0.9995, *p) for p in params)
        grid = np.linspace(lo, hi, 400)
        for i, (lab, p) in enumerate(zip(self.labels, params, strict=True)):
            dens = stats.beta.pdf(grid, *p)
            ax.plot(grid, dens, color=viz.PALETTE[i], label=lab, linewidth=1.8)
            ax.fill_between(grid, dens, color=viz.PALETTE[i], alpha=0.15)
        viz.percent_axis(ax, axis="x", decimals=1)
        ax.legend(title=None)
        viz.finish(ax, title=f"Posterior conversion rates (P({self.labels[1]} better) = "
                   f"{_pct(self.prob_b_better)})", xlabel="Conversion rate (%)",
                   ylabel="Probability density (per unit of rate)",
                   source=source or f"A/B test, {int(sum(self.visitors)):,} visitors")
        return ax

    def _repr_html_(self) -> str:
        return _html(self.summary(), self.warnings, self.to_frame())


def bayes_test(
    data: pd.DataFrame | None = None,
    *,
    conversions: Any = None,
    visitors: Any = None,
    variant: str = "variant",
    control: Any = None,
    labels: Sequence[str] = ("A", "B"),
    prior: tuple[float, float] | Mapping[str, tuple[float, float]] = (1.0, 1.0),
    level: float = 0.95,
    draws: int = 100_000,
    seed: int | None = 0,
    looks: int = 1,
) -> BayesTest:
    """Bayesian A/B test of conversion rates with Beta–binomial posteriors.

    Each rate gets a Beta(α + conversions, β + non-conversions) posterior.
    P(B > A) and the expected losses are exact (closed forms, see
    :func:`prob_b_beats_a`); a Monte Carlo draw checks P(B > A) and gives the
    credible intervals of the lift.

    Parameters
    ----------
    data, conversions, visitors, variant, control, labels
        As in :func:`proportion_test`.
    prior : (alpha, beta) or dict
        Beta prior of both rates, or ``{label: (alpha, beta)}`` per variant.
        ``(1, 1)`` is flat; an informative prior from history is
        ``(past conversions + 1, past non-conversions + 1)``, scaled down.
    level : float
        Credible interval level.
    draws : int
        Monte Carlo draws per variant.
    seed : int or None
        Random seed of the Monte Carlo check (fixed by default: same data, same
        numbers).
    looks : int
        How many times the test was evaluated; more than one adds a warning
        (stopping when P(B > A) crosses a threshold also inflates false wins).

    Returns
    -------
    BayesTest

    Examples
    --------
    >>> res = bayes_test(conversions=(200, 245), visitors=(2000, 2000), draws=20_000)
    >>> round(res.prob_b_better, 3), abs(res.prob_b_better - res.prob_b_better_mc) < 0.01
    (0.988, True)
    """
    names, x, n = _counts(data, conversions, visitors, variant, control, labels)
    level = _check_alpha(level, "level")
    looks = _check_looks(looks)
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1000:
        raise DataError(f"draws={draws!r} is too few for a Monte Carlo check", column="draws",
                        hint="pass 1000 or more (default 100000)")
    if isinstance(prior, Mapping):
        missing = [lab for lab in names if lab not in prior]
        if missing:
            raise DataError(f"prior has no entry for {', '.join(missing)}", column="prior",
                            hint=f"pass a prior for each of {', '.join(names)}")
        priors = {lab: _check_prior(prior[lab], "prior") for lab in names}
    else:
        shared = _check_prior(prior, "prior")
        priors = {lab: shared for lab in names}
    post = {lab: (priors[lab][0] + x[i], priors[lab][1] + n[i] - x[i])
            for i, lab in enumerate(names)}
    pa, pb = post[names[0]], post[names[1]]
    prob, how = _p_greater(pb[0], pb[1], pa[0], pa[1])
    rng = np.random.default_rng(seed)
    draw_a = rng.beta(*pa, size=int(draws))
    draw_b = rng.beta(*pb, size=int(draws))
    prob_mc = float(np.mean(draw_b > draw_a))
    mc_se = math.sqrt(max(prob_mc * (1 - prob_mc), 1e-12) / draws)
    q = [(1 - level) / 2, (1 + level) / 2]
    lift = draw_b / draw_a - 1.0
    warnings: list[str] = []
    if abs(prob - prob_mc) > 5 * mc_se + 1e-3:
        warnings.append(f"The Monte Carlo check ({_pct(prob_mc, 2)}) disagrees with the exact "
                        f"value ({_pct(prob, 2)}); increase draws= and report the exact value.")
    if looks > 1:
        warnings.append(
            f"Peeking: this test was evaluated at {looks} looks. Stopping as soon as P(B > A) "
            f"crosses a threshold also inflates false wins (Armitage, McPherson & Rowe 1969; "
            f"Evan Miller, \"How Not To Run an A/B Test\", 2010): for comparison a frequentist "
            f"test at 5% peeked at {looks} times has a real false-positive rate of "
            f"{_pct(peeking_false_positive_rate(looks))}. Decide on the sample size before "
            f"starting, or decide on expected loss rather than on P(B > A).")
    return BayesTest(
        labels=names, conversions=(float(x[0]), float(x[1])), visitors=(float(n[0]), float(n[1])),
        priors=priors, posteriors=post, prob_b_better=prob, method=how,
        prob_b_better_mc=prob_mc, mc_se=mc_se,
        expected_loss_b=_expected_loss(pa, pb), expected_loss_a=_expected_loss(pb, pa),
        lift_mean=float(np.mean(lift)),
        lift_interval=tuple(float(v) for v in np.quantile(lift, q)),  # type: ignore[arg-type]
        difference_interval=tuple(float(v) for v in np.quantile(draw_b - draw_a, q)),  # type: ignore[arg-type]
        level=level, draws=int(draws), looks=looks, warnings=warnings,
    )


# --------------------------------------------------------------------------- power


@dataclass
class SampleSize:
    """Result of :func:`sample_size` or :func:`sample_size_means`.

    Attributes
    ----------
    per_group : int
        Users needed in the control group (rounded up); the treatment needs
        ``treatment_n`` (= per_group × ratio).
    total : int
        Both groups together.
    exact : float
        The unrounded solution.
    effect_size : float
        Cohen's h (proportions) or Cohen's d (means).
    achieved_power : float
        Power at the rounded-up sizes.
    """

    kind: str
    method: str
    per_group: int
    treatment_n: int
    total: int
    exact: float
    effect_size: float
    effect_name: str
    baseline: float
    target: float
    alpha: float
    power: float
    achieved_power: float
    ratio: float
    alternative: str
    _power_at: Callable[[float], float] = field(repr=False)

    def summary(self) -> str:
        """The plain-language sentence."""
        sided = "two-sided" if self.alternative == "two-sided" else "one-sided"
        if self.kind == "proportions":
            rel = self.target / self.baseline - 1
            what = (f"a change in conversion rate from {_pct(self.baseline)} to "
                    f"{_pct(self.target)} ({_pct(rel)} relative)")
        else:
            what = f"a difference in means of {_number(self.target - self.baseline)}"
        groups = (f"{self.per_group:,} users per group" if self.ratio == 1 else
                  f"{self.per_group:,} users in the control and {self.treatment_n:,} in the "
                  f"treatment")
        return (f"To detect {what} with {_pct(self.power, 0)} power at "
                f"{_level_text(self.alpha)} significance ({sided}), you need {groups} "
                f"({self.total:,} in total; {self.effect_name} = {self.effect_size:.3f}, "
                f"{self.method}).")

    def to_frame(self) -> pd.DataFrame:
        """One row with every input and output."""
        row = {k: getattr(self, k) for k in (
            "kind", "method", "baseline", "target", "alpha", "power", "alternative", "ratio",
            "effect_name", "effect_size", "exact", "per_group", "treatment_n", "total",
            "achieved_power")}
        return pd.DataFrame([row])

    def plot(self, ax: Axes | None = None, *, source: str | None = None) -> Axes:
        """Power as a function of the users per group, with the chosen size marked.

        Examples
        --------
        >>> ax = sample_size(baseline=0.1, lift=0.2).plot()
        >>> ax.get_xlabel()
        'Users per group (control)'
        >>> plt.close(ax.figure)
        """
        ax = _axes(ax)
        grid = np.linspace(max(2.0, self.per_group * 0.05), self.per_group * 2.0, 200)
        ax.plot(grid, [self._power_at(v) for v in grid], color=viz.PALETTE[0], linewidth=1.8)
        ax.axhline(self.power, color="#777777", linestyle=":", linewidth=1)
        ax.axvline(self.per_group, color=viz.PALETTE[3], linestyle="--", linewidth=1.2)
        ax.annotate(f"{self.per_group:,}", xy=(self.per_group, 0.02), xytext=(4, 0),
                    textcoords="offset points", color=viz.PALETTE[3])
        ax.set_ylim(0, 1.02)
        viz.percent_axis(ax)
        viz.finish(ax, title=f"Power vs sample size ({self.effect_name} = "
                   f"{self.effect_size:.3f})", xlabel="Users per group (control)",
                   ylabel="Power (%)", source=source or f"smtools power analysis ({self.method})")
        return ax

    def _repr_html_(self) -> str:
        return _html(self.summary(), [], self.to_frame())


def _alternative(alternative: str) -> str:
    if alternative not in ("two-sided", "one-sided"):
        raise DataError(f"alternative={alternative!r} is not a test design",
                        column="alternative", hint="use 'two-sided' or 'one-sided'")
    return "two-sided" if alternative == "two-sided" else "larger"


def _rates(baseline: float, lift: float, relative: bool) -> tuple[float, float]:
    for name, value in (("baseline", baseline), ("lift", lift)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value):
            raise DataError(f"{name}={value!r} is not a number", column=name,
                            hint="e.g. baseline=0.05 (5%) and lift=0.1 (+10% relative)")
    if not 0 < baseline < 1:
        raise DataError(f"baseline={baseline!r} is not a conversion rate between 0 and 1",
                        column="baseline", hint="pass 0.05 for 5%")
    if lift == 0:
        raise DataError("lift=0: there is nothing to detect", column="lift",
                        hint="pass the smallest lift worth detecting, e.g. 0.1 for +10%")
    target = baseline * (1 + lift) if relative else baseline + lift
    if not 0 < target < 1:
        raise DataError(f"baseline {baseline:g} with lift {lift:g} gives a rate of {target:g}, "
                        "outside 0–1", column="lift",
                        hint="relative=True reads lift as a share of the baseline (0.1 = +10%)")
    return float(baseline), float(target)


def _check_power(power: float) -> float:
    if isinstance(power, bool) or not isinstance(power, (int, float)) or not 0 < power < 1:
        raise DataError(f"power={power!r} is not a probability between 0 and 1", column="power",
                        hint="pass e.g. power=0.8")
    return float(power)


def _check_ratio(ratio: float) -> float:
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not ratio > 0:
        raise DataError(f"ratio={ratio!r} is not a positive number", column="ratio",
                        hint="treatment size ÷ control size, 1 for equal groups")
    return float(ratio)


def sample_size(
    *,
    baseline: float,
    lift: float,
    relative: bool = True,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: str = "two-sided",
    method: str = "cohen-h",
) -> SampleSize:
    """Users per group to detect a lift in a conversion rate.

    - ``"cohen-h"`` (default): normal approximation on the arcsine scale,
      statsmodels ``zt_ind_solve_power`` with Cohen's h = 2·asin√p₂ − 2·asin√p₁
      (Cohen 1988, ch. 6).
    - ``"evan-miller"``: the formula of Evan Miller's sample-size calculator
      (baseline variance under H0, unpooled under H1); two-sided, equal groups.
      It gives slightly smaller sizes (1,030 against 1,092 per group for 20 % →
      25 %).

    Parameters
    ----------
    baseline : float
        Current conversion rate (0.05 for 5 %).
    lift : float
        Minimum detectable effect: relative (0.1 = +10 %) or, with
        ``relative=False``, absolute (0.01 = +1 point).
    relative : bool
        How to read ``lift``.
    alpha : float
        Significance level.
    power : float
        Probability of detecting the lift when it is real.
    ratio : float
        Treatment size ÷ control size.
    alternative : {"two-sided", "one-sided"}
    method : {"cohen-h", "evan-miller"}

    Returns
    -------
    SampleSize

    Examples
    --------
    >>> sample_size(baseline=0.13, lift=0.02, relative=False).per_group
    4720
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power)
    ratio = _check_ratio(ratio)
    alt = _alternative(alternative)
    p1, p2 = _rates(baseline, lift, relative)
    from statsmodels.stats.power import NormalIndPower, zt_ind_solve_power
    from statsmodels.stats.proportion import proportion_effectsize

    h = abs(float(proportion_effectsize(p2, p1)))
    if method == "cohen-h":
        exact = float(zt_ind_solve_power(effect_size=h, nobs1=None, alpha=alpha, power=power,
                                         ratio=ratio, alternative=alt))

        def power_at(n: float) -> float:
            return float(NormalIndPower().power(effect_size=h, nobs1=n, alpha=alpha, ratio=ratio,
                                                alternative=alt))

        name = "normal approximation with Cohen's h (statsmodels NormalIndPower)"
    elif method == "evan-miller":
        if alt != "two-sided" or ratio != 1:
            raise DataError("the Evan Miller formula is two-sided with equal groups",
                            column="method", hint="use method='cohen-h' for other designs")
        za, delta = stats.norm.isf(alpha / 2), abs(p2 - p1)
        sd1 = math.sqrt(2 * p1 * (1 - p1))
        sd2 = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
        exact = ((za * sd1 + stats.norm.ppf(power) * sd2) / delta) ** 2

        def power_at(n: float) -> float:
            return float(stats.norm.cdf((delta * math.sqrt(n) - za * sd1) / sd2))

        name = "Evan Miller's sample-size formula"
    else:
        raise DataError(f"method={method!r} is not a sample-size method", column="method",
                        hint="use 'cohen-h' or 'evan-miller'")
    per_group = math.ceil(exact - 1e-9)
    treatment = math.ceil(per_group * ratio - 1e-9)
    return SampleSize(
        kind="proportions", method=name, per_group=per_group, treatment_n=treatment,
        total=per_group + treatment, exact=exact, effect_size=h, effect_name="Cohen's h",
        baseline=p1, target=p2, alpha=alpha, power=power, achieved_power=power_at(per_group),
        ratio=ratio, alternative=alternative, _power_at=power_at,
    )


def achieved_power(
    *,
    baseline: float,
    lift: float,
    n: float,
    relative: bool = True,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Power of a test of proportions with ``n`` users in the control group.

    statsmodels ``NormalIndPower`` with Cohen's h (see :func:`sample_size`).

    Parameters
    ----------
    baseline, lift, relative, alpha, ratio, alternative
        As in :func:`sample_size`.
    n : float
        Users in the control group (the treatment has ``n × ratio``).

    Returns
    -------
    float

    Examples
    --------
    >>> round(achieved_power(baseline=0.2, lift=0.05, relative=False, n=1092), 3)
    0.8
    """
    alpha = _check_alpha(alpha)
    ratio = _check_ratio(ratio)
    alt = _alternative(alternative)
    p1, p2 = _rates(baseline, lift, relative)
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not n >= 2:
        raise DataError(f"n={n!r} is not a group size", column="n",
                        hint="pass the users in the control group, 2 or more")
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    h = abs(float(proportion_effectsize(p2, p1)))
    return float(NormalIndPower().power(effect_size=h, nobs1=float(n), alpha=alpha, ratio=ratio,
                                        alternative=alt))


def sample_size_means(
    *,
    difference: float,
    sd: float,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> SampleSize:
    """Users per group to detect a difference in means (t test, Cohen's d = difference ÷ sd).

    statsmodels ``TTestIndPower``; for d = 0.5, α = 5 %, power 80 % it gives 64
    per group, Cohen's (1988) table 2.4.1.

    Parameters
    ----------
    difference : float
        Smallest difference in means worth detecting (in the unit of the data).
    sd : float
        Standard deviation of the measure per user.
    alpha, power, ratio, alternative
        As in :func:`sample_size`.

    Returns
    -------
    SampleSize

    Examples
    --------
    >>> sample_size_means(difference=5, sd=10).per_group
    64
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power)
    ratio = _check_ratio(ratio)
    alt = _alternative(alternative)
    for name, value in (("difference", difference), ("sd", sd)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value):
            raise DataError(f"{name}={value!r} is not a number", column=name,
                            hint="pass numbers in the unit of the measure")
    if sd <= 0:
        raise DataError(f"sd={sd!r} must be positive", column="sd",
                        hint="pass the standard deviation of the measure per user")
    if difference == 0:
        raise DataError("difference=0: there is nothing to detect", column="difference",
                        hint="pass the smallest difference worth detecting")
    from statsmodels.stats.power import TTestIndPower

    d = abs(difference) / sd
    exact = float(TTestIndPower().solve_power(effect_size=d, nobs1=None, alpha=alpha,
                                              power=power, ratio=ratio, alternative=alt))

    def power_at(n: float) -> float:
        return float(TTestIndPower().power(effect_size=d, nobs1=max(n, 2.0), alpha=alpha,
                                           ratio=ratio, alternative=alt))

    per_group = math.ceil(exact - 1e-9)
    treatment = math.ceil(per_group * ratio - 1e-9)
    return SampleSize(
        kind="means", method="t test (statsmodels TTestIndPower)", per_group=per_group,
        treatment_n=treatment, total=per_group + treatment, exact=exact, effect_size=d,
        effect_name="Cohen's d", baseline=0.0, target=float(abs(difference)), alpha=alpha,
        power=power, achieved_power=power_at(per_group), ratio=ratio, alternative=alternative,
        _power_at=power_at,
    )


# --------------------------------------------------------------------------- lift record


def _day(value: Any, name: str) -> date:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name}={value!r} is not a date", column=name,
                        hint="use YYYY-MM-DD") from exc
    if pd.isna(ts):
        raise DataError(f"{name} is missing", column=name, hint="use YYYY-MM-DD")
    return ts.date()


@dataclass(frozen=True)
class Lift:
    """A measured lift, in the shape an MMM calibration takes.

    ``lift`` is the **incremental outcome over the whole period** (``start`` to
    ``end``, both included), in outcome units (revenue in its currency,
    conversions as a count), for the channel that was tested; ``low`` and
    ``high`` bound it at confidence ``level``.

    Parameters
    ----------
    channel : str
        The channel (network) whose effect was measured.
    start, end : date or str
        First and last day of the test period.
    lift, low, high : float
        Incremental outcome and its interval.
    level : float
        Confidence level of the interval (0.9 for 90 %).
    metric : str
        The outcome measured (``"revenue"``, ``"conversions"``…).

    Examples
    --------
    >>> Lift("meta", "2026-03-02", "2026-03-29", 12000.0, 4000.0, 20000.0).to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'channel': 'meta', 'start': '2026-03-02', 'end': '2026-03-29', 'lift': 12000.0,
     'low': 4000.0, 'high': 20000.0, 'level': 0.9, 'metric': 'revenue'}
    """

    channel: str
    start: date
    end: date
    lift: float
    low: float
    high: float
    level: float = 0.9
    metric: str = "revenue"

    def __post_init__(self) -> None:
        if not isinstance(self.channel, str) or not self.channel.strip():
            raise DataError("channel is empty", column="channel",
                            hint="name the channel that was tested, e.g. 'meta'")
        if not isinstance(self.metric, str) or not self.metric.strip():
            raise DataError("metric is empty", column="metric",
                            hint="name the outcome, e.g. 'revenue'")
        start, end = _day(self.start, "start"), _day(self.end, "end")
        if end < start:
            raise DataError(f"end {end} is before start {start}", column="end",
                            hint="end is the last day of the test period")
        values = {}
        for name in ("lift", "low", "high"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                    or not math.isfinite(float(v)):
                raise DataError(f"{name}={v!r} is not a finite number", column=name,
                                hint="a lift and its interval are finite numbers")
            values[name] = float(v)
        if not values["low"] <= values["lift"] <= values["high"]:
            raise DataError(f"lift {values['lift']:g} is not inside its interval "
                            f"[{values['low']:g}, {values['high']:g}]", column="lift",
                            hint="pass low <= lift <= high")
        level = _check_alpha(self.level, "level")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "level", level)
        for name, v in values.items():
            object.__setattr__(self, name, v)

    def to_dict(self) -> dict[str, Any]:
        """``{"channel", "start", "end", "lift", "low", "high", "level", "metric"}``, JSON-ready."""
        return {"channel": self.channel, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "lift": float(self.lift), "low": float(self.low),
                "high": float(self.high), "level": float(self.level), "metric": self.metric}


# --------------------------------------------------------------------------- DiD


def _absorb(matrix: np.ndarray, groups: Sequence[np.ndarray], *, tol: float = 1e-11,
            max_iter: int = 5000) -> np.ndarray:
    """Remove fixed effects by alternating projections (exact for one factor, or balanced)."""
    out = np.array(matrix, dtype=float, copy=True)
    sizes = [np.bincount(g).astype(float) for g in groups]
    for _ in range(max_iter):
        before = out.copy()
        for g, size in zip(groups, sizes, strict=True):
            for j in range(out.shape[1]):
                means = np.bincount(g, weights=out[:, j], minlength=len(size)) / size
                out[:, j] -= means[g]
        if len(groups) == 1 or np.max(np.abs(out - before)) <= tol * (1 + np.max(np.abs(out))):
            break
    return out


def _cluster_fit(y: np.ndarray, x: np.ndarray, clusters: np.ndarray, absorbed_other: int,
                 alpha: float) -> tuple[float, float, float, tuple[float, float]]:
    """First coefficient, CR1 standard error, p-value and interval of an absorbed regression.

    statsmodels' CR1 factor G/(G − 1)·(N − 1)/(N − K) is applied with K counting the
    regressors and the absorbed effects that are not nested in the clusters
    (``absorbed_other``: the date effects), as reghdfe does; t with G − 1 df.
    """
    import statsmodels.api as sm

    fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": clusters}, use_t=True)
    n, k_abs = len(y), x.shape[1]
    k_total = k_abs + absorbed_other
    se = float(fit.bse[0]) * math.sqrt((n - k_abs) / max(n - k_total, 1))
    beta = float(fit.params[0])
    df = len(np.unique(clusters)) - 1
    if not (se > 0 and math.isfinite(se)) or df < 1:
        return beta, math.nan, math.nan, (math.nan, math.nan)
    q = float(stats.t.isf(alpha / 2, df))
    p = float(2 * stats.t.sf(abs(beta / se), df))
    return beta, se, p, (beta - q * se, beta + q * se)


@dataclass
class DiD:
    """Result of :func:`did`.

    Attributes
    ----------
    effect : float
        Average effect per treated unit per period (outcome units), with
        ``effect_se`` and ``effect_interval``.
    lift : float
        Incremental outcome over the test period in all treated units:
        ``effect`` × treated unit-periods. Interval in ``lift_interval``.
    relative : float
        ``lift`` ÷ counterfactual outcome of the treated units over the period,
        interval in ``relative_interval`` (counterfactual taken as fixed).
    errors : str
        How the standard errors were computed.
    pretrend : dict
        Parallel-trends check on the pre-period: ``slope`` (difference in trend
        per period), ``p_value``, ``periods`` and ``parallel``.
    series : DataFrame
        Mean outcome per date for treated and control units, and the
        counterfactual of the treated (what the chart draws).
    warnings : list of str
    """

    outcome: str
    unit: str
    start: pd.Timestamp
    end: pd.Timestamp
    level: float
    effect: float
    effect_se: float
    effect_interval: tuple[float, float]
    p_value: float
    lift: float
    lift_interval: tuple[float, float]
    relative: float
    relative_interval: tuple[float, float]
    counterfactual: float
    treated_periods: float
    errors: str
    n_treated: int
    n_control: int
    n_pre: int
    n_post: int
    pretrend: dict[str, Any]
    series: pd.DataFrame = field(repr=False)
    currency: str | None = None
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The plain-language sentence."""
        cur = f" {self.currency}" if self.currency else ""
        verb = "rose" if self.lift >= 0 else "fell"
        lo, hi = self.lift_interval
        period = f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"
        digits = 0 if abs(self.lift) >= 100 else 2
        interval = (f"{_level_text(self.level)} CI {_number(lo, digits)} to "
                    f"{_number(hi, digits)}{cur}, {self.errors}"
                    if math.isfinite(lo) and math.isfinite(hi) else f"no interval: {self.errors}")
        head = (f"In the {self.n_treated} treated {self.unit}(s), {self.outcome} {verb} by "
                f"{_number(abs(self.lift), digits)}{cur} over {period} because of the "
                f"intervention ({_pct(self.relative)} against the counterfactual; {interval})")
        if math.isfinite(lo) and math.isfinite(hi):
            zero = ("the interval excludes zero" if lo > 0 or hi < 0 else
                    "the interval includes zero, so the data are compatible with no effect")
        else:
            zero = "the interval could not be computed"
        trend = self.pretrend
        if trend.get("p_value") is None or not math.isfinite(trend.get("p_value", math.nan)):
            check = "parallel pre-period trends could not be checked"
        elif trend["parallel"]:
            check = f"pre-period trends look parallel ({_p_text(trend['p_value'])})"
        else:
            check = (f"pre-period trends differ ({_p_text(trend['p_value'])}), so the lift may "
                     f"be biased")
        return f"{head}; {zero}; {check}."

    def to_frame(self) -> pd.DataFrame:
        """Effect per unit-period, total lift, relative lift and the pre-trend check."""
        rows = [
            (f"effect per {self.unit} per period", self.effect, *self.effect_interval,
             self.p_value),
            ("total lift over the period", self.lift, *self.lift_interval, self.p_value),
            ("relative lift vs counterfactual", self.relative, *self.relative_interval,
             self.p_value),
            ("pre-period trend difference per period", self.pretrend.get("slope", math.nan),
             math.nan, math.nan, self.pretrend.get("p_value", math.nan)),
        ]
        frame = pd.DataFrame(rows, columns=["quantity", "estimate", "low", "high", "p_value"])
        frame.attrs.update({"level": self.level, "errors": self.errors})
        return frame

    def to_lift(self, channel: str, *, metric: str | None = None) -> Lift:
        """The lift as a :class:`Lift` record for MMM calibration.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> days = pd.date_range("2026-01-05", periods=8, freq="W-MON")
        >>> frame = pd.DataFrame([(d, r, 100.0 + 5 * (r == "north") * (d >= days[4]) + i)
        ...                       for i, d in enumerate(days) for r in ("north", "south")],
        ...                      columns=["date", "region", "revenue"])
        >>> res = did(frame, outcome="revenue", treated=["north"], start=days[4])
        >>> round(res.to_lift("meta").to_dict()["lift"], 6)
        20.0
        """
        if not all(math.isfinite(v) for v in self.lift_interval):
            raise DataError("this lift has no interval (too few units and dates), and a "
                            "calibration record needs one", column="lift",
                            hint="add control units or dates so that did() can compute one")
        return Lift(channel=channel, start=self.start, end=self.end, lift=self.lift,
                    low=self.lift_interval[0], high=self.lift_interval[1], level=self.level,
                    metric=metric or self.outcome)

    def plot(self, ax: Axes | None = None, *, source: str | None = None) -> Axes:
        """Treated vs control over time, the counterfactual dashed, the intervention marked."""
        ax = _axes(ax)
        s = self.series
        ax.plot(s["date"], s["control"], color=viz.PALETTE[1], linewidth=1.6,
                label=f"control ({self.n_control})")
        ax.plot(s["date"], s["treated"], color=viz.PALETTE[0], linewidth=1.8,
                label=f"treated ({self.n_treated})")
        post = s["date"] >= self.start
        ax.plot(s.loc[post, "date"], s.loc[post, "counterfactual"], color=viz.PALETTE[0],
                linestyle="--", linewidth=1.3, label="treated without the intervention")
        ax.axvspan(self.start, self.end, color="#999999", alpha=0.12, linewidth=0)
        ax.axvline(self.start, color="#444444", linewidth=1)
        ax.annotate("intervention", xy=(self.start, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(4, -12), textcoords="offset points", fontsize=9, color="#444444")
        ax.legend(title=None, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        cur = f" ({self.currency})" if self.currency else " (outcome units)"
        viz.finish(ax, title=f"{self.outcome.replace('_', ' ').capitalize()}: treated vs control "
                   f"{self.unit}s", xlabel="Date",
                   ylabel=f"Mean {self.outcome.replace('_', ' ')} per {self.unit}{cur}",
                   source=source or f"difference-in-differences, {self.errors}")
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return ax

    def _repr_html_(self) -> str:
        return _html(self.summary(), self.warnings, self.to_frame())


def did(
    data: pd.DataFrame,
    *,
    outcome: str,
    treated: str | Collection[Any],
    start: Any,
    end: Any = None,
    date: str = "date",
    unit: str = "region",
    level: float = 0.9,
    errors: str = "auto",
    unit_effects: bool = True,
    maxlags: int | None = None,
) -> DiD:
    """Lift of an intervention by difference-in-differences (treated vs control units).

    OLS with statsmodels of the outcome on unit and date fixed effects and the
    treated × after indicator; its coefficient is the average effect per treated
    unit per period. Standard errors (``errors``):

    - ``"cluster"``: cluster-robust by unit (CR1 small-sample factor
      G/(G − 1)·(N − 1)/(N − K), the unit effects nested in the clusters not counted
      in K, as in reghdfe; t with G − 1 degrees of freedom; Bertrand, Duflo &
      Mullainathan 2004). Needs many units: below about 20 clusters it is too
      optimistic.
    - ``"hac"``: with few units (a typical geo test), the treated and control
      means are differenced per date and the difference regressed on the
      after-period indicator with Newey–West HAC standard errors (Bartlett kernel,
      ``maxlags`` default ⌊4·(T/100)^(2/9)⌋).
    - ``"auto"``: cluster when both arms have at least 10 units, HAC otherwise.

    Parallel trends are checked on the pre-period: the difference in linear
    trends between treated and control units, with the same kind of standard
    errors (reported in ``pretrend`` and as a warning when p < 0.10).

    Parameters
    ----------
    data : DataFrame
        Long frame: one row per unit and date (rows of the same unit and date are
        summed).
    outcome : str
        Column with the outcome (revenue, orders…).
    treated : str or collection
        A column flagging treated units (True/1), or the treated unit labels.
    start : date-like
        First day of the intervention; earlier dates are the pre-period.
    end : date-like, optional
        Last day of the test period (later rows are ignored). By default the last
        date of the data, extended to the end of its week or month when the rows
        are weekly (dated on the week's first day) or monthly (dated on the 1st).
    date, unit : str
        Columns with the date and the unit (region, store, DMA…).
    level : float
        Confidence level of the intervals (0.9 as usual for MMM calibration).
    errors : {"auto", "cluster", "hac"}
    unit_effects : bool
        Unit fixed effects (default). False replaces them by a treated-group
        dummy (the textbook 2 × 2 regression; with unbalanced units the
        estimates differ).
    maxlags : int, optional
        Lags of the HAC estimator.

    Returns
    -------
    DiD

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"region": ["NJ", "NJ", "PA", "PA"],
    ...                       "date": ["1992-02-15", "1992-11-15"] * 2,
    ...                       "fte": [20.44, 21.03, 23.33, 21.17]})  # Card & Krueger 1994
    >>> res = did(frame, outcome="fte", treated=["NJ"], start="1992-04-01")
    >>> round(res.effect, 2)
    2.75
    """
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"data must be a DataFrame, got {type(data).__name__}", column="data",
                        hint="pass a long frame with unit, date and outcome columns")
    for col, role in ((outcome, "outcome"), (date, "date"), (unit, "unit")):
        if col not in data.columns:
            raise DataError(f"the frame has no column {col!r}", column=col,
                            hint=f"pass {role}='<column>'")
    level = _check_alpha(level, "level")
    if errors not in ("auto", "cluster", "hac"):
        raise DataError(f"errors={errors!r} is not a kind of standard error", column="errors",
                        hint="use 'auto', 'cluster' or 'hac'")
    frame = data[[unit, date, outcome]].copy()
    if isinstance(treated, str):
        if treated not in data.columns:
            raise DataError(f"the frame has no column {treated!r}", column=treated,
                            hint="pass treated='<flag column>' or a list of treated units")
        flags = data[treated]
        if not flags.dropna().isin([0, 1, True, False]).all():
            raise DataError(f"column {treated!r} is not a True/False flag", column=treated,
                            hint="mark treated units with True or 1, control units with False or 0")
        frame["_treated"] = flags.astype(float)
        per_unit = frame.groupby(unit)["_treated"].nunique()
        if (per_unit > 1).any():
            raise DataError(f"unit {per_unit[per_unit > 1].index[0]!r} is both treated and "
                            "control", column=treated, hint="flag a unit the same way on every row")
        treated_units = set(frame.loc[frame["_treated"] == 1, unit])
    else:
        if isinstance(treated, (bytes, Mapping)) or not isinstance(treated, Collection):
            raise DataError("treated must be a column name or a list of treated units",
                            column="treated", hint="e.g. treated=['north', 'east']")
        treated_units = set(treated)
        missing = treated_units - set(frame[unit])
        if missing:
            raise DataError(f"treated unit(s) {', '.join(map(repr, sorted(map(str, missing))))} "
                            f"are not in column {unit!r}", column="treated",
                            hint="check the spelling of the treated units")
    frame[date] = pd.to_datetime(frame[date], errors="coerce")
    if frame[date].isna().any():
        raise DataError(f"column {date!r} has values that are not dates", column=date,
                        hint="use dates such as 2026-03-02")
    if frame[date].dt.tz is not None:
        frame[date] = frame[date].dt.tz_localize(None)
    value = pd.to_numeric(frame[outcome], errors="coerce")
    if (value.isna() & frame[outcome].notna()).any():
        raise DataError(f"column {outcome!r} holds text", column=outcome,
                        hint="clean the column or leave the cell empty")
    warnings: list[str] = []
    missing_rows = int(value.isna().sum())
    if missing_rows:
        warnings.append(f"{missing_rows} row(s) without {outcome} were left out.")
    frame[outcome] = value
    frame = frame.dropna(subset=[outcome])
    t0 = pd.Timestamp(_day(start, "start"))
    t1 = pd.Timestamp(_day(end, "end")) if end is not None else frame[date].max()
    if t1 < t0:
        raise DataError(f"end {t1:%Y-%m-%d} is before start {t0:%Y-%m-%d}", column="end",
                        hint="end is the last day of the test period")
    frame = frame[frame[date] <= t1]
    frame = frame.groupby([unit, date], as_index=False)[outcome].sum()
    frame["_treated"] = frame[unit].isin(treated_units).astype(float)
    frame["_post"] = (frame[date] >= t0).astype(float)
    n_treated = int(frame.loc[frame["_treated"] == 1, unit].nunique())
    n_control = int(frame.loc[frame["_treated"] == 0, unit].nunique())
    pre_dates = np.sort(frame.loc[frame["_post"] == 0, date].unique())
    post_dates = np.sort(frame.loc[frame["_post"] == 1, date].unique())
    if n_treated == 0 or n_control == 0:
        raise DataError(f"{'no treated' if n_treated == 0 else 'no control'} units with data",
                        column="treated", hint="a DiD needs treated and control units")
    if len(pre_dates) == 0 or len(post_dates) == 0:
        raise DataError(f"no {'pre-period' if len(pre_dates) == 0 else 'test-period'} dates "
                        f"around start {t0:%Y-%m-%d}", column="start",
                        hint="the data must cover dates before and after the start")
    n_dates = len(pre_dates) + len(post_dates)
    mode = errors
    if mode == "auto":
        if min(n_treated, n_control) >= 10:
            mode = "cluster"
        elif n_dates >= 4:
            mode = "hac"
        else:
            mode = "none"
            warnings.append(f"Only {n_treated + n_control} units and {n_dates} dates: too few "
                            "for a standard error, so the lift has no interval. Add units "
                            "(cluster-robust errors) or dates (HAC errors).")
    if mode == "hac" and n_dates < 4:
        raise DataError(f"only {n_dates} dates: HAC standard errors need a time series",
                        column="errors", hint="use errors='cluster' with many units, or more dates")
    codes_unit = pd.factorize(frame[unit])[0]
    codes_date = pd.factorize(frame[date])[0]
    d_col = (frame["_treated"] * frame["_post"]).to_numpy()
    y = frame[outcome].to_numpy(float)
    alpha = 1 - level
    import statsmodels.api as sm

    if mode in ("cluster", "none"):
        if mode == "cluster" and n_treated + n_control < 20:
            warnings.append(f"Only {n_treated + n_control} clusters: cluster-robust standard "
                            "errors are too optimistic below about 20–50 clusters (Cameron & "
                            "Miller 2015); consider errors='hac'.")
        groups = [codes_unit, codes_date] if unit_effects else [codes_date]
        cols = [d_col] if unit_effects else [d_col, frame["_treated"].to_numpy()]
        absorbed = _absorb(np.column_stack([y, *cols]), groups)
        if mode == "cluster":
            effect, se, p, ci = _cluster_fit(absorbed[:, 0], absorbed[:, 1:], codes_unit,
                                             int(codes_date.max()) + 1, alpha)
            described = f"cluster-robust by {unit}, {n_treated + n_control} clusters"
        else:
            effect = float(sm.OLS(absorbed[:, 0], absorbed[:, 1:]).fit().params[0])
            se, p, ci = math.nan, math.nan, (math.nan, math.nan)
            described = "no standard error (too few units and dates)"
    else:
        means = frame.pivot_table(index=date, columns="_treated", values=outcome, aggfunc="mean")
        if means.isna().any().any() or means.shape[1] != 2:
            raise DataError("some dates have no treated or no control data", column=date,
                            hint="HAC needs both arms on every date; fill or drop those dates")
        diff = (means[1.0] - means[0.0]).to_numpy()
        post = (means.index >= t0).astype(float)
        lags = maxlags if maxlags is not None else int(4 * (len(diff) / 100) ** (2 / 9))
        fit = sm.OLS(diff, sm.add_constant(post)).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)
        effect, se, p = float(fit.params[1]), float(fit.bse[1]), float(fit.pvalues[1])
        ci = tuple(float(v) for v in fit.conf_int(alpha=alpha)[1])
        described = f"HAC Newey–West, {lags} lag{'s' if lags != 1 else ''}"
    # parallel-trends check on the pre-period
    pre = frame[frame["_post"] == 0]
    need = 2 if mode == "cluster" else 3
    pretrend: dict[str, Any] = {"slope": math.nan, "p_value": math.nan,
                                "periods": len(pre_dates), "parallel": None}
    if mode == "none":
        pass
    elif len(pre_dates) >= need:
        tau = pd.Series(np.arange(len(pre_dates), dtype=float), index=pre_dates)
        if mode == "cluster":
            x_trend = (pre["_treated"] * pre[date].map(tau)).to_numpy()
            pg = [pd.factorize(pre[unit])[0], pd.factorize(pre[date])[0]]
            cols = [x_trend] if unit_effects else [x_trend, pre["_treated"].to_numpy()]
            absorbed = _absorb(np.column_stack([pre[outcome].to_numpy(float), *cols]),
                               pg if unit_effects else pg[1:])
            slope, _, p_trend, _ = _cluster_fit(absorbed[:, 0], absorbed[:, 1:], pg[0],
                                                int(pg[1].max()) + 1, 0.05)
        else:
            pre_means = means[means.index < t0]
            pre_diff = (pre_means[1.0] - pre_means[0.0]).to_numpy()
            lags_pre = maxlags if maxlags is not None else int(4 * (len(pre_diff) / 100) ** (2 / 9))
            tfit = sm.OLS(pre_diff, sm.add_constant(np.arange(len(pre_diff), dtype=float))).fit(
                cov_type="HAC", cov_kwds={"maxlags": lags_pre, "use_correction": True},
                use_t=True)
            slope, p_trend = float(tfit.params[1]), float(tfit.pvalues[1])
        pretrend.update(slope=slope, p_value=p_trend, parallel=bool(p_trend >= 0.10))
        if p_trend < 0.10:
            warnings.append(f"Pre-period trends of treated and control units differ "
                            f"({_p_text(p_trend)}, {_number(slope)} per period): the parallel-"
                            f"trends assumption behind the DiD is doubtful and the lift may be "
                            f"biased; choose control units that moved with the treated ones.")
    else:
        warnings.append(f"Only {len(pre_dates)} pre-period date(s): parallel trends cannot be "
                        f"checked (need {need}); the lift rests on that assumption.")
    # scale to the whole test period
    treated_post = frame[(frame["_treated"] == 1) & (frame["_post"] == 1)]
    periods = float(len(treated_post))
    lift = effect * periods
    lift_ci = (ci[0] * periods, ci[1] * periods)
    actual = float(treated_post[outcome].sum())
    counterfactual = actual - lift
    if counterfactual > 0:
        relative = lift / counterfactual
        relative_ci = (lift_ci[0] / counterfactual, lift_ci[1] / counterfactual)
    else:
        relative, relative_ci = math.nan, (math.nan, math.nan)
        warnings.append("The counterfactual outcome is not positive: no relative lift.")
    if mode != "none" and not math.isfinite(se):
        warnings.append("Too few observations for a standard error: the interval is not defined.")
    # series for the chart
    series = frame.pivot_table(index=date, columns="_treated", values=outcome, aggfunc="mean")
    series = series.rename(columns={1.0: "treated", 0.0: "control"}).reset_index()
    series = series.rename(columns={date: "date"})
    pre_gap = (series.loc[series["date"] < t0, "treated"]
               - series.loc[series["date"] < t0, "control"]).mean()
    series["counterfactual"] = series["control"] + pre_gap
    series.columns.name = None
    currency = None
    if "currency" in data.columns:
        codes = sorted(data["currency"].dropna().unique())
        if len(codes) > 1:
            raise DataError(f"{outcome} is in several currencies ({', '.join(codes)}) and is "
                            "never mixed silently", column="currency",
                            hint="filter one currency or convert first")
        currency = codes[0] if codes else None
    # last day covered: weekly rows (dated on their first day) run 6 more days, monthly
    # rows dated on the 1st to the end of their month; daily or irregular dates end as dated
    last = pd.Timestamp(post_dates.max())
    all_dates = pd.Series(np.sort(frame[date].unique()))
    spacing = all_dates.diff().median() if len(all_dates) > 1 else pd.Timedelta(0)
    covered = last
    if spacing == pd.Timedelta(days=7):
        covered = last + pd.Timedelta(days=6)
    elif pd.Timedelta(days=28) <= spacing <= pd.Timedelta(days=31) and last.day == 1:
        covered = last + pd.offsets.MonthEnd(0)
    if end is not None:
        covered = min(covered, t1)
    return DiD(
        outcome=outcome, unit=unit, start=t0, end=covered, level=level,
        effect=effect, effect_se=se, effect_interval=ci, p_value=p,  # type: ignore[arg-type]
        lift=lift, lift_interval=lift_ci, relative=relative, relative_interval=relative_ci,
        counterfactual=counterfactual, treated_periods=periods, errors=described,
        n_treated=n_treated, n_control=n_control, n_pre=len(pre_dates), n_post=len(post_dates),
        pretrend=pretrend, series=series, currency=currency, warnings=warnings,
    )
