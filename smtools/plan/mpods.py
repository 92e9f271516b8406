"""The plan as a Media Plan Open Data Standard (MPODS) v3.0 document, validated.

MPODS (planmatic/mediaplanschema, MIT licence) describes a media plan as JSON with
``meta``, ``campaign``, ``lineitems`` and a ``dictionary`` that declares the custom
fields in use. Its v3.0 JSON schemas ship with smtools in ``smtools/data/mpods/3.0``
(see the README there for provenance); every export is validated against them with
``jsonschema``, the ``$ref`` between the four files resolved locally (never over the
network).

How a :class:`~smtools.plan.model.MediaPlan` maps onto MPODS:

=====================================  ==============================================
MPODS field                            smtools value
=====================================  ==============================================
meta.id                                ``<campaign id>_plan_<as_of>``
meta.schema_version                    ``"3.0"``
meta.name / comments                   client — campaign / the budget split's method
meta.created_by_name, created_at       ``smtools <version>`` (or the caller's name),
                                       the export time (UTC)
meta.custom_properties                 generator, as_of, method, history weeks,
                                       language, time zone, warnings
campaign.id                            ``<client slug>_<campaign slug>``, the
                                       ``utm_campaign`` value of every line
campaign.objective                     MPODS vocabulary: awareness (awareness, reach,
                                       video_views), consideration (engagement,
                                       traffic), conversion (leads, sales,
                                       app_installs); the brief's own objective is in
                                       ``custom_properties.objective``
campaign.budget_total / currency       the plan's budget and the brief's currency
campaign.advertiser_id / name          client slug / client display name
campaign.target_audiences[0]           ages, gender, interests, people in the target
campaign.target_locations[0]           the brief's regions (with their population
                                       share) or its country
campaign.kpi_name1…5 / kpi_value1…5    the brief's KPI targets, most relevant to the
                                       objective first: counts as the line-item metric
                                       they target (``metric_reach``,
                                       ``metric_impressions``, ``metric_clicks``,
                                       ``metric_conversions`` — ``metric_leads``,
                                       ``metric_sales`` or ``metric_app_install`` for
                                       those objectives), ratios by name (``cpm``,
                                       ``cpc``, ``cpa``, ``ctr``, ``roas``,
                                       ``frequency``, ``engagement_rate``; ``cpl``
                                       for the CPA of a leads campaign); every
                                       target with the forecast and its status in
                                       ``custom_properties.kpi_targets``
lineitems[].id / name                  ``<campaign id>_<line id>`` / network · format
lineitems[].channel                    MPODS channel: ``social`` (social networks),
                                       ``search`` (Google Search, Microsoft Ads),
                                       ``display`` (Google Display), ``video``
                                       (YouTube), ``other`` (anything else, named in
                                       ``channel_custom``)
lineitems[].vehicle / partner          network display name / the company selling it
                                       (Meta, Google, TikTok, LinkedIn…)
lineitems[].adformat                   the line's format
lineitems[].kpi / kpi_value            the objective's cost KPI (``cpm``, ``cpc``,
                                       ``cpl``, ``cpa``) and its planned value
lineitems[].buy_type                   ``Auction``
lineitems[].dim_custom1…4              ``utm_source``, ``utm_medium``,
                                       ``utm_campaign``, ``utm_content`` (declared in
                                       ``dictionary.lineitem_custom_dimensions``)
lineitems[].cost_total / cost_media    the line's budget (working media only)
lineitems[].cost_minimum / maximum     the brief's min / max share × the budget
lineitems[].metric_impressions,        central forecast; ``metric_leads`` /
clicks, reach, conversions             ``metric_sales`` / ``metric_app_install``
                                       repeat conversions for those objectives;
                                       reach is left out when it cannot be forecast
lineitems[].metric_custom1             revenue forecast (declared in
                                       ``dictionary.custom_metrics``)
lineitems[].metric_formulas            impressions = cost_total ÷ cost per impression
                                       (``cost_per_unit``), clicks = impressions × CTR
                                       and conversions = clicks × CVR
                                       (``conversion_rate``); declared in
                                       ``dictionary.standard_metrics``
lineitems[].custom_properties          share, frequency cap, cost basis, posts per
                                       week, and each forecast's low / mid / high
=====================================  ==============================================

Examples
--------
>>> doc = {"meta": {"id": "mp-1", "schema_version": "3.0", "created_by_name": "smtools",
...                 "created_at": "2026-09-01T09:00:00Z"},
...        "campaign": {"id": "acme_spring", "name": "Spring", "start_date": "2026-03-02",
...                     "end_date": "2026-04-26", "budget_total": 20000},
...        "lineitems": []}
>>> validate(doc)
>>> validate({**doc, "lineitems": [{"id": "l01", "name": "Facebook",
...                                 "start_date": "2026-03-02", "end_date": "2026-04-26",
...                                 "cost_total": "a lot"}]})
Traceback (most recent call last):
...
smtools.errors.DataError: column 'lineitems[0].cost_total': ...
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from smtools import __version__ as _smtools_version
from smtools import networks
from smtools.errors import DataError
from smtools.plan import tracking

if TYPE_CHECKING:
    from smtools.plan.model import MediaPlan, PlanLine

__all__ = ["to_mpods", "write_mpods", "validate", "schema", "SCHEMA_VERSION", "CHANNELS",
           "PARTNERS", "UTM_DIMENSIONS"]

#: Version of MPODS written (``meta.schema_version``).
SCHEMA_VERSION = "3.0"
_FILES = ("mediaplan", "campaign", "lineitem", "dictionary")

#: network -> MPODS channel (``social`` for any network not listed).
CHANNELS: dict[str, str] = {
    "google_search": "search", "bing": "search", "google_display": "display",
    "youtube": "video", "email": "other", "direct": "other", "organic_search": "other",
    "referral": "other",
}
#: network -> company that sells its ads (MPODS ``partner``).
PARTNERS: dict[str, str] = {
    "facebook": "Meta", "instagram": "Meta", "messenger": "Meta", "audience_network": "Meta",
    "google_search": "Google", "google_display": "Google", "youtube": "Google",
    "tiktok": "TikTok", "linkedin": "LinkedIn", "pinterest": "Pinterest",
    "snapchat": "Snap", "x": "X", "reddit": "Reddit", "bing": "Microsoft",
}
#: line-item custom dimension -> UTM parameter it holds.
UTM_DIMENSIONS: dict[str, str] = {"dim_custom1": "utm_source", "dim_custom2": "utm_medium",
                                  "dim_custom3": "utm_campaign", "dim_custom4": "utm_content"}
_REVENUE_METRIC = "metric_custom1"

_OBJECTIVE = {"awareness": "awareness", "reach": "awareness", "video_views": "awareness",
              "engagement": "consideration", "traffic": "consideration",
              "leads": "conversion", "sales": "conversion", "app_installs": "conversion"}
_LINE_KPI = {"awareness": "cpm", "reach": "cpm", "video_views": "cpm", "engagement": "cpc",
             "traffic": "cpc", "leads": "cpl", "sales": "cpa", "app_installs": "cpa"}
_CONVERSION_METRIC = {"leads": "metric_leads", "sales": "metric_sales",
                      "app_installs": "metric_app_install"}
#: brief KPIs, most relevant first, per MPODS objective
_KPI_ORDER = {
    "awareness": ("reach", "frequency", "impressions", "cpm", "clicks", "ctr", "cpc",
                  "conversions", "cpa", "roas", "engagement_rate"),
    "consideration": ("clicks", "cpc", "ctr", "engagement_rate", "reach", "frequency",
                      "impressions", "cpm", "conversions", "cpa", "roas"),
    "conversion": ("conversions", "cpa", "roas", "clicks", "cpc", "ctr", "reach",
                   "frequency", "impressions", "cpm", "engagement_rate"),
}
_COUNT_METRICS = {"reach": "metric_reach", "impressions": "metric_impressions",
                  "clicks": "metric_clicks", "conversions": "metric_conversions"}


# ---------------------------------------------------------------------------- schema
def _schema_dir() -> Any:
    return resources.files("smtools") / "data" / "mpods" / SCHEMA_VERSION


@functools.cache
def _schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for name in _FILES:
        text = (_schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
        out[name] = json.loads(text)
    return out


def schema(part: str = "mediaplan") -> dict[str, Any]:
    """The vendored MPODS v3.0 JSON schema of ``part`` (a copy).

    Parameters
    ----------
    part : {"mediaplan", "campaign", "lineitem", "dictionary"}

    Examples
    --------
    >>> schema()["required"]
    ['meta', 'campaign', 'lineitems']
    >>> schema("lineitem")["required"]
    ['id', 'name', 'start_date', 'end_date', 'cost_total']
    """
    if part not in _FILES:
        raise DataError(f"no MPODS schema {part!r}", column="part",
                        hint=f"use one of {', '.join(_FILES)}")
    return json.loads(json.dumps(_schemas()[part]))


@functools.cache
def _registry() -> Registry:
    """The four schema files under their own ``$id``; nothing is ever fetched."""
    resources_ = [(doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012))
                  for doc in _schemas().values()]
    return Registry().with_resources(resources_)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE.fullmatch(value):
            return False
        dt.date.fromisoformat(value)
        return True

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.fullmatch(value):
            return False
        dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        return True

    return checker


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(_schemas()["mediaplan"], registry=_registry(),
                                format_checker=_format_checker())


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _non_finite(value: Any, parts: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Numbers JSON cannot hold (NaN, infinity), which the schema's ``number`` accepts."""
    if isinstance(value, float) and not math.isfinite(value):
        return [(parts, f"{value} is not a finite number (JSON has no NaN or infinity)")]
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _non_finite(v, (*parts, k))]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in _non_finite(v, (*parts, i))]
    return []


