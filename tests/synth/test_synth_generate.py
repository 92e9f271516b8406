"""generate(): determinism, canonical validity, truth as plain JSON, briefs, portfolio."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smtools.synth as synth
from smtools import tables
from smtools.brief import Brief
from smtools.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
TABLE_NAMES = {"performance", "outcomes", "posts", "audience", "journeys", "mentions",
               "sessions", "influencers", "influencer_posts"}


def test_demo_clients() -> None:
    assert synth.demo_clients() == ["bistro-lumiere", "atelier-nova", "cloudledger"]


def test_same_seed_same_data(generated) -> None:
    first = generated("bistro-lumiere", 0)
    again = synth.generate("bistro-lumiere", 0)
    assert set(first.tables) == set(again.tables) == TABLE_NAMES
    for name, frame in first.tables.items():
        pd.testing.assert_frame_equal(frame, again.tables[name], check_exact=True)
    assert first.truth == again.truth
    assert first.brief == again.brief


def test_different_seed_different_data(generated) -> None:
    a, b = generated("atelier-nova", 0), generated("atelier-nova", 1)
    for name in ("performance", "outcomes", "posts", "journeys", "mentions"):
        assert not a.tables[name].equals(b.tables[name]), name
    assert a.truth["media"] != b.truth["media"]
    assert a.brief == b.brief                      # the brief does not depend on the seed
    # the history is fixed
    dates = a.tables["outcomes"]["date"]
    assert dates.min() == pd.Timestamp("2024-11-01") and dates.max() == pd.Timestamp("2026-10-31")
    assert dates.nunique() == 730
    assert b.tables["outcomes"]["date"].nunique() == 730


def test_every_table_is_canonical(client) -> None:
    for name, frame in client.tables.items():
        again = tables.validate(name, frame)
        pd.testing.assert_frame_equal(again, frame)
        assert list(frame.columns) == tables.TABLES[name].names
        assert (frame["client"] == client.slug).all()
        assert len(frame) > 0


def _plain(obj: object, path: str = "truth") -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            assert type(k) is str, f"{path}: key {k!r}"
            _plain(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _plain(v, f"{path}[{i}]")
    else:
        assert obj is None or type(obj) in (str, int, float, bool), f"{path}: {type(obj)}"
        if type(obj) is float:
            assert np.isfinite(obj), path


def test_truth_is_plain_json(client) -> None:
    _plain(client.truth)
    assert json.loads(json.dumps(client.truth, sort_keys=True)) == client.truth
    expected_keys = {"version", "client", "seed", "archetype", "currency", "timezone",
                     "history", "campaign", "spend_plan", "media", "baseline", "noise",
                     "outcomes", "organic", "audience", "journeys", "mentions", "sessions",
                     "influencers"}
    assert set(client.truth) == expected_keys


@pytest.mark.parametrize("slug", synth.demo_clients())
def test_committed_brief_is_what_the_generator_writes(slug: str) -> None:
    path = ROOT / "clients" / f"{slug}.yaml"
    assert path.read_text(encoding="utf-8") == synth.brief_yaml(slug)
    committed = Brief.from_yaml(path)
    assert committed.to_dict() == synth.brief_for(slug).to_dict()
    assert committed.client == slug


def test_demo_briefs_fit_the_profiles(client) -> None:
    brief = client.brief
    expected = {
        "bistro-lumiere": ("EUR", "Europe/Paris", "fr", ["facebook", "instagram",
                                                          "google_search"], "orders"),
        "atelier-nova": ("USD", "America/New_York", "en", ["instagram", "tiktok", "pinterest"],
                         "orders"),
        "cloudledger": ("GBP", "Europe/London", "en", ["linkedin", "youtube", "google_search"],
                        "leads"),
    }[client.slug]
    assert (brief.currency, brief.timezone, brief.language, brief.channel_names) == expected[:4]
    assert client.truth["outcomes"]["kpis"] == ["revenue", expected[4]]
    # the campaign lies in the last two months of the history
    assert brief.campaign.start >= pd.Timestamp("2026-09-01").date()
    assert brief.campaign.end <= pd.Timestamp("2026-10-31").date()
    assert brief.kpis.roas and brief.kpis.cpm and brief.kpis.reach
    assert brief.audience.interests and brief.audience.regions


def test_unknown_slug_is_refused() -> None:
    with pytest.raises(DataError, match="no synthetic client"):
        synth.generate("acme")
    with pytest.raises(DataError):
        synth.generate("client-00")


def test_portfolio_slugs_and_profiles() -> None:
    slugs = synth.portfolio(30, seed=3)
    assert slugs == [f"client-{i:02d}" for i in range(1, 31)] == synth.portfolio(30)
    briefs = [synth.brief_for(s) for s in slugs]
    assert len({b.name for b in briefs}) == 30
    kinds = [synth.profile_for(s).archetype for s in slugs]
    assert kinds[:3] == ["restaurant", "fashion", "b2b"] and kinds.count("b2b") == 10
    for s, b in zip(slugs, briefs, strict=True):
        assert b.client == s
        assert Brief.from_dict(b.to_dict()).to_dict() == b.to_dict()
        assert b.campaign.start >= pd.Timestamp("2026-09-01").date()
        assert b.campaign.end <= pd.Timestamp("2026-10-31").date()
        for name, rule in b.channels.items():
            share = synth.profile_for(s).paid[b.channel_names.index(name)].campaign_share
            assert rule.min_share <= share <= rule.max_share
    assert synth.portfolio(100)[-1] == "client-100"
    with pytest.raises(ValueError):
        synth.portfolio(0)


@pytest.mark.parametrize("slug", ["client-01", "client-05", "client-12"])
def test_portfolio_clients_generate(generated, slug: str) -> None:
    data = generated(slug, 2)
    assert data.brief.client == slug
    assert set(data.tables) == TABLE_NAMES
    for name, frame in data.tables.items():
        tables.validate(name, frame)
    roas = [c["roas"] for c in data.truth["media"]["channels"].values()]
    assert all(0.8 <= r <= 6 for r in roas)
    assert synth.brief_yaml(slug).startswith("# Brief of the synthetic client " + slug)
