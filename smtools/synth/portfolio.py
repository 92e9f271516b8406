"""Portfolio clients: ``client-01`` … derived from the three archetypes.

Client ``client-NN`` follows archetype ``(NN − 1) mod 3`` (restaurant,
fashion e-shop, B2B software, then again) and varies it: its own name (unique
among the first 30 clients, then numbered),
market (city, currency, time zone, regions), budget scale, channel mix,
campaign dates, best posting slots, competitors and colour. The variation is
drawn from the slug alone (``stable_hash("portfolio:" + slug)``), so a
portfolio client's brief is the same whatever data seed is used — a brief
written once stays true.

Examples
--------
>>> portfolio(3)
['client-01', 'client-02', 'client-03']
>>> [portfolio_profile(s).archetype for s in portfolio(4)]
['restaurant', 'fashion', 'b2b', 'restaurant']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np

from smtools.synth.archetypes import ATELIER, BISTRO, CLOUDLEDGER
from smtools.synth.profiles import Event, Profile
from smtools.synth.seeding import stable_hash

__all__ = ["ARCHETYPES", "portfolio", "portfolio_profile"]

#: The archetype each portfolio client cycles through, in order.
ARCHETYPES: tuple[Profile, ...] = (BISTRO, ATELIER, CLOUDLEDGER)

_NAMES = {
    "restaurant": ("Chez Margaux", "La Table d'Anouk", "Le Comptoir Saint-Roch",
                   "Brasserie des Halles", "Maison Pivoine", "L'Atelier Gourmand", "Café Colette",
                   "Le Petit Zinc", "Bistrot « Les Amis »", "Auberge Célestine"),
    "fashion": ("Juniper Row", "Studio Sable", "Maison Oro", "Threadline", "Kestrel & Co",
                "Wren Atelier", "Linen Lab", "Marlowe & Finch", "Common Thread", "Nº 9 Studio"),
    "b2b": ("PayrollPilot", "Stackwise", "InvoiceHub", "Ledgerline", "TaxTide", "Clearbooks Pro",
            "Fundflow", "Tallyworks", "Sumwise", "BrightPay Cloud"),
}
_COMPETITORS = {
    "restaurant": ("Le Bouchon du Marché", "Café des Arts", "La Cantine Verte", "Bistro Nord"),
    "fashion": ("Ardent Supply", "Loom & Lane", "Northbound Apparel", "Vela Studio"),
    "b2b": ("Ledgerly", "BrightBooks", "Numera", "CountOn"),
}
_COLOURS = ("#8c2f39", "#3d348b", "#0b6e4f", "#b5651d", "#1f4e79", "#6a4c93", "#2a9d8f",
            "#c44536", "#264653", "#7a5c3e")

# market: city, currency, timezone, country, regions (name, share), swaps, local event
_Market = tuple[str, str, str, str, tuple[tuple[str, float], ...], tuple[tuple[str, str], ...],
                Event | None]
_MARKETS: dict[str, tuple[_Market, ...]] = {
    "restaurant": (
        ("Bordeaux", "EUR", "Europe/Paris", "FR",
         (("Bordeaux", 0.45), ("Mérignac", 0.12), ("Gironde", 0.18),
          ("Nouvelle-Aquitaine", 0.11), ("Île-de-France", 0.08), ("Autres régions", 0.06)),
         (("Halles Paul Bocuse", "Marché des Capucins"), ("lyonnais", "bordelais"),
          ("Villeurbanne", "Mérignac"), ("Rhône", "Gironde")),
         Event("Bordeaux Fête le Vin", ("2025-06-19", "2025-06-20", "2025-06-21",
                                        "2025-06-22", "2026-06-18", "2026-06-19",
                                        "2026-06-20", "2026-06-21"), 0.4)),
        ("Lille", "EUR", "Europe/Paris", "FR",
         (("Lille", 0.44), ("Roubaix", 0.12), ("Nord", 0.2), ("Hauts-de-France", 0.1),
          ("Île-de-France", 0.07), ("Belgique", 0.07)),
         (("Halles Paul Bocuse", "marché de Wazemmes"), ("lyonnais", "du Nord"),
          ("Villeurbanne", "Roubaix"), ("Rhône", "Nord")),
         Event("Braderie de Lille", ("2025-09-06", "2025-09-07", "2026-09-05",
                                     "2026-09-06"), 0.6)),
        ("Bruxelles", "EUR", "Europe/Brussels", "BE",
         (("Bruxelles", 0.42), ("Ixelles", 0.14), ("Brabant wallon", 0.14), ("Wallonie", 0.12),
          ("Flandre", 0.1), ("France", 0.08)),
         (("Halles Paul Bocuse", "marché du Midi"), ("lyonnais", "bruxellois"),
          ("Villeurbanne", "Ixelles"), ("Rhône", "Brabant wallon")),
         Event("Plaisirs d'Hiver", ("2024-12-06", "2024-12-07", "2024-12-13", "2024-12-14",
                                    "2025-12-05", "2025-12-06", "2025-12-12",
                                    "2025-12-13"), 0.35)),
        ("Nantes", "EUR", "Europe/Paris", "FR",
         (("Nantes", 0.46), ("Rezé", 0.12), ("Loire-Atlantique", 0.18),
          ("Pays de la Loire", 0.1), ("Île-de-France", 0.08), ("Autres régions", 0.06)),
         (("Halles Paul Bocuse", "marché de Talensac"), ("lyonnais", "nantais"),
          ("Villeurbanne", "Rezé"), ("Rhône", "Loire-Atlantique")),
         Event("Le Voyage à Nantes", ("2025-07-05", "2025-07-06", "2026-07-04",
                                      "2026-07-05"), 0.3)),
    ),
    "fashion": (
        ("Los Angeles", "USD", "America/Los_Angeles", "US",
         (("California", 0.34), ("New York", 0.14), ("Texas", 0.12), ("Washington", 0.08),
          ("Arizona", 0.06), ("Other US states", 0.26)), (("Brooklyn", "Silver Lake"),), None),
        ("Chicago", "USD", "America/Chicago", "US",
         (("Illinois", 0.26), ("New York", 0.14), ("California", 0.14), ("Michigan", 0.09),
          ("Wisconsin", 0.07), ("Other US states", 0.3)), (("Brooklyn", "Wicker Park"),), None),
        ("Toronto", "CAD", "America/Toronto", "CA",
         (("Ontario", 0.42), ("Quebec", 0.18), ("British Columbia", 0.16), ("Alberta", 0.12),
          ("Other provinces", 0.12)), (("Brooklyn", "Queen West"),), None),
        ("New York", "USD", "America/New_York", "US",
         (("New York", 0.26), ("New Jersey", 0.12), ("California", 0.16), ("Florida", 0.1),
          ("Massachusetts", 0.08), ("Other US states", 0.28)), (), None),
    ),
    "b2b": (
        ("Manchester", "GBP", "Europe/London", "GB",
         (("North West", 0.28), ("London", 0.22), ("Yorkshire", 0.12), ("West Midlands", 0.1),
          ("Scotland", 0.08), ("Other UK", 0.2)), (("London or remote", "Manchester or remote"),),
         None),
        ("Edinburgh", "GBP", "Europe/London", "GB",
         (("Scotland", 0.34), ("London", 0.2), ("North East", 0.1), ("North West", 0.1),
          ("South East", 0.08), ("Other UK", 0.18)), (("London or remote", "Edinburgh or remote"),),
         None),
        ("London", "GBP", "Europe/London", "GB",
         (("London", 0.32), ("South East", 0.18), ("East of England", 0.12),
          ("South West", 0.08), ("West Midlands", 0.08), ("Other UK", 0.22)), (), None),
        ("Bristol", "GBP", "Europe/London", "GB",
         (("South West", 0.3), ("London", 0.22), ("Wales", 0.12), ("South East", 0.12),
          ("West Midlands", 0.08), ("Other UK", 0.16)),
         (("London or remote", "Bristol or remote"),), None),
    ),
}
_CAMPAIGN_FIRST = dt.date(2026, 9, 1)
_CAMPAIGN_LAST = dt.date(2026, 10, 25)


def portfolio(n: int, *, seed: int = 0) -> list[str]:
    """Slugs of a portfolio of ``n`` generated clients: ``client-01`` … ``client-NN``.

    The slugs (and each client's brief) are the same for every seed; pass the
    same ``seed`` to :func:`smtools.synth.generate` / :func:`smtools.synth.write`
    for every client of a batch to get one consistent portfolio. Numbers have
    at least two digits (``client-100`` after ``client-99``).

    Parameters
    ----------
    n : int
        Number of clients (at least 1).
    seed : int
        Data seed of the portfolio (checked to be a non-negative integer).

    Returns
    -------
    list of str

    Examples
    --------
    >>> portfolio(2, seed=7)
    ['client-01', 'client-02']
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n={n!r} must be a positive number of clients, e.g. 30")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a non-negative integer, e.g. 0 or 42")
    return [f"client-{i:02d}" for i in range(1, int(n) + 1)]


