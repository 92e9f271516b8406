"""The shipped reference data: complete, sourced, in range and reproducible."""

from __future__ import annotations

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
    assert set(pop["age"]) == set(range(101))
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
    for country in ("FR", "US"):
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
