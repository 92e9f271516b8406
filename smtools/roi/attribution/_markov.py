"""Markov-chain attribution with removal effects computed exactly by linear algebra."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from smtools.errors import DataError
from smtools.roi.attribution._paths import (
    DirectMode,
    PathSet,
    as_paths,
    check_has_conversions,
)

__all__ = ["Markov", "markov"]

ORDERS = (1, 2, 3)
START, CONVERSION, NULL = "(start)", "(conversion)", "(null)"
_DENSE_LIMIT = 400


@dataclass(frozen=True)
class Chain:
    """An absorbing Markov chain estimated from paths.

    Transient state 0 is ``(start)``; states ``1..n-1`` are the observed windows of
    ``order`` consecutive touches (shorter for paths shorter than the order). ``counts``
    holds transitions between transient states, ``to_conversion`` / ``to_null`` the
    transitions into the two absorbing states, all weighted by path counts.
    """

    order: int
    channels: tuple[str, ...]
    digits: np.ndarray  # (n_states, order) channel code + 1 of each window, 0 = padding
    counts: sp.csr_matrix
    to_conversion: np.ndarray
    to_null: np.ndarray

    @property
    def n_states(self) -> int:
        return self.counts.shape[0]

    @property
    def out_total(self) -> np.ndarray:
        return np.asarray(self.counts.sum(axis=1)).ravel() + self.to_conversion + self.to_null

    def probabilities(self) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """Transient-to-transient matrix Q and the absorption vectors (conversion, null)."""
        total = self.out_total
        inv = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
        q = sp.diags(inv) @ self.counts
        return q.tocsr(), self.to_conversion * inv, self.to_null * inv

    def labels(self) -> list[str]:
        """Readable name of every transient state."""
        names = np.asarray(self.channels, dtype=object)
        out = [START]
        for row in self.digits[1:]:
            out.append(" > ".join(names[row[row > 0] - 1]))
        return out

    def contains(self) -> np.ndarray:
        """Boolean (n_states, n_channels): whether a state's window holds a channel."""
        n_ch = len(self.channels)
        member = np.zeros((self.n_states, n_ch + 1), dtype=bool)
        rows = np.repeat(np.arange(self.n_states), self.order)
        member[rows, self.digits.ravel()] = True
        return member[:, 1:]


