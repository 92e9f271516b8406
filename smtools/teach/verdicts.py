"""Check a student's answer: right or wrong, with a hint, never the answer.

:func:`check` reads the answer in the exercise's form, computes the expected
answer (from the exercise's numbers, with smtools, or from a synthetic client's
truth), compares the two within the exercise's tolerance and returns a
:class:`Verdict`. A wrong answer gets a hint: the hint of the typical mistake it
matches when it matches one, otherwise what is off (a missing item, a factor of
100…) and the exercise's hints one after the other on later attempts. The
expected value is in no message, no ``repr`` and no HTML: every text is checked
against the ways the expected value could be written before it is returned.

Examples
--------
>>> v = check("lesson3.sainsbury_reach", 0.75)
>>> v.correct, v.status
(False, 'wrong')
>>> "added the reaches" in v.message
True
>>> check("lesson3.sainsbury_reach", None).status
'unanswered'
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from smtools.errors import DataError
from smtools.teach import answers
from smtools.teach.exercises import Exercise, get

__all__ = ["Progress", "Verdict", "check", "progress", "reset"]

#: Wrong attempts per exercise in this session (hints advance with them).
_ATTEMPTS: Counter[str] = Counter()
#: Last status of each exercise checked in this session.
_LAST: dict[str, str] = {}
_EXPECTED: dict[tuple[str, str, int], Any] = {}
_MISTAKES: dict[tuple[str, str, int], list[tuple[Any, str]]] = {}
_FORMS: dict[tuple[str, str, int], answers.Form] = {}

_STATUS_TEXT = {"right": "Right", "wrong": "Not yet", "unanswered": "Not answered yet",
                "unreadable": "Cannot read this answer"}
_ICON = {"right": "✔", "wrong": "✘", "unanswered": "…", "unreadable": "?"}
_COLOUR = {"right": "#1b7a3a", "wrong": "#b03a2e", "unanswered": "#6b6b6b",
           "unreadable": "#b9770e"}


@dataclass(frozen=True)
class Verdict:
    """What :func:`check` says about an answer.

    Attributes
    ----------
    exercise : str
        The exercise id.
    status : {"right", "wrong", "unanswered", "unreadable"}
        ``unanswered``: the placeholder (``None``) is still there;
        ``unreadable``: the answer could not be read in the exercise's form.
    message : str
        The verdict in words, with a hint when it is not right (never the answer).
    attempt : int
        Wrong attempts so far at this exercise in this session.

    Examples
    --------
    >>> v = Verdict("lesson3.grp", "right", "Right.", 0)
    >>> bool(v), v.correct
    (True, True)
    """

    exercise: str
    status: str
    message: str
    attempt: int = 0

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == "right"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"Verdict({self.exercise}: {self.status} — {self.message})"

    def _repr_html_(self) -> str:
        colour = _COLOUR[self.status]
        title = get(self.exercise).title
        return (f'<div class="sm-verdict" data-smtools-verdict="{self.status}" '
                f'data-exercise="{html.escape(self.exercise)}" '
                f'style="border-left:4px solid {colour};padding:6px 12px;margin:6px 0;'
                f'background:#fafafa">'
                f'<strong style="color:{colour}">{_ICON[self.status]} '
                f'{html.escape(_STATUS_TEXT[self.status])}</strong> · '
                f'<span>{html.escape(title)}</span> '
                f'<small style="color:#6b6b6b">({html.escape(self.exercise)})</small>'
                f'<div>{html.escape(self.message)}</div></div>')


def _blank(answer: Any) -> bool:
    """The placeholder is still there: None, ``...``, or a dict of nothing but None."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, dict) and answer:
        return all(v is None or v is Ellipsis for v in answer.values())
    return False


