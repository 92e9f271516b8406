"""Fixtures of the channel tests: demo tables generated alone (fast) and closed figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=64)
def _posts(slug: str, seed: int) -> tuple[pd.DataFrame, dict, str]:
    from smtools.synth.organic import posts_table
    from smtools.synth.profiles import profile_for
    from smtools.synth.seeding import streams

    profile = profile_for(slug)
    frame, truth, _ = posts_table(profile, streams(slug, seed)["organic"])
    return frame, truth, profile.timezone


@lru_cache(maxsize=128)
def _mentions(slug: str, seed: int) -> tuple[pd.DataFrame, dict, str]:
    from smtools.synth.mentions import mentions_table
    from smtools.synth.profiles import profile_for
    from smtools.synth.seeding import streams

    profile = profile_for(slug)
    frame, truth = mentions_table(profile, streams(slug, seed)["mentions"])
    return frame, truth, profile.timezone


@pytest.fixture(scope="session")
def organic() -> Callable[[str, int], tuple[pd.DataFrame, dict, str]]:
    """``organic(slug, seed)`` → (posts, organic truth, time zone), drawn exactly as
    :func:`smtools.synth.generate` draws them, without the other tables."""
    return lambda slug, seed=0: _posts(slug, seed)


@pytest.fixture(scope="session")
def listening() -> Callable[[str, int], tuple[pd.DataFrame, dict, str]]:
    """``listening(slug, seed)`` → (mentions, mentions truth, time zone)."""
    return lambda slug, seed=0: _mentions(slug, seed)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")
