"""Data for the lessons: synthetic clients, their true response curves, simulated audiences.

- :func:`dataset` — a synthetic client (:func:`smtools.synth.generate`), generated
  once per session and handed out as a copy, so a lesson may change its tables
  freely without changing what the exercises are checked against;
- :func:`campaign_window` — the rows of a table that fall in the brief's campaign;
- :func:`true_curves` — the *true* steady-state response curve of each paid channel,
  read from the client's truth (what a perfect marketing-mix model would find);
- :func:`simulate_exposures` — a population of heavy and light users exposed to a
  schedule, counted person by person: the known truth reach formulas approximate.

Examples
--------
>>> d = dataset("bistro-lumiere", 0)
>>> d.slug, sorted(true_curves(d))
('bistro-lumiere', ['facebook', 'google_search', 'instagram'])
>>> round(simulate_exposures([0.3, 0.4], concentration=None, seed=1).reach, 2)
0.58
"""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from smtools.reach import FrequencyDistribution
    from smtools.report import CampaignReview
    from smtools.synth import SynthData

__all__ = ["TrueCurves", "campaign_window", "dataset", "simulate_exposures", "true_curves"]


@lru_cache(maxsize=8)
def pristine(slug: str, seed: int) -> SynthData:
    """The generated client, cached; never handed to a lesson (see :func:`dataset`)."""
    from smtools import synth

    return synth.generate(slug, seed)


def dataset(client: str, seed: int = 0) -> SynthData:
    """A synthetic client with its known truth, for a lesson (a fresh copy each call).

    Parameters
    ----------
    client : str
        A demo client (``bistro-lumiere``, ``atelier-nova``, ``cloudledger``) or a
        portfolio client (``client-01`` …).
    seed : int
        Seed of the data (another seed, other data; the brief stays the same).

    Returns
    -------
    SynthData
        ``.tables`` (canonical tables), ``.truth`` (the generating process),
        ``.brief``.

    Examples
    --------
    >>> d = dataset("cloudledger", 0)
    >>> d.tables["posts"]["channel"].nunique(), d.brief.currency
    (2, 'GBP')
    """
    from smtools.synth import SynthData

    base = pristine(str(client), int(seed))
    return SynthData(slug=base.slug, seed=base.seed,
                     tables={k: v.copy() for k, v in base.tables.items()},
                     truth=copy.deepcopy(base.truth), brief=base.brief)


def campaign_window(data: SynthData, table: str) -> pd.DataFrame:
    """The rows of ``table`` inside the brief's campaign (first to last day, local time).

    Dates (``date``) are compared as they are; timestamps (``published_at``,
    ``ts``) are converted to the client's time zone first.

    Examples
    --------
    >>> d = dataset("cloudledger", 0)
    >>> rows = campaign_window(d, "performance")
    >>> str(rows["date"].min().date()), str(rows["date"].max().date())
    ('2026-09-07', '2026-10-25')
    """
    if table not in data.tables:
        raise DataError(f"the dataset has no {table!r} table", column="table",
                        hint=f"use one of {', '.join(sorted(data.tables))}")
    frame = data.tables[table]
    start, end = data.brief.campaign.start, data.brief.campaign.end
    for col in ("date", "published_at", "ts"):
        if col in frame.columns:
            values = frame[col]
            if getattr(values.dt, "tz", None) is not None:
                day = values.dt.tz_convert(data.brief.timezone).dt.date
            else:
                day = values.dt.date
            return frame[(day >= start) & (day <= end)].copy()
    raise DataError(f"the {table} table has no date", column="date",
                    hint="use performance, outcomes, posts, mentions or journeys")


