"""Independent simulated marketing-mix data with a known truth (not smtools.synth).

Two public data-generating processes, re-implemented here from their published
descriptions (no third-party code or data is copied or committed):

``pymc_example(seed)``
    The process of PyMC-Marketing's "MMM Example Notebook", Part I "Data
    Generation Process" (pymc-labs/pymc-marketing,
    ``docs/source/notebooks/mmm/mmm_example.ipynb``; also summarised in Juan
    Orduz, "Media Effect Estimation with PyMC: Adstock, Saturation &
    Diminishing Returns", 2022). Weekly Mondays from 2018-04-01 to 2021-09-01
    (179 weeks); two channels: ``x1 = u`` when ``u > 0.9`` else ``u / 2`` and
    ``x2 = u`` when ``u > 0.8`` else 0 (``u ~ U(0, 1)`` each week); geometric
    adstock normalised over ``l_max = 8`` weeks (decay 0.4 and 0.2), logistic
    saturation ``(1 - e^(-λx)) / (1 + e^(-λx))`` (λ = 4 and 3), coefficients 3
    and 2; trend ``(linspace(0, 50, n) + 10) ** (1/4) - 1``; seasonality
    ``0.5 · (-sin(2·2π·doy/365.5) + cos(2π·doy/365.5))``; events on 2019-05-13
    (+1.5) and 2020-09-14 (+2.5); intercept 2; noise N(0, 0.25²).

``simmmulator(seed)``
    The process of Meta's siMMMulator (facebookexperimental/siMMMulator, the
    step-by-step guide and ``R/step_*.R``), with the parameters of its demo
    script: 2 years of weeks; baseline ``base + trend + seasonality + noise``
    (base 10 000, trend 0.5 · base over the period, ``temp_var · sin(week · π /
    26)`` times a coefficient drawn N(100, 500²), noise sd 100); one campaign a
    week with spend N(329 000, 100 000²) cut at 0, split Facebook U(0.45, 0.55),
    TV U(0.10, 0.15), Search the rest; impressions = spend / noisy CPM · 1000
    (CPM 2 and 20) and clicks = spend / noisy CPC (0.25); geometric adstock of
    the media units, not normalised (decay 0.1, 0.2, 0.3); diminishing returns
    ``units · hill(units)`` with Hill shape 2 and half-saturation at the
    10 %, 20 %, 30 % quantile of the units' range; conversions = that times a
    noisy weekly conversion rate (0.001, 0.002, 0.003, noise sd equal to the
    rate, truncated at 0); revenue 1 per conversion. True ROAS of a channel =
    its conversion revenue ÷ its spend (siMMMulator's ``step_8`` reports
    ROI = ROAS − 1).

``pymc_style(seed, n_weeks=104, n_channels=6)``
    The PyMC process widened to more channels for timing (not a published
    process): channel ``j`` alternates the two spend patterns above, scaled
    to ``100 · (1 + j)`` per week, with decay ``0.1 + 0.1 · (j mod 5)``,
    ``λ = 2 + (j mod 4)`` on spend ÷ its scale, coefficient ``1 + 0.5 · (j mod
    3)``; same trend, seasonality, intercept and noise, no events, weekly from
    2022-01-03.

Each function returns ``(frame, truth)``: a wide weekly frame (``date``, one
spend column per channel, ``y`` and, for the PyMC process, nothing else: the
events are passed to the model as holidays) and ``truth`` with ``roas``,
``mroas`` (extra outcome from +1 % spend in every week ÷ the extra spend) and
``contribution`` per channel, plus ``holidays``.

Examples
--------
>>> frame, truth = pymc_example(0)
>>> len(frame), sorted(truth["roas"])
(179, ['x1', 'x2'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from scipy.stats import truncnorm

__all__ = ["pymc_example", "pymc_style", "simmmulator"]


def _geometric_normalised(x: np.ndarray, decay: float, l_max: int) -> np.ndarray:
    w = decay ** np.arange(l_max)
    return lfilter(w / w.sum(), [1.0], x)


def _logistic(x: np.ndarray, lam: float) -> np.ndarray:
    return (1 - np.exp(-lam * x)) / (1 + np.exp(-lam * x))


def pymc_example(seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """The PyMC-Marketing example process (179 weeks, 2 channels), drawn with ``seed``."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2018-04-01", "2021-09-01", freq="W-MON")
    n = len(dates)
    u1 = rng.uniform(0.0, 1.0, n)
    x1 = np.where(u1 > 0.9, u1, u1 / 2)
    u2 = rng.uniform(0.0, 1.0, n)
    x2 = np.where(u2 > 0.8, u2, 0.0)
    params = {"x1": (0.4, 4.0, 3.0), "x2": (0.2, 3.0, 2.0)}
    spend = {"x1": x1, "x2": x2}

    def contribution(ch: str, x: np.ndarray) -> np.ndarray:
        decay, lam, beta = params[ch]
        return beta * _logistic(_geometric_normalised(x, decay, 8), lam)

    doy = dates.day_of_year.to_numpy()
    trend = (np.linspace(0.0, 50.0, n) + 10) ** 0.25 - 1
    season = 0.5 * (-np.sin(2 * 2 * np.pi * doy / 365.5) + np.cos(2 * np.pi * doy / 365.5))
    events = 1.5 * (dates == "2019-05-13") + 2.5 * (dates == "2020-09-14")
    media = sum(contribution(ch, spend[ch]) for ch in spend)
    y = 2.0 + trend + season + events + media + rng.normal(0.0, 0.25, n)
    frame = pd.DataFrame({"date": dates, "x1": x1, "x2": x2, "y": y})
    truth = _truth(spend, contribution)
    truth["holidays"] = ["2019-05-13", "2020-09-14"]
    truth["source"] = ("PyMC-Marketing MMM example notebook, Part I (data generation process), "
                       "re-implemented")
    return frame, truth


