"""Every registered exercise: the right answer passes, wrong ones fail with a hint, and no
text the student can see ever holds the expected value."""

from __future__ import annotations

import math
from typing import Any

import pytest

import smtools as sm
from smtools.errors import DataError
from smtools.teach import answers, verdicts
from smtools.teach.exercises import EXERCISES, Exercise


@pytest.fixture(autouse=True)
def _fresh_session() -> None:
    verdicts.reset()


def _context(ex: Exercise) -> tuple[Any, Any, answers.Form]:
    ctx, expected = verdicts._expected(ex, None)
    return ctx, expected, verdicts._form(ex, ctx)


def _renderings(form: answers.Form, expected: Any) -> list[str]:
    """Ways the expected value could show up in a text, written independently of the forms."""
    if isinstance(form, answers.YesNo):
        return []
    if isinstance(form, answers.Split):
        return [f"{v:,.0f}" for v in expected["split"].values()]
    if isinstance(form, (answers.Share, answers.Number)):
        x = float(expected)
        out = [f"{x:.2f}", f"{x:,.2f}", f"{x:.3g}", f"{x:.4g}"]
        if isinstance(form, answers.Share):
            out += [f"{x:.1%}", f"{x:.2%}", f"{x * 100:.1f}"]
        if abs(x) >= 100:
            out += [f"{x:,.0f}", f"{x:.0f}"]
        # a lone digit or "0.00" would match anything: keep renderings that carry the value
        return [r for r in out if len(r.strip("-0.,%")) >= 2]
    if isinstance(form, answers.Choice):
        from smtools import networks

        out = [str(expected)]
        if networks.is_known(str(expected)):
            out.append(networks.display(str(expected)))
        return out
    if isinstance(form, answers.Slot):
        return [form.render(expected)]
    if isinstance(form, answers.Numbers):
        return [f"{v:.3g}" for v in expected.values()]
    if isinstance(form, (answers.Items, answers.Labels)):
        return [form.render(expected)] if len(expected) > 1 else []
    raise AssertionError(f"no renderings for {type(form).__name__}")  # pragma: no cover


def _shows(text: str, renderings: list[str], form: answers.Form) -> list[str]:
    """The renderings found in ``text`` (a list of every option reveals none)."""
    listing = form.listing()
    text = (text.replace(listing, "") if listing else text).lower()
    return [r for r in renderings if r.lower() in text]


def _right_answer(form: answers.Form, expected: Any) -> Any:
    return expected["split"] if isinstance(form, answers.Split) else expected


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_the_right_answer_passes(exercise_id: str) -> None:
    ex = EXERCISES[exercise_id]
    _, expected, form = _context(ex)
    verdict = sm.teach.check(exercise_id, _right_answer(form, expected))
    assert verdict.correct and verdict.status == "right", verdict.message
    assert verdict.message.startswith("Right!")


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_a_wrong_answer_fails_with_a_hint(exercise_id: str) -> None:
    ex = EXERCISES[exercise_id]
    _, expected, form = _context(ex)
    verdict = sm.teach.check(exercise_id, form.wrong_example(expected))
    assert not verdict.correct and verdict.status == "wrong"
    assert "Hint:" in verdict.message
    assert not bool(verdict)


@pytest.mark.parametrize("exercise_id", [k for k, e in EXERCISES.items() if e.mistakes])
def test_each_typical_mistake_gets_its_own_hint(exercise_id: str) -> None:
    ex = EXERCISES[exercise_id]
    ctx, expected, form = _context(ex)
    for mistake in ex.mistakes:
        wrong = mistake.answer(ctx)
        if form.compare(wrong, expected).ok:
            continue  # this dataset happens to make the "mistake" right: check() skips it
        verdict = sm.teach.check(exercise_id, wrong)
        assert verdict.status == "wrong"
        assert mistake.hint in verdict.message


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_the_placeholder_is_not_answered(exercise_id: str) -> None:
    verdict = sm.teach.check(exercise_id, None)
    assert verdict.status == "unanswered" and not verdict.correct
    assert "Not answered yet" in verdict.message


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_no_message_repr_or_html_shows_the_expected_value(exercise_id: str) -> None:
    ex = EXERCISES[exercise_id]
    ctx, expected, form = _context(ex)
    shown = _renderings(form, expected)
    tried = [None, _right_answer(form, expected), form.wrong_example(expected), "???"]
    tried += [m.answer(ctx) for m in ex.mistakes]
    for answer in tried:
        for _attempt in range(len(ex.hints) + 1):  # every hint, in turn
            v = sm.teach.check(exercise_id, answer)
            for text in (v.message, repr(v), v._repr_html_()):
                assert not _shows(text, shown, form), (answer, text)


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_the_registry_texts_do_not_give_the_answer(exercise_id: str) -> None:
    """Hints, mistakes and praise are written without the value (not just scrubbed)."""
    ex = EXERCISES[exercise_id]
    _, expected, form = _context(ex)
    shown = _renderings(form, expected)
    for text in (*ex.hints, *(m.hint for m in ex.mistakes), ex.praise, ex.title, ex.asks,
                 ex.form.describe):
        assert not _shows(text, shown, form), text


