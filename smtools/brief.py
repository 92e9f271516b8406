"""Client briefs: ``clients/<slug>.yaml`` validated into a :class:`Brief`.

A brief says who the client is (slug, display name, currency, time zone,
language, branding), what the campaign is (name, dates, objective, budget),
whom it targets, which networks it may use with what budget shares, and the
KPI targets it must meet.

Examples
--------
>>> brief = Brief.model_validate({
...     "client": "acme", "name": "Acme", "currency": "EUR", "timezone": "Europe/Paris",
...     "campaign": {"name": "Spring", "start": "2026-03-02", "end": "2026-04-26",
...                  "objective": "sales", "budget": 20000},
...     "channels": {"facebook": {"min_share": 0.2, "max_share": 0.7},
...                  "instagram": {"min_share": 0.3, "max_share": 0.8}}})
>>> brief.campaign.days
56
>>> brief.channel_names
['facebook', 'instagram']
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from smtools import networks
from smtools.errors import BriefError

__all__ = ["Brief", "Campaign", "Audience", "ChannelRule", "Branding", "Kpis", "load", "briefs"]

Objective = Literal["awareness", "reach", "traffic", "engagement", "video_views", "leads",
                    "sales", "app_installs"]

_AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Campaign(_Model):
    """The campaign a plan or report is about."""

    name: str = Field(min_length=1, description="campaign name as the client knows it")
    start: dt.date = Field(description="first day (inclusive)")
    end: dt.date = Field(description="last day (inclusive)")
    objective: Objective = Field(description="what the campaign must achieve")
    budget: float = Field(gt=0, description="total media budget, in the brief's currency")

    @model_validator(mode="after")
    def _dates(self) -> Campaign:
        if self.end < self.start:
            raise ValueError(
                f"campaign.end ({self.end}) is before campaign.start ({self.start}); "
                "swap them or correct the year"
            )
        return self

    @property
    def days(self) -> int:
        """Length of the campaign in days, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def slug(self) -> str:
        """The campaign name as a path-safe slug."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "campaign"


class Audience(_Model):
    """The target audience."""

    ages: tuple[int, int] = Field(default=(18, 65), description="youngest and oldest age")
    genders: list[Literal["female", "male"]] = Field(default=["female", "male"])
    regions: list[str] = Field(default_factory=list,
                               description="ISO country codes or region names")
    interests: list[str] = Field(default_factory=list)
    region_share: float | None = Field(
        default=None, gt=0, le=1,
        description="share of the country's population living in the target regions "
        "(sizes the audience of a geo-targeted campaign; empty for the whole country)")

    @field_validator("ages")
    @classmethod
    def _ages(cls, v: tuple[int, int]) -> tuple[int, int]:
        lo, hi = v
        if not 13 <= lo <= hi <= 100:
            raise ValueError(f"ages must be two ages between 13 and 100, youngest first; got {v}")
        return v

    @property
    def age_bands(self) -> list[str]:
        """The standard age bands (13-17 … 65+) that overlap the target ages."""
        out = []
        for band in _AGE_BANDS:
            lo = int(band.split("-")[0].rstrip("+"))
            hi = 100 if band.endswith("+") else int(band.split("-")[1])
            if lo <= self.ages[1] and hi >= self.ages[0]:
                out.append(band)
        return out


class ChannelRule(_Model):
    """Budget share bounds for one network."""

    min_share: float = Field(default=0.0, ge=0, le=1)
    max_share: float = Field(default=1.0, ge=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> ChannelRule:
        if self.min_share > self.max_share:
            raise ValueError(f"min_share {self.min_share} is above max_share {self.max_share}")
        return self


class Kpis(_Model):
    """KPI targets; every one is optional."""

    reach: float | None = Field(default=None, gt=0, description="people reached")
    frequency: float | None = Field(default=None, gt=0, description="average frequency")
    impressions: float | None = Field(default=None, gt=0)
    clicks: float | None = Field(default=None, gt=0)
    conversions: float | None = Field(default=None, gt=0)
    cpm: float | None = Field(default=None, gt=0, description="max cost per 1,000 impressions")
    cpc: float | None = Field(default=None, gt=0)
    cpa: float | None = Field(default=None, gt=0, description="max cost per conversion")
    ctr: float | None = Field(default=None, gt=0, lt=1, description="fraction, 0.012 = 1.2%")
    roas: float | None = Field(default=None, gt=0, description="revenue ÷ spend")
    engagement_rate: float | None = Field(default=None, gt=0, lt=1)


class Branding(_Model):
    """How deliverables look."""

    colour: str = Field(default="#1f4e79", description="main colour, #rrggbb")
    logo: str | None = Field(default=None, description="logo file, relative to the brief")

    @field_validator("colour")
    @classmethod
    def _colour(cls, v: str) -> str:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", v):
            raise ValueError(f"colour {v!r} must be written #rrggbb, e.g. #1f4e79")
        return v.lower()

    @field_validator("logo")
    @classmethod
    def _logo(cls, v: str | None) -> str | None:
        if v is not None and (".." in Path(v).parts or Path(v).is_absolute()):
            raise ValueError("logo must be a file beside the brief (no '..', no absolute path)")
        return v


class Brief(_Model):
    """A client brief.

    Examples
    --------
    >>> Brief.from_yaml("clients/missing.yaml")
    Traceback (most recent call last):
    ...
    smtools.errors.BriefError: clients/missing.yaml: no such brief. Fix: ...
    """

    client: str = Field(description="slug, [a-z0-9-]+")
    name: str = Field(min_length=1, description="display name")
    currency: str = Field(description="ISO 4217 code")
    timezone: str = Field(description="IANA time zone, e.g. Europe/Paris")
    language: Literal["fr", "en"] = "en"
    country: str | None = Field(default=None, description="ISO country code of the market")
    campaign: Campaign
    audience: Audience = Field(default_factory=Audience)
    channels: dict[str, ChannelRule]
    kpis: Kpis = Field(default_factory=Kpis)
    branding: Branding = Field(default_factory=Branding)
    source: str | None = Field(default=None, exclude=True,
                               description="the file the brief was read from")

    @field_validator("client")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9-]+", v):
            raise ValueError(
                f"client {v!r} is not a slug: use lowercase letters, digits and dashes only"
            )
        return v

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", v):
            raise ValueError(f"currency {v!r} must be a 3-letter ISO 4217 code such as EUR")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"timezone {v!r} is not an IANA time zone; use e.g. Europe/Paris"
            ) from None
        return v

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, ChannelRule]) -> dict[str, ChannelRule]:
        if not v:
            raise ValueError("list at least one channel")
        out = {}
        for name, rule in v.items():
            if not networks.is_known(name):
                known = ", ".join(networks.NETWORKS)
                raise ValueError(f"channel {name!r} is not a known network ({known})")
            out[networks.canonical(name)] = rule
        lo = sum(r.min_share for r in out.values())
        hi = sum(r.max_share for r in out.values())
        if lo > 1 + 1e-9:
            raise ValueError(f"the min_share values add up to {lo:.2f}, above 1: lower them")
        if hi < 1 - 1e-9:
            raise ValueError(
                f"the max_share values add up to {hi:.2f}, below 1: the budget cannot be spent"
            )
        return out

    @property
    def channel_names(self) -> list[str]:
        """The allowed networks, canonical names."""
        return list(self.channels)

    @property
    def tz(self) -> ZoneInfo:
        """The client's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def logo_path(self) -> Path | None:
        """Absolute path of the logo, when the brief names one."""
        if self.branding.logo is None or self.source is None:
            return None
        return (Path(self.source).parent / self.branding.logo).resolve()

    @classmethod
    def from_yaml(cls, path: str | Path) -> Brief:
        """Read and validate a brief.

        Raises
        ------
        BriefError
            Listing every problem with the field it is in.
        """
        path = Path(path)
        if not path.exists():
            raise BriefError(
                f"{path}: no such brief. Fix: create it (see clients/README.md) or check the slug."
            )
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            raise BriefError(f"{path}: not valid YAML ({str(err).splitlines()[0]}). "
                             "Fix: check indentation and quotes.") from None
        if not isinstance(data, dict):
            raise BriefError(f"{path}: a brief is a mapping of fields (client:, name:, …)")
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Brief:
        """Validate a brief given as a dict (``source`` names it in errors).

        Examples
        --------
        >>> Brief.from_dict({"client": "Acme!"}, source="x.yaml")
        Traceback (most recent call last):
        ...
        smtools.errors.BriefError: x.yaml: the brief has 6 problem(s):
          - client: client 'Acme!' is not a slug: use lowercase letters, digits and dashes only
          - name: missing
          - currency: missing
          - timezone: missing
          - campaign: missing
          - channels: missing
        """
        try:
            return cls.model_validate({**data, "source": source})
        except ValidationError as err:
            raise BriefError(_explain(err, source)) from None

    def to_dict(self) -> dict[str, Any]:
        """The brief as plain JSON-safe data.

        Examples
        --------
        >>> "campaign" in Brief.from_yaml("clients/bistro-lumiere.yaml").to_dict()  # doctest: +SKIP
        True
        """
        return self.model_dump(mode="json")


