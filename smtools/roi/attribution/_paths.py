"""Conversion paths: the one shape every attribution model reads.

Two inputs are accepted everywhere:

- the canonical ``journeys`` table (one row per touch or conversion of a user), cut
  into paths here: per user, events sorted by time (a touch and a conversion at the
  same instant: the touch comes first); each conversion closes a path made of the
  touches since the previous conversion of that user; touches after the user's last
  conversion form a path that did not convert (a *null* path);
- an aggregated *paths frame* as analytics tools and ChannelAttribution use it: one
  row per distinct path (``"facebook > search > email"``) with its conversions, their
  value and the number of paths that did not convert.

Both are turned into a :class:`PathSet`, a compact compressed-sparse-row layout
(touch channel codes plus path offsets) that the models work on with numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smtools.errors import DataError

__all__ = ["DIRECT", "PathSet", "as_paths", "paths"]

#: Channel name given to conversions that no touch preceded (``direct="channel"``).
DIRECT = "(direct/none)"

DirectMode = Literal["channel", "exclude"]

_PER_DAY = {"s": 86_400.0, "ms": 86_400e3, "us": 86_400e6, "ns": 86_400e9}
_JOURNEY_COLUMNS = ("user_key", "ts", "event", "channel")


@dataclass(frozen=True)
class PathSet:
    """Paths in compressed-sparse-row form (internal to the attribution models).

    Path ``i`` is the channel codes ``touches[offsets[i]:offsets[i + 1]]`` in time
    order; ``channels[code]`` is the channel name. ``conversions``, ``value`` and
    ``null`` hold, per path, the conversions it ended in, their value and the number
    of times the path ended without a conversion (a journeys path is one or the other;
    an aggregated row can be both).
    """

    channels: tuple[str, ...]
    offsets: np.ndarray
    touches: np.ndarray
    conversions: np.ndarray
    null: np.ndarray
    value: np.ndarray | None = None
    age_days: np.ndarray | None = None
    currency: str | None = None
    origin: Literal["journeys", "paths"] = "paths"
    direct: DirectMode = "channel"
    direct_conversions: float = 0.0
    lookback_days: float | None = None
    dropped_touches: int = 0

    # -- shape -----------------------------------------------------------------------
    @property
    def n_paths(self) -> int:
        """Number of paths (rows of the layout)."""
        return len(self.offsets) - 1

    @property
    def lengths(self) -> np.ndarray:
        """Touches per path."""
        return np.diff(self.offsets)

    def path_of_touch(self) -> np.ndarray:
        """Path index of every touch."""
        return np.repeat(np.arange(self.n_paths), self.lengths)

    def position(self) -> np.ndarray:
        """0-based position of every touch inside its path."""
        return np.arange(len(self.touches)) - np.repeat(self.offsets[:-1], self.lengths)

    @property
    def total_conversions(self) -> float:
        """Conversions of all paths."""
        return float(self.conversions.sum())

    @property
    def total_value(self) -> float | None:
        """Value of all conversions (``None`` when the data has no value)."""
        return None if self.value is None else float(self.value.sum())

    # -- transformations -------------------------------------------------------------
    def select(self, keep: np.ndarray) -> PathSet:
        """The paths where ``keep`` (boolean, one per path) is true."""
        keep = np.asarray(keep, dtype=bool)
        lengths = self.lengths[keep]
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        touch_keep = np.repeat(keep, self.lengths)
        return replace(
            self,
            offsets=offsets,
            touches=self.touches[touch_keep],
            conversions=self.conversions[keep],
            null=self.null[keep],
            value=None if self.value is None else self.value[keep],
            age_days=None if self.age_days is None else self.age_days[touch_keep],
        )

    def converting(self) -> PathSet:
        """Only the paths that ended in at least one conversion (or carry value)."""
        keep = self.conversions > 0
        if self.value is not None:
            keep |= self.value != 0
        return self.select(keep)

    def dedupe(self) -> PathSet:
        """Collapse repeated consecutive touches of one channel (``a > a > b`` → ``a > b``)."""
        n = len(self.touches)
        if n == 0:
            return self
        first = np.zeros(n, dtype=bool)
        first[self.offsets[:-1][self.lengths > 0]] = True
        keep = first.copy()
        keep[1:] |= self.touches[1:] != self.touches[:-1]
        path = self.path_of_touch()[keep]
        lengths = np.bincount(path, minlength=self.n_paths)
        # a run keeps the time of its first touch
        age = None if self.age_days is None else self.age_days[keep]
        return replace(self, touches=self.touches[keep],
                       offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
                       age_days=age)

    def aggregate(self) -> PathSet:
        """Identical paths merged into one row with their counts summed (times dropped)."""
        gid, first = group_sequences(self.offsets, self.touches, len(self.channels))
        n = len(first)
        # groups are numbered by first occurrence, so ``first`` is increasing and the
        # representatives come out of ``select`` in group order
        keep = np.zeros(self.n_paths, dtype=bool)
        keep[first] = True
        rep = self.select(keep)
        value = None if self.value is None else np.bincount(gid, self.value, minlength=n)
        return replace(rep, conversions=np.bincount(gid, self.conversions, minlength=n),
                       null=np.bincount(gid, self.null, minlength=n), value=value,
                       age_days=None)

    def strings(self, sep: str = ">") -> np.ndarray:
        """One ``"a > b > c"`` string per path."""
        joiner = f" {sep.strip() or sep} "
        names = pa.array(list(self.channels), type=pa.string())
        values = pc.take(names, pa.array(self.touches, type=pa.int64()))
        lists = pa.LargeListArray.from_arrays(pa.array(self.offsets, type=pa.int64()), values)
        joined = pc.binary_join(lists, joiner)
        return np.asarray(joined.to_pylist(), dtype=object)

    def channel_index(self) -> pd.Index:
        """Channels in the order results are reported (alphabetical)."""
        return pd.Index(sorted(self.channels), name="channel")

    def per_channel(self, amounts: np.ndarray) -> np.ndarray:
        """Reorder an array indexed by channel code into :meth:`channel_index` order."""
        order = np.argsort(np.asarray(self.channels, dtype=object), kind="stable")
        return np.asarray(amounts, dtype=float)[order]

    def describe(self) -> dict[str, object]:
        """Facts about how the paths were built, for result notes."""
        return {
            "origin": self.origin,
            "paths": int(self.n_paths),
            "conversions": self.total_conversions,
            "value": self.total_value,
            "currency": self.currency,
            "direct": self.direct,
            "direct_conversions": self.direct_conversions,
            "lookback_days": self.lookback_days,
            "dropped_touches": self.dropped_touches,
        }


# ------------------------------------------------------------------------------------
# grouping identical sequences
# ------------------------------------------------------------------------------------
def group_sequences(offsets: np.ndarray, touches: np.ndarray,
                    n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """Group identical code sequences exactly.

    Returns ``gid`` (group of every sequence, numbered by first occurrence) and
    ``first`` (index of the first sequence of each group). Sequences of one length are
    packed into one integer each when they fit in 63 bits, compared row-wise otherwise.
    """
    lengths = np.diff(offsets)
    n = len(lengths)
    raw = np.empty(n, dtype=np.int64)
    bits = max(1, (int(n_codes) - 1).bit_length())  # codes are 0 … n_codes - 1
    next_id = 0
    by_length = np.argsort(lengths, kind="stable")
    bounds = np.flatnonzero(np.diff(lengths[by_length])) + 1
    for idx in np.split(by_length, bounds):
        if len(idx) == 0:
            continue
        length = int(lengths[idx[0]])
        if length == 0:
            inv = np.zeros(len(idx), dtype=np.int64)
            count = 1
        else:
            mat = touches[offsets[idx][:, None] + np.arange(length)].astype(np.int64)
            if bits * length <= 63:
                key = np.zeros(len(idx), dtype=np.int64)
                for j in range(length):
                    key = (key << bits) | mat[:, j]
                uniq, inv = np.unique(key, return_inverse=True)
            else:
                uniq, inv = np.unique(mat, axis=0, return_inverse=True)
            count = len(uniq)
        raw[idx] = inv.reshape(-1) + next_id
        next_id += count
    # renumber groups by first occurrence
    _, first, inv = np.unique(raw, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inv.reshape(-1)], first[order]


# ------------------------------------------------------------------------------------
# journeys → paths
# ------------------------------------------------------------------------------------
def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str, hint: str) -> None:
    for col in columns:
        if col not in frame.columns:
            raise DataError(f"the {what} has no column '{col}'", column=col, hint=hint)


def _bad_row(mask: np.ndarray) -> int:
    """1-based row number of the first true entry."""
    return int(np.flatnonzero(mask)[0]) + 1


def _group_codes(frame: pd.DataFrame) -> np.ndarray:
    """Integer code per row identifying the user (client × user_key)."""
    keys = ["user_key"]
    if "client" in frame.columns:
        client = frame["client"]
        if client.isna().any():
            raise DataError("a journey row has no client", row=_bad_row(client.isna().to_numpy()),
                            column="client", hint="fill the client slug on every row")
        if client.nunique() > 1:
            keys = ["client", "user_key"]
    codes = None
    for key in keys:
        col = frame[key]
        if isinstance(col.dtype, pd.CategoricalDtype):
            c = col.cat.codes.to_numpy().astype(np.int64)
            n_unique = len(col.cat.categories)
        else:
            c, uniq = pd.factorize(col, use_na_sentinel=True)
            c = c.astype(np.int64, copy=False)
            n_unique = len(uniq)
        if (c < 0).any():
            raise DataError(f"a journey row has no {key}", row=_bad_row(c < 0), column=key,
                            hint=f"every touch and conversion needs its {key}")
        codes = c if codes is None else codes * n_unique + c
    assert codes is not None
    return codes


def _contiguous_user_codes(frame: pd.DataFrame) -> np.ndarray | None:
    """User codes without hashing when the frame is already sorted by user.

    A table read with ``ORDER BY user_key, ts`` (as the workspace returns it) needs no
    factorisation: a new user starts wherever the key changes.
    """
    if "client" in frame.columns and frame["client"].nunique() > 1:
        return None
    col = frame["user_key"]
    if isinstance(col.dtype, pd.CategoricalDtype) or col.isna().any() or len(col) < 2:
        return None
    arr = col.array
    try:
        descending = np.asarray(arr[1:] < arr[:-1], dtype=bool)
        if descending.any():
            return None
        changed = np.asarray(arr[1:] != arr[:-1], dtype=bool)
    except TypeError:
        return None
    codes = np.zeros(len(col), dtype=np.int64)
    np.cumsum(changed, out=codes[1:])
    return codes


def _sort_order(user: np.ndarray, t: np.ndarray, conv: np.ndarray) -> np.ndarray | None:
    """Permutation sorting rows by (user, time, touch before conversion); None if sorted."""
    if len(user) < 2:
        return None
    u0, u1, t0, t1, c0, c1 = user[:-1], user[1:], t[:-1], t[1:], conv[:-1], conv[1:]
    later = (t1 > t0) | ((t1 == t0) & (c1 >= c0))
    if ((u1 > u0) | ((u1 == u0) & later)).all():
        return None
    t_min = int(t.min())
    t_bits = (int(t.max()) - t_min).bit_length()
    u_bits = int(user.max()).bit_length()
    if u_bits + t_bits + 1 <= 63:
        # one packed int64 key (user, time, conversion flag), built in place
        key = user << (t_bits + 1)
        part = t - t_min
        part <<= 1
        key |= part
        del part
        np.bitwise_or(key, conv, out=key, casting="unsafe")
        return np.argsort(key, kind="stable")
    return np.lexsort((conv, t, user))


def _currency(frame: pd.DataFrame, column: str = "currency") -> str | None:
    if column not in frame.columns:
        return None
    codes = frame[column].dropna().unique()
    if len(codes) > 1:
        first = frame[column].dropna().iloc[0]
        bad = (frame[column].notna() & (frame[column] != first)).to_numpy()
        raise DataError(
            f"the data mixes currencies ({', '.join(sorted(map(str, codes)))}); conversion "
            "values in different currencies are never added together",
            row=_bad_row(bad), column=column,
            hint="attribute each currency separately, or convert the values to one currency "
                 "first",
        )
    return str(codes[0]) if len(codes) else None


def _check_direct(direct: str) -> None:
    if direct not in ("channel", "exclude"):
        raise DataError(f"direct={direct!r} is not a way to handle conversions without a touch",
                        hint="use direct='channel' (count them as '(direct/none)') or "
                             "direct='exclude' (leave them out)")


def _check_lookback(lookback_days: float | None) -> float | None:
    if lookback_days is None:
        return None
    try:
        value = float(lookback_days)
    except (TypeError, ValueError):
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise DataError(f"lookback_days={lookback_days!r} is not a positive number of days",
                        hint="pass a window such as lookback_days=30, or None for no window")
    return value


def _touch_channels(codes: np.ndarray, stripped: list[str]) -> tuple[list[str], np.ndarray]:
    """Channel names of the touches (trimmed, alphabetical) and codes into them.

    Names that only differ by surrounding spaces become one channel; names that only
    conversion rows carry are dropped.
    """
    used = np.bincount(codes[codes >= 0], minlength=len(stripped)) > 0
    empty = [i for i, name in enumerate(stripped) if not name and used[i]]
    if empty:
        raise DataError("a touch has an empty channel name",
                        row=_bad_row(np.isin(codes, empty)), column="channel",
                        hint="fill the channel of every touch")
    names = sorted({stripped[i] for i in np.flatnonzero(used)})
    position = {name: i for i, name in enumerate(names)}
    mapping = np.array([position.get(name, -1) for name in stripped] + [-1], dtype=np.int32)
    return names, mapping[codes]  # code -1 reads the trailing -1


def from_journeys(frame: pd.DataFrame, *, lookback_days: float | None = None,
                  direct: DirectMode = "channel", times: bool = True) -> PathSet:
    """Cut the journeys table into paths (one per conversion, plus one null path per user
    whose last touches did not convert). ``times=False`` skips the touch ages (only the
    time-decay model needs them)."""
    _check_direct(direct)
    lookback = _check_lookback(lookback_days)
    _require(frame, _JOURNEY_COLUMNS, "journeys table",
             "pass the canonical journeys table (user_key, ts, event, channel) or a paths "
             "frame with a 'path' column")
    n = len(frame)
    if n == 0:
        raise DataError("the journeys table has no rows", hint="load journeys for the client "
                        "and period first")
    event = frame["event"]
    conv = np.asarray(event == "conversion", dtype=bool)
    touch = np.asarray(event == "touch", dtype=bool)
    if not (conv | touch).all():
        bad = ~(conv | touch)
        value = event.iloc[int(np.flatnonzero(bad)[0])]
        raise DataError(f"event {value!r} is neither a touch nor a conversion",
                        row=_bad_row(bad), column="event", hint="use touch or conversion")
    ts = frame["ts"]
    if not isinstance(ts.dtype, pd.DatetimeTZDtype):
        if pd.api.types.is_datetime64_any_dtype(ts.dtype):
            raise DataError("timestamps in 'ts' have no time zone", column="ts",
                            hint="localise them (ts.dt.tz_localize) or read the journeys "
                                 "through smtools.io, which stores UTC")
        raise DataError("column 'ts' does not hold timestamps", column="ts",
                        hint="convert it with pd.to_datetime(..., utc=True)")
    if ts.isna().any():
        raise DataError("a journey row has no timestamp", row=_bad_row(ts.isna().to_numpy()),
                        column="ts", hint="every touch and conversion needs its instant")
    t = ts.array.asi8.astype(np.int64, copy=False)
    per_day = _PER_DAY[ts.dtype.unit]

    chan_codes, chan_names = pd.factorize(frame["channel"], use_na_sentinel=True)
    missing = touch & (chan_codes < 0)
    if missing.any():
        raise DataError("a touch has no channel", row=_bad_row(missing), column="channel",
                        hint="every touch needs the channel it came from")
    del missing
    chan_codes = chan_codes.astype(np.int32)
    chan_codes[conv] = -1  # the channel of a conversion row is not read
    names, chan_codes = _touch_channels(chan_codes, [str(c).strip() for c in chan_names])

    conv_rows = np.flatnonzero(conv)  # the value of a conversion is all that is read
    value_col = None
    if "value" in frame.columns:
        value_col = pd.to_numeric(frame["value"].iloc[conv_rows], errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        bad = (value_col < 0) | np.isinf(value_col)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(f"negative or infinite conversion value ({value_col[i]:g})",
                            row=int(conv_rows[i]) + 1, column="value",
                            hint="values are never negative: correct or remove the row")
    currency = _currency(frame)

    user = _contiguous_user_codes(frame)
    if user is None:
        user = _group_codes(frame)
    order = _sort_order(user, t, conv)

    def original(rows: np.ndarray) -> np.ndarray:
        return rows if order is None else order[rows]

    # a path starts at a user's first event and after each conversion (sorted rows)
    start = np.ones(n, dtype=bool)
    if order is not None:
        user, conv = user[order], conv[order]
    np.not_equal(user[1:], user[:-1], out=start[1:])
    del user
    start[1:] |= conv[:-1]
    path_id = np.cumsum(start)
    path_id -= 1
    n_paths = int(path_id[-1]) + 1
    last = np.empty(n_paths, dtype=np.int64)
    last[:-1] = np.flatnonzero(start)[1:] - 1
    last[-1] = n - 1
    del start
    converted = conv[last]
    last = original(last)

    touch_rows = np.flatnonzero(~conv)
    touch_path = path_id[touch_rows]
    del path_id
    touch_rows = original(touch_rows)
    touches = chan_codes[touch_rows]
    del chan_codes
    age = None
    dropped = 0
    if lookback is not None or times:
        age = t[last][touch_path]
        age -= t[touch_rows]
        age = age / per_day
        if lookback is not None:
            keep = age <= lookback
            dropped = int((~keep).sum())
            touch_path, touches, age = touch_path[keep], touches[keep], age[keep]
        if not times:
            age = None
    del touch_rows
    lengths = np.bincount(touch_path, minlength=n_paths)

    conversions = converted.astype(float)
    null = (~converted).astype(float)
    value = None
    if value_col is not None:
        # the closing row of a converting path is a conversion row: find its value
        at = np.searchsorted(conv_rows, last[converted])
        value = np.zeros(n_paths)
        value[converted] = np.nan_to_num(value_col[at], nan=0.0)

    is_direct = converted & (lengths == 0)
    n_direct = int(is_direct.sum())
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    ps = PathSet(channels=tuple(names), offsets=offsets, touches=touches,
                 conversions=conversions, null=null, value=value, age_days=age,
                 currency=currency, origin="journeys", direct=direct,
                 direct_conversions=float(n_direct), lookback_days=lookback,
                 dropped_touches=dropped)
    if n_direct:
        ps = _handle_direct(ps, is_direct, direct)
    return ps


def _handle_direct(ps: PathSet, is_direct: np.ndarray, direct: DirectMode) -> PathSet:
    if direct == "exclude":
        return ps.select(~is_direct)
    channels = list(ps.channels)
    if DIRECT in channels:
        code = channels.index(DIRECT)
    else:
        code = len(channels)
        channels.append(DIRECT)
    where = ps.offsets[:-1][is_direct]
    touches = np.insert(ps.touches, where, code)
    age = None if ps.age_days is None else np.insert(ps.age_days, where, 0.0)
    lengths = ps.lengths + is_direct
    return replace(ps, channels=tuple(channels), touches=touches, age_days=age,
                   offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))


# ------------------------------------------------------------------------------------
# aggregated paths frame → paths
# ------------------------------------------------------------------------------------
def _counts(frame: pd.DataFrame, column: str, what: str) -> np.ndarray:
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(f"{what} {raw.iloc[i]!r} is not a number", row=i + 1, column=column,
                        hint="fill the column with counts (0 when there are none)")
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(f"negative or infinite {what} ({values[i]:g})", row=i + 1,
                        column=column, hint="totals are never negative: correct or drop "
                                            "the row")
    return values


def _split_paths(texts: list[str], sep: str) -> tuple[tuple[str, ...], np.ndarray,
                                                     np.ndarray]:
    """Split ``"a > b"`` strings: channel names, touch codes and touches per string.

    Channel names are trimmed of surrounding whitespace and empty ones skipped, as
    ChannelAttribution reads them. Vectorised with pyarrow compute.
    """
    lists = pc.split_pattern(pa.array(texts, type=pa.string()), pattern=sep)
    tokens = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    parent = np.asarray(pc.list_parent_indices(lists).to_numpy(), dtype=np.int64)
    nonempty = np.asarray(pc.greater(pc.utf8_length(tokens), 0).to_numpy(
        zero_copy_only=False), dtype=bool)
    tokens = tokens.filter(pa.array(nonempty))
    parent = parent[nonempty]
    encoded = pc.dictionary_encode(tokens)
    touches = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    channels = tuple(str(c) for c in encoded.dictionary.to_pylist())
    lengths = np.bincount(parent, minlength=len(texts)).astype(np.int64)
    return channels, touches, lengths


def from_frame(frame: pd.DataFrame, *, path_col: str = "path",
               conversions_col: str = "total_conversions",
               value_col: str | None = "total_conversion_value",
               null_col: str | None = "total_null", sep: str = ">",
               currency: str | None = None) -> PathSet:
    """Read an aggregated paths frame (ChannelAttribution's layout)."""
    if not isinstance(sep, str) or not sep.strip():
        raise DataError(f"sep={sep!r} cannot separate channels",
                        hint="pass the character between channels, e.g. sep='>'")
    sep = sep.strip()
    if path_col not in frame.columns:
        raise DataError(f"the paths frame has no column '{path_col}'", column=path_col,
                        hint="name the column of paths with path_col=..., or pass the "
                             "journeys table (user_key, ts, event, channel)")
    if conversions_col not in frame.columns:
        raise DataError(f"the paths frame has no column '{conversions_col}'",
                        column=conversions_col,
                        hint="name the column of conversion counts with conversions_col=...")
    if len(frame) == 0:
        raise DataError("the paths frame has no rows", hint="pass at least one path")
    conv = _counts(frame, conversions_col, "conversions")
    null = (_counts(frame, null_col, "non-converting count")
            if null_col is not None and null_col in frame.columns
            else np.zeros(len(frame)))
    value = (_counts(frame, value_col, "conversion value")
             if value_col is not None and value_col in frame.columns else None)

    raw = frame[path_col]
    if raw.isna().any():
        raise DataError("a path is empty", row=_bad_row(raw.isna().to_numpy()),
                        column=path_col,
                        hint=f"write conversions without a touch as '{DIRECT}', or drop the "
                             "row")
    codes, uniq = pd.factorize(raw.astype(str))
    channels, u_touches, u_lengths = _split_paths([str(u) for u in uniq], sep)
    if (u_lengths == 0).any():
        i = int(np.flatnonzero(u_lengths == 0)[0])
        raise DataError(f"the path {str(uniq[i])!r} names no channel",
                        row=int(np.flatnonzero(codes == i)[0]) + 1, column=path_col,
                        hint=f"write conversions without a touch as '{DIRECT}', or drop "
                             "the row")
    n = len(uniq)
    sums = {"conversions": np.bincount(codes, conv, minlength=n),
            "null": np.bincount(codes, null, minlength=n)}
    val = None if value is None else np.bincount(codes, value, minlength=n)
    cur = currency or frame.attrs.get("currency") or _currency(frame)
    ps = PathSet(channels=channels, touches=u_touches,
                 offsets=np.concatenate([[0], np.cumsum(u_lengths)]).astype(np.int64),
                 conversions=sums["conversions"], null=sums["null"], value=val,
                 currency=cur, origin="paths")
    keep = (ps.conversions + ps.null) > 0
    if val is not None:
        keep |= val > 0
    ps = ps.select(keep)
    if DIRECT in ps.channels:
        first = ps.touches[ps.offsets[:-1]]
        only_direct = (ps.lengths == 1) & (first == ps.channels.index(DIRECT))
        ps = replace(ps, direct_conversions=float(ps.conversions[only_direct].sum()))
    return ps


def as_paths(data: pd.DataFrame | PathSet, *, lookback_days: float | None = None,
             direct: DirectMode = "channel", path_col: str = "path",
             conversions_col: str = "total_conversions",
             value_col: str | None = "total_conversion_value",
             null_col: str | None = "total_null", sep: str = ">",
             currency: str | None = None, times: bool = True) -> PathSet:
    """Journeys table or paths frame → :class:`PathSet` (whichever ``data`` is)."""
    if isinstance(data, PathSet):
        return data
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"attribution needs a DataFrame, got {type(data).__name__}",
                        hint="pass the journeys table or a paths frame")
    if path_col in data.columns:
        if lookback_days is not None:
            raise DataError("lookback_days needs timestamps, which a paths frame does not have",
                            hint="apply the window when the paths are built: "
                                 "paths(journeys, lookback_days=...)")
        return from_frame(data, path_col=path_col, conversions_col=conversions_col,
                          value_col=value_col, null_col=null_col, sep=sep, currency=currency)
    if all(c in data.columns for c in ("ts", "event")):
        ps = from_journeys(data, lookback_days=lookback_days, direct=direct, times=times)
        return replace(ps, currency=currency or ps.currency)
    raise DataError(
        f"the data has neither a '{path_col}' column (a paths frame) nor the journeys "
        "columns user_key, ts, event, channel",
        column=path_col,
        hint="pass the journeys table, or a paths frame and name its path column with "
             "path_col=...",
    )


