"""Platform fit (composition index and coverage) and the client's follower gap.

For a network *n* and a target *T* over the age band × gender cells the
network's audience data covers (the *universe*: 18+ for the Pew-based
reference, 13+ for follower tables):

* **composition** = users of *n* in *T* ÷ users of *n* (share of the network's
  audience inside the target);
* **population share** = population in *T* ÷ population of the universe;
* **composition index** = composition ÷ population share × 100 (100: the
  network's audience has as many target people as the population; 150: half
  as many again);
* **coverage** = users of *n* in *T* ÷ population in *T* (share of the target
  that uses the network).

A cell cut by the target's age range counts with the share of its population
inside the range (network use assumed even within a band).

Examples
--------
>>> from smtools.audience._target import Target
>>> fit = platform_fit(Target(ages=(18, 34), country="US"))
>>> bool(fit.to_frame().set_index("network").loc["snapchat", "index"] > 150)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools import networks as netnames
from smtools.audience import _reference as ref
from smtools.audience._common import html_block, new_axes, number, pct
from smtools.audience._target import Target, _as_target, cell_weights, weighted
from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FollowerGap", "PlatformFit", "follower_gap", "platform_fit"]


def _check_audience(audience: pd.DataFrame, parameter: str) -> pd.DataFrame:
    need = ["channel", "age_band", "gender", "users"]
    missing = [c for c in need if c not in audience.columns]
    if missing:
        raise DataError(f"parameter {parameter} lacks column(s) {', '.join(missing)}",
                        column=missing[0],
                        hint="pass the canonical audience table (channel, age_band, gender, "
                             "region, users) of the client's followers")
    frame = audience.copy()
    if "source" in frame.columns:
        frame = frame[frame["source"].astype(str) == "followers"]
    bad = sorted(set(frame["age_band"]) - set(ref.AGE_BANDS))
    if bad:
        raise DataError(f"parameter {parameter} has unknown age band(s) {', '.join(map(str, bad))}",
                        column="age_band", hint=f"use {', '.join(ref.AGE_BANDS)}")
    if frame["users"].isna().any():
        raise DataError(f"parameter {parameter} has rows without users", column="users",
                        hint="fill users (people in the segment); shares alone cannot be summed "
                             "across channels")
    frame["channel"] = [netnames.canonical(str(c)) for c in frame["channel"]]
    return frame


def _regions_mask(frame: pd.DataFrame, t: Target, region_share: float | None) -> np.ndarray:
    if region_share is None or not t.regions or "region" not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    wanted = {r.lower() for r in t.regions}
    return frame["region"].astype(str).str.lower().isin(wanted).to_numpy()


def _pop_bands(t: Target, country: str | None, population: pd.DataFrame | None
               ) -> tuple[pd.DataFrame, str]:
    from smtools.audience._target import _population_bands

    bands, source, _ = _population_bands(t, country, population)
    return bands, source


@dataclass
class PlatformFit:
    """Platform fit of a target: per network composition index, coverage, users in target."""

    target: Target
    country: str | None
    table: pd.DataFrame
    sources: list[str]
    notes: list[str]

    def to_frame(self) -> pd.DataFrame:
        """One row per network, best composition index first.

        Columns: ``network``, ``source`` (reference or followers), ``users``,
        ``users_in_target``, ``composition``, ``population_share``, ``index``,
        ``coverage``, ``population_in_target``, ``universe``.
        """
        return self.table.copy()

    @property
    def best(self) -> str:
        """The network with the highest composition index."""
        return str(self.table["network"].iloc[0])

    def plot(self, ax: Axes | None = None) -> Axes:
        """Composition index by network (bars), coverage written on each bar."""
        from smtools import viz

        ax = new_axes(ax)
        data = self.table.iloc[::-1]
        labels = [netnames.display(n) + (" (followers)" if s == "followers" else "")
                  for n, s in zip(data["network"], data["source"], strict=True)]
        colours = [viz.network_colours([n])[n] for n in data["network"]]
        ax.barh(labels, data["index"], color=colours)
        ax.axvline(100, color="#555555", linewidth=1, linestyle="--")
        for i, (idx, cov) in enumerate(zip(data["index"], data["coverage"], strict=True)):
            ax.annotate(f" {idx:.0f} · covers {pct(cov, 0 if cov >= 0.1 else 2)}", (idx, i),
                        va="center",
                        fontsize=9, color="#333333")
        ax.set_xlim(0, max(160.0, float(data["index"].max()) * 1.35))
        viz.finish(ax, title=f"Platform fit: {self.target.describe(short=True)}",
                   xlabel="Composition index (100 = as many target people as the population)",
                   ylabel="Network", source="; ".join(self.sources))
        return ax

    def _repr_html_(self) -> str:
        top = self.table.iloc[0]
        sentence = (f"For {self.target.describe()}, {netnames.display(top['network'])} has the "
                    f"best composition index ({top['index']:.0f}) and covers "
                    f"{pct(top['coverage'])} of the target.")
        return html_block("Platform fit", sentence, self.to_frame(),
                          {"users": "{:,.0f}", "users_in_target": "{:,.0f}",
                           "composition": "{:.1%}", "population_share": "{:.1%}",
                           "index": "{:.0f}", "coverage": "{:.1%}",
                           "population_in_target": "{:,.0f}"},
                          [f"Sources: {'; '.join(self.sources)}", *self.notes])


def _universe_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Every band from the youngest the data covers up to 65+, both genders."""
    present = [i for i, b in enumerate(ref.AGE_BANDS) if b in set(cells["age_band"])]
    first = min(present) if present else len(ref.AGE_BANDS)
    return pd.DataFrame([(b, g) for b in ref.AGE_BANDS[first:] for g in ref.GENDERS],
                        columns=["age_band", "gender"])


