"""The marketing-mix model: ``MMM(...).fit(frame, target=..., media=[...])``.

Model (one row per period ``t``, one channel ``c`` per spend column)::

    y_t = b0 + b1 · trend_t + Fourier_t · γ + holidays_t · η + controls_t · δ
          + Σ_c β_c · s_c(a_c(x_c))_t + e_t,            β_c >= 0

``a_c`` is a normalised adstock (geometric or Weibull) and ``s_c`` a saturation
(Hill or logistic), see :mod:`smtools.roi.mmm.transforms`. Yearly Fourier
terms always (``yearly_seasonality`` harmonics), weekly ones too for daily data.

With ``baseline="multiplicative"`` the same terms multiply instead of adding::

    y_t = exp(b0 + b1 · trend_t + Fourier_t · γ + holidays_t · η + controls_t · δ)
          + Σ_c β_c · s_c(a_c(x_c))_t + e_t

that is a level × exponential growth × a weekly pattern whose amplitude
follows the season × holiday uplifts in proportion to the day's level (a
very common shape of sales), media still adding to it. It is fitted by
Gauss–Newton on the baseline (:func:`smtools.roi.mmm._engine.search_multiplicative`):
each iteration linearises ``exp(Z·θ)`` around the current ``θ``, which gives
a design ``exp(Z·θ) ⊙ Z`` that the additive machinery below solves exactly
(hyperparameters included), until the baseline moves by less than 10⁻⁵. The
rolling-origin CV and the bootstrap refit that linearised model; the holdout
refits the shape. If the iterations do not converge — the baseline collapses
toward zero when the data cannot tell the level from an always-on or
saturated channel — the additive model is fitted instead and
``diagnostics_`` says so. ``coef_`` then holds the baseline on the log scale
(``exp(coef)`` is a multiplier; ``exp(intercept)`` the level).

Which to use: on the demo clients of :mod:`smtools.synth`, whose baselines
*are* multiplicative, the multiplicative form fits better (lower residual
error) but does not estimate ROAS better (seeds 0–4, daily: 23 of 45
channels within 10 % either way, with larger misses for the multiplicative
form; ``benchmarks/bench_mmm.py`` has the tables): the error there is
dominated by the adstock and saturation curves, which the noise leaves
uncertain, not by the baseline. The additive form stays the default.

Estimation (see :mod:`smtools.roi.mmm._engine`): for fixed hyperparameters the
coefficients solve a ridge least-squares problem with non-negative media
coefficients (exactly: QR projection of the baseline + NNLS); the
hyperparameters minimise the residual sum of squares divided by the noise
variance plus weak normal priors (``transforms`` documents them), over a
scrambled Sobol sample then trust-region least squares from the best points.
With ``cv="rolling"`` the criterion also includes rolling-origin out-of-fold
errors. Rolling-origin CV and a holdout of the last periods are always
reported in ``diagnostics_``.

Quantities (over the fitted periods):

* contribution of a channel = ``Σ_t β_c s_c(a_c(x_c))_t``;
* ROAS = contribution ÷ the channel's spend over the same periods;
* marginal ROAS = ``(C_c(1.01 x_c) − C_c(x_c)) / (0.01 Σ_t x_c,t)``: the extra
  contribution of a 1 % spend increase in every period ÷ that extra spend —
  the definition ``smtools.synth.media.MARGINAL_ROAS_DOC`` uses for the truth.

Uncertainty: circular block bootstrap of the residuals with refitted
hyperparameters (:mod:`smtools.roi.mmm.bootstrap`); ``roas_`` and ``mroas_``
hold the estimate (``mean``: the model fitted to the data) and the percentile
interval of the bootstrap draws (``low``, ``high``).

Search space and priors (``u`` ∈ [0, 1] per hyperparameter and channel,
mapped to the bounds; priors are normal on the search scale and enter the
criterion as ``((g(value) - g(centre)) / sd)²``):

=================  ================================  =======================
hyperparameter     bounds                            prior
=================  ================================  =======================
geometric decay    0 … 0.5^(1/8) per week            flat
                   (half-life ≤ 8 weeks; daily: 56 days)
Weibull shape      0.3 … 4 (log scale)               flat
Weibull scale      0.1 … 8 weeks (log scale)         flat
Hill K             0.05 … 20 × ref (log scale)       log K/ref ~ N(0, 1.5²)
Hill S             0.5 … 3 (log scale)               log S ~ N(0, 0.5²)
logistic λ         0.05 … 20 (log scale)             log λ ~ N(0, 1.5²)
=================  ================================  =======================

``ref`` is the channel's mean spend over the periods it spent. Why: the
likelihood barely tells the saturation point from the coefficient when a
channel never came near saturation or zero; weak priors centred on "half
saturated at the usual spend" and "no S-curve unless the data ask for one"
keep those flat directions from wandering to absurd curves, and are wide
enough (95 % of K within a factor 20 of the usual spend) to let the data
speak. ``prior_scale`` widens or narrows them all.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> n = 80
>>> tv = rng.gamma(2.0, 500.0, n) * (rng.uniform(size=n) > 0.3)
>>> search = rng.gamma(3.0, 300.0, n)
>>> y = 5000 + 1.5 * tv * 0.8 + 2.0 * search + rng.normal(0, 150, n)
>>> frame = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
...                       "tv": tv, "search": search, "sales": y})
>>> mmm = MMM(yearly_seasonality=0, n_bootstrap=0).fit(frame, target="sales",
...                                                   media=["tv", "search"])
>>> mmm.roas_.columns.tolist()
['mean', 'low', 'high']
>>> bool(mmm.diagnostics_.to_frame().loc["in-sample", "r2"] > 0.9)
True
"""

from __future__ import annotations