def test_every_lesson_has_at_least_four_exercises_with_hints() -> None:
    lessons = sm.teach.exercises()
    assert sorted(lessons["lesson"].unique()) == list(range(1, 9))
    assert lessons.groupby("lesson").size().min() >= 4
    for ex in EXERCISES.values():
        assert ex.id.startswith(f"lesson{ex.lesson}.")
        assert ex.hints and ex.asks and ex.title
        assert (ex.uses is None) == (ex.dataset is None)


def test_the_public_listing_holds_no_answer() -> None:
    listing = sm.teach.exercises()
    assert list(listing.columns) == ["id", "lesson", "title", "asks", "answer", "tolerance",
                                     "data"]
    ex = EXERCISES["lesson3.sainsbury_reach"]
    _, expected, form = _context(ex)
    text = listing.to_string()
    assert not _shows(text, _renderings(form, expected), form)


def test_hints_advance_with_the_attempts() -> None:
    ex = EXERCISES["lesson3.sainsbury_reach"]
    first = sm.teach.check(ex.id, 0.99)
    second = sm.teach.check(ex.id, 0.98)
    assert ex.hints[0] in first.message and ex.hints[1] in second.message
    assert second.attempt == 2
    assert sm.teach.progress(3).to_frame().set_index("id").loc[ex.id, "status"] == "wrong"


def test_a_recognised_mistake_beats_the_general_hint() -> None:
    v = sm.teach.check("lesson6.profit_roi", 2.0)
    assert "revenue ROI" in v.message
    v = sm.teach.check("lesson6.profit_roi", "300%")
    assert "ROAS" in v.message


def test_unreadable_answers_say_how_to_write_them() -> None:
    v = sm.teach.check("lesson3.grp", "a lot")
    assert v.status == "unreadable" and "could not read" in v.message
    v = sm.teach.check("lesson4.best_slot", "soon")
    assert v.status == "unreadable" and "weekday" in v.message


def test_a_dict_of_placeholders_is_not_answered() -> None:
    v = sm.teach.check("lesson1.funnel_stages", {"reach": None, "cpm": None})
    assert v.status == "unanswered"


def test_french_answers_are_understood() -> None:
    stages = {"reach": "notoriété", "cpm": "notoriete", "share_of_voice": "Notoriété",
              "engagement_rate": "considération", "ctr": "considération",
              "cpa": "conversion", "roas": "conversion", "repeat_purchase_rate": "fidélisation"}
    assert sm.teach.check("lesson1.funnel_stages", stages).correct
    assert sm.teach.check("lesson7.ab_significant", "non").correct


def test_data_exercises_follow_the_data_passed() -> None:
    other = sm.teach.dataset("atelier-nova", 1)
    truth = other.truth["organic"]["channels"]["tiktok"]["best_slot"]
    slot = (truth["weekday"], truth["hour"])
    assert sm.teach.check("lesson4.best_slot", slot, data=other).correct
    changed = sm.teach.dataset("atelier-nova", 1)
    changed.tables["posts"] = changed.tables["posts"].iloc[:10]  # the check ignores such edits
    assert sm.teach.check("lesson4.best_slot", slot, data=changed).correct


def test_the_wrong_kind_of_data_is_refused() -> None:
    with pytest.raises(DataError, match="synthetic client"):
        sm.teach.check("lesson4.best_slot", "Monday 9:00", data="atelier-nova")
    with pytest.raises(DataError, match="campaign review"):
        sm.teach.check("lesson8.delivery", 0.9, data=sm.teach.dataset("atelier-nova", 0))


def test_an_unknown_exercise_names_the_lesson_s_exercises() -> None:
    with pytest.raises(DataError, match=r"lesson2\.composition_index"):
        sm.teach.check("lesson2.nope", 1)


def test_the_leak_guard_replaces_a_revealing_text() -> None:
    assert verdicts._safe("the answer is 58%", ["58%"], "hidden") == "hidden"
    assert verdicts._safe("options (a, b)", ["a"], "hidden", "(a, b)") == "options (a, b)"
    assert verdicts._safe("0.585 is close", ["0.58"], "hidden") == "0.585 is close"


def test_true_curves_and_simulation_behave_as_documented() -> None:
    data = sm.teach.dataset("cloudledger", 0)
    curves = sm.teach.true_curves(data)
    p = data.truth["media"]["channels"]["youtube"]
    a = 200 / (1 - p["decay"])
    want = p["beta"] * a ** p["shape"] / (a ** p["shape"] + p["half_saturation"] ** p["shape"])
    assert curves["youtube"](200) == pytest.approx(want)
    assert curves.marginal("youtube", 50) > curves.marginal("youtube", 500)
    random = sm.teach.simulate_exposures([0.3, 0.25, 0.2], concentration=None, seed=2)
    assert random.reach == pytest.approx(0.58, abs=0.01)
    heavy = sm.teach.simulate_exposures([0.3, 0.25, 0.2], concentration=0.5, seed=2)
    assert heavy.reach < random.reach - 0.05
    assert math.isclose(heavy.grp, random.grp, rel_tol=0.03)
