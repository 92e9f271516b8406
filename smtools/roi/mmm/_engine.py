"""The numerical core: bounded least squares for the coefficients, a search for the rest.

For fixed adstock and saturation hyperparameters the model is linear in its
coefficients::

    y_t = Z_t · b + Σ_c β_c · s_c(adstock_c(x_c))_t + e_t,     β_c >= 0

so the coefficients solve a small ridge least-squares problem with
non-negative media coefficients. It is solved exactly by projecting the
(ridge-augmented) baseline columns out (one QR decomposition, computed once)
and running Lawson–Hanson NNLS (``scipy.optimize.nnls``) on the few media
columns, then back-substituting for ``b``.

The hyperparameters (per channel: decay or Weibull shape/scale, and
half-saturation/shape or logistic ``lam``) are found by minimising a
penalised least-squares criterion over a unit box (each hyperparameter mapped
to its bounds, on a log scale where marked): a scrambled Sobol sample for the
global stage, then trust-region reflective least squares
(``scipy.optimize.least_squares``) from the best few points.

Examples
--------
>>> import numpy as np
>>> from smtools.roi.mmm.transforms import GeometricAdstock, HillSaturation
>>> rng = np.random.default_rng(0)
>>> x = rng.gamma(2.0, 50.0, size=(120, 1))
>>> Z = np.column_stack([np.ones(120), np.linspace(0, 1, 120)])
>>> eng = Engine(Z, x, GeometricAdstock(), HillSaturation(), ridge=1e-4)
>>> truth = np.full(eng.dim, 0.5)
>>> y = 100 + 40 * eng.features(eng.natural(truth))[:, 0] + rng.normal(0, 1, 120)
>>> problem = eng.with_target(y)
>>> fit = problem.search(seed=0)
>>> bool(fit.objective <= problem.evaluate(truth, fit.sigma).objective)  # found the optimum
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import linalg, optimize
from scipy.stats import qmc

from smtools.roi.mmm.transforms import Adstock, Hyperparameter, Saturation

__all__ = ["Calibration", "Engine", "Fit", "Fold", "Multiplicative", "rolling_folds",
           "search_multiplicative"]


@dataclass(frozen=True)
class Fold:
    """Rolling-origin fold: fit on ``train`` (rows before the origin), score ``valid``."""

    train: np.ndarray
    valid: np.ndarray


def rolling_folds(n: int, *, folds: int, horizon: int, min_train: int) -> list[Fold]:
    """Rolling-origin folds: origins ``n - folds·h, …, n - h``, each scored on the next ``h``.

    Examples
    --------
    >>> [(f.train.size, f.valid.tolist()) for f in rolling_folds(10, folds=2, horizon=2,
    ...                                                        min_train=4)]
    [(6, [6, 7]), (8, [8, 9])]
    """
    out = []
    for i in range(folds, 0, -1):
        origin = n - i * horizon
        if origin < min_train:
            continue
        out.append(Fold(np.arange(origin), np.arange(origin, min(origin + horizon, n))))
    return out


@dataclass(frozen=True)
class Calibration:
    """Lift records turned into rows of the least-squares problem.

    ``channel`` is the column index, ``inside`` the share (0–1) of each
    period's days inside the test window, ``lift`` and ``se`` the measured
    incremental outcome over the window and its standard error (target units).
    """

    channel: np.ndarray
    inside: np.ndarray
    lift: np.ndarray
    se: np.ndarray


@dataclass
class Fit:
    """A solution: hyperparameters (unit box), coefficients and the fitted values."""

    u: np.ndarray
    coef_base: np.ndarray
    coef_media: np.ndarray
    fitted: np.ndarray
    sigma: float
    objective: float
    nfev: int = 0
    converged: bool = True
    message: str = ""
    starts: list[float] = field(default_factory=list)


class Engine:
    """A marketing-mix least-squares problem with its hyperparameter search.

    Parameters
    ----------
    Z : ndarray, shape (n, p)
        Baseline design; column 0 must be the intercept (never penalised).
    spend : ndarray, shape (n, k)
        Spend per period and channel.
    adstock, saturation
        The transformations.
    ridge : float
        Ridge penalty on the standardised baseline coefficients other than the
        intercept (``ridge · n · ||b||²``): a numerical safeguard for
        collinear baseline columns. Media coefficients are not penalised (a
        ridge on them would shrink effects toward zero).
    bounds : dict, optional
        ``"adstock.<name>"`` or ``"saturation.<name>"`` → ``(low, high)``
        replacing the transformation's default bounds (used to rescale
        carry-over bounds to daily periods).
    calibration : Calibration, optional
        Lift records.
    cv : {"rolling", "none"}
        Score hyperparameters on rolling-origin out-of-fold errors plus the
        in-sample fit (``"rolling"``) or in-sample only.
    folds : list of Fold
        The rolling-origin folds (used when ``cv="rolling"``).
    prior_scale : float
        Multiplies every prior standard deviation.
    weights : ndarray, optional
        Row weights (weighted least squares, e.g. ``1 / level`` for
        multiplicative noise); equal weights by default, as the model uses.
    """

    def __init__(
        self,
        Z: np.ndarray,  # noqa: N803 (the design matrix's usual name)
        spend: np.ndarray,
        adstock: Adstock,
        saturation: Saturation,
        *,
        ridge: float = 1e-4,
        bounds: dict[str, tuple[float, float]] | None = None,
        calibration: Calibration | None = None,
        cv: str = "none",
        folds: Sequence[Fold] = (),
        prior_scale: float = 1.0,
        weights: np.ndarray | None = None,
    ) -> None:
        self.Z_raw = np.asarray(Z, dtype=float)
        self.spend = np.asarray(spend, dtype=float)
        self.n, self.k = self.spend.shape
        self.adstock = adstock
        self.saturation = saturation
        self.ridge = float(ridge)
        self.cv = cv
        self.folds = list(folds)
        self.calibration = calibration
        self.prior_scale = float(prior_scale)
        count = (self.spend > 0).sum(axis=0)
        total = np.where(self.spend > 0, self.spend, 0.0).sum(axis=0)
        self.ref = np.where(count > 0, total / np.maximum(count, 1), 1.0)
        z_scale = self.Z_raw.std(axis=0)
        z_scale[0] = 1.0
        z_scale[z_scale == 0] = 1.0
        self.z_scale = z_scale
        self.Z = self.Z_raw / z_scale
        self.w = np.ones(self.n) if weights is None else np.asarray(weights, dtype=float)
        self.Zw = self.Z * self.w[:, None]
        self.y_raw = np.zeros(self.n)
        self.y_scale = 1.0
        self.y = np.zeros(self.n)
        hps: list[tuple[str, Hyperparameter]] = []
        for part, group in (("adstock", adstock.hyperparameters),
                            ("saturation", saturation.hyperparameters)):
            for hp in group:
                key = f"{part}.{hp.name}"
                if bounds and key in bounds:
                    lo, hi = bounds[key]
                    hp = replace(hp, low=float(lo), high=float(hi))
                hps.append((part, hp))
        self.hyper = hps
        self.dim = len(hps) * self.k
        self._qr: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._last: tuple | None = None
        #: Use the variable-projection Jacobian (False: finite differences, for checks).
        self.analytic_jacobian = True

    # ------------------------------------------------------------------ setup
    def with_target(self, y: np.ndarray, *, scale: float | None = None) -> Engine:
        """A copy of the engine fitted to the target ``y`` (QR factors shared).

        ``scale`` fixes the target's scaling (defaults to its standard deviation).
        """
        new = object.__new__(Engine)
        new.__dict__.update(self.__dict__)
        new._last = None
        y = np.asarray(y, dtype=float)
        new.y_raw = y
        new.y_scale = float(scale) if scale is not None else float(np.std(y) or 1.0)
        new.y = y / new.y_scale
        return new

    def names(self, channels: Sequence[str]) -> list[tuple[str, str, str]]:
        """``(channel, part, hyperparameter)`` for each coordinate of the unit box."""
        return [(channels[j], part, hp.name) for part, hp in self.hyper for j in range(self.k)]

    def natural(self, u: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
        """Map a point of the unit box to hyperparameters per transformation.

        Returns ``{"adstock": {name: values per channel}, "saturation": {...}}``;
        relative hyperparameters are multiplied by the reference spend, and the
        saturation also receives ``ref``.
        """
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0).reshape(len(self.hyper), self.k)
        out: dict[str, dict[str, np.ndarray]] = {"adstock": {}, "saturation": {"ref": self.ref}}
        for (part, hp), row in zip(self.hyper, u, strict=True):
            if hp.log:
                v = np.exp(np.log(hp.low) + row * (np.log(hp.high) - np.log(hp.low)))
            else:
                v = hp.low + row * (hp.high - hp.low)
            out[part][hp.name] = v * self.ref if hp.relative else v
        return out

    def unit(self, params: dict[str, dict[str, np.ndarray]]) -> np.ndarray:
        """Inverse of :meth:`natural` (clipped to the box)."""
        rows = []
        for part, hp in self.hyper:
            v = np.asarray(params[part][hp.name], dtype=float)
            if hp.relative:
                v = v / self.ref
            if hp.log:
                r = (np.log(v) - np.log(hp.low)) / (np.log(hp.high) - np.log(hp.low))
            else:
                r = (v - hp.low) / (hp.high - hp.low)
            rows.append(r)
        return np.clip(np.concatenate(rows), 0.0, 1.0)

    def prior_residuals(self, u: np.ndarray) -> np.ndarray:
        """``(g(value) - g(centre)) / sd`` for every hyperparameter with a prior."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0).reshape(len(self.hyper), self.k)
        out = []
        for (_, hp), row in zip(self.hyper, u, strict=True):
            if hp.prior_sd is None or hp.prior_mean is None:
                continue
            if hp.log:
                g = np.log(hp.low) + row * (np.log(hp.high) - np.log(hp.low))
                c = np.log(hp.prior_mean)
            else:
                g = hp.low + row * (hp.high - hp.low)
                c = hp.prior_mean
            out.append((g - c) / (hp.prior_sd * self.prior_scale))
        return np.concatenate(out) if out else np.zeros(0)

    # ------------------------------------------------------------------ transforms
    def features(self, params: dict[str, dict[str, np.ndarray]],
                 spend: np.ndarray | None = None) -> np.ndarray:
        """Saturated adstocked spend, shape (n, k)."""
        x = self.spend if spend is None else spend
        a = self.adstock.apply(x, params["adstock"])
        return self.saturation.apply(a, params["saturation"])

    def calibration_rows(self, params: dict[str, dict[str, np.ndarray]],
                         feats: np.ndarray) -> np.ndarray:
        """Implied lift per record per unit of coefficient, shape (records,)."""
        cal = self.calibration
        assert cal is not None
        out = np.empty(len(cal.lift))
        for i, (j, inside) in enumerate(zip(cal.channel, cal.inside, strict=True)):
            x = self.spend[:, [j]] * (1.0 - inside[:, None])
            one = {part: {name: np.atleast_1d(v[j]) for name, v in vals.items()}
                   for part, vals in params.items()}
            off = self.features(one, x)[:, 0]
            mask = inside > 0
            out[i] = float((feats[mask, j] - off[mask]).sum())
        return out

    # ------------------------------------------------------------------ linear solve
    def _factor(self, key: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray,
                                                                    np.ndarray]:
        if key not in self._qr:
            zm = self.Zw if rows is None else self.Zw[rows]
            n, p = zm.shape
            d = np.full(p, np.sqrt(self.ridge * n))
            d[0] = 0.0
            za = np.vstack([zm, np.diag(d)])
            q, r = linalg.qr(za, mode="economic")
            self._qr[key] = (q[:n], q[n:], r)
        return self._qr[key]

    def solve(self, feats: np.ndarray, *, y: np.ndarray | None = None,
              rows: np.ndarray | None = None, key: int = -1,
              cal: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients ``(b, β)`` on the rows ``rows`` (all when None), β >= 0.

        ``cal`` = ``(channel index, implied lift per unit β, measured lift)``,
        already weighted.
        """
        y = (self.y if y is None else y) * self.w
        feats = feats * self.w[:, None]
        fm = feats if rows is None else feats[rows]
        yy = y if rows is None else y[rows]
        qn, qd, r = self._factor(key, rows)
        qtf = qn.T @ fm
        qty = qn.T @ yy
        f_top = fm - qn @ qtf
        f_bot = -qd @ qtf
        y_top = yy - qn @ qty
        y_bot = -qd @ qty
        blocks = [f_top, f_bot]
        rhs = [y_top, y_bot]
        if cal is not None and len(cal[0]):
            ch, per_unit, target = cal
            rows_c = np.zeros((len(ch), self.k))
            rows_c[np.arange(len(ch)), ch] = per_unit
            blocks.append(rows_c)
            rhs.append(target)
        lhs = np.vstack(blocks)
        bvec = np.concatenate(rhs)
        beta, _ = optimize.nnls(lhs, bvec, maxiter=50 * self.k)
        b = linalg.solve_triangular(r, qn.T @ (yy - fm @ beta), check_finite=False)
        return b, beta

    # ------------------------------------------------------------------ objective
    def _cal_terms(self, params: dict[str, dict[str, np.ndarray]], feats: np.ndarray,
                   sigma: float) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        cal = self.calibration
        if cal is None or not len(cal.lift):
            return None
        w = sigma / (cal.se / self.y_scale)
        per_unit = self.calibration_rows(params, feats)
        return cal.channel, w * per_unit, w * cal.lift / self.y_scale

    def residuals(self, u: np.ndarray, sigma: float, *, priors: bool = True) -> np.ndarray:
        """The criterion as a vector: its squared norm is minimised over ``u``.

        The data residuals and the weighted calibration mismatches of the inner
        least-squares problem divided by the noise scale ``sigma``; with
        ``cv="rolling"`` also the rolling-origin out-of-fold residuals; then the
        prior terms. (The inner problem's small ridge on the baseline
        coefficients is not part of the criterion: it only steadies the solve.)
        """
        _, feats, cal, b, beta = self._state(u, sigma)
        parts = [self.w * (self.y - self.Z @ b - feats @ beta) / sigma]
        if cal is not None:
            ch, per_unit, target = cal
            parts.append((target - per_unit * beta[ch]) / sigma)
        if self.cv == "rolling":
            for i, fold in enumerate(self.folds):
                bf, betaf = self.solve(feats, rows=fold.train, key=i, cal=cal)
                v = fold.valid
                parts.append(self.w[v] * (self.y[v] - self.Z[v] @ bf - feats[v] @ betaf) / sigma)
        if priors:
            parts.append(self.prior_residuals(u))
        return np.concatenate(parts)

    def _state(self, u: np.ndarray, sigma: float) -> tuple:
        """Hyperparameters, features, calibration terms and coefficients at ``u`` (cached:
        the least-squares solver asks for the residuals and the Jacobian at the same point)."""
        u = np.asarray(u, dtype=float)
        key = (u.tobytes(), float(sigma), id(self.calibration))
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        params = self.natural(u)
        feats = self.features(params)
        cal = self._cal_terms(params, feats, sigma)
        b, beta = self.solve(feats, cal=cal)
        state = (params, feats, cal, b, beta)
        self._last = (key, state)
        return state

    def _channel_features(self, params: dict[str, dict[str, np.ndarray]], j: int,
                          spend: np.ndarray | None = None) -> np.ndarray:
        one = {part: {name: np.atleast_1d(np.asarray(v)[j]) for name, v in vals.items()}
               for part, vals in params.items()}
        x = self.spend[:, [j]] if spend is None else spend
        return self.features(one, x)[:, 0]

    def jacobian(self, u: np.ndarray, sigma: float) -> np.ndarray:
        """Jacobian of :meth:`residuals` (in-sample criterion) by variable projection.

        Golub & Pereyra (1973): ``J_i = -[P⊥ (∂A/∂u_i) θ + (A⁺)ᵀ (∂A/∂u_i)ᵀ r]``,
        where ``A`` is the augmented design of the inner least-squares problem
        restricted to its active set (the baseline and the channels with
        β > 0), ``θ`` its solution, ``r`` its residual and ``P⊥`` the projection
        onto the complement of ``A``'s columns. Only channel ``j``'s column
        depends on its own hyperparameters, so each Jacobian column costs one
        single-channel transform (forward difference) instead of a full refit;
        the prior terms are linear in ``u``.
        """
        u = np.asarray(u, dtype=float)
        _, feats, cal, b, beta = self._state(u, sigma)
        u = np.clip(u, 0.0, 1.0)
        n, p, k = self.n, self.Z.shape[1], self.k
        lam = np.sqrt(self.ridge * n)
        d = np.full(p, lam)
        d[0] = 0.0
        m = 0 if cal is None else len(cal[0])
        rows = n + p + m
        active = np.flatnonzero(beta > 0)
        cols = [np.vstack([self.Zw, np.diag(d), np.zeros((m, p))])]
        for j in active:
            col = np.zeros(rows)
            col[:n] = self.w * feats[:, j]
            if cal is not None:
                sel = cal[0] == j
                col[n + p:][sel] = cal[1][sel]
            cols.append(col[:, None])
        q, rr = np.linalg.qr(np.hstack(cols))
        resid = np.concatenate([self.w * (self.y - self.Z @ b - feats @ beta), -d * b]
                               + ([cal[2] - cal[1] * beta[cal[0]]] if cal is not None else []))
        # ∂A/∂u: one batched transform per kind of hyperparameter (channels move together,
        # since each channel's column depends on its own hyperparameters only)
        width = len(self.hyper)
        da = np.zeros((rows, self.dim))
        for h in range(width):
            idx = h * k + np.arange(k)
            steps = np.where(u[idx] < 1 - 1e-6, 1e-6, -1e-6)
            v = u.copy()
            v[idx] += steps
            pv = self.natural(v)
            fp = self.features(pv)
            da[:n, idx] = self.w[:, None] * (fp - feats) / steps
            if cal is not None:
                per = self.calibration_rows(pv, fp)
                wcal = sigma / (self.calibration.se / self.y_scale)
                da[n + p + np.arange(m), idx[cal[0]]] = (wcal * per - cal[1]) / steps[cal[0]]
        owner = np.tile(np.arange(k), width)
        on = np.isin(owner, active)
        da[:, ~on] = 0.0
        # second Golub–Pereyra term: (A⁺)ᵀ e_pos(j) · (∂a_i · r)
        pos = p + np.searchsorted(active, owner[on])
        g = linalg.solve_triangular(rr, np.eye(rr.shape[0])[:, pos], trans="T")
        second = (q @ g) * (resid @ da[:, on])
        scaled = da[:, on] * beta[owner[on]]
        jac = np.zeros((rows, self.dim))
        jac[:, on] = -(scaled - q @ (q.T @ scaled) + second) / sigma
        jac = np.delete(jac, np.arange(n, n + p), axis=0)  # the ridge rows are not scored
        prior = []
        for h, (_, hp) in enumerate(self.hyper):
            if hp.prior_sd is None or hp.prior_mean is None:
                continue
            span = (np.log(hp.high) - np.log(hp.low)) if hp.log else (hp.high - hp.low)
            block = np.zeros((k, self.dim))
            block[np.arange(k), h * k + np.arange(k)] = span / (hp.prior_sd * self.prior_scale)
            prior.append(block)
        return np.vstack([jac, *prior]) if prior else jac

    def evaluate(self, u: np.ndarray, sigma: float = 1.0) -> Fit:
        """The coefficients and fitted values at ``u``."""
        params = self.natural(u)
        feats = self.features(params)
        cal = self._cal_terms(params, feats, sigma)
        b, beta = self.solve(feats, cal=cal)
        fitted = self.Z @ b + feats @ beta
        r = self.residuals(u, sigma)
        return Fit(u=np.asarray(u, dtype=float), coef_base=b, coef_media=beta, fitted=fitted,
                   sigma=sigma, objective=float(r @ r))

    def noise_scale(self, u: np.ndarray) -> float:
        """Residual standard deviation at ``u`` (scaled units, degrees of freedom removed)."""
        params = self.natural(u)
        feats = self.features(params)
        b, beta = self.solve(feats)
        r = self.w * (self.y - self.Z @ b - feats @ beta)
        dof = max(self.n - self.Z.shape[1] - self.k - self.dim, 1)
        return float(np.sqrt(r @ r / dof)) or 1e-12

    # ------------------------------------------------------------------ search
    def search(self, *, seed: int = 0, n_starts: int | None = None, local: int = 3,
               max_nfev: int | None = None, u0: np.ndarray | None = None,
               ftol: float = 1e-8, xtol: float = 1e-6) -> Fit:
        """Global (Sobol) then local (trust-region least squares) search of the hyperparameters.

        Parameters
        ----------
        seed : int
            Seed of the scrambled Sobol sequence.
        n_starts : int, optional
            Sobol points (a power of two; default ``max(128, 16 · dim)`` rounded up).
        local : int
            Local searches run from the best distinct points.
        max_nfev : int, optional
            Cap on function evaluations per local search.
        u0 : ndarray, optional
            Warm start: skip the global stage and search locally from ``u0``.
        ftol, xtol : float
            The local search stops when the criterion changes by less than ``ftol``
            (relative) or the hyperparameters by less than ``xtol`` (scipy's
            ``least_squares``).
        """
        d = self.dim
        if u0 is not None:
            sigma = self.noise_scale(u0)
            starts = [np.clip(u0, 0, 1)]
        else:
            m = int(np.ceil(np.log2(max(128, 16 * d) if n_starts is None else n_starts)))
            pts = qmc.Sobol(d, scramble=True, seed=seed).random_base2(m)
            centre = self._prior_centre()
            pts = np.vstack([centre, pts])
            sse = np.array([float(np.sum(self.residuals(p, 1.0, priors=False) ** 2))
                            for p in pts])
            best = pts[int(np.argmin(sse))]
            sigma = self.noise_scale(best)
            score = sse / sigma ** 2 + np.array([float(np.sum(self.prior_residuals(p) ** 2))
                                                 for p in pts])
            starts = []
            for i in np.argsort(score):
                if all(np.max(np.abs(pts[i] - s)) > 0.15 for s in starts):
                    starts.append(pts[i])
                if len(starts) >= local:
                    break
        best_fit: Fit | None = None
        nfev = 0
        scores = []
        for start in starts:
            fit = self._local(start, sigma, max_nfev, ftol=ftol, xtol=xtol)
            nfev += fit.nfev
            scores.append(fit.objective)
            if best_fit is None or fit.objective < best_fit.objective:
                best_fit = fit
        assert best_fit is not None
        new_sigma = self.noise_scale(best_fit.u)
        if u0 is None and abs(new_sigma / sigma - 1) > 0.1:
            again = self._local(best_fit.u, new_sigma, max_nfev, ftol=ftol, xtol=xtol)
            nfev += again.nfev
            best_fit = again
            sigma = new_sigma
        best_fit.nfev = nfev
        best_fit.starts = scores
        best_fit.sigma = sigma
        return best_fit

    def _prior_centre(self) -> np.ndarray:
        rows = []
        for _, hp in self.hyper:
            if hp.prior_mean is None:
                rows.append(np.full(self.k, 0.5))
                continue
            if hp.log:
                r = (np.log(hp.prior_mean) - np.log(hp.low)) / (np.log(hp.high) - np.log(hp.low))
            else:
                r = (hp.prior_mean - hp.low) / (hp.high - hp.low)
            rows.append(np.full(self.k, r))
        return np.clip(np.concatenate(rows), 0, 1)

    def _local(self, start: np.ndarray, sigma: float, max_nfev: int | None, *,
               ftol: float = 1e-8, xtol: float = 1e-6) -> Fit:
        analytic = self.cv != "rolling" and self.analytic_jacobian
        res = optimize.least_squares(
            self.residuals, np.clip(start, 1e-6, 1 - 1e-6), args=(sigma,), bounds=(0.0, 1.0),
            jac=self.jacobian if analytic else "2-point", method="trf", diff_step=1e-3,
            x_scale=1.0, max_nfev=max_nfev or 100, xtol=xtol, ftol=ftol, gtol=1e-8)
        fit = self.evaluate(res.x, sigma)
        fit.nfev = int(res.nfev) + int(res.njev or 0) * (1 if analytic else self.dim)
        fit.converged = bool(res.status > 0)
        fit.message = str(res.message)
        return fit


# ---------------------------------------------------------------------- multiplicative baseline
@dataclass
class Multiplicative:
    """Result of :func:`search_multiplicative`.

    ``engine`` is the tangent problem at ``shape`` (its design is
    ``exp(Z · shape) ⊙ Z``) and ``fit`` its solution, so that the fitted
    baseline is ``exp(Z · shape) · (Z · c)`` with ``c`` the baseline
    coefficients of ``fit``; at convergence ``Z · c`` is 1 to within ``tol``
    and the baseline is ``exp(Z · shape)``.
    """

    engine: Engine
    fit: Fit
    shape: np.ndarray
    iterations: int
    converged: bool
    change: float


def log_step(Z: np.ndarray, c: np.ndarray) -> np.ndarray:  # noqa: N803
    """Gauss–Newton step of the log-baseline coefficients from tangent coefficients ``c``.

    The tangent baseline ``B · (Z c)`` is written ``B · exp(Z δ)`` with ``δ``
    the least-squares fit of ``log(Z c)`` on ``Z`` (values of ``Z c`` below
    5 % of its positive mean are floored there); at a fixed point ``c`` is
    ``(1, 0, …)`` and ``δ = 0``.

    Examples
    --------
    >>> Z = np.column_stack([np.ones(4), np.arange(4.0)])
    >>> np.round(log_step(Z, np.array([2.0, 0.0])), 6).tolist()  # a scale: log 2 on the intercept
    [0.693147, 0.0]
    """
    g = Z @ c
    pos = g[g > 0]
    floor = 0.05 * (float(pos.mean()) if pos.size else 1.0)
    return np.linalg.lstsq(Z, np.log(np.maximum(g, floor)), rcond=None)[0]


def search_multiplicative(
    make: Callable[[np.ndarray], Engine],
    Z: np.ndarray,  # noqa: N803
    y: np.ndarray,
    *,
    shape: np.ndarray | None = None,
    seed: int = 0,
    n_starts: int | None = None,
    u0: np.ndarray | None = None,
    max_nfev: int | None = None,
    max_iter: int = 30,
    tol: float = 1e-5,
) -> Multiplicative:
    """Fit ``y = exp(Z θ) + Σ_c β_c s_c(a_c(x_c)) + e`` (β ≥ 0) by Gauss–Newton on ``θ``.

    For a fixed ``θ`` the baseline is linearised around ``B = exp(Z θ)``:
    ``exp(Z (θ + δ)) ≈ B · (Z c)`` with ``c = e₀ + δ``, a model linear in its
    coefficients whose design ``B ⊙ Z`` the ordinary :class:`Engine` handles
    (its exact bounded least squares and its hyperparameter search). Each
    iteration solves that tangent problem (hyperparameters searched locally
    from the previous ones), then moves ``θ`` by :func:`log_step` (at most a
    factor ``e`` on any period's baseline per iteration), until the baseline
    changes by less than ``tol`` (relative). A Sobol global search runs on the
    first tangent problem and again once ``θ`` has converged; when the second
    finds a better optimum the iterations resume from it. A fixed point is a
    stationary point of the multiplicative model's criterion, since its
    tangent problem has the same gradient there.

    Parameters
    ----------
    make : callable
        ``make(design)`` returns an :class:`Engine` (target set) for a baseline design.
    Z : ndarray, shape (n, p)
        The baseline features (column 0 the intercept): trend, seasonality,
        holidays, controls, entering as ``exp(Z θ)``.
    y : ndarray
        The target, for the starting ``θ`` (log-linear least squares of
        ``y`` floored at 1 % of its positive mean) unless ``shape`` is given.
    shape : ndarray, optional
        Starting ``θ``.
    seed, n_starts
        Of the global searches.
    u0 : ndarray, optional
        Warm start of the hyperparameters: no global search.
    max_nfev : int, optional
        Cap on each local search.
    max_iter : int
        Gauss–Newton iterations.
    tol : float
        Convergence threshold on ``max |Z δ|``.

    Examples
    --------
    >>> from smtools.roi.mmm.transforms import GeometricAdstock, HillSaturation
    >>> rng = np.random.default_rng(0)
    >>> n = 200
    >>> x = rng.gamma(2.0, 50.0, size=(n, 1))
    >>> t = np.linspace(0, 1, n)
    >>> Z = np.column_stack([np.ones(n), t, np.sin(12 * t)])
    >>> probe = Engine(Z, x, GeometricAdstock(), HillSaturation())
    >>> media = 40 * probe.features(probe.natural(np.full(probe.dim, 0.5)))[:, 0]
    >>> y = np.exp(4 + 0.5 * t + 0.2 * np.sin(12 * t)) + media + rng.normal(0, 1, n)
    >>> res = search_multiplicative(lambda d: Engine(d, x, GeometricAdstock(), HillSaturation()
    ...                             ).with_target(y), Z, y)
    >>> res.converged, np.round(res.shape[1:], 1).tolist()  # growth and season, log scale
    (True, [0.5, 0.2])
    """
    Z = np.asarray(Z, dtype=float)  # noqa: N806
    y = np.asarray(y, dtype=float)
    if shape is None:
        pos = y[y > 0]
        floor = 0.01 * (float(pos.mean()) if pos.size else 1.0)
        shape = np.linalg.lstsq(Z, np.log(np.maximum(y, floor)), rcond=None)[0]
    theta = np.asarray(shape, dtype=float).copy()
    fit: Fit | None = None
    engine: Engine | None = None
    restarted = u0 is not None
    converged = False
    change = float("inf")
    nfev = 0
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is reported)
        engine = make(Z * np.exp(Z @ theta)[:, None])
        if fit is None and u0 is None:
            fit = engine.search(seed=seed, n_starts=n_starts)
        else:
            start = u0 if fit is None else fit.u
            fit = engine.search(u0=start, max_nfev=max_nfev or 40)
        nfev += fit.nfev
        c = fit.coef_base * engine.y_scale / engine.z_scale
        step = log_step(Z, c)
        change = float(np.max(np.abs(Z @ step)))
        if change <= tol:
            if restarted:
                converged = True
                break
            restarted = True
            again = engine.search(seed=seed + 1, n_starts=n_starts)
            nfev += again.nfev
            sigma = fit.sigma
            if np.sum(engine.residuals(again.u, sigma) ** 2) < np.sum(
                    engine.residuals(fit.u, sigma) ** 2) - 1e-6:
                fit = again
                continue
            converged = True
            break
        theta = theta + step / max(1.0, change)
    assert engine is not None and fit is not None
    if not converged:
        # the loop moved θ after the last solve: refit at the final θ so that the pair matches
        engine = make(Z * np.exp(Z @ theta)[:, None])
        fit = engine.search(u0=fit.u, max_nfev=max_nfev or 40)
        nfev += fit.nfev
    fit.nfev = nfev
    return Multiplicative(engine=engine, fit=fit, shape=theta, iterations=it,
                          converged=converged, change=change)
