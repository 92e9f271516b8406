"""``smtools teach build``: both editions of every lesson, executed, as notebooks and HTML."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from smtools import cli, export
from smtools.errors import RunError
from smtools.teach import editions, verdicts
from smtools.teach.exercises import EXERCISES

LESSONS = editions.lessons()
_VERDICT_BOX = re.compile(r'<div class="sm-verdict".*?</div></div>', re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every lesson built once, through the command line, into a temporary folder."""
    out = tmp_path_factory.mktemp("training")
    t = time.perf_counter()
    code = cli.main(["teach", "build", "--out", str(out), "--workers", "2"])
    return {"out": out, "code": code, "seconds": time.perf_counter() - t}


def _tags(cell: dict) -> set[str]:
    return set(cell.metadata.get("tags", []))


def _html(built: dict[str, Any], edition: str, lesson: editions.Lesson) -> str:
    return (built["out"] / edition / f"{lesson.name}.html").read_text(encoding="utf-8")


def _notebook(built: dict[str, Any], edition: str, lesson: editions.Lesson
              ) -> nbformat.NotebookNode:
    return nbformat.read(built["out"] / edition / f"{lesson.name}.ipynb", as_version=4)


@pytest.mark.slow
def test_the_command_builds_both_editions_of_every_lesson(built: dict[str, Any]) -> None:
    assert built["code"] == 0
    for edition in ("student", "trainer"):
        for lesson in LESSONS:
            for suffix in (".ipynb", ".html"):
                assert (built["out"] / edition / f"{lesson.name}{suffix}").is_file()
    index = (built["out"] / "index.html").read_text(encoding="utf-8")
    assert all(f"student/{lesson.name}.html" in index for lesson in LESSONS)
    assert built["seconds"] < 600


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_the_student_edition_has_no_solution_and_runs_unanswered(built: dict[str, Any],
                                                                 lesson: editions.Lesson
                                                                 ) -> None:
    source = editions._read(lesson.source)
    nb = _notebook(built, "student", lesson)
    assert not any(_tags(c) & {"solution", "trainer"} for c in nb.cells)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    kept = [c.source for c in source.cells if "solution" not in _tags(c)]
    assert [c.source for c in nb.cells] == kept
    page = _html(built, "student", lesson)
    boxes = _VERDICT_BOX.findall(page)
    assert len(boxes) == len(editions.check_cells(source))
    assert all('data-smtools-verdict="unanswered"' in b for b in boxes)
    assert "Answer key" not in page and "<strong>Solution</strong>" not in page
    assert "Traceback" not in page and export.check_offline(page) == []
    # the page template embeds one small image of its own; the lesson adds its charts
    assert page.count("data:image/png;base64") >= 3, "the lesson's charts are missing"
    assert "sm.teach.check(" in re.sub(r"<[^>]+>", "", page), "the check cells are shown"


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_the_trainer_edition_has_every_cell_a_key_and_every_check_right(
        built: dict[str, Any], lesson: editions.Lesson) -> None:
    source = editions._read(lesson.source)
    nb = _notebook(built, "trainer", lesson)
    own = [c for c in nb.cells if "trainer" not in _tags(c)]
    assert [c.source for c in own] == [c.source for c in source.cells]
    keys = [c for c in nb.cells if "trainer" in _tags(c)]
    checks = editions.check_cells(source)
    assert len(keys) == len(checks)
    for (_, ex), key in zip(checks, keys, strict=True):
        assert f"`{ex}`" in key.source and "Expected: **" in key.source
    page = _html(built, "trainer", lesson)
    boxes = _VERDICT_BOX.findall(page)
    assert len(boxes) == len(checks)
    assert all('data-smtools-verdict="right"' in b for b in boxes)
    assert page.count("Answer key") == len(checks)
    assert "Traceback" not in page and export.check_offline(page) == []


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_the_student_edition_never_shows_an_expected_answer(built: dict[str, Any],
                                                            lesson: editions.Lesson) -> None:
    page = _html(built, "student", lesson)
    params = editions.parameters(editions._read(lesson.source))
    for box in _VERDICT_BOX.findall(page):
        ex = EXERCISES[re.search(r'data-exercise="([\w.]+)"', box).group(1)]
        data = None
        if ex.uses == "data":
            from smtools.teach.data import dataset

            data = dataset(params["client"], params["seed"])
        if ex.uses == "review":
            continue  # the capstone's review is checked in test_exercises
        ctx, expected = verdicts._expected(ex, data)
        form = verdicts._form(ex, ctx)
        for shown in form.forms(expected):
            assert shown.lower() not in box.lower().replace(form.listing().lower(), ""), \
                (ex.id, shown)
    for key in ("Expected: ", "Recognised mistake"):
        assert key not in page


@pytest.mark.slow
def test_a_broken_lesson_fails_the_build_and_publishes_nothing(tmp_path: Path) -> None:
    """A solution that does not answer, and a student cell that gives the answer away."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "09_broken.py").write_text('''# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 9 · Broken on purpose

# %% tags=["parameters"]
seed: int = 0

# %%
import smtools as sm

# %%
answer = 150  # gives the answer away

# %% tags=["solution"]
answer = 1.5  # forgets the x 100

# %%
sm.teach.check("lesson3.grp", answer)
''', encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(RunError) as err:
        editions.build(out, folder=lessons, workers=2)
    message = str(err.value)
    assert "trainer edition of 09_broken: the check of lesson3.grp says 'wrong'" in message
    assert "student edition of 09_broken: lesson3.grp is already right" in message
    assert not (out / "student").exists() and not (out / "trainer").exists()
    assert not any(p.name.startswith(".tmp-") for p in out.iterdir())


def test_unknown_lessons_are_refused_before_anything_runs(tmp_path: Path) -> None:
    assert cli.main(["teach", "build", "--out", str(tmp_path), "--lesson", "42"]) == 2
    assert not any(tmp_path.iterdir())


def test_the_editions_are_pure_transformations() -> None:
    nb = editions._read(LESSONS[2].source)
    student = editions.student_edition(nb)
    trainer = editions.trainer_edition(nb)
    assert len(student.cells) == len(nb.cells) - sum("solution" in _tags(c) for c in nb.cells)
    assert len(trainer.cells) == len(nb.cells) + len(editions.check_cells(nb))
    assert nb.metadata.get("smtools") is None  # the source is left alone
    shown = editions._show_code(student)
    fences = [c for c in shown.cells if c.cell_type == "markdown" and c.source.startswith("```")]
    assert fences and all("parameters" not in _tags(c) for c in fences)
