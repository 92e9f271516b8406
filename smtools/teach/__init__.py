"""Teaching media planning: lessons, self-checking exercises, student and trainer editions.

The lessons (``notebooks/training/01_objectives_funnel.py`` …) explain a concept,
show it on a synthetic client whose truth is known and end with exercises that
check themselves:

>>> import smtools as sm
>>> sm.teach.check("lesson3.grp", 150).correct
True
>>> v = sm.teach.check("lesson3.grp", 1.5)
>>> v.correct
False
>>> print(v.message)  # doctest: +NORMALIZE_WHITESPACE
Not yet. Your answer is off by a factor of 100: percentage and fraction mixed up?
Hint: GRP = impressions ÷ target population × 100.

- :func:`check` → :class:`Verdict` (``.correct``, ``.message``, a coloured box in a
  notebook): right or wrong with a hint, never the expected answer;
- :func:`exercises` lists the exercises (id, what is asked, answer form, tolerance);
- :func:`progress` shows how a lesson's exercises went in this session;
- :func:`dataset`, :func:`campaign_window`, :func:`true_curves`,
  :func:`simulate_exposures` give the lessons their data and their known truths;
- :func:`build` (``smtools teach build``) writes the student and trainer editions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from smtools.teach.data import (
    TrueCurves,
    campaign_window,
    dataset,
    simulate_exposures,
    true_curves,
)
from smtools.teach.exercises import listing as exercises
from smtools.teach.verdicts import Progress, Verdict, check, progress, reset

if TYPE_CHECKING:
    from smtools.teach.editions import BuildSummary, Lesson

__all__ = [
    "Progress",
    "TrueCurves",
    "Verdict",
    "build",
    "campaign_window",
    "check",
    "dataset",
    "exercises",
    "lessons",
    "progress",
    "reset",
    "simulate_exposures",
    "true_curves",
]


def build(out: str | Path = "reports/training", *, lessons_to_build: Sequence[int] | None = None,
          workers: int = 2, timeout: int = 600, folder: str | Path | None = None
          ) -> BuildSummary:
    """Write the student and trainer editions of the lessons, as notebooks and HTML.

    See :func:`smtools.teach.editions.build`; the notebook machinery loads only here, so
    that a lesson's ``import smtools`` stays fast.
    """
    from smtools.teach import editions

    return editions.build(out, lessons_to_build=lessons_to_build, workers=workers,
                          timeout=timeout, folder=folder)


def lessons(folder: str | Path | None = None) -> list[Lesson]:
    """The training lessons, in order (see :func:`smtools.teach.editions.lessons`).

    Examples
    --------
    >>> len(lessons()) >= 8
    True
    """
    from smtools.teach import editions

    return editions.lessons(folder)
