"""Batches: parallel, resumable after kill -9, idempotent, one result per submission."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from autograder.pipelines.batch import grade_batch
from conftest import ROOT, load, reference_source

AUTOGRADER = [sys.executable, "-m", "autograder.cli"]


def make_class(folder: Path, n: int, sleep: float = 0.0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ref = reference_source("04_optimizers")
    paths = []
    for i in range(n):
        p = folder / f"student{i:03d}.py"
        wrong = "\ndef sgd_step(w, g, lr=0.01):\n    return w + lr * g\n" if i % 3 == 0 else ""
        p.write_text(f"# student {i}\n# %%\nimport time\ntime.sleep({sleep})\n# %%\n{ref}\n# %%\n{wrong}", encoding="utf-8")
        paths.append(p)
    return paths


def stored(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT name, sha256, run_id, score FROM results ORDER BY name").fetchall()


def test_batch_survives_kill_minus_nine_and_finishes_the_rest(tmp_path):
    files = make_class(tmp_path / "class", 10, sleep=0.6)
    out = tmp_path / "out"
    cmd = AUTOGRADER + ["grade", "-a", "04_optimizers", "-o", str(out), "--jobs", "2", str(tmp_path / "class")]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = out / "gradebook.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if db.exists() and len(stored(db)) >= 3:
                break
        except sqlite3.OperationalError:  # the file exists a moment before its tables
            pass
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = stored(db)
    assert 3 <= len(before) < len(files), "the kill must land mid-batch"

    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    after = stored(db)
    assert len(after) == len(files) == len({(n, s) for n, s, *_ in after}), "exactly one result per submission"
    assert [r for r in after if r[2] == before[0][2]] == before, "results from before the kill are kept, not regraded"
    assert f"graded {len(files) - len(before)}, reused {len(before)}" in done.stdout
    with open(out / "grades.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["submission"] for r in rows) == [p.stem for p in files]
    for r in rows:
        assert float(r["sgd_step"]) < 8 if int(r["submission"][-3:]) % 3 == 0 else float(r["total"]) == float(r["max"])
    assert all((out / p.stem / "results.json").exists() for p in files)


def test_regrading_is_idempotent_and_a_changed_file_is_graded_again(tmp_path, zygote):
    files = make_class(tmp_path / "class", 3)
    a = load("04_optimizers")
    first = grade_batch(a, files, tmp_path / "out", jobs=1)
    again = grade_batch(a, files, tmp_path / "out", jobs=1)
    assert (first.graded_now, again.graded_now, again.reused) == (3, 0, 3)
    assert [(r.submission, r.score) for r in first.results] == [(r.submission, r.score) for r in again.results]
    files[1].write_text(files[1].read_text() + "\n# resubmitted\n", encoding="utf-8")
    third = grade_batch(a, files, tmp_path / "out", jobs=1)
    assert third.graded_now == 1 and len(third.results) == 3


def test_workers_are_pinned_one_cpu_each_unless_keras_would_leave_cpus_idle():
    from autograder.pipelines.batch import cpus_to_pin

    if not hasattr(os, "sched_getaffinity"):
        assert cpus_to_pin(False, 2) == []
        return
    available = sorted(os.sched_getaffinity(0))
    plan = cpus_to_pin(False, len(available) + 1)
    assert len(plan) == len(available) + 1 and set(plan) == set(available)  # round robin, all used
    assert cpus_to_pin(True, len(available)) == available[:len(available)]
    if len(available) > 1:
        assert cpus_to_pin(True, 1) == []  # TensorFlow may use every CPU of an otherwise idle machine


def test_result_dict_is_what_dataclasses_asdict_gives(grade_source):
    import dataclasses

    from autograder.grader.grading import SubmissionResult

    r = grade_source(reference_source("04_optimizers").replace("return w - lr * g", "return w + lr * g", 1))
    assert r.score < r.max_score and any(not t.passed for t in r.tests)
    assert r.to_dict() == dataclasses.asdict(r)
    assert SubmissionResult.from_dict(r.to_dict()) == r
