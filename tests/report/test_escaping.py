"""Hostile texts come out as text: post texts and campaign names are escaped everywhere."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import smtools as sm

HOSTILE = '<script>alert(1)</script> & "quotes"'


class _Text(HTMLParser):
    """The text a browser shows for some HTML (tags dropped, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts), parser.tags


@pytest.fixture(scope="module")
def hostile(demo: dict, briefs: dict, plans: dict, tmp_path_factory: pytest.TempPathFactory
            ) -> sm.report.CampaignReview:
    """Bistro Lumière's review on a copy of the data with a hostile post and campaign name."""
    root = tmp_path_factory.mktemp("hostile")
    path = root / "ws.duckdb"
    shutil.copy(Path(demo["workspace"]), path)
    brief = briefs["bistro-lumiere"]
    name = f"Menu {HOSTILE}"
    con = duckdb.connect(str(path))
    try:  # rename the campaign in the copy's ad rows
        con.execute("UPDATE performance SET campaign = ? WHERE client = ? AND campaign = ?",
                    [name, brief.client, brief.campaign.name])
    finally:
        con.close()
    ws = sm.Workspace(path)
    post = pd.DataFrame({
        "client": [brief.client], "post_id": ["hostile-1"], "channel": ["instagram"],
        "published_at": [pd.Timestamp("2026-09-20 17:00", tz="UTC")], "format": ["reel"],
        "pillar": ["Événements & <b>co</b>"], "text": [HOSTILE], "impressions": [5000.0],
        "reach": [4000.0], "likes": [2500.0], "comments": [100.0], "shares": [50.0],
        "saves": [10.0], "clicks": [5.0], "followers": [6300.0]})
    ws.upsert("posts", post)
    data = brief.model_dump()
    data["campaign"]["name"] = name
    evil = sm.Brief.model_validate({**data, "source": brief.source})
    plan = plans["bistro-lumiere"]
    return sm.report.review(evil, ws, plan=plan)


def test_hostile_post_text_is_escaped(hostile: sm.report.CampaignReview) -> None:
    best = hostile.content.to_frame()
    assert best.iloc[0]["text"] == HOSTILE  # kept as it is in the data…
    for html in (hostile.html("content"), hostile._repr_html_()):
        assert "<script>" not in html and "<b>co</b>" not in html  # …and shown as text
        text, tags = shown(html)
        assert HOSTILE in text and "Événements & <b>co</b>" in text
        assert "script" not in tags and "b" not in tags


def test_hostile_campaign_name_is_escaped(hostile: sm.report.CampaignReview) -> None:
    assert len(hostile.actuals.performance) > 0  # the renamed rows still join the campaign
    assert HOSTILE in hostile.summary()[0]
    html = hostile._repr_html_()
    assert "<script>" not in html
    text, tags = shown(hostile.html("summary"))
    assert f"Menu {HOSTILE}" in text and "script" not in tags
    assert hostile.to_dict()["campaign"].endswith(HOSTILE)


def test_sessions_under_another_campaign_name_are_not_tagged(
        hostile: sm.report.CampaignReview) -> None:
    """The sessions still carry the old campaign name, which neither the renamed brief nor
    the plan's utm_campaign matches: the tracking share says so."""
    tr = hostile.channels.tracking
    assert tr["tagged"] == 0 and tr["paid"] > 0 and tr["paid_tagged_share"] == 0
