"""The lessons' sources: in step with their notebooks, and built like a course."""

from __future__ import annotations

import re

import pytest

from smtools import _notebooks
from smtools.teach import editions
from smtools.teach.exercises import EXERCISES

NAMES = ["01_objectives_funnel", "02_audiences_platform_fit", "03_reach_frequency_grp",
         "04_when_what_to_post", "05_budget_response_curves", "06_attribution_roi",
         "07_mmm_experiments", "08_capstone"]
LESSONS = editions.lessons()


def _tags(cell: dict) -> set[str]:
    return set(cell.metadata.get("tags", []))


def test_the_eight_lessons_are_there_in_order() -> None:
    assert [lesson.name for lesson in LESSONS] == NAMES
    assert [lesson.number for lesson in LESSONS] == list(range(1, 9))


def test_lessons_are_in_step_with_their_notebooks() -> None:
    folder = editions.training_dir()
    assert len(_notebooks.pairs(folder)) == len(NAMES)
    assert _notebooks.problems(folder) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_a_lesson_reads_like_a_course(lesson: editions.Lesson) -> None:
    nb = editions._read(lesson.source)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert lesson.title.startswith(f"Lesson {lesson.number} · ")
    assert "**Learning goals.**" in text
    assert "| English | Français |" in text, "the French terms are missing"
    assert "## Summary" in text
    assert "$$" not in text and "\\frac" not in text, "formulas must read without MathJax"
    params = [c for c in nb.cells if "parameters" in _tags(c)]
    assert len(params) == 1
    assert {"client", "seed"} <= set(editions.parameters(nb))
    assert any("sm.teach.progress" in c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_every_exercise_has_a_student_a_solution_and_a_check_cell(lesson: editions.Lesson
                                                                  ) -> None:
    nb = editions._read(lesson.source)
    checks = editions.check_cells(nb)
    ids = [ex for _, ex in checks]
    mine = [k for k, e in EXERCISES.items() if e.lesson == lesson.number]
    assert sorted(ids) == sorted(mine), "each exercise of the lesson is checked exactly once"
    for i, ex in checks:
        solution, student = nb.cells[i - 1], nb.cells[i - 2]
        assert "solution" in _tags(solution), f"{ex}: no solution cell before the check"
        assert not _tags(student) & {"solution", "trainer"}
        assert re.search(r"^answer = (None|\{)", student.source, re.M), student.source
        assert "answer =" in solution.source
        uses = EXERCISES[ex].uses
        call = nb.cells[i].source
        if uses == "data":
            assert "data=data" in call, f"{ex}: the check must pass the lesson's data"
        elif uses == "review":
            assert "data=review" in call
        else:
            assert "data=" not in call


def test_solution_cells_hold_only_the_trainer_s_answers() -> None:
    for lesson in LESSONS:
        nb = editions._read(lesson.source)
        for cell in nb.cells:
            if "solution" in _tags(cell):
                assert cell.cell_type == "code"
                assert "sm.teach.check" not in cell.source
