"""Helpers shared by the channel analyses (private).

Time zones, required columns, the engagement sum of a post, formatting for
sentences, and the HTML block every result shows in a notebook.

Examples
--------
>>> check_tz("Europe/Paris")
'Europe/Paris'
>>> WEEKDAYS[0], slot_label(3, 19)
('Monday', 'Thursday 19:00')
"""

from __future__ import annotations

import html
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from smtools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Weekday names, Monday first (weekday 0 = Monday everywhere in smtools).
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                             "Saturday", "Sunday")
#: The parts that add up to a post's engagements when it has no ``engagements`` column.
ENGAGEMENT_PARTS: tuple[str, ...] = ("likes", "comments", "shares", "saves")


def check_tz(tz: Any, *, parameter: str = "tz") -> str:
    """Return ``tz`` when it is an IANA time zone name, else raise :class:`DataError`.

    Examples
    --------
    >>> check_tz("Mars/Olympus")
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: column 'tz': unknown time zone 'Mars/Olympus'. Fix: ...
    """
    if not isinstance(tz, str) or not tz or "'" in tz:
        raise DataError(f"parameter {parameter}={tz!r} is not a time zone name",
                        column=parameter, hint="give an IANA name such as 'Europe/Paris'")
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DataError(f"unknown time zone {tz!r}", column=parameter,
                        hint="give an IANA name such as 'Europe/Paris' or 'America/New_York'"
                        ) from None
    return tz


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, what: str,
                    hint: str) -> None:
    """Raise :class:`DataError` naming the first of ``columns`` missing from ``frame``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], what="posts", hint="-")
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"expected a {what} DataFrame, got a {type(frame).__name__}",
                        column="data", hint=hint)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"the {what} data has no column {missing[0]!r}", column=missing[0],
                        hint=hint)


def data_tz(series: pd.Series, tz: str | None, *, column: str) -> tuple[str, list[str]]:
    """The time zone to read ``series`` in, and a note when it falls back to UTC.

    ``tz`` wins; otherwise the series' own zone when it is not UTC; otherwise UTC,
    with a note saying that days and hours are in UTC.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2025-01-01 10:00"]).tz_localize("UTC"))
    >>> data_tz(s, None, column="ts")[0]
    'UTC'
    """
    dtype = series.dtype
    if not isinstance(dtype, pd.DatetimeTZDtype):
        if pd.api.types.is_datetime64_any_dtype(dtype):
            raise DataError(f"timestamps in {column!r} have no time zone", column=column,
                            hint="localise them (Series.dt.tz_localize) to the zone they "
                            "were recorded in, or ingest through smtools.io")
        raise DataError(f"column {column!r} does not hold timestamps", column=column,
                        hint="convert it with pandas.to_datetime(..., utc=True)")
    if tz is not None:
        return check_tz(tz), []
    own = str(dtype.tz)
    if own not in ("UTC", "utc", "Etc/UTC", "UTC+00:00"):
        return check_tz(own), []
    return "UTC", ["days and hours are in UTC: pass tz= the client's time zone"]


def engagement_sql(columns: Iterable[str]) -> str | None:
    """SQL for a post's engagements: its ``engagements`` column or the sum of its parts.

    Parts (likes, comments, shares, saves) that are missing count as 0; a row
    where every part is missing has no engagements (NULL).

    Examples
    --------
    >>> engagement_sql(["likes", "comments"])  # doctest: +ELLIPSIS
    'CASE WHEN "likes" IS NULL AND "comments" IS NULL THEN NULL ELSE coalesce("likes", 0) + ...'
    """
    has = set(columns)
    if "engagements" in has:
        return '"engagements"'
    parts = [p for p in ENGAGEMENT_PARTS if p in has]
    if not parts:
        return None
    total = " + ".join(f'coalesce("{p}", 0)' for p in parts)
    none = " AND ".join(f'"{p}" IS NULL' for p in parts)
    return f"CASE WHEN {none} THEN NULL ELSE {total} END"


def engagements(frame: pd.DataFrame) -> pd.Series:
    """A post's engagements as a Series (see :func:`engagement_sql`).

    Examples
    --------
    >>> engagements(pd.DataFrame({"likes": [1.0, None], "comments": [2.0, None]})).tolist()
    [3.0, nan]
    """
    if "engagements" in frame.columns:
        return frame["engagements"].astype(float)
    parts = [p for p in ENGAGEMENT_PARTS if p in frame.columns]
    if not parts:
        raise DataError("the data has no engagements and none of their parts", column="likes",
                        hint="add an engagements column or likes, comments, shares, saves")
    block = frame[parts].astype(float)
    total = block.fillna(0.0).sum(axis=1)
    return total.where(block.notna().any(axis=1))


def z_value(level: float, *, parameter: str = "level") -> float:
    """Two-sided normal quantile for a confidence ``level`` (0.95 → 1.96).

    Examples
    --------
    >>> round(z_value(0.95), 2)
    1.96
    """
    if not isinstance(level, (int, float)) or not 0 < level < 1:
        raise DataError(f"parameter {parameter}={level!r} must be between 0 and 1",
                        column=parameter, hint="use e.g. 0.95")
    return float(stats.norm.ppf(0.5 + level / 2))


def slot_label(weekday: int, hour: int) -> str:
    """``"Thursday 19:00"`` for weekday 3 (Monday = 0) and hour 19.

    Examples
    --------
    >>> slot_label(0, 8)
    'Monday 08:00'
    """
    return f"{WEEKDAYS[int(weekday)]} {int(hour):02d}:00"


def ratio_text(value: float) -> str:
    """A ratio for a sentence: ``1.84×`` (two decimals, ``n/a`` when NaN).

    Examples
    --------
    >>> ratio_text(1.8412), ratio_text(float("nan"))
    ('1.84×', 'n/a')
    """
    if not np.isfinite(value):
        return "n/a"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def pct_text(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    """A fraction as a percentage for a sentence (``n/a`` when NaN).

    Examples
    --------
    >>> pct_text(0.3), pct_text(-0.125, 1, sign=True)
    ('30%', '-12.5%')
    """
    if not np.isfinite(value):
        return "n/a"
    return f"{value * 100:{'+' if sign else ''}.{decimals}f}%"


def p_text(p: float) -> str:
    """A p-value for a sentence (``p < 0.001`` below one in a thousand).

    Examples
    --------
    >>> p_text(0.0004), p_text(0.0312)
    ('p < 0.001', 'p = 0.031')
    """
    if not np.isfinite(p):
        return "p n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}" if p < 0.01 else f"p = {p:.3f}"


def html_block(sentence: str | Sequence[str], frame: pd.DataFrame,
               formats: dict[str, str] | None = None, notes: Sequence[str] = ()) -> str:
    """Sentence(s), a table and notes as escaped notebook HTML.

    Examples
    --------
    >>> "<b>" in html_block("a <b> c", pd.DataFrame({"x": [1]}))
    False
    """
    from smtools import viz

    lines = [sentence] if isinstance(sentence, str) else list(sentence)
    head = "".join(f"<p>{html.escape(s)}</p>" for s in lines)
    table = viz.table(frame, formats=formats).to_html()
    tail = "".join(f"<p><small>{html.escape(n)}</small></p>" for n in notes)
    return head + table + tail


def new_axes(ax: Axes | None) -> Axes:
    """``ax``, or a new figure's axes in the smtools theme."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    from smtools import viz

    viz.theme()
    _, new = plt.subplots()
    return new


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (single quotes doubled).

    Examples
    --------
    >>> sql_string("it's")
    "'it''s'"
    """
    return "'" + str(text).replace("'", "''") + "'"


def keys_list(by: str | Sequence[str] | None, *, parameter: str = "by") -> list[str]:
    """``by`` as a list of column names (``None`` → ``[]``).

    Examples
    --------
    >>> keys_list("channel"), keys_list(None), keys_list(["client", "channel"])
    (['channel'], [], ['client', 'channel'])
    """
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    keys = list(by)
    if not all(isinstance(k, str) for k in keys):
        raise DataError(f"parameter {parameter}={by!r} must name columns", column=parameter,
                        hint="give a column name or a list of column names")
    return keys