def _fit_rows(cells: pd.DataFrame, pop: pd.DataFrame, weights: pd.DataFrame, network: str,
              source: str, universe: str, factor: float) -> dict[str, Any]:
    pop_u = pop.merge(_universe_cells(cells), on=["age_band", "gender"], how="inner")
    users = float(cells["users"].sum())
    in_t = weighted(cells, weights, "users") * factor
    pop_total = float(pop_u["population"].sum())
    pop_in = weighted(pop_u, weights, "population") * factor
    composition = in_t / (users * factor) if users > 0 else float("nan")
    pop_share = pop_in / (pop_total * factor) if pop_total > 0 else float("nan")
    return {
        "network": network, "source": source, "users": users, "users_in_target": in_t,
        "composition": composition, "population_share": pop_share,
        "index": composition / pop_share * 100 if pop_share > 0 else float("nan"),
        "coverage": in_t / pop_in if pop_in > 0 else float("nan"),
        "population_in_target": pop_in, "universe": universe,
    }


def _universe(cells: pd.DataFrame) -> str:
    present = [b for b in ref.AGE_BANDS if b in set(cells["age_band"])]
    return f"{present[0].split('-')[0].rstrip('+')}+" if present else "–"


def platform_fit(target: Target | Any, *, country: str | None = None,
                 audience: pd.DataFrame | None = None, reference: pd.DataFrame | None = None,
                 population: pd.DataFrame | None = None, networks: list[str] | None = None,
                 region_share: float | None = None) -> PlatformFit:
    """Composition index, coverage and users in target for each network.

    Parameters
    ----------
    target : Target or Brief
        Who the campaign is for.
    country : str, optional
        Market (default: the target's country); selects the reference and the
        population.
    audience : DataFrame, optional
        The client's follower breakdown (canonical ``audience`` table, rows
        with ``source == "followers"``): for the channels it covers, the
        followers replace the reference (coverage is then the share of the
        target already following the client).
    reference : DataFrame, optional
        Network users by ``network``, ``age_band``, ``gender``, ``users``
        (default: the shipped reference for ``country``).
    population : DataFrame, optional
        Population by ``age_band`` × ``gender`` (or single ``age``) instead of
        the shipped one.
    networks : list of str, optional
        Keep these networks.
    region_share : float, optional
        Share of the population living in the target regions: scales users and
        population in target (index and coverage unchanged, as use is assumed
        even across regions); filters followers by region.

    Returns
    -------
    PlatformFit

    Raises
    ------
    DataError
        When the country has no reference and none is given, or a table lacks
        a column.

    Examples
    --------
    >>> import pandas as pd
    >>> from smtools.audience._target import Target
    >>> ref = pd.DataFrame({"network": ["a"] * 2, "age_band": ["18-24", "25-34"],
    ...                     "gender": ["female"] * 2, "users": [30.0, 10.0]})
    >>> pop = pd.DataFrame({"age_band": ["18-24", "25-34"], "gender": ["female"] * 2,
    ...                     "population": [50.0, 50.0]})
    >>> row = platform_fit(Target(ages=(18, 24)), reference=ref, population=pop).to_frame().iloc[0]
    >>> float(row["index"]), float(row["coverage"])
    (150.0, 0.6)
    """
    t = _as_target(target)
    code = (country or t.country)
    code = code.upper() if code else None
    pop, pop_source = _pop_bands(t, code, population)
    weights = cell_weights(t, code, population)
    if region_share is not None and not 0 < region_share <= 1:
        raise DataError(f"parameter region_share={region_share} must be a fraction in (0, 1]",
                        hint="give 0.12 for 12%")
    factor = region_share if region_share is not None else 1.0
    sources = []
    notes = []
    if reference is None:
        if code is None:
            raise DataError("no country for the network reference",
                            hint="pass country='FR', 'GB' or 'US', or reference=")
        if code not in set(ref.network_audience()["country"]):
            raise DataError(f"no network reference for country {code!r}",
                            hint="use FR, GB or US, pass reference= with your own users by "
                                 "network, age_band and gender, or audience= followers")
        reference = ref.network_audience(code)
        years = sorted(reference["year"].unique())
        sources.append(f"smtools reference {code} (Pew, GWI/DataReportal, Médiamétrie, Ipsos iris; "
                       f"{', '.join(map(str, years))})")
    else:
        missing = [c for c in ("network", "age_band", "gender", "users")
                   if c not in reference.columns]
        if missing:
            raise DataError(f"parameter reference lacks column(s) {', '.join(missing)}",
                            column=missing[0], hint="give users by network, age_band and gender")
        sources.append("reference given")
    sources.append(pop_source)
    rows = []
    followed: set[str] = set()
    if audience is not None:
        fol = _check_audience(audience, "audience")
        known = fol[fol["gender"].isin(ref.GENDERS)]
        if len(known) < len(fol):
            notes.append("Followers of unknown gender are left out of the follower shares.")
        keep = _regions_mask(known, t, region_share)
        if region_share is None and t.regions:
            notes.append("Follower regions not applied (pass region_share= to compare regions "
                         "on both sides).")
        for ch, grp in known.groupby("channel"):
            cells = grp.groupby(["age_band", "gender"], as_index=False)["users"].sum()
            row = _fit_rows(cells, pop, weights, ch, "followers", _universe(cells), 1.0)
            in_region = grp[keep[known.index.get_indexer(grp.index)]]
            if region_share is not None and t.regions:
                cells_r = in_region.groupby(["age_band", "gender"], as_index=False)["users"].sum()
                row["users_in_target"] = weighted(cells_r, weights, "users")
                row["composition"] = row["users_in_target"] / row["users"]
                row["population_share"] *= region_share
                row["population_in_target"] *= region_share
                row["index"] = row["composition"] / row["population_share"] * 100
                row["coverage"] = row["users_in_target"] / row["population_in_target"]
            rows.append(row)
            followed.add(ch)
        sources.append("client follower insights")
    for net, cells in reference.groupby("network"):
        net = netnames.canonical(str(net))
        if net in followed:
            continue
        cells = cells.groupby(["age_band", "gender"], as_index=False)["users"].sum()
        rows.append(_fit_rows(cells, pop, weights, net, "reference", _universe(cells), factor))
    table = pd.DataFrame(rows)
    if networks is not None:
        wanted = {netnames.canonical(n) for n in networks}
        unknown = wanted - set(table["network"])
        if unknown:
            raise DataError(f"parameter networks names {', '.join(sorted(unknown))} with no data",
                            hint=f"use some of {', '.join(sorted(table['network']))}")
        table = table[table["network"].isin(wanted)]
    table = table.sort_values(["index", "network"], ascending=[False, True]).reset_index(drop=True)
    if t.interests:
        notes.append("Interests are not applied: no reference sizes them.")
    if region_share is not None:
        notes.append(f"Regions applied as {pct(region_share)} of the population.")
    return PlatformFit(target=t, country=code, table=table, sources=sources, notes=notes)


