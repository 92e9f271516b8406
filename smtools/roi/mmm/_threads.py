"""Run OpenBLAS single-threaded while a model fits (restored afterwards).

The matrices of a marketing-mix fit are small (a few hundred rows, a few dozen
columns) and the solver touches them tens of thousands of times: BLAS worker
threads cost more to wake than they save (a 104-week, 6-channel fit took 0.9 s
with OpenBLAS's default threads and 0.25 s with one on a 2-core machine). The
OpenBLAS libraries already loaded by numpy and scipy are found in the
process's memory map (Linux) and switched with their own
``*openblas_set_num_threads*`` functions, as ``threadpoolctl`` does; anywhere
this is not possible (another BLAS, another OS) nothing changes.

Examples
--------
>>> with single_threaded_blas():
...     pass
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["single_threaded_blas"]

_NAMES = [(f"{prefix}get_num_threads{suffix}", f"{prefix}set_num_threads{suffix}")
          for suffix in ("64_", "", "_64") for prefix in ("scipy_openblas_", "openblas_")]
_CACHE: list[tuple[ctypes._CFuncPtr, ctypes._CFuncPtr]] | None = None


def _libraries() -> list[tuple[ctypes._CFuncPtr, ctypes._CFuncPtr]]:
    global _CACHE
    if _CACHE is not None:
        return _CACHE
    found: list[tuple[ctypes._CFuncPtr, ctypes._CFuncPtr]] = []
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", fh.read())))
    except OSError:
        paths = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in _NAMES:
            get = getattr(lib, get_name, None)
            put = getattr(lib, set_name, None)
            if get is not None and put is not None:
                get.restype = ctypes.c_int
                get.argtypes = []
                put.restype = None
                put.argtypes = [ctypes.c_int]
                found.append((get, put))
                break
    _CACHE = found
    return found


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Context manager: OpenBLAS uses one thread inside, its previous setting after."""
    libs = _libraries()
    before = []
    for get, put in libs:
        try:
            before.append(int(get()))
            put(1)
        except (OSError, ValueError):  # pragma: no cover - a library that refuses
            before.append(None)
    try:
        yield
    finally:
        for (_, put), n in zip(libs, before, strict=True):
            if n is not None and n > 0:
                put(n)
