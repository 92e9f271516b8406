"""Daily business outcomes: revenue from a known baseline plus the media contributions.

.. code-block:: text

    baseline_t = level · exp(growth · t / 365.25) · weekly[weekday_t]
                 · (1 + Σ_k amplitude_k · cos(2π · (doy_t − peak_day_k) / period_days_k))
                 · (1 + Σ_events uplift_e · [date_t ∈ dates_e])
    revenue_t  = (baseline_t + Σ_c contribution_c,t) · (1 + σ · z_t),  z_t ~ N(0, 1) cut at ±3

``t`` counts days from 2024-11-01, ``doy`` is the day of the year (1 = 1 January),
``weekly`` has mean 1 (Monday first). The second KPI is ``orders`` or
``leads``: a Poisson count with mean ``revenue_t / unit_value``. ``level``
is set so that media contributes the drawn share of expected revenue.

Examples
--------
>>> params = {"level": 100.0, "growth": 0.0, "weekly": [1.0] * 7, "yearly": [],
...           "events": [{"name": "x", "dates": ["2024-11-02"], "uplift": 0.5}]}
>>> baseline(params)[:3].tolist()
[100.0, 150.0, 100.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth import calendar
from smtools.synth.profiles import Profile

__all__ = ["BASELINE_DOC", "NOISE_DOC", "baseline", "baseline_params", "outcomes_table"]

BASELINE_DOC = (
    "level * exp(growth * t / 365.25) * weekly[weekday] * (1 + sum_k amplitude_k * "
    "cos(2 * pi * (day_of_year - peak_day_k) / period_days_k)) * (1 + sum_e uplift_e * "
    "[date in dates_e]); t = days since 2024-11-01, weekly Monday first with mean 1")
NOISE_DOC = ("revenue_t = expected_t * (1 + sigma * z_t), z_t standard normal cut at +-3; "
             "orders or leads ~ Poisson(revenue_t / unit_value)")


def baseline(params: dict) -> np.ndarray:
    """The daily baseline revenue (no media) over the history, from its parameters.

    Parameters
    ----------
    params : dict
        ``level``, ``growth``, ``weekly`` (7 values, Monday first),
        ``yearly`` (list of ``{"amplitude", "peak_day", "period_days"}``) and
        ``events`` (list of ``{"name", "dates", "uplift"}``), as stored in
        ``truth["baseline"]``.

    Returns
    -------
    ndarray, shape (730,)

    Examples
    --------
    >>> p = {"level": 10.0, "growth": 0.0, "weekly": [1.0] * 7, "events": [],
    ...      "yearly": [{"amplitude": 0.1, "peak_day": 1, "period_days": 365.25}]}
    >>> round(float(baseline(p)[61]), 2)  # 1 January 2025
    11.0
    """
    dates = calendar.history_dates()
    t = np.arange(len(dates), dtype=float)
    doy = dates.day_of_year.to_numpy().astype(float)
    out = params["level"] * np.exp(params["growth"] * t / 365.25)
    out = out * np.asarray(params["weekly"], dtype=float)[dates.day_of_week]
    season = np.ones(len(dates))
    for h in params["yearly"]:
        season += h["amplitude"] * np.cos(2 * np.pi * (doy - h["peak_day"]) / h["period_days"])
    lift = np.ones(len(dates))
    for e in params["events"]:
        lift += e["uplift"] * np.isin(dates, pd.to_datetime(e["dates"]))
    return out * season * lift


def baseline_params(profile: Profile, media_total: float, rng: np.random.Generator
                    ) -> tuple[dict, float]:
    """Draw the baseline's parameters so that media has the drawn share of revenue.

    Returns
    -------
    params : dict
        Parameters of :func:`baseline` (``level`` solved).
    media_share : float
        Drawn share of expected revenue that media contributes.

    Examples
    --------
    >>> from smtools.synth.profiles import profile_for
    >>> p, share = baseline_params(profile_for("cloudledger"), 1e6, np.random.default_rng(0))
    >>> bool(abs(baseline(p).sum() - 1e6 * (1 - share) / share) < 1e-3)
    True
    """
    om = profile.outcome
    weekly = np.asarray(om.weekly) * rng.lognormal(0.0, 0.03, 7)
    weekly = weekly / weekly.mean()
    yearly = []
    for k, (amplitude, peak) in enumerate(om.yearly, start=1):
        yearly.append({"amplitude": round(float(amplitude * rng.uniform(0.85, 1.15)), 4),
                       "peak_day": int(peak + rng.integers(-7, 8)),
                       "period_days": 365.25 / k})
    events = [{"name": e.name, "dates": list(e.dates),
               "uplift": round(float(e.uplift * rng.uniform(0.85, 1.15)), 3)}
              for e in om.events]
    params = {"level": 1.0, "growth": round(float(om.growth * rng.uniform(0.8, 1.2)), 4),
              "weekly": [round(float(w), 4) for w in weekly], "yearly": yearly,
              "events": events}
    share = round(float(rng.uniform(*om.media_share)), 3)
    params["level"] = float(media_total * (1 - share) / share / baseline(params).sum())
    return params, share


def outcomes_table(profile: Profile, expected: np.ndarray, sigma: float,
                   rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The ``outcomes`` rows (revenue and orders or leads, one per day) from expected revenue.

    Returns
    -------
    frame : DataFrame
        Canonical ``outcomes`` columns.
    observed : dict
        Totals of the generated KPIs and the realised daily CV of the noise.

    Examples
    --------
    >>> from smtools.synth.profiles import profile_for
    >>> f, obs = outcomes_table(profile_for("atelier-nova"), np.full(730, 5000.0), 0.1,
    ...                         np.random.default_rng(0))
    >>> sorted(f["kpi"].unique().tolist()), len(f)
    (['orders', 'revenue'], 1460)
    """
    z = np.clip(rng.standard_normal(len(expected)), -3.0, 3.0)
    revenue = np.round(np.maximum(expected * (1 + sigma * z), 0.0), 2)
    count = rng.poisson(revenue / profile.outcome.unit_value).astype(float)
    dates = calendar.history_dates()
    n = len(dates)
    frame = pd.DataFrame({
        "client": profile.slug,
        "date": np.concatenate([dates, dates]),
        "kpi": np.repeat(["revenue", profile.outcome.kpi], n),
        "region": None,
        "value": np.concatenate([revenue, count]),
        "currency": np.repeat(np.array([profile.currency, None], dtype=object), n),
    })
    observed = {"revenue": float(revenue.sum()), profile.outcome.kpi: float(count.sum()),
                "noise_cv": float(np.std(revenue / expected - 1))}
    return frame, observed
