"""Build the student and trainer editions of the training lessons.

The lessons are the jupytext sources ``notebooks/training/NN_name.py``. Their
cells carry tags:

``parameters``
    the lesson's synthetic client and seed (papermill can change them);
``solution``
    the trainer's answer to an exercise (removed from the student edition);
``trainer``
    anything only the trainer should see (removed from the student edition).

A check cell is a code cell calling ``sm.teach.check("<exercise id>", ...)``.

:func:`build` writes, for every lesson,

- ``student/NN_name.ipynb`` — without solution and trainer cells, outputs
  stripped, ready to hand out; ``student/NN_name.html`` — that notebook run
  (every check says "not answered yet"), code shown, for reading;
- ``trainer/NN_name.ipynb`` — every cell, with after each check an answer-key
  cell (tagged ``trainer``) giving the expected answer, its tolerance and the
  mistakes the check recognises; ``trainer/NN_name.html`` — that notebook run,
  every check right;

and ``index.html`` linking them. Both editions are executed (papermill, one
kernel per notebook, worker processes); the build fails — and publishes
nothing — when a trainer check is not right, a student check is right (a
student cell that gives the answer away) or a notebook raises.

Examples
--------
>>> [lesson.name for lesson in lessons()][:2]
['01_objectives_funnel', '02_audiences_platform_fit']
"""

from __future__ import annotations

import ast
import copy
import html
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from smtools.errors import RunError

__all__ = ["EDITIONS", "BuildSummary", "Lesson", "build", "check_cells", "lessons",
           "student_edition", "trainer_edition", "verdicts"]

#: The two editions and what they keep.
EDITIONS = ("student", "trainer")
#: Tags of the cells the student edition leaves out.
HIDDEN_FROM_STUDENTS = ("solution", "trainer")

_CHECK = re.compile(r"""sm\.teach\.check\(\s*["']([\w.]+)["']""")
_VERDICT = re.compile(r'data-smtools-verdict="(\w+)"\s+data-exercise="([\w.]+)"')
_NOT_SHOWN = {"remove-cell", "remove-input", "parameters", "injected-parameters"}


@dataclass(frozen=True)
class Lesson:
    """A lesson: its number, file name (without suffix), title and jupytext source."""

    number: int
    name: str
    title: str
    source: Path


def training_dir() -> Path:
    """The folder of the lessons' sources (``<notebooks>/training``).

    Examples
    --------
    >>> training_dir().name
    'training'
    """
    from smtools.runner import notebooks_dir

    return notebooks_dir() / "training"


def _read(py: Path) -> nbformat.NotebookNode:
    from smtools import _notebooks

    nb = _notebooks._from_py(py)
    nb.metadata.pop("jupytext", None)
    return nb


def lessons(folder: str | Path | None = None) -> list[Lesson]:
    """The lessons in ``folder`` (default :func:`training_dir`), in order.

    Examples
    --------
    >>> lessons()[0].title
    'Lesson 1 · Objectives, the funnel and the KPIs of each stage'
    """
    root = Path(folder) if folder is not None else training_dir()
    out = []
    for py in sorted(root.glob("[0-9][0-9]_*.py")):
        nb = _read(py)
        title = next((c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells
                      if c.cell_type == "markdown" and c.source.startswith("# ")), py.stem)
        out.append(Lesson(number=int(py.name[:2]), name=py.stem, title=title, source=py))
    return out


def check_cells(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, exercise id) of every check cell.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell('sm.teach.check("lesson3.grp", answer)')
    >>> check_cells(nbformat.v4.new_notebook(cells=[cell]))
    [(0, 'lesson3.grp')]
    """
    return [(i, m.group(1)) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (m := _CHECK.search(c.source))]


def parameters(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The literal values assigned in the ``parameters`` cell.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell('client: str = "cloudledger"\\nseed: int = 0')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> parameters(nbformat.v4.new_notebook(cells=[cell]))
    {'client': 'cloudledger', 'seed': 0}
    """
    out: dict[str, Any] = {}
    for c in nb.cells:
        if "parameters" not in c.metadata.get("tags", []):
            continue
        for node in ast.parse(c.source).body:
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                    and node.value is not None:
                out[node.target.id] = ast.literal_eval(node.value)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