# --------------------------------------------------------------------------- true curves
@dataclass(frozen=True)
class TrueCurves(Mapping[str, Callable[[Any], Any]]):
    """True steady-state response curves: daily spend → daily revenue, per channel.

    For a channel with geometric adstock decay θ, Hill half-saturation K,
    shape S and coefficient β, spending ``x`` every day builds an adstock of
    ``a = x ÷ (1 − θ)`` and brings ``β · aˢ ÷ (aˢ + Kˢ)`` a day. A mapping
    ``channel → callable``, so it goes straight into
    :func:`smtools.roi.optimize.allocate` (``periods`` = days).

    Examples
    --------
    >>> c = TrueCurves({"a": {"decay": 0.5, "half_saturation": 20.0, "shape": 1.0,
    ...                       "beta": 100.0}}, currency="EUR", source="test")
    >>> float(c["a"](10.0)), round(float(c.marginal("a", 10.0)), 3)
    (50.0, 2.5)
    """

    params: Mapping[str, Mapping[str, float]]
    currency: str = ""
    source: str = "synthetic truth"

    def __getitem__(self, channel: str) -> Callable[[Any], Any]:
        p = self.params[channel]

        def curve(spend: Any) -> Any:
            a = np.asarray(spend, dtype=float) / (1.0 - p["decay"])
            s, k = p["shape"], p["half_saturation"]
            with np.errstate(divide="ignore", invalid="ignore"):
                out = np.where(a > 0, p["beta"] / (1.0 + (k / np.where(a > 0, a, 1.0)) ** s),
                               0.0)
            return out if np.ndim(out) else float(out)

        return curve

    def __iter__(self) -> Iterator[str]:
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)

    def marginal(self, channel: str, spend: Any, *, step: float = 0.01) -> Any:
        """Extra daily revenue per extra unit of daily spend at ``spend`` (central difference)."""
        x = np.asarray(spend, dtype=float)
        f = self[channel]
        h = np.maximum(x * step, 1e-6)
        out = (f(x + h) - f(np.maximum(x - h, 0.0))) / (x + h - np.maximum(x - h, 0.0))
        return out if np.ndim(out) else float(out)

    def to_frame(self, *, max_spend: float | None = None, points: int = 41) -> pd.DataFrame:
        """``channel``, ``spend`` (a day), ``revenue`` (a day), ``roas``, ``marginal_roas``."""
        top = max_spend or 3.0 * max(p["half_saturation"] * (1 - p["decay"])
                                     for p in self.params.values())
        grid = np.linspace(0.0, top, points)
        rows = []
        for ch in self.params:
            rev = self[ch](grid)
            with np.errstate(divide="ignore", invalid="ignore"):
                roas = np.where(grid > 0, rev / np.where(grid > 0, grid, 1.0), np.nan)
            rows.append(pd.DataFrame({"channel": ch, "spend": grid, "revenue": rev,
                                      "roas": roas, "marginal_roas": self.marginal(ch, grid)}))
        return pd.concat(rows, ignore_index=True)

    def plot(self, ax: Axes | None = None, *, max_spend: float | None = None,
             mark: Mapping[str, float] | None = None) -> Axes:
        """Daily revenue against daily spend, one line per channel (``mark``: dots at spends)."""
        import matplotlib.pyplot as plt

        from smtools import networks, viz

        if ax is None:
            viz.theme()
            _, ax = plt.subplots()
        frame = self.to_frame(max_spend=max_spend)
        colours = viz.network_colours(list(self.params))
        for ch, rows in frame.groupby("channel", sort=False):
            ax.plot(rows["spend"], rows["revenue"], color=colours[ch],
                    label=networks.display(str(ch)))
            if mark and ch in mark:
                ax.plot([mark[ch]], [self[ch](mark[ch])], "o", color=colours[ch])
        ax.legend(loc="lower right")
        viz.money_axis(ax)
        viz.money_axis(ax, axis="x")
        cur = f" ({self.currency})" if self.currency else ""
        return viz.finish(ax, title="True response curves: revenue a day by spend a day",
                          xlabel=f"Spend a day{cur}", ylabel=f"Revenue a day{cur}",
                          source=f"{self.source}; steady state, adstock and Hill saturation")


def true_curves(data: SynthData, channels: list[str] | None = None) -> TrueCurves:
    """The true steady-state response curve of each paid channel of a synthetic client.

    Parameters
    ----------
    data : SynthData
        A generated client (:func:`dataset`).
    channels : list of str, optional
        Keep these channels (default: every paid channel).

    Returns
    -------
    TrueCurves

    Examples
    --------
    >>> c = true_curves(dataset("bistro-lumiere", 0))
    >>> bool(c.marginal("facebook", 10.0) > c.marginal("facebook", 100.0))
    True
    """
    media = data.truth["media"]["channels"]
    keep = channels or list(media)
    unknown = sorted(set(keep) - set(media))
    if unknown:
        raise DataError(f"no paid channel {', '.join(unknown)} in the truth", column="channels",
                        hint=f"use some of {', '.join(media)}")
    params = {ch: {k: float(media[ch][k]) for k in ("decay", "half_saturation", "shape", "beta")}
              for ch in keep}
    return TrueCurves(params, currency=data.truth.get("currency", ""),
                      source=f"synthetic truth of {data.slug} (seed {data.seed})")


