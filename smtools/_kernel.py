"""Give a reused kernel the state of a new one between notebooks (private).

A batch worker keeps one warm kernel and runs notebook after notebook in it, so
that the imports and first-use costs are paid once per worker, not once per
notebook. :func:`baseline` runs when the kernel starts, after its imports, and
records what a notebook may change; :func:`fresh` runs before each next notebook
and puts it back: the user namespace, history and execution counter (IPython's
reset of a new session), open figures, matplotlib's settings, warning filters,
environment variables and the working directory. Modules stay imported: that is
the point. The runner replaces the kernel after any failure.

Examples
--------
>>> import os
>>> state = baseline()
>>> os.environ["SMTOOLS_EXAMPLE"] = "set by a notebook"
>>> fresh()
>>> "SMTOOLS_EXAMPLE" in os.environ
False
"""

from __future__ import annotations

import os
import warnings
from typing import Any

__all__ = ["baseline", "fresh", "BASELINE", "RESET"]

#: Statement the runner gives a warm kernel's ``exec_lines`` (binds no name).
BASELINE = "__import__('smtools._kernel', fromlist=['baseline']).baseline(freeze=True)"
#: Statement the runner runs (silently) before each next notebook in a warm kernel.
RESET = "__import__('smtools._kernel', fromlist=['fresh']).fresh()"

_STATE: dict[str, Any] = {}


def baseline(*, freeze: bool = False) -> dict[str, Any]:
    """Import what every smtools notebook uses and record the state to return to.

    Parameters
    ----------
    freeze : bool
        Then move every object alive (some 160,000, nearly all made by the imports)
        out of the garbage collector's reach (:func:`gc.freeze`): its full passes
        then walk only what the notebooks make. They come every few seconds of
        pandas work, and IPython's reset makes one before each next notebook;
        each took about 0.15 s. What is frozen stays alive, as imported modules do
        anyway: the kernel's own start-up does this, not a library call.

    Returns
    -------
    dict
        The recorded state (matplotlib settings, warning filters, environment,
        working directory).
    """
    import importlib

    import matplotlib

    # pyplot first: it activates the kernel's inline backend, whose settings are kept
    for name in ("matplotlib.pyplot", "smtools.plan", "smtools.report", "smtools.viz"):
        importlib.import_module(name)

    _STATE.clear()
    _STATE.update(
        rc=dict(matplotlib.rcParams.copy()),
        filters=list(warnings.filters),
        environ=dict(os.environ),
        cwd=os.getcwd(),
    )
    if freeze:  # (the imports leave no garbage to collect first: measured, none)
        import gc

        gc.freeze()
    return _STATE


def fresh() -> None:
    """Return the kernel to the state :func:`baseline` recorded (see the module's note)."""
    if not _STATE:
        raise RuntimeError("smtools._kernel.fresh() needs baseline() first")
    import matplotlib
    import matplotlib.pyplot as plt

    try:
        from IPython import get_ipython
    except ImportError:  # not in a kernel (the doctest)
        shell = None
    else:
        shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)
    plt.close("all")
    dict.update(matplotlib.rcParams, _STATE["rc"])  # as matplotlib.rc_context restores
    warnings.filters[:] = _STATE["filters"]
    mutated = getattr(warnings, "_filters_mutated", None)
    if mutated is not None:  # forget which warnings were already shown once
        mutated()
    for name in set(os.environ) - set(_STATE["environ"]):
        del os.environ[name]
    os.environ.update(_STATE["environ"])
    os.chdir(_STATE["cwd"])