def student_edition(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without its ``solution`` and ``trainer`` cells, outputs stripped.

    Examples
    --------
    >>> sol = nbformat.v4.new_code_cell("answer = 150")
    >>> sol.metadata["tags"] = ["solution"]
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer = None"), sol])
    >>> [c.source for c in student_edition(nb).cells]
    ['answer = None']
    """
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells
                 if not set(c.metadata.get("tags", [])) & set(HIDDEN_FROM_STUDENTS)]
    for c in out.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    out.metadata["smtools"] = {"edition": "student"}
    return out


def _key_text(exercise_id: str, context: dict[str, Any]) -> str:
    from smtools.teach import verdicts
    from smtools.teach.exercises import get

    ex = get(exercise_id)
    data = None
    if ex.uses == "data" and "client" in context:
        from smtools.teach.data import dataset

        data = dataset(context["client"], int(context.get("seed", 0)))
    elif ex.uses == "review" and "client" in context:
        from smtools.teach.data import campaign_review

        data = campaign_review(context["client"], int(context.get("seed", 0)))
    ctx, expected = verdicts._expected(ex, data)
    form = verdicts._form(ex, ctx)
    lines = [f"**Answer key · {ex.title}** (`{ex.id}`, trainer edition only)", "",
             f"- Expected: **{form.render(expected)}**",
             f"- Tolerance: {form.tolerance()}",
             f"- Accepted forms: {form.describe}"]
    for m in ex.mistakes:
        try:
            wrong = form.render(m.answer(ctx))
        except Exception:  # a mistake whose value cannot be rendered
            wrong = "—"
        lines.append(f"- Recognised mistake ({wrong}): {m.hint}")
    return "\n".join(lines)


def trainer_edition(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with an answer-key cell (tagged ``trainer``) after each check cell.

    The expected answers are computed here, for the lesson's parameters, and
    written into the notebook as text.

    Examples
    --------
    >>> check = nbformat.v4.new_code_cell('sm.teach.check("lesson3.grp", answer)')
    >>> out = trainer_edition(nbformat.v4.new_notebook(cells=[check]))
    >>> out.cells[-1].metadata["tags"], "Expected: **150" in out.cells[-1].source
    (['trainer'], True)
    """
    out = copy.deepcopy(nb)
    context = parameters(out)
    cells = []
    for c in out.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
        cells.append(c)
        m = _CHECK.search(c.source) if c.cell_type == "code" else None
        if m:
            key = nbformat.v4.new_markdown_cell(_key_text(m.group(1), context))
            key.metadata["tags"] = ["trainer"]
            key.id = f"{c.get('id', 'cell')}-key"
            cells.append(key)
    out.cells = cells
    out.metadata["smtools"] = {"edition": "trainer"}
    return out


def verdicts(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Exercise id → status of the verdict each check cell of an executed notebook showed.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell('sm.teach.check("lesson3.grp", answer)')
    >>> cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html":
    ...     '<div data-smtools-verdict="right" data-exercise="lesson3.grp">'})]
    >>> verdicts(nbformat.v4.new_notebook(cells=[cell]))
    {'lesson3.grp': 'right'}
    """
    found: dict[str, str] = {}
    for i, ex in check_cells(nb):
        status = "no verdict"
        for o in nb.cells[i].get("outputs", []):
            text = o.get("data", {}).get("text/html", "")
            m = _VERDICT.search("".join(text) if isinstance(text, list) else text)
            if m and m.group(2) == ex:
                status = m.group(1)
        found[ex] = status
    return found


def _show_code(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy where each visible code cell is preceded by its code as Markdown.

    The client-facing export hides all code; a lesson's reader needs to see it.
    """
    out = copy.deepcopy(nb)
    cells = []
    for c in out.cells:
        tags = set(c.metadata.get("tags", []))
        if c.cell_type == "code" and c.source.strip() and not tags & _NOT_SHOWN:
            label = "**Solution**\n\n" if "solution" in tags else ""
            fence = "~~~~" if "```" in c.source else "```"
            shown = nbformat.v4.new_markdown_cell(f"{label}{fence}python\n{c.source.rstrip()}\n"
                                                  f"{fence}")
            if "solution" in tags:
                shown.metadata["tags"] = ["solution"]
            cells.append(shown)
        cells.append(c)
    out.cells = cells
    return out