def _context(ex: Exercise, data: Any) -> tuple[Any, tuple[str, int] | None]:
    """The context the expected answer is computed on, and its cache key."""
    if ex.uses is None:
        return None, ("", 0)
    if ex.uses == "data":
        from smtools.synth import SynthData
        from smtools.teach.data import pristine

        if data is None:
            assert ex.dataset is not None
            slug, seed = ex.dataset
        elif isinstance(data, SynthData):
            slug, seed = data.slug, data.seed
        else:
            raise DataError(f"{ex.id} is checked on a synthetic client, not on a "
                            f"{type(data).__name__}", column="data",
                            hint="pass data=sm.teach.dataset(client, seed), or leave it out")
        return pristine(slug, seed), (slug, seed)
    if ex.uses == "review":
        from smtools.report import CampaignReview
        from smtools.teach.data import campaign_review

        if data is None:
            assert ex.dataset is not None
            return campaign_review(*ex.dataset), ex.dataset
        if not isinstance(data, CampaignReview):
            raise DataError(f"{ex.id} is checked on the campaign review, not on a "
                            f"{type(data).__name__}", column="data",
                            hint="pass data=review, the result of sm.report.review(...)")
        return data, None
    raise DataError(f"{ex.id} uses an unknown context {ex.uses!r}")  # pragma: no cover


def _expected(ex: Exercise, data: Any) -> tuple[Any, Any]:
    ctx, key = _context(ex, data)
    if key is None:
        return ctx, ex.solve(ctx)
    full = (ex.id, *key)
    if full not in _EXPECTED:
        _EXPECTED[full] = ex.solve(ctx)
    return ctx, _EXPECTED[full]


def _mistakes(ex: Exercise, ctx: Any, data: Any) -> list[tuple[Any, str]]:
    """(wrong answer, hint) of each typical mistake, computed once per dataset."""
    key = None
    if ex.uses is None:
        key = (ex.id, "", 0)
    elif ex.uses == "data":
        key = (ex.id, ctx.slug, ctx.seed)
    if key is not None and key in _MISTAKES:
        return _MISTAKES[key]
    out = []
    for m in ex.mistakes:
        try:
            out.append((m.answer(ctx), m.hint))
        except Exception:  # a mistake that cannot be computed on this data is not offered
            continue
    if key is not None:
        _MISTAKES[key] = out
    return out


def _form(ex: Exercise, ctx: Any) -> answers.Form:
    """The exercise's form, with its options filled in from the context."""
    if ex.options is None:
        return ex.form
    import dataclasses

    key = (ex.id, ctx.slug, ctx.seed) if ex.uses == "data" else None
    if key is not None and key in _FORMS:
        return _FORMS[key]
    form = dataclasses.replace(ex.form, options=tuple(ex.options(ctx)))
    if key is not None:
        _FORMS[key] = form
    return form


def _leaks(text: str, forms: list[str], listing: str = "") -> bool:
    """Whether ``text`` writes the expected value (a list of *every* option does not)."""
    low = (text.replace(listing, "") if listing else text).lower()
    for f in forms:
        f = f.strip().lower()
        if not f:
            continue
        if re.search(r"(?<![\w.])" + re.escape(f) + r"(?![\w])", low):
            return True
    return False


def _safe(message: str, forms: list[str], fallback: str, listing: str = "") -> str:
    return fallback if _leaks(message, forms, listing) else message


