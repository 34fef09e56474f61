"""`autograder validate` on every assignment (what the project's generic tests used to check one
by one: the notebook builds and is current, the reference scores full marks and the blank notebook
zero through the sandbox, the public checks pass in a real Jupyter kernel, every hidden test fails
a known-wrong implementation, every variant loses points, is named, and earns the same points under
20 hidden seeds), and `autograder new` scaffolding an assignment that validates as generated."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from autograder.cli.main import main
from autograder.course.assignments import Assignment, list_ids
from autograder.course.validate import validate
from conftest import ROOT

IDS = [pytest.param(i, marks=[pytest.mark.keras, pytest.mark.slow] if Assignment.load(i, ROOT).keras else [])
       for i in list_ids(ROOT) if (ROOT / "solutions" / i / "solution.py").exists()]


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_assignment_validates(assignment_id, zygote):
    report = validate(Assignment.load(assignment_id, ROOT), zygote=zygote)
    assert report.ok, report.render("en")
    assert {c.name for c in report.checks if not c.skipped} >= {
        "layout", "notebook", "reference", "hidden-tests", "same-points", "engine", "jupyter"}


@pytest.fixture
def course(tmp_path, monkeypatch):
    (tmp_path / "assignments").mkdir()
    monkeypatch.setenv("AUTOGRADER_COURSE", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_assignment_validates_as_generated(course):
    runner = CliRunner()
    made = runner.invoke(main, ["new", "10_demo", "--question", "double_it", "--title-ko", "데모", "--title-en", "Demo"])
    assert made.exit_code == 0, made.output
    for rel in ("assignments/10_demo/assignment.toml", "assignments/10_demo/notebook.py",
                "assignments/10_demo/tests/double_it.py", "assignments/10_demo/10_demo.ipynb",
                "solutions/10_demo/solution.py", "solutions/10_demo/tests/double_it.py", "solutions/10_demo/variants.py"):
        assert (course / rel).is_file(), rel
    result = runner.invoke(main, ["validate", "10_demo", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output and "❌" not in result.output
    again = runner.invoke(main, ["new", "10_demo"])
    assert again.exit_code != 0 and "exists" in again.output


def test_validate_fails_and_says_why(course):
    runner = CliRunner()
    assert runner.invoke(main, ["new", "11_broken"]).exit_code == 0
    variants = course / "solutions" / "11_broken" / "variants.py"
    # a "variant" that is in fact correct: it loses no points; and a seed-dependent one
    variants.write_text(variants.read_text(encoding="utf-8") + '''

@misconception("scale_actually_right", replaces="scale", ko="맞는 답", en="a right answer")
def scale_actually_right(x, factor=2.0):
    return np.asarray(x, dtype=float) * factor


@misconception("scale_wrong_for_large_factors", replaces="scale", ko="큰 factor에서 틀림", en="wrong for factor > 3")
def scale_wrong_for_large_factors(x, factor=2.0):
    return np.asarray(x, dtype=float) * (factor if factor < 3 else 0.0)
''', encoding="utf-8")
    result = runner.invoke(main, ["validate", "11_broken", "--lang", "en", "--skip", "jupyter", "--skip", "engine"])
    assert result.exit_code == 1, result.output
    assert "scale_actually_right: loses no points" in result.output
    assert "scale_wrong_for_large_factors: points depend on the seed" in result.output
    (course / "assignments" / "11_broken" / "notebook.py").write_text("# %% [markdown]\n# changed\n", encoding="utf-8")
    stale = runner.invoke(main, ["validate", "11_broken", "--only", "notebook"])
    assert stale.exit_code == 1 and "autograder build 11_broken" in stale.output
