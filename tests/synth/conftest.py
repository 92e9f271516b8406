"""Session-cached synthetic clients for the synth tests (generation is the slow part)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import smtools.synth as synth

Getter = Callable[..., synth.SynthData]


@pytest.fixture(scope="session")
def synth_timings() -> dict[tuple[str, int], float]:
    """Seconds each generated (slug, seed) took."""
    return {}


@pytest.fixture(scope="session")
def generated(synth_timings: dict) -> Getter:
    """``generated(slug, seed=0)``: the client's SynthData, generated once per session."""
    cache: dict[tuple[str, int], synth.SynthData] = {}

    def get(slug: str, seed: int = 0) -> synth.SynthData:
        key = (slug, seed)
        if key not in cache:
            start = time.perf_counter()
            cache[key] = synth.generate(slug, seed)
            synth_timings[key] = time.perf_counter() - start
        return cache[key]

    return get


@pytest.fixture(params=synth.demo_clients())
def client(request: pytest.FixtureRequest, generated: Getter) -> synth.SynthData:
    """Each demo client at seed 0."""
    return generated(request.param, 0)


@pytest.fixture(params=[(s, seed) for s in synth.demo_clients() for seed in (0, 1)],
                ids=lambda p: f"{p[0]}-seed{p[1]}")
def client_seeds(request: pytest.FixtureRequest, generated: Getter) -> synth.SynthData:
    """Each demo client at seeds 0 and 1 (for properties that must hold for any seed)."""
    return generated(*request.param)
