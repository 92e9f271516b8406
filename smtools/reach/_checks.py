"""Parameter checks shared by the reach models.

Every check raises :class:`smtools.errors.DataError` naming the parameter (as
``column``) and saying how to fix it, so that a planner never meets a numpy
warning, an ``inf`` or a traceback from deep inside scipy.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from smtools.errors import DataError

#: Tolerance used when comparing fractions (reach, duplication) for consistency.
TOL = 1e-9

_FRACTION_HINT = "give reach as a fraction of the target population (0.30 for 30%)"


def scalar(value: Any, name: str, *, hint: str | None = None) -> float:
    """``value`` as a finite float, or a DataError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()
        else:
            raise DataError(f"{name} must be a number, got {value!r}", column=name,
                            hint=hint or f"pass {name} as a single number")
    out = float(value)
    if not math.isfinite(out):
        raise DataError(f"{name} must be a finite number, got {out}", column=name,
                        hint=hint or f"replace {name} by a finite value")
    return out


def fraction(value: Any, name: str, *, low_open: bool = False, high_open: bool = False,
             hint: str | None = None) -> float:
    """A reach-like fraction in [0, 1] (optionally open at either end)."""
    out = scalar(value, name, hint=hint or _FRACTION_HINT)
    if out < 0 or (low_open and out == 0):
        bound = "above 0" if low_open else "0 or more"
        raise DataError(f"{name} must be {bound}, got {out:g}", column=name,
                        hint=hint or _FRACTION_HINT)
    if out > 1 or (high_open and out == 1):
        bound = "below 1 (100%)" if high_open else "at most 1 (100%)"
        hint_text = hint or (f"{_FRACTION_HINT}; a value of {out:g} looks like a percentage"
                             if out > 1 else _FRACTION_HINT)
        raise DataError(f"{name} must be {bound}, got {out:g}", column=name, hint=hint_text)
    return out


def positive(value: Any, name: str, *, strict: bool = True, hint: str | None = None) -> float:
    """A finite number above 0 (or at least 0 when ``strict`` is False)."""
    out = scalar(value, name, hint=hint)
    if out < 0 or (strict and out == 0):
        bound = "above 0" if strict else "0 or more"
        raise DataError(f"{name} must be {bound}, got {out:g}", column=name,
                        hint=hint or f"give a {'positive' if strict else 'non-negative'} {name}")
    return out


def count(value: Any, name: str, *, minimum: int = 1) -> int:
    """A whole number at least ``minimum`` (insertions, exposures)."""
    hint = f"give {name} as a whole number of at least {minimum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()
        else:
            raise DataError(f"{name} must be a whole number, got {value!r}", column=name,
                            hint=hint)
    if not math.isfinite(float(value)) or float(value) != int(value):
        raise DataError(f"{name} must be a whole number, got {value!r}", column=name, hint=hint)
    out = int(value)
    if out < minimum:
        raise DataError(f"{name} must be at least {minimum}, got {out}", column=name, hint=hint)
    return out


def vector(values: Any, name: str) -> tuple[np.ndarray, pd.Index]:
    """A non-empty 1-D float array and the labels to show for it."""
    if isinstance(values, pd.Series):
        labels = values.index
        raw = values.to_numpy()
    elif isinstance(values, Mapping):
        labels = pd.Index([str(k) for k in values])
        raw = np.asarray(list(values.values()), dtype=object)
    elif isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise DataError(f"{name} must be a list, array or Series of numbers, got {values!r}",
                        column=name, hint=f"pass {name} as a list such as [0.30, 0.40]")
    else:
        raw = np.asarray(values, dtype=object)
        labels = pd.Index([f"vehicle {i}" for i in range(1, len(raw) + 1)]) if raw.ndim == 1 \
            else pd.Index([])
    if raw.ndim != 1 or raw.size == 0:
        raise DataError(f"{name} must be a non-empty list of numbers", column=name,
                        hint=f"pass one value per vehicle in {name}")
    try:
        arr = np.array([float(v) for v in raw], dtype=float)
    except (TypeError, ValueError):
        raise DataError(f"{name} must hold numbers only", column=name,
                        hint=f"remove text and empty cells from {name}") from None
    if not np.all(np.isfinite(arr)):
        raise DataError(f"{name} holds a missing or infinite value", column=name,
                        hint=f"fill every value of {name}")
    return arr, labels