def validate(document: dict[str, Any]) -> None:
    """Check ``document`` against the MPODS v3.0 schema (``$ref`` resolved locally).

    Numbers must also be finite: JSON has no NaN, though the schema's ``number``
    type would let one through.

    Parameters
    ----------
    document : dict
        A media plan in MPODS form.

    Raises
    ------
    DataError
        When it does not follow the schema; ``column`` is the path of the first
        failing field (``lineitems[2].cost_total``) and the message lists up to five
        problems.

    Examples
    --------
    >>> validate({"meta": {}, "campaign": {}, "lineitems": []})
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: column 'campaign': ... 'id' is a required property...
    """
    found: list[tuple[tuple[Any, ...], str]] = [
        (tuple(e.absolute_path), e.message) for e in _validator().iter_errors(document)]
    found += _non_finite(document)
    if not found:
        return
    found.sort(key=lambda e: ([str(p) for p in e[0]], e[1]))
    listed = "; ".join(f"{_path(parts)}: {message}" for parts, message in found[:5])
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    raise DataError(
        f"the media plan does not follow MPODS {SCHEMA_VERSION}: {listed}{more}",
        column=_path(found[0][0]),
        hint="correct the field named (see smtools/data/mpods/3.0 for the schema)",
    )


# ---------------------------------------------------------------------------- mapping
def _num(value: Any, digits: int | None = 2) -> float | None:
    """A finite float (rounded), or None for missing, NaN and infinite values."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(v):
        return None
    return round(v, digits) if digits is not None else v


def _put(target: dict[str, Any], key: str, value: Any, digits: int | None = 2) -> None:
    v = _num(value, digits)
    if v is not None:
        target[key] = v


def _ratio(num: float, den: float) -> float | None:
    if not (math.isfinite(num) and math.isfinite(den)) or den <= 0:
        return None
    return num / den


def _campaign_id(plan: MediaPlan) -> str:
    return f"{tracking.slug(plan.brief.client)}_{tracking.slug(plan.brief.campaign.name)}"


def _audience_name(plan: MediaPlan) -> str:
    aud = plan.brief.audience
    genders = sorted(set(aud.genders))
    who = "people" if len(genders) != 1 else ("women" if genders == ["female"] else "men")
    return f"{plan.brief.name} target: {who} {aud.ages[0]}-{aud.ages[1]}"


def _audiences(plan: MediaPlan) -> list[dict[str, Any]]:
    aud = plan.brief.audience
    genders = sorted(set(aud.genders))
    item: dict[str, Any] = {
        "name": _audience_name(plan),
        "demo_age_start": int(aud.ages[0]),
        "demo_age_end": int(aud.ages[1]),
        "demo_gender": "Any" if len(genders) != 1 else genders[0].title(),
    }
    if aud.interests:
        item["interest_attributes"] = ", ".join(aud.interests)
    if _num(plan.audience_size) is not None:
        item["population_size"] = round(float(plan.audience_size))
        item["description"] = ("people in the target: national population by age and "
                               "gender × the brief's region share")
    return [item]


def _locations(plan: MediaPlan) -> list[dict[str, Any]]:
    brief = plan.brief
    regions = list(brief.audience.regions)
    if regions:
        item: dict[str, Any] = {"name": ", ".join(regions), "location_list": regions}
        if all(re.fullmatch(r"[A-Z]{2}", r) for r in regions):
            item["location_type"] = "Country"
        elif brief.country:
            item["description"] = f"regions of {brief.country}"
        if brief.audience.region_share is not None:
            item["population_percent"] = float(brief.audience.region_share)
        return [item]
    if brief.country:
        return [{"name": brief.country, "location_type": "Country",
                 "location_list": [brief.country]}]
    return []


def _kpi_name(kpi: str, objective: str) -> str:
    if kpi == "conversions":
        return _CONVERSION_METRIC.get(objective, "metric_conversions")
    if kpi == "cpa" and objective == "leads":
        return "cpl"  # a conversion is a lead: the same name as the line items' KPI
    return _COUNT_METRICS.get(kpi, kpi)


def _kpis(plan: MediaPlan) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The five ``kpi_nameN`` / ``kpi_valueN`` fields and every target in detail."""
    brief = plan.brief
    targets = {k: v for k, v in brief.kpis.model_dump().items() if v is not None}
    order = _KPI_ORDER[_OBJECTIVE.get(brief.campaign.objective, "conversion")]
    ranked = sorted(targets, key=lambda k: order.index(k) if k in order else len(order))
    fields: dict[str, Any] = {}
    for i, kpi in enumerate(ranked[:5], start=1):
        fields[f"kpi_name{i}"] = _kpi_name(kpi, brief.campaign.objective)
        fields[f"kpi_value{i}"] = float(targets[kpi])
    checks = {t.kpi: t for t in plan.targets}
    detail = []
    for kpi in ranked:
        row: dict[str, Any] = {"kpi": kpi, "name": _kpi_name(kpi, brief.campaign.objective),
                               "target": float(targets[kpi])}
        check = checks.get(kpi)
        if check is not None:
            forecast = {k: _num(v, 6) for k, v in
                        zip(("low", "mid", "high"), check.forecast, strict=True)}
            row["forecast"] = {k: v for k, v in forecast.items() if v is not None}
            row["higher_is_better"] = bool(check.higher_is_better)
            row["status"] = check.status
        detail.append(row)
    return fields, detail


