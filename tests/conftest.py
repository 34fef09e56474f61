"""Shared fixtures: one warm zygote per test process, and grading of inline sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course.assignments import Assignment
from autograder.grader.grading import SubmissionResult, grade
from autograder.grader.student_process import Zygote

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def zygote():
    z = Zygote()
    yield z
    z.close()


def load(assignment_id: str, **limits) -> Assignment:
    a = Assignment.load(assignment_id, ROOT)
    a.limits = {**a.limits, **limits}
    return a


@pytest.fixture
def grade_source(zygote, tmp_path):
    """grade_source(source, "04_optimizers", name="x", suffix=".py", **limits) -> SubmissionResult"""

    def run(source: str | bytes, assignment_id: str = "04_optimizers", name: str = "submission",
            suffix: str = ".py", **limits) -> SubmissionResult:
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(source.encode() if isinstance(source, str) else source)
        return grade(load(assignment_id, **limits), path, zygote)

    return run


def reference_source(assignment_id: str) -> str:
    return (ROOT / "solutions" / assignment_id / "solution.py").read_text(encoding="utf-8")


def question_score(result: SubmissionResult, question: str) -> tuple[float, float]:
    tests = [t for t in result.tests if t.question == question]
    return sum(t.score for t in tests), sum(t.max_score for t in tests)
