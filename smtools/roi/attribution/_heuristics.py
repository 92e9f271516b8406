"""Rule-based attribution: first touch, last touch, linear, time decay, position based."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from smtools.errors import DataError
from smtools.roi.attribution._paths import (
    DirectMode,
    PathSet,
    as_paths,
    check_has_conversions,
)

__all__ = ["HEURISTICS", "heuristics"]

#: Heuristic models, in the order their columns appear.
HEURISTICS: tuple[str, ...] = ("first_touch", "last_touch", "linear", "time_decay",
                               "position_based")


def check_models(models: Sequence[str] | str | None, ps: PathSet,
                 known: Sequence[str] = HEURISTICS) -> list[str]:
    """Validate ``models`` (default: every heuristic the data allows)."""
    if models is None:
        return [m for m in HEURISTICS if m != "time_decay" or ps.age_days is not None]
    chosen = [models] if isinstance(models, str) else list(models)
    for m in chosen:
        if m not in known:
            raise DataError(f"unknown attribution model {m!r} in models=",
                            hint=f"use some of {', '.join(known)}")
    if "time_decay" in chosen and ps.age_days is None:
        raise DataError(
            "the time_decay model needs the time of every touch, which a paths frame does "
            "not have", hint="pass the journeys table, or leave time_decay out of models=")
    if not chosen:
        raise DataError("models= names no model", hint=f"use some of {', '.join(known)}")
    return list(dict.fromkeys(chosen))


def check_half_life(half_life: float) -> float:
    try:
        value = float(half_life)
    except (TypeError, ValueError):
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise DataError(f"half_life={half_life!r} is not a positive number of days",
                        hint="pass the days after which a touch counts half, e.g. "
                             "half_life=7")
    return value


def check_position_weights(weights: Sequence[float]) -> tuple[float, float, float]:
    try:
        first, middle, last = (float(w) for w in weights)
    except (TypeError, ValueError):
        raise DataError(f"position_weights={weights!r} is not three numbers",
                        hint="pass (first, middle, last) shares, e.g. (0.4, 0.2, 0.4)") from None
    if min(first, middle, last) < 0 or not math.isclose(first + middle + last, 1.0,
                                                        abs_tol=1e-9):
        raise DataError(f"position_weights={weights!r} must be three shares ≥ 0 adding up to 1",
                        hint="pass (first, middle, last) shares, e.g. (0.4, 0.2, 0.4)")
    return first, middle, last


def touch_weights(ps: PathSet, model: str, *, half_life: float = 7.0,
                  position_weights: tuple[float, float, float] = (0.4, 0.2, 0.4)
                  ) -> np.ndarray:
    """Share of its path's conversions that each touch receives (shares sum to 1 per path)."""
    lengths = ps.lengths
    n_touch = np.repeat(lengths, lengths).astype(float)
    pos = ps.position()
    if model == "first_touch":
        return (pos == 0).astype(float)
    if model == "last_touch":
        return (pos == n_touch - 1).astype(float)
    if model == "linear":
        return 1.0 / n_touch
    if model == "position_based":
        first, middle, last = position_weights
        ends = first + last
        w = np.where(n_touch >= 3, middle / np.maximum(n_touch - 2, 1), 0.0)
        two_first = first / ends if ends > 0 else 0.5
        two_last = last / ends if ends > 0 else 0.5
        w = np.where(pos == 0, np.where(n_touch >= 3, first, two_first), w)
        w = np.where((pos == n_touch - 1) & (n_touch >= 2),
                     np.where(n_touch >= 3, last, two_last), w)
        return np.where(n_touch == 1, 1.0, w)
    if model == "time_decay":
        assert ps.age_days is not None
        age = ps.age_days
        starts = ps.offsets[:-1][lengths > 0]
        youngest = np.zeros(ps.n_paths)
        youngest[lengths > 0] = np.minimum.reduceat(age, starts)
        path = ps.path_of_touch()
        raw = np.exp2(-(age - youngest[path]) / half_life)
        return raw / np.bincount(path, raw, minlength=ps.n_paths)[path]
    raise DataError(f"unknown heuristic model {model!r}", hint=f"use one of {HEURISTICS}")