def _page(nb: nbformat.NotebookNode, title: str, edition: str) -> str:
    """The HTML of an executed edition: code shown, no prompts, offline."""
    from smtools import export

    other = "édition élève" if edition == "student" else "édition formateur"
    return export.to_html(_show_code(nb), title=title, client_name="smtools training",
                          subtitle=f"{edition.capitalize()} edition · {other}",
                          footer="Synthetic data generated by smtools.synth; exercises checked "
                                 "by smtools.teach.")


def _run(source: str, target: str, html_path: str, title: str, edition: str, timeout: int
         ) -> tuple[float, str, dict[str, str]]:
    """Execute one edition and write its HTML (in a worker process).

    Returns (seconds, error or "", exercise id → verdict status).
    """
    from smtools import runner

    t = time.perf_counter()
    cwd = os.getcwd()
    try:
        os.chdir(Path(target).parent)
        runner._execute(Path(source), Path(target), {}, timeout=timeout)
    except Exception as exc:  # papermill's errors carry the failing cell
        if hasattr(exc, "ename"):
            where = f"cell {getattr(exc, 'exec_count', '?')}: "
            return time.perf_counter() - t, f"{where}{exc.ename}: {exc.evalue}", {}
        return time.perf_counter() - t, f"{type(exc).__name__}: {exc}", {}
    finally:
        os.chdir(cwd)
    ran = nbformat.read(target, as_version=4)
    Path(html_path).write_text(_page(ran, title, edition), encoding="utf-8")
    return time.perf_counter() - t, "", verdicts(ran)


@dataclass
class BuildSummary:
    """What a build wrote and what its checks said.

    Attributes
    ----------
    out : Path
        The folder holding ``student/``, ``trainer/`` and ``index.html``.
    files : list of Path
        Every file written.
    seconds : dict
        Execution time per ``edition/lesson``, and ``total``.
    verdicts : dict
        ``edition/lesson`` → {exercise id → status}.
    """

    out: Path
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    verdicts: dict[str, dict[str, str]] = field(default_factory=dict)

    def counts(self, edition: str) -> Counter[str]:
        """How many checks of an edition ended in each status."""
        out: Counter[str] = Counter()
        for key, found in self.verdicts.items():
            if key.startswith(edition + "/"):
                out.update(found.values())
        return out


def _problems(edition: str, lesson: Lesson, found: dict[str, str], error: str) -> list[str]:
    where = f"{edition} edition of {lesson.name}"
    if error:
        return [f"{where} failed to run: {error.splitlines()[0] if error else ''}"]
    out = []
    for ex, status in found.items():
        if edition == "trainer" and status != "right":
            out.append(f"{where}: the check of {ex} says {status!r} (the solution cell does not "
                       "answer it, or the exercise's data changed)")
        if edition == "student" and status == "right":
            out.append(f"{where}: {ex} is already right without a solution (a student cell "
                       "gives the answer away)")
        if status == "no verdict":
            out.append(f"{where}: the check cell of {ex} showed no verdict")
    return out


def _index(lessons_built: list[Lesson]) -> str:
    rows = []
    for lesson in lessons_built:
        links = " · ".join(
            f'<a href="{ed}/{lesson.name}.html">{ed} (HTML)</a> '
            f'<a href="{ed}/{lesson.name}.ipynb">(notebook)</a>' for ed in EDITIONS)
        rows.append(f"<tr><td>{lesson.number}</td><td>{html.escape(lesson.title)}</td>"
                    f"<td>{links}</td></tr>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>smtools training</title><style>body{font-family:sans-serif;margin:2em}"
            "td{padding:4px 12px;border-bottom:1px solid #ddd}</style></head><body>"
            "<h1>Social media planning: the lessons</h1>"
            "<p>Student edition: exercises to fill in, checked by <code>sm.teach.check</code>. "
            "Trainer edition: with the solutions and the answer key — keep it for yourself."
            "</p><table><tr><th>#</th><th>Lesson</th><th>Editions</th></tr>"
            + "".join(rows) + "</table></body></html>")


