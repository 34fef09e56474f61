"""Both of otter-grader's test formats run in the grader against the remote namespace."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from autograder.course.assignments import Assignment
from autograder.grader.grading import grade
from autograder.grader.testing import load_test_file, parse_expected

EXCEPTION_FILE = '''
OK_FORMAT = False
import numpy as np
from otter.test_files import test_case

name = "double"
points = 6

@test_case(points=2)
def test_values(double):
    assert np.allclose(double(np.arange(3.0)), [0, 2, 4]), "double(arange(3)) 틀림 / wrong"

@test_case(hidden=True)
def test_env_and_data(env, double, SCALE):
    assert "double" in env and SCALE == 2
    assert double(1.5) == 3.0

@test_case(hidden=True, failure_message="힌트: 2를 곱하세요 / hint: multiply by 2")
def test_missing(triple):
    triple(1)
'''

OK_FILE = '''
OK_FORMAT = True
test = {"name": "ok_double", "points": 4, "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "",
  "cases": [
    {"code": ">>> double(0.25)\\n0.5", "hidden": False, "locked": False},
    {"code": ">>> double(np.arange(3.0))\\narray([0., 2., 4.])", "hidden": False, "locked": False},
    {"code": ">>> x = double(1e-3)\\n>>> bool(np.isclose(x, 0.002))\\nnp.True_", "hidden": True, "locked": False},
    {"code": ">>> double(1/3)\\n0.6666666666666666", "hidden": True, "locked": False}
  ]}]}
'''

STUDENT = "import numpy as np\nSCALE = 2\ndef double(x):\n    return np.float32(SCALE) * np.asarray(x, dtype=np.float64)\n"


@pytest.fixture
def course(tmp_path):
    (tmp_path / "assignments" / "demo").mkdir(parents=True)
    (tmp_path / "assignments" / "demo" / "assignment.toml").write_text('id = "demo"\n')
    tests = tmp_path / "solutions" / "demo" / "tests"
    tests.mkdir(parents=True)
    (tests / "double.py").write_text(EXCEPTION_FILE)
    (tests / "ok_double.py").write_text(OK_FILE)
    return tmp_path


def test_otter_points_rules(course):
    name, cases, _ = load_test_file(course / "solutions" / "demo" / "tests" / "double.py")
    assert name == "double" and [c.points for c in cases] == [2.0, 2.0, 2.0]
    assert [c.hidden for c in cases] == [False, True, True]
    name, cases, _ = load_test_file(course / "solutions" / "demo" / "tests" / "ok_double.py")
    assert name == "ok_double" and [c.points for c in cases] == [1.0] * 4


def test_both_formats_grade_a_student_in_the_sandbox(course, zygote, tmp_path):
    sub = tmp_path / "student.py"
    sub.write_text(STUDENT)
    result = grade(Assignment.load("demo", course), sub, zygote)
    by_name = {t.name: t for t in result.tests}
    assert by_name["test_values"].passed and by_name["test_env_and_data"].passed
    missing = by_name["test_missing"]
    assert not missing.passed and "`triple` is not defined" in missing.en and "hint" in missing.en
    ok_cases = [t for t in result.tests if t.question == "ok_double"]
    assert all(t.passed for t in ok_cases), [(t.name, t.en) for t in ok_cases]
    assert result.score == 8


def test_ok_format_failures_hide_hidden_expectations(course, zygote, tmp_path):
    sub = tmp_path / "wrong.py"
    sub.write_text("def double(x):\n    return x * 2.5\n")
    result = grade(Assignment.load("demo", course), sub, zygote)
    hidden = [t for t in result.tests if t.question == "ok_double" and t.hidden]
    assert hidden and not any(t.passed for t in hidden)
    assert not any("0.666" in t.en or "0.6666" in t.ko for t in hidden), "hidden expected values must not leak"
    public = [t for t in result.tests if t.question == "ok_double" and not t.hidden]
    assert any("expected" in t.en for t in public)


@pytest.mark.parametrize("text,value", [
    ("0.5", 0.5), ("np.True_", True), ("np.float64(0.25)", 0.25), ("array([0., 2., 4.])", [0.0, 2.0, 4.0]),
    ("array([[1, 2],\n       [3, 4]])", [[1, 2], [3, 4]]), ("(1, 2.5)", (1, 2.5)), ("'text'", "text"),
    ("array([1., 2.], dtype=float32)", [1.0, 2.0]), ("np.int64(3)", 3),
])
def test_expected_outputs_parse_as_values(text, value):
    ok, parsed = parse_expected(text)
    assert ok and parsed == value


def test_expected_nan_and_non_values():
    ok, parsed = parse_expected("array([nan, 1.])")
    assert ok and np.isnan(parsed[0]) and parsed[1] == 1.0
    assert parse_expected("<function f at 0x7f>") == (False, None)


def test_in_place_changes_reach_the_tests_arrays(course, zygote, tmp_path):
    """As in the student's own kernel: an array the student modifies in place is modified for the
    test too, so a plain numpy assertion in a public test catches it."""
    tests = course / "solutions" / "demo" / "tests"
    (tests / "inplace.py").write_text(
        "OK_FORMAT = False\nimport numpy as np\nfrom otter.test_files import test_case\nname = 'inplace'\n"
        "@test_case(points=1)\ndef test_leaves_w_alone(step):\n"
        "    w = np.ones(3); w0 = w.copy()\n    step(w, np.ones(3))\n"
        "    assert np.array_equal(w, w0), 'w가 바뀌었습니다 / w was modified'\n")
    sub = tmp_path / "inplace.py"
    sub.write_text("def step(w, g, lr=0.5):\n    w -= lr * g\n    return w\n")
    result = grade(Assignment.load("demo", course), sub, zygote, only=["inplace"])
    (t,) = result.tests
    assert not t.passed and "w was modified" in t.en
