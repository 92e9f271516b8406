"""The reference benchmark table and its lookup (smtools.benchmarks)."""

from __future__ import annotations

import csv
import datetime as dt
import itertools

import pandas as pd
import pytest

from smtools import benchmarks as bm
from smtools.errors import DataError

TOL = bm.CONSISTENCY_TOLERANCE
OBJECTIVES = (*bm.OBJECTIVES, *bm.OBJECTIVE_ALIASES)
COMBOS = list(itertools.product(bm.NETWORKS, OBJECTIVES, bm.REGIONS))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return bm.load()


def _rel_gap(a: float, b: float) -> float:
    return abs(a - b) / b


# ---------------------------------------------------------------- the file


def test_the_file_parses_with_the_documented_header() -> None:
    with bm.path().open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        lines = list(reader)
    assert header == ["network", "objective", "metric", "region", "currency", "low", "typical",
                      "high", "year", "source", "source_url", "notes"]
    assert lines and all(len(line) == len(header) for line in lines)
    assert (bm.path().parent / "benchmarks.md").is_file(), "the sources document ships beside it"


def test_load_types_the_numbers_and_returns_a_fresh_copy() -> None:
    table = bm.load()
    assert len(table) > 0
    for col in ("low", "typical", "high"):
        assert pd.api.types.is_float_dtype(table[col]), col
    assert pd.api.types.is_integer_dtype(table["year"])
    table.loc[:, "typical"] = -1.0
    assert (bm.load()["typical"] > 0).all(), "load() must not hand out its cached frame"


def test_vocabulary_is_the_documented_one(table: pd.DataFrame) -> None:
    assert set(table["network"]) == set(bm.NETWORKS)
    assert set(table["objective"]) <= {*bm.OBJECTIVES, bm.GENERIC}
    assert set(table["metric"]) <= set(bm.METRICS)
    assert set(table["region"]) <= set(bm.REGIONS)
    assert not table.duplicated(["network", "objective", "metric", "region"]).any()


def test_every_network_has_a_generic_global_row_for_each_required_metric(
        table: pd.DataFrame) -> None:
    generic = table[(table["objective"] == bm.GENERIC) & (table["region"] == "global")]
    for network in bm.NETWORKS:
        have = set(generic.loc[generic["network"] == network, "metric"])
        assert set(bm.REQUIRED_METRICS) <= have, (network, sorted(have))


@pytest.mark.parametrize(("network", "objective", "region"), COMBOS)
def test_every_network_objective_and_region_resolves_all_required_metrics(
        network: str, objective: str, region: str) -> None:
    got = bm.lookup(network, objective, region=region)
    assert set(bm.REQUIRED_METRICS) <= set(got)


def test_low_typical_high_are_ordered(table: pd.DataFrame) -> None:
    bad = table[~((table["low"] <= table["typical"]) & (table["typical"] <= table["high"]))]
    assert bad.empty, bad[["network", "objective", "metric", "region"]].to_string()


def test_rates_are_fractions_and_money_is_positive_with_a_currency(table: pd.DataFrame) -> None:
    rates = table[table["metric"].isin(bm.RATE_METRICS)]
    assert ((rates[["low", "typical", "high"]] >= 0) & (rates[["low", "typical", "high"]] <= 1)
            ).all().all()
    assert (rates["currency"] == "").all(), "rates carry no currency"
    money = table[table["metric"].isin(bm.MONEY_METRICS)]
    assert (money[["low", "typical", "high"]] > 0).all().all()
    assert money["currency"].isin(["USD", "EUR"]).all()


def test_every_row_has_a_source_a_year_and_a_note(table: pd.DataFrame) -> None:
    this_year = dt.date.today().year
    for rec in table.to_dict("records"):
        where = (rec["network"], rec["objective"], rec["metric"], rec["region"])
        assert rec["source"].strip(), where
        assert len(rec["notes"].strip()) > 20, where
        assert 2015 <= rec["year"] <= this_year + 1, where
        urls = [u.strip() for u in rec["source_url"].split(" ; ")]
        assert urls and all(u.startswith(("https://", "http://")) for u in urls), where


def test_derived_and_stand_in_figures_say_so(table: pd.DataFrame) -> None:
    notes = table["notes"]
    derived = notes.str.contains("DERIVED")
    assert derived.any()
    # a derived figure states its formula
    assert notes[derived].str.contains("=").all()
    # figures that are not measured for the network say what they stand in for
    assert notes.str.contains("PROXY").any() and notes.str.contains("ASSUMPTION").any()


