"""Tests of smtools.roi.experiments.

Published answers live in ``tests/data/experiments/known_answers.yaml`` (each with its
source); the other tests cross-check against scipy/statsmodels or exact calculations.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import integrate, stats

from smtools.errors import DataError
from smtools.roi import experiments as ex

DATA = Path(__file__).resolve().parent.parent / "data" / "experiments"
KNOWN = yaml.safe_load((DATA / "known_answers.yaml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- known answers


def test_statsmodels_docs_proportions_ztest():
    ref = KNOWN["proportions_ztest_statsmodels_docs"]
    # statsmodels' example puts 5/83 first; p-values are two-sided, so the order is moot.
    res = ex.proportion_test(conversions=ref["conversions"], visitors=ref["visitors"])
    assert round(res.p_value, ref["decimals"]) == ref["p_value"]


@pytest.mark.parametrize("case", KNOWN["newcombe_1998"]["cases"], ids=lambda c: c["label"])
def test_newcombe_1998_table_ii(case):
    res = ex.proportion_test(conversions=case["conversions"], visitors=case["visitors"])
    digits = KNOWN["newcombe_1998"]["decimals"]
    assert np.round(res.intervals["wald"], digits).tolist() == pytest.approx(case["wald"])
    assert np.round(res.intervals["newcombe"], digits).tolist() == pytest.approx(
        case["newcombe"])
    assert res.difference_interval == res.intervals["newcombe"]  # the default


def test_scipy_aspirin_chi2_with_yates_correction():
    ref = KNOWN["chi2_yates_scipy_aspirin"]
    res = ex.proportion_test(conversions=ref["conversions"], visitors=ref["visitors"],
                             labels=ref["labels"], method="chi2-yates")
    assert res.statistic == pytest.approx(ref["statistic"], rel=1e-12)
    assert res.p_value == pytest.approx(ref["p_value"], rel=1e-10)
    assert "aspirin converts" in res.summary() and "Yates" in res.summary()


def test_r_sleep_welch_t_test():
    ref = KNOWN["welch_r_sleep"]
    res = ex.mean_test(a=ref["a"], b=ref["b"])
    assert round(res.statistic, 4) == ref["statistic"]
    assert round(res.df, 3) == ref["df"]
    assert round(res.p_value, 5) == ref["p_value"]
    assert np.round(res.interval, 7).tolist() == pytest.approx(ref["interval"])


def test_cohen_1988_power_tables():
    ref = KNOWN["cohen_1988_power_tables"]
    means = ex.sample_size_means(difference=ref["d"] * 10, sd=10)
    assert means.effect_size == pytest.approx(ref["d"])
    assert means.per_group == ref["n_d"]
    # two rates whose Cohen's h is exactly 0.2
    p1 = 0.5
    p2 = math.sin(math.asin(math.sqrt(p1)) + ref["h"] / 2) ** 2
    props = ex.sample_size(baseline=p1, lift=p2 - p1, relative=False)
    assert props.effect_size == pytest.approx(ref["h"])
    assert round(props.exact) == ref["n_h"]


def test_evan_miller_sample_size_calculator():
    ref = KNOWN["evan_miller_sample_size"]
    miller = ex.sample_size(baseline=ref["baseline"], lift=ref["lift"], relative=False,
                            method="evan-miller")
    assert round(miller.exact) == ref["n"]  # his calculator rounds; smtools rounds up
    assert miller.per_group == ref["n"] + 1
    cohen = ex.sample_size(baseline=ref["baseline"], lift=ref["lift"], relative=False)
    assert cohen.per_group == 1092  # the two approximations disagree by ~6%
    assert "Evan Miller" in miller.summary()


def test_fillinich_towards_data_science_sample_size():
    ref = KNOWN["fillinich_tds_sample_size"]
    res = ex.sample_size(baseline=ref["baseline"], lift=ref["lift"], relative=False)
    assert res.per_group == ref["n"]
    assert res.total == 2 * ref["n"]
    assert "4,720 users per group" in res.summary()


@pytest.mark.parametrize(("looks", "rate"),
                         KNOWN["armitage_1969_repeated_tests"]["rates"].items())
def test_armitage_1969_peeking_rates(looks, rate):
    assert ex.peeking_false_positive_rate(looks) == pytest.approx(rate, abs=6e-4)


@pytest.mark.parametrize("looks", [2, 3, 4, 5, 10])
def test_pocock_and_obrien_fleming_constants(looks):
    ref = KNOWN["group_sequential_constants"]
    pocock = ex.sequential_boundaries(looks, method="pocock")
    obf = ex.sequential_boundaries(looks, method="obrien-fleming")
    assert pocock["z"].iloc[0] == pytest.approx(ref["pocock"][looks], abs=6e-4)
    assert obf["z"].iloc[-1] == pytest.approx(ref["obrien_fleming"][looks], abs=6e-4)
    # the boundaries spend exactly alpha overall
    assert pocock["alpha_spent"].iloc[-1] == pytest.approx(ref["alpha"], abs=1e-6)
    assert obf["alpha_spent"].iloc[-1] == pytest.approx(ref["alpha"], abs=1e-6)
    # O'Brien-Fleming: z_k = c sqrt(K / k), strict early
    assert obf["z"].iloc[0] == pytest.approx(obf["z"].iloc[-1] * math.sqrt(looks))


@pytest.fixture(scope="module")
def card_krueger() -> pd.DataFrame:
    """A store panel whose cell means are Card & Krueger's published ones (Table 3).

    The published survey microdata are not shipped; this panel reproduces the four
    means exactly (NJ 20.44 → 21.03, PA 23.33 → 21.17) around store-level noise, so the
    difference-in-differences must be exactly 2.75.
    """
    rng = np.random.default_rng(1994)
    means = {(1, 0): 20.44, (1, 1): 21.03, (0, 0): 23.33, (0, 1): 21.17}
    stores = {1: 331, 0: 79}
    rows = []
    for nj, n in stores.items():
        level = rng.normal(0, 8, n)
        for d in (0, 1):
            noise = level + rng.normal(0, 4, n)
            fte = means[(nj, d)] + noise - noise.mean()
            for i in range(n):
                rows.append({"store": f"{i}-{nj}", "nj": nj, "d": d, "d_nj": nj * d,
                             "fte": fte[i],
                             "date": "1992-11-15" if d else "1992-02-15"})
    return pd.DataFrame(rows)


def test_card_krueger_1994_table_3(card_krueger):
    ref = KNOWN["card_krueger_1994"]
    balanced = ex.did(card_krueger, outcome="fte", treated="nj", unit="store",
                      start="1992-04-01", level=0.95)
    assert balanced.errors.startswith("cluster-robust by store")
    assert balanced.effect == pytest.approx(ref["balanced"]["effect"], abs=1e-9)
    assert balanced.n_treated == 331 and balanced.n_control == 79
    # table 2: wave-1 means, NJ 20.44 and PA 23.33
    first = balanced.series.iloc[0]
    assert (round(first["treated"], 2), round(first["control"], 2)) == (20.44, 23.33)
    assert any("parallel trends cannot be checked" in w for w in balanced.warnings)
    pooled = ex.did(card_krueger, outcome="fte", treated="nj", unit="store",
                    start="1992-04-01", level=0.95, unit_effects=False)
    assert pooled.effect == pytest.approx(ref["balanced"]["effect"], abs=1e-9)


def test_did_cluster_errors_match_statsmodels(card_krueger):
    import statsmodels.formula.api as smf

    res = ex.did(card_krueger, outcome="fte", treated="nj", unit="store",
                 start="1992-04-01", unit_effects=False, level=0.95)
    data = card_krueger.dropna(subset=["fte"])
    fit = smf.ols("fte ~ nj + d + d_nj", data=data).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(data["store"])[0]}, use_t=True)
    # smtools absorbs the date effects instead of estimating them, and counts them in K
    assert res.effect == pytest.approx(fit.params["d_nj"], rel=1e-10)
    assert res.effect_se == pytest.approx(fit.bse["d_nj"], rel=1e-8)
    assert res.p_value == pytest.approx(fit.pvalues["d_nj"], rel=1e-8)
    assert res.effect_interval == pytest.approx(tuple(fit.conf_int(alpha=0.05).loc["d_nj"]),
                                                rel=1e-8)


# --------------------------------------------------------------------------- proportions


def test_z_and_chi2_agree_with_formulas_and_each_other():
    x, n = np.array([180.0, 222.0]), np.array([2000.0, 2010.0])
    res = ex.proportion_test(conversions=x, visitors=n)
    p = x / n
    pooled = x.sum() / n.sum()
    z = (p[1] - p[0]) / math.sqrt(pooled * (1 - pooled) * (1 / n[0] + 1 / n[1]))
    assert res.statistic == pytest.approx(z, rel=1e-10)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-10)
    tests = res.tests().set_index("method")
    assert tests.loc["chi2", "statistic"] == pytest.approx(z**2, rel=1e-10)
    assert tests.loc["chi2", "p_value"] == pytest.approx(res.p_value, rel=1e-10)
    assert tests.loc["chi2-yates", "p_value"] > res.p_value  # the correction is conservative
    one_sided = ex.proportion_test(conversions=x, visitors=n, alternative="larger")
    assert one_sided.p_value == pytest.approx(res.p_value / 2, rel=1e-10)


def test_intervals_match_their_formulas():
    x, n = np.array([40.0, 65.0]), np.array([500.0, 480.0])
    res = ex.proportion_test(conversions=x, visitors=n)
    z = stats.norm.isf(0.025)
    p = x / n

    def wilson(k: float, m: float) -> tuple[float, float]:
        q = k / m
        centre = (q + z**2 / (2 * m)) / (1 + z**2 / m)
        half = z / (1 + z**2 / m) * math.sqrt(q * (1 - q) / m + z**2 / (4 * m**2))
        return centre - half, centre + half

    (la, ua), (lb, ub) = wilson(x[0], n[0]), wilson(x[1], n[1])
    assert res.rate_intervals[0] == pytest.approx((la, ua), rel=1e-9)
    d = p[1] - p[0]
    newcombe = (d - math.sqrt((p[1] - lb) ** 2 + (ua - p[0]) ** 2),
                d + math.sqrt((ub - p[1]) ** 2 + (p[0] - la) ** 2))
    assert res.intervals["newcombe"] == pytest.approx(newcombe, rel=1e-9)
    se = math.sqrt(p[0] * (1 - p[0]) / n[0] + p[1] * (1 - p[1]) / n[1])
    assert res.intervals["wald"] == pytest.approx((d - z * se, d + z * se), rel=1e-9)
    # Katz log interval of the ratio of rates
    log_se = math.sqrt(1 / x[1] - 1 / n[1] + 1 / x[0] - 1 / n[0])
    ratio = p[1] / p[0]
    katz = (ratio * math.exp(-z * log_se) - 1, ratio * math.exp(z * log_se) - 1)
    assert res.relative_interval == pytest.approx(katz, rel=1e-9)
    assert res.relative_lift == pytest.approx(ratio - 1)


def test_summary_sentence_says_better_or_worse_and_significance():
    better = ex.proportion_test(conversions=(200, 245), visitors=(2000, 2000))
    text = better.summary()
    assert text.startswith("B converts 22.5% better than A (95% CI ")
    assert "significant at 5% (two-proportion z test, p = 0.024)" in text
    worse = ex.proportion_test(conversions=(245, 200), visitors=(2000, 2000),
                               labels=("old page", "new page"))
    assert worse.summary().startswith("new page converts 18.4% worse than old page")
    flat = ex.proportion_test(conversions=(100, 104), visitors=(2000, 2000))
    assert "not significant at 5%" in flat.summary()
    assert "compatible with no difference" in flat.summary()
    html = better._repr_html_()
    assert "B converts 22.5% better" in html and "<table" in html


def test_frame_input_sums_rows_per_variant():
    rows = pd.DataFrame({"variant": ["ctrl", "new", "ctrl", "new"],
                         "conversions": [100, 120, 100, 125], "visitors": [1000, 1000, 1000, 1000]})
    res = ex.proportion_test(rows, control="ctrl")
    ref = ex.proportion_test(conversions=(200, 245), visitors=(2000, 2000))
    assert res.labels == ("ctrl", "new")
    assert res.p_value == pytest.approx(ref.p_value)
    flipped = ex.proportion_test(rows, control="new")
    assert flipped.difference == pytest.approx(-ref.difference)
    with pytest.raises(DataError, match="3 variants"):
        ex.proportion_test(pd.concat([rows, rows.assign(variant="third")]))
    with pytest.raises(DataError) as info:
        ex.proportion_test(rows, control="missing")
    assert info.value.column == "control"


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"conversions": (10, 120), "visitors": (100, 100)}, "conversions"),  # > visitors
        ({"conversions": (-1, 5), "visitors": (100, 100)}, "conversions"),
        ({"conversions": (1, 5), "visitors": (0, 100)}, "visitors"),
        ({"conversions": (1, 2, 3), "visitors": (10, 10, 10)}, "conversions"),
        ({"conversions": (1, 2), "visitors": (10, 10, 10)}, "visitors"),
        ({"conversions": (1.5, 2), "visitors": (10, 10)}, "conversions"),
        ({"conversions": (1, 2), "visitors": (10, 10), "alpha": 5}, "alpha"),
        ({"conversions": (1, 2), "visitors": (10, 10), "method": "fisher"}, "method"),
        ({"conversions": (1, 2), "visitors": (10, 10), "looks": 0}, "looks"),
        ({"conversions": (1, 2), "visitors": (10, 10), "looks": 5, "correction": "x"},
         "correction"),
        ({"conversions": (1, 2), "visitors": (10, 10), "method": "chi2",
          "alternative": "larger"}, "alternative"),
        ({"conversions": (1, 2)}, "conversions"),
        ({"conversions": (1, 2), "visitors": (10, 10), "alternative": "larger", "looks": 3},
         "alternative"),
    ],
)
def test_bad_counts_name_the_parameter(kwargs, column):
    with pytest.raises(DataError) as info:
        ex.proportion_test(**kwargs)
    assert info.value.column == column
    assert info.value.hint


def test_degenerate_and_zero_conversion_groups_do_not_crash():
    none = ex.proportion_test(conversions=(0, 0), visitors=(100, 100))
    assert none.p_value == 1.0 and not none.significant
    assert any("cannot tell the variants apart" in w for w in none.warnings)
    zero_a = ex.proportion_test(conversions=(0, 5), visitors=(100, 100))
    assert math.isnan(zero_a.relative_lift)
    assert "relative lift is not defined" in zero_a.summary()
    assert any("fewer than 5" in w.lower() for w in zero_a.warnings)


def test_proportion_plot_is_labelled():
    ax = ex.proportion_test(conversions=(20, 30), visitors=(400, 400)).plot()
    assert ax.get_title().startswith("Conversion rate by variant")
    assert ax.get_ylabel() == "Conversion rate (%)" and ax.get_xlabel() == "Variant"
    assert [t.get_text() for t in ax.texts] == ["Source: A/B test, 800 visitors"]


# --------------------------------------------------------------------------- peeking


def test_peeking_warning_is_part_of_the_result_and_changes_the_decision():
    # z = 2.02, p = 0.043: significant once, not after 5 looks (Pocock needs p < 0.0158)
    x = (1000, 1064)
    once = ex.proportion_test(conversions=x, visitors=(2000, 2000))
    assert 0.0413 < once.p_value < 0.05 and once.significant and once.warnings == []
    peeked = ex.proportion_test(conversions=x, visitors=(2000, 2000), looks=5,
                                correction="pocock")
    assert not peeked.significant
    assert peeked.threshold == pytest.approx(2 * stats.norm.sf(2.413), abs=2e-5)
    warning = peeked.warnings[0]
    assert "5 looks" in warning and "14.2%" in warning and "Armitage" in warning
    assert "Evan Miller" in warning and "Pocock" in warning
    assert "after the Pocock (1977) correction for 5 looks" in peeked.summary()
    obf = ex.proportion_test(conversions=x, visitors=(2000, 2000), looks=5)
    assert obf.threshold == pytest.approx(2 * stats.norm.sf(2.040), abs=2e-5)
    assert "O'Brien–Fleming" in obf.warnings[0]
    bonf = ex.proportion_test(conversions=x, visitors=(2000, 2000), looks=5,
                              correction="bonferroni")
    assert bonf.threshold == pytest.approx(0.01)
    assert "Peeking" in ex.mean_test(a=[1.0, 2, 3], b=[2.0, 3, 4], looks=3).warnings[0]
    assert "Peeking" in ex.bayes_test(conversions=x, visitors=(2000, 2000), looks=3,
                                      draws=2000).warnings[0]


def test_peeking_rate_and_boundaries_by_simulation():
    # Brownian-motion simulation of 5 equally spaced looks under H0 (20,000 tests)
    rng = np.random.default_rng(7)
    paths = rng.standard_normal((20_000, 5)).cumsum(axis=1)
    z = paths / np.sqrt(np.arange(1, 6))
    naive = (np.abs(z) >= stats.norm.isf(0.025)).any(axis=1).mean()
    assert naive == pytest.approx(ex.peeking_false_positive_rate(5), abs=0.008)
    bounds = ex.sequential_boundaries(5)["z"].to_numpy()
    assert (np.abs(z) >= bounds).any(axis=1).mean() == pytest.approx(0.05, abs=0.005)
    bonf = ex.sequential_boundaries(5, method="bonferroni")
    assert bonf["p"].tolist() == pytest.approx([0.01] * 5)
    assert bonf["alpha_spent"].iloc[-1] < 0.05  # conservative


def test_looks_are_validated():
    for bad in (0, 2.5, True, 10_000):
        with pytest.raises(DataError) as info:
            ex.peeking_false_positive_rate(bad)
        assert info.value.column == "looks"
    with pytest.raises(DataError):
        ex.sequential_boundaries(5, method="haybittle")


# --------------------------------------------------------------------------- means


def test_welch_matches_statsmodels():
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    rng = np.random.default_rng(3)
    a, b = rng.gamma(2.0, 10.0, 300), rng.gamma(2.2, 10.0, 280)
    res = ex.mean_test(a=a, b=b, alpha=0.1)
    cm = CompareMeans(DescrStatsW(b), DescrStatsW(a))
    t, p, df = cm.ttest_ind(usevar="unequal")
    assert (res.statistic, res.p_value, res.df) == pytest.approx((t, p, df), rel=1e-9)
    assert res.interval == pytest.approx(cm.tconfint_diff(alpha=0.1, usevar="unequal"),
                                         rel=1e-9)
    assert res.relative_lift == pytest.approx(b.mean() / a.mean() - 1)
    larger = ex.mean_test(a=a, b=b, alternative="larger")
    _, p1, _ = cm.ttest_ind(usevar="unequal", alternative="larger")
    assert larger.p_value == pytest.approx(p1, rel=1e-9)
    assert ex.mean_test(a=a, b=b, alternative="smaller").p_value == pytest.approx(1 - p1)


def test_mean_test_frame_sentence_and_errors():
    frame = pd.DataFrame({"variant": ["A"] * 4 + ["B"] * 4,
                          "revenue": [10.0, 12, 11, 13, 15, 14, 16, 17]})
    res = ex.mean_test(frame, value="revenue")
    assert res.labels == ("A", "B") and res.difference == pytest.approx(4.0)
    assert res.summary().startswith("B's mean revenue is 4.00 higher than A's (+")
    assert "Welch t test" in res.summary()
    ax = res.plot(unit="EUR")
    assert ax.get_ylabel() == "Mean revenue (EUR)"
    with pytest.raises(DataError) as info:
        ex.mean_test(a=[1.0], b=[1.0, 2.0])
    assert info.value.column == "a"
    with pytest.raises(DataError) as info:
        ex.mean_test(frame, value="orders")
    assert info.value.column == "orders"
    flat = ex.mean_test(a=[1.0, 1.0], b=[1.0, 1.0])
    assert math.isnan(flat.p_value) and not flat.significant and flat.warnings


# --------------------------------------------------------------------------- Bayesian


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [((1, 1), (2, 1), 2 / 3),  # ∫ 2x · x dx
     ((1, 1), (1, 2), 1 / 3),  # ∫ 2(1 − x) · x dx
     ((2, 1), (3, 1), 3 / 5),  # ∫ 3x² · x² dx
     ((2, 1), (2, 1), 1 / 2),
     ((1, 2), (2, 1), 5 / 6)],  # ∫ 2x (1 − (1 − x)²) dx
)
def test_prob_b_beats_a_exact_values(a, b, expected):
    assert ex.prob_b_beats_a(a, b) == pytest.approx(expected, abs=1e-12)


def test_closed_form_matches_numerical_integration_and_normal_limit():
    def integral(a: tuple, b: tuple) -> float:
        return integrate.quad(lambda t: stats.beta.pdf(t, *b) * stats.beta.cdf(t, *a),
                              0, 1, limit=500, epsabs=1e-13)[0]

    for a, b in [((21, 181), (31, 171)), ((5, 95), (4, 96)), ((1.5, 10.2), (3.5, 9.7))]:
        assert ex.prob_b_beats_a(a, b) == pytest.approx(integral(a, b), abs=1e-9)
    # large counts: the normal approximation is close
    a, b = (20_001, 180_001), (20_501, 179_501)
    mean = [x[0] / sum(x) for x in (a, b)]
    var = [x[0] * x[1] / (sum(x) ** 2 * (sum(x) + 1)) for x in (a, b)]
    normal = stats.norm.cdf((mean[1] - mean[0]) / math.sqrt(sum(var)))
    assert ex.prob_b_beats_a(a, b) == pytest.approx(normal, abs=2e-3)


def test_bayes_test_expected_loss_exact_and_monte_carlo_check():
    # A ~ Beta(1, 2) and B ~ Beta(2, 1): P(B > A) = 5/6, E[max(A − B, 0)] = 1/30,
    # E[max(B − A, 0)] = E[B] − E[A] + 1/30 = 11/30
    res = ex.bayes_test(conversions=(0, 1), visitors=(1, 1), prior=(1, 1), seed=1)
    assert res.prob_b_better == pytest.approx(5 / 6, abs=1e-12)
    assert res.method == "Evan Miller's closed form"
    assert res.expected_loss_b == pytest.approx(1 / 30, abs=1e-12)
    assert res.expected_loss_a == pytest.approx(11 / 30, abs=1e-12)
    assert abs(res.prob_b_better_mc - res.prob_b_better) < 4 * res.mc_se


def test_bayes_test_intervals_prior_and_sentence():
    res = ex.bayes_test(conversions=(200, 245), visitors=(2000, 2000))
    assert res.posteriors == {"A": (201.0, 1801.0), "B": (246.0, 1756.0)}
    assert abs(res.prob_b_better - res.prob_b_better_mc) < 4 * res.mc_se
    lo, hi = res.lift_interval
    assert lo < 245 / 200 - 1 < hi and lo > 0
    text = res.summary()
    assert text.startswith("There is a 98.8% probability that B converts better than A")
    assert "Monte Carlo check" in text and "expected loss" in text
    informative = ex.bayes_test(conversions=(200, 245), visitors=(2000, 2000),
                                prior={"A": (10.5, 90), "B": (10.5, 90)})
    assert informative.method == "numerical integration"
    assert informative.posteriors["B"] == (255.5, 1845.0)
    assert res.to_frame()["quantity"].str.contains("expected loss").sum() == 2
    assert res.plot().get_title().startswith("Posterior conversion rates")
    for bad in [(0, 1), (1,), "flat", {"A": (1, 1)}]:
        with pytest.raises(DataError) as info:
            ex.bayes_test(conversions=(1, 2), visitors=(10, 10), prior=bad)
        assert info.value.column == "prior"


# --------------------------------------------------------------------------- power


def test_sample_size_cross_checks_statsmodels():
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    res = ex.sample_size(baseline=0.04, lift=0.15, ratio=2.0, alpha=0.1, power=0.9)
    h = proportion_effectsize(0.04 * 1.15, 0.04)
    n = NormalIndPower().solve_power(effect_size=h, alpha=0.1, power=0.9, ratio=2.0)
    assert res.exact == pytest.approx(n, rel=1e-9)
    assert res.per_group == math.ceil(n) and res.treatment_n == math.ceil(2 * res.per_group)
    assert res.achieved_power >= 0.9
    assert ex.achieved_power(baseline=0.04, lift=0.15, n=res.per_group - 1, ratio=2.0,
                             alpha=0.1) < 0.9
    one = ex.sample_size(baseline=0.04, lift=0.15, ratio=2.0, alpha=0.1, power=0.9,
                         alternative="one-sided")
    assert one.per_group < res.per_group
    assert res.to_frame().loc[0, "per_group"] == res.per_group
    ax = res.plot()
    assert ax.get_ylabel() == "Power (%)" and ax.texts[-1].get_text().startswith("Source:")


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [({"baseline": 1.2, "lift": 0.1}, "baseline"),
     ({"baseline": 0.1, "lift": 0}, "lift"),
     ({"baseline": 0.9, "lift": 0.2}, "lift"),  # 108%
     ({"baseline": 0.1, "lift": 0.1, "power": 80}, "power"),
     ({"baseline": 0.1, "lift": 0.1, "ratio": 0}, "ratio"),
     ({"baseline": 0.1, "lift": 0.1, "alternative": "larger"}, "alternative"),
     ({"baseline": 0.1, "lift": 0.1, "method": "evan-miller", "ratio": 2}, "method")],
)
def test_sample_size_bad_input(kwargs, column):
    with pytest.raises(DataError) as info:
        ex.sample_size(**kwargs)
    assert info.value.column == column


# --------------------------------------------------------------------------- DiD and Lift


def _geo(effect: float = 50.0, pre_slope_gap: float = 0.0, noise: float = 0.0,
         seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2026-01-05", periods=24, freq="W-MON")
    rows = []
    for region, base, treated in [("north", 1000, True), ("south", 900, True),
                                  ("east", 1200, False), ("west", 800, False),
                                  ("centre", 1100, False)]:
        for i, week in enumerate(weeks):
            value = base + 10 * i + 30 * math.sin(i)  # common seasonality
            if treated:
                value += pre_slope_gap * i + (effect if i >= 16 else 0.0)
            rows.append((week, region, value + rng.normal(0, noise) if noise else value, "EUR"))
    return pd.DataFrame(rows, columns=["date", "region", "revenue", "currency"])


def test_did_recovers_a_known_lift_and_exports_a_lift_record():
    frame = _geo()
    res = ex.did(frame, outcome="revenue", treated=["north", "south"], start="2026-04-27")
    assert res.errors.startswith("HAC Newey–West")
    assert res.effect == pytest.approx(50.0, abs=1e-9)
    assert res.treated_periods == 2 * 8
    assert res.lift == pytest.approx(50.0 * 16)
    treated_post = frame[(frame.region.isin(["north", "south"]))
                         & (frame.date >= "2026-04-27")]["revenue"].sum()
    assert res.relative == pytest.approx(800 / (treated_post - 800))
    assert res.pretrend["parallel"] is True
    assert res.currency == "EUR"
    record = res.to_lift("meta")
    out = record.to_dict()
    assert list(out) == ["channel", "start", "end", "lift", "low", "high", "level", "metric"]
    assert out["channel"] == "meta" and out["metric"] == "revenue" and out["level"] == 0.9
    # weekly rows dated on Mondays: the last week runs to Sunday 21 June
    assert (out["start"], out["end"]) == ("2026-04-27", "2026-06-21")
    assert res.summary().count("2026-04-27 to 2026-06-21") == 1
    cut = ex.did(frame, outcome="revenue", treated=["north", "south"], start="2026-04-27",
                 end="2026-06-10")
    assert cut.end == pd.Timestamp("2026-06-10") and cut.treated_periods == 2 * 7
    assert all(type(out[k]) is float for k in ("lift", "low", "high", "level"))
    assert out["low"] <= out["lift"] <= out["high"]
    assert json.loads(json.dumps(out)) == out
    assert "rose by 800 EUR" in res.summary()


def test_did_hac_matches_statsmodels_on_the_difference_series():
    import statsmodels.api as sm

    frame = _geo(noise=15.0, seed=4)
    res = ex.did(frame, outcome="revenue", treated=["north", "south"], start="2026-04-27",
                 maxlags=2)
    wide = frame.assign(t=frame.region.isin(["north", "south"])).pivot_table(
        index="date", columns="t", values="revenue")
    diff = (wide[True] - wide[False]).to_numpy()
    post = (wide.index >= "2026-04-27").astype(float)
    fit = sm.OLS(diff, sm.add_constant(post)).fit(
        cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": True}, use_t=True)
    assert res.effect == pytest.approx(fit.params[1], rel=1e-10)
    assert res.effect_se == pytest.approx(fit.bse[1], rel=1e-10)
    assert res.effect_interval == pytest.approx(tuple(fit.conf_int(alpha=0.1)[1]), rel=1e-10)
    assert res.effect_interval[0] < 50 < res.effect_interval[1]


def test_did_cluster_errors_with_many_units_and_a_flag_column():
    rng = np.random.default_rng(11)
    days = pd.date_range("2026-03-02", periods=6, freq="D")
    rows = [(d, f"store{u}", u < 15, 100 + u + 2 * i + (5 if u < 15 and i >= 3 else 0)
             + rng.normal(0, 1)) for u in range(30) for i, d in enumerate(days)]
    frame = pd.DataFrame(rows, columns=["day", "store", "test_store", "orders"])
    res = ex.did(frame, outcome="orders", treated="test_store", unit="store", date="day",
                 start="2026-03-05")
    assert res.errors == "cluster-robust by store, 30 clusters"
    assert res.effect_interval[0] < 5 < res.effect_interval[1]
    assert res.pretrend["periods"] == 3 and res.pretrend["p_value"] > 0.01
    assert res.lift == pytest.approx(res.effect * 15 * 3)
    assert res.currency is None


def test_did_flags_diverging_pre_trends():
    res = ex.did(_geo(pre_slope_gap=3.0, noise=2.0), outcome="revenue",
                 treated=["north", "south"], start="2026-04-27")
    assert res.pretrend["parallel"] is False and res.pretrend["p_value"] < 0.01
    assert res.pretrend["slope"] == pytest.approx(3.0, abs=0.3)
    assert any("parallel-trends assumption" in w for w in res.warnings)
    assert "pre-period trends differ" in res.summary()


def test_did_plot_marks_the_intervention():
    res = ex.did(_geo(), outcome="revenue", treated=["north", "south"], start="2026-04-27")
    ax = res.plot()
    assert ax.get_title() == "Revenue: treated vs control regions"
    assert ax.get_ylabel() == "Mean revenue per region (EUR)" and ax.get_xlabel() == "Date"
    labels = [line.get_label() for line in ax.get_lines()]
    assert "treated (2)" in labels and "control (3)" in labels
    assert "treated without the intervention" in labels
    assert any(t.get_text() == "intervention" for t in ax.texts)
    assert any(t.get_text().startswith("Source:") for t in ax.texts)
    assert "<table" in res._repr_html_()


def test_did_without_enough_data_for_errors_still_gives_the_estimate():
    frame = pd.DataFrame({"region": ["NJ", "NJ", "PA", "PA"],
                          "date": ["1992-02-15", "1992-11-15"] * 2,
                          "fte": [20.44, 21.03, 23.33, 21.17]})
    res = ex.did(frame, outcome="fte", treated=["NJ"], start="1992-04-01")
    assert res.effect == pytest.approx(2.75)
    assert math.isnan(res.lift_interval[0]) and any("too few" in w for w in res.warnings)
    assert "could not be computed" in res.summary()
    with pytest.raises(DataError, match="interval"):
        res.to_lift("tv")  # a calibration record needs an interval


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [({"outcome": "sales"}, "sales"),
     ({"treated": ["atlantis"]}, "treated"),
     ({"treated": ["north", "south", "east", "west", "centre"]}, "treated"),
     ({"start": "2025-01-01"}, "start"),
     ({"start": "2026-04-27", "end": "2026-01-01"}, "end"),
     ({"errors": "bootstrap"}, "errors"),
     ({"level": 90}, "level"),
     ({"treated": "revenue"}, "revenue")],
)
def test_did_bad_input(kwargs, column):
    args = {"outcome": "revenue", "treated": ["north"], "start": "2026-04-27", **kwargs}
    with pytest.raises(DataError) as info:
        ex.did(_geo(), **args)
    assert info.value.column == column


def test_did_refuses_mixed_currencies():
    frame = _geo()
    frame.loc[0, "currency"] = "USD"
    with pytest.raises(DataError, match="several currencies"):
        ex.did(frame, outcome="revenue", treated=["north"], start="2026-04-27")


def test_lift_record_validation():
    good = ex.Lift("meta", "2026-03-02", "2026-03-29", 10.0, 2.0, 20.0, level=0.8,
                   metric="conversions")
    assert good.to_dict()["start"] == "2026-03-02" and good.to_dict()["level"] == 0.8
    for kwargs, column in [({"low": 11.0}, "lift"), ({"end": "2026-02-01"}, "end"),
                           ({"level": 90}, "level"), ({"channel": ""}, "channel"),
                           ({"high": float("nan")}, "high"), ({"start": "soon"}, "start")]:
        args = {"channel": "meta", "start": "2026-03-02", "end": "2026-03-29", "lift": 10.0,
                "low": 2.0, "high": 20.0, **kwargs}
        with pytest.raises(DataError) as info:
            ex.Lift(**args)
        assert info.value.column == column
