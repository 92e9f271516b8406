"""Client briefs: validation with messages a planner can act on."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from smtools.brief import Brief, briefs, load
from smtools.errors import BriefError

ROOT = Path(__file__).resolve().parent.parent


def test_valid_brief(brief_dict: dict) -> None:
    brief = Brief.from_dict(brief_dict)
    assert brief.campaign.days == 56
    assert brief.channel_names == ["facebook", "instagram"]
    assert brief.audience.age_bands == ["25-34", "35-44"]
    assert brief.campaign.slug == "spring-push"
    assert brief.to_dict()["campaign"]["start"] == "2026-03-02"


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("client",), "Acme Foods", "is not a slug"),
        (("client",), "../etc", "is not a slug"),
        (("currency",), "euro", "ISO 4217"),
        (("timezone",), "Paris", "not an IANA time zone"),
        (("language",), "de", "'de' is not allowed"),
        (("campaign", "end"), "2026-01-01", "is before campaign.start"),
        (("campaign", "budget"), -5, "greater than 0"),
        (("campaign", "objective"), "fame", "'fame' is not allowed"),
        (("channels",), {"myspace": {}}, "not a known network"),
        (("channels",), {"facebook": {"min_share": 0.8}, "instagram": {"min_share": 0.5}},
         "add up to 1.30, above 1"),
        (("channels",), {"facebook": {"max_share": 0.3}}, "cannot be spent"),
        (("channels",), {"facebook": {"min_share": 0.6, "max_share": 0.4}},
         "min_share 0.6 is above max_share 0.4"),
        (("branding", "colour"), "red", "#rrggbb"),
        (("branding", "logo"), "../../secret.png", "beside the brief"),
        (("audience", "ages"), [50, 20], "youngest first"),
        (("kpis", "ctr"), 1.5, "less than 1"),
        (("campaing",), "typo", "unknown field"),
    ],
)
def test_invalid_briefs_say_where_and_why(brief_dict: dict, path: tuple, value: object,
                                          words: str) -> None:
    target = brief_dict
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    with pytest.raises(BriefError) as info:
        Brief.from_dict(brief_dict, source="clients/acme.yaml")
    text = str(info.value)
    assert text.startswith("clients/acme.yaml:")
    assert words in text
    assert path[0] in text


def test_from_yaml_and_load(tmp_path: Path, brief_dict: dict) -> None:
    (tmp_path / "acme.yaml").write_text(yaml.safe_dump(brief_dict), encoding="utf-8")
    brief = load("acme", tmp_path)
    assert brief.name == "Acme & Co <Foods>"
    assert brief.source == str(tmp_path / "acme.yaml")
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(brief_dict), encoding="utf-8")
    with pytest.raises(BriefError, match=r"file is named other\.yaml"):
        load("other", tmp_path)


def test_unreadable_briefs(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("client: [unclosed\n", encoding="utf-8")
    with pytest.raises(BriefError, match="not valid YAML"):
        Brief.from_yaml(tmp_path / "bad.yaml")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(BriefError, match="mapping"):
        Brief.from_yaml(tmp_path / "list.yaml")
    with pytest.raises(BriefError, match="no such brief"):
        load("missing", tmp_path)
    with pytest.raises(BriefError, match="not a slug"):
        load("../secret", tmp_path)


def test_committed_briefs_are_valid() -> None:
    found = briefs(ROOT / "clients")
    assert len(found) >= 3
    for brief in found:
        assert Path(brief.source).stem == brief.client


def test_logo_path_resolves_beside_brief(tmp_path: Path, brief_dict: dict) -> None:
    brief_dict["branding"]["logo"] = "acme.png"
    (tmp_path / "acme.yaml").write_text(yaml.safe_dump(brief_dict), encoding="utf-8")
    assert load("acme", tmp_path).logo_path == (tmp_path / "acme.png").resolve()