@dataclass
class FollowerGap:
    """The client's followers against the target, per channel."""

    target: Target
    table: pd.DataFrame
    sources: list[str]
    notes: list[str]

    def to_frame(self) -> pd.DataFrame:
        """One row per channel.

        Columns: ``channel``, ``followers`` (known gender), ``in_target``,
        ``share_in_target``, ``population_share``, ``index``,
        ``expected_in_target`` (followers × population share) and
        ``gap_people`` (in target − expected: positive when the followers hold
        more target people than a population-like base would).
        """
        return self.table.copy()

    def plot(self, ax: Axes | None = None) -> Axes:
        """Share of followers in the target vs share of the population (bars)."""
        from smtools import viz

        ax = new_axes(ax)
        long = self.table.melt(id_vars="channel", value_vars=["share_in_target",
                                                              "population_share"],
                               var_name="measure", value_name="share")
        long["measure"] = long["measure"].map({"share_in_target": "Followers",
                                               "population_share": "Population"})
        long["channel"] = [netnames.display(c) for c in long["channel"]]
        viz.bars(long, x="channel", y="share", hue="measure", ax=ax,
                 title=f"Followers in the target: {self.target.describe(short=True)}",
                 xlabel="Channel", ylabel="Share in the target (%)",
                 source="; ".join(self.sources))
        viz.percent_axis(ax)
        return ax

    def _repr_html_(self) -> str:
        worst = self.table.sort_values("index").iloc[0]
        sentence = (f"{netnames.display(worst['channel'])} followers are the furthest from the "
                    f"target: {pct(worst['share_in_target'])} in target vs "
                    f"{pct(worst['population_share'])} of the population (index "
                    f"{worst['index']:.0f}, {number(worst['gap_people'])} people).")
        return html_block("Follower gap", sentence, self.to_frame(),
                          {"followers": "{:,.0f}", "in_target": "{:,.0f}",
                           "share_in_target": "{:.1%}", "population_share": "{:.1%}",
                           "index": "{:.0f}", "expected_in_target": "{:,.0f}",
                           "gap_people": "{:+,.0f}"},
                          [f"Sources: {'; '.join(self.sources)}", *self.notes])


