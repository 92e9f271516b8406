"""The report reads in the brief's language, numbers and money included."""

from __future__ import annotations

import re

import pytest

import smtools as sm

NBSP, NNBSP = "\u00a0", "\u202f"


def _text(review: sm.report.CampaignReview) -> str:
    parts = list(review.summary())
    for key in sm.report.SECTIONS[1:]:
        parts += review.section(key).sentences
    return "\n".join(parts)


def test_bistro_lumiere_reads_in_french(reviews: dict) -> None:
    r = reviews["bistro-lumiere"]
    assert r.language == "fr"
    text = _text(r)
    # the euro sign after the amount, with a no-break space; a decimal comma
    assert re.search(rf"\d,\d\d{NBSP}€", text)
    assert re.search(rf"\d{NNBSP}\d{{3}}(,\d\d)?{NBSP}€", text)  # 5 885,59 € / 6 000 €
    assert not re.search(r"€\s?\d", text)  # never €1,234
    assert not re.search(r"\d\.\d\d\b", text.replace("2.0", ""))  # no decimal points
    assert re.search(rf"\d,\d{NBSP}%", text)  # 98,1 %
    assert r.heading("summary") == "## Synthèse"
    assert r.summary()[0].startswith("Ce bilan porte sur la campagne")
    assert "septembre" in r.summary()[0]
    view = r.pacing.view()
    assert "Réseau" in view.columns and view.iloc[-1, 0] == "Total"
    assert all(v.endswith("€") for v in view["Dépensé"])


@pytest.mark.parametrize("slug, symbol", [("atelier-nova", "$"), ("cloudledger", "£")])
def test_the_others_read_in_english(reviews: dict, slug: str, symbol: str) -> None:
    r = reviews[slug]
    assert r.language == "en"
    text = _text(r)
    assert re.search(rf"{re.escape(symbol)}\d{{1,3}}(,\d{{3}})+", text)  # $73,003
    assert re.search(rf"{re.escape(symbol)}\d+\.\d\d", text)  # $26.02
    assert NBSP + "€" not in text and NNBSP not in text
    assert r.heading("summary") == "## Executive summary"
    assert "September" in r.summary()[0]


def test_language_can_be_overridden(demo_ws: sm.Workspace, briefs: dict, plans: dict) -> None:
    r = sm.report.review(briefs["bistro-lumiere"], demo_ws, plan=plans["bistro-lumiere"],
                         language="en")
    assert r.language == "en" and r.heading("pacing") == "## Spend against the plan"
    text = _text(r)
    assert re.search(r"€\d{1,3}(,\d{3})*(\.\d\d)?", text)
    assert NBSP + "€" not in text
    assert r.plot_pacing().get_ylabel() == "Spend per week (EUR)"


def test_invalid_language_is_refused(demo_ws: sm.Workspace, briefs: dict, plans: dict) -> None:
    with pytest.raises(sm.DataError, match="language='de'"):
        sm.report.review(briefs["cloudledger"], demo_ws, plan=plans["cloudledger"],
                         language="de")
