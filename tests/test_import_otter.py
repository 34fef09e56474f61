"""`autograder import-otter MASTER.ipynb --id ID`: an otter master notebook (the one of
tests/fixtures/otter_04, in both of otter's test formats) becomes a native assignment whose
scores agree, question by question, with the otter assignment `otter assign` builds from the same
master; the native assignment's student notebook, reference and variants-file are in place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.cli.main import main
from autograder.course.assignments import Assignment
from autograder.course.authoring import reference_notebook
from autograder.grader.grading import grade
from autograder.pipelines.otter_import import import_otter
from autograder.pipelines.otter_master import student_code, strip_solution
from conftest import ROOT

pytest.importorskip("otter", reason="otter-grader (the dev extra) builds the otter assignment")
BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "fixtures" / "otter_04"

WRONG = {
    "sgd_step": "def sgd_step(w, g, lr=0.01):\n    return w + lr * g",
    "adam_step": "def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                 "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g**2\n"
                 "    return w - lr * m / (np.sqrt(v) + eps), m, v",
    "optimize": "def optimize(method, grad_fn, x0, lr, n_iter=100, **hyper):\n    return np.zeros((1, 2))",
}


def _run(cmd, cwd=None):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["exception", "ok"])
def test_master_round_trips_with_the_same_scores(fmt, tmp_path, zygote, monkeypatch):
    master = tmp_path / "otter04.ipynb"
    _run([sys.executable, FIXTURE / "make_master.py", master, "--format", fmt])
    _run([BIN / "otter", "assign", master.name, "dist"], cwd=tmp_path)
    (ag_zip,) = (tmp_path / "dist" / "autograder").glob("*.zip")
    otter_assignment = import_otter(ag_zip, tmp_path / "otter-course")

    course = tmp_path / "course"
    (course / "assignments").mkdir(parents=True)
    monkeypatch.setenv("AUTOGRADER_COURSE", str(course))
    result = CliRunner().invoke(main, ["import-otter", str(master), "--id", "o4"])
    assert result.exit_code == 0, result.output
    native = Assignment.load("o4", course)
    assert sorted(q.name for q in native.questions) == sorted(q.name for q in otter_assignment.questions)
    assert native.notebook.is_file() and (native.private_dir / "solution.py").is_file()
    assert "BEGIN SOLUTION" not in (native.public_dir / "notebook.py").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in (native.private_dir / "solution.py").read_text(encoding="utf-8")
    assert native.max_points == pytest.approx(otter_assignment.max_points)

    submissions = {"reference": reference_notebook(native),
                   "wrong": reference_notebook(native, WRONG),
                   "blank": nbformat.read(native.notebook, as_version=4)}
    for name, nb in submissions.items():
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        ours, theirs = grade(native, path, zygote), grade(otter_assignment, path, zygote)
        per_q = lambda r: {q: round(sum(t.score for t in r.tests if t.question == q), 6)  # noqa: E731
                           for q in {t.question for t in r.tests}}
        assert per_q(ours) == per_q(theirs), name
        if name == "reference":
            assert ours.score == ours.max_score > 0
        if name == "blank":
            assert ours.score == 0
    again = CliRunner().invoke(main, ["import-otter", str(master), "--id", "o4"])
    assert again.exit_code != 0 and "--force" in again.output


def test_solution_markers():
    code = ("def f(x):\n    \"\"\"doc\"\"\"\n    # BEGIN SOLUTION\n    y = x * 2\n    return y\n    # END SOLUTION\n"
            "k = 3 # SOLUTION\n")
    assert strip_solution(code) == "def f(x):\n    \"\"\"doc\"\"\"\n    y = x * 2\n    return y\nk = 3"
    student = student_code(code)
    assert "x * 2" not in student and "raise NotImplementedError" in student and "k = ..." in student