# --------------------------------------------------------------------------- exposures
def simulate_exposures(reaches: Any, *, insertions: Any = None, population: int = 50_000,
                       concentration: float | None = 1.0, seed: int = 0
                       ) -> FrequencyDistribution:
    """Expose a simulated population to a schedule and count, person by person.

    Each person has an appetite ``u`` for the media (gamma distributed, mean 1,
    shape ``concentration``: small values make a few heavy users and many light
    ones). One insertion of vehicle v reaches a person with probability
    ``1 − exp(−λᵥ·u)``, with λᵥ set so that the vehicle reaches ``rᵥ`` of the
    population on average. The same heavy users are likely to see every
    vehicle and every insertion: duplication is higher than random, as on
    social networks. ``concentration=None`` gives everyone the same appetite
    (random duplication, the assumption of the Sainsbury formula).

    Parameters
    ----------
    reaches : list, array, Series or dict
        Reach of one insertion in each vehicle (fractions).
    insertions : list of int, optional
        Insertions per vehicle (one each by default).
    population : int
        People simulated.
    concentration : float or None
        Gamma shape of the appetite (1.0 by default); None for no heterogeneity.
    seed : int
        Random seed.

    Returns
    -------
    FrequencyDistribution
        The counted shares exposed 0, 1, 2… times (``.reach``, ``.at_least(k)``…).

    Examples
    --------
    >>> sim = simulate_exposures([0.3], insertions=[4], seed=0)
    >>> bool(sim.reach < 1 - 0.7 ** 4)   # heavy users see the same ads: less than random
    True
    """
    from smtools.reach import FrequencyDistribution
    from smtools.reach import _checks as checks

    r, labels = checks.fractions(reaches, "reaches")
    n = np.ones(r.size, dtype=int) if insertions is None else \
        checks.counts(insertions, "insertions", r.size)
    if not isinstance(population, (int, np.integer)) or population < 100:
        raise DataError(f"population={population!r} is too small", column="population",
                        hint="simulate at least 100 people, e.g. population=50_000")
    rng = np.random.default_rng(seed)
    if concentration is None:
        appetite = np.ones(population)
        lam = -np.log1p(-np.minimum(r, 1 - 1e-12))
    else:
        k = float(concentration)
        if not k > 0:
            raise DataError("concentration must be positive", column="concentration",
                            hint="use e.g. 1.0, or None for random duplication")
        appetite = rng.gamma(k, 1.0 / k, population)
        lam = k * ((1.0 - np.minimum(r, 1 - 1e-12)) ** (-1.0 / k) - 1.0)
    counts = np.zeros(population, dtype=int)
    for lam_v, n_v in zip(lam, n, strict=True):
        p = -np.expm1(-lam_v * appetite)
        counts += rng.binomial(int(n_v), p)
    dist = np.bincount(counts, minlength=int(n.sum()) + 1) / population
    series = pd.Series(dist, index=pd.RangeIndex(len(dist), name="times_exposed"), name="share")
    what = "random exposure" if concentration is None else \
        f"heavy and light users (gamma appetite, shape {concentration:g})"
    return FrequencyDistribution(
        distribution=series, model=f"simulated population of {population:,} ({', '.join(labels)})",
        source=f"smtools.teach simulation, {what}, seed {seed}")


# --------------------------------------------------------------------------- capstone
_FOLDERS: list[Path] = []


@atexit.register
def _cleanup() -> None:
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


@lru_cache(maxsize=2)
def campaign_review(client: str, seed: int = 0) -> CampaignReview:
    """The capstone's review, made the documented way (cached; a temporary workspace).

    Generates the client (data seed ``seed``) into a temporary workspace, loads its
    brief, builds the plan on the campaign's first day and reviews the campaign in
    English, with the models' default seeds — the steps of the capstone lesson.

    Examples
    --------
    >>> r = campaign_review("atelier-nova", 0)     # doctest: +SKIP
    >>> r.plan.budget                               # doctest: +SKIP
    75000.0
    """
    from smtools import brief as briefs
    from smtools import plan, report, synth
    from smtools.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="smtools-teach-"))
    _FOLDERS.append(folder)
    ws = Workspace(folder / "workspace.duckdb")
    synth.write(ws, client, seed=seed, clients_dir=folder)
    brief = briefs.load(client, folder)
    made = plan.build(brief, ws)
    return report.review(brief, ws, plan=made, language="en")
