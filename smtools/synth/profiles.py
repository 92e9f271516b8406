"""What a synthetic client looks like: its brief and the knobs of its data.

A :class:`Profile` holds everything that is fixed for a client whatever the
seed: its brief (held as plain data, exactly what ``clients/<slug>.yaml``
contains), its paid channels and their campaign structure, its organic
channels, content pillars, audience, business outcome and mentions. The seed
only draws the random parts (spend flights, true effects, noise) within the
ranges a profile gives.

Three archetypes are the demo clients (:mod:`smtools.synth.archetypes`);
:mod:`smtools.synth.portfolio` derives any number of further clients from them.

Examples
--------
>>> p = profile_for("bistro-lumiere")
>>> p.archetype, [c.channel for c in p.paid]
('restaurant', ['facebook', 'instagram', 'google_search'])
>>> brief_for("bistro-lumiere").currency
'EUR'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from smtools.brief import Brief
from smtools.errors import DataError

__all__ = [
    "AdGroup",
    "Creative",
    "Event",
    "Line",
    "MentionModel",
    "OrganicChannel",
    "OutcomeModel",
    "PaidChannel",
    "Pillar",
    "Profile",
    "brief_for",
    "brief_yaml",
    "demo_clients",
    "profile_for",
]

Pattern = Literal["always_on", "flights", "seasonal"]


@dataclass(frozen=True)
class Creative:
    """One ad: its name and format (image, video, reel, carousel, text…)."""

    name: str
    format: str


@dataclass(frozen=True)
class AdGroup:
    """An ad group (ad set) and its creatives."""

    name: str
    creatives: tuple[Creative, ...]


@dataclass(frozen=True)
class Line:
    """A campaign on one channel, outside the brief's campaign window.

    ``pattern`` says how a planner runs it: ``always_on`` (every day, with a
    few budget changes), ``flights`` (pulses of one to three weeks) or
    ``seasonal`` (the ``seasons`` windows, ``("MM-DD", "MM-DD")``, every year).
    ``weight`` is its daily level relative to the channel's other lines.
    """

    name: str
    objective: str
    pattern: Pattern
    ad_groups: tuple[AdGroup, ...]
    weight: float = 1.0
    seasons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PaidChannel:
    """A paid channel: budget share, prices, campaign structure and true-effect ranges.

    ``share`` is the channel's share of the always-on budget (outside the
    brief's campaign); ``campaign_share`` its share of the brief's campaign
    budget (inside the brief's min/max). ``pricing`` says whether ``cost`` is
    a CPM (social, video) or a CPC (search). The ``(low, high)`` ranges bound
    what a seed draws: true ROAS, adstock decay per day, Hill shape, the
    platform's over-attribution factor and the per-touch conversion effect of
    the journeys model.
    """

    channel: str
    share: float
    campaign_share: float
    pricing: Literal["cpm", "cpc"]
    cost: float
    ctr: float
    lines: tuple[Line, ...]
    campaign_groups: tuple[AdGroup, ...]
    roas: tuple[float, float]
    decay: tuple[float, float]
    shape: tuple[float, float]
    dark_weeks: float = 0.0
    over_attribution: tuple[float, float] = (1.2, 2.0)
    touch_effect: tuple[float, float] = (0.01, 0.04)


@dataclass(frozen=True)
class OrganicChannel:
    """An organic account: followers, posting rhythm and engagement pattern.

    ``formats`` maps a post format to ``(share of posts, engagement effect)``;
    ``best_slot`` is ``(weekday, hour)`` with Monday = 0, local time;
    ``day_pattern`` (7 values, Monday first) and ``hour_peaks``
    (``(hour, height)`` bumps) shape the smooth part of the slot effect.
    ``ages`` gives the follower share of each age band (13-17 … 65+) and
    ``female`` the share of women.
    """

    channel: str
    followers: int
    growth: float
    posts_per_day: float
    base_rate: float
    reach_rate: float
    formats: tuple[tuple[str, float, float], ...]
    best_slot: tuple[int, int]
    day_pattern: tuple[float, ...]
    hour_peaks: tuple[tuple[float, float], ...]
    ages: tuple[float, ...]
    female: float
    split: tuple[float, float, float, float, float] = (0.80, 0.05, 0.04, 0.06, 0.05)


@dataclass(frozen=True)
class Pillar:
    """A content pillar: its name, share of posts, engagement effect and post texts."""

    name: str
    share: float
    effect: float
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A holiday or event that lifts the baseline by ``uplift`` (0.3 = +30 %) on ``dates``."""

    name: str
    dates: tuple[str, ...]
    uplift: float


@dataclass(frozen=True)
class OutcomeModel:
    """The business outcome: second KPI, its unit value and the baseline's shape.

    ``kpi`` is ``orders`` (revenue / average order value) or ``leads``
    (revenue / value of a lead). ``weekly`` holds 7 relative levels (Monday
    first); ``yearly`` holds ``(amplitude, peak day of year)`` harmonics
    (the first yearly, the second half-yearly).
    """

    kpi: Literal["orders", "leads"]
    unit_value: float
    weekly: tuple[float, ...]
    yearly: tuple[tuple[float, int], ...]
    growth: float
    events: tuple[Event, ...]
    media_share: tuple[float, float] = (0.30, 0.50)
    noise: tuple[float, float] = (0.08, 0.12)


@dataclass(frozen=True)
class MentionModel:
    """Mentions: brands followed, their daily volumes, where they appear, what they say.

    ``rates`` are mean mentions per day (the client's brand first);
    ``channels`` maps where mentions appear to their share; ``texts`` maps a
    tone (``positive``, ``neutral``, ``negative``, ``crisis``) to templates
    with a ``{brand}`` placeholder.
    """

    competitors: tuple[str, str]
    rates: tuple[float, float, float]
    channels: tuple[tuple[str, float], ...]
    texts: dict[str, tuple[str, ...]]
    crisis_theme: str


@dataclass(frozen=True)
class Profile:
    """Everything fixed about a synthetic client (the seed draws the rest)."""

    slug: str
    archetype: Literal["restaurant", "fashion", "b2b"]
    brief: dict[str, Any] = field(hash=False)
    annual_budget: float
    spend_weekday: tuple[float, ...]
    paid: tuple[PaidChannel, ...]
    organic: tuple[OrganicChannel, ...]
    pillars: tuple[Pillar, ...]
    regions: tuple[tuple[str, float], ...]
    outcome: OutcomeModel
    mentions: MentionModel
    users: int
    conversion_base: tuple[float, float] = (0.005, 0.015)

    @property
    def name(self) -> str:
        """Display name of the client (its brand in mentions)."""
        return str(self.brief["name"])

    @property
    def currency(self) -> str:
        """ISO code of every amount."""
        return str(self.brief["currency"])

    @property
    def timezone(self) -> str:
        """IANA time zone of the client."""
        return str(self.brief["timezone"])

    @property
    def language(self) -> str:
        """Language of posts and mentions (fr or en)."""
        return str(self.brief.get("language", "en"))

    @property
    def channels(self) -> list[str]:
        """Paid channels, in profile order."""
        return [c.channel for c in self.paid]


_PORTFOLIO = re.compile(r"^client-(\d{2,})$")


def demo_clients() -> list[str]:
    """The slugs of the three demo clients.

    Returns
    -------
    list of str
        ``bistro-lumiere`` (restaurant, Lyon), ``atelier-nova`` (fashion
        e-shop, New York) and ``cloudledger`` (B2B software, London).

    Examples
    --------
    >>> demo_clients()
    ['bistro-lumiere', 'atelier-nova', 'cloudledger']
    """
    from smtools.synth.archetypes import DEMO

    return list(DEMO)


def profile_for(slug: str) -> Profile:
    """The profile of a demo client or of a portfolio client (``client-01`` …).

    Raises
    ------
    DataError
        When ``slug`` is neither a demo client nor a portfolio slug.

    Examples
    --------
    >>> profile_for("client-02").archetype
    'fashion'
    >>> profile_for("acme")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: no synthetic client is called 'acme'. Fix: use one of ...
    """
    from smtools.synth.archetypes import DEMO

    if slug in DEMO:
        return DEMO[slug]
    if isinstance(slug, str) and _PORTFOLIO.fullmatch(slug) and int(slug[7:]) > 0:
        from smtools.synth.portfolio import portfolio_profile

        return portfolio_profile(slug)
    raise DataError(
        f"no synthetic client is called {slug!r}",
        hint=f"use one of {', '.join(DEMO)}, or a portfolio slug such as client-01",
    )


def brief_for(slug: str, seed: int = 0) -> Brief:
    """The brief of a synthetic client, validated.

    A synthetic client's brief is the same for every seed (the seed changes the
    data, not the brief), so a brief written once stays true whatever seed the
    data is regenerated with; ``seed`` is accepted to mirror :func:`generate`.

    Examples
    --------
    >>> b = brief_for("cloudledger")
    >>> b.timezone, b.campaign.objective
    ('Europe/London', 'leads')
    """
    del seed  # briefs do not depend on the seed, see above
    return Brief.from_dict(profile_for(slug).brief, source=f"smtools.synth:{slug}")


def brief_yaml(slug: str) -> str:
    """The text :func:`smtools.synth.write` puts in ``clients/<slug>.yaml``.

    Examples
    --------
    >>> brief_yaml("bistro-lumiere").splitlines()[1]
    'client: bistro-lumiere'
    """
    data = profile_for(slug).brief
    head = (f"# Brief of the synthetic client {slug} (written by smtools.synth; "
            "edit freely, it is not overwritten)\n")
    return head + yaml.dump(data, Dumper=_BriefDumper, sort_keys=False, allow_unicode=True,
                            width=100, default_flow_style=False)


class _BriefDumper(yaml.SafeDumper):
    """Block-style mappings, inline lists: the way a person writes a brief."""


_BriefDumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                                         flow_style=True))