def build_chain(ps: PathSet, order: int = 1, dedupe: bool = True) -> Chain:
    """Estimate the order-``order`` chain: count transitions between windows of touches."""
    weight = ps.conversions + ps.null
    useful = (weight > 0) & (ps.lengths > 0)
    if not useful.all():
        ps = ps.select(useful)
    lengths = ps.lengths
    n_paths = ps.n_paths
    n_ch = len(ps.channels)
    base = n_ch + 1
    if base ** order >= 2 ** 62:
        raise DataError(f"order={order} with {n_ch} channels gives too many states",
                        hint="use a lower order or group small channels together")
    if order == 1:
        # a state is one touch
        win_off = ps.offsets
        code = ps.touches.astype(np.int64) + 1
    else:
        # windows of ``order`` consecutive touches; a shorter path is one window
        n_win = np.maximum(lengths - order + 1, 1)
        win_path = np.repeat(np.arange(n_paths), n_win)
        win_off = np.concatenate([[0], np.cumsum(n_win)])
        start = ps.offsets[:-1][win_path] + (np.arange(win_off[-1]) - win_off[:-1][win_path])
        win_len = np.minimum(lengths[win_path], order)
        del win_path
        code = np.zeros(len(start), dtype=np.int64)
        last_touch = max(len(ps.touches) - 1, 0)
        for j in range(order):
            digit = np.where(j < win_len, ps.touches[np.minimum(start + j, last_touch)] + 1, 0)
            code = code * base + digit
        del start, win_len
    if dedupe and len(code) > 1:
        # a repeated state is a self-loop: merge it (ChannelAttribution does the same)
        keep = np.empty(len(code), dtype=bool)
        keep[0] = True
        np.not_equal(code[1:], code[:-1], out=keep[1:])
        keep[win_off[:-1]] = True  # the first state of every path
        n_win = np.add.reduceat(keep, win_off[:-1], dtype=np.int64)
        code = code[keep]
        del keep
        win_off = np.concatenate([[0], np.cumsum(n_win)])
    uniq, inv = _dense_unique(code, base ** order)
    del code
    state = inv + 1
    del inv
    n_states = len(uniq) + 1

    w = ps.conversions + ps.null
    first = win_off[:-1]
    last = win_off[1:] - 1
    inner = np.ones(len(state), dtype=bool)
    inner[last] = False
    frm = np.concatenate([np.zeros(n_paths, dtype=state.dtype), state[inner]])
    to = np.concatenate([state[first], state[np.flatnonzero(inner) + 1]])
    wt = None
    if not (w == 1).all():  # journeys: every path counts once, no weights needed
        win_path = np.repeat(np.arange(n_paths), np.diff(win_off))
        wt = np.concatenate([w, w[win_path[inner]]])
        del win_path
    del inner
    counts = _count_pairs(frm, to, wt, n_states)
    del frm, to, wt
    to_conv = np.bincount(state[last], ps.conversions, minlength=n_states)
    to_null = np.bincount(state[last], ps.null, minlength=n_states)

    digits = np.zeros((n_states, order), dtype=np.int64)
    rest = uniq.copy()
    for j in range(order - 1, -1, -1):
        digits[1:, j] = rest % base
        rest //= base
    return Chain(order=order, channels=ps.channels, digits=digits, counts=counts,
                 to_conversion=to_conv, to_null=to_null)


