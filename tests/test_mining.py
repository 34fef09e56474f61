"""Mining a class's shared mistakes: the same wrong behaviour on the same canonical inputs is
one cluster; unrelated mistakes stay apart; a known variant explains its cluster; a suggested
stub, once named and added to variants.py, names the mistake on regrading."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from autograder.course.assignments import Assignment
from autograder.grader import fingerprint
from autograder.pipelines.batch import grade_batch
from conftest import ROOT, load
from synthetic_class import make_class, write

AUTOGRADER = [sys.executable, "-m", "autograder.cli"]
MISTAKES = {1: "adagrad_abs", 3: "adagrad_abs", 4: "adagrad_abs", 6: "adagrad_abs", 7: "adagrad_abs",
            2: "sgd_sign", 5: "rmsprop_abs", 8: "rmsprop_abs"}


def test_canonical_calls_are_the_same_for_every_submission_and_data_only():
    a = load("04_optimizers")
    calls = fingerprint.canonical_calls(a)
    assert {"sgd_step", "adagrad_step", "adam_step", "optimize"} <= set(calls)
    assert all(1 <= len(c) <= fingerprint.MAX_CALLS for c in calls.values())
    again = fingerprint._derive(a)  # derived afresh: the same inputs
    assert {f: fingerprint.set_id(c) for f, c in calls.items()} == {f: fingerprint.set_id(c) for f, c in again.items()}


def test_five_students_sharing_an_uncatalogued_mistake_make_one_cluster_of_five(tmp_path, zygote):
    files = make_class(tmp_path / "class", 10, mistakes=MISTAKES, seed=11)
    out = tmp_path / "out"
    batch = grade_batch(load("04_optimizers"), files, out, jobs=1, plots=False)
    passing = [r for r in batch.results if r.score == r.max_score]
    assert passing and all(not r.behaviour for r in passing), "nothing is fingerprinted for a passing submission"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    clusters = summary["misconception_clusters"]
    adagrad = [c for c in clusters if c["function"] == "adagrad_step"]
    assert len(adagrad) == 1 and adagrad[0]["size"] == 5
    assert adagrad[0]["submissions"] == ["student001", "student003", "student004", "student006", "student007"]
    assert clusters[0]["id"] == adagrad[0]["id"], "the largest unexplained cluster comes first"
    assert "def adagrad_step" in adagrad[0]["cell"] and "np.abs(g)" in adagrad[0]["cell"]
    assert adagrad[0]["differs"] and all("adagrad_step(" in d["call"] for d in adagrad[0]["differs"])
    rms = [c for c in clusters if c["function"] == "rmsprop_step"]
    assert [c["submissions"] for c in rms] == [["student005", "student008"]]
    for c in clusters:  # unrelated mistakes never merge
        members = set(c["submissions"])
        assert members <= {f"student{i:03d}" for i, m in MISTAKES.items() if m == {
            "adagrad_step": "adagrad_abs", "rmsprop_step": "rmsprop_abs", "sgd_step": "sgd_sign"}.get(
            c["function"], MISTAKES[int(c["submissions"][0][-3:])])}
    assert not [c for c in clusters if c["function"] == "sgd_step"], "one student alone is not a cluster"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert adagrad[0]["id"] in report and "np.abs(g)" in report


def test_a_catalogued_mistake_is_explained_not_listed(tmp_path, zygote):
    a = load("04_optimizers")
    from autograder.course.authoring import variant_source

    m = next(m for m in a.misconceptions if m.id == "adam_no_bias_correction")
    files = make_class(tmp_path / "class", 3, seed=12)
    for f in files[:2]:
        f.write_text(f.read_text(encoding="utf-8") + "\n# %%\n" + variant_source(m) + "\n", encoding="utf-8")
    grade_batch(a, files, tmp_path / "out", jobs=1, plots=False)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert not [c for c in summary["misconception_clusters"] if c["function"] == "adam_step"]
    assert {"function": "adam_step", "size": 2, "explained_by": "adam_no_bias_correction"} in summary["explained_clusters"]


def test_a_suggested_variant_once_named_is_diagnosed_on_regrading(tmp_path, zygote):
    course = tmp_path / "course"
    for side in ("assignments", "solutions"):
        shutil.copytree(ROOT / side / "04_optimizers", course / side / "04_optimizers")
    a = Assignment.load("04_optimizers", course)
    files = make_class(tmp_path / "class", 4, mistakes={0: "adagrad_abs", 2: "adagrad_abs", 3: "adagrad_abs"}, seed=13)
    out = tmp_path / "out"
    grade_batch(a, files, out, jobs=1, plots=False)
    done = subprocess.run(AUTOGRADER + ["variants", "suggest", str(out), "--question", "adagrad_step"], cwd=ROOT,
                          env={"AUTOGRADER_COURSE": str(course), "PATH": "/usr/bin:/bin"}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    stub_path = out / "suggested_variants" / "adagrad_step.py"
    stub = stub_path.read_text(encoding="utf-8")
    assert "@misconception(" in stub and "replaces='adagrad_step'" in stub and "np.abs(g)" in stub and "TODO" in stub
    compile(stub, str(stub_path), "exec")
    body = stub.split("from autograder.diagnosis import misconception", 1)[1]
    named = (body.replace("TODO: 무엇이 틀렸고 어떻게 고치는지 설명하세요.", "g²가 아니라 |g|를 누적했습니다.")
             .replace("TODO: say what is wrong and how to fix it.", "You accumulated |g| instead of g².")
             .replace("adagrad_step_todo_1", "adagrad_abs_accumulator"))
    variants = course / "solutions" / "04_optimizers" / "variants.py"
    variants.write_text(variants.read_text(encoding="utf-8") + "\n\n" + named, encoding="utf-8")
    regraded = grade_batch(Assignment.load("04_optimizers", course), files, out, jobs=1, plots=False)
    assert regraded.graded_now == 4, "variants.py is part of the assignment version: everything is regraded"
    named_now = {r.submission for r in regraded.results for t in r.tests if t.diagnosis == "adagrad_abs_accumulator"}
    assert named_now == {"student000", "student002", "student003"}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert not [c for c in summary["misconception_clusters"] if c["function"] == "adagrad_step"]


def test_a_student_whose_process_is_gone_costs_nothing_more(tmp_path, grade_source):
    src = write(tmp_path / "x.py", ["import numpy as np", "def sgd_step(w, g, lr=0.01):\n    import os\n    os._exit(3)"])
    result = grade_source(src.read_text(encoding="utf-8"), "04_optimizers")
    assert "sgd_step" not in result.behaviour
