"""Found while running a course (issue 15, item 8): each fixed, each checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.grader.grading import SubmissionResult
from autograder.grader.grading import TestResult as TResult
from autograder.outputs import results as results_io
from conftest import ROOT, load

EX = ROOT / "examples" / "04_optimizers"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def test_public_sgd_test_blames_the_in_place_change_not_the_learning_rate(grade_source):
    src = "import numpy as np\ndef sgd_step(w, g, lr=0.01):\n    w -= lr * g\n    return w\n"
    r = grade_source(src)
    t = next(t for t in r.tests if t.name == "test_sgd_default_lr_and_no_mutation")
    assert not t.passed and "in place" in t.en and "default lr" not in t.en


def test_junit_for_a_corrupt_submission_counts_each_test_once_as_an_error(grade_source, tmp_path):
    r = grade_source(b"{not json", suffix=".ipynb")
    assert r.status == "error"
    results_io.write_junit([r], tmp_path / "junit.xml", lang="en")
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    n = len(r.tests)
    assert suite.get("tests") == str(n) and suite.get("errors") == str(n) and suite.get("failures") == "0"
    assert len(suite.findall("testcase")) == n and len(suite.findall(".//error")) == n
    assert suite.find("system-err") is None and not suite.findall(".//failure")


def test_korean_scalar_mismatch_message_is_complete():
    from autograder.grader import checks

    with pytest.raises(checks.Fail) as e:
        checks.assert_close(1.5, 1.0, name="loss")
    assert "가장 큰 차이 위치;" not in e.value.ko and "최대 절대 오차" in e.value.ko and "max abs" not in e.value.ko


def _result(name: str, failed: int) -> SubmissionResult:
    tests = [TResult(f"t{i}", "q", 0.0, 1.0, False, False, "틀림", "wrong") for i in range(failed)]
    return SubmissionResult(name, f"{name}.ipynb", "0" * 64, 1, "04_optimizers", "v", 0.0, float(failed), tests=tests)


def test_github_annotations_summarise_beyond_ten_errors():
    lines = results_io.github_annotations([_result("a", 8), _result("b", 7)], "en")
    errors = [ln for ln in lines if ln.startswith("::error")]
    assert len(errors) == 10 and "6 more failed tests" in errors[-1]
    assert len([ln for ln in lines if ln.startswith("::notice")]) == 2
    assert len([ln for ln in results_io.github_annotations([_result("a", 10)], "en") if ln.startswith("::error")]) == 10


def test_check_exit_code_gates_on_failed_public_tests():
    assert run("check", EX / "partly_wrong.ipynb").exit_code == 1
    assert run("check", EX / "correct.ipynb").exit_code == 0


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_must_be_positive(tmp_path, jobs):
    r = run("grade", "-a", "04_optimizers", "-o", tmp_path, "--jobs", jobs, EX / "correct.ipynb")
    assert r.exit_code == 2 and "--jobs" in r.output


def test_build_outside_the_checkout_refuses(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_COURSE"}
    before = (ROOT / "assignments" / "04_optimizers" / "04_optimizers.ipynb").stat().st_mtime_ns
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "build"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "course checkout" in out.stderr
    assert (ROOT / "assignments" / "04_optimizers" / "04_optimizers.ipynb").stat().st_mtime_ns == before


def test_summary_has_assignment_max_and_median(tmp_path):
    results_io.write_summary([_result("a", 2), _result("b", 4)], tmp_path / "s.json", assignment="04_optimizers",
                             max_score=111)
    s = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert s["assignment"] == "04_optimizers" and s["max_score"] == 111 and s["median_score"] == 0


def test_an_unreachable_dask_scheduler_fails_fast_in_one_line(tmp_path):
    pytest.importorskip("distributed")
    env = {**os.environ, "AUTOGRADER_DASK_TIMEOUT": "2s"}
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "-a", "04_optimizers", "-o",
                          str(tmp_path / "out"), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                          str(EX / "correct.ipynb")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "cannot reach the Dask scheduler" in out.stderr and len(out.stderr.strip().splitlines()) <= 3


def test_markdown_in_messages_is_rendered_not_shown_raw():
    from autograder.outputs.reports import inline_markdown, render_feedback

    html = str(inline_markdown("Pass `**hyper` on, **not** `<b>`"))
    assert html == "Pass <code>**hyper</code> on, <strong>not</strong> <code>&lt;b&gt;</code>"
    r = _result("a", 1)
    r.tests[0].en = "Use `>`, not `>=`; pass `**hyper` on **unchanged**."
    page = render_feedback(r, load("04_optimizers"), "en")
    body = page.split("<body", 1)[1]
    assert "<code>&gt;=</code>" in body and "<code>**hyper</code>" in body and "<strong>unchanged</strong>" in body
    assert "`" not in body


def test_korean_class_report_plots_have_korean_labels():
    from autograder.outputs import reports

    if reports.hangul_font() is None:
        pytest.skip("no Hangul font installed")
    labels = reports.plot_labels("ko")
    assert labels["plot_score"] == "점수" and labels["plot_count"] == "제출물 수"


def test_optimizers_plot_cell_draws_nothing_before_the_notebook_is_implemented():
    nb = json.loads((ROOT / "assignments" / "04_optimizers" / "04_optimizers.ipynb").read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "plt.subplots" in "".join(c["source"]))
    assert cell.index("paths = {") < cell.index("plt.subplots"), "every path is computed before the figure exists"


def test_a_deadline_in_assignment_toml_does_not_change_the_version(tmp_path):
    import shutil

    from autograder.course.assignments import Assignment

    for side in ("assignments", "solutions"):
        shutil.copytree(ROOT / side / "04_optimizers", tmp_path / side / "04_optimizers")
    before = Assignment.load("04_optimizers", tmp_path).version
    toml = tmp_path / "assignments" / "04_optimizers" / "assignment.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[deadline]\ndue = "2025-04-07T23:59"\npenalty = "10%/day"\n',
                    encoding="utf-8")
    assert Assignment.load("04_optimizers", tmp_path).version == before
    assert before == load("04_optimizers").version, "assignments without a deadline keep their version"