def pymc_style(seed: int = 0, *, n_weeks: int = 104, n_channels: int = 6
               ) -> tuple[pd.DataFrame, dict]:
    """The PyMC example's process with ``n_channels`` channels over ``n_weeks`` weeks."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2022-01-03", periods=n_weeks, freq="W-MON")
    n = n_weeks
    spend, params = {}, {}
    for j in range(n_channels):
        u = rng.uniform(0.0, 1.0, n)
        x = np.where(u > 0.9, u, u / 2) if j % 2 == 0 else np.where(u > 0.5, u, 0.0)
        scale = 100.0 * (1 + j)
        spend[f"ch{j + 1}"] = x * scale
        params[f"ch{j + 1}"] = (0.1 + 0.1 * (j % 5), 2.0 + (j % 4), 1.0 + 0.5 * (j % 3), scale)

    def contribution(ch: str, x: np.ndarray) -> np.ndarray:
        decay, lam, beta, scale = params[ch]
        return beta * _logistic(_geometric_normalised(x / scale, decay, 8), lam)

    doy = dates.day_of_year.to_numpy()
    trend = (np.linspace(0.0, 50.0, n) + 10) ** 0.25 - 1
    season = 0.5 * (-np.sin(2 * 2 * np.pi * doy / 365.5) + np.cos(2 * np.pi * doy / 365.5))
    media = sum(contribution(ch, x) for ch, x in spend.items())
    y = 2.0 + trend + season + media + rng.normal(0.0, 0.25, n)
    frame = pd.DataFrame({"date": dates, **spend, "y": y})
    truth = _truth(spend, contribution)
    truth["holidays"] = []
    truth["source"] = "PyMC example process widened to more channels (timing benchmark)"
    return frame, truth


def simmmulator(seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """siMMMulator's process with its demo parameters (104 weeks, 3 channels)."""
    rng = np.random.default_rng(seed)
    weeks = np.arange(1, 105)
    n = len(weeks)
    base_p, trend_p = 10000.0, 0.5
    baseline = (base_p + trend_p / n * base_p * weeks
                + rng.normal(100.0, 500.0) * 2.0 * np.sin(weeks * 3.14 / 26)
                + rng.normal(0.0, 100.0, n))
    total = np.maximum(rng.normal(329000.0, 100000.0, n), 0.0)
    fb = rng.uniform(0.45, 0.55, n)
    tv = rng.uniform(0.10, 0.15, n)
    shares = np.column_stack([fb, tv, 1 - fb - tv])
    channels = ["facebook", "tv", "search"]
    spend = {ch: total * shares[:, j] for j, ch in enumerate(channels)}
    cost = {"facebook": (2.0, 1.0, 0.01, 1000.0), "tv": (20.0, 0.05, 0.15, 1000.0),
            "search": (0.25, 0.01, 0.01, 1.0)}
    units = {}
    for ch in channels:
        true, mean, sd, per = cost[ch]
        noisy = true + rng.normal(mean, sd, n)
        units[ch] = spend[ch] / noisy * per
    decay = {"facebook": 0.1, "tv": 0.2, "search": 0.3}
    gamma = {"facebook": 0.1, "tv": 0.2, "search": 0.3}
    cvr_true = {"facebook": 0.001, "tv": 0.002, "search": 0.003}
    cvr_noise = {"facebook": (0.0, 0.001), "tv": (0.0001, 0.002), "search": (0.0002, 0.003)}
    cvr = {}
    for ch in channels:
        mean, sd = cvr_noise[ch]
        lo = (-cvr_true[ch] - mean) / sd
        cvr[ch] = cvr_true[ch] + truncnorm.rvs(lo, np.inf, loc=mean, scale=sd, size=n,
                                               random_state=rng)
    unit_cost = {ch: spend[ch] / units[ch] for ch in channels}

    def contribution(ch: str, x: np.ndarray) -> np.ndarray:
        u = x / unit_cost[ch]
        a = lfilter([1.0], [1.0, -decay[ch]], u)
        lo, hi = a.min(), a.max()
        k = np.quantile(np.linspace(lo, hi, 100), gamma[ch])
        # the half-saturation point is fixed by the observed adstock range
        k = contribution.k.setdefault(ch, k)  # type: ignore[attr-defined]
        return cvr[ch] * a * a ** 2 / (a ** 2 + k ** 2)

    contribution.k = {}  # type: ignore[attr-defined]
    media = sum(contribution(ch, spend[ch]) for ch in channels)
    y = baseline + media
    frame = pd.DataFrame({"date": pd.date_range("2017-01-02", periods=n, freq="W-MON"),
                          **spend, "y": y})
    truth = _truth(spend, contribution)
    truth["holidays"] = []
    truth["source"] = "siMMMulator (facebookexperimental), demo parameters, re-implemented"
    return frame, truth


def _truth(spend: dict[str, np.ndarray], contribution) -> dict:
    out: dict = {"roas": {}, "mroas": {}, "contribution": {}, "spend": {}}
    for ch, x in spend.items():
        c = float(contribution(ch, x).sum())
        up = float(contribution(ch, x * 1.01).sum())
        out["roas"][ch] = c / float(x.sum())
        out["mroas"][ch] = (up - c) / (0.01 * float(x.sum()))
        out["contribution"][ch] = c
        out["spend"][ch] = float(x.sum())
    return out
