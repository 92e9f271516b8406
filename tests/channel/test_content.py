"""Content comparison: known answers, recovery of the true format and pillar effects."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.multitest import multipletests

import smtools as sm
from smtools.errors import DataError
from smtools.synth import demo_clients

#: |ln(estimated ratio ÷ true ratio)| allowed (≈ 3.5 standard errors at ~250 posts a group)
TOLERANCE = 0.12


def exact_posts() -> pd.DataFrame:
    """Rates (x + ½) ÷ d of exactly 1%, 4% (image) and 2%, 8% (reel): geometric means 2% and 4%."""
    return pd.DataFrame({"channel": "ig", "format": ["image", "image", "reel", "reel"] * 5,
                         "impressions": 1000.0,
                         "likes": [9.5, 39.5, 19.5, 79.5] * 5})


def noisy_posts(seed: int = 1, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    fmt = rng.choice(["image", "carousel", "reel"], n, p=[0.5, 0.3, 0.2])
    channel = rng.choice(["facebook", "instagram"], n)
    effect = pd.Series({"image": 1.0, "carousel": 1.3, "reel": 1.8})[fmt].to_numpy()
    base = np.where(channel == "instagram", 0.04, 0.02)
    impressions = rng.integers(2000, 4000, n).astype(float)
    likes = rng.poisson(impressions * base * effect * rng.lognormal(0, 0.3, n))
    return pd.DataFrame({"channel": channel, "format": fmt, "impressions": impressions,
                         "likes": likes.astype(float)})


class TestKnownAnswers:
    def test_ratio_of_geometric_means(self) -> None:
        cc = sm.channel.compare_content(exact_posts(), by="format", reference="image")
        g = cc.to_frame()
        assert g.loc["reel", "ratio"] == pytest.approx(2.0)
        assert g.loc["image", "ratio"] == 1.0
        # descriptive rates: ratio of sums and mean of per-post rates
        assert g.loc["image", "rate"] == pytest.approx((9.5 + 39.5) / 2000)
        assert g.loc["reel", "rate_mean"] == pytest.approx((0.0195 + 0.0795) / 2)
        assert g.loc["reel", "posts"] == 10

    def test_matches_statsmodels_formula_with_hc3(self) -> None:
        posts = noisy_posts()
        cc = sm.channel.compare_content(posts, by="format", reference="image")
        y = np.log((posts["likes"] + 0.5) / posts["impressions"])
        fit = smf.ols("y ~ C(format, Treatment('image')) + C(channel)",
                      data=posts.assign(y=y)).fit(cov_type="HC3")
        b = fit.params["C(format, Treatment('image'))[T.reel]"]
        se = fit.bse["C(format, Treatment('image'))[T.reel]"]
        g = cc.to_frame()
        assert g.loc["reel", "ratio"] == pytest.approx(np.exp(b))
        assert g.loc["reel", "ratio_low"] == pytest.approx(np.exp(b - 1.959963985 * se))
        assert g.loc["reel", "ratio"] == pytest.approx(1.8, rel=0.1)
        assert g.loc["carousel", "ratio"] == pytest.approx(1.3, rel=0.1)

    def test_tests_and_effect_size(self) -> None:
        posts = noisy_posts()
        cc = sm.channel.compare_content(posts, by="format")
        t = cc.tests
        assert t["wald_p"] < 1e-6 and t["kruskal_p"] < 1e-6
        assert 0.05 < t["partial_eta2"] < 0.9
        assert t["df_num"] == 2 and t["n"] == len(posts)
        # Kruskal–Wallis on log rates centred within each channel
        y = pd.Series(np.log((posts["likes"] + 0.5) / posts["impressions"]))
        y = y - y.groupby(posts["channel"]).transform("median")
        h = stats.kruskal(*[y[posts["format"] == f] for f in ("image", "carousel", "reel")])
        assert t["kruskal_h"] == pytest.approx(h.statistic)

    def test_pairwise_holm(self) -> None:
        cc = sm.channel.compare_content(noisy_posts(), by="format")
        pw = cc.pairwise
        assert len(pw) == 3
        assert set(map(frozenset, zip(pw["a"], pw["b"], strict=True))) == {
            frozenset(p) for p in itertools.combinations(["image", "carousel", "reel"], 2)}
        np.testing.assert_allclose(pw["p_holm"],
                                   multipletests(pw["p_value"], method="holm")[1])
        r = cc.pairwise_row("reel", "carousel")
        assert r["ratio"] == pytest.approx(cc.to_frame().loc["reel", "ratio"]
                                           / cc.to_frame().loc["carousel", "ratio"])
        assert r["ratio_low"] < r["ratio"] < r["ratio_high"]

    def test_tests_hold_their_level_without_a_difference(self) -> None:
        # random labels: about 5% of the tests may reject at the 5% level
        rejected_f, rejected_kw, sentences = 0, 0, 0
        for i in range(60):
            posts = noisy_posts(seed=i % 5)
            posts["format"] = np.random.default_rng(100 + i).choice(["a", "b", "c"], len(posts))
            cc = sm.channel.compare_content(posts, by="format")
            rejected_f += cc.tests["wald_p"] < 0.05
            rejected_kw += cc.tests["kruskal_p"] < 0.05
            sentences += "do not differ clearly" in cc.sentence()
        assert rejected_f <= 9 and rejected_kw <= 9  # binomial(60, 0.05): P(> 9) < 0.2%
        assert sentences == 60 - rejected_f

    def test_adjusting_for_the_channel_removes_confounding(self) -> None:
        # reels only on the network with the higher base rate, no true format effect
        rng = np.random.default_rng(5)
        n = 800
        channel = rng.choice(["facebook", "instagram"], n)
        fmt = np.where(channel == "instagram", rng.choice(["image", "reel"], n), "image")
        base = np.where(channel == "instagram", 0.05, 0.02)
        posts = pd.DataFrame({"channel": channel, "format": fmt, "impressions": 3000.0,
                              "likes": rng.poisson(3000 * base * rng.lognormal(0, .3, n))
                              .astype(float)})
        pooled = sm.channel.compare_content(posts, within=None, reference="image")
        fixed = sm.channel.compare_content(posts, reference="image")
        assert pooled.to_frame().loc["reel", "ratio"] > 1.5  # confounded
        assert fixed.to_frame().loc["reel", "ratio"] == pytest.approx(1.0, abs=0.08)


class TestRecovery:
    @pytest.mark.slow
    @pytest.mark.parametrize("slug", demo_clients())
    @pytest.mark.parametrize("seed", [0, 1])
    def test_format_effects(self, organic, slug: str, seed: int) -> None:
        posts, truth, _ = organic(slug, seed)
        for channel, ch in truth["channels"].items():
            true = ch["format_effect"]
            cc = sm.channel.compare_content(posts[posts["channel"] == channel], by="format",
                                            metric="er_followers")
            check_recovery(cc, true, (slug, seed, channel))

    @pytest.mark.slow
    @pytest.mark.parametrize("slug", demo_clients())
    @pytest.mark.parametrize("seed", [0, 1])
    def test_pillar_effects(self, organic, slug: str, seed: int) -> None:
        posts, truth, _ = organic(slug, seed)
        cc = sm.channel.compare_content(posts, by="pillar", metric="er_followers")
        assert cc.within == ["channel"]
        check_recovery(cc, truth["pillar_effect"], (slug, seed))


def check_recovery(cc: sm.channel.ContentComparison, true: dict[str, float], where) -> None:
    est = cc.to_frame()["ratio"]
    ref = cc.reference
    for group, effect in true.items():
        expected = effect / true[ref]
        assert abs(np.log(est[group] / expected)) < TOLERANCE, (where, group, est[group],
                                                                  expected)
    # ranking: every pair whose true effects differ by more than 10% is in the right order
    for a, b in itertools.combinations(true, 2):
        if abs(np.log(true[a] / true[b])) > 0.1:
            assert (est[a] > est[b]) == (true[a] > true[b]), (where, a, b)


class TestResult:
    def test_sentence(self) -> None:
        cc = sm.channel.compare_content(exact_posts(), by="format", reference="image")
        assert cc.sentence().startswith("Format “reel” earns 2.00× the engagement rate by "
                                        "impressions of “image” (95% CI ")
        assert "<p>" in cc._repr_html_() and "reel" in cc._repr_html_()

    def test_reference_is_the_most_posted_group(self) -> None:
        cc = sm.channel.compare_content(noisy_posts(), by="format")
        assert cc.reference == "image"
        assert cc.to_frame().index[0] == "reel"  # best first

    def test_plot(self) -> None:
        ax = sm.channel.compare_content(noisy_posts(), by="format").plot()
        assert ax.get_title() == "Engagement rate by impressions by format, relative to “image”"
        assert ax.get_xlabel() == "Format"
        assert "×" in ax.get_ylabel()
        assert any(t.get_text().startswith("Source:") for t in ax.texts)

    def test_controls(self) -> None:
        posts = noisy_posts().assign(pillar=lambda f: np.where(f.index % 2, "a", "b"))
        cc = sm.channel.compare_content(posts, by="format", controls=["pillar"])
        assert cc.controls == ["pillar"] and "pillar" in cc.sentence()


class TestBadInput:
    @pytest.mark.parametrize(("kwargs", "match"), [
        ({"by": "mood"}, "no column 'mood'"),
        ({"metric": "vibes"}, "unknown metric"),
        ({"metric": "er_reach"}, "no column 'reach'"),
        ({"reference": "story"}, "reference='story'"),
        ({"within": "account"}, "no column 'account'"),
        ({"level": 0}, "level"),
    ])
    def test_refused(self, kwargs: dict, match: str) -> None:
        with pytest.raises(DataError, match=match):
            sm.channel.compare_content(noisy_posts(), **kwargs)

    def test_one_group_only(self) -> None:
        with pytest.raises(DataError, match="nothing to compare"):
            sm.channel.compare_content(noisy_posts().assign(format="image"))

    def test_posts_without_impressions_are_left_out(self) -> None:
        posts = noisy_posts()
        posts.loc[:4, "impressions"] = 0.0
        cc = sm.channel.compare_content(posts)
        assert cc.tests["n"] == len(posts) - 5
        assert cc.notes and cc.notes[0].startswith("5 posts left out")
