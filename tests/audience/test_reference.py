"""The shipped reference data: complete, sourced, in range and reproducible."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from smtools.audience import reference as ref

MAIN = ["facebook", "instagram", "tiktok", "linkedin", "youtube", "pinterest", "snapchat", "x"]


def test_population_totals_match_the_published_files() -> None:
    pop = ref.population()
    totals = pop.groupby(["country", "gender"])["population"].sum()
    # nc-est2024-agesex-res.csv totals (SEX=1, SEX=2) and INSEE's 68,042,591 on 1 Jan 2023
    assert totals[("US", "male")] == 168_337_882
    assert totals[("US", "female")] == 171_773_106
    assert totals["FR"].sum() == 68_042_591
    # ONS mid-2023 (MYE2 tables): 68,265,209 usual residents of the UK on 30 June 2023
    assert totals["GB"].sum() == 68_265_209
    assert totals[("GB", "female")] == 34_814_781
    assert totals[("GB", "male")] == 33_450_428
    assert set(pop["age"]) == set(range(101))
    # ONS's oldest single group is "90 and over", shipped as age 90
    assert set(pop.loc[pop["country"] == "GB", "age"]) == set(range(91))
    assert (pop["population"] > 0).all()
    assert pop["source"].str.len().gt(20).all() and pop["year"].notna().all()


@pytest.mark.parametrize("name", ["population.csv", "network_usage.csv", "network_audience.csv",
                                  "influencer_norms.csv", "influencer_bands.csv"])
def test_every_row_has_a_source_a_url_and_a_year(name: str) -> None:
    frame = pd.read_csv(ref.reference_path(name))
    assert len(frame) > 0
    for col in ("source", "source_url", "year"):
        assert frame[col].notna().all(), (name, col)
    assert frame["source_url"].str.startswith("https://").all()
    assert frame["year"].between(2020, 2026).all()


def test_network_audience_is_in_range_and_complete() -> None:
    aud = ref.network_audience()
    assert aud["share"].between(0, 1).all()
    assert (aud["users"] <= aud["population"]).all()
    assert (aud["derived"] == "yes").all() and aud["method"].str.len().gt(40).all()
    for country in ("FR", "GB", "US"):
        nets = set(aud.loc[aud["country"] == country, "network"])
        assert set(MAIN) <= nets, country
    cells = aud.groupby(["country", "network"]).size()
    assert (cells == 12).all()           # 6 adult bands x 2 genders
    assert set(aud["age_band"]) == set(ref.AGE_BANDS[1:])


def test_us_reference_reproduces_pew_overall_shares() -> None:
    aud = ref.network_audience("US")
    usage = ref.network_usage()
    overall = usage[(usage["country"] == "US") & (usage["segment"] == "all")].set_index(
        "network")["share"]
    adults = aud.groupby("network")[["users", "population"]].sum()
    implied = adults["users"] / adults["population"]
    for net in MAIN:
        assert implied[net] == pytest.approx(overall[net], abs=0.02), net


def test_fr_reference_matches_the_french_levels() -> None:
    aud = ref.network_audience("FR")
    usage = ref.network_usage().query("country == 'FR' and used == 'yes'").set_index("network")
    pop = ref.population().query("country == 'FR'")
    adults_18_64 = pop[pop["age"].between(18, 64)]["population"].sum()
    # users aged 18-64 are not in the bands exactly (65+ is separate), so check the total
    # against the level on bands 18-24 … 55-64
    working = aud[aud["age_band"] != "65+"]
    for net in ("facebook", "instagram", "tiktok", "linkedin", "pinterest", "snapchat", "x"):
        rows = working[working["network"] == net]
        assert rows["users"].sum() / adults_18_64 == pytest.approx(usage.loc[net, "share"],
                                                                   abs=0.01), net
    yt = aud[aud["network"] == "youtube"]["users"].sum()
    assert yt == pytest.approx(42_000_000, rel=0.01)


def test_gb_bands_are_the_ons_single_years_summed() -> None:
    pop = ref.population().query("country == 'GB'")
    bands = ref.population_by_band("GB").set_index(["age_band", "gender"])["population"]
    for band in ref.AGE_BANDS:
        for g in ref.GENDERS:
            ages = pop[pop["age"].isin(ref.band_ages(band)) & (pop["gender"] == g)]
            assert bands[(band, g)] == ages["population"].sum(), (band, g)
    # the brief's 25-54 and cloudledger's 25-64: UK adults, in millions
    assert 25e6 < bands.loc[["25-34", "35-44", "45-54"]].sum() < 28e6
    assert bands.loc[["25-34", "35-44", "45-54", "55-64"]].sum() == 35_583_818


def test_gb_reference_reproduces_the_ipsos_iris_levels() -> None:
    aud = ref.network_audience("GB")
    usage = ref.network_usage().query("country == 'GB' and used == 'yes'").set_index("network")
    assert set(MAIN) <= set(usage.index)
    for net in MAIN:
        rows = aud[aud["network"] == net]
        method = rows["method"].iloc[0]
        assert method.startswith("GB: US profile") and "Ipsos iris" in method
        # users aged 15+ = users in the bands (18+) + the 15-17s the method counted apart
        under = float(re.search(r"([\d.]+) million of them", method).group(1)) * 1e6
        assert rows["users"].sum() + under == pytest.approx(usage.loc[net, "users"], abs=6e4), net
        assert (rows["derived"] == "yes").all() and rows["source"].str.contains("ONS").all()


def test_gb_reference_agrees_with_ofcoms_adult_counts() -> None:
    """Ofcom's 18+ counts for May 2023 (kept unused) check the 15+ level and the 18+ cut."""
    aud = ref.network_audience("GB").groupby("network")["users"].sum()
    usage = ref.network_usage()
    check = usage[(usage["country"] == "GB") & (usage["segment"] == "monthly users 18+")]
    assert set(check["used"]) == {"no"} and len(check) == 3
    for _, row in check.iterrows():
        assert aud[row["network"]] == pytest.approx(row["users"], rel=0.05), row["network"]