def test_linked_metrics_come_together(table: pd.DataFrame) -> None:
    """CPM, CPC and CTR are stored all three or none per (network, objective, region).

    This keeps the metric-by-metric fallback from mixing a CPM of one row set
    with a CTR of another.
    """
    for key, group in table.groupby(["network", "objective", "region"]):
        linked = set(group["metric"]) & {"cpm", "cpc", "ctr"}
        assert linked in (set(), {"cpm", "cpc", "ctr"}), key


# ---------------------------------------------------------------- internal consistency


def test_each_stored_row_set_is_internally_consistent(table: pd.DataFrame) -> None:
    for key, group in table.groupby(["network", "objective", "region"]):
        typ = dict(zip(group["metric"], group["typical"], strict=True))
        if {"cpm", "cpc", "ctr"} <= set(typ):
            implied = typ["cpm"] / (1000 * typ["ctr"])
            assert _rel_gap(implied, typ["cpc"]) <= TOL, (key, implied, typ["cpc"])
        if {"cpa", "cpc", "cvr_click"} <= set(typ):
            implied = typ["cpc"] / typ["cvr_click"]
            assert _rel_gap(implied, typ["cpa"]) <= TOL, (key, implied, typ["cpa"])


@pytest.mark.parametrize(("network", "objective", "region"), COMBOS)
def test_every_resolved_set_is_internally_consistent(
        network: str, objective: str, region: str) -> None:
    got = bm.lookup(network, objective, region=region)
    cpm, cpc, ctr = got["cpm"].typical, got["cpc"].typical, got["ctr"].typical
    assert _rel_gap(cpm / (1000 * ctr), cpc) <= TOL, (cpm, cpc, ctr)
    if "cpa" in got:
        assert _rel_gap(cpc / got["cvr_click"].typical, got["cpa"].typical) <= TOL


# ---------------------------------------------------------------- fallbacks


def test_an_objective_without_rows_falls_back_to_the_generic_row() -> None:
    assert bm.lookup("tiktok", "awareness") == bm.lookup("tiktok", bm.GENERIC)
    used = bm.resolve("tiktok", "awareness")
    assert (used["objective"] == bm.GENERIC).all()
    assert (used["fallback"] == "all/global").all()


def test_a_region_without_rows_falls_back_to_global() -> None:
    assert bm.lookup("linkedin", "leads", region="FR") == bm.lookup("linkedin", "leads")
    assert bm.lookup("tiktok", "sales", region="us") == bm.lookup("tiktok", "sales")


def test_objective_specific_regional_rows_win() -> None:
    got = bm.lookup("facebook", "leads", region="US")
    assert got["cvr_click"].typical == pytest.approx(0.0825)
    assert got["cpa"].typical == pytest.approx(23.10)
    used = bm.resolve("facebook", "leads", region="US")
    assert (used["fallback"] == "").all()


def test_a_regional_generic_cost_beats_a_global_objective_figure() -> None:
    used = bm.resolve("facebook", "leads", region="FR").set_index("metric")
    assert used.loc["cpm", ["objective", "region"]].tolist() == ["all", "FR"]
    assert used.loc["cvr_click", ["objective", "region"]].tolist() == ["leads", "global"]
    assert "cpa" not in used.index, "no French cost per lead: not borrowed from the US"
    fr, world = bm.lookup("facebook", "sales", region="FR"), bm.lookup("facebook", "sales")
    assert fr["cpm"].typical < world["cpm"].typical


def test_region_fallback_goes_through_eu_for_france() -> None:
    data = bm.load()
    eu = data[(data["network"] == "tiktok") & (data["objective"] == bm.GENERIC)].copy()
    eu["region"] = "EU"
    eu.loc[eu["metric"] == "cpm", "typical"] = 4.0
    eu.loc[eu["metric"] == "cpc", "typical"] = 0.44
    eu.loc[eu["metric"] == "cpm", "low"] = 3.2
    eu.loc[eu["metric"] == "cpc", "low"] = 0.3
    data = pd.concat([data, eu], ignore_index=True)
    assert bm.lookup("tiktok", "sales", region="FR", data=data)["cpm"].typical == 4.0
    assert bm.lookup("tiktok", "sales", region="US", data=data)["cpm"].typical == 8.0