def check_has_conversions(ps: PathSet) -> None:
    """Refuse data in which nothing converted."""
    if ps.total_conversions <= 0:
        raise DataError(
            "the data has no conversions, so there is nothing to attribute",
            column="total_conversions" if ps.origin == "paths" else "event",
            hint="check the period and the conversion events (event == 'conversion'), or the "
                 "conversions column of the paths frame",
        )


# ------------------------------------------------------------------------------------
# public: journeys → paths frame
# ------------------------------------------------------------------------------------
def paths(
    journeys: pd.DataFrame,
    *,
    lookback_days: float | None = None,
    direct: DirectMode = "channel",
    dedupe: bool = False,
    sep: str = ">",
    path_col: str = "path",
    conversions_col: str = "total_conversions",
    value_col: str = "total_conversion_value",
    null_col: str = "total_null",
) -> pd.DataFrame:
    """Turn the journeys table into the aggregated paths frame.

    Per user, events are sorted by time (a touch and a conversion at the same instant:
    the touch first). Each conversion closes a path made of the touches since the
    user's previous conversion; the touches after the last conversion form a path that
    did not convert (counted in ``total_null``). Identical paths are then added up.

    Parameters
    ----------
    journeys : DataFrame
        The canonical ``journeys`` table: ``user_key``, ``ts`` (tz-aware), ``event``
        (``touch`` or ``conversion``), ``channel``, optionally ``client`` (users are
        told apart per client), ``value`` and ``currency`` (one currency only).
    lookback_days : float, optional
        Keep only touches at most this many days before the conversion (for a path
        that did not convert: before its last touch). Older touches belong to no path;
        their count is in ``attrs["dropped_touches"]``.
    direct : {"channel", "exclude"}
        A conversion with no touch before it (in the window): ``"channel"`` (default)
        counts it as the one-touch path ``"(direct/none)"`` so that totals match the
        conversions in the data; ``"exclude"`` leaves it out. Either way the count is
        in ``attrs["direct_conversions"]``.
    dedupe : bool
        Collapse repeated consecutive touches of one channel (``a > a > b`` becomes
        ``a > b``). Off by default: heuristic models count every touch.
    sep : str
        Channel separator; paths are written ``"a > b"`` (the separator between
        spaces), the form ChannelAttribution reads with ``sep=">"``.
    path_col, conversions_col, value_col, null_col : str
        Names of the output columns (ChannelAttribution's by default).

    Returns
    -------
    DataFrame
        One row per distinct path, most conversions first: the path, its conversions,
        their value (0 when the journeys carry none) and the times it ended without a
        conversion. ``attrs`` holds ``currency``, ``direct``, ``direct_conversions``,
        ``lookback_days`` and ``dropped_touches``.

    Raises
    ------
    DataError
        Missing columns, unknown events, naive timestamps, mixed currencies, negative
        values, a channel name containing the separator.

    Examples
    --------
    >>> import pandas as pd
    >>> ts = pd.to_datetime(["2025-03-01 10:00", "2025-03-02 09:00", "2025-03-02 09:30",
    ...                      "2025-03-01 12:00", "2025-03-03 08:00"], utc=True)
    >>> journeys = pd.DataFrame({
    ...     "user_key": ["u1", "u1", "u1", "u2", "u3"], "ts": ts,
    ...     "event": ["touch", "touch", "conversion", "touch", "conversion"],
    ...     "channel": ["facebook", "search", None, "facebook", None],
    ...     "value": [None, None, 40.0, None, 25.0], "currency": "EUR"})
    >>> paths(journeys)
                    path  total_conversions  total_conversion_value  total_null
    0      (direct/none)                1.0                    25.0         0.0
    1  facebook > search                1.0                    40.0         0.0
    2           facebook                0.0                     0.0         1.0
    >>> paths(journeys).attrs["direct_conversions"]
    1.0
    """
    if not isinstance(journeys, pd.DataFrame) or path_col in journeys.columns:
        raise DataError("paths() builds paths from the journeys table, and this data is "
                        "not one", column=path_col,
                        hint="pass the journeys table (user_key, ts, event, channel); a paths "
                             "frame can go straight to the models")
    ps = from_journeys(journeys, lookback_days=lookback_days, direct=direct, times=False)
    if dedupe:
        ps = ps.dedupe()
    sep_char = sep.strip() if isinstance(sep, str) else ""
    if not sep_char:
        raise DataError(f"sep={sep!r} cannot separate channels",
                        hint="pass the character between channels, e.g. sep='>'")
    clash = [c for c in ps.channels if sep_char in c]
    if clash:
        raise DataError(f"the channel name {clash[0]!r} contains the separator {sep_char!r}",
                        column="channel",
                        hint="rename the channel or choose another separator with sep=...")
    agg = ps.aggregate()
    out = pd.DataFrame({
        path_col: pd.array(agg.strings(sep_char), dtype="str"),
        conversions_col: agg.conversions,
        value_col: agg.value if agg.value is not None else np.zeros(agg.n_paths),
        null_col: agg.null,
    })
    out = out.sort_values([conversions_col, null_col, path_col],
                          ascending=[False, False, True], kind="stable").reset_index(drop=True)
    out.attrs.update({
        "currency": ps.currency,
        "direct": ps.direct,
        "direct_conversions": ps.direct_conversions,
        "lookback_days": ps.lookback_days,
        "dropped_touches": ps.dropped_touches,
    })
    return out