import html
import json
import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smtools.errors import DataError
from smtools.roi.mmm import bootstrap as boot
from smtools.roi.mmm._design import (
    PERIOD_DAYS,
    Baseline,
    Inputs,
    baseline_design,
    holiday_columns,
    read_inputs,
)
from smtools.roi.mmm._engine import (
    Calibration,
    Engine,
    Fit,
    log_step,
    rolling_folds,
    search_multiplicative,
)
from smtools.roi.mmm._threads import single_threaded_blas
from smtools.roi.mmm.calibration import lift_rows, normalise_lifts
from smtools.roi.mmm.curves import MONEY_TARGETS, ResponseCurves
from smtools.roi.mmm.results import (
    Diagnostics,
    fit_metrics,
    plot_contributions,
    plot_roas,
    plot_waterfall,
)
from smtools.roi.mmm.transforms import adstock_for, saturation_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MMM"]

#: Version of the JSON layout written by :meth:`MMM.save`.
FORMAT_VERSION = 1
_PARAMS = ("adstock", "saturation", "baseline", "trend", "yearly_seasonality", "weekly_seasonality",
           "ridge", "cv", "cv_folds", "holdout", "n_bootstrap", "block_length", "level",
           "max_lag", "prior_scale", "n_starts", "n_jobs", "random_state")