def follower_gap(audience_table: pd.DataFrame, target: Target | Any, *,
                 country: str | None = None, population: pd.DataFrame | None = None,
                 region_share: float | None = None) -> FollowerGap:
    """Compare each channel's followers with the target.

    Parameters
    ----------
    audience_table : DataFrame
        Canonical ``audience`` table (rows with ``source == "followers"``).
    target : Target or Brief
        Who the campaign is for.
    country : str, optional
        Population to compare with (default: the target's country).
    population : DataFrame, optional
        Your own population by ``age_band`` × ``gender``.
    region_share : float, optional
        Share of the population living in the target regions; when given (and
        the target has regions) followers outside them do not count as in target.

    Returns
    -------
    FollowerGap

    Examples
    --------
    >>> import pandas as pd
    >>> from smtools.audience._target import Target
    >>> fol = pd.DataFrame({"channel": ["instagram"] * 2, "age_band": ["18-24", "25-34"],
    ...                     "gender": ["female"] * 2, "users": [80.0, 20.0]})
    >>> pop = pd.DataFrame({"age_band": ["18-24", "25-34"], "gender": ["female"] * 2,
    ...                     "population": [50.0, 50.0]})
    >>> g = follower_gap(fol, Target(ages=(18, 24)), population=pop).to_frame().iloc[0]
    >>> float(g["index"]), float(g["gap_people"])
    (160.0, 30.0)
    """
    t = _as_target(target)
    code = (country or t.country)
    code = code.upper() if code else None
    fol = _check_audience(audience_table, "audience_table")
    if fol.empty:
        raise DataError("audience_table has no follower rows", column="source",
                        hint="keep the rows with source == 'followers'")
    pop, pop_source = _pop_bands(t, code, population)
    weights = cell_weights(t, code, population)
    known = fol[fol["gender"].isin(ref.GENDERS)]
    keep = _regions_mask(known, t, region_share)
    rows = []
    for ch, grp in known.groupby("channel"):
        cells = grp.groupby(["age_band", "gender"], as_index=False)["users"].sum()
        mask = keep[known.index.get_indexer(grp.index)]
        in_t = weighted(grp[mask].groupby(["age_band", "gender"], as_index=False)["users"].sum(),
                        weights, "users")
        pop_u = pop.merge(_universe_cells(cells), on=["age_band", "gender"], how="inner")
        pop_share = weighted(pop_u, weights, "population") / float(pop_u["population"].sum())
        if region_share is not None and t.regions:
            pop_share *= region_share
        followers = float(cells["users"].sum())
        share = in_t / followers if followers else float("nan")
        rows.append({"channel": ch, "followers": followers, "in_target": in_t,
                     "share_in_target": share, "population_share": pop_share,
                     "index": share / pop_share * 100 if pop_share else float("nan"),
                     "expected_in_target": followers * pop_share,
                     "gap_people": in_t - followers * pop_share})
    notes = []
    if len(known) < len(fol):
        notes.append("Followers of unknown gender are left out.")
    if t.regions and region_share is None:
        notes.append("Regions not applied: pass region_share= to compare regions on both sides.")
    table = pd.DataFrame(rows).sort_values("channel").reset_index(drop=True)
    return FollowerGap(target=t, table=table, sources=["client follower insights", pop_source],
                       notes=notes)
