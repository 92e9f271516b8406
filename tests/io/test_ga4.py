"""GA4 session reports → the sessions table."""

from __future__ import annotations

import pytest

from smtools import io
from smtools.errors import DataError
from smtools.io.ga4 import channel_for


def test_session_report(exports):
    export = io.read(exports / "ga4_sessions.csv", client="acme", currency="EUR")
    f = export.frame
    assert export.source == "ga4" and export.table == "sessions"
    assert export.notes == [
        "ignored what follows the table from line 22 (another section of the export)"]
    assert len(f) == 11
    assert f["sessions"].sum() == 976
    assert f["engaged_sessions"].sum() == 668
    assert f["conversions"].sum() == 20
    assert f["revenue"].sum() == pytest.approx(1264.5)
    assert set(f["currency"]) == {"EUR"}
    assert f["date"].dt.strftime("%Y%m%d").unique().tolist() == ["20250101", "20250102"]
    first = f[f["date"] == "2025-01-01"].set_index(["source", "medium"])
    assert first.loc[("google", "cpc"), "channel"] == "google_search"
    assert first.loc[("google", "organic"), "channel"] == "organic_search"
    assert first.loc[("(direct)", "(none)"), "channel"] == "direct"
    assert first.loc[("m.facebook.com", "referral"), "channel"] == "facebook"
    assert first.loc[("l.instagram.com", "referral"), "channel"] == "instagram"
    assert first.loc[("google", "cpc"), "campaign"] == "brand_search"
    # pseudo-campaigns are not campaigns
    assert f.loc[f["source"] == "(direct)", "campaign"].isna().all()
    unknown = f[f["source"] == "(not set)"]
    assert unknown["medium"].tolist() == ["(not set)"] and unknown["channel"].isna().all()


def test_revenue_needs_a_currency(exports):
    with pytest.raises(DataError) as err:
        io.read(exports / "ga4_sessions.csv", client="acme")
    assert (err.value.row, err.value.column) == (9, "Total revenue")
    assert "--currency" in str(err.value)


def test_without_revenue_no_currency_needed_and_separate_columns(write):
    path = write("ga4.csv", """
        # Property: Acme
        Date,Session source,Session medium,Sessions,Conversions
        20250106,newsletter,email,40,2
        20250106,tiktok.com,referral,12,0
    """)
    f = io.read(path, client="acme").frame
    assert f["channel"].tolist() == ["email", "tiktok"]
    assert f["conversions"].tolist() == [2, 0]
    assert f["currency"].isna().all()


@pytest.mark.parametrize(("source", "medium", "channel"), [
    ("google", "cpc", "google_search"), ("bing", "organic", "organic_search"),
    ("duckduckgo", "organic", "organic_search"), ("partner.example", "referral", "referral"),
    ("lnkd.in", "referral", "linkedin"), ("(direct)", "(none)", "direct"),
    ("(not set)", "(not set)", None),
])
def test_channel_for(source, medium, channel):
    assert channel_for(source, medium) == channel
