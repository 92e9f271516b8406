"""Recognising formats from the header, and the error for unknown files."""

from __future__ import annotations

import pytest

from smtools import io
from smtools.errors import DataError

EXPECTED = {
    "meta_en_daily.csv": "meta", "meta_en_platform.csv": "meta", "meta_fr.csv": "meta",
    "meta_es.csv": "meta", "google_ads_campaigns.csv": "google_ads",
    "google_ads_excel.csv": "google_ads", "linkedin_campaigns.csv": "linkedin",
    "tiktok_ads.csv": "tiktok", "ga4_sessions.csv": "ga4",
    "canonical_performance.csv": "csv", "generic_posts.csv": "csv",
}


@pytest.mark.parametrize(("name", "source"), sorted(EXPECTED.items()))
def test_every_fixture_is_recognised(exports, name, source):
    assert io.detect(exports / name) == source


def test_every_export_fixture_is_covered(exports):
    on_disk = {p.name for p in exports.glob("*.csv")}
    assert on_disk - set(EXPECTED) == {"generic_orders.csv"}  # needs its mapping


def test_unknown_format_names_the_closest_and_what_it_lacks(write):
    path = write("x.csv", """
        Campaign name,Ad set name,Impressions,Reach,Link clicks
        Spring Sale,Lookalike,2500,1200,80
    """)
    with pytest.raises(DataError) as err:
        io.detect(path)
    assert str(err.value).startswith(
        f"{path}, row 1, column 'Reporting starts': not a known export; closest is Meta Ads "
        "Manager, which also needs: Reporting starts, Reporting ends, Amount spent (…).")


def test_closest_format_speaks_the_exports_language(write):
    path = write("x.csv", """
        Nom de la campagne,Impressions,Couverture
        Soldes,100,80
    """)
    with pytest.raises(DataError, match="Début des rapports, Fin des rapports, "
                                        "Montant dépensé"):
        io.read(path, client="acme")


def test_nothing_like_a_header(write):
    path = write("x.csv", """
        hello,world
        1,2
    """)
    with pytest.raises(DataError, match="not a known export: no line near the top"):
        io.detect(path)


def test_bad_arguments(exports):
    with pytest.raises(DataError, match="unknown source"):
        io.read(exports / "tiktok_ads.csv", client="acme", source="facebook")
    with pytest.raises(DataError, match="not a client slug"):
        io.read(exports / "tiktok_ads.csv", client="Acme Inc")
    with pytest.raises(DataError, match="not a time zone"):
        io.read(exports / "tiktok_ads.csv", client="acme", timezone="Paris")
    with pytest.raises(DataError, match="ISO 4217"):
        io.read(exports / "tiktok_ads.csv", client="acme", currency="euro")
    with pytest.raises(DataError, match="no such file"):
        io.read(exports / "nope.csv", client="acme")