def _explain(err: ValidationError, source: str | None) -> str:
    problems = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "missing"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field: check its spelling"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        elif e["type"] == "literal_error":
            msg = f"{e.get('input')!r} is not allowed: {msg.split(': ', 1)[-1]}"
        problems.append(f"  - {loc}: {msg}")
    head = f"{source}: " if source else ""
    return f"{head}the brief has {len(problems)} problem(s):\n" + "\n".join(problems)


def load(client: str, clients_dir: str | Path = "clients") -> Brief:
    """The brief of ``client`` from ``clients_dir/<client>.yaml``.

    Examples
    --------
    >>> load("../etc/passwd")
    Traceback (most recent call last):
    ...
    smtools.errors.BriefError: client '../etc/passwd' is not a slug: ...
    """
    if not re.fullmatch(r"[a-z0-9-]+", client or ""):
        raise BriefError(
            f"client {client!r} is not a slug: use lowercase letters, digits and dashes only."
        )
    brief = Brief.from_yaml(Path(clients_dir) / f"{client}.yaml")
    if brief.client != client:
        raise BriefError(
            f"{brief.source}: client is {brief.client!r} but the file is named {client}.yaml. "
            "Fix: make them the same."
        )
    return brief


def briefs(clients_dir: str | Path = "clients") -> list[Brief]:
    """Every brief in ``clients_dir``, sorted by slug.

    Examples
    --------
    >>> briefs("/nonexistent")
    []
    """
    folder = Path(clients_dir)
    return [Brief.from_yaml(p) for p in sorted(folder.glob("*.yaml"))]
