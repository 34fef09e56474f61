"""This course's conventions for its test files (public and hidden tests per question, 1-3 public
tests of 1 point, hidden tests of 2-4 points). What every assignment must satisfy (the reference
passes under 20 seeds, every hidden test fails a known-wrong implementation, every variant loses
the same points under every seed, ...) is `autograder validate`, run by tests/test_validate.py."""

from __future__ import annotations

import pytest

from autograder.course.assignments import Assignment, list_ids
from conftest import ROOT

IDS = [i for i in list_ids(ROOT) if (ROOT / "solutions" / i / "solution.py").exists()]


@pytest.mark.parametrize("assignment_id", IDS)
def test_test_files_are_well_formed(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    assert a.questions and [q.name for q in a.questions][: len(a.order)] == a.order
    for q in a.questions:
        public = [t for t in q.tests if not t.hidden]
        hidden = [t for t in q.tests if t.hidden]
        assert public and hidden, f"{q.name} needs public and hidden tests"
        assert all(str(a.public_dir) in t.source for t in public), "public tests live in assignments/"
        assert all(str(a.private_dir) in t.source for t in hidden), "hidden tests live in solutions/"
        assert sum(t.points for t in hidden) > sum(t.points for t in public), "hidden tests carry most points"
        assert 1 <= len(public) <= 3 and all(t.points == 1 for t in public), f"{q.name}: 1-3 public tests of 1 point"
        assert all(2 <= t.points <= 4 for t in hidden), f"{q.name}: hidden tests are worth 2-4 points"
    for path in a.public_dir.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import autograder" not in text and "from autograder" not in text, \
            f"{path}: what students get runs with numpy only"
