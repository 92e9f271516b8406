"""Synthetic clients for the influence tests, generated once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import smtools.synth as synth


@pytest.fixture(scope="session")
def client_data() -> Callable[[str, int], synth.SynthData]:
    """``client_data(slug, seed)``: a generated client, cached for the session."""
    cache: dict[tuple[str, int], synth.SynthData] = {}

    def get(slug: str, seed: int = 0) -> synth.SynthData:
        if (slug, seed) not in cache:
            cache[(slug, seed)] = synth.generate(slug, seed)
        return cache[(slug, seed)]

    return get
