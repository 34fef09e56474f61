"""Running an assignment's test files in-process against trusted code (the reference, a variant,
another correct style), for the project's own tests. Submissions never go this way: the engine
runs student code in a sandboxed process."""

from __future__ import annotations

import numpy as np

from autograder.grader import checks
from autograder.course.assignments import Assignment
from autograder.grader.testing import TestCase
from conftest import ROOT


def cases(assignment_id: str, hidden: bool | None = None, with_keras: bool = False) -> list[TestCase]:
    a = Assignment.load(assignment_id, ROOT)
    return [tc for q in a.questions if with_keras or "keras" not in q.requires for tc in q.tests
            if hidden is None or tc.hidden == hidden]


def failures(namespace: dict, test_cases: list[TestCase], seed: bytes) -> list[str]:
    """The names and messages of the cases that fail on ``namespace`` with hidden inputs drawn
    from ``seed``."""
    out = []
    for tc in test_cases:
        token = checks.use_context(checks.TestContext(seed=seed + tc.name.encode(), hidden=tc.hidden))
        try:
            tc.run(namespace)
        except Exception as e:  # noqa: BLE001 - any failure counts
            out.append(f"{tc.question}/{tc.name}: {type(e).__name__}: {str(e)[:200]}")
        finally:
            checks.reset_context(token)
    return out


def reference_namespace(assignment_id: str, **overrides) -> dict:
    a = Assignment.load(assignment_id, ROOT)
    return {**vars(a.reference), **overrides}


def differs(a, b) -> bool:
    """Whether two results (arrays, numbers, tuples of them) differ beyond rounding."""
    if isinstance(a, tuple):
        return len(a) != len(b) or any(differs(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape != b.shape or not np.allclose(a, b, rtol=1e-9, atol=1e-12)
