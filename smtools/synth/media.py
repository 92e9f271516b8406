"""The true media response: geometric adstock, Hill saturation, contributions, ROAS.

The synthetic outcome is an *additive* model, so each channel's contribution
is exact and known:

.. math::

    \\text{contribution}_{c,t} = \\beta_c \\cdot
        \\operatorname{hill}\\big(\\operatorname{adstock}_c(\\text{spend}_c)_t;
        K_c, S_c\\big)

with

* geometric adstock, in **days**: ``a_t = x_t + θ · a_{t-1}``, ``a_{-1} = 0``
  (not normalised: one unit spent today carries ``θ**k`` units ``k`` days
  later, ``1 / (1 - θ)`` in total);
* Hill saturation ``hill(a) = a**S / (a**S + K**S)``, between 0 and 1, half
  of ``β`` reached when the adstocked daily spend equals ``K``;
* ``spend_c`` the daily sum of the ``spend`` column of the performance table
  for channel ``c``, over the 730 days of the history.

A channel's true ROAS is its total contribution over the history divided by
its total spend; ``β_c`` is solved so that it equals the drawn target.

Examples
--------
>>> geometric_adstock(np.array([100.0, 0.0, 0.0]), 0.5)
array([100.,  50.,  25.])
>>> float(hill(np.array([2.0]), 2.0, 1.5)[0])
0.5
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

from smtools.synth.profiles import Profile

__all__ = [
    "ADSTOCK_DOC",
    "CONTRIBUTION_DOC",
    "HILL_DOC",
    "MARGINAL_ROAS_DOC",
    "ChannelEffect",
    "channel_contribution",
    "draw_effects",
    "geometric_adstock",
    "hill",
    "marginal_roas",
    "media_truth",
]

ADSTOCK_DOC = ("geometric, unit = day: a_t = x_t + decay * a_(t-1), a_(-1) = 0, "
               "not normalised (a unit of spend carries 1 / (1 - decay) units in total)")
HILL_DOC = "hill(a) = a**shape / (a**shape + half_saturation**shape)"
CONTRIBUTION_DOC = (
    "additive: contribution_c,t = beta_c * hill(adstock(spend_c))_t, where spend_c is the "
    "daily sum of performance.spend for channel c over the whole history; a channel's "
    "contribution is the sum of contribution_c,t over days; revenue_t = baseline_t + "
    "sum_c contribution_c,t, then multiplied by the noise factor")
MARGINAL_ROAS_DOC = (
    "(C_c(1.01 * spend_c) - C_c(spend_c)) / (0.01 * sum_t spend_c,t), where C_c(x) is the "
    "channel's total contribution over the history when its daily spend series is x: the "
    "extra revenue per extra unit of money when every day's spend is raised by 1 %")


def geometric_adstock(spend: np.ndarray, decay: float, *, normalize: bool = False
                      ) -> np.ndarray:
    """Geometric adstock (carry-over) of a daily spend series.

    ``a_t = x_t + decay · a_{t-1}`` with ``a_{-1} = 0``; the unit of time is
    one day, so ``decay`` is the share of today's adstock still there tomorrow.

    Parameters
    ----------
    spend : ndarray
        Daily spend, time along the first axis.
    decay : float
        Retention per day, ``0 <= decay < 1``.
    normalize : bool
        Multiply by ``1 - decay`` so that the weights sum to 1 (the synthetic
        data uses ``False``).

    Returns
    -------
    ndarray
        Same shape as ``spend``.

    Examples
    --------
    >>> geometric_adstock(np.array([10.0, 10.0, 0.0]), 0.3)
    array([10. , 13. ,  3.9])
    >>> geometric_adstock(np.array([10.0, 0.0]), 0.5, normalize=True)
    array([5. , 2.5])
    """
    if not 0.0 <= decay < 1.0:
        raise ValueError(f"decay={decay} must be in [0, 1): it is the share carried to the "
                         "next day")
    out = lfilter([1.0], [1.0, -decay], np.asarray(spend, dtype=float), axis=0)
    return out * (1.0 - decay) if normalize else out


def hill(x: np.ndarray, half_saturation: float, shape: float) -> np.ndarray:
    """Hill saturation ``x**S / (x**S + K**S)``, 0 at 0, 0.5 at ``K``, towards 1.

    Parameters
    ----------
    x : ndarray
        Non-negative input (adstocked spend).
    half_saturation : float
        ``K > 0``, the input giving half the maximum.
    shape : float
        ``S > 0``; above 1 the curve is S-shaped, at or below 1 concave.

    Returns
    -------
    ndarray
        Values in ``[0, 1)``.

    Examples
    --------
    >>> hill(np.array([0.0, 1.0, 3.0]), 1.0, 2.0)
    array([0. , 0.5, 0.9])
    """
    x = np.asarray(x, dtype=float)
    if half_saturation <= 0 or shape <= 0:
        raise ValueError("half_saturation and shape must be positive")
    with np.errstate(over="ignore"):  # a long-faded adstock gives (K / x) ** S = inf -> 0
        ratio = np.divide(half_saturation, x, out=np.full_like(x, np.inf), where=x > 0)
        return 1.0 / (1.0 + ratio ** shape)


def channel_contribution(spend: np.ndarray, *, decay: float, half_saturation: float,
                         shape: float, beta: float) -> np.ndarray:
    """Daily contribution ``β · hill(adstock(spend))`` of one channel.

    Examples
    --------
    >>> channel_contribution(np.array([1.0, 0.0]), decay=0.0, half_saturation=1.0,
    ...                      shape=1.0, beta=10.0)
    array([5., 0.])
    """
    return beta * hill(geometric_adstock(spend, decay), half_saturation, shape)


def marginal_roas(spend: np.ndarray, *, decay: float, half_saturation: float, shape: float,
                  beta: float, step: float = 0.01) -> float:
    """Marginal ROAS at the actual spend level.

    Defined as ``(C(1.01·x) - C(x)) / (0.01 · Σ_t x_t)`` where ``C(x)`` is the
    total contribution over the history of the daily spend series ``x``: the
    revenue each extra unit of money brings when every day's spend is raised
    by 1 % (``step``). Below the average ROAS when the channel is saturated,
    above it on the steep part of an S-curve.

    Examples
    --------
    >>> x = np.full(10, 1.0)
    >>> round(marginal_roas(x, decay=0.0, half_saturation=1.0, shape=1.0, beta=4.0), 3)
    0.995
    """
    kw = {"decay": decay, "half_saturation": half_saturation, "shape": shape, "beta": beta}
    x = np.asarray(spend, dtype=float)
    gain = channel_contribution(x * (1 + step), **kw).sum() - channel_contribution(x, **kw).sum()
    return float(gain / (step * x.sum()))


@dataclass(frozen=True)
class ChannelEffect:
    """The true effect parameters of one channel."""

    channel: str
    decay: float
    half_saturation: float
    shape: float
    beta: float

    def contribution(self, spend: np.ndarray) -> np.ndarray:
        """Daily contribution of the daily spend series ``spend``."""
        return channel_contribution(spend, decay=self.decay,
                                    half_saturation=self.half_saturation, shape=self.shape,
                                    beta=self.beta)


def draw_effects(profile: Profile, daily: np.ndarray, rng: np.random.Generator
                 ) -> list[ChannelEffect]:
    """Draw each channel's decay, K, S and ROAS target and solve its β.

    ``K`` is 0.6–1.6 times the channel's mean adstocked daily spend, ``S`` and
    the decay are drawn in the profile's ranges, and ``β`` is set so that the
    channel's true ROAS over the history equals a target drawn in the
    profile's range.

    Examples
    --------
    >>> from smtools.synth.profiles import profile_for
    >>> p = profile_for("bistro-lumiere")
    >>> eff = draw_effects(p, np.ones((730, 3)), np.random.default_rng(0))
    >>> [e.channel for e in eff]
    ['facebook', 'instagram', 'google_search']
    """
    out = []
    for j, pc in enumerate(profile.paid):
        x = daily[:, j]
        decay = round(float(rng.uniform(*pc.decay)), 3)
        shape = round(float(rng.uniform(*pc.shape)), 3)
        ratio = float(rng.uniform(0.6, 1.6))
        k = round(float(geometric_adstock(x, decay).mean() * ratio), 2)
        target = round(float(rng.uniform(*pc.roas)), 3)
        unit = hill(geometric_adstock(x, decay), k, shape).sum()
        out.append(ChannelEffect(pc.channel, decay, k, shape, float(target * x.sum() / unit)))
    return out


def media_truth(effects: list[ChannelEffect], daily: np.ndarray, window: np.ndarray
                ) -> tuple[dict, np.ndarray]:
    """Per-channel truth and the daily contributions (730 × channels).

    For each channel: ``decay``, ``half_saturation`` (K), ``shape`` (S),
    ``beta``, ``spend`` and ``contribution`` over the history, ``roas``
    (= contribution / spend), ``marginal_roas`` (see :func:`marginal_roas`),
    ``mean_adstock``, and over the brief's campaign window:
    ``campaign_spend``, ``campaign_contribution`` (contributions on the
    window's days, carry-over from earlier spend included), ``campaign_roas``
    (their ratio) and ``campaign_incremental_roas`` (total contribution lost
    over the whole history if the window's spend were zero, divided by the
    window's spend: carry-over after the window included).

    Examples
    --------
    >>> eff = [ChannelEffect("x", 0.5, 10.0, 1.0, 100.0)]
    >>> truth, contrib = media_truth(eff, np.full((730, 1), 10.0), np.arange(730) > 700)
    >>> bool(round(truth["x"]["roas"], 3) == round(contrib.sum() / 7300, 3))
    True
    """
    contrib = np.column_stack([e.contribution(daily[:, j]) for j, e in enumerate(effects)])
    out = {}
    for j, e in enumerate(effects):
        x = daily[:, j]
        total = float(contrib[:, j].sum())
        spend = float(x.sum())
        w_spend = float(x[window].sum())
        w_contrib = float(contrib[window, j].sum())
        lost = total - float(e.contribution(np.where(window, 0.0, x)).sum())
        out[e.channel] = {
            "decay": e.decay,
            "half_saturation": e.half_saturation,
            "shape": e.shape,
            "beta": e.beta,
            "mean_adstock": float(geometric_adstock(x, e.decay).mean()),
            "spend": spend,
            "contribution": total,
            "roas": total / spend,
            "marginal_roas": marginal_roas(x, decay=e.decay, half_saturation=e.half_saturation,
                                           shape=e.shape, beta=e.beta),
            "campaign_spend": w_spend,
            "campaign_contribution": w_contrib,
            "campaign_roas": w_contrib / w_spend if w_spend else 0.0,
            "campaign_incremental_roas": lost / w_spend if w_spend else 0.0,
        }
    return out, contrib