def _line_item(plan: MediaPlan, line: PlanLine, campaign_id: str) -> dict[str, Any]:
    brief = plan.brief
    objective = brief.campaign.objective
    ch = line.channel
    item: dict[str, Any] = {
        "id": f"{campaign_id}_{line.line_id.lower()}",
        "name": line.name,
        "start_date": line.start.isoformat(),
        "end_date": line.end.isoformat(),
        "channel": CHANNELS.get(ch, "social") if networks.canonical(ch) in networks.NETWORKS
        else "other",
        "vehicle": networks.display(ch),
        "partner": PARTNERS.get(ch, networks.display(ch)),
        "target_audience": _audience_name(plan),
        "adformat": line.format,
        "kpi": _LINE_KPI.get(objective, "other"),
        "buy_type": "Auction",
    }
    if item["channel"] == "other":
        item["channel_custom"] = networks.display(ch)
    if brief.country:
        item["location_type"] = "Country"
        item["location_name"] = brief.country
    budget = float(line.budget)
    imp, clicks, conv = line.impressions.mid, line.clicks.mid, line.conversions.mid
    kpi_value = {"cpm": _ratio(budget * 1000, imp), "cpc": _ratio(budget, clicks),
                 "cpl": _ratio(budget, conv), "cpa": _ratio(budget, conv)}.get(item["kpi"])
    _put(item, "kpi_value", kpi_value, 4)
    for dim, key in UTM_DIMENSIONS.items():
        if key in line.utm:
            item[dim] = str(line.utm[key])
    item["cost_currency"] = plan.currency
    item["cost_total"] = round(budget, 2)
    item["cost_media"] = round(budget, 2)
    rule = brief.channels.get(ch)
    if rule is not None:
        item["cost_minimum"] = round(rule.min_share * brief.campaign.budget, 2)
        item["cost_maximum"] = round(rule.max_share * brief.campaign.budget, 2)
    _put(item, "metric_impressions", imp)
    _put(item, "metric_clicks", clicks)
    _put(item, "metric_reach", line.reach.mid)
    _put(item, "metric_conversions", conv)
    if objective in _CONVERSION_METRIC:
        _put(item, _CONVERSION_METRIC[objective], conv)
    _put(item, _REVENUE_METRIC, line.revenue.mid)
    basis = ("client history" if line.basis == "history" else "reference benchmarks")
    formulas: dict[str, Any] = {}
    for metric, kind, base, coef, note in (
        ("metric_impressions", "cost_per_unit", "cost_total", _ratio(budget, imp),
         f"cost per impression = CPM ÷ 1000, {basis}"),
        ("metric_clicks", "conversion_rate", "metric_impressions", _ratio(clicks, imp),
         f"CTR, {basis}"),
        ("metric_conversions", "conversion_rate", "metric_clicks", _ratio(conv, clicks),
         f"conversion rate per click, {basis}"),
    ):
        if coef is not None and metric in item:
            formulas[metric] = {"formula_type": kind, "base_metric": base,
                                "coefficient": coef, "comments": note}
    if formulas:
        item["metric_formulas"] = formulas
    forecast: dict[str, Any] = {}
    for name in ("cpm", "ctr", "cvr", "impressions", "reach", "frequency", "clicks",
                 "conversions", "revenue"):
        rng = getattr(line, name)
        values = {k: _num(v, 6) for k, v in zip(("low", "mid", "high"), rng, strict=True)}
        if all(v is not None for v in values.values()):
            forecast[name] = values
    item["custom_properties"] = {
        "line_id": line.line_id,
        "network": ch,
        "objective": line.objective,
        "share": round(float(line.share), 6),
        "frequency_cap": int(line.frequency_cap),
        "frequency_cap_period_days": 7,
        "cost_basis": line.basis,
        "posts_per_week": int(line.posts_per_week),
        "forecast": forecast,
    }
    return item