def check(exercise_id: str, answer: Any, *, data: Any = None) -> Verdict:
    """Check an answer to an exercise of the training lessons.

    Parameters
    ----------
    exercise_id : str
        The exercise, e.g. ``"lesson3.sainsbury_reach"``.
    answer : any
        The student's answer: a number, a percentage string (``"58%"``), a
        fraction, a name, ``True``/``False``, a list, a dict, a Series… as the
        exercise says. ``None`` means not answered yet.
    data : SynthData or CampaignReview, optional
        What the lesson analysed, for exercises about data: the synthetic client
        from :func:`smtools.teach.dataset` (its client and seed are used, not the
        tables you may have changed) or, in the capstone, the campaign review.
        Default: the exercise's own dataset.

    Returns
    -------
    Verdict
        ``.correct``, ``.status``, ``.message``; shows as a coloured box in a notebook.

    Raises
    ------
    DataError
        An unknown exercise id, or ``data`` of the wrong kind.

    Examples
    --------
    >>> check("lesson3.grp", 150).correct
    True
    >>> check("lesson7.ab_significant", "oui").message.startswith("Not yet")
    True
    """
    ex = get(exercise_id)
    if _blank(answer):
        _LAST.setdefault(ex.id, "unanswered")
        return Verdict(ex.id, "unanswered",
                       f"Not answered yet: replace None with your answer ({ex.form.describe}) "
                       "and run the cell again.", _ATTEMPTS[ex.id])
    ctx, expected = _expected(ex, data)
    form = _form(ex, ctx)
    forms = form.forms(expected)
    try:
        result = form.compare(answer, expected)
    except answers.AnswerError as exc:
        _LAST[ex.id] = "unreadable"
        message = _safe(f"{exc}. Expected: {form.describe}.", forms,
                        f"I could not read this answer. Expected: {form.describe}.",
                        form.listing())
        return Verdict(ex.id, "unreadable", message, _ATTEMPTS[ex.id])
    if result.ok:
        _LAST[ex.id] = "right"
        note = f" (Your answer was {result.note}.)" if result.note else ""
        message = _safe(f"Right!{note} {ex.praise}".strip(), forms, "Right!")
        return Verdict(ex.id, "right", message, _ATTEMPTS[ex.id])
    _ATTEMPTS[ex.id] += 1
    _LAST[ex.id] = "wrong"
    attempt = _ATTEMPTS[ex.id]
    hint = ""
    for wrong, mistake_hint in _mistakes(ex, ctx, data):
        try:
            if form.compare(wrong, expected).ok:
                continue  # the "mistake" coincides with the answer here: not a mistake
            if form.compare(answer, wrong).ok:
                hint = mistake_hint
                break
        except answers.AnswerError:
            continue
    if not hint:
        hint = ex.hints[min(attempt - 1, len(ex.hints) - 1)]
    general = ex.hints[min(attempt - 1, len(ex.hints) - 1)]
    detail = _safe(result.detail, forms, "", form.listing())
    message = " ".join(p for p in ("Not yet.", detail, f"Hint: {_safe(hint, forms, general)}")
                       if p)
    message = _safe(message, forms, f"Not yet. Hint: {general}", form.listing())
    if _leaks(message, forms, form.listing()):  # a general hint that contains the value
        message = "Not yet. Check your working against the explanation above."
    return Verdict(ex.id, "wrong", message, attempt)


@dataclass(frozen=True)
class Progress:
    """The exercises of a lesson and how they went in this session."""

    frame: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """``id``, ``title``, ``status`` (right, wrong, unanswered, not checked), ``attempts``."""
        return self.frame.copy()

    @property
    def score(self) -> str:
        """``"3 / 5 right"``."""
        right = int((self.frame["status"] == "right").sum())
        return f"{right} / {len(self.frame)} right"

    def __repr__(self) -> str:
        return f"Progress({self.score})"

    def _repr_html_(self) -> str:
        from smtools import viz

        table = viz.table(self.frame).to_html()
        return f"<p><strong>Your progress: {html.escape(self.score)}</strong></p>{table}"


def progress(lesson: int | None = None) -> Progress:
    """How the exercises of a lesson (or all lessons) went in this session.

    Examples
    --------
    >>> reset(); _ = check("lesson3.grp", 150)
    >>> progress(3).score
    '1 / 6 right'
    """
    from smtools.teach.exercises import EXERCISES

    rows = [{"id": e.id, "title": e.title, "status": _LAST.get(e.id, "not checked"),
             "attempts": _ATTEMPTS[e.id]}
            for e in EXERCISES.values() if lesson is None or e.lesson == lesson]
    return Progress(pd.DataFrame(rows))


def reset() -> None:
    """Forget this session's attempts (hints start again from the first).

    Examples
    --------
    >>> reset(); progress(1).score
    '0 / 5 right'
    """
    _ATTEMPTS.clear()
    _LAST.clear()
