"""Follower bands, engagement norms per network and band, and reach assumptions.

Bands follow Later × Fohr (2021): nano < 10k, micro 10k–100k, mid 100k–500k,
macro 500k–1M, mega ≥ 1M followers (``influencer_bands.csv``). Engagement
norms per network × band are in ``influencer_norms.csv`` with their source
and year; where no norm is shipped (Facebook, LinkedIn, Pinterest, X,
Snapchat) the shortlist uses the median of the candidate pool instead and
says so.

:data:`REACH_RATES` are **planning assumptions** of smtools (share of
followers who see one feed post), not a published benchmark: override them
with ``reach_rates=``.

Examples
--------
>>> band(9_999), band(10_000), band(2_500_000)
('nano', 'micro', 'mega')
>>> round(norm("instagram", "micro"), 3)
0.024
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd

from smtools import networks
from smtools.errors import DataError

__all__ = ["BANDS", "REACH_RATES", "band", "bands", "norm", "norms"]

#: Follower bands, smallest first.
BANDS: tuple[str, ...] = ("nano", "micro", "mid", "macro", "mega")
_EDGES = np.array([10_000, 100_000, 500_000, 1_000_000])

#: Share of followers reached by one post, per band (smtools planning assumption).
REACH_RATES: dict[str, float] = {"nano": 0.30, "micro": 0.20, "mid": 0.15, "macro": 0.12,
                                 "mega": 0.10}


def _file(name: str) -> str:
    return str(resources.files("smtools") / "data" / "reference" / name)


@functools.lru_cache(maxsize=2)
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(_file(name), keep_default_na=False, na_values=[""])


def bands() -> pd.DataFrame:
    """The band convention with its source (a copy of ``influencer_bands.csv``).

    Examples
    --------
    >>> bands()["band"].tolist()
    ['nano', 'micro', 'mid', 'macro', 'mega']
    """
    return _read("influencer_bands.csv").copy()


def band(followers: float) -> str:
    """Follower band of an account.

    Raises
    ------
    DataError
        When ``followers`` is negative or missing.

    Examples
    --------
    >>> band(100_000), band(999_999)
    ('mid', 'macro')
    """
    if followers is None or not np.isfinite(followers) or followers < 0:
        raise DataError(f"followers={followers!r} is not a follower count", column="followers",
                        hint="give the number of followers (0 or more)")
    return BANDS[int(np.searchsorted(_EDGES, followers, side="right"))]


def norms() -> pd.DataFrame:
    """Engagement-rate norms by network × band, with source and year (used rows only).

    Examples
    --------
    >>> sorted(norms()["network"].unique())
    ['instagram', 'tiktok', 'youtube']
    """
    data = _read("influencer_norms.csv")
    return data[data["used"] == "yes"].reset_index(drop=True).copy()


def norm(network: str, band_: str, table: pd.DataFrame | None = None) -> float:
    """Shipped (or given) engagement-rate norm of a network and band, NaN when none.

    Examples
    --------
    >>> import math
    >>> math.isnan(norm("linkedin", "micro"))
    True
    """
    data = norms() if table is None else table
    hit = data[(data["network"] == networks.canonical(network)) & (data["band"] == band_)]
    return float(hit["engagement_rate"].iloc[0]) if len(hit) else float("nan")
