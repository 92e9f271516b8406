"""Shapley-value attribution over channel coalitions."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from smtools.errors import DataError
from smtools.roi.attribution._paths import (
    DirectMode,
    PathSet,
    as_paths,
    check_has_conversions,
)

__all__ = ["shapley"]

#: Most channels the coalition method accepts, whatever ``max_channels`` says
#: (2**20 coalitions: about 8 MB per array).
HARD_LIMIT = 20

Method = Literal["coalitions", "simplified"]


def coalition_values(mask: np.ndarray, amounts: np.ndarray, m: int) -> np.ndarray:
    """v(S) for every coalition S (bit mask): total of the paths whose channel set ⊆ S."""
    v = np.bincount(mask, amounts, minlength=1 << m).astype(float)
    for i in range(m):  # sum over subsets (zeta transform), one channel at a time
        block = v.reshape(-1, 2, 1 << i)
        block[:, 1, :] += block[:, 0, :]
    return v


def shapley_from_game(v: np.ndarray, m: int) -> np.ndarray:
    """Shapley value of each of ``m`` players for characteristic function ``v`` (2**m)."""
    size = np.zeros(1 << m, dtype=np.int64)
    for i in range(m):
        size.reshape(-1, 2, 1 << i)[:, 1, :] += 1
    # weight of a coalition S not containing i, |S| = s: s! (m - s - 1)! / m!
    weight = np.array([1.0 / (m * math.comb(m - 1, s)) for s in range(m)])
    phi = np.empty(m)
    for i in range(m):
        vb = v.reshape(-1, 2, 1 << i)
        sb = size.reshape(-1, 2, 1 << i)
        phi[i] = float(np.sum((vb[:, 1, :] - vb[:, 0, :]) * weight[sb[:, 0, :]]))
    return phi


def shapley_of(ps: PathSet, *, method: Method = "coalitions",
               max_channels: int = 12) -> pd.DataFrame:
    """:func:`shapley` on an already built :class:`PathSet`."""
    if method not in ("coalitions", "simplified"):
        raise DataError(f"method={method!r} is not a Shapley method",
                        hint="use method='coalitions' or method='simplified'")
    if isinstance(max_channels, bool) or not isinstance(max_channels, (int, np.integer)) \
            or not 1 <= max_channels <= HARD_LIMIT:
        raise DataError(f"max_channels={max_channels!r} is not a number of channels from 1 "
                        f"to {HARD_LIMIT}",
                        hint="leave the default (12), or use method='simplified' beyond "
                             f"{HARD_LIMIT} channels")
    check_has_conversions(ps)
    conv = ps.converting()
    n_ch = len(ps.channels)
    value_per_code = None
    if method == "simplified":
        conv_per_code, value_per_code = _simplified(conv, n_ch)
    else:
        players = np.unique(conv.touches)
        m = len(players)
        if m > max_channels:
            names = ", ".join(sorted(ps.channels[c] for c in players))
            raise DataError(
                f"exact Shapley values over coalitions are limited to max_channels="
                f"{max_channels} channels, and the converting paths involve {m} ({names})",
                hint="group small channels together, raise max_channels= (the work doubles "
                     f"with each channel; at most {HARD_LIMIT}), or use "
                     "method='simplified', the closed form of the same values",
            )
        rank = np.full(n_ch, -1, dtype=np.int64)
        rank[players] = np.arange(m)
        bits = np.left_shift(np.int64(1), rank[conv.touches])
        mask = np.bitwise_or.reduceat(bits, conv.offsets[:-1]) if len(bits) else bits
        conv_per_code = np.zeros(n_ch)
        conv_per_code[players] = shapley_from_game(
            coalition_values(mask, conv.conversions, m), m)
        if conv.value is not None:
            value_per_code = np.zeros(n_ch)
            value_per_code[players] = shapley_from_game(
                coalition_values(mask, conv.value, m), m)
    out = pd.DataFrame({
        "conversions": ps.per_channel(conv_per_code),
        "value": (ps.per_channel(value_per_code) if value_per_code is not None
                  else np.full(n_ch, np.nan)),
    }, index=ps.channel_index())
    info = ps.describe()
    info.update(model="shapley", method=method)
    out.attrs.update(info)
    return out


def _simplified(ps: PathSet, n_ch: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Zhao et al. (2018): each path's total split equally among its distinct channels."""
    key = np.unique(ps.path_of_touch() * n_ch + ps.touches)
    path, code = key // n_ch, key % n_ch
    distinct = np.bincount(path, minlength=ps.n_paths)
    conv = np.bincount(code, ps.conversions[path] / distinct[path], minlength=n_ch)
    value = None
    if ps.value is not None:
        value = np.bincount(code, ps.value[path] / distinct[path], minlength=n_ch)
    return conv, value


def shapley(
    data: pd.DataFrame,
    *,
    method: Method = "coalitions",
    max_channels: int = 12,
    lookback_days: float | None = None,
    direct: DirectMode = "channel",
    path_col: str = "path",
    conversions_col: str = "total_conversions",
    value_col: str | None = "total_conversion_value",
    null_col: str | None = "total_null",
    sep: str = ">",
    currency: str | None = None,
) -> pd.DataFrame:
    """Conversions and value per channel as Shapley values of a coalition game.

    The game is the one of Zhao, Mahboobi & Bagheri (2018), "Shapley value methods for
    attribution modeling in online advertising": the worth of a coalition S of channels
    is the number of conversions of the paths whose set of channels is a subset of S
    (order and repetitions of touches do not matter; paths that did not convert add
    nothing). The Shapley value of channel i is computed over all coalitions:

    ``phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))``

    Zhao et al.'s "simplified Shapley value" is the closed form of that same sum for
    this game: every converting path's conversions split equally among its distinct
    channels. ``method="simplified"`` uses it (no limit on channels); the default
    ``method="coalitions"`` evaluates the sum over the ``2**n`` coalitions and refuses
    more than ``max_channels`` channels. The value is attributed by the same game
    with conversion value as worth, so each path's value is split like its
    conversions. The values add up to the conversions (value) of the data
    (efficiency); channels that only appear in paths that did not convert get 0.

    Parameters
    ----------
    data : DataFrame
        The journeys table or an aggregated paths frame.
    method : {"coalitions", "simplified"}
        Sum over coalitions (exact, exponential in channels) or its closed form.
    max_channels : int
        Most channels (in converting paths) the coalition method accepts; up to 20.
    lookback_days, direct
        How journeys are cut into paths (see :func:`paths`); ignored for a paths frame.
    path_col, conversions_col, value_col, null_col, sep
        Columns and channel separator of a paths frame (ChannelAttribution's names).
    currency : str, optional
        Currency of the values, when the data does not say.

    Returns
    -------
    DataFrame
        Indexed by ``channel``: ``conversions`` and ``value`` (NaN without values).

    Raises
    ------
    DataError
        No conversions, more channels than ``max_channels``, bad parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["facebook > search", "search > search", "email"],
    ...                       "total_conversions": [4, 2, 0], "total_null": [6, 8, 3]})
    >>> shapley(frame)  # doctest: +NORMALIZE_WHITESPACE
              conversions  value
    channel
    email             0.0    NaN
    facebook          2.0    NaN
    search            4.0    NaN
    """
    ps = as_paths(data, lookback_days=lookback_days, direct=direct, path_col=path_col,
                  conversions_col=conversions_col, value_col=value_col, null_col=null_col,
                  sep=sep, currency=currency, times=False)
    return shapley_of(ps, method=method, max_channels=max_channels)
