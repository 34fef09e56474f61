"""The command line, as an instructor and a student use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from autograder.cli import main
from conftest import ROOT

EX = ROOT / "examples" / "04_optimizers"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


@pytest.mark.parametrize("command", [[], ["grade"], ["check"], ["list"], ["build"], ["report"], ["gradescope"], ["release"]])
def test_help_everywhere(command):
    r = run(*command, "--help")
    assert r.exit_code == 0 and "Usage" in r.output


def test_grade_writes_gradescope_results_and_csv(tmp_path):
    r = run("grade", "-a", "04_optimizers", "-o", tmp_path, "--jobs", "1", EX / "correct.ipynb", EX / "broken.ipynb",
            EX / "partly_wrong.ipynb")
    assert r.exit_code == 0, r.output
    res = json.loads((tmp_path / "correct" / "results.json").read_text())
    assert res["score"] == res["extra_data"]["max_score"] > 0
    for t in res["tests"]:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility", "extra_data"}
        assert t["visibility"] in ("visible", "after_published")
        assert set(t["extra_data"]) >= {"question", "functions", "diagnosis"}
    assert "seccomp" in res["extra_data"]["isolation"] or sys.platform != "linux"
    broken = json.loads((tmp_path / "broken" / "results.json").read_text())
    assert broken["score"] == 0 and "손상" in broken["output"]
    wrong = json.loads((tmp_path / "partly_wrong" / "results.json").read_text())
    assert 0 < wrong["score"] < res["score"]
    assert any(t["extra_data"]["diagnosis"] for t in wrong["tests"])
    csv_text = (tmp_path / "grades.csv").read_text()
    assert csv_text.splitlines()[0].startswith("submission,sha256,sgd_step,momentum_step")
    assert len(csv_text.splitlines()) == 4
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["submissions"] == 3 and summary["errors"] == 1 and summary["diagnoses"]


def test_english_feedback(tmp_path):
    r = run("grade", "-a", "04_optimizers", "-o", tmp_path, "--lang", "en", "--jobs", "1", EX / "blank.ipynb")
    assert r.exit_code == 0
    res = json.loads((tmp_path / "blank" / "results.json").read_text())
    assert "Not implemented yet" in res["tests"][0]["output"]


def test_bad_arguments_exit_2(tmp_path):
    assert run("grade", "-a", "99_nothing", "-o", tmp_path, EX / "correct.ipynb").exit_code == 2
    assert run("grade", "-a", "04_optimizers", "-o", tmp_path, tmp_path / "missing.ipynb").exit_code == 2
    assert run("grade", "-o", tmp_path, EX / "correct.ipynb").exit_code == 2


def test_list_shows_questions_and_points():
    r = run("list")
    assert r.exit_code == 0 and "04_optimizers" in r.output and "adam_step" in r.output and "hidden" in r.output


def test_check_runs_only_public_tests(tmp_path):
    r = run("check", EX / "partly_wrong.ipynb")
    assert r.exit_code == 1, "a failed public test is an exit code students can gate on"
    assert "✅" in r.output and "❌" in r.output and "public test points" not in r.output  # Korean by default
    r = run("check", "--lang", "en", EX / "correct.ipynb")
    assert "public test points" in r.output and "❌" not in r.output


def test_report_renders_again_from_the_gradebook(tmp_path):
    assert run("grade", "-a", "04_optimizers", "-o", tmp_path, "--jobs", "1", EX / "correct.ipynb").exit_code == 0
    (tmp_path / "correct" / "results.json").unlink()
    (tmp_path / "grades.csv").unlink()
    r = run("report", tmp_path)
    assert r.exit_code == 0 and (tmp_path / "correct" / "results.json").exists() and (tmp_path / "grades.csv").exists()


def test_console_script_is_installed():
    exe = ROOT / ".venv" / "bin" / "autograder"
    out = subprocess.run([str(exe) if exe.exists() else "autograder", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "grade" in out.stdout


def test_ci_mode_prints_annotations_and_writes_summary_and_junit(tmp_path, monkeypatch):
    from xml.etree import ElementTree as ET

    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = run("grade", "--ci", "-a", "04_optimizers", "-o", tmp_path / "out", "--jobs", "1", EX / "partly_wrong.ipynb")
    assert r.exit_code == 0, "a low score is not a CI failure"
    errors = [line for line in r.output.splitlines() if line.startswith("::error ")]
    assert errors and all("title=" in e and "::" in e[8:] for e in errors)
    assert any(line.startswith("::notice ") and "score" in line for line in r.output.splitlines())
    text = summary.read_text()
    assert "partly_wrong" in text and "| momentum_step |" in text
    suites = ET.parse(tmp_path / "out" / "junit.xml").getroot()
    cases = suites.findall(".//testcase")
    failures = len(suites.findall(".//failure"))
    assert len(cases) > 40 and len(errors) == min(failures, 10), "GitHub shows 10 error annotations per step"


@pytest.mark.parametrize("names", [("bob.py", "bob .py"), ("carol\\x.py", "carol_x.py"), ("Dave.py", "dave.py"),
                                   ("e:f.py", "e_f.py"), ("홍길동.py", "\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc.py")])
def test_submissions_that_would_share_an_output_folder_are_refused_by_name(tmp_path, names):
    """Names equal after sanitising, case-folding or Unicode normalisation (macOS stores Hangul
    decomposed) would overwrite each other's results: the run refuses and names both files."""
    for n in names:
        (tmp_path / n).write_text("def sgd_step(w, g, lr=0.01):\n    return w - lr * g\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["grade", "-a", "04_optimizers", "-o", str(tmp_path / "out"), "--jobs", "1",
                                  *[str(tmp_path / n) for n in names]])
    assert r.exit_code == 2
    assert all(n in r.output for n in names) and "output folder" in r.output and "결과 폴더" in r.output
    assert not (tmp_path / "out").exists()