class MMM:
    """Marketing-mix model with adstock, saturation and a bootstrap, in scikit-learn style.

    Parameters
    ----------
    adstock : {"geometric", "weibull"}
        Carry-over shape (normalised weights).
    saturation : {"hill", "logistic"}
        Diminishing-returns shape.
    baseline : {"additive", "multiplicative"}
        How the baseline's parts combine: a sum (``b0 + b1·t + …``) or a
        product, ``exp(b0 + b1·t + …)``: exponential growth, a weekly pattern
        and holiday uplifts proportional to the level of the season (see the
        module docstring). Media effects add to the baseline either way.
    trend : bool
        Include a linear trend (exponential growth when multiplicative).
    yearly_seasonality : int
        Yearly Fourier harmonics (0 for none; needs about a year of data or more).
    weekly_seasonality : int
        Weekly Fourier harmonics for daily data (3 = a free day-of-week pattern).
    ridge : float
        Ridge safeguard on the standardised baseline coefficients (penalty
        ``ridge · n``); media coefficients are never shrunk.
    cv : {None, "rolling"}
        ``None``: hyperparameters minimise the penalised in-sample criterion;
        ``"rolling"``: the criterion adds rolling-origin out-of-fold errors.
    cv_folds : int
        Rolling-origin folds (each scores the next tenth of the periods).
    holdout : int, optional
        Final periods held out for the holdout diagnostics (default: a tenth,
        at least 4); 0 to skip.
    n_bootstrap : int
        Bootstrap draws for the intervals (0: none, intervals are NaN).
    block_length : int, optional
        Bootstrap block length in periods (default: see
        :func:`smtools.roi.mmm.bootstrap.block_length`).
    level : float
        Confidence level of the intervals.
    max_lag : int, optional
        Longest Weibull carry-over in periods (default 13 weeks or 91 days).
    prior_scale : float
        Multiplies the prior standard deviations (larger: weaker priors).
    n_starts : int, optional
        Sobol points of the global search (default ``max(128, 16 · dimension)``).
    n_jobs : int
        Processes for the bootstrap (``-1``: all cores).
    random_state : int
        Seed of the search and the bootstrap.

    Attributes
    ----------
    channels_ : list of str
    target_ : str
    freq_ : str
        ``"W"`` or ``"D"``.
    hyperparameters_ : DataFrame
        Per channel: the adstock and saturation hyperparameters
        (``half_saturation`` in money per period) and ``beta`` (contribution
        per period at full saturation, target units).
    coef_ : Series
        Baseline coefficients and ``beta`` per channel, in target units (the
        baseline's on the log scale when it is multiplicative).
    roas_, mroas_ : DataFrame
        Indexed by channel; columns ``mean``, ``low``, ``high``.
    diagnostics_ : Diagnostics
    search_ : dict
        The hyperparameter search: ``objective`` (final criterion),
        ``evaluations``, ``seconds``, ``converged``, ``message``,
        ``local_objectives`` (criterion at the end of each local search, on the
        global stage's noise scale), ``noise_sd``, ``criterion`` and
        ``baseline`` (the form fitted); with ``baseline="multiplicative"``
        also ``baseline_iterations`` and ``baseline_converged`` (Gauss–Newton).
    bootstrap_ : dict
        Draws, block length, seconds, failed refits.
    """

    def __init__(
        self,
        adstock: str = "geometric",
        saturation: str = "hill",
        *,
        baseline: str = "additive",
        trend: bool = True,
        yearly_seasonality: int = 2,
        weekly_seasonality: int = 3,
        ridge: float = 1e-4,
        cv: str | None = None,
        cv_folds: int = 3,
        holdout: int | None = None,
        n_bootstrap: int = 200,
        block_length: int | None = None,
        level: float = 0.9,
        max_lag: int | None = None,
        prior_scale: float = 1.0,
        n_starts: int | None = None,
        n_jobs: int = 1,
        random_state: int = 0,
    ) -> None:
        self.adstock = adstock
        self.saturation = saturation
        self.baseline = baseline
        self.trend = trend
        self.yearly_seasonality = yearly_seasonality
        self.weekly_seasonality = weekly_seasonality
        self.ridge = ridge
        self.cv = cv
        self.cv_folds = cv_folds
        self.holdout = holdout
        self.n_bootstrap = n_bootstrap
        self.block_length = block_length
        self.level = level
        self.max_lag = max_lag
        self.prior_scale = prior_scale
        self.n_starts = n_starts
        self.n_jobs = n_jobs
        self.random_state = random_state

    # ------------------------------------------------------------------ sklearn-style
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor options.

        Examples
        --------
        >>> MMM(saturation="logistic").get_params()["saturation"]
        'logistic'
        """
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params: Any) -> MMM:
        """Set constructor options (unknown names raise :class:`DataError`)."""
        for name, value in params.items():
            if name not in _PARAMS:
                raise DataError(f"MMM has no option {name!r}", column=name,
                                hint=f"use one of {', '.join(_PARAMS)}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        return f"MMM(adstock={self.adstock!r}, saturation={self.saturation!r})"

    def _check_options(self) -> None:
        def bad(name: str, hint: str) -> DataError:
            return DataError(f"{name}={getattr(self, name)!r} is not valid", column=name,
                             hint=hint)

        for name in ("yearly_seasonality", "weekly_seasonality", "n_bootstrap", "cv_folds"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
                raise bad(name, "use a whole number, 0 or more")
        if not 0 < float(self.level) < 1:
            raise bad("level", "use e.g. 0.9 for 90% intervals")
        if self.baseline not in ("additive", "multiplicative"):
            raise bad("baseline", "use 'additive' or 'multiplicative'")
        if self.cv not in (None, "none", "rolling"):
            raise bad("cv", "use None or 'rolling'")
        if not float(self.ridge) >= 0:
            raise bad("ridge", "use a small non-negative number such as 1e-4")
        if not float(self.prior_scale) > 0:
            raise bad("prior_scale", "use a positive number (1 = the documented priors)")
        if self.holdout is not None and (not isinstance(self.holdout, (int, np.integer))
                                         or self.holdout < 0):
            raise bad("holdout", "use a number of periods, or None for the default")

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        frame: pd.DataFrame,
        *,
        target: str | None = None,
        media: list[str] | None = None,
        controls: list[str] | tuple[str, ...] = (),
        date: str | None = None,
        holidays: Any = None,
        lifts: Any = None,
    ) -> MMM:
        """Fit the model to a wide weekly or daily frame.

        Parameters
        ----------
        frame : DataFrame
            One row per period: a date column (or a DatetimeIndex), one spend
            column per channel, the target and optional controls. A frame from
            :func:`smtools.roi.mmm.wide_frame` supplies ``target`` and ``media``.
        target : str
            The outcome column (revenue, orders…).
        media : list of str
            Spend columns, one per channel (never negative, not all zero).
        controls : list of str
            Other drivers of the outcome (price, distribution, weather…).
        date : str, optional
            The date column (default: the index or a ``date`` column).
        holidays : list of dates or DataFrame, optional
            Events: a list of dates (each its own effect) or a frame with
            ``date`` and ``name`` (same name, same effect).
        lifts : list of dict, optional
            Experiment results to calibrate with (see
            :mod:`smtools.roi.mmm.calibration`).

        Returns
        -------
        MMM
            ``self``, fitted.

        Raises
        ------
        DataError
            Bad input: missing columns, NaNs, negative spend, a channel that
            never spent, too few periods for the number of parameters…

        Examples
        --------
        >>> from smtools.roi.mmm import example_frame
        >>> frame = example_frame()          # sales, tv/social/search spend, known truth
        >>> mmm = MMM(n_bootstrap=0).fit(frame, target="sales", media=["tv", "social", "search"])
        >>> mmm.channels_, mmm.freq_
        (['tv', 'social', 'search'], 'W')
        >>> sorted(mmm.hyperparameters_.columns)
        ['beta', 'decay', 'half_saturation', 'shape']
        """
        with single_threaded_blas():
            return self._fit(frame, target=target, media=media, controls=controls, date=date,
                             holidays=holidays, lifts=lifts)

    def _fit(self, frame: pd.DataFrame, *, target: str | None, media: list[str] | None,
             controls: list[str] | tuple[str, ...], date: str | None, holidays: Any,
             lifts: Any) -> MMM:
        t0 = time.perf_counter()
        self._check_options()
        attrs = getattr(frame, "attrs", {}) or {}
        target = target if target is not None else attrs.get("target")
        media = list(media) if media is not None else list(attrs.get("media") or [])
        if target is None:
            raise DataError("no target given", column="target",
                            hint="pass target='<outcome column>'")
        inputs = read_inputs(frame, target=target, media=media, controls=list(controls),
                             date=date)
        factor = PERIOD_DAYS["W"] // PERIOD_DAYS[inputs.freq]
        n, k = inputs.spend.shape
        span_days = float(max((inputs.dates[-1] - inputs.dates[0]).days, 1))
        if self.yearly_seasonality and n * PERIOD_DAYS[inputs.freq] < 364:
            raise DataError(f"{n} periods cover less than a year, too little for yearly "
                            "seasonality", column="yearly_seasonality",
                            hint="pass yearly_seasonality=0, or give at least a year of data")
        hol_names, hol_cols = holiday_columns(holidays, inputs.dates, inputs.freq)
        holiday_spec = _holiday_spec(holidays)
        base = baseline_design(inputs.dates, inputs.freq, trend=bool(self.trend),
                               yearly=int(self.yearly_seasonality),
                               weekly=int(self.weekly_seasonality),
                               holidays=(hol_names, hol_cols),
                               controls=(inputs.controls, inputs.control_values),
                               origin=inputs.dates[0], span_days=span_days)
        adstock = adstock_for(self.adstock, max_lag=int(self.max_lag or 13 * factor))
        saturation = saturation_for(self.saturation)
        n_hyper = len(adstock.hyperparameters) + len(saturation.hyperparameters)
        n_params = base.matrix.shape[1] + k * (1 + n_hyper)
        if n < 2 * n_params:
            raise DataError(f"{n} periods are too few for {n_params} parameters (the model "
                            f"needs at least {2 * n_params})", column="frame",
                            hint="give more history, drop channels, controls or holidays, or "
                            "lower yearly_seasonality")
        bounds = _bounds(adstock.name, factor)
        cal = lift_rows(lifts, dates=inputs.dates, freq=inputs.freq, channels=inputs.media,
                        target=inputs.target)
        horizon = max(1, round(0.1 * n))
        folds = rolling_folds(n, folds=int(self.cv_folds), horizon=horizon, min_train=n // 2)
        multiplicative = self.baseline == "multiplicative"
        if multiplicative and not inputs.y.mean() > 0:
            raise DataError("a multiplicative baseline needs a target that is positive on "
                            "average", column=inputs.target,
                            hint="pass baseline='additive' for a target that can be negative")

        def make(design: np.ndarray) -> Engine:
            return Engine(design, inputs.spend, adstock, saturation, ridge=float(self.ridge),
                          bounds=bounds, calibration=cal,
                          cv="rolling" if self.cv == "rolling" else "none", folds=folds,
                          prior_scale=float(self.prior_scale)).with_target(inputs.y)

        t1 = time.perf_counter()
        shape = res = None
        if multiplicative:
            res = search_multiplicative(make, base.matrix, inputs.y,
                                        seed=int(self.random_state), n_starts=self.n_starts)
            engine, fit, shape = res.engine, res.fit, res.shape
        if shape is None or not res.converged:
            # additive, or the multiplicative baseline collapsed (see the fallback note)
            shape = None
            engine = make(base.matrix)
            fit = engine.search(seed=int(self.random_state), n_starts=self.n_starts)
        search_seconds = time.perf_counter() - t1

        self._store(inputs, base, engine, fit, holiday_spec, attrs, lifts, shape)
        self.search_ = {"objective": fit.objective, "evaluations": fit.nfev,
                        "seconds": search_seconds, "converged": fit.converged,
                        "message": fit.message, "local_objectives": fit.starts,
                        "noise_sd": fit.sigma * engine.y_scale, "criterion":
                        "rolling-origin CV + in-sample" if self.cv == "rolling"
                        else "penalised in-sample"}
        self.search_["baseline"] = "additive" if shape is None else "multiplicative"
        if res is not None:
            self.search_.update({"baseline_iterations": res.iterations,
                                 "baseline_converged": res.converged})
        self.diagnostics_ = self._diagnostics(engine, fit, folds, cal, bounds, base.matrix)
        if res is not None and shape is None:
            self.diagnostics_.notes.append(
                f"baseline: the multiplicative baseline did not converge in {res.iterations} "
                "iterations (it collapsed toward zero or oscillated: the data do not separate "
                "the level from a channel's effect), so the additive baseline was fitted "
                "instead")

        draws = int(self.n_bootstrap)
        if draws:
            carry = int(adstock.carryover(self._hp["adstock"]).max())
            block = int(self.block_length or boot.block_length(n, carryover=carry))
            d = boot.run(engine, fit, draws=draws, block=block, seed=int(self.random_state),
                         n_jobs=int(self.n_jobs))
            nat = [engine.natural(u) for u in d.u]
            self._draws = {
                "adstock": {name: np.array([p["adstock"][name] for p in nat])
                            for name in self._hp["adstock"]},
                "saturation": {name: np.array([p["saturation"][name] for p in nat])
                               for name in self._hp["saturation"]},
                # multiplicative baseline: coefficients of the linearised design
                "coef_base": d.coef_base * engine.y_scale / engine.z_scale,
                "beta": d.coef_media * engine.y_scale,
            }
            self.bootstrap_ = {"draws": draws, "block_length": block, "seconds": d.seconds,
                               "failed": d.failed, "method": "circular block bootstrap of "
                               "residuals, hyperparameters refitted"}
        else:
            self._draws = None
            self.bootstrap_ = {"draws": 0, "block_length": None, "seconds": 0.0, "failed": 0,
                               "method": "none"}
        self._summarise()
        self.fit_seconds_ = time.perf_counter() - t0
        return self

    def _store(self, inputs: Inputs, base: Baseline, engine: Engine, fit: Fit,
               holiday_spec: list[list[Any]], attrs: dict, lifts: Any,
               shape: np.ndarray | None) -> None:
        nat = engine.natural(fit.u)
        self._hp = {"adstock": {k: np.asarray(v, dtype=float) for k, v in nat["adstock"].items()},
                    "saturation": {k: np.asarray(v, dtype=float)
                                   for k, v in nat["saturation"].items()}}
        self._coef_base = fit.coef_base * engine.y_scale / engine.z_scale
        self._beta = fit.coef_media * engine.y_scale
        self._shape = None if shape is None else np.asarray(shape, dtype=float)
        self._inputs = inputs
        self._base_names = list(base.names)
        self._base_components = list(base.components)
        self._origin = inputs.dates[0]
        self._span_days = float(max((inputs.dates[-1] - inputs.dates[0]).days, 1))
        self._holiday_spec = holiday_spec
        self._lifts = normalise_lifts(lifts)
        self.channels_ = list(inputs.media)
        self.target_ = inputs.target
        self.controls_ = list(inputs.controls)
        self.freq_ = inputs.freq
        self.currency_ = attrs.get("currency")
        self.dates_ = inputs.dates
        self.n_periods_ = len(inputs.dates)
        self.sigma_ = fit.sigma * engine.y_scale

    # ------------------------------------------------------------------ internals
    def _design(self, dates: pd.DatetimeIndex, controls: np.ndarray) -> np.ndarray:
        """The baseline design the coefficients apply to (``exp(Z θ) ⊙ Z`` if multiplicative)."""
        z = self._raw_design(dates, controls)
        if self._shape is None:
            return z
        return z * np.exp(z @ self._shape)[:, None]

    def _raw_design(self, dates: pd.DatetimeIndex, controls: np.ndarray) -> np.ndarray:
        hol = holiday_columns(_holiday_frame(self._holiday_spec), dates, self.freq_,
                              merge=False)
        names = [n for n, c in zip(self._base_names, self._base_components, strict=True)
                 if c == "holidays"]
        cols = dict(zip(hol[0], hol[1].T, strict=True)) if hol[0] else {}
        matrix = np.column_stack([cols.get(nm, np.zeros(len(dates))) for nm in names]) \
            if names else np.zeros((len(dates), 0))
        b = baseline_design(dates, self.freq_, trend=bool(self.trend),
                            yearly=int(self.yearly_seasonality),
                            weekly=int(self.weekly_seasonality), holidays=(names, matrix),
                            controls=(self.controls_, controls), origin=self._origin,
                            span_days=self._span_days)
        return b.matrix

    def _media(self, spend: np.ndarray, hp: dict[str, dict[str, np.ndarray]],
               beta: np.ndarray) -> np.ndarray:
        adstock = adstock_for(self.adstock, max_lag=int(self.max_lag or 13 * (
            PERIOD_DAYS["W"] // PERIOD_DAYS[self.freq_])))
        sat = saturation_for(self.saturation)
        return sat.apply(adstock.apply(spend, hp["adstock"]), hp["saturation"]) * beta

    def _draw_hp(self, i: int) -> dict[str, dict[str, np.ndarray]]:
        assert self._draws is not None
        return {part: {name: v[i] for name, v in self._draws[part].items()}
                for part in ("adstock", "saturation")}

    def _summarise(self) -> None:
        x = self._inputs.spend
        total = x.sum(axis=0)
        contrib = self._media(x, self._hp, self._beta).sum(axis=0)
        up = self._media(x * 1.01, self._hp, self._beta).sum(axis=0)
        roas = contrib / total
        mroas = (up - contrib) / (0.01 * total)
        lo_r = hi_r = lo_m = hi_m = np.full(len(total), np.nan)
        if self._draws is not None:
            rs, ms = [], []
            for i in range(len(self._draws["beta"])):
                hp = self._draw_hp(i)
                c = self._media(x, hp, self._draws["beta"][i]).sum(axis=0)
                u = self._media(x * 1.01, hp, self._draws["beta"][i]).sum(axis=0)
                rs.append(c / total)
                ms.append((u - c) / (0.01 * total))
            q = (1 - float(self.level)) / 2
            lo_r, hi_r = np.quantile(rs, q, axis=0), np.quantile(rs, 1 - q, axis=0)
            lo_m, hi_m = np.quantile(ms, q, axis=0), np.quantile(ms, 1 - q, axis=0)
        idx = pd.Index(self.channels_, name="channel")
        self.roas_ = pd.DataFrame({"mean": roas, "low": lo_r, "high": hi_r}, index=idx)
        self.mroas_ = pd.DataFrame({"mean": mroas, "low": lo_m, "high": hi_m}, index=idx)
        sat_names = set(self._hp["saturation"])
        hp = {(f"adstock_{name}" if name in sat_names else name): v
              for name, v in self._hp["adstock"].items()}
        hp.update({name: v for name, v in self._hp["saturation"].items() if name != "ref"})
        self.hyperparameters_ = pd.DataFrame({**hp, "beta": self._beta}, index=idx)
        self.coef_ = pd.Series(np.concatenate([self._log_coef(), self._beta])
                               if self._shape is not None
                               else np.concatenate([self._coef_base, self._beta]),
                               index=[*self._base_names, *self.channels_], name="coefficient")

    def _log_coef(self) -> np.ndarray:
        """Multiplicative baseline: ``θ`` with baseline ≈ ``exp(Z θ)`` (one Gauss–Newton step
        from the tangent point, exact at convergence)."""
        assert self._shape is not None
        z = self._raw_design(self._inputs.dates, self._inputs.control_values)
        return self._shape + log_step(z, self._coef_base)

    def _diagnostics(self, engine: Engine, fit: Fit, folds: list, cal: Calibration | None,
                     bounds: dict, z_raw: np.ndarray) -> Diagnostics:
        y = self._inputs.y
        fitted = self._fitted_values()
        rows = {"in-sample": fit_metrics(y, fitted)}
        notes = ["in-sample: the final fit on every period"]
        if self._shape is not None:
            notes.append("baseline: multiplicative; rolling-origin CV refits the linearised "
                         "baseline around the full-data shape, the holdout refits the shape")
        feats = engine.features(engine.natural(fit.u))
        pred, obs = [], []
        for i, fold in enumerate(folds):
            b, beta = engine.solve(feats, rows=fold.train, key=i)
            v = fold.valid
            pred.append((engine.Z[v] @ b + feats[v] @ beta) * engine.y_scale)
            obs.append(y[v])
        if folds:
            rows["rolling-origin CV"] = fit_metrics(np.concatenate(obs), np.concatenate(pred))
            notes.append(f"rolling-origin CV: {len(folds)} folds; each refits the coefficients "
                         f"on the periods before its origin (hyperparameters as fitted) and "
                         f"predicts the next {len(folds[0].valid)}")
        n = len(y)
        h = self.holdout if self.holdout is not None else max(4, round(0.1 * n))
        m = n - int(h)
        if h and m >= 1.5 * (engine.Z.shape[1] + engine.k + engine.dim):
            sub_cal = _restrict(cal, m)

            def make(design: np.ndarray) -> Engine:
                e = Engine(design, engine.spend[:m], engine.adstock, engine.saturation,
                           ridge=engine.ridge, bounds=bounds, calibration=sub_cal,
                           prior_scale=engine.prior_scale).with_target(y[:m])
                e.ref = engine.ref
                return e

            if self._shape is None:
                sub = make(z_raw[:m])
                hf = sub.search(u0=fit.u, max_nfev=40)
                design = z_raw
            else:
                res = search_multiplicative(make, z_raw[:m], y[:m], shape=self._shape,
                                            u0=fit.u, max_nfev=40, max_iter=10)
                sub, hf = res.engine, res.fit
                design = z_raw * np.exp(z_raw @ res.shape)[:, None]
            hp = sub.natural(hf.u)
            b_raw = hf.coef_base * sub.y_scale / sub.z_scale
            beta_raw = hf.coef_media * sub.y_scale
            full = design @ b_raw + self._media(engine.spend, hp, beta_raw).sum(axis=1)
            rows["holdout"] = fit_metrics(y[m:], full[m:])
            notes.append(f"holdout: refitted (hyperparameters searched locally) on the first "
                         f"{m} periods, predicting the last {h}")
        else:
            notes.append("holdout: skipped (too few periods left to refit without them)")
        table = pd.DataFrame(rows).T[["periods", "r2", "mape", "nrmse"]]
        table["periods"] = table["periods"].astype(int)
        return Diagnostics(table=table, notes=notes)

    def _fitted_values(self) -> np.ndarray:
        zm = self._design(self._inputs.dates, self._inputs.control_values)
        return zm @ self._coef_base + self._media(self._inputs.spend, self._hp,
                                                 self._beta).sum(axis=1)

    def _check_fitted(self) -> None:
        if not hasattr(self, "roas_"):
            raise DataError("the model is not fitted yet", column="MMM",
                            hint="call .fit(frame, target=..., media=[...]) first")

    # ------------------------------------------------------------------ use
    def predict(self, frame: pd.DataFrame | None = None) -> pd.Series:
        """Expected outcome per period: on the fitted periods, or on a new frame.

        A new frame needs the same spend and control columns (the target may
        be absent) and consecutive periods; carry-over starts at zero on its
        first row, so include the periods before the ones you care about.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> n = 60
        >>> f = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
        ...                   "tv": np.tile([0.0, 100.0, 200.0], 20)})
        >>> f["y"] = 1000 + 2 * f["tv"] + np.tile([5.0, -5.0], 30)
        >>> m = MMM(yearly_seasonality=0, n_bootstrap=0, holdout=0).fit(
        ...     f, target="y", media=["tv"])
        >>> len(m.predict()), len(m.predict(f.drop(columns="y").iloc[:10]))
        (60, 10)
        """
        self._check_fitted()
        if frame is None:
            return pd.Series(self._fitted_values(), index=self.dates_, name=self.target_)
        inputs = read_inputs(frame, target=None, media=self.channels_,
                             controls=self.controls_, date=None, fitting=False)
        if inputs.freq != self.freq_:
            raise DataError(f"the frame has {inputs.freq} periods but the model was fitted on "
                            f"{self.freq_}", column="date", hint="aggregate it the same way")
        zm = self._design(inputs.dates, inputs.control_values)
        values = zm @ self._coef_base + self._media(inputs.spend, self._hp,
                                                   self._beta).sum(axis=1)
        return pd.Series(values, index=inputs.dates, name=self.target_)

    def contributions(self) -> pd.DataFrame:
        """Tidy contributions per period and component.

        Components: ``baseline`` (the intercept), ``trend``, ``seasonality``,
        ``holidays``, ``control <name>`` per control and one per channel.
        They add up to the fitted values. With a multiplicative baseline
        ``L · exp(Σ_j a_j)`` (``L`` the level, ``a_j`` the log-effect of a
        trend, seasonal, holiday or control term), the part above the level,
        ``L · (exp(Σ a_j) − 1)``, is shared in proportion to the ``a_j``.

        Returns
        -------
        DataFrame
            ``date``, ``component``, ``kind`` (``base`` or ``media``) and
            ``contribution`` (target units).

        Examples
        --------
        >>> from smtools.roi.mmm import example_frame
        >>> mmm = MMM(n_bootstrap=0).fit(example_frame())
        >>> c = mmm.contributions()
        >>> c["component"].unique().tolist()
        ['baseline', 'trend', 'seasonality', 'tv', 'social', 'search']
        >>> bool(abs(c["contribution"].sum() - mmm.predict().sum()) < 1e-6)
        True
        """
        self._check_fitted()
        parts = self._base_parts()
        media = self._media(self._inputs.spend, self._hp, self._beta)
        for j, ch in enumerate(self.channels_):
            parts[ch] = media[:, j]
        rows = [pd.DataFrame({"date": self.dates_, "component": comp,
                              "kind": "media" if comp in self.channels_ else "base",
                              "contribution": np.broadcast_to(v, len(self.dates_)).astype(float)})
                for comp, v in parts.items()]
        return pd.concat(rows, ignore_index=True)

    def _base_parts(self) -> dict[str, np.ndarray]:
        """Baseline contribution per component over the fitted periods (they add up)."""
        z = self._raw_design(self._inputs.dates, self._inputs.control_values)
        parts: dict[str, np.ndarray] = {}
        if self._shape is None:
            for j, comp in enumerate(self._base_components):
                parts[comp] = parts.get(comp, 0.0) + z[:, j] * self._coef_base[j]
            return parts
        total = self._design(self._inputs.dates, self._inputs.control_values) @ self._coef_base
        theta = self._log_coef()
        logs = z * theta
        s = logs[:, 1:].sum(axis=1)
        small = np.abs(s) < 1e-12
        ratio = np.where(small, 1.0, np.expm1(s) / np.where(small, 1.0, s))
        level = np.exp(theta[0]) * ratio
        parts["baseline"] = np.zeros(len(z))  # first in the order; set below
        for j, comp in enumerate(self._base_components):
            if j == 0:
                continue
            parts[comp] = parts.get(comp, 0.0) + level * logs[:, j]
        parts["baseline"] = total - sum(v for k, v in parts.items() if k != "baseline")
        return parts

    def response_curves(self) -> ResponseCurves:
        """Steady-state response curves per channel, with bootstrap draws for intervals.

        Examples
        --------
        >>> from smtools.roi.mmm import example_frame
        >>> curves = MMM(n_bootstrap=5).fit(example_frame()).response_curves()
        >>> list(curves), curves.draws("tv", [1000.0]).shape
        (['tv', 'social', 'search'], (5, 1))
        """
        self._check_fitted()
        sat = {k: np.asarray(v) for k, v in self._hp["saturation"].items()}
        draws_beta = draws_sat = None
        if self._draws is not None:
            draws_beta = self._draws["beta"]
            draws_sat = {k: np.asarray(v) for k, v in self._draws["saturation"].items()}
        return ResponseCurves(channels=tuple(self.channels_), saturation=str(self.saturation),
                              beta=np.asarray(self._beta), params=sat,
                              current=self._inputs.spend.mean(axis=0), period=self.freq_,
                              metric=self.target_, beta_draws=draws_beta,
                              param_draws=draws_sat, currency=self.currency_,
                              level=float(self.level), source=self._source())

    def to_frame(self) -> pd.DataFrame:
        """Per channel: spend, contribution, their shares, ROAS and marginal ROAS with intervals.

        Examples
        --------
        >>> from smtools.roi.mmm import example_frame
        >>> MMM(n_bootstrap=0).fit(example_frame()).to_frame().columns.tolist()
        ... # doctest: +NORMALIZE_WHITESPACE
        ['spend', 'contribution', 'spend_share', 'effect_share', 'roas', 'roas_low',
         'roas_high', 'mroas', 'mroas_low', 'mroas_high']
        >>> MMM().to_frame()
        Traceback (most recent call last):
        ...
        smtools.errors.DataError: column 'MMM': the model is not fitted yet. Fix: call .fit(frame, target=..., media=[...]) first.
        """  # noqa: E501
        self._check_fitted()
        spend = self._inputs.spend.sum(axis=0)
        contrib = self._media(self._inputs.spend, self._hp, self._beta).sum(axis=0)
        out = pd.DataFrame({"spend": spend, "contribution": contrib,
                            "spend_share": spend / spend.sum(),
                            "effect_share": contrib / contrib.sum() if contrib.sum() > 0
                            else np.nan}, index=pd.Index(self.channels_, name="channel"))
        for name, table in (("roas", self.roas_), ("mroas", self.mroas_)):
            for col in ("mean", "low", "high"):
                out[f"{name}_{col}" if col != "mean" else name] = table[col]
        return out

    # ------------------------------------------------------------------ charts
    def _source(self) -> str:
        dates = f"{self.dates_[0]:%Y-%m-%d} to {self.dates_[-1]:%Y-%m-%d}"
        word = {"W": "weeks", "D": "days"}[self.freq_]
        return f"smtools MMM ({self.adstock} adstock, {self.saturation}), {len(self.dates_)} " \
               f"{word}, {dates}"

    def _unit(self) -> str:
        if self.currency_ and self.target_.lower() in MONEY_TARGETS:
            return f" ({self.currency_})"
        return f" ({self.target_})"

    def plot_contributions(self, ax: Axes | None = None) -> Axes:
        """Stacked areas of the base and each channel over time, observed target as a line."""
        self._check_fitted()
        obs = pd.Series(self._inputs.y, index=self.dates_)
        return plot_contributions(self.contributions(), obs, channels=self.channels_,
                                  target=self.target_, unit=self._unit(), source=self._source(),
                                  ax=ax)

    def plot_waterfall(self, ax: Axes | None = None) -> Axes:
        """Waterfall of each component's total contribution over the fitted periods."""
        self._check_fitted()
        c = self.contributions()
        totals = c.groupby("component", sort=False)["contribution"].sum()
        return plot_waterfall(totals, target=self.target_, unit=self._unit(),
                              source=self._source(), ax=ax)

    def plot_roas(self, ax: Axes | None = None, *, marginal: bool = False) -> Axes:
        """ROAS (or marginal ROAS) per channel with its interval."""
        self._check_fitted()
        table = self.mroas_ if marginal else self.roas_
        what = "Marginal ROAS" if marginal else "ROAS"
        level = f"; bars: {self.level:.0%} bootstrap intervals" if self._draws is not None else ""
        return plot_roas(table, title=f"{what} by channel",
                         xlabel=f"{what} ({self.target_} per unit of spend)",
                         source=self._source() + level, ax=ax)

    def plot(self, ax: Axes | None = None, *, kind: str = "contributions") -> Axes:
        """One of the charts: ``contributions``, ``waterfall``, ``roas``, ``mroas``, ``curves``.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from smtools.roi.mmm import example_frame
        >>> mmm = MMM(n_bootstrap=0).fit(example_frame())
        >>> mmm.plot(kind="waterfall").get_title()
        'Sales by component over the period'
        >>> plt.close("all")
        """
        charts = {"contributions": self.plot_contributions, "waterfall": self.plot_waterfall,
                  "roas": self.plot_roas,
                  "mroas": lambda ax=None: self.plot_roas(ax, marginal=True),
                  "curves": lambda ax=None: self.response_curves().plot(ax)}
        if kind not in charts:
            raise DataError(f"kind={kind!r} is not a chart", column="kind",
                            hint=f"use one of {', '.join(charts)}")
        return charts[kind](ax=ax)

    def _repr_html_(self) -> str:
        if not hasattr(self, "roas_"):
            return f"<p>{html.escape(repr(self))}: not fitted.</p>"
        from smtools import viz

        t = self.to_frame()
        best = t["mroas"].idxmax()
        sentence = (f"Over {len(self.dates_)} {'weeks' if self.freq_ == 'W' else 'days'}, media "
                    f"drove {t['contribution'].sum() / self._inputs.y.sum():.0%} of "
                    f"{self.target_}; an extra unit of money goes furthest on {best} (marginal "
                    f"ROAS {t.loc[best, 'mroas']:.2f}).")
        show = t[["spend", "contribution", "roas", "roas_low", "roas_high", "mroas"]]
        table = viz.table(show.reset_index(),
                          formats={"spend": "{:,.0f}", "contribution": "{:,.0f}",
                                   "roas": "{:.2f}", "roas_low": "{:.2f}",
                                   "roas_high": "{:.2f}", "mroas": "{:.2f}"}).to_html()
        return (f"<p>{html.escape(sentence)}</p>{table}"
                f"{self.diagnostics_._repr_html_()}")

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> Path:
        """Write the fitted model (options, data, estimates, bootstrap draws) to JSON.

        Floats are written with full precision, so :meth:`load` reproduces
        predictions exactly.

        Examples
        --------
        >>> import tempfile
        >>> from smtools.roi.mmm import example_frame
        >>> mmm = MMM(n_bootstrap=0).fit(example_frame())
        >>> path = mmm.save(tempfile.mkdtemp() + "/model.json")
        >>> bool((MMM.load(path).predict() == mmm.predict()).all())
        True
        """
        self._check_fitted()
        inp = self._inputs
        state = {
            "format": FORMAT_VERSION,
            "kind": "smtools.roi.MMM",
            "params": self.get_params(),
            "data": {"dates": [f"{d:%Y-%m-%d}" for d in inp.dates], "freq": inp.freq,
                     "target": inp.target, "y": inp.y.tolist(), "media": inp.media,
                     "spend": inp.spend.T.tolist(), "controls": inp.controls,
                     "control_values": inp.control_values.T.tolist(),
                     "holidays": self._holiday_spec, "lifts": _jsonable(self._lifts),
                     "currency": self.currency_},
            "fit": {"hp": _jsonable(self._hp), "coef_base": self._coef_base.tolist(),
                    "shape": None if self._shape is None else self._shape.tolist(),
                    "beta": self._beta.tolist(), "base_names": self._base_names,
                    "base_components": self._base_components,
                    "origin": f"{self._origin:%Y-%m-%d}", "span_days": self._span_days,
                    "sigma": self.sigma_, "search": _jsonable(self.search_),
                    "bootstrap": _jsonable(self.bootstrap_),
                    "draws": _jsonable(self._draws),
                    "diagnostics": {"table": json.loads(self.diagnostics_.table.to_json(
                        orient="split", double_precision=15)),
                        "notes": self.diagnostics_.notes}},
        }
        path = Path(path)
        path.write_text(json.dumps(state, allow_nan=True), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> MMM:
        """Read a model written by :meth:`save`.

        Raises
        ------
        DataError
            When the file is not a saved smtools MMM.
        """
        path = Path(path)
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DataError(f"cannot read {path}: {err}", file=path,
                            hint="pass a file written by MMM.save") from None
        if not isinstance(state, dict) or state.get("kind") != "smtools.roi.MMM":
            raise DataError("not a saved smtools MMM", file=path,
                            hint="pass a file written by MMM.save")
        if state.get("format") != FORMAT_VERSION:
            raise DataError(f"saved with format {state.get('format')}, this version reads "
                            f"{FORMAT_VERSION}", file=path, hint="refit the model")
        m = cls(**{"baseline": "additive", **state["params"]})
        d, f = state["data"], state["fit"]
        dates = pd.DatetimeIndex(pd.to_datetime(d["dates"]))
        ctrl = np.asarray(d["control_values"], dtype=float).T if d["controls"] else np.zeros(
            (len(dates), 0))
        m._inputs = Inputs(dates=dates, freq=d["freq"], target=d["target"],
                           y=np.asarray(d["y"], dtype=float), media=list(d["media"]),
                           spend=np.asarray(d["spend"], dtype=float).T,
                           controls=list(d["controls"]), control_values=ctrl)
        m._hp = {part: {k: np.asarray(v, dtype=float) for k, v in vals.items()}
                 for part, vals in f["hp"].items()}
        m._coef_base = np.asarray(f["coef_base"], dtype=float)
        m._beta = np.asarray(f["beta"], dtype=float)
        m._shape = None if f.get("shape") is None else np.asarray(f["shape"], dtype=float)
        m._base_names = list(f["base_names"])
        m._base_components = list(f["base_components"])
        m._origin = pd.Timestamp(f["origin"])
        m._span_days = float(f["span_days"])
        m._holiday_spec = d["holidays"]
        m._lifts = d["lifts"]
        m.channels_ = list(d["media"])
        m.target_ = d["target"]
        m.controls_ = list(d["controls"])
        m.freq_ = d["freq"]
        m.currency_ = d["currency"]
        m.dates_ = dates
        m.n_periods_ = len(dates)
        m.sigma_ = float(f["sigma"])
        m.search_ = f["search"]
        m.bootstrap_ = f["bootstrap"]
        draws = f["draws"]
        m._draws = None if draws is None else {
            "adstock": {k: np.asarray(v, dtype=float) for k, v in draws["adstock"].items()},
            "saturation": {k: np.asarray(v, dtype=float)
                           for k, v in draws["saturation"].items()},
            "coef_base": np.asarray(draws["coef_base"], dtype=float),
            "beta": np.asarray(draws["beta"], dtype=float)}
        tab = f["diagnostics"]["table"]
        table = pd.DataFrame(tab["data"], index=tab["index"], columns=tab["columns"])
        m.diagnostics_ = Diagnostics(table=table, notes=list(f["diagnostics"]["notes"]))
        m._summarise()
        m.fit_seconds_ = float("nan")
        return m


def _bounds(adstock: str, factor: int) -> dict[str, tuple[float, float]]:
    """Carry-over bounds in the data's periods (weeks are the reference)."""
    if adstock == "geometric":
        return {"adstock.decay": (0.0, 0.5 ** (1 / (8 * factor)))}
    return {"adstock.scale": (0.1 * factor, 8.0 * factor)}


def _holiday_spec(holidays: Any) -> list[list[Any]]:
    """Holidays as JSON-safe ``[name, [dates…]]`` pairs (None → [])."""
    if holidays is None:
        return []
    if isinstance(holidays, pd.DataFrame):
        when = pd.to_datetime(holidays["date"]).dt.strftime("%Y-%m-%d")
        names = (holidays["name"].astype(str) if "name" in holidays.columns
                 else pd.to_datetime(holidays["date"]).dt.strftime("holiday %Y-%m-%d"))
    else:
        if isinstance(holidays, (str, pd.Timestamp)):
            holidays = [holidays]
        ts = pd.to_datetime(pd.Series(list(holidays), dtype=object))
        when = ts.dt.strftime("%Y-%m-%d")
        names = ts.dt.strftime("holiday %Y-%m-%d")
    out: dict[str, list[str]] = {}
    for nm, d in zip(names, when, strict=True):
        out.setdefault(str(nm), []).append(str(d))
    return [[k, v] for k, v in out.items()]


def _holiday_frame(spec: list[list[Any]]) -> pd.DataFrame | None:
    if not spec:
        return None
    rows = [(d, name) for name, dates in spec for d in dates]
    return pd.DataFrame(rows, columns=["date", "name"])


def _restrict(cal: Calibration | None, m: int) -> Calibration | None:
    """Calibration terms limited to the first ``m`` periods (records outside dropped)."""
    if cal is None:
        return None
    keep = cal.inside[:, :m].any(axis=1)
    if not keep.any():
        return None
    return Calibration(channel=cal.channel[keep], inside=cal.inside[keep, :m],
                       lift=cal.lift[keep], se=cal.se[keep])


def _jsonable(obj: Any) -> Any:
    if obj is None:
        return None
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (np.floating, float)):
        return float(obj) if math.isfinite(float(obj)) else None
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (pd.Timestamp,)):
        return f"{obj:%Y-%m-%d}"
    return obj