def test_gb_tiktok_falls_with_age_as_in_the_uk_figures() -> None:
    """The borrowed US shape keeps the UK order by age (it is flatter: see the README)."""
    aud = ref.network_audience("GB").query("network == 'tiktok'")
    rate = aud.groupby("age_band")[["users", "population"]].sum()
    rate = (rate["users"] / rate["population"]).reindex(list(ref.AGE_BANDS[1:]))
    assert rate.is_monotonic_decreasing
    uk = ref.network_usage().query("country == 'GB' and network == 'tiktok' and used == 'no'")
    by_age = uk[uk["segment"].str[0].str.isdigit()].set_index("segment")["share"]
    assert list(by_age.index) == ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    assert by_age.is_monotonic_decreasing


def test_scale_to_solves_with_the_cap_binding() -> None:
    pops = [np.array([100.0]), np.array([100.0])]
    rates = [np.array([0.5]), np.array([1.0])]
    assert ref._scale_to(120, pops, rates) == pytest.approx(0.8)
    # at k = 1.44 the second cell is capped at 0.98: 100 x 0.72 + 98 = 170
    assert ref._scale_to(170, pops, rates) == pytest.approx(1.44)
    from smtools.errors import DataError

    with pytest.raises(DataError, match="exceed 98%"):
        ref._scale_to(197, pops, rates)
    assert ref._age_floor("monthly users 15+") == 15 and ref._age_floor("monthly users") == 18


def test_shipped_network_audience_is_what_the_derivation_gives() -> None:
    rebuilt = ref.derive_network_audience(ref.population(), ref.network_usage())
    shipped = ref.network_audience()
    pd.testing.assert_frame_equal(
        rebuilt[["country", "network", "age_band", "gender", "users", "population"]],
        shipped[["country", "network", "age_band", "gender", "users", "population"]],
        check_dtype=False)


def test_published_usage_figures_are_shares_and_sourced() -> None:
    usage = ref.network_usage()
    shares = usage["share"].dropna()
    assert shares.between(0, 1).all()
    assert set(usage["used"]) == {"yes", "no"}
    assert (usage["derived"] == "no").all()
    us = usage[(usage["country"] == "US") & (usage["network"] == "instagram")]
    assert dict(zip(us["segment"], us["share"], strict=True))["18-29"] == 0.80


def test_band_helpers_and_unknown_country() -> None:
    assert ref.band_of(65) == "65+" and ref.band_of(17) == "13-17"
    from smtools.errors import DataError

    with pytest.raises(DataError, match="no population reference for country 'DE'"):
        ref.population_by_band("DE")
    with pytest.raises(DataError, match="below 13"):
        ref.band_of(12)
    with pytest.raises(DataError, match="unknown age band"):
        ref.band_ages("18-99")
