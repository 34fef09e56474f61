"""Every assignment, end to end through the sandbox: the reference earns full marks, the blank
notebook earns nothing, every known-wrong variant loses points and is named, the committed
notebook is current, and nothing of the solutions reaches the students' folder."""

from __future__ import annotations

import nbformat
import pytest

from autograder.course.assignments import Assignment, list_ids
from autograder.course.authoring import build_notebook, reference_notebook, variant_source
from autograder.grader.grading import grade
from conftest import ROOT, load

IDS = [i for i in list_ids(ROOT) if (ROOT / "solutions" / i / "solution.py").exists()]


def _marks(assignment_id: str):
    return [pytest.mark.keras, pytest.mark.slow] if Assignment.load(assignment_id, ROOT).keras else []


def _param(assignment_id, *rest):
    return pytest.param(assignment_id, *rest, marks=_marks(assignment_id), id="-".join([assignment_id, *map(str, rest)]))


VARIANTS = [_param(a, m.id) for a in IDS for m in Assignment.load(a, ROOT).misconceptions]


@pytest.mark.parametrize("assignment_id", [_param(a) for a in IDS])
def test_reference_notebook_scores_full_marks(assignment_id, zygote, tmp_path):
    a = load(assignment_id)
    path = tmp_path / "reference.ipynb"
    nbformat.write(reference_notebook(a), path)
    result = grade(a, path, zygote)
    failed = [(t.name, t.en[:300]) for t in result.tests if not t.passed]
    assert not failed and result.score == result.max_score > 0
    assert not any(t.diagnosis for t in result.tests), "a correct submission never gets a diagnosis"


@pytest.mark.parametrize("assignment_id", [_param(a) for a in IDS])
def test_blank_notebook_scores_zero(assignment_id, zygote):
    a = load(assignment_id)
    result = grade(a, a.notebook, zygote)
    assert result.status == "graded" and result.score == 0
    assert all(c["ok"] for c in result.cells), "the blank notebook itself must run without errors"
    assert any("NotImplementedError" in t.en for t in result.tests)


@pytest.mark.parametrize("assignment_id", IDS)
def test_committed_notebook_is_built_from_its_source(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    committed = nbformat.read(a.notebook, as_version=4)
    assert committed == build_notebook(a), f"run `autograder build {assignment_id}` and commit the notebook"


@pytest.mark.parametrize("assignment_id,variant_id", VARIANTS)
def test_each_misconception_loses_points_and_is_named(assignment_id, variant_id, zygote, tmp_path):
    a = load(assignment_id)
    m = next(m for m in a.misconceptions if m.id == variant_id)
    path = tmp_path / f"{variant_id}.ipynb"
    nbformat.write(reference_notebook(a, {m.replaces: variant_source(m)}), path)
    by_name = m.replaces in [q.name for q in a.questions]  # else grade every question
    result = grade(a, path, zygote, only=[m.replaces] if by_name else None)
    assert result.score < result.max_score, f"{variant_id} must lose points"
    named = {t.diagnosis for t in result.tests if t.diagnosis}
    assert variant_id in named, f"{variant_id} was not named (got {sorted(named)})"
    for t in result.tests:
        if t.diagnosis == variant_id:
            assert m.ko in t.output("ko") and m.en in t.output("en")


def test_no_solution_code_in_assignments():
    for path in (ROOT / "assignments").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".toml", ".md"):
            text = path.read_text(encoding="utf-8")
            assert "BEGIN SOLUTION" not in text and "load_reference" not in text, path
            assert "hidden=True" not in text, f"{path}: hidden tests belong in solutions/"
