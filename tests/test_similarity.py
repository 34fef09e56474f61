"""Similarity between submissions: copies found whatever is renamed, reordered or re-commented;
independent short solutions and the notebook's own code never flagged; the pages render."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.grader.grading import SubmissionResult
from autograder.outputs import similarity
from conftest import ROOT, load
from synthetic_class import make_class, write

CHROMIUM = Path("/usr/bin/chromium")
AUTOGRADER = [sys.executable, "-m", "autograder.cli"]


def results_for(files, assignment) -> list[SubmissionResult]:
    return [SubmissionResult(submission=f.stem, path=str(f), sha256=f"sha{i}", size=0, assignment=assignment.id,
                             version=assignment.version) for i, f in enumerate(files)]


def test_a_disguised_copy_is_at_the_top_and_independent_students_are_not_flagged(tmp_path):
    a = load("04_optimizers")
    files = make_class(tmp_path / "class", 14, copies=[(3, 10)], seed=3)
    report = similarity.analyse(a, results_for(files, a))
    top = report["pairs"][0]
    assert {top["a"], top["b"]} == {"student003", "student010"}
    assert top["flagged"] and min(top["a_in_b"], top["b_in_a"]) > 0.7
    assert [p for p in report["pairs"] if p["flagged"]] == [top], "only the copy is above the threshold"
    copy = (tmp_path / "class" / "student010.py").read_text(encoding="utf-8")
    original = (tmp_path / "class" / "student003.py").read_text(encoding="utf-8")
    assert copy != original and "_x" in copy or "_my" in copy or "_k" in copy or "_tmp" in copy  # locals renamed
    assert report["clusters"] == []


def test_three_copies_of_one_make_a_cluster(tmp_path):
    a = load("04_optimizers")
    files = make_class(tmp_path / "class", 10, copies=[(1, 5), (1, 8)], seed=4)
    report = similarity.analyse(a, results_for(files, a))
    assert report["clusters"][0]["members"] == ["student001", "student005", "student008"]


def test_independent_correct_short_functions_are_not_flagged(tmp_path):
    a = load("04_optimizers")
    bodies = ["return w - lr * g", "w_new = w - lr * g\n    return w_new", "step = lr * g\n    return w - step",
              "return w - g * lr", "out = w - lr * g\n    return out", "return np.subtract(w, lr * g)"]
    files = [write(tmp_path / f"s{i}.py", ["import numpy as np", f"def sgd_step(w, g, lr=0.01):\n    {body}"])
             for i, body in enumerate(bodies * 2)]  # each one-liner written by two students
    report = similarity.analyse(a, results_for(files, a))
    assert not [p for p in report["pairs"] if p["flagged"]]


def test_code_the_notebook_gave_is_never_flagged(tmp_path):
    a = load("04_optimizers")
    blank = a.notebook.read_bytes()
    files = []
    for i in range(4):
        files.append(tmp_path / f"blank{i}.ipynb")
        files[-1].write_bytes(blank)
    report = similarity.analyse(a, results_for(files, a))
    assert report["pairs"] == [] and report["submissions"] == 4


@pytest.mark.slow
def test_cli_similarity_writes_the_pages_and_the_class_report_shows_the_flags(tmp_path):
    make_class(tmp_path / "class", 6, copies=[(0, 4)], mistakes={1: "adagrad_abs", 2: "adagrad_abs"}, seed=5)
    out = tmp_path / "out"
    graded = subprocess.run(AUTOGRADER + ["grade", "-a", "04_optimizers", "-o", str(out), "--jobs", "2", "--lang", "en",
                                          str(tmp_path / "class")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert graded.returncode == 0, graded.stderr[-2000:]
    done = subprocess.run(AUTOGRADER + ["similarity", str(out), "--lang", "en"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "student000 ↔ student004" in done.stdout
    data = json.loads((out / "similarity.json").read_text(encoding="utf-8"))
    assert {data["pairs"][0]["a"], data["pairs"][0]["b"]} == {"student000", "student004"}
    page = (out / "similarity.html").read_text(encoding="utf-8")
    report = (out / "report.html").read_text(encoding="utf-8")
    for html in (page, report):
        assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "<mark>" in page and 'class="side-by-side"' in page
    assert 'id="similarity"' in report and "student004 " in report and 'id="mined"' in report
    assert "adagrad_step-1" in report  # the planted mistake, unexplained
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["similarity"]["flagged_pairs"][0]["rank"] == 1
    if CHROMIUM.exists():
        from test_reports import screenshot

        for name in ("report.html", "similarity.html"):
            png = tmp_path / f"{name}.png"
            screenshot(out / name, png, tmp_path, height=2400)
            assert png.is_file() and png.stat().st_size > 20_000
            import matplotlib.image as mpimg

            img = mpimg.imread(str(png))[..., :3]
            assert img.std() > 0.05 and (img.mean(axis=2) < 0.35).mean() > 0.002  # text is drawn
        if name == "similarity.html":  # the highlighted regions (yellow) are visible
            r, g, b = img[..., 0], img[..., 1], img[..., 2]
            assert ((r > 0.9) & (g > 0.8) & (b < 0.65)).mean() > 0.001