def test_brief_objective_aliases_and_network_spellings() -> None:
    assert bm.lookup("youtube", "reach") == bm.lookup("youtube", "awareness")
    assert bm.lookup("snapchat", "app_installs") == bm.lookup("snapchat", "sales")
    assert bm.lookup("Meta", "traffic", region="US") == bm.lookup("facebook", "traffic",
                                                                 region="US")
    assert bm.lookup("Twitter", "sales") == bm.lookup("x", "sales")
    assert "cpv" in bm.lookup("YouTube", "video_views")


@pytest.mark.parametrize(("args", "kwargs", "word"), [
    (("myspace", "sales"), {}, "network"),
    (("facebook", "world_peace"), {}, "objective"),
    (("facebook", "sales"), {"region": "Mars"}, "region"),
])
def test_unknown_names_are_refused_with_a_hint(args: tuple, kwargs: dict, word: str) -> None:
    with pytest.raises(DataError, match=word) as err:
        bm.lookup(*args, **kwargs)
    assert err.value.hint


# ---------------------------------------------------------------- currency


def test_no_currency_keeps_the_stored_one_and_the_same_currency_needs_no_rate() -> None:
    as_stored = bm.lookup("google_search", "leads", region="US")
    assert as_stored == bm.lookup("google_search", "leads", region="US", currency="usd")
    assert as_stored["cpc"].typical == pytest.approx(5.26)


def test_a_conversion_without_a_rate_is_refused() -> None:
    with pytest.raises(DataError, match="in USD, not EUR") as err:
        bm.lookup("facebook", "sales", region="FR", currency="EUR")
    assert "fx=" in err.value.hint
    with pytest.raises(DataError, match="not EUR"):
        bm.lookup("facebook", "sales", currency="EUR", fx={"GBP": 1.17})


def test_a_conversion_with_an_explicit_rate_scales_money_only() -> None:
    usd = bm.lookup("facebook", "leads", region="US")
    eur = bm.lookup("facebook", "leads", region="US", currency="EUR", fx={"USD": 0.9})
    for metric in ("cpm", "cpc", "cpa"):
        assert eur[metric].typical == pytest.approx(usd[metric].typical * 0.9, abs=0.005)
    assert eur["ctr"] == usd["ctr"] and eur["cvr_click"] == usd["cvr_click"]


@pytest.mark.parametrize("rate", [0, -1.0, float("nan"), "0.9"])
def test_a_bad_rate_is_refused(rate: object) -> None:
    with pytest.raises(DataError, match="positive number"):
        bm.lookup("x", "sales", currency="EUR", fx={"USD": rate})


def test_mixed_currencies_need_an_explicit_target_and_rate() -> None:
    data = bm.load()
    row = (data["network"] == "x") & (data["metric"] == "cpm")
    data.loc[row, "currency"] = "EUR"
    with pytest.raises(DataError, match="mix currencies"):
        bm.lookup("x", "sales", data=data)
    with pytest.raises(DataError, match="in EUR, not USD"):
        bm.lookup("x", "sales", currency="USD", data=data)
    got = bm.lookup("x", "sales", currency="USD", fx={"EUR": 1.1}, data=data)
    assert got["cpm"].typical == pytest.approx(1.82 * 1.1, abs=0.005)
    assert got["cpc"] == bm.lookup("x", "sales")["cpc"]


# ---------------------------------------------------------------- validation of other tables


def test_a_partial_cpm_cpc_ctr_set_is_refused() -> None:
    data = bm.load()
    data = data[~((data["network"] == "x") & (data["metric"] == "cpc"))]
    with pytest.raises(DataError, match=r"x/all/global has \['cpm', 'ctr'\] but not \['cpc'\]"):
        bm.lookup("x", "sales", data=data)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("high", "0.0001", "does not hold"),
    ("currency", "USD", "has no currency"),
    ("typical", "n/a", "not a number"),
    ("source", " ", "source is empty"),
    ("metric", "roas", "unknown metric"),
])
def test_a_malformed_table_is_refused_with_its_line(column: str, value: str,
                                                    message: str) -> None:
    data = bm.load().astype(str)
    ctr_line = int((data["metric"] == "ctr").to_numpy().nonzero()[0][0])
    data.loc[ctr_line, column] = value
    with pytest.raises(DataError, match=message) as err:
        bm.lookup("tiktok", "sales", data=data)
    assert err.value.row == ctr_line + 2
