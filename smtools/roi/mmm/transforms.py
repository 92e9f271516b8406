"""Adstock (carry-over) and saturation (diminishing returns) as small named classes.

Each transformation is a stateless object with the names, bounds and prior of
its hyperparameters and a vectorised ``apply``: time runs along the first axis
and channels along the second, one hyperparameter value per channel.

Adstock weights are **normalised** (they sum to 1): spending one unit spreads
one unit of "adstocked spend" over the following periods, so a steady spend
``x`` per period has a steady adstock ``x``. That keeps the saturation's
half-saturation point in money per period whatever the decay, and makes the
response curve of a steady spend simply ``beta · saturation(x)``.

=====================  ==========================================================
``GeometricAdstock``   ``a_t = (1 - d) · Σ_l d**l · x_(t-l)``, ``0 <= d < 1``
``WeibullAdstock``     ``a_t = Σ_l w_l · x_(t-l)``, ``w_l ∝ S(l) - S(l + 1)``
                       with ``S(u) = exp(-(u / scale)**shape)`` (a Weibull delay)
``HillSaturation``     ``s(a) = a**S / (a**S + K**S)``, 0.5 at ``a = K``
``LogisticSaturation`` ``s(a) = (1 - exp(-lam · a / ref)) / (1 + exp(-lam · a / ref))``
=====================  ==========================================================

Examples
--------
>>> import numpy as np
>>> GeometricAdstock().apply(np.array([[100.0], [0.0], [0.0]]), {"decay": np.array([0.5])})
array([[50. ],
       [25. ],
       [12.5]])
>>> HillSaturation().apply(np.array([[2.0]]), {"half_saturation": np.array([2.0]),
...                                           "shape": np.array([1.5])})
array([[0.5]])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

__all__ = [
    "ADSTOCKS",
    "SATURATIONS",
    "Adstock",
    "GeometricAdstock",
    "HillSaturation",
    "Hyperparameter",
    "LogisticSaturation",
    "Saturation",
    "WeibullAdstock",
    "adstock_for",
    "saturation_for",
]


@dataclass(frozen=True)
class Hyperparameter:
    """One hyperparameter: its search bounds, search scale and (optional) prior.

    ``low`` and ``high`` are in natural units; a ``relative`` bound is a
    multiple of the channel's reference spend (its mean spend per period over
    the periods it spent). ``log=True`` searches ``log(value)``. The prior is
    normal on the search scale with centre ``prior_mean`` (natural units) and
    standard deviation ``prior_sd`` (search units); ``prior_sd=None`` means flat.
    """

    name: str
    low: float
    high: float
    log: bool = False
    relative: bool = False
    prior_mean: float | None = None
    prior_sd: float | None = None


class Adstock:
    """Base class of the carry-over transformations."""

    name: str = ""
    hyperparameters: tuple[Hyperparameter, ...] = ()

    def weights(self, params: dict[str, np.ndarray], n_lags: int) -> np.ndarray:
        """Lag weights, shape ``(n_lags, n_channels)``, each column summing to (about) 1."""
        raise NotImplementedError

    def apply(self, x: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        """Adstocked spend, same shape as ``x`` (periods × channels)."""
        raise NotImplementedError

    def carryover(self, params: dict[str, np.ndarray], share: float = 0.9) -> np.ndarray:
        """Periods needed for ``share`` of one period's effect to have happened, per channel.

        Examples
        --------
        >>> GeometricAdstock().carryover({"decay": np.array([0.0, 0.5])})
        array([1, 4])
        """
        w = self.weights(params, 520)
        cum = np.cumsum(w, axis=0) / np.maximum(w.sum(axis=0), 1e-300)
        return (np.argmax(cum >= share - 1e-12, axis=0) + 1).astype(int)


class GeometricAdstock(Adstock):
    """Geometric (exponential) carry-over, normalised: ``a_t = (1 - d) x_t + d a_(t-1)``.

    ``decay`` is the share of the effect left after one period. The search
    bound ``decay <= 0.5 ** (1 / 8)`` per period caps the half-life at 8
    periods (two months of weeks); for daily data the model rescales it to
    8 weeks of days. The prior is flat.

    Examples
    --------
    >>> GeometricAdstock().weights({"decay": np.array([0.5])}, 3).ravel()
    array([0.5  , 0.25 , 0.125])
    """

    name = "geometric"
    hyperparameters = (Hyperparameter("decay", 0.0, 0.5 ** (1 / 8)),)

    def weights(self, params: dict[str, np.ndarray], n_lags: int) -> np.ndarray:
        d = np.asarray(params["decay"], dtype=float)
        lags = np.arange(n_lags)[:, None]
        return (1.0 - d) * d ** lags

    def apply(self, x: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        d = np.atleast_1d(np.asarray(params["decay"], dtype=float))
        out = np.empty_like(x)
        for j in range(x.shape[1]):
            out[:, j] = lfilter([1.0 - d[j]], [1.0, -d[j]], x[:, j])
        return out


class WeibullAdstock(Adstock):
    """Carry-over with a Weibull-distributed delay: the effect can peak after the spend.

    The weight of lag ``l`` is the probability that a Weibull(``shape``,
    ``scale``) delay falls in ``[l, l + 1)``: ``S(l) - S(l + 1)`` with
    ``S(u) = exp(-(u / scale) ** shape)``, truncated at ``max_lag`` periods
    and renormalised. ``shape < 1`` front-loads the effect, ``shape > 1``
    delays its peak; ``scale`` (in periods) stretches it. Flat priors.

    Parameters
    ----------
    max_lag : int
        Longest carry-over, in periods (13 = a quarter of weeks).

    Examples
    --------
    >>> w = WeibullAdstock(max_lag=4).weights({"shape": np.array([1.0]),
    ...                                        "scale": np.array([1.0])}, 4).ravel()
    >>> np.round(w, 3)
    array([0.644, 0.237, 0.087, 0.032])
    """

    name = "weibull"
    hyperparameters = (Hyperparameter("shape", 0.3, 4.0, log=True),
                       Hyperparameter("scale", 0.1, 8.0, log=True))

    def __init__(self, max_lag: int = 13) -> None:
        self.max_lag = int(max_lag)

    def weights(self, params: dict[str, np.ndarray], n_lags: int) -> np.ndarray:
        k = np.asarray(params["shape"], dtype=float)
        lam = np.asarray(params["scale"], dtype=float)
        n = min(n_lags, self.max_lag)
        u = np.arange(n + 1, dtype=float)[:, None]
        surv = np.exp(-(u / lam) ** k)
        w = surv[:-1] - surv[1:]
        w = w / np.maximum(w.sum(axis=0), 1e-300)
        if n_lags > n:
            w = np.vstack([w, np.zeros((n_lags - n, w.shape[1]))])
        return w

    def apply(self, x: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        w = self.weights(params, min(self.max_lag, len(x)))
        out = np.empty_like(x)
        for j in range(x.shape[1]):
            out[:, j] = lfilter(w[:, j], [1.0], x[:, j])
        return out


class Saturation:
    """Base class of the diminishing-returns transformations (0 at 0, below 1)."""

    name: str = ""
    hyperparameters: tuple[Hyperparameter, ...] = ()

    def apply(self, a: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        """Saturated values in ``[0, 1)``, same shape as ``a``."""
        raise NotImplementedError

    def derivative(self, a: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        """``d s / d a``, same shape as ``a`` (numerical, central differences)."""
        a = np.asarray(a, dtype=float)
        h = np.maximum(np.abs(a) * 1e-5, 1e-9)
        return (self.apply(a + h, params) - self.apply(np.maximum(a - h, 0.0), params)) / (
            a + h - np.maximum(a - h, 0.0))


class HillSaturation(Saturation):
    """Hill curve ``a**S / (a**S + K**S)``: half of the maximum at ``a = K``.

    ``half_saturation`` (K) is searched between 0.05 and 20 times the
    channel's reference spend (mean spend per period when it spends) on a log
    scale, with a weak normal prior on ``log(K / ref)`` centred at 0 with sd
    1.5 (K within a factor 20 of the usual spend with 95 % prior probability):
    without it, K and the coefficient trade off freely when a channel never
    came near saturation. ``shape`` (S) is searched in [0.5, 3] on a log scale
    with a prior centred at 1 (sd 0.5 on the log scale): S > 1 gives an
    S-curve, S <= 1 a concave curve.

    Examples
    --------
    >>> HillSaturation().apply(np.array([[0.0], [1.0], [3.0]]),
    ...                        {"half_saturation": np.array([1.0]), "shape": np.array([2.0])})
    array([[0. ],
           [0.5],
           [0.9]])
    """

    name = "hill"
    hyperparameters = (
        Hyperparameter("half_saturation", 0.05, 20.0, log=True, relative=True,
                       prior_mean=1.0, prior_sd=1.5),
        Hyperparameter("shape", 0.5, 3.0, log=True, prior_mean=1.0, prior_sd=0.5),
    )

    def apply(self, a: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        a = np.maximum(np.asarray(a, dtype=float), 0.0)
        k = np.asarray(params["half_saturation"], dtype=float)
        s = np.asarray(params["shape"], dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            r = (k / a) ** s
        return np.where(a > 0, 1.0 / (1.0 + r), 0.0)

    def derivative(self, a: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        a = np.maximum(np.asarray(a, dtype=float), 0.0)
        k = np.asarray(params["half_saturation"], dtype=float)
        s = np.asarray(params["shape"], dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            r = (k / a) ** s
            d = s * r / (a * (1.0 + r) ** 2)
        limit = np.where(s < 1, np.inf, np.where(s == 1, 1.0 / k, 0.0))
        return np.where(a > 0, np.nan_to_num(d, nan=0.0, posinf=np.inf), limit)


class LogisticSaturation(Saturation):
    """Logistic curve ``(1 - exp(-lam · a / ref)) / (1 + exp(-lam · a / ref))``.

    Concave everywhere, half of the maximum at ``a = 1.0986 · ref / lam``.
    ``ref`` is the channel's reference spend (set by the model); ``lam`` is
    searched in [0.05, 20] on a log scale with a weak prior centred at 1
    (sd 1.5 on the log scale), for the same reason as Hill's K.

    Examples
    --------
    >>> LogisticSaturation().apply(np.array([[0.0], [1.0]]),
    ...                            {"lam": np.array([np.log(3.0)]), "ref": np.array([1.0])})
    array([[0. ],
           [0.5]])
    """

    name = "logistic"
    hyperparameters = (Hyperparameter("lam", 0.05, 20.0, log=True, prior_mean=1.0,
                                      prior_sd=1.5),)

    def apply(self, a: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        a = np.maximum(np.asarray(a, dtype=float), 0.0)
        z = np.asarray(params["lam"], dtype=float) * a / np.asarray(params["ref"], dtype=float)
        return np.tanh(z / 2.0)

    def derivative(self, a: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
        a = np.maximum(np.asarray(a, dtype=float), 0.0)
        c = np.asarray(params["lam"], dtype=float) / np.asarray(params["ref"], dtype=float)
        return c / 2.0 / np.cosh(c * a / 2.0) ** 2


ADSTOCKS: dict[str, type[Adstock]] = {"geometric": GeometricAdstock, "weibull": WeibullAdstock}
SATURATIONS: dict[str, type[Saturation]] = {"hill": HillSaturation,
                                            "logistic": LogisticSaturation}


def adstock_for(name: str | Adstock, *, max_lag: int = 13) -> Adstock:
    """The adstock named ``name`` (``"geometric"`` or ``"weibull"``), or ``name`` itself.

    Examples
    --------
    >>> adstock_for("weibull", max_lag=8).max_lag
    8
    """
    from smtools.errors import DataError

    if isinstance(name, Adstock):
        return name
    if name == "weibull":
        return WeibullAdstock(max_lag=max_lag)
    if name == "geometric":
        return GeometricAdstock()
    raise DataError(f"adstock={name!r} is not an adstock", column="adstock",
                    hint="use 'geometric' or 'weibull'")


def saturation_for(name: str | Saturation) -> Saturation:
    """The saturation named ``name`` (``"hill"`` or ``"logistic"``), or ``name`` itself.

    Examples
    --------
    >>> saturation_for("hill").name
    'hill'
    """
    from smtools.errors import DataError

    if isinstance(name, Saturation):
        return name
    if name in SATURATIONS:
        return SATURATIONS[name]()
    raise DataError(f"saturation={name!r} is not a saturation", column="saturation",
                    hint="use 'hill' or 'logistic'")
