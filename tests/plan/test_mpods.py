"""Tests of smtools.plan.mpods: MPODS v3.0 export, validation, no network."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

import smtools as sm
from smtools.errors import DataError
from smtools.plan import mpods
from smtools.plan.model import MediaPlan, Range

SLUGS = ("bistro-lumiere", "atelier-nova", "cloudledger")
ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "smtools" / "data" / "mpods"
WHEN = dt.datetime(2026, 9, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def plans(demo: dict) -> dict[str, MediaPlan]:
    """The three demo clients' plans, built once for this module.

    The budget split is on benchmarks (``use_mmm=False``): the export does not
    depend on how the split was made, and the model's bootstrap would multiply the
    build time by four.
    """
    ws = sm.Workspace(demo["workspace"])
    return {slug: sm.plan.build(sm.brief.load(slug, demo["clients_dir"]), ws, use_mmm=False)
            for slug in SLUGS}


@pytest.fixture(scope="module")
def docs(plans: dict[str, MediaPlan]) -> dict[str, dict[str, Any]]:
    return {slug: mpods.to_mpods(plan, created_at=WHEN) for slug, plan in plans.items()}


def _independent_errors(doc: dict[str, Any]) -> list[str]:
    """Validate with a validator built here, straight from the vendored files."""
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8"))
               for p in (VENDORED / "3.0").glob("*.schema.json")}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    validator = Draft202012Validator(schemas["mediaplan.schema.json"], registry=registry)
    return [e.message for e in validator.iter_errors(doc)]


# ---------------------------------------------------------------- the demo plans
@pytest.mark.parametrize("slug", SLUGS)
def test_demo_plans_export_valid_mpods(docs: dict[str, dict[str, Any]], slug: str) -> None:
    doc = docs[slug]
    mpods.validate(doc)
    assert _independent_errors(doc) == []
    assert doc["meta"]["schema_version"] == "3.0"
    assert doc["meta"]["created_at"] == "2026-09-01T09:30:00Z"
    assert doc["meta"]["created_by_name"].startswith("smtools")
    json.dumps(doc, allow_nan=False)  # strict JSON: no NaN or infinity anywhere


@pytest.mark.parametrize("slug", SLUGS)
def test_costs_add_up_to_the_plan_budget(docs: dict[str, dict[str, Any]],
                                         plans: dict[str, MediaPlan], slug: str) -> None:
    plan, doc = plans[slug], docs[slug]
    items = doc["lineitems"]
    assert len(items) == len(plan.lines)
    assert round(sum(i["cost_total"] for i in items) * 100) == round(plan.budget * 100)
    assert doc["campaign"]["budget_total"] == pytest.approx(plan.budget, abs=0.005)
    assert doc["campaign"]["budget_currency"] == plan.currency
    for item, line in zip(items, plan.lines, strict=True):
        assert item["cost_total"] == pytest.approx(line.budget, abs=0.005)
        assert item["cost_currency"] == plan.currency
        rule = plan.brief.channels[line.channel]
        assert item["cost_minimum"] <= item["cost_total"] + 0.01
        assert item["cost_total"] <= item["cost_maximum"] + 0.01
        assert item["cost_maximum"] == pytest.approx(rule.max_share * plan.brief.campaign.budget)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_line_carries_its_utm_values(docs: dict[str, dict[str, Any]],
                                           plans: dict[str, MediaPlan], slug: str) -> None:
    plan, doc = plans[slug], docs[slug]
    declared = doc["dictionary"]["lineitem_custom_dimensions"]
    assert {d: declared[d]["caption"] for d in mpods.UTM_DIMENSIONS} == mpods.UTM_DIMENSIONS
    assert all(declared[d]["status"] == "enabled" for d in mpods.UTM_DIMENSIONS)
    for item, line in zip(doc["lineitems"], plan.lines, strict=True):
        utm = {key: item[dim] for dim, key in mpods.UTM_DIMENSIONS.items()}
        assert utm == line.utm
        assert item["dim_custom3"] == doc["campaign"]["id"]  # utm_campaign is the campaign id


def test_line_items_map_channels_metrics_and_formulas(docs: dict[str, dict[str, Any]],
                                                      plans: dict[str, MediaPlan]) -> None:
    plan, doc = plans["bistro-lumiere"], docs["bistro-lumiere"]
    by_vehicle = {i["vehicle"]: i for i in doc["lineitems"]}
    assert by_vehicle["Facebook"]["channel"] == "social"
    assert by_vehicle["Facebook"]["partner"] == "Meta"
    assert by_vehicle["Google Search"]["channel"] == "search"
    assert by_vehicle["Google Search"]["partner"] == "Google"
    standard = doc["dictionary"]["standard_metrics"]
    for item, line in zip(doc["lineitems"], plan.lines, strict=True):
        assert item["adformat"] == line.format
        assert item["kpi"] == "cpa"  # a sales campaign
        assert item["metric_impressions"] == pytest.approx(line.impressions.mid, abs=0.01)
        assert item["metric_conversions"] == pytest.approx(line.conversions.mid, abs=0.01)
        assert item["metric_sales"] == item["metric_conversions"]
        assert item["metric_custom1"] == pytest.approx(line.revenue.mid, abs=0.01)
        f = item["metric_formulas"]
        for metric, formula in f.items():  # the dictionary declares what the lines use
            assert standard[metric] == {k: formula[k] for k in ("formula_type", "base_metric")}
        # the formulas give back the forecast (cost_per_unit: base ÷ coefficient)
        imp = item["cost_total"] / f["metric_impressions"]["coefficient"]
        assert imp == pytest.approx(line.impressions.mid, rel=1e-6)
        clicks = imp * f["metric_clicks"]["coefficient"]
        assert clicks == pytest.approx(line.clicks.mid, rel=1e-6)
        assert clicks * f["metric_conversions"]["coefficient"] == pytest.approx(
            line.conversions.mid, rel=1e-6)
        assert item["custom_properties"]["forecast"]["impressions"]["low"] == pytest.approx(
            line.impressions.low, rel=1e-6)
        assert item["kpi_value"] == pytest.approx(line.budget / line.conversions.mid, rel=1e-3)
    assert doc["dictionary"]["custom_metrics"]["metric_custom1"]["caption"].startswith("Revenue")


def test_campaign_carries_brief_audience_locations_and_kpis(
        docs: dict[str, dict[str, Any]], plans: dict[str, MediaPlan]) -> None:
    plan, doc = plans["atelier-nova"], docs["atelier-nova"]
    brief = plan.brief
    campaign = doc["campaign"]
    assert campaign["name"] == brief.campaign.name
    assert campaign["advertiser_name"] == brief.name
    assert campaign["objective"] == "conversion"
    assert campaign["custom_properties"]["objective"] == "sales"
    assert (campaign["start_date"], campaign["end_date"]) == (
        brief.campaign.start.isoformat(), brief.campaign.end.isoformat())
    audience = campaign["target_audiences"][0]
    assert (audience["demo_age_start"], audience["demo_age_end"]) == tuple(brief.audience.ages)
    assert audience["demo_gender"] == "Any"
    assert audience["interest_attributes"] == ", ".join(brief.audience.interests)
    location = campaign["target_locations"][0]
    assert location["location_list"] == list(brief.audience.regions)
    assert location["population_percent"] == brief.audience.region_share
    targets = {k: v for k, v in brief.kpis.model_dump().items() if v is not None}
    names = [campaign[f"kpi_name{i}"] for i in range(1, 6) if f"kpi_name{i}" in campaign]
    assert len(names) == min(5, len(targets))
    # a sales campaign: cost per sale and return first; six targets, five slots
    assert names == ["cpa", "roas", "ctr", "metric_reach", "frequency"]
    assert [campaign[f"kpi_value{i}"] for i in (1, 2)] == [targets["cpa"], targets["roas"]]
    assert "kpi_name6" not in campaign
    detail = campaign["custom_properties"]["kpi_targets"]
    assert {d["kpi"]: d["target"] for d in detail} == targets  # every target, even past 5
    assert all("status" in d for d in detail if d["kpi"] in {t.kpi for t in plan.targets})


# ---------------------------------------------------------------- validation failures
def test_a_broken_document_fails_naming_the_path(docs: dict[str, dict[str, Any]]) -> None:
    good = docs["cloudledger"]
    cases = [
        (["lineitems", 1, "cost_total"], "lots", "lineitems[1].cost_total"),
        (["lineitems", 0, "start_date"], "14/09/2026", "lineitems[0].start_date"),
        (["campaign", "target_audiences", 0, "demo_gender"], "Both",
         "campaign.target_audiences[0].demo_gender"),
        (["meta", "created_at"], "yesterday", "meta.created_at"),
        (["dictionary", "lineitem_custom_dimensions", "dim_custom1", "caption"], "",
         "dictionary.lineitem_custom_dimensions.dim_custom1.caption"),
    ]
    for keys, value, path in cases:
        bad = copy.deepcopy(good)
        node = bad
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
        with pytest.raises(DataError) as err:
            mpods.validate(bad)
        assert err.value.column == path, path
        assert path in str(err.value)
    bad = copy.deepcopy(good)
    del bad["campaign"]["budget_total"]
    with pytest.raises(DataError, match="'budget_total' is a required property") as err:
        mpods.validate(bad)
    assert err.value.column == "campaign"
    bad = copy.deepcopy(good)
    bad["dictionary"]["lineitem_custom_dimensions"]["dim_custom11"] = {"status": "enabled",
                                                                       "caption": "x"}
    with pytest.raises(DataError, match="dim_custom11"):
        mpods.validate(bad)


def test_export_refuses_an_invalid_plan(plans: dict[str, MediaPlan]) -> None:
    plan = plans["atelier-nova"]
    broken = dataclasses.replace(plan, lines=[dataclasses.replace(plan.lines[0],
                                                                  budget=math.nan)])
    with pytest.raises(DataError, match=r"lineitems\[0\]\.cost_total: nan is not a finite") as err:
        mpods.to_mpods(broken)  # the schema's "number" accepts NaN; JSON does not
    assert err.value.column == "campaign.budget_total"


def test_forecasts_that_cannot_be_made_are_left_out(plans: dict[str, MediaPlan]) -> None:
    plan = plans["cloudledger"]
    nan = Range(math.nan, math.nan, math.nan)
    blind = dataclasses.replace(
        plan, lines=[dataclasses.replace(x, reach=nan, frequency=nan, revenue=nan)
                     for x in plan.lines],
        totals={**plan.totals, "reach": nan, "frequency": nan}, audience_size=math.nan)
    doc = mpods.to_mpods(blind)
    for item in doc["lineitems"]:
        assert "metric_reach" not in item and "metric_custom1" not in item
        assert "reach" not in item["custom_properties"]["forecast"]
    assert "custom_metrics" not in doc["dictionary"]
    assert "population_size" not in doc["campaign"]["target_audiences"][0]
    json.dumps(doc, allow_nan=False)


# ---------------------------------------------------------------- files and network
def test_write_mpods_writes_utf8_json(plans: dict[str, MediaPlan], tmp_path: Path) -> None:
    plan = plans["bistro-lumiere"]
    path = mpods.write_mpods(plan, tmp_path / "out" / "plan.json", created_by="Camille Martin")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "Bistro Lumière" in text  # not \u-escaped
    assert text.startswith('{\n  "meta": {\n    "id": ')  # indent 2
    doc = json.loads(text)
    assert doc["meta"]["created_by_name"] == "Camille Martin"
    mpods.validate(doc)
    again = plan.to_json()  # MediaPlan.to_json delegates here
    assert again["lineitems"] == doc["lineitems"]
    written = plan.to_json(tmp_path / "via-model.json")
    assert json.loads((tmp_path / "via-model.json").read_text("utf-8"))["campaign"] == \
        written["campaign"]


def test_validation_never_touches_the_network(docs: dict[str, dict[str, Any]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    for cached in (mpods._schemas, mpods._registry, mpods._validator):
        cached.cache_clear()
    mpods.validate(docs["atelier-nova"])
    registry = mpods._registry()
    assert sorted(registry) == sorted(f"{n}.schema.json" for n in
                                      ("mediaplan", "campaign", "lineitem", "dictionary"))
    resolver = registry.resolver(base_uri="mediaplan.schema.json")
    assert resolver.lookup("lineitem.schema.json").contents["title"] == "Line Item"
    # a reference outside the vendored files is refused, not fetched
    outside = Draft202012Validator({"$ref": "https://example.com/other.schema.json"},
                                   registry=registry)
    with pytest.raises(Unresolvable):
        outside.validate({})


def test_vendored_schemas_match_their_recorded_provenance() -> None:
    readme = (VENDORED / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `([^`]+)` \| `([0-9a-f]{64})` \|", readme))
    assert set(recorded) == {"3.0/campaign.schema.json", "3.0/dictionary.schema.json",
                             "3.0/lineitem.schema.json", "3.0/mediaplan.schema.json", "LICENSE"}
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (VENDORED / "LICENSE").read_text(encoding="utf-8")
    assert mpods.schema("lineitem")["$id"] == "lineitem.schema.json"
    with pytest.raises(DataError):
        mpods.schema("nope")
