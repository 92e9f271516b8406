"""Reference benchmarks: CPM, CPC, CTR and conversion rate by network and objective.

When a client has less than 26 weeks of history, the media plan's budget split
and forecast start from published market benchmarks instead of the client's own
numbers. They are shipped as a tidy table,
``smtools/data/reference/benchmarks.csv``, one row per network × objective ×
metric × region, each with a ``low``/``typical``/``high`` range, the year, the
source and a note saying what the figure is and how it was derived.
``benchmarks.md`` beside it lists the sources and the caveats.

:func:`lookup` returns one ``(low, typical, high)`` :class:`Range` per metric.
It falls back, metric by metric, from the requested region to broader ones and
from the requested objective to the network's generic row (objective
``"all"``), in this order::

    (objective, region) -> ("all", region) -> (objective, parent region) -> ... -> ("all", "global")

Costs depend on the market far more than on the objective, so a regional
generic cost beats a global objective-specific one; rates (CTR, conversion
rate) published for one objective still apply when no regional figure exists.
Money is never converted silently: asking for a currency the data is not in
needs an explicit ``fx`` rate, otherwise :class:`~smtools.errors.DataError`.

Examples
--------
>>> b = lookup("facebook", "leads", region="US")
>>> b["cvr_click"].typical
0.0825
>>> sorted(lookup("tiktok", "sales"))
['cpc', 'cpm', 'ctr', 'cvr_click']
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from smtools import networks
from smtools.errors import DataError

__all__ = [
    "CONSISTENCY_TOLERANCE",
    "GENERIC",
    "METRICS",
    "MONEY_METRICS",
    "NETWORKS",
    "OBJECTIVES",
    "OBJECTIVE_ALIASES",
    "RATE_METRICS",
    "REGIONS",
    "REQUIRED_METRICS",
    "Range",
    "load",
    "lookup",
    "path",
    "resolve",
]

#: Networks the table covers (canonical names, see :mod:`smtools.networks`).
NETWORKS: tuple[str, ...] = ("facebook", "instagram", "tiktok", "linkedin", "youtube",
                             "pinterest", "snapchat", "x", "google_search", "google_display")
#: Campaign objectives the table is keyed by.
OBJECTIVES: tuple[str, ...] = ("awareness", "traffic", "engagement", "video_views", "leads",
                               "sales")
#: Brief objectives with no benchmark of their own, mapped onto the nearest one.
OBJECTIVE_ALIASES: dict[str, str] = {"reach": "awareness", "app_installs": "sales"}
#: Objective of a network's generic rows, used when no objective-specific row exists.
GENERIC = "all"
#: Metrics every network × objective resolves to.
REQUIRED_METRICS: tuple[str, ...] = ("cpm", "cpc", "ctr", "cvr_click")
#: Metrics expressed in money (they carry a currency).
MONEY_METRICS: tuple[str, ...] = ("cpm", "cpc", "cpv", "cpa")
#: Metrics expressed as a fraction between 0 and 1 (no currency).
RATE_METRICS: tuple[str, ...] = ("ctr", "cvr_click", "engagement_rate")
#: Every metric the table may hold, in display order.
METRICS: tuple[str, ...] = ("cpm", "cpc", "ctr", "cvr_click", "cpv", "cpa", "engagement_rate")
#: Regions and the broader regions they fall back to, most specific first.
REGIONS: dict[str, tuple[str, ...]] = {
    "global": ("global",),
    "US": ("US", "global"),
    "EU": ("EU", "global"),
    "FR": ("FR", "EU", "global"),
}
#: Largest relative gap allowed between typical CPC and typical CPM / (1000 × CTR)
#: (and between typical CPA and CPC / CVR) in any resolved benchmark set.
CONSISTENCY_TOLERANCE = 0.25

_COLUMNS = ("network", "objective", "metric", "region", "currency", "low", "typical", "high",
            "year", "source", "source_url", "notes")
_LINKED = ("cpm", "cpc", "ctr")
_CURRENCIES = ("USD", "EUR")


class Range(NamedTuple):
    """A benchmark range: a pessimistic, a typical and an optimistic-side value.

    For costs ``low`` is the cheapest, for rates the lowest; ``low <= typical <= high``.
    """

    low: float
    typical: float
    high: float


def path() -> Path:
    """Path of the shipped benchmark table.

    Examples
    --------
    >>> path().name
    'benchmarks.csv'
    """
    return Path(str(resources.files("smtools").joinpath("data", "reference", "benchmarks.csv")))


@functools.cache
def _load_cached() -> pd.DataFrame:
    file = path()
    if not file.is_file():
        raise DataError("the benchmark table is missing", file=file,
                        hint="reinstall smtools; the file ships in smtools/data/reference/")
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    return _checked(frame, file=file.name)


def load() -> pd.DataFrame:
    """The benchmark table, validated (read once, a fresh copy on every call).

    Returns
    -------
    pandas.DataFrame
        Columns ``network, objective, metric, region, currency, low, typical, high,
        year, source, source_url, notes``; ``currency`` is empty for rates.

    Raises
    ------
    DataError
        If the file is malformed; the message gives the line and column.

    Examples
    --------
    >>> table = load()
    >>> set(table["network"]) == set(NETWORKS)
    True
    >>> table.loc[0, ["network", "objective", "metric", "region"]].tolist()
    ['facebook', 'all', 'cpm', 'global']
    """
    return _load_cached().copy()


def _checked(frame: pd.DataFrame, *, file: str) -> pd.DataFrame:
    """Validate a raw (all-text) table and return it with numeric columns typed."""
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"missing column(s) {missing}", file=file,
                        hint=f"the header must be: {','.join(_COLUMNS)}")
    frame = frame.loc[:, list(_COLUMNS)].reset_index(drop=True)
    for col in ("network", "objective", "metric", "region", "currency"):
        frame[col] = frame[col].astype(str).str.strip()
    allowed = {
        "network": NETWORKS,
        "objective": (*OBJECTIVES, GENERIC),
        "metric": METRICS,
        "region": tuple(REGIONS),
    }
    values: dict[str, list[float]] = {"low": [], "typical": [], "high": [], "year": []}
    for i, rec in enumerate(frame.to_dict("records")):
        line = i + 2  # header is line 1
        for col, choices in allowed.items():
            if rec[col] not in choices:
                raise DataError(f"unknown {col} {rec[col]!r}", file=file, row=line, column=col,
                                hint=f"use one of {', '.join(choices)}")
        money = rec["metric"] in MONEY_METRICS
        if money and rec["currency"] not in _CURRENCIES:
            raise DataError(f"{rec['metric']} needs a currency", file=file, row=line,
                            column="currency", hint=f"use one of {', '.join(_CURRENCIES)}")
        if not money and rec["currency"]:
            raise DataError(f"{rec['metric']} is a rate and has no currency", file=file,
                            row=line, column="currency", hint="leave the cell empty")
        for col in ("low", "typical", "high", "year"):
            try:
                number = float(rec[col])
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise DataError(f"{rec[col]!r} is not a number", file=file, row=line, column=col)
            values[col].append(number)
        low, typical, high = values["low"][-1], values["typical"][-1], values["high"][-1]
        if not low <= typical <= high:
            raise DataError(f"low {low} <= typical {typical} <= high {high} does not hold",
                            file=file, row=line, column="typical",
                            hint="put the cheapest/lowest value in low and the largest in high")
        for col in ("source", "source_url", "notes"):
            if not str(rec[col]).strip():
                raise DataError(f"{col} is empty", file=file, row=line, column=col,
                                hint="every figure needs its source, address and a note")
    for col, numbers in values.items():
        frame[col] = numbers
    frame["year"] = frame["year"].astype("int64")
    key = ["network", "objective", "metric", "region"]
    dup = frame.duplicated(key, keep="first")
    if dup.any():
        line = int(dup.to_numpy().nonzero()[0][0]) + 2
        raise DataError("duplicate network/objective/metric/region", file=file, row=line,
                        hint="keep one row per key and put the spread of sources in low/high")
    # lookup() falls back metric by metric: CPM, CPC and CTR must travel together
    for (network, objective, region), group in frame.groupby(
            ["network", "objective", "region"], sort=False):
        linked = set(group["metric"]) & set(_LINKED)
        if linked and linked != set(_LINKED):
            raise DataError(
                f"{network}/{objective}/{region} has {sorted(linked)} but not "
                f"{sorted(set(_LINKED) - linked)}", file=file, row=int(group.index[0]) + 2,
                column="metric",
                hint="give CPM, CPC and CTR together (derive the missing one and say so in notes)")
    return frame


def _build_index(table: pd.DataFrame) -> dict[tuple[str, str, str, str], dict]:
    return {(r["network"], r["objective"], r["region"], r["metric"]): r
            for r in table.to_dict("records")}


@functools.cache
def _index() -> dict[tuple[str, str, str, str], dict]:
    return _build_index(_load_cached())


def _network(name: str) -> str:
    canon = networks.canonical(name)
    if canon not in NETWORKS:
        raise DataError(f"no benchmarks for network {name!r}",
                        hint=f"use one of {', '.join(NETWORKS)}")
    return canon


def _objective(name: str) -> str:
    key = str(name).strip().lower()
    key = OBJECTIVE_ALIASES.get(key, key)
    if key not in (*OBJECTIVES, GENERIC):
        raise DataError(f"unknown objective {name!r}",
                        hint=f"use one of {', '.join(OBJECTIVES)} (or 'reach', 'app_installs')")
    return key


def _region(name: str) -> str:
    for key in REGIONS:
        if key.lower() == str(name).strip().lower():
            return key
    raise DataError(f"unknown region {name!r}", hint=f"use one of {', '.join(REGIONS)}")


def resolve(network: str, objective: str, *, region: str = "global",
            data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows :func:`lookup` uses: one per metric, after the fallbacks.

    Parameters
    ----------
    network : str
        Network, any spelling :func:`smtools.networks.canonical` knows.
    objective : str
        Campaign objective (``reach`` counts as awareness, ``app_installs`` as sales).
    region : str, default "global"
        ``global``, ``US``, ``EU`` or ``FR``.
    data : pandas.DataFrame, optional
        A table shaped like :func:`load`'s (for overrides and tests); default the shipped one.

    Returns
    -------
    pandas.DataFrame
        The chosen rows, in :data:`METRICS` order, with an extra ``fallback`` column
        saying which (objective, region) they came from when it differs from the request.

    Examples
    --------
    >>> used = resolve("facebook", "leads", region="FR")
    >>> used[["metric", "objective", "region"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['cpm', 'all', 'FR'], ['cpc', 'all', 'FR'], ['ctr', 'all', 'FR'],
     ['cvr_click', 'leads', 'global']]
    """
    return pd.DataFrame(_resolved(network, objective, region, data),
                        columns=[*_COLUMNS, "fallback"])