def _swap(obj: Any, pairs: tuple[tuple[str, str], ...]) -> Any:
    """Replace text everywhere inside a profile (strings in dataclasses, tuples, dicts)."""
    if isinstance(obj, str):
        for old, new in pairs:
            obj = obj.replace(old, new)
        return obj
    if isinstance(obj, tuple):
        return tuple(_swap(o, pairs) for o in obj)
    if isinstance(obj, list):
        return [_swap(o, pairs) for o in obj]
    if isinstance(obj, dict):
        return {_swap(k, pairs): _swap(v, pairs) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(obj, **{f.name: _swap(getattr(obj, f.name), pairs)
                                           for f in dataclasses.fields(obj)})
    return obj


def _vary(values: list[float], rng: np.random.Generator, spread: float) -> list[float]:
    v = np.asarray(values) * rng.uniform(1 - spread, 1 + spread, len(values))
    return [round(float(x), 3) for x in v / v.sum()]


def portfolio_profile(slug: str) -> Profile:
    """The profile of portfolio client ``slug`` (``client-NN``).

    Examples
    --------
    >>> p = portfolio_profile("client-05")
    >>> p.archetype, p.brief["client"], p.currency in ("USD", "CAD")
    ('fashion', 'client-05', True)
    """
    number = int(slug.split("-")[1])
    base = ARCHETYPES[(number - 1) % len(ARCHETYPES)]
    kind = base.archetype
    rng = np.random.default_rng(stable_hash("portfolio:" + slug))
    names = _NAMES[kind]
    turn = (number - 1) // len(ARCHETYPES)
    name = names[turn % len(names)] + (f" {turn // len(names) + 1}" if turn >= len(names) else "")
    city, currency, tz, country, regions, swaps, event = _MARKETS[kind][
        int(rng.integers(len(_MARKETS[kind])))]
    home = {"restaurant": "Lyon", "fashion": "New York", "b2b": "London"}[kind]
    pairs: tuple[tuple[str, str], ...] = ((base.name, name), *swaps)
    if city != home:
        pairs = (*pairs, (home, city))
    if event is not None:
        pairs = (("Fête des Lumières : menu spécial & terrasse chauffée du 5 au 8 décembre.",
                  f"{event.name} : menu spécial & terrasse ouverte tout le week-end."), *pairs)
    profile = _swap(dataclasses.replace(base, brief={}), pairs)

    scale = float(np.exp(rng.uniform(np.log(0.5), np.log(2.0))))
    shares = _vary([pc.share for pc in base.paid], rng, 0.2)
    rules = base.brief["channels"]
    split = _vary([pc.campaign_share for pc in base.paid], rng, 0.1)
    if any(not rules[pc.channel]["min_share"] <= s <= rules[pc.channel]["max_share"]
           for pc, s in zip(base.paid, split, strict=True)):
        split = [pc.campaign_share for pc in base.paid]
    paid = tuple(dataclasses.replace(pc, share=s, campaign_share=c)
                 for pc, s, c in zip(profile.paid, shares, split, strict=True))
    organic = tuple(dataclasses.replace(
        oc, followers=int(round(oc.followers * scale ** 0.7, -1)),
        best_slot=(int(rng.integers(7)), int(rng.integers(8, 23)))) for oc in profile.organic)
    events = profile.outcome.events
    if event is not None:
        events = (event, *[e for e in events if e.name != "Fête des Lumières"])
    outcome = dataclasses.replace(profile.outcome, events=events)
    competitors = tuple(str(c) for c in rng.choice(_COMPETITORS[kind], 2, replace=False))
    mentions = dataclasses.replace(
        profile.mentions, competitors=competitors,
        rates=tuple(round(r * scale ** 0.5, 1) for r in base.mentions.rates))

    camp = dict(base.brief["campaign"])
    start, end = dt.date.fromisoformat(camp["start"]), dt.date.fromisoformat(camp["end"])
    shifts = [k for k in (-1, 0, 1) if start + dt.timedelta(weeks=k) >= _CAMPAIGN_FIRST
              and end + dt.timedelta(weeks=k) <= _CAMPAIGN_LAST]
    k = int(rng.choice(shifts))
    camp.update(start=str(start + dt.timedelta(weeks=k)), end=str(end + dt.timedelta(weeks=k)),
                budget=float(round(camp["budget"] * scale, -2)))
    kpis = {key: (round(v * scale ** 0.8, -3) if key == "reach" else v)
            for key, v in base.brief["kpis"].items()}
    audience = dict(base.brief["audience"], regions=[r for r, _ in regions[:4]])
    brief = {**base.brief, "client": slug, "name": name, "currency": currency, "timezone": tz,
             "country": country, "campaign": camp, "audience": audience, "kpis": kpis,
             "branding": {"colour": _COLOURS[int(rng.integers(len(_COLOURS)))]}}
    users = int(np.clip(round(base.users * rng.uniform(0.8, 1.25), -2), 20000, 40000))
    return dataclasses.replace(
        profile, slug=slug, brief=brief, annual_budget=round(base.annual_budget * scale, -2),
        paid=paid, organic=organic, regions=regions, outcome=outcome, mentions=mentions,
        users=users)