def build(out: str | Path = "reports/training", *, lessons_to_build: Sequence[int] | None = None,
          workers: int = 2, timeout: int = 600, folder: str | Path | None = None,
          ) -> BuildSummary:
    """Write the student and trainer editions of the lessons, as notebooks and HTML.

    Parameters
    ----------
    out : path
        Destination: ``student/``, ``trainer/`` and ``index.html``. The files of the
        lessons built are replaced once every edition has run and passed; other files
        are left alone.
    lessons_to_build : list of int, optional
        Lesson numbers (default: all).
    workers : int
        Notebooks executed at the same time (processes).
    timeout : int
        Per-cell execution timeout in seconds.
    folder : path, optional
        Where the lessons' sources are (default :func:`training_dir`).

    Returns
    -------
    BuildSummary

    Raises
    ------
    RunError
        When a notebook fails to run, a trainer check is not right or a student
        check is right; nothing is published then.
    """
    import multiprocessing as mp

    t0 = time.perf_counter()
    found = lessons(folder)
    if lessons_to_build:
        wanted = {int(n) for n in lessons_to_build}
        unknown = sorted(wanted - {lesson.number for lesson in found})
        if unknown:
            raise RunError(f"no lesson {', '.join(map(str, unknown))} in "
                           f"{folder or training_dir()}",
                           notebook="training")
        found = [lesson for lesson in found if lesson.number in wanted]
    if not found:
        raise RunError(f"no lesson in {folder or training_dir()}", notebook="training")
    root = Path(out).resolve()
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-training-", dir=root))
    summary = BuildSummary(out=root)
    # the longest lessons (the capstone) first, so that the workers finish together
    order = sorted(found, key=lambda lesson: -lesson.number)
    try:
        for edition in EDITIONS:
            (tmp / edition).mkdir()
            (tmp / "_runs" / edition).mkdir(parents=True)
        jobs: list[tuple[str, Lesson, Any]] = []
        ctx = mp.get_context("spawn")
        with ProcessPoolExecutor(max_workers=max(1, min(workers, 2 * len(order))),
                                 mp_context=ctx) as pool:

            def submit(edition: str, lesson: Lesson, nb: nbformat.NotebookNode) -> None:
                clean = tmp / edition / f"{lesson.name}.ipynb"
                nbformat.write(nb, clean)
                jobs.append((edition, lesson, pool.submit(
                    _run, str(clean), str(tmp / "_runs" / edition / clean.name),
                    str(clean.with_suffix(".html")), lesson.title, edition, timeout)))

            sources = {lesson.name: _read(lesson.source) for lesson in order}
            for lesson in order:  # students first: they need no answer key
                submit("student", lesson, student_edition(sources[lesson.name]))
            for lesson in order:  # the keys are computed here while the students run
                submit("trainer", lesson, trainer_edition(sources[lesson.name]))
            results = [(edition, lesson, future.result()) for edition, lesson, future in jobs]
        problems: list[str] = []
        for edition, lesson, (seconds, error, statuses) in results:
            key = f"{edition}/{lesson.name}"
            summary.seconds[key] = round(seconds, 2)
            summary.verdicts[key] = statuses
            problems += _problems(edition, lesson, statuses, error)
        if problems:
            raise RunError("the training build failed:\n  - " + "\n  - ".join(problems),
                           notebook="training")
        shutil.rmtree(tmp / "_runs", ignore_errors=True)
        _publish(tmp, root, found)
        published = [lesson for lesson in lessons(folder)
                     if (root / "student" / f"{lesson.name}.html").exists()]
        (root / "index.html").write_text(_index(published), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for edition in EDITIONS:
        for lesson in found:
            summary.files += [root / edition / f"{lesson.name}.ipynb",
                              root / edition / f"{lesson.name}.html"]
    summary.files.append(root / "index.html")
    summary.seconds["total"] = round(time.perf_counter() - t0, 2)
    return summary


def _publish(tmp: Path, root: Path, built: list[Lesson]) -> None:
    """Move the built files into ``root`` (per edition folder: old files of rebuilt lessons
    are replaced, other lessons' files are kept)."""
    for edition in EDITIONS:
        target = root / edition
        target.mkdir(exist_ok=True)
        for lesson in built:
            for suffix in (".ipynb", ".html"):
                src = tmp / edition / f"{lesson.name}{suffix}"
                os.replace(src, target / src.name)