def _resolved(network: str, objective: str, region: str,
              data: pd.DataFrame | None) -> list[dict]:
    net, obj, reg = _network(network), _objective(objective), _region(region)
    index = _index() if data is None else _build_index(_checked(data.astype(str), file="<data>"))
    chain = [(o, r) for r in REGIONS[reg] for o in dict.fromkeys((obj, GENERIC))]
    chosen = []
    for metric in METRICS:
        for o, r in chain:
            rec = index.get((net, o, r, metric))
            if rec is not None:
                chosen.append({**rec, "fallback": "" if (o, r) == (obj, reg) else f"{o}/{r}"})
                break
    return chosen


def lookup(network: str, objective: str, *, region: str = "global",
           currency: str | None = None, fx: Mapping[str, float] | None = None,
           data: pd.DataFrame | None = None) -> dict[str, Range]:
    """Benchmark ranges for one network and objective.

    Parameters
    ----------
    network : str
        Network, any spelling :func:`smtools.networks.canonical` knows (``"Meta"``,
        ``"twitter"``…).
    objective : str
        Campaign objective; ``reach`` is read as awareness and ``app_installs`` as sales.
    region : str, default "global"
        ``global``, ``US``, ``EU`` or ``FR``; missing figures fall back to broader
        regions and to the network's generic row (see the module docstring).
    currency : str, optional
        Currency of the money metrics (CPM, CPC, CPV, CPA). ``None`` keeps the
        table's currency, which must then be the same for every money metric.
    fx : mapping of str to float, optional
        Conversion rates into ``currency``: ``fx["USD"]`` is how many units of
        ``currency`` one US dollar buys (e.g. ``{"USD": 0.92}`` with ``currency="EUR"``).
        Required whenever a figure is stored in another currency; never guessed.
    data : pandas.DataFrame, optional
        A table shaped like :func:`load`'s; default the shipped one.

    Returns
    -------
    dict of str to Range
        Metric → ``(low, typical, high)``; always has ``cpm``, ``cpc``, ``ctr`` and
        ``cvr_click``, plus ``cpv``/``cpa``/``engagement_rate`` where published.

    Raises
    ------
    DataError
        Unknown network, objective or region; or a currency conversion that would
        be needed without a rate in ``fx``.

    Examples
    --------
    >>> lookup("Meta", "traffic", region="US")["ctr"]
    Range(low=0.008, typical=0.0171, high=0.0413)
    >>> lookup("linkedin", "leads", currency="EUR", fx={"USD": 0.5})["cpc"].typical
    2.79
    >>> lookup("linkedin", "leads", currency="EUR")
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: linkedin cpm benchmark is in USD, not EUR. Fix: pass fx={'USD': ...
    """
    net = _network(network)
    used = _resolved(net, objective, region, data)
    want = None if currency is None else str(currency).strip().upper()
    if want is None:
        found = sorted({r["currency"] for r in used if r["metric"] in MONEY_METRICS})
        if len(found) > 1:
            raise DataError(f"{net} benchmarks mix currencies {found}",
                            hint="pass currency= and an fx= rate to express them in one currency")
    out: dict[str, Range] = {}
    for rec in used:
        factor = 1.0
        if rec["metric"] in MONEY_METRICS and want is not None and rec["currency"] != want:
            rate = (fx or {}).get(rec["currency"])
            if rate is None:
                raise DataError(
                    f"{net} {rec['metric']} benchmark is in {rec['currency']}, not {want}",
                    hint=f"pass fx={{'{rec['currency']}': <{want} per 1 {rec['currency']}>}} "
                         "(for instance the ECB reference rate on the plan date)")
            if not (isinstance(rate, int | float) and math.isfinite(rate) and rate > 0):
                raise DataError(f"fx rate for {rec['currency']} must be a positive number, "
                                f"not {rate!r}")
            factor = float(rate)
        digits = 6 if rec["metric"] in RATE_METRICS else 4 if rec["metric"] == "cpv" else 2
        out[rec["metric"]] = Range(*(round(float(rec[c]) * factor, digits)
                                     for c in ("low", "typical", "high")))
    return out
