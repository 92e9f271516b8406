"""E-reputation: the crisis planted in Atelier Nova's campaign (seed 0) is reported."""

from __future__ import annotations

import pandas as pd
import pytest

import smtools as sm


def test_atelier_nova_crisis_is_reported(reviews: dict, demo_ws: sm.Workspace) -> None:
    r = reviews["atelier-nova"]
    truth = demo_ws.truth("atelier-nova")["mentions"]["crisis"]
    rep = r.reputation
    assert rep.crisis
    c = rep.crises.iloc[0]
    # the detected window overlaps the planted one (2026-09-20 … 2026-09-25)
    assert c["start"] <= pd.Timestamp(truth["end"]) and c["end"] >= pd.Timestamp(truth["start"])
    assert abs((c["start"] - pd.Timestamp(truth["start"])).days) <= 2
    assert c["volume_ratio"] > 2 and c["sentiment"] < 0
    assert rep.sentences[0].startswith("A reputation crisis hit Atelier Nova during the campaign")
    assert "20–25 September 2026" in rep.sentences[0] or "20 September" in rep.sentences[0]
    assert any("crisis" in s for s in r.summary())
    assert "crisis" in [rec.kind for rec in r.recommendations.items]
    ax = r.plot_reputation()
    assert len(ax.patches) >= 1  # the crisis window is shaded


@pytest.mark.parametrize("slug", ["bistro-lumiere", "cloudledger"])
def test_no_crisis_during_the_other_campaigns(reviews: dict, demo_ws: sm.Workspace,
                                              slug: str) -> None:
    r = reviews[slug]
    truth = demo_ws.truth(slug)["mentions"]["crisis"]
    assert pd.Timestamp(truth["end"]).date() < r.brief.campaign.start  # planted before
    assert not r.reputation.crisis
    assert r.reputation.sentences[0].startswith(("No reputation crisis", "Aucune crise"))


def test_share_of_voice_adds_up(reviews: dict) -> None:
    sov = reviews["cloudledger"].reputation.to_frame()
    assert sov["sov"].sum() == pytest.approx(1.0)
    assert sov["brand"].iloc[0] == "CloudLedger"
    assert ((sov["sov_low"] <= sov["sov"]) & (sov["sov"] <= sov["sov_high"])).all()