def _dictionary(plan: MediaPlan, items: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "lineitem_custom_dimensions": {dim: {"status": "enabled", "caption": key}
                                       for dim, key in UTM_DIMENSIONS.items()},
    }
    used = {m: f for item in items for m, f in item.get("metric_formulas", {}).items()}
    if used:
        out["standard_metrics"] = {m: {"formula_type": f["formula_type"],
                                       "base_metric": f["base_metric"]}
                                   for m, f in used.items()}
    if any(_REVENUE_METRIC in item for item in items):
        out["custom_metrics"] = {_REVENUE_METRIC: {
            "status": "enabled", "caption": f"Revenue forecast ({plan.currency})"}}
    return out


def to_mpods(plan: MediaPlan, *, created_by: str | None = None,
             created_at: dt.datetime | None = None) -> dict[str, Any]:
    """The plan as an MPODS v3.0 document, validated against the vendored schema.

    Parameters
    ----------
    plan : MediaPlan
        The plan to export.
    created_by : str, optional
        Name of the person who made the plan (``meta.created_by_name``); default
        ``smtools <version>``.
    created_at : datetime, optional
        Creation time (default: now); naive times are taken as UTC.

    Returns
    -------
    dict
        JSON-ready (no NaN: forecasts that cannot be made are left out).

    Raises
    ------
    DataError
        If the document does not follow the schema (naming the failing path).

    Examples
    --------
    >>> doc = to_mpods(plan)                                    # doctest: +SKIP
    >>> doc["lineitems"][0]["dim_custom1"]                      # doctest: +SKIP
    'facebook'
    """
    brief = plan.brief
    when = created_at or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    campaign_id = _campaign_id(plan)
    kpi_fields, kpi_detail = _kpis(plan)
    campaign: dict[str, Any] = {
        "id": campaign_id,
        "name": brief.campaign.name,
        "objective": _OBJECTIVE.get(brief.campaign.objective, "other"),
        "start_date": brief.campaign.start.isoformat(),
        "end_date": brief.campaign.end.isoformat(),
        "budget_currency": plan.currency,
        "budget_total": round(plan.budget, 2),
        "advertiser_id": brief.client,
        "advertiser_name": brief.name,
        "target_audiences": _audiences(plan),
    }
    locations = _locations(plan)
    if locations:
        campaign["target_locations"] = locations
    campaign.update(kpi_fields)
    campaign["custom_properties"] = {
        "objective": brief.campaign.objective,
        "brief_budget": float(brief.campaign.budget),
        "kpi_targets": kpi_detail,
        "totals": {name: {k: v for k, v in zip(("low", "mid", "high"),
                                              (_num(x, 6) for x in rng), strict=True)
                          if v is not None}
                   for name, rng in plan.totals.items()
                   if isinstance(rng, tuple) and all(_num(x) is not None for x in rng)},
    }
    items = [_line_item(plan, line, campaign_id) for line in plan.lines]
    document: dict[str, Any] = {
        "meta": {
            "id": f"{campaign_id}_plan_{plan.as_of.isoformat()}",
            "schema_version": SCHEMA_VERSION,
            "name": f"{brief.name} — {brief.campaign.name}",
            "created_by_name": created_by or f"smtools {_smtools_version}",
            "created_at": when.astimezone(dt.UTC).replace(microsecond=0)
            .isoformat().replace("+00:00", "Z"),
            "comments": plan.method_note,
            "custom_properties": {
                "generator": f"smtools {_smtools_version}",
                "as_of": plan.as_of.isoformat(),
                "method": plan.method,
                "history_weeks": int(plan.history_weeks),
                "language": brief.language,
                "timezone": brief.timezone,
                "warnings": list(plan.warnings),
            },
        },
        "campaign": campaign,
        "lineitems": items,
        "dictionary": _dictionary(plan, items),
    }
    validate(document)
    return document


def write_mpods(plan: MediaPlan, path: str | Path, *, created_by: str | None = None) -> Path:
    """Validate the plan's MPODS document and write it as UTF-8 JSON (indent 2).

    Parameters
    ----------
    plan : MediaPlan
        The plan to export.
    path : str or Path
        The ``.json`` file (its folder is created if needed).
    created_by : str, optional
        See :func:`to_mpods`.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> write_mpods(plan, "reports/bistro-lumiere/plan.mpods.json")   # doctest: +SKIP
    PosixPath('reports/bistro-lumiere/plan.mpods.json')
    """
    document = to_mpods(plan, created_by=created_by)
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n", encoding="utf-8")
    return target