def attribute(ps: PathSet, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Conversions and value per channel code for per-touch shares ``weights``."""
    path = ps.path_of_touch()
    n = len(ps.channels)
    conv = np.bincount(ps.touches, weights * ps.conversions[path], minlength=n)
    value = None
    if ps.value is not None:
        value = np.bincount(ps.touches, weights * ps.value[path], minlength=n)
    return conv, value


def heuristics(
    data: pd.DataFrame,
    *,
    models: Sequence[str] | None = None,
    half_life: float = 7.0,
    position_weights: Sequence[float] = (0.4, 0.2, 0.4),
    dedupe: bool = False,
    lookback_days: float | None = None,
    direct: DirectMode = "channel",
    path_col: str = "path",
    conversions_col: str = "total_conversions",
    value_col: str | None = "total_conversion_value",
    null_col: str | None = "total_null",
    sep: str = ">",
    currency: str | None = None,
) -> pd.DataFrame:
    """Conversions and value per channel under the rule-based attribution models.

    Each converting path hands out its conversions (and, in the same proportions, its
    value) to its touches:

    - ``first_touch`` / ``last_touch``: all to the first / last touch;
    - ``linear``: equally to every touch (a channel touched twice gets two shares);
    - ``time_decay``: in proportion to ``2 ** (-age / half_life)``, age in days between
      the touch and the conversion (journeys only: a paths frame has no times);
    - ``position_based``: ``position_weights`` = (first, middle, last), 40/20/40 by
      default: the middle share is split equally among the middle touches; with one
      touch it gets 100 %; with two touches the middle share is given to the ends in
      proportion to their weights (50/50 by default).

    Repeated consecutive touches of a channel are kept (each counts) unless
    ``dedupe=True``. First-touch, last-touch and linear match ChannelAttribution's
    ``heuristic_models`` exactly.

    Parameters
    ----------
    data : DataFrame
        The journeys table (``user_key``, ``ts``, ``event``, ``channel``…) or an
        aggregated paths frame (``path``, ``total_conversions``…).
    models : list of str, optional
        Which of ``first_touch``, ``last_touch``, ``linear``, ``time_decay``,
        ``position_based`` to compute; default all of them (all but ``time_decay`` for a
        paths frame).
    half_life : float
        Days after which a touch's time-decay weight halves.
    position_weights : (float, float, float)
        First, middle and last shares of the position-based model, adding up to 1.
    dedupe : bool
        Collapse repeated consecutive touches of one channel before attributing.
    lookback_days, direct
        How journeys are cut into paths (see :func:`paths`); ignored for a paths frame.
    path_col, conversions_col, value_col, null_col, sep
        Columns and channel separator of a paths frame (ChannelAttribution's names).
    currency : str, optional
        Currency of the values, when the data does not say.

    Returns
    -------
    DataFrame
        Indexed by ``channel`` (alphabetical): one column of attributed conversions per
        model (``first_touch``, ``last_touch``…), then the matching value columns
        (``first_touch_value``…; NaN when the data has no value). Each column adds up
        to the conversions (value) of the data. ``attrs`` describes the paths.

    Raises
    ------
    DataError
        No conversions, missing columns, negative totals, unknown models or bad
        parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["facebook > search > email", "search", "email"],
    ...                       "total_conversions": [4, 1, 0], "total_null": [6, 9, 5]})
    >>> result = heuristics(frame, models=["first_touch", "linear", "position_based"])
    >>> cols = ["first_touch", "linear", "position_based"]
    >>> result[cols].round(2)  # doctest: +NORMALIZE_WHITESPACE
              first_touch  linear  position_based
    channel
    email             0.0    1.33             1.6
    facebook          4.0    1.33             1.6
    search            1.0    2.33             1.8
    >>> result.columns.tolist()[3:]
    ['first_touch_value', 'linear_value', 'position_based_value']
    """
    wanted = [models] if isinstance(models, str) else models
    ps = as_paths(data, lookback_days=lookback_days, direct=direct, path_col=path_col,
                  conversions_col=conversions_col, value_col=value_col, null_col=null_col,
                  sep=sep, currency=currency,
                  times=wanted is None or "time_decay" in list(wanted))
    return heuristics_of(ps, models=models, half_life=half_life,
                         position_weights=position_weights, dedupe=dedupe)


def heuristics_of(ps: PathSet, *, models: Sequence[str] | None = None,
                  half_life: float = 7.0,
                  position_weights: Sequence[float] = (0.4, 0.2, 0.4),
                  dedupe: bool = False) -> pd.DataFrame:
    """:func:`heuristics` on an already built :class:`PathSet`."""
    chosen = check_models(models, ps)
    hl = check_half_life(half_life)
    pw = check_position_weights(position_weights)
    check_has_conversions(ps)
    all_channels = ps
    work = ps.dedupe() if dedupe else ps
    work = work.converting()
    conv_cols: dict[str, np.ndarray] = {}
    value_cols: dict[str, np.ndarray] = {}
    for m in chosen:
        conv, value = attribute(work, touch_weights(work, m, half_life=hl,
                                                   position_weights=pw))
        conv_cols[m] = all_channels.per_channel(conv)
        value_cols[f"{m}_value"] = (all_channels.per_channel(value) if value is not None
                                    else np.full(len(ps.channels), np.nan))
    out = pd.DataFrame({**conv_cols, **value_cols}, index=all_channels.channel_index())
    out.attrs.update(ps.describe())
    return out
