"""The shortlist: recovery of planted fakes, fit and quality, budget, reasons, errors."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import smtools.influence as inf
import smtools.synth as synth
from smtools import audience, tables
from smtools.errors import DataError

CASES = [(slug, seed) for slug in synth.demo_clients() for seed in (0, 1, 2)]


def _run(data: synth.SynthData, **kw) -> tuple[inf.Shortlist, pd.DataFrame]:
    sl = inf.shortlist(data.tables["influencers"], posts=data.tables["influencer_posts"],
                       target=audience.target(data.brief), **kw)
    truth = {c["handle"]: c for c in data.truth["influencers"]["candidates"]}
    frame = sl.to_frame()
    frame["fake"] = [truth[h]["fake"] for h in frame["handle"]]
    frame["kind"] = [truth[h]["kind"] for h in frame["handle"]]
    return sl, frame


@pytest.mark.parametrize(("slug", "seed"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_planted_fakes_are_never_in_the_top_half(client_data, slug: str, seed: int) -> None:
    data = client_data(slug, seed)
    _, frame = _run(data)
    fakes = frame[frame["fake"]]
    assert len(fakes) >= 4
    assert fakes["rank"].min() > len(frame) // 2, fakes[["handle", "rank", "flags"]]
    # each kind is caught by its own signals
    bought = fakes[fakes["kind"] == "bought_followers"]
    pods = fakes[fakes["kind"] == "engagement_pod"]
    assert bought["growth_jump"].all()
    assert (pods["concentration"] & pods["comment_ratio"]).all()
    # genuine candidates are rarely screened
    assert (frame.loc[~frame["fake"], "screened"]).mean() <= 0.1


def test_fakes_sink_even_without_the_screen(client_data) -> None:
    data = client_data("atelier-nova", 0)
    _, frame = _run(data, screen=None)
    assert frame.loc[frame["fake"], "authenticity_score"].max() <= 50
    assert frame.loc[frame["fake"], "rank"].median() > frame.loc[~frame["fake"], "rank"].median()


@pytest.mark.parametrize("slug", ["bistro-lumiere", "atelier-nova"])
def test_audience_index_follows_the_true_share_in_target(client_data, slug: str) -> None:
    data = client_data(slug, 1)
    _, frame = _run(data)
    truth = {c["handle"]: c for c in data.truth["influencers"]["candidates"]}
    known = frame[frame["audience_index"].notna()]
    true_share = [truth[h]["share_in_target"] for h in known["handle"]]
    rho = stats.spearmanr(known["audience_index"], true_share).statistic
    assert rho > 0.9
    unknown = frame[frame["audience_index"].isna()]
    assert (unknown["fit_score"] == 50).all()
    assert unknown["reasons"].str.contains("breakdown unknown").all()


def test_engagement_quality_follows_the_true_quality(client_data) -> None:
    data = client_data("atelier-nova", 2)
    _, frame = _run(data)
    truth = {c["handle"]: c for c in data.truth["influencers"]["candidates"]}
    genuine = frame[~frame["fake"] & (frame["norm_source"] == "benchmark")]
    quality = [truth[h]["quality"] for h in genuine["handle"]]
    rho = stats.spearmanr(genuine["typical_rate"] / genuine["norm"], quality).statistic
    assert rho > 0.7


def test_reasons_name_the_figures(client_data) -> None:
    sl, frame = _run(client_data("bistro-lumiere", 0))
    top = frame.iloc[0]
    assert top["reasons"].startswith("Audience index")
    assert "engagement rate" in top["reasons"]
    assert "norm for" in top["reasons"] or "pool median for" in top["reasons"]
    assert "CPM €" in top["reasons"] and "no fraud signals" in top["reasons"]
    flagged = frame[frame["screened"]].iloc[0]
    assert "fraud signals:" in flagged["reasons"]
    assert "ranked after the unflagged candidates" in flagged["reasons"]
    flags = sl.flags()
    assert set(flags["flag"]) <= set(inf.FLAG_WEIGHTS)
    assert flags["detail"].str.len().gt(10).all()


def test_score_is_the_documented_weighted_mean(client_data) -> None:
    _, frame = _run(client_data("cloudledger", 0))
    comps = np.column_stack([frame[f"{c}_score"] for c in inf.WEIGHTS])
    weights = np.array(list(inf.WEIGHTS.values()))
    assert np.allclose(frame["score"], comps @ weights / weights.sum())
    # GB has a population reference: the index is against the population
    assert (frame["index_base"] == "population").all()
    only_fit = inf.shortlist(client_data("cloudledger", 0).tables["influencers"],
                             posts=client_data("cloudledger", 0).tables["influencer_posts"],
                             target=audience.target(client_data("cloudledger", 0).brief),
                             weights={"engagement": 0, "authenticity": 0, "brand_safety": 0,
                                      "cost": 0}).to_frame()
    assert np.allclose(only_fit["score"], only_fit["fit_score"])


def test_budget_selects_the_best_affordable_unflagged_candidates(client_data) -> None:
    data = client_data("atelier-nova", 1)
    budget = 5_000.0
    sl, frame = _run(data, budget=budget)
    chosen = frame[frame["selected"]]
    assert 0 < chosen["price_per_post"].sum() <= budget
    assert not chosen["screened"].any()
    first_skipped = frame[~frame["selected"] & ~frame["screened"]]
    if len(first_skipped):
        # anything ranked above the last selected and not selected was too expensive then
        last = chosen["rank"].max()
        above = first_skipped[first_skipped["rank"] < last]
        spent_before = [chosen[chosen["rank"] < r]["price_per_post"].sum() for r in above["rank"]]
        assert all(p > budget - s for p, s in zip(above["price_per_post"], spent_before,
                                                  strict=True))
    assert "selected within the budget" in sl._repr_html_()


def test_synthetic_tables_are_canonical(client_data) -> None:
    data = client_data("bistro-lumiere", 0)
    for name in ("influencers", "influencer_posts"):
        frame = data.tables[name]
        pd.testing.assert_frame_equal(tables.validate(name, frame), frame)
        assert list(frame.columns) == tables.TABLES[name].names
    inf_t = data.tables["influencers"]
    assert set(inf_t["network"]) <= {"facebook", "instagram"}
    assert (inf_t["currency"] == "EUR").all()
    n = data.truth["influencers"]["n_candidates"]
    assert 36 <= n <= 60 and len(inf_t) == n


def test_plot_and_html(client_data) -> None:
    sl, _ = _run(client_data("atelier-nova", 0))
    ax = sl.plot(top=10)
    assert ax.get_title().startswith("Influencer shortlist")
    assert ax.get_xlabel().startswith("Score") and ax.get_ylabel() == "Candidate"
    assert any(t.get_text().startswith("Source") for t in ax.texts)
    assert len(ax.get_yticklabels()) == 10
    plt.close(ax.figure)
    html = sl._repr_html_()
    assert "<table" in html and "score = " in html


def test_bad_input_names_the_column_or_parameter(client_data) -> None:
    data = client_data("bistro-lumiere", 0)
    cand, posts = data.tables["influencers"], data.tables["influencer_posts"]
    t = audience.target(data.brief)
    with pytest.raises(DataError, match="parameter posts is missing"):
        inf.shortlist(cand, target=t)
    with pytest.raises(DataError, match="column 'likes'"):
        inf.shortlist(cand, target=t, posts=posts.drop(columns="likes"))
    with pytest.raises(DataError, match="unknown weight 'reach'"):
        inf.shortlist(cand, target=t, posts=posts, weights={"reach": 1.0})
    with pytest.raises(DataError, match="appears twice"):
        inf.shortlist(pd.concat([cand, cand.iloc[:1]]), target=t, posts=posts)
    mixed = cand.assign(currency=["EUR", "USD"] * (len(cand) // 2) + ["EUR"] * (len(cand) % 2))
    with pytest.raises(DataError, match="several currencies"):
        inf.shortlist(mixed, target=t, posts=posts, budget=1000)
    with pytest.raises(DataError, match="target"):
        inf.shortlist(cand, target=None, posts=posts)
