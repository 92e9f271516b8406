"""The ``influencers`` and ``influencer_posts`` tables: candidate creators, some fake.

Each client gets 36–48 candidates on its organic networks, with their recent
posts over the 120 days before the campaigns (2026-05-03 … 2026-08-30).

Generating model, per candidate

* band (nano .30, micro .38, mid .20, macro .07, mega .05), followers
  log-uniform inside the band (mega up to 5M);
* audience: ``affinity`` ~ Beta(2, 2) mixes an on-target age × gender profile
  (the brief's ages and genders) with a random one (Dirichlet(1.5) ages,
  Beta(2, 2) share of women); share in the market country Beta(12, 2) (15% of
  creators Beta(2, 5)); 20% of genuine candidates do not publish a breakdown;
* true engagement rate = base rate of the network and band × ``quality``
  (log-normal, σ 0.3); base rates are the shipped norms for Instagram, TikTok
  and YouTube, and synthetic rates elsewhere (:data:`BASE_RATES`);
* 18–36 posts; followers grow 0.05–0.4 %/day with noise (30% of accounts
  have one organic spike of +1–4%); engagements per post = real followers ×
  true rate × log-normal(0, 0.45) (15% of accounts have one viral post ×4);
  comments are a network share of engagements × log-normal(0, 0.25);
* mentions ~ Poisson(4 √(followers / 10k)), negative rate Beta(1.2, 18)
  (10% of creators are controversial: Beta(6, 10));
* price per post = followers × network price per follower × log-normal(0, 0.3).

Planted fakes (15% of candidates, at least 4, alternating)

* ``bought_followers``: followers multiplied by 3–6 in one day between the
  25th and 50th percentile of the posts (engagement still comes from the real
  followers): a follower jump and a low engagement rate;
* ``engagement_pod``: 12% of the posts (at least 3) get 6–12 times the
  engagements with 6–10 times the comment share, other posts run at 0.6 × the
  true rate: engagement concentrated on few posts and an odd comment/like ratio.

Examples
--------
>>> from smtools.synth.archetypes import BISTRO
>>> from smtools.synth.profiles import brief_for
>>> inf, posts, truth = influencers_tables(BISTRO, brief_for("bistro-lumiere"),
...                                        np.random.default_rng(0))
>>> 36 <= len(inf) <= 48, truth["n_fakes"] >= 4
(True, True)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from smtools.brief import Brief
from smtools.synth.profiles import Profile

__all__ = ["BASE_RATES", "WINDOW", "influencers_tables"]

#: First and last day of the candidates' recent posts.
WINDOW: tuple[dt.date, dt.date] = (dt.date(2026, 5, 3), dt.date(2026, 8, 30))
_BANDS = ("nano", "micro", "mid", "macro", "mega")
_BAND_P = np.array([0.30, 0.38, 0.20, 0.07, 0.05])
_BAND_RANGE = {"nano": (1_000, 10_000), "micro": (10_000, 100_000), "mid": (100_000, 500_000),
               "macro": (500_000, 1_000_000), "mega": (1_000_000, 5_000_000)}
_AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AGE_COLS = [f"audience_age_{b.replace('-', '_').replace('+', '_plus')}" for b in _AGE_BANDS]

#: True engagement-rate base per network and band (nano … mega). Instagram, TikTok and
#: YouTube use the shipped norms (influencer_norms.csv); the others are synthetic.
BASE_RATES: dict[str, tuple[float, ...]] = {
    "instagram": (0.048, 0.024, 0.018, 0.015, 0.012),
    "tiktok": (0.103, 0.081, 0.063, 0.055, 0.049),
    "youtube": (0.032, 0.021, 0.015, 0.012, 0.009),
    "facebook": (0.012, 0.008, 0.005, 0.004, 0.003),
    "linkedin": (0.030, 0.020, 0.015, 0.012, 0.010),
    "pinterest": (0.012, 0.008, 0.005, 0.004, 0.003),
}
# comment share of engagements, views per real follower (None: not public), price per follower
_NETWORK = {
    "instagram": (0.025, None, 0.010, "reel"),
    "tiktok": (0.010, 0.45, 0.008, "video"),
    "youtube": (0.040, 0.15, 0.020, "video"),
    "facebook": (0.050, None, 0.006, "image"),
    "linkedin": (0.080, None, 0.015, "text"),
    "pinterest": (0.010, None, 0.005, "pin"),
}
_WORDS = {
    "restaurant": ("lyon", "gourmand", "miam", "bistrot", "chef", "cuisine", "foodie", "brunch",
                   "vins", "table", "saveurs", "marche", "gone", "bouchon", "papilles"),
    "fashion": ("style", "thrift", "vintage", "fit", "closet", "drip", "capsule", "street",
                "mode", "look", "outfit", "denim", "archive", "wardrobe", "edit"),
    "b2b": ("ledger", "finance", "saas", "tax", "founder", "cfo", "books", "startup", "biz",
            "numbers", "payroll", "invoice", "growth", "ops", "cashflow"),
}
_CATEGORY = {"restaurant": "food", "fashion": "fashion", "b2b": "business"}


def _r(x: float, nd: int = 6) -> float:
    return float(round(float(x), nd))


def _target_profile(brief: Brief) -> tuple[np.ndarray, float, np.ndarray]:
    lo, hi = brief.audience.ages
    inside = []
    for band in _AGE_BANDS:
        b_lo = int(band.split("-")[0].rstrip("+"))
        b_hi = 84 if band.endswith("+") else int(band.split("-")[1])
        years = range(b_lo, b_hi + 1)
        inside.append(sum(lo <= a <= hi for a in years) / len(years))
    inside = np.array(inside)
    ages = np.where(inside > 0, inside, 0.15)
    genders = brief.audience.genders
    female = 0.5 if len(genders) == 2 else (0.85 if genders[0] == "female" else 0.15)
    return ages / ages.sum(), female, inside


def _handles(archetype: str, n: int, rng: np.random.Generator) -> list[str]:
    words = _WORDS[archetype]
    out: list[str] = []
    while len(out) < n:
        a, b = rng.choice(len(words), 2, replace=False)
        h = f"{words[a]}_{words[b]}"
        if rng.random() < 0.4:
            h += str(int(rng.integers(1, 99)))
        if h not in out:
            out.append(h)
    return out


def _follower_series(final: float, days: int, rng: np.random.Generator) -> np.ndarray:
    g = rng.uniform(0.0005, 0.004)
    steps = g + rng.normal(0.0, 0.3 * g, days)
    if rng.random() < 0.3:
        steps[rng.integers(5, days - 5)] += rng.uniform(0.01, 0.04)
    level = np.exp(np.cumsum(steps))
    return final * level / level[-1]


def influencers_tables(profile: Profile, brief: Brief, rng: np.random.Generator
                       ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Candidate influencers and their recent posts for one client.

    Parameters
    ----------
    profile : Profile
        The client (organic networks, archetype).
    brief : Brief
        Its brief (target ages and genders, country, currency).
    rng : numpy.random.Generator
        The client's ``influencers`` stream.

    Returns
    -------
    influencers : DataFrame
        Canonical ``influencers`` columns.
    posts : DataFrame
        Canonical ``influencer_posts`` columns.
    truth : dict
        ``model``, ``window``, ``n_candidates``, ``n_fakes``, ``kinds`` (count
        per fake kind) and ``candidates``: per candidate ``handle``,
        ``network``, ``band``, ``followers``, ``fake``, ``kind`` (None,
        ``bought_followers`` or ``engagement_pod``), ``true_engagement_rate``
        (engagements ÷ real followers), ``base_rate``, ``quality`` (true rate
        ÷ base rate), ``affinity``, ``share_in_target`` (generating share of
        the audience in the brief's ages and genders × country share),
        ``breakdown_published``, ``negative_rate``, ``controversial`` and, for
        fakes, ``bought_multiplier`` and ``jump_date`` or ``pod_posts``.
    """
    nets = [oc.channel for oc in profile.organic if oc.channel in _NETWORK]
    weights = np.array([oc.followers for oc in profile.organic if oc.channel in _NETWORK], float)
    weights = np.sqrt(weights) / np.sqrt(weights).sum()
    n = int(rng.integers(36, 49))
    n_fakes = max(4, round(0.15 * n))
    fake_idx = set(rng.choice(n, n_fakes, replace=False).tolist())
    kinds = {}
    for j, i in enumerate(sorted(fake_idx)):
        kinds[i] = "bought_followers" if j % 2 == 0 else "engagement_pod"
    handles = _handles(profile.archetype, n, rng)
    on_ages, on_female, inside = _target_profile(brief)
    country = brief.country or ""
    start = pd.Timestamp(WINDOW[0], tz="UTC")
    days = (WINDOW[1] - WINDOW[0]).days + 1
    cand_rows, post_rows, truth_rows = [], [], []
    for i in range(n):
        net = str(rng.choice(nets, p=weights))
        b = int(rng.choice(5, p=_BAND_P))
        lo, hi = _BAND_RANGE[_BANDS[b]]
        followers = float(np.round(np.exp(rng.uniform(np.log(lo), np.log(hi)))))
        kind = kinds.get(i)
        affinity = float(rng.beta(2, 2))
        off = rng.dirichlet(np.full(7, 1.5))
        ages = affinity * on_ages + (1 - affinity) * off
        ages = np.round(ages / ages.sum(), 4)
        ages[-1] = round(1 - ages[:-1].sum(), 4)
        female = float(np.clip(affinity * on_female + (1 - affinity) * rng.beta(2, 2), 0.02,
                               0.98))
        cshare = float(rng.beta(2, 5) if rng.random() < 0.15 else rng.beta(12, 2))
        published = kind is not None or rng.random() >= 0.2
        gender_in = (female if "female" in brief.audience.genders else 0) + (
            (1 - female) if "male" in brief.audience.genders else 0)
        share_in = float(np.sum(ages * inside) * gender_in * cshare)
        base = BASE_RATES[net][b]
        quality = float(rng.lognormal(0.0, 0.3))
        true_rate = base * quality
        comment_share, view_rate, per_follower, fmt = _NETWORK[net]
        n_posts = int(rng.integers(18, 37))
        post_days = np.sort(rng.choice(days, n_posts, replace=False))
        series = _follower_series(followers, days, rng)
        real = series.copy()
        extra: dict[str, Any] = {}
        if kind == "bought_followers":
            mult = float(rng.uniform(3.0, 6.0))
            k = int(rng.integers(int(0.25 * n_posts), int(0.5 * n_posts) + 1))
            jump_day = int(rng.integers(post_days[k - 1] + 1, post_days[k] + 1))
            real = series / mult  # organic followers; the observed count ends at `followers`
            series = real * np.where(np.arange(days) >= jump_day, mult, 1.0)
            extra = {"bought_multiplier": _r(mult, 3),
                     "jump_date": str((start + pd.Timedelta(days=jump_day)).date())}
        f_post = series[post_days]
        r_post = real[post_days]
        eng = r_post * true_rate * rng.lognormal(0.0, 0.45, n_posts)
        if kind is None and rng.random() < 0.15:
            eng[rng.integers(0, n_posts)] *= 4.0
        cshares = np.minimum(comment_share * rng.lognormal(0.0, 0.25, n_posts), 0.6)
        if kind == "engagement_pod":
            k = max(3, round(0.12 * n_posts))
            pods = rng.choice(n_posts, k, replace=False)
            eng *= 0.6
            eng[pods] *= rng.uniform(6.0, 12.0, k)
            cshares[pods] = np.minimum(cshares[pods] * rng.uniform(6.0, 10.0, k), 0.6)
            extra = {"pod_posts": int(k)}
        eng = np.round(eng)
        comments = np.round(eng * cshares)
        likes = eng - comments
        views = (np.round(r_post * view_rate * rng.lognormal(0.0, 0.5, n_posts))
                 if view_rate else np.full(n_posts, np.nan))
        hours = rng.integers(7, 22, n_posts)
        when = start + pd.to_timedelta(post_days, unit="D") + pd.to_timedelta(hours, unit="h")
        handle = handles[i]
        for j in range(n_posts):
            post_rows.append({
                "client": profile.slug, "handle": handle, "network": net,
                "post_id": f"{handle}-{j + 1:03d}", "published_at": when[j], "format": fmt,
                "followers": float(np.round(f_post[j])), "likes": float(likes[j]),
                "comments": float(comments[j]),
                "shares": float(np.round(eng[j] * 0.05 * rng.lognormal(0, 0.3))),
                "saves": (float(np.round(eng[j] * 0.08 * rng.lognormal(0, 0.3)))
                          if net in ("instagram", "pinterest") else np.nan),
                "views": float(views[j]),
            })
        controversial = bool(rng.random() < 0.10)
        neg_rate = float(rng.beta(6, 10) if controversial else rng.beta(1.2, 18))
        mentions = int(rng.poisson(max(3.0, 4.0 * np.sqrt(followers / 10_000))))
        negative = int(rng.binomial(mentions, neg_rate))
        price = max(40.0, float(np.round(followers * per_follower * rng.lognormal(0, 0.3), -1)))
        row = {"client": profile.slug, "handle": handle, "network": net,
               "name": handle.replace("_", " ").title(), "category": _CATEGORY[profile.archetype],
               "country": country, "followers": followers, "price_per_post": price,
               "currency": profile.currency,
               "audience_female": _r(female, 4) if published else np.nan,
               "audience_country_share": _r(cshare, 4) if published else np.nan,
               "mentions": float(mentions), "negative_mentions": float(negative)}
        for col, v in zip(_AGE_COLS, ages, strict=True):
            row[col] = float(v) if published else np.nan
        cand_rows.append(row)
        truth_rows.append({
            "handle": handle, "network": net, "band": _BANDS[b], "followers": followers,
            "fake": kind is not None, "kind": kind, "true_engagement_rate": _r(true_rate),
            "base_rate": _r(base), "quality": _r(quality, 4), "affinity": _r(affinity, 4),
            "share_in_target": _r(share_in, 4), "breakdown_published": bool(published),
            "negative_rate": _r(neg_rate, 4), "controversial": controversial, **extra,
        })
    inf = pd.DataFrame(cand_rows)
    posts = pd.DataFrame(post_rows)
    truth = {
        "model": __doc__.split("Examples")[0].strip() if __doc__ else "",
        "window": [str(WINDOW[0]), str(WINDOW[1])],
        "n_candidates": n,
        "n_fakes": n_fakes,
        "kinds": {k: sum(v == k for v in kinds.values())
                  for k in ("bought_followers", "engagement_pod")},
        "candidates": truth_rows,
    }
    return inf, posts, truth
