"""The ``mentions`` table: the client's brand and two competitors, with one crisis.

Daily volume per brand is Poisson with mean ``rate · weekly · trend`` (the
client's brand also gains 30 % during its campaign). One crisis hits the
client's brand: 3–10 consecutive days, never in the first or last month of
the history, adding ``(multiplier − 1) · rate`` strongly negative mentions a
day (multiplier 3–6). Sentiment lies in −1…1: mostly mildly positive, clearly
negative in crisis mentions.

Examples
--------
>>> TONES
('positive', 'neutral', 'negative')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import Profile
from smtools.synth.spend import campaign_window

__all__ = ["TONES", "mentions_table"]

TONES: tuple[str, ...] = ("positive", "neutral", "negative")
_TONE_MEAN = {"positive": 0.6, "neutral": 0.05, "negative": -0.45}
_TONE_SHARE = np.array([0.5, 0.35, 0.15])
_CRISIS_MEAN = -0.7
_WEEKLY = np.array([1.0, 1.05, 1.05, 1.0, 1.0, 0.9, 0.85])


def _texts(templates: tuple[str, ...], brand: str, tone: np.ndarray, rng: np.random.Generator
           ) -> np.ndarray:
    filled = np.array([t.format(brand=brand) for t in templates], dtype=object)
    return filled[rng.integers(0, len(filled), len(tone))]


def mentions_table(profile: Profile, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Mentions of the client's brand and its two competitors over the history.

    Returns
    -------
    frame : DataFrame
        Canonical ``mentions`` columns (``brand`` names the brand mentioned).
    truth : dict
        ``brands`` (client brand first), ``baseline_rate`` per brand (mean
        mentions a day before weekly pattern and trend), ``sentiment_mean``
        (expected sentiment outside the crisis), ``campaign_lift`` and
        ``crisis``: ``brand``, ``start`` and ``end`` (inclusive dates, client
        time zone), ``days``, ``multiplier``, ``extra_rate`` (crisis mentions
        a day on top of the usual ones), ``sentiment_mean`` of crisis
        mentions and ``theme``.

    Examples
    --------
    >>> from smtools.synth.archetypes import CLOUDLEDGER
    >>> f, t = mentions_table(CLOUDLEDGER, np.random.default_rng(0))
    >>> t["brands"]
    ['CloudLedger', 'Ledgerly', 'BrightBooks']
    >>> bool(f["sentiment"].between(-1, 1).all())
    True
    """
    mm = profile.mentions
    dates = calendar.history_dates()
    n_days = len(dates)
    brands = [profile.name, *mm.competitors]
    rates = [round(float(r * rng.uniform(0.85, 1.15)), 2) for r in mm.rates]
    window = campaign_window(profile)
    length = int(rng.integers(3, 11))
    start = int(rng.integers(31, n_days - 31 - length))
    crisis = np.zeros(n_days, dtype=bool)
    crisis[start:start + length] = True
    multiplier = round(float(rng.uniform(3.0, 6.0)), 2)
    weekly = _WEEKLY[dates.day_of_week]
    trend = np.exp(rng.uniform(-0.05, 0.2) * np.arange(n_days) / 365)

    days, brand_i, tone_i, is_crisis = [], [], [], []
    for b, rate in enumerate(rates):
        lam = rate * weekly * trend * (np.where(window, 1.3, 1.0) if b == 0 else 1.0)
        count = rng.poisson(lam)
        d = np.repeat(np.arange(n_days), count)
        days.append(d)
        brand_i.append(np.full(len(d), b))
        tone_i.append(rng.choice(3, len(d), p=_TONE_SHARE))
        is_crisis.append(np.zeros(len(d), dtype=bool))
        if b == 0:
            extra = rng.poisson(rate * (multiplier - 1) * crisis)
            d = np.repeat(np.arange(n_days), extra)
            days.append(d)
            brand_i.append(np.zeros(len(d), dtype=np.int64))
            tone_i.append(np.full(len(d), 2))
            is_crisis.append(np.ones(len(d), dtype=bool))
    day = np.concatenate(days)
    brand = np.concatenate(brand_i)
    tone = np.concatenate(tone_i)
    hot = np.concatenate(is_crisis)
    n = len(day)

    mean = np.where(hot, _CRISIS_MEAN, np.array([_TONE_MEAN[t] for t in TONES])[tone])
    sentiment = np.round(np.clip(mean + rng.normal(0.0, np.where(hot, 0.15, 0.25)), -1, 1), 3)
    text = np.empty(n, dtype=object)
    for b, name in enumerate(brands):
        for t, tone_name in enumerate(TONES):
            sel = (brand == b) & (tone == t) & ~hot
            text[sel] = _texts(mm.texts[tone_name], name, tone[sel], rng)
    text[hot] = _texts(mm.texts["crisis"], brands[0], tone[hot], rng)

    where = np.array([c for c, _ in mm.channels], dtype=object)
    share = np.array([s for _, s in mm.channels])
    channel = where[rng.choice(len(where), n, p=share / share.sum())]
    n_authors = max(n // 3, 50)
    popularity = 1.0 / np.arange(1, n_authors + 1) ** 0.8
    author = rng.choice(n_authors, n, p=popularity / popularity.sum())
    author_reach = np.round(rng.lognormal(6.0, 1.6, n_authors)) + 10
    midnights = calendar.local_midnights(profile.timezone).asi8
    hour = np.clip(rng.normal(15.0, 4.5, n), 0, 23.999)
    day_len = midnights[day + 1] - midnights[day]
    ts = midnights[day] + (hour / 24.0 * day_len).astype(np.int64) // 1_000_000 * 1_000_000

    order = np.argsort(ts, kind="stable")
    frame = pd.DataFrame({
        "client": profile.slug,
        "mention_id": np.char.mod("m%07d", np.arange(1, n + 1)),
        "ts": pd.to_datetime(ts[order], unit="us", utc=True),
        "channel": channel[order],
        "author_key": np.char.mod("a%08x", author[order] * 7919 + 4099).astype(object),
        "text": text[order],
        "brand": np.array(brands, dtype=object)[brand[order]],
        "reach": author_reach[author[order]],
        "sentiment": sentiment[order],
    })
    sentiment_mean = float(sum(s * _TONE_MEAN[t] for s, t in zip(_TONE_SHARE, TONES,
                                                                 strict=True)))
    truth = {
        "brands": brands,
        "baseline_rate": dict(zip(brands, rates, strict=True)),
        "weekly": _WEEKLY.tolist(),
        "sentiment_mean": round(sentiment_mean, 4),
        "campaign_lift": 0.3,
        "crisis": {
            "brand": brands[0],
            "start": str(dates[start].date()),
            "end": str(dates[start + length - 1].date()),
            "days": length,
            "multiplier": multiplier,
            "extra_rate": round(rates[0] * (multiplier - 1), 4),
            "sentiment_mean": _CRISIS_MEAN,
            "theme": mm.crisis_theme,
        },
    }
    return frame, truth
