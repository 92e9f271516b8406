"""The target audience of a brief, and how many people are in it.

A :class:`Target` is the brief's audience (ages, genders, regions, interests)
plus the market country. Its :meth:`Target.weights` say which share of each
standard age band × gender cell is inside the target: 1 or 0 for whole bands,
a fraction for a band the age range cuts (the share of the band's population
at the ages inside, from the country's population by single year of age; with
no country, years are weighted equally and ``65+`` counts as 65–84).

Examples
--------
>>> t = target(ages=(25, 44), genders=["female"], country="FR")
>>> t.age_bands
['25-34', '35-44']
>>> s = size(t)
>>> s.total > 7_000_000
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools.audience import _reference as ref
from smtools.audience._common import html_block, new_axes, number, pct
from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from smtools.brief import Audience, Brief

__all__ = ["AudienceSize", "Target", "size", "target"]

_UNIFORM_OLDEST = 84  # with no population, 65+ is read as 65-84


@dataclass(frozen=True)
class Target:
    """A target audience: who a campaign is for.

    Attributes
    ----------
    ages : tuple of int
        Youngest and oldest age, both included.
    genders : tuple of str
        ``female`` and/or ``male``.
    regions : tuple of str
        Regions or cities of the brief (matched against the ``region`` column
        of follower tables; national reference data has no regions).
    interests : tuple of str
        Interests of the brief (no population data sizes them: pass
        ``interest_share=`` to :func:`size`).
    country : str or None
        ISO code of the market, used for population and network reference data.
    """

    ages: tuple[int, int] = (18, 65)
    genders: tuple[str, ...] = ("female", "male")
    regions: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    country: str | None = None
    name: str = field(default="target", compare=False)

    @property
    def age_bands(self) -> list[str]:
        """Standard age bands that overlap the target ages."""
        lo, hi = self.ages
        out = []
        for band in ref.AGE_BANDS:
            ages = ref.band_ages(band)
            if ages[0] <= hi and ages[-1] >= lo:
                out.append(band)
        return out

    def describe(self, *, short: bool = False) -> str:
        """The target in one sentence (``short``: without regions and interests).

        Examples
        --------
        >>> Target(ages=(18, 34), genders=("female",), country="US").describe()
        'women aged 18-34 in US'
        """
        who = {("female",): "women", ("male",): "men"}.get(tuple(self.genders), "women and men")
        text = f"{who} aged {self.ages[0]}-{self.ages[1]}"
        if self.country:
            text += f" in {self.country}"
        if short:
            return text
        if self.regions:
            text += f" (regions: {', '.join(self.regions)})"
        if self.interests:
            text += f"; interests: {', '.join(self.interests)}"
        return text

    def weights(self, population: pd.DataFrame | None = None) -> pd.DataFrame:
        """Share of each age band × gender cell inside the target.

        Parameters
        ----------
        population : DataFrame, optional
            ``age``, ``gender``, ``population`` by single year of age, used to
            weight a band the age range cuts. Defaults to the reference
            population of :attr:`country` (equal weights when there is none).

        Returns
        -------
        DataFrame
            ``age_band``, ``gender``, ``weight`` (0…1), one row per standard
            band × gender.

        Examples
        --------
        >>> w = Target(ages=(25, 65), country="US").weights()
        >>> round(w.query("age_band == '65+' and gender == 'male'")["weight"].item(), 3)
        0.071
        """
        if population is None and self.country and self.country.upper() in ref.countries():
            data = ref.population()
            population = data[data["country"] == self.country.upper()]
        lo, hi = self.ages
        rows = []
        for band in ref.AGE_BANDS:
            ages = ref.band_ages(band)
            inside = [a for a in ages if lo <= a <= hi]
            for g in ref.GENDERS:
                if g not in self.genders or not inside:
                    w = 0.0
                elif population is not None and "age" in population.columns:
                    p = population[population["gender"] == g].set_index("age")["population"]
                    total = float(p.reindex(ages).fillna(0).sum())
                    w = float(p.reindex(inside).fillna(0).sum()) / total if total > 0 else 0.0
                else:
                    span = [a for a in ages if a <= _UNIFORM_OLDEST]
                    w = len([a for a in inside if a <= _UNIFORM_OLDEST]) / len(span)
                rows.append({"age_band": band, "gender": g, "weight": w})
        return pd.DataFrame(rows)

    def to_frame(self) -> pd.DataFrame:
        """The target's definition as a one-row-per-field table.

        Examples
        --------
        >>> Target().to_frame()["field"].tolist()
        ['ages', 'genders', 'regions', 'interests', 'country']
        """
        return pd.DataFrame({
            "field": ["ages", "genders", "regions", "interests", "country"],
            "value": [f"{self.ages[0]}-{self.ages[1]}", ", ".join(self.genders),
                      ", ".join(self.regions) or "–", ", ".join(self.interests) or "–",
                      self.country or "–"],
        })

    def _repr_html_(self) -> str:
        return html_block("Target audience", self.describe(), self.to_frame(), {})


def target(brief: Brief | Audience | Mapping[str, Any] | None = None, *,
           ages: tuple[int, int] | None = None, genders: Iterable[str] | None = None,
           regions: Iterable[str] | None = None, interests: Iterable[str] | None = None,
           country: str | None = None) -> Target:
    """The target audience of a brief (keywords override the brief's fields).

    Parameters
    ----------
    brief : Brief, Audience or mapping, optional
        A validated brief (its ``audience`` and ``country`` are used), a
        brief's ``Audience`` or a mapping with the same keys.
    ages, genders, regions, interests, country
        Override or give the fields directly.

    Returns
    -------
    Target

    Raises
    ------
    DataError
        When ages are not two ages between 13 and 100 (youngest first) or a
        gender is not ``female`` or ``male``.

    Examples
    --------
    >>> import smtools.synth as synth
    >>> t = target(synth.brief_for("bistro-lumiere"))
    >>> t.ages, t.country, t.regions[0]
    ((25, 65), 'FR', 'Lyon')
    >>> target(ages=(30, 20))
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: parameter ages=(30, 20) is not two ages between 13 and 100, \
youngest first. Fix: e.g. ages=(25, 44).
    """
    fields: dict[str, Any] = {}
    if brief is not None:
        aud = getattr(brief, "audience", brief)
        if isinstance(aud, Mapping):
            fields.update({k: aud[k] for k in ("ages", "genders", "regions", "interests")
                           if k in aud})
            fields["country"] = aud.get("country", getattr(brief, "country", None))
        else:
            fields.update(ages=tuple(aud.ages), genders=list(aud.genders),
                          regions=list(aud.regions), interests=list(aud.interests))
            fields["country"] = getattr(brief, "country", None)
    for key, value in (("ages", ages), ("genders", genders), ("regions", regions),
                       ("interests", interests), ("country", country)):
        if value is not None:
            fields[key] = value
    lo_hi = tuple(int(a) for a in fields.get("ages", (18, 65)))
    if len(lo_hi) != 2 or not 13 <= lo_hi[0] <= lo_hi[1] <= 100:
        raise DataError(f"parameter ages={tuple(fields.get('ages'))} is not two ages between 13 "
                        "and 100, youngest first", hint="e.g. ages=(25, 44)")
    gens = tuple(str(g).lower() for g in fields.get("genders", ref.GENDERS))
    bad = [g for g in gens if g not in ref.GENDERS]
    if bad or not gens:
        raise DataError(f"parameter genders={list(gens)} must list female and/or male",
                        hint="e.g. genders=['female', 'male']")
    code = fields.get("country")
    name = getattr(brief, "client", None) or "target"
    return Target(ages=(lo_hi[0], lo_hi[1]), genders=gens,
                  regions=tuple(str(r) for r in fields.get("regions", ()) or ()),
                  interests=tuple(str(i) for i in fields.get("interests", ()) or ()),
                  country=str(code).upper() if code else None, name=str(name))


def _as_target(value: Target | Any) -> Target:
    if isinstance(value, Target):
        return value
    if value is None:
        raise DataError("parameter target is missing",
                        hint="pass sm.audience.target(brief) or a brief")
    return target(value)


def _population_bands(t: Target, country: str | None, population: pd.DataFrame | None
                      ) -> tuple[pd.DataFrame, str, pd.DataFrame | None]:
    """Population by band × gender, its source label and single-year population if known."""
    if population is not None:
        need = {"age_band", "gender", "population"}
        if "age" in population.columns and "age_band" not in population.columns:
            single = population.copy()
            single = single[single["age"] >= 13]
            single["age_band"] = [ref.band_of(int(a)) for a in single["age"]]
            bands = single.groupby(["age_band", "gender"], as_index=False)["population"].sum()
            return bands, "population given", population
        missing = need - set(population.columns)
        if missing:
            raise DataError(f"parameter population lacks column(s) {', '.join(sorted(missing))}",
                            column=sorted(missing)[0],
                            hint="give population by age_band, gender and population")
        return population[list(need)].copy(), "population given", None
    code = country or t.country
    if not code:
        raise DataError("no country to take the population from",
                        hint="pass country='FR' (or 'US'), a target with a country, "
                             "or population=")
    code = code.upper()
    bands = ref.population_by_band(code)
    data = ref.population()
    single = data[data["country"] == code]
    short = str(bands["source"].iloc[0]).split(",")[0]
    return bands, f"{short} population {int(bands['year'].iloc[0])}", single


@dataclass
class AudienceSize:
    """How many people are in a target (population from the reference data).

    Attributes
    ----------
    target : Target
    country : str or None
    total : float
        People in the target (after ``region_share`` and ``interest_share``).
    universe : float
        Population aged 13 and over.
    """

    target: Target
    country: str | None
    cells: pd.DataFrame
    total: float
    universe: float
    region_share: float | None
    interest_share: float | None
    source: str
    notes: list[str]

    @property
    def share(self) -> float:
        """People in the target ÷ population aged 13 and over."""
        return self.total / self.universe if self.universe else float("nan")

    def to_frame(self) -> pd.DataFrame:
        """Population, weight and people in the target by age band × gender."""
        return self.cells.copy()

    def plot(self, ax: Axes | None = None) -> Axes:
        """People in the target by age band and gender (bars)."""
        from smtools import viz

        ax = new_axes(ax)
        data = self.cells[self.cells["in_target"] > 0]
        viz.bars(data, x="age_band", y="in_target", hue="gender", ax=ax,
                 title=f"People in the target: {number(self.total)}",
                 xlabel="Age band", ylabel="People in the target", source=self.source)
        viz.money_axis(ax)
        return ax

    def _repr_html_(self) -> str:
        sentence = (f"{number(self.total)} people are in the target "
                    f"({self.target.describe()}), {pct(self.share)} of the population aged 13+.")
        return html_block("Audience size", sentence, self.to_frame(),
                          {"population": "{:,.0f}", "weight": "{:.3f}",
                           "in_target": "{:,.0f}"}, [f"Source: {self.source}", *self.notes])


def size(target: Target | Any, *, country: str | None = None,
         region_share: float | None = None, interest_share: float | None = None,
         population: pd.DataFrame | None = None) -> AudienceSize:
    """Size the target from population by age band × gender.

    Parameters
    ----------
    target : Target or Brief
        Who the campaign is for.
    country : str, optional
        ISO code of the population to use (default: the target's country).
    region_share : float, optional
        Share of the country's population living in the target regions (the
        reference is national; without it regions are not applied).
    interest_share : float, optional
        Share of the people in the target who have the interests (for example
        from an ad tool's audience estimate; without it interests are not applied).
    population : DataFrame, optional
        Your own population (``age_band``, ``gender``, ``population`` or
        single years with ``age``) instead of the reference.

    Returns
    -------
    AudienceSize

    Examples
    --------
    >>> t = target(ages=(18, 24), country="US")
    >>> s = size(t)
    >>> round(s.total / 1e6, 1)
    31.4
    >>> round(size(t, region_share=0.1, interest_share=0.5).total / 1e6, 2)
    1.57
    """
    t = _as_target(target)
    for name, value in (("region_share", region_share), ("interest_share", interest_share)):
        if value is not None and not 0 < value <= 1:
            raise DataError(f"parameter {name}={value} must be a fraction in (0, 1]",
                            hint="give 0.12 for 12%")
    bands, source, single = _population_bands(t, country, population)
    w = t.weights(single if single is not None else None)
    cells = bands.merge(w, on=["age_band", "gender"], how="left").fillna({"weight": 0.0})
    cells["in_target"] = cells["population"] * cells["weight"]
    notes = []
    factor = 1.0
    if region_share is not None:
        factor *= region_share
        notes.append(f"Regions applied as {pct(region_share)} of the national population.")
    elif t.regions:
        notes.append("Regions of the target not applied (national population): pass "
                     "region_share= to apply them.")
    if interest_share is not None:
        factor *= interest_share
        notes.append(f"Interests applied as {pct(interest_share)} of the people in the target.")
    elif t.interests:
        notes.append("Interests not applied (no population data sizes them): pass "
                     "interest_share= to apply them.")
    cells["in_target"] *= factor
    cells = cells[["age_band", "gender", "population", "weight", "in_target"]]
    return AudienceSize(target=t, country=(country or t.country), cells=cells,
                        total=float(cells["in_target"].sum()),
                        universe=float(cells["population"].sum()), region_share=region_share,
                        interest_share=interest_share, source=source, notes=notes)


def cell_weights(t: Target, country: str | None, population: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """Target weights by band × gender with the best population available (internal).

    Examples
    --------
    >>> float(cell_weights(Target(ages=(18, 24)), None)["weight"].max())
    1.0
    """
    single = None
    if population is not None and "age" in population.columns:
        single = population
    else:
        code = (country or t.country or "").upper()
        if code in ref.countries():
            data = ref.population()
            single = data[data["country"] == code]
    return t.weights(single)


def weighted(frame: pd.DataFrame, weights: pd.DataFrame, column: str) -> float:
    """Σ column × target weight over the frame's age band × gender cells (internal).

    Examples
    --------
    >>> f = pd.DataFrame({"age_band": ["18-24"], "gender": ["male"], "users": [10.0]})
    >>> weighted(f, Target(ages=(18, 24)).weights(), "users")
    10.0
    """
    merged = frame.merge(weights, on=["age_band", "gender"], how="left")
    return float(np.nansum(merged[column].to_numpy(float) * merged["weight"].fillna(0)))
