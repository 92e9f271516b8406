"""Shipped reference data: population by age and sex, and who uses which network.

Three files in ``smtools/data/reference/`` (see its ``README.md``):

``population.csv``
    Population by single year of age (0 … 100, 100 meaning 100 and over; the
    UK stops at 90, meaning 90 and over) and sex, one row per country × age ×
    gender, as published by the national statistics office (US Census Bureau,
    INSEE, ONS).
``network_usage.csv``
    The published figures the network reference is built from, exactly as
    published (Pew Research Center for the US, GWI via DataReportal and
    Médiamétrie for France, Ipsos iris for the United Kingdom), with the base
    each share or count refers to.
``network_audience.csv``
    Users of each network by standard age band × gender and country, **derived**
    from the two files above by :func:`derive_network_audience` (every row says
    so in its ``derived`` and ``method`` columns).

Examples
--------
>>> pop = population_by_band("US")
>>> sorted(pop["age_band"].unique())[:2]
['13-17', '18-24']
>>> band_of(44), band_ages("65+")[:2]
('35-44', [65, 66])
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import numpy as np
import pandas as pd

from smtools.errors import DataError

__all__ = [
    "AGE_BANDS",
    "GENDERS",
    "band_ages",
    "band_of",
    "countries",
    "derive_network_audience",
    "network_audience",
    "network_usage",
    "population",
    "population_by_band",
    "reference_path",
]

#: The standard age bands of every audience table (platform ad tools use the same).
AGE_BANDS: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
#: Genders of the reference data (``unknown`` followers are left out of shares in target).
GENDERS: tuple[str, ...] = ("female", "male")

#: Oldest single year of age in the population files (100 means "100 and over").
MAX_AGE = 100

# Pew Research Center's adult age groups.
_PEW_GROUPS: dict[str, tuple[int, int]] = {
    "18-29": (18, 29), "30-49": (30, 49), "50-64": (50, 64), "65+": (65, MAX_AGE),
}
#: Highest share of a population cell the derivation lets use a network.
CAP = 0.98


def reference_path(name: str) -> str:
    """Path of a shipped reference file (``population.csv``, …).

    Examples
    --------
    >>> reference_path("population.csv").endswith("population.csv")
    True
    """
    return str(resources.files("smtools") / "data" / "reference" / name)


def band_of(age: int) -> str:
    """Standard age band of an age (ages below 13 have none).

    Examples
    --------
    >>> band_of(13), band_of(24), band_of(90)
    ('13-17', '18-24', '65+')
    """
    if age < 13:
        raise DataError(f"age {age} is below 13, the youngest standard band",
                        hint="audiences start at 13 (platforms' minimum age)")
    for band in AGE_BANDS:
        lo, hi = _bounds(band)
        if lo <= age <= hi:
            return band
    return AGE_BANDS[-1]


def _bounds(band: str) -> tuple[int, int]:
    if band.endswith("+"):
        return int(band[:-1]), MAX_AGE
    lo, hi = band.split("-")
    return int(lo), int(hi)


def band_ages(band: str) -> list[int]:
    """Single years of age in a standard band (``65+`` runs to 100).

    Examples
    --------
    >>> band_ages("13-17")
    [13, 14, 15, 16, 17]
    """
    if band not in AGE_BANDS:
        raise DataError(f"unknown age band {band!r}", column="age_band",
                        hint=f"use one of {', '.join(AGE_BANDS)}")
    lo, hi = _bounds(band)
    return list(range(lo, hi + 1))


@functools.lru_cache(maxsize=4)
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(reference_path(name), keep_default_na=False, na_values=[""])


def population() -> pd.DataFrame:
    """Population by country × single year of age × gender (a copy of ``population.csv``).

    Examples
    --------
    >>> int(population().query("country == 'US'")["population"].sum())
    340110988
    """
    return _read("population.csv").copy()


def countries() -> list[str]:
    """Countries with a population reference.

    Examples
    --------
    >>> countries()
    ['FR', 'GB', 'US']
    """
    return sorted(_read("population.csv")["country"].unique())


def _country(country: str | None, *, parameter: str = "country") -> str:
    if not country:
        raise DataError(f"parameter {parameter} is missing",
                        hint="give an ISO country code with reference data: "
                             f"{', '.join(countries())}")
    code = str(country).upper()
    if code not in countries():
        raise DataError(
            f"no population reference for country {country!r}",
            hint=f"use one of {', '.join(countries())}, or pass population= with your own "
                 "population by age_band and gender",
        )
    return code


def population_by_band(country: str) -> pd.DataFrame:
    """Population of a country by standard age band × gender.

    Returns
    -------
    DataFrame
        ``country``, ``age_band``, ``gender``, ``population``, ``source``, ``year``.

    Examples
    --------
    >>> fr = population_by_band("FR")
    >>> len(fr), int(fr["population"].sum()) < 68_042_591
    (14, True)
    """
    code = _country(country)
    data = _read("population.csv")
    pop = data[(data["country"] == code) & (data["age"] >= 13)].copy()
    pop["age_band"] = [band_of(int(a)) for a in pop["age"]]
    out = (pop.groupby(["country", "age_band", "gender"], as_index=False)
           .agg(population=("population", "sum"), source=("source", "first"),
                year=("year", "first")))
    out["age_band"] = pd.Categorical(out["age_band"], categories=AGE_BANDS, ordered=True)
    out = out.sort_values(["age_band", "gender"]).reset_index(drop=True)
    out["age_band"] = out["age_band"].astype(str)
    return out


def network_usage() -> pd.DataFrame:
    """The published usage figures the network reference is derived from.

    Examples
    --------
    >>> u = network_usage()
    >>> u.query("country == 'US' and network == 'tiktok' and segment == '18-29'")["share"].item()
    0.63
    """
    return _read("network_usage.csv").copy()


def network_audience(country: str | None = None) -> pd.DataFrame:
    """Users of each network by age band × gender (the shipped, derived reference).

    Parameters
    ----------
    country : str, optional
        Keep one country (ISO code).

    Returns
    -------
    DataFrame
        ``country``, ``network``, ``age_band``, ``gender``, ``population``,
        ``users``, ``share`` (users ÷ population of the cell), ``source``,
        ``source_url``, ``year``, ``derived``, ``method``, ``notes``.

    Examples
    --------
    >>> ref = network_audience("FR")
    >>> sorted(ref["network"].unique())[:3]
    ['facebook', 'instagram', 'linkedin']
    """
    ref = _read("network_audience.csv").copy()
    if country is not None:
        code = _country(country)
        ref = ref[ref["country"] == code].reset_index(drop=True)
    return ref


def _us_rates(usage: pd.DataFrame, network: str) -> tuple[dict[str, float], dict[str, float],
                                                           pd.Series]:
    """Pew rates of one network: age-group rates, sex factors and the source rows."""
    rows = usage[(usage["country"] == "US") & (usage["network"] == network)
                 & (usage["used"] == "yes")]
    by = dict(zip(rows["segment"], rows["share"], strict=True))
    if "all" not in by or "men" not in by or "women" not in by:
        raise DataError(f"network_usage.csv lacks the overall, men and women rows for US {network}",
                        column="segment", hint="add the published rows or drop the network")
    ages = {g: float(by[g]) for g in _PEW_GROUPS if g in by}
    sexes = {"male": float(by["men"]) / float(by["all"]),
             "female": float(by["women"]) / float(by["all"])}
    return ages, sexes, rows.iloc[0]


def _rate_by_age(total: float, ages: dict[str, float], sexes: dict[str, float]
                 ) -> dict[str, np.ndarray]:
    """Use rate for each single age 0…100 and sex (NaN below 18: Pew asks adults only)."""
    out = {}
    for gender, factor in sexes.items():
        rate = np.full(MAX_AGE + 1, np.nan)
        for group, (lo, hi) in _PEW_GROUPS.items():
            base = ages.get(group, total)
            rate[lo:hi + 1] = min(base * factor, CAP)
        out[gender] = rate
    return out


def derive_network_audience(population: pd.DataFrame, usage: pd.DataFrame) -> pd.DataFrame:
    """Build users by network × age band × gender from published figures.

    Method (every output row repeats the part that applies to it):

    * **United States.** For a person of age *a* and sex *s* the chance of using
      network *n* is Pew's rate for the age group containing *a* times Pew's
      rate for sex *s* divided by Pew's overall rate (age and sex are assumed
      to act independently; Pew publishes them separately), capped at 0.98.
      Networks without a verified Pew age breakdown (LinkedIn, Pinterest) use
      the overall rate at every adult age (only the sex split is published).
      Users of a band are the sum over its single years of age of Census
      population × rate. Pew surveys adults, so the 13-17 band is left out.
    * **France.** No French source giving each network's use by age and sex
      was verified for this package, so the US age × sex *profile* of the
      network is borrowed and rescaled: the French rate is ``k`` × the US rate
      at the same age and sex, with ``k`` chosen so that the INSEE-population-
      weighted mean rate over ages 18-64 equals GWI's share of French internet
      users aged 16-64 using the network (DataReportal, Digital 2024: France).
      For YouTube, the only French figure is Médiamétrie's 42 million monthly
      users, so ``k`` makes the adult users add up to 42 million.
    * **United Kingdom** (``GB``). Likewise no British breakdown by age and sex
      was verified: the US profile is borrowed and scaled by the ``k`` that
      makes ONS population × min(``k`` × US rate, 0.98), summed over ages 15+,
      equal Ipsos iris's monthly users of the network (people aged 15+). Ages
      15-17 are counted at the rate of 18-year-olds for that sum only; the
      bands start at 18 as for the other countries.

    Parameters
    ----------
    population : DataFrame
        ``country``, ``age``, ``gender``, ``population`` (single years).
    usage : DataFrame
        ``network_usage.csv``.

    Returns
    -------
    DataFrame
        The ``network_audience.csv`` rows.

    Examples
    --------
    >>> ref = derive_network_audience(population(), network_usage())
    >>> bool((ref["share"] <= 1).all()), sorted(ref["country"].unique())
    (True, ['FR', 'GB', 'US'])
    """
    # ONS stops at "90 and over" (age 90): ages with no row count as nobody
    pop = {(c, g): grp.set_index("age")["population"].reindex(range(MAX_AGE + 1), fill_value=0)
           .to_numpy(float) for (c, g), grp in population.groupby(["country", "gender"])}
    rows = []
    us_networks = sorted(usage.loc[(usage["country"] == "US") & (usage["used"] == "yes"),
                                   "network"].unique())
    profiles = {}
    for net in us_networks:
        ages, sexes, first = _us_rates(usage, net)
        total = float(usage[(usage["country"] == "US") & (usage["network"] == net)
                            & (usage["segment"] == "all")]["share"].iloc[0])
        rates = _rate_by_age(total, ages, sexes)
        profiles[net] = rates
        if ages:
            method = ("US: rate(age, sex) = Pew rate of the age group (18-29, 30-49, 50-64, 65+) "
                      "x Pew rate of the sex / Pew overall rate, capped at 0.98, times Census "
                      "population, summed over the single years of the band")
        else:
            method = ("US: rate(age, sex) = Pew overall rate x Pew rate of the sex / Pew overall "
                      "rate (no verified age breakdown: flat across adult ages), capped at 0.98, "
                      "times Census population, summed over the single years of the band")
        rows += _cells("US", net, rates, pop, source=f"{first['source']} x US Census Bureau "
                       "Vintage 2024 population", url=first["source_url"], year=int(first["year"]),
                       method=method, notes=first["notes"])
    fr_rows = usage[(usage["country"] == "FR") & (usage["used"] == "yes")]
    for _, u in fr_rows.iterrows():
        net = u["network"]
        if net not in profiles:
            raise DataError(f"no US profile to borrow for French {net}", column="network",
                            hint="add Pew rows for the network or drop the French row")
        us = profiles[net]
        if pd.notna(u["share"]) and u["share"] != "":
            num = den = 0.0
            for g in GENDERS:
                p = pop[("FR", g)][18:65]
                num += float(np.nansum(p * us[g][18:65]))
                den += float(p.sum())
            k = float(u["share"]) / (num / den)
            how = (f"FR: US profile of the network (Pew) x {k:.3f}, the factor that makes the "
                   "INSEE-weighted mean rate over ages 18-64 equal GWI's share of French internet "
                   f"users 16-64 using it ({float(u['share']):.1%}); capped at 0.98")
        else:
            adults = sum(float(np.nansum(pop[("FR", g)][18:] * us[g][18:])) for g in GENDERS)
            k = float(u["users"]) / adults
            how = (f"FR: US profile of the network (Pew) x {k:.3f}, the factor that makes adult "
                   f"users add up to {float(u['users']) / 1e6:.0f} million (Médiamétrie); capped "
                   "at 0.98")
        rates = {g: np.minimum(us[g] * k, CAP) for g in GENDERS}
        rows += _cells("FR", net, rates, pop,
                       source=f"{u['source']} x INSEE population 2023 x US age/sex profile from "
                              "Pew Research Center", url=u["source_url"], year=int(u["year"]),
                       method=how, notes=u["notes"])
    gb_rows = usage[(usage["country"] == "GB") & (usage["used"] == "yes")]
    for _, u in gb_rows.iterrows():
        net = u["network"]
        if net not in profiles:
            raise DataError(f"no US profile to borrow for British {net}", column="network",
                            hint="add Pew rows for the network or drop the British row")
        if pd.isna(u["users"]) or u["users"] == "":
            raise DataError(f"network_usage.csv gives no user count for GB {net}", column="users",
                            hint="the GB reference is built from monthly user counts")
        us = profiles[net]
        floor = _age_floor(str(u["segment"]))
        # below 18 the US profile has no rate (Pew asks adults): the 15-17-year-olds that Ipsos
        # iris counts are taken at the rate of 18-year-olds, then left out of the bands
        ext = {g: np.where(np.arange(MAX_AGE + 1) < 18, us[g][18], us[g]) for g in GENDERS}
        k = _scale_to(float(u["users"]), [pop[("GB", g)][floor:] for g in GENDERS],
                      [ext[g][floor:] for g in GENDERS])
        under = sum(float(np.sum(pop[("GB", g)][floor:18] * np.minimum(ext[g][floor:18] * k, CAP)))
                    for g in GENDERS)
        how = (f"GB: US profile of the network (Pew) x {k:.3f}, capped at 0.98, the factor that "
               f"makes users aged {floor}+ add up to Ipsos iris's {float(u['users']) / 1e6:.1f} "
               f"million (ages {floor}-17 taken at the rate of 18-year-olds: {under / 1e6:.1f} "
               "million of them, left out of the bands, which start at 18)")
        rates = {g: np.minimum(us[g] * k, CAP) for g in GENDERS}
        rows += _cells("GB", net, rates, pop,
                       source=f"{u['source']} x ONS mid-2023 population x US age/sex profile from "
                              "Pew Research Center", url=u["source_url"], year=int(u["year"]),
                       method=how, notes=u["notes"])
    out = pd.DataFrame(rows)
    return out.sort_values(["country", "network", "age_band", "gender"]).reset_index(drop=True)


def _scale_to(target: float, pops: list[np.ndarray], rates: list[np.ndarray]) -> float:
    """Factor ``k`` with sum(pop x min(k x rate, CAP)) == target (bisection; the cap binds)."""
    def total(k: float) -> float:
        return sum(float(np.nansum(p * np.minimum(r * k, CAP))) for p, r in zip(pops, rates,
                                                                              strict=True))
    if target >= total(1e6):
        raise DataError(f"{target:,.0f} users exceed {CAP:.0%} of the population they cover",
                        column="users", hint="check the count and the ages it covers")
    lo, hi = 0.0, 1.0
    while total(hi) < target:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) < target else (lo, mid)
    return (lo + hi) / 2


def _age_floor(segment: str) -> int:
    """Youngest age a user count covers (``monthly users 15+`` -> 15; 18 when not stated)."""
    found = re.search(r"(\d+)\+", segment)
    return int(found.group(1)) if found else 18


def _cells(country: str, network: str, rates: dict[str, np.ndarray],
           pop: dict[tuple[str, str], np.ndarray], *, source: str, url: str, year: int,
           method: str, notes: str) -> list[dict]:
    out = []
    for band in AGE_BANDS:
        ages = band_ages(band)
        for g in GENDERS:
            r = rates[g][ages]
            if np.isnan(r).all():
                continue
            p = pop[(country, g)][ages]
            users = float(np.round(np.nansum(p * r)))
            population_ = float(p.sum())
            out.append({"country": country, "network": network, "age_band": band, "gender": g,
                        "population": population_, "users": users,
                        "share": round(users / population_, 6), "source": source,
                        "source_url": url, "year": year, "derived": "yes", "method": method,
                        "notes": notes})
    return out