def _dense_unique(code: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(code, return_inverse=True)`` in linear time when codes are small."""
    if space <= 1 << 24:
        present = np.zeros(space, dtype=bool)
        present[code] = True
        uniq = np.flatnonzero(present)
        lookup = np.zeros(space, dtype=np.int32)
        lookup[uniq] = np.arange(len(uniq))
        return uniq, lookup[code]
    uniq, inv = np.unique(code, return_inverse=True)
    return uniq, inv.reshape(-1).astype(np.int64)


def _count_pairs(frm: np.ndarray, to: np.ndarray, weights: np.ndarray | None,
                 n: int) -> sp.csr_matrix:
    """Sparse n × n matrix of summed ``weights`` (1 each when None) per (from, to)."""
    if n * n <= 2 ** 20:  # up to 1024 states: a dense count table of 8 MB at most
        pair = frm.astype(np.int64) * n + to
        dense = np.bincount(pair, weights, minlength=n * n).astype(float).reshape(n, n)
        return sp.csr_matrix(dense)
    data = np.ones(len(frm)) if weights is None else weights
    return sp.coo_matrix((data, (frm, to)), shape=(n, n)).tocsr()


def absorption(q: sp.csr_matrix, r: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
    """Probability of ending in conversion from every state: solve ``(I - Q) h = r``.

    With ``keep`` only those states remain; transitions into the others are lost (they
    lead nowhere, as if they went to ``(null)``).
    """
    if keep is not None:
        idx = np.flatnonzero(keep)
        q = q[idx][:, idx]
        r = r[idx]
    n = q.shape[0]
    if n == 0:
        return np.zeros(0)
    if n <= _DENSE_LIMIT:
        a = np.eye(n) - q.toarray()
        return scipy.linalg.solve(a, r)
    a = (sp.identity(n, format="csc") - q).tocsc()
    return spla.splu(a).solve(r)


class Markov:
    """Markov-chain attribution (removal effects), computed exactly.

    The paths are read as an absorbing Markov chain: ``(start)`` → channel states →
    ``(conversion)`` or ``(null)``, with transition probabilities counted from the
    data. With ``order`` k a state is a window of k consecutive touches (a path
    ``a > b > c`` at order 2 walks ``(start)`` → ``a > b`` → ``b > c``; a path shorter
    than k is one state), as in ChannelAttribution. The probability of
    converting from the start, ``P``, and the same probability when every state that
    involves channel c is removed (its transitions lead nowhere), ``P_c``, come from
    solving ``(I - Q) h = r`` with sparse linear algebra, where Q holds the transient
    transition probabilities and r the probabilities of converting next. No
    simulation: the numbers are exact for the estimated chain.

    The removal effect of c is ``1 - P_c / P`` (equivalently, the share of converting
    journeys of the chain that pass through c); channels receive the conversions of
    the data in proportion to their removal effects, and the conversion value in the
    same proportions.

    Parameters
    ----------
    order : {1, 2, 3}
        Touches of history that make a state.
    dedupe : bool
        Merge repeated consecutive states (self-loops), as ChannelAttribution does. For
        order 1 this is collapsing repeated touches of one channel and changes nothing
        in the results (a self-loop does not change where a chain ends); for higher
        orders it matters (``a > a > b`` keeps the state ``a > a``).

    Attributes
    ----------
    attribution_ : DataFrame
        Per channel: ``conversions``, ``value``, ``removal_effect``.
    removal_effects_ : Series
        Removal effect per channel.
    conversion_probability_ : float
        Probability that a journey converts, from ``(start)``.
    transition_matrix_ : DataFrame
        Transition probabilities, rows ``(start)`` and the states, columns the states,
        ``(conversion)`` and ``(null)`` (each row adds up to 1).
    chain_ : Chain
        The estimated chain (counts per transition).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["facebook > search", "search", "facebook"],
    ...                       "total_conversions": [3, 1, 0], "total_null": [2, 4, 5]})
    >>> model = Markov(order=1).fit(frame)
    >>> model.removal_effects_.to_dict()
    {'facebook': 0.5, 'search': 1.0}
    >>> model.transition_matrix_.loc["(start)"].round(2).to_dict()
    {'facebook': 0.67, 'search': 0.33, '(conversion)': 0.0, '(null)': 0.0}
    """

    def __init__(self, *, order: int = 1, dedupe: bool = True) -> None:
        self.order = order
        self.dedupe = dedupe

    def fit(
        self,
        data: pd.DataFrame | PathSet,
        *,
        lookback_days: float | None = None,
        direct: DirectMode = "channel",
        path_col: str = "path",
        conversions_col: str = "total_conversions",
        value_col: str | None = "total_conversion_value",
        null_col: str | None = "total_null",
        sep: str = ">",
        currency: str | None = None,
    ) -> Markov:
        """Estimate the chain from journeys or a paths frame and attribute.

        Parameters are those of :func:`markov`. Returns ``self``.
        """
        order = check_order(self.order)
        ps = as_paths(data, lookback_days=lookback_days, direct=direct, path_col=path_col,
                      conversions_col=conversions_col, value_col=value_col,
                      null_col=null_col, sep=sep, currency=currency, times=False)
        check_has_conversions(ps)
        chain = build_chain(ps, order, bool(self.dedupe))
        q, r, _ = chain.probabilities()
        h = absorption(q, r)
        p = float(h[0])
        member = chain.contains()
        effects = np.zeros(len(ps.channels))
        for c in range(len(ps.channels)):
            if not member[:, c].any():
                continue
            keep = ~member[:, c]
            p_c = float(absorption(q, r, keep)[0])
            effects[c] = min(max(1.0 - p_c / p, 0.0), 1.0) if p > 0 else 0.0
        total = ps.total_conversions
        share = effects / effects.sum() if effects.sum() > 0 else effects
        index = ps.channel_index()
        self.chain_ = chain
        self.conversion_probability_ = p
        self.removal_effects_ = pd.Series(ps.per_channel(effects), index=index,
                                          name="removal_effect")
        value = (ps.per_channel(share * ps.total_value) if ps.total_value is not None
                 else np.full(len(index), np.nan))
        self.attribution_ = pd.DataFrame({
            "conversions": ps.per_channel(share * total),
            "value": value,
            "removal_effect": self.removal_effects_.to_numpy(),
        }, index=index)
        info = ps.describe()
        info.update(model=f"markov order {order}", order=order, dedupe=bool(self.dedupe),
                    conversion_probability=p, states=chain.n_states - 1)
        self.attribution_.attrs.update(info)
        self.info_ = info
        return self

    @property
    def transition_matrix_(self) -> pd.DataFrame:
        chain = self._fitted()
        q, r, null = chain.probabilities()
        labels = chain.labels()
        dense = np.column_stack([q.toarray()[:, 1:], r, null])
        return pd.DataFrame(dense, index=pd.Index(labels, name="from"),
                            columns=pd.Index([*labels[1:], CONVERSION, NULL], name="to"))

    def _fitted(self) -> Chain:
        if not hasattr(self, "chain_"):
            raise DataError("this Markov model is not fitted yet",
                            hint="call .fit(journeys_or_paths) first")
        return self.chain_

    def __repr__(self) -> str:
        return f"Markov(order={self.order!r}, dedupe={self.dedupe!r})"


def check_order(order: object) -> int:
    """Validate the Markov order."""
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) \
            or int(order) not in ORDERS:
        raise DataError(f"order={order!r} is not a supported Markov order",
                        hint="use order=1, 2 or 3 (touches of history per state)")
    return int(order)


def markov(
    data: pd.DataFrame,
    order: int = 1,
    *,
    dedupe: bool = True,
    lookback_days: float | None = None,
    direct: DirectMode = "channel",
    path_col: str = "path",
    conversions_col: str = "total_conversions",
    value_col: str | None = "total_conversion_value",
    null_col: str | None = "total_null",
    sep: str = ">",
    currency: str | None = None,
) -> pd.DataFrame:
    """Conversions and value per channel from a Markov chain's removal effects (exact).

    See :class:`Markov` for the method; this is ``Markov(order=order,
    dedupe=dedupe).fit(data, ...).attribution_``. Use the class to read the
    transition matrix.

    Parameters
    ----------
    data : DataFrame
        The journeys table (``user_key``, ``ts``, ``event``, ``channel``…) or an
        aggregated paths frame (``path``, ``total_conversions``, ``total_null``…).
        Without ``total_null`` every path converts and only the order of touches
        informs the chain.
    order : {1, 2, 3}
        Touches of history that make a state.
    dedupe : bool
        Merge repeated consecutive states (see :class:`Markov`).
    lookback_days, direct
        How journeys are cut into paths (see :func:`paths`); ignored for a paths frame.
    path_col, conversions_col, value_col, null_col, sep
        Columns and channel separator of a paths frame (ChannelAttribution's names).
    currency : str, optional
        Currency of the values, when the data does not say.

    Returns
    -------
    DataFrame
        Indexed by ``channel``: ``conversions`` (adds up to the conversions in the
        data), ``value`` (the conversion value in the same proportions; NaN without
        values) and ``removal_effect``.

    Raises
    ------
    DataError
        No conversions, missing columns, negative totals, an order other than 1–3.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["facebook > search", "search", "facebook"],
    ...                       "total_conversions": [3, 1, 0],
    ...                       "total_conversion_value": [300.0, 50.0, 0.0],
    ...                       "total_null": [2, 4, 5]})
    >>> markov(frame).round(2)  # doctest: +NORMALIZE_WHITESPACE
              conversions   value  removal_effect
    channel
    facebook         1.33  116.67             0.5
    search           2.67  233.33             1.0
    """
    return Markov(order=order, dedupe=dedupe).fit(
        data, lookback_days=lookback_days, direct=direct, path_col=path_col,
        conversions_col=conversions_col, value_col=value_col, null_col=null_col, sep=sep,
        currency=currency).attribution_
