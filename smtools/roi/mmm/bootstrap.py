"""Uncertainty by a circular block bootstrap of the residuals, with refitted hyperparameters.

Each draw keeps the spend, the baseline design and the fitted values, and
replaces the residuals by a circular block bootstrap sample of the fitted
model's residuals (centred, and inflated by ``√(n / (n − p))`` for the ``p``
coefficients and hyperparameters fitted, since fitted residuals understate
the errors — Davison & Hinkley 1997, §6.2): blocks of ``L`` consecutive residuals starting at
random periods, wrapping around the end (Politis & Romano 1992), so that the
autocorrelation a misfit leaves in the residuals — carry-over is the usual
cause — survives within blocks. The model is then refitted to the new target:
coefficients exactly, hyperparameters by a local trust-region search started
from the original estimate (so the intervals include the uncertainty of the
adstock and saturation, not only of the coefficients). With calibration, each
draw also redraws every measured lift from its normal sampling distribution.
A draw's search stops at a relative change of the criterion of ``DRAW_FTOL``
(10⁻⁶; the point estimate goes to 10⁻⁸): on the demo clients this moves the
interval bounds by under 1 %, less than changing the seed of the draws does,
and takes 40 % less time.

The block length is ``L = max(ceil(1.5 · n^(1/3)), carry-over)``, where
carry-over is the number of periods the slowest channel needs to deliver 90 %
of its effect, capped at ``n / 4``: blocks at least as long as the carry-over
keep a spend's whole response inside one block.

Intervals are percentile intervals of the draws at the model's ``level``.

Examples
--------
>>> block_length(104, carryover=2)
8
>>> len(circular_blocks(10, 4, np.random.default_rng(0)))
10
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from smtools.roi.mmm._engine import Engine, Fit
from smtools.roi.mmm._threads import single_threaded_blas

__all__ = ["Draws", "block_length", "circular_blocks", "run", "DRAW_FTOL", "DRAW_XTOL"]

#: Stopping tolerances of each draw's local search (criterion, hyperparameters).
DRAW_FTOL, DRAW_XTOL = 1e-6, 1e-5


def block_length(n: int, *, carryover: int) -> int:
    """The bootstrap block length for ``n`` periods and a carry-over in periods.

    Examples
    --------
    >>> block_length(730, carryover=30)
    30
    """
    base = int(np.ceil(1.5 * n ** (1 / 3)))
    return int(max(2, min(max(base, int(carryover)), max(2, n // 4))))


def circular_blocks(n: int, length: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of a circular block bootstrap sample of ``n`` periods.

    Examples
    --------
    >>> circular_blocks(6, 3, np.random.default_rng(3)).tolist()  # blocks wrap around
    [4, 5, 0, 0, 1, 2]
    """
    n_blocks = int(np.ceil(n / length))
    starts = rng.integers(0, n, n_blocks)
    return ((starts[:, None] + np.arange(length)[None, :]).ravel()[:n]) % n


@dataclass
class Draws:
    """Bootstrap draws: hyperparameters (unit box), coefficients, and how they were made."""

    u: np.ndarray
    coef_base: np.ndarray
    coef_media: np.ndarray
    block: int
    seconds: float
    failed: int = 0


def _one(args: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    engine, fit, resid, seed, block, max_nfev = args
    rng = np.random.default_rng(seed)
    idx = circular_blocks(len(resid), block, rng)
    y = fit.fitted * engine.y_scale + resid[idx]
    eng = engine.with_target(y, scale=engine.y_scale)
    cal = engine.calibration
    if cal is not None:
        eng.calibration = replace(cal, lift=cal.lift + cal.se * rng.standard_normal(
            len(cal.lift)))
    try:
        f = eng.search(u0=fit.u, max_nfev=max_nfev, ftol=DRAW_FTOL, xtol=DRAW_XTOL)
        return f.u, f.coef_base, f.coef_media, True
    except (ValueError, np.linalg.LinAlgError):
        return fit.u, fit.coef_base, fit.coef_media, False


def _chunk(args: list[tuple]) -> list[tuple]:
    with single_threaded_blas():
        return [_one(a) for a in args]


def run(engine: Engine, fit: Fit, *, draws: int, block: int, seed: int = 0,
        n_jobs: int = 1, max_nfev: int | None = None) -> Draws:
    """Run ``draws`` bootstrap refits of ``engine`` around ``fit``.

    Parameters
    ----------
    engine : Engine
        The engine the fit came from (target set).
    fit : Fit
        The fit to perturb.
    draws : int
        Number of bootstrap samples.
    block : int
        Block length in periods (see :func:`block_length`).
    seed : int
        Seed of the draws (draw ``i`` uses ``seed + i``: reproducible with any ``n_jobs``).
    n_jobs : int
        Worker processes (``-1``: all cores).
    max_nfev : int, optional
        Cap on the local search of each draw (default ``25``).
    """
    import time

    t0 = time.perf_counter()
    resid = engine.y_raw - fit.fitted * engine.y_scale
    resid = resid - resid.mean()
    # fitted residuals are smaller than the errors: rescale by √(n / (n − parameters))
    n_par = engine.Z.shape[1] + engine.k + engine.dim
    resid = resid * np.sqrt(len(resid) / max(len(resid) - n_par, 1))
    cap = max_nfev or 25
    tasks = [(engine, fit, resid, seed + 1 + i, block, cap) for i in range(draws)]
    workers = (os.cpu_count() or 1) if n_jobs == -1 else max(1, int(n_jobs))
    if workers > 1 and draws > 1:
        chunks = [tasks[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_chunk, chunks))
        results: list[tuple] = [None] * draws  # type: ignore[list-item]
        for w, part in enumerate(parts):
            for j, res in enumerate(part):
                results[w + j * workers] = res
    else:
        results = [_one(t) for t in tasks]
    u = np.array([r[0] for r in results])
    b = np.array([r[1] for r in results])
    beta = np.array([r[2] for r in results])
    failed = sum(not r[3] for r in results)
    return Draws(u=u, coef_base=b, coef_media=beta, block=block,
                 seconds=time.perf_counter() - t0, failed=failed)