def fractions(values: Any, name: str) -> tuple[np.ndarray, pd.Index]:
    """A vector of reach fractions, each in [0, 1]."""
    arr, labels = vector(values, name)
    bad = np.flatnonzero((arr < 0) | (arr > 1))
    if bad.size:
        i = int(bad[0])
        hint = _FRACTION_HINT + ("; values above 1 look like percentages" if arr[i] > 1 else "")
        raise DataError(f"{name} for {labels[i]!s} is {arr[i]:g}, outside 0–1", column=name,
                        hint=hint)
    return arr, labels


def counts(values: Any, name: str, size: int) -> np.ndarray:
    """Whole numbers ≥ 0, one per vehicle."""
    arr, _ = vector(values, name)
    if arr.size != size:
        raise DataError(f"{name} has {arr.size} values for {size} vehicles", column=name,
                        hint=f"give one value of {name} per vehicle")
    if np.any(arr < 0) or np.any(arr != np.round(arr)):
        raise DataError(f"{name} must be whole numbers of 0 or more", column=name,
                        hint=f"give {name} as counts such as [2, 1, 3]")
    return arr.astype(int)


def nonnegative_array(values: Any, name: str) -> np.ndarray:
    """Values (scalar or array-like) as a float array, each finite and ≥ 0."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise DataError(f"{name} must be numbers, got {values!r}", column=name,
                        hint=f"pass {name} as a number or a list of numbers") from None
    if not np.all(np.isfinite(arr)):
        raise DataError(f"{name} holds a missing or infinite value", column=name,
                        hint=f"fill every value of {name}")
    if np.any(arr < 0):
        raise DataError(f"{name} must be 0 or more", column=name,
                        hint=f"remove negative values from {name}")
    return arr


def like(result: np.ndarray, template: Any) -> Any:
    """Return ``result`` shaped like ``template``: float, Series (same index) or array."""
    if isinstance(template, pd.Series):
        return pd.Series(result, index=template.index, name=template.name)
    if np.ndim(template) == 0:
        return float(result)
    return np.asarray(result, dtype=float)


def matrix(values: Any, name: str, size: int, labels: pd.Index) -> np.ndarray:
    """A symmetric square matrix of fractions (diagonal ignored)."""
    if isinstance(values, pd.DataFrame):
        frame = values
        if set(map(str, frame.index)) == set(map(str, labels)) and \
                set(map(str, frame.columns)) == set(map(str, labels)):
            order = [str(x) for x in labels]
            frame = frame.rename(index=str, columns=str).loc[order, order]
        arr = frame.to_numpy(dtype=float)
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise DataError(f"{name} must be a square table of numbers", column=name,
                            hint="pass a DataFrame or a list of lists") from None
    if arr.shape != (size, size):
        raise DataError(f"{name} must be {size} × {size} (one row and column per vehicle), "
                        f"got shape {arr.shape}", column=name,
                        hint="give the share of the population reached by both vehicles "
                             "for every pair")
    off = ~np.eye(size, dtype=bool)
    if not np.all(np.isfinite(arr[off])):
        raise DataError(f"{name} holds a missing or infinite value", column=name,
                        hint="fill every pair of vehicles (the diagonal may be empty)")
    if not np.allclose(arr[off], arr.T[off], atol=1e-9):
        raise DataError(f"{name} is not symmetric", column=name,
                        hint="the duplication of A with B must equal that of B with A")
    arr = np.where(off, arr, 0.0)
    return arr
