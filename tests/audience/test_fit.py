"""Target, size, platform fit and follower gap: hand-computed answers and errors."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import smtools.audience as aud
import smtools.synth as synth
from smtools.errors import DataError

POP = pd.DataFrame({"age_band": ["18-24", "18-24", "25-34", "25-34"],
                    "gender": ["female", "male", "female", "male"],
                    "population": [100.0, 100.0, 200.0, 200.0]})
REF = pd.DataFrame({
    "network": ["a"] * 4 + ["b"] * 4,
    "age_band": ["18-24", "18-24", "25-34", "25-34"] * 2,
    "gender": ["female", "male"] * 4,
    "users": [50.0, 30.0, 20.0, 20.0, 10.0, 10.0, 60.0, 60.0],
})


def test_composition_index_and_coverage_by_hand() -> None:
    fit = aud.platform_fit(aud.Target(ages=(18, 24)), reference=REF, population=POP)
    rows = fit.to_frame().set_index("network")
    # population share in target = 200 / 600; network a: 80 of its 120 users in target
    assert rows.loc["a", "composition"] == pytest.approx(80 / 120)
    assert rows.loc["a", "population_share"] == pytest.approx(1 / 3)
    assert rows.loc["a", "index"] == pytest.approx(200.0)
    assert rows.loc["a", "coverage"] == pytest.approx(80 / 200)
    assert rows.loc["b", "index"] == pytest.approx((20 / 140) / (1 / 3) * 100)
    assert rows.loc["b", "coverage"] == pytest.approx(0.1)
    assert fit.best == "a"
    women = aud.platform_fit(aud.Target(ages=(18, 24), genders=("female",)), reference=REF,
                             population=POP).to_frame().set_index("network")
    assert women.loc["a", "index"] == pytest.approx((50 / 120) / (100 / 600) * 100)
    assert women.loc["a", "coverage"] == pytest.approx(0.5)


def test_a_band_cut_by_the_age_range_counts_by_population() -> None:
    single = pd.DataFrame({"age": list(range(18, 35)), "gender": ["female"] * 17,
                           "population": [10.0] * 17})
    ref = REF[(REF["network"] == "a") & (REF["gender"] == "female")]
    row = aud.platform_fit(aud.Target(ages=(18, 29), genders=("female",)), reference=ref,
                           population=single).to_frame().iloc[0]
    # 25-34 is half inside: users in target 50 + 0.5 x 20, population 70 + 50 of 170
    assert row["users_in_target"] == pytest.approx(60.0)
    assert row["index"] == pytest.approx((60 / 70) / (120 / 170) * 100)
    assert row["coverage"] == pytest.approx(60 / 120)


def test_followers_replace_the_reference_and_gap_by_hand() -> None:
    fol = pd.DataFrame({"client": "c", "source": "followers", "channel": "Instagram",
                        "age_band": ["18-24", "18-24", "25-34", "25-34", "25-34"],
                        "gender": ["female", "male", "female", "male", "unknown"],
                        "region": "Lyon", "users": [40.0, 20.0, 30.0, 10.0, 99.0]})
    ref = REF.assign(network=REF["network"].map({"a": "instagram", "b": "tiktok"}))
    fit = aud.platform_fit(aud.Target(ages=(18, 24)), reference=ref, population=POP,
                           audience=fol).to_frame().set_index("network")
    assert fit.loc["instagram", "source"] == "followers"
    assert fit.loc["instagram", "composition"] == pytest.approx(60 / 100)
    assert fit.loc["tiktok", "source"] == "reference"
    gap = aud.follower_gap(fol, aud.Target(ages=(18, 24)), population=POP).to_frame().iloc[0]
    assert gap["followers"] == 100.0                       # unknown gender left out
    assert gap["share_in_target"] == pytest.approx(0.6)
    assert gap["index"] == pytest.approx(180.0)
    assert gap["gap_people"] == pytest.approx(60 - 100 / 3)


def test_regions_apply_to_both_sides_only_with_a_region_share() -> None:
    fol = pd.DataFrame({"channel": "instagram", "age_band": "18-24", "gender": "female",
                        "region": ["Lyon", "Paris"], "users": [30.0, 70.0]})
    t = aud.Target(ages=(18, 24), regions=("Lyon",))
    plain = aud.follower_gap(fol, t, population=POP).to_frame().iloc[0]
    assert plain["share_in_target"] == pytest.approx(1.0)
    regional = aud.follower_gap(fol, t, population=POP, region_share=0.1).to_frame().iloc[0]
    assert regional["share_in_target"] == pytest.approx(0.3)
    assert regional["population_share"] == pytest.approx(0.1 * 200 / 600)


def test_target_from_a_brief_and_size() -> None:
    brief = synth.brief_for("cloudledger")
    t = aud.target(brief)
    assert t.ages == (25, 64) and t.country == "GB" and t.age_bands[0] == "25-34"
    assert aud.target(brief, country="US").country == "US"
    us = aud.target(ages=(25, 34), genders=["male"], country="US")
    s = aud.size(us)
    pop = aud.reference.population()
    expected = pop[(pop["country"] == "US") & pop["age"].between(25, 34)
                   & (pop["gender"] == "male")]["population"].sum()
    assert s.total == pytest.approx(expected)
    assert s.to_frame()["in_target"].sum() == pytest.approx(expected)
    assert "interest" not in " ".join(s.notes)
    s2 = aud.size(aud.target(brief, country="FR"), interest_share=0.2)
    assert any("Interests applied" in n for n in s2.notes)
    # the brief's own market: ONS mid-2023, UK residents aged 25-64
    gb = aud.size(t)
    expected = pop[(pop["country"] == "GB") & pop["age"].between(25, 64)]["population"].sum()
    assert gb.total == pytest.approx(expected) and gb.total == 35_583_818
    assert 25e6 < aud.size(aud.target(ages=(25, 54), country="GB")).total < 28e6
    assert gb.source.startswith("Office for National Statistics")


def test_platform_fit_for_the_cloudledger_market_by_hand() -> None:
    t = aud.target(synth.brief_for("cloudledger"))
    fit = aud.platform_fit(t)
    rows = fit.to_frame().set_index("network")
    assert fit.country == "GB"
    assert {"facebook", "instagram", "tiktok", "linkedin", "youtube", "pinterest", "snapchat",
            "x"} <= set(rows.index)
    ref = aud.reference.network_audience("GB")
    pop = aud.reference.population_by_band("GB")
    adults = pop[pop["age_band"] != "13-17"]
    in_bands = ["25-34", "35-44", "45-54", "55-64"]
    pop_in = adults[adults["age_band"].isin(in_bands)]["population"].sum()
    pop_share = pop_in / adults["population"].sum()          # the reference starts at 18
    for net in ("linkedin", "youtube", "tiktok"):
        cells = ref[ref["network"] == net]
        users_in = cells[cells["age_band"].isin(in_bands)]["users"].sum()
        assert rows.loc[net, "users_in_target"] == pytest.approx(users_in)
        assert rows.loc[net, "population_share"] == pytest.approx(pop_share)
        index = users_in / cells["users"].sum() / pop_share * 100
        assert rows.loc[net, "index"] == pytest.approx(index)
        assert rows.loc[net, "coverage"] == pytest.approx(users_in / pop_in)
    assert rows["coverage"].between(0, 1).all() and rows["index"].between(50, 200).all()
    assert any("GB" in s for s in fit.sources)


def test_charts_have_titles_labels_and_sources() -> None:
    t = aud.target(synth.brief_for("atelier-nova"))
    for obj in (aud.platform_fit(t), aud.size(t)):
        ax = obj.plot()
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert any(txt.get_text().startswith("Source") for txt in ax.texts)
        html = obj._repr_html_()
        assert "<table" in html
        plt.close(ax.figure)
    d = synth.generate("atelier-nova", 0)
    gap = aud.follower_gap(d.tables["audience"], t)
    ax = gap.plot()
    assert ax.get_ylabel() == "Share in the target (%)"
    plt.close(ax.figure)
    assert set(gap.to_frame()["channel"]) == {"instagram", "tiktok", "pinterest"}


def test_bad_input_names_the_parameter() -> None:
    with pytest.raises(DataError, match="ages"):
        aud.target(ages=(10, 20))
    with pytest.raises(DataError, match="genders"):
        aud.target(genders=["other"])
    elsewhere = aud.target(synth.brief_for("cloudledger"), country="DE")
    with pytest.raises(DataError, match="no network reference for country 'DE'"):
        aud.platform_fit(elsewhere, population=POP)
    with pytest.raises(DataError, match="no population reference for country 'DE'"):
        aud.size(elsewhere)
    with pytest.raises(DataError, match="column 'users'"):
        aud.follower_gap(pd.DataFrame({"channel": ["x"], "age_band": ["18-24"],
                                       "gender": ["male"]}), aud.Target(), population=POP)
    with pytest.raises(DataError, match="region_share"):
        aud.size(aud.Target(country="US"), region_share=1.5)
    with pytest.raises(DataError, match="networks"):
        aud.platform_fit(aud.Target(country="US"), networks=["myspace"])
