"""Return on investment: metrics, attribution, marketing-mix model, budget optimiser, experiments.

``sm.roi.metrics`` (ROI, ROAS, CPA, CAC, LTV:CAC, payback), ``sm.roi.attribution``
(heuristic and data-driven multi-touch attribution), ``sm.roi.MMM`` (marketing-mix
model), ``sm.roi.optimize`` (budget allocation on response curves) and
``sm.roi.experiments`` (A/B tests, power, lift). Submodules load on first use.

>>> import smtools as sm
>>> sm.roi.__name__
'smtools.roi'
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = ("attribution", "experiments", "metrics", "mmm", "optimize")

__all__ = ["MMM", *_MODULES]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        module = importlib.import_module(f"smtools.roi.{name}")
        globals()[name] = module
        return module
    if name == "MMM":
        from smtools.roi.mmm import MMM

        globals()["MMM"] = MMM
        return MMM
    raise AttributeError(f"module 'smtools.roi' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
