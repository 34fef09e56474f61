"""Class folders as LMSs and GitHub Classroom deliver them: who submitted what, and when."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.course.layouts import declared_assignment, detect, discover
from autograder.course.roster import join, read_roster
from conftest import ROOT

EX = ROOT / "examples" / "04_optimizers"
NB = (EX / "correct.ipynb").read_bytes()


def put(path: Path, data: bytes = NB, when: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if when:
        t = datetime.fromisoformat(when).timestamp()
        os.utime(path, (t, t))
    return path


def test_canvas_download_names_late_marker_and_resubmissions(tmp_path):
    c = tmp_path / "submissions"
    put(c / "kimminsu_LATE_1001_5001_04_optimizers.ipynb", when="2025-04-09T10:00:00+09:00")
    put(c / "leejiwon_1002_5002_04_optimizers.ipynb", when="2025-04-06T10:00:00+09:00")
    put(c / "leejiwon_1002_5003_04_optimizers-1.ipynb", when="2025-04-07T10:00:00+09:00")
    assert detect(c) == "canvas"
    d = discover([c])
    assert d.layout == "canvas"
    by = {f.identity.lms_id: f for f in d.found}
    assert set(by) == {"1001", "1002"}
    assert by["1001"].late_marker and not by["1002"].late_marker
    assert by["1002"].path.name == "leejiwon_1002_5003_04_optimizers-1.ipynb", "the newest file is graded"
    assert by["1002"].others == ["leejiwon_1002_5002_04_optimizers.ipynb"], "the others are listed"
    assert by["1002"].time_source == "file" and "last resort" in by["1002"].extra["time_note"]
    assert by["1001"].extra["prefix"] == "kimminsu_LATE_1001_5001_"


def test_canvas_zip_bundle_is_unpacked_safely_and_keeps_zip_times(tmp_path):
    bundle = tmp_path / "submissions.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr(zipfile.ZipInfo("parkseo_1003_5004_hw.ipynb", (2025, 4, 7, 12, 0, 0)), NB)
        z.writestr(zipfile.ZipInfo("choiyu_1004_5005_hw.ipynb", (2025, 4, 8, 12, 0, 0)), NB)
        z.writestr("../escape.ipynb", NB)
    d = discover([bundle], work_dir=tmp_path / "out")
    assert d.layout == "canvas" and len(d.found) == 2
    assert not (tmp_path / "escape.ipynb").exists() and not (tmp_path / "out" / "escape.ipynb").exists()
    when = {f.identity.lms_id: f.submitted_at.astimezone().replace(tzinfo=None) for f in d.found}
    assert when["1003"] == datetime(2025, 4, 7, 12, 0, 0)


def test_moodle_folders_with_korean_names_and_online_text(tmp_path):
    m = tmp_path / "moodle"
    put(m / "김민수_2001_assignsubmission_file_" / "04_optimizers.ipynb")
    put(m / "이지원_2002_assignsubmission_file_" / "04_optimizers.ipynb", when="2025-04-01T00:00:00+00:00")
    put(m / "이지원_2002_assignsubmission_file_" / "draft" / "old.ipynb", when="2025-03-01T00:00:00+00:00")
    (m / "이지원_2002_assignsubmission_onlinetext_").mkdir()
    (m / "이지원_2002_assignsubmission_onlinetext_" / "onlinetext.html").write_text("<p>hi</p>", encoding="utf-8")
    assert detect(m) == "moodle"
    found = {f.identity.name: f for f in discover([m]).found}
    assert set(found) == {"김민수", "이지원"}
    assert found["이지원"].identity.lms_id == "2002" and found["이지원"].path.name == "04_optimizers.ipynb"
    assert found["이지원"].extra["prefix"] == "이지원_2002_assignsubmission_file_"
    assert any("old.ipynb" in o for o in found["이지원"].others)


def test_one_folder_per_student_does_not_collide_on_identical_file_names(tmp_path):
    f = tmp_path / "class"
    for who in ("kim", "lee", "park"):
        put(f / who / "04_optimizers.ipynb")
    put(f / "lee" / ".ipynb_checkpoints" / "04_optimizers-checkpoint.ipynb")
    put(f / "park" / "tests" / "sgd_step.py", b"x = 1\n")
    d = discover([f])
    assert d.layout == "folders"
    assert sorted(x.key for x in d.found) == ["kim", "lee", "park"]
    assert all(x.path.name == "04_optimizers.ipynb" and not x.others for x in d.found)


def _git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "s", "GIT_AUTHOR_EMAIL": "s@example.com", "GIT_COMMITTER_NAME": "s",
           "GIT_COMMITTER_EMAIL": "s@example.com"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def make_classroom(root: Path, logins: dict[str, str]) -> dict[str, str]:
    """`gh classroom clone student-repos`: <assignment>-<login>/ git repositories; returns login -> HEAD sha."""
    heads = {}
    for login, when in logins.items():
        repo = root / f"optimizers-hw-{login}"
        repo.mkdir(parents=True)
        _git(repo, "init", "-q")
        put(repo / "04_optimizers.ipynb")
        put(repo / "tests" / "sgd_step.py", b"# public tests from the starter\n")
        (repo / "README.md").write_text("starter\n", encoding="utf-8")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", "starter", when="2025-04-01T09:00:00+09:00")
        put(repo / "scratch.ipynb")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", "work", when=when)
        heads[login] = _git(repo, "rev-parse", "HEAD")
    return heads


def test_github_classroom_clone_records_login_commit_and_commit_time(tmp_path):
    root = tmp_path / "optimizers-hw-submissions"
    heads = make_classroom(root, {"kim-dev": "2025-04-07T22:00:00+09:00", "leejw": "2025-04-09T01:30:00+09:00"})
    assert detect(root) == "classroom"
    found = {f.identity.login: f for f in discover([root], assignment_id="04_optimizers").found}
    assert set(found) == {"kim-dev", "leejw"}, "the common <assignment>- prefix is not part of the login"
    kim = found["kim-dev"]
    assert kim.commit == heads["kim-dev"] and kim.time_source == "commit"
    assert kim.submitted_at == datetime.fromisoformat("2025-04-07T22:00:00+09:00")
    assert kim.path.name == "04_optimizers.ipynb", "the assignment's notebook wins over scratch files"
    assert kim.others == ["scratch.ipynb"] and kim.extra["repo"] == "optimizers-hw-kim-dev"


def test_gradescope_export_metadata(tmp_path):
    g = tmp_path / "assignment_123_export"
    put(g / "submission_9001" / "04_optimizers.ipynb")
    put(g / "submission_9002" / "hw.ipynb")
    (g / "submission_metadata.yml").write_text(
        "submission_9001:\n  :submitters:\n  - :name: 김민수\n    :sid: '2025001'\n    :email: kim@example.com\n"
        "  :created_at: 2025-04-07 21:00:00.000000000 +09:00\n"
        "submission_9002:\n  :submitters:\n  - :name: Lee Jiwon\n    :sid: '2025002'\n    :email: lee@example.com\n"
        "  :created_at: 2025-04-08 23:30:00.000000000 +09:00\n", encoding="utf-8")
    d = discover([g])
    assert d.layout == "gradescope"
    by = {f.identity.id: f for f in d.found}
    assert by["2025001"].identity.name == "김민수" and by["2025001"].identity.lms_id == "9001"
    assert by["2025002"].time_source == "lms"
    assert by["2025002"].submitted_at == datetime.fromisoformat("2025-04-08T23:30:00+09:00")


def test_layout_can_be_forced_and_flat_files_keep_their_stem(tmp_path):
    put(tmp_path / "a" / "kim.ipynb")
    d = discover([tmp_path / "a"], layout="flat")
    assert [f.key for f in d.found] == ["kim"] and d.found[0].time_source == "file"
    d = discover([tmp_path / "a" / "kim.ipynb"])
    assert [f.key for f in d.found] == ["kim"]


def test_an_empty_class_folder_is_an_error_not_zero_submissions(tmp_path):
    (tmp_path / "empty" / "kim").mkdir(parents=True)
    (tmp_path / "empty" / "kim" / "notes.txt").write_text("no notebook", encoding="utf-8")
    r = CliRunner().invoke(main, ["grade", "-a", "04_optimizers", "-o", str(tmp_path / "out"), str(tmp_path / "empty")])
    assert r.exit_code == 2 and "no submissions" in r.output and "제출물" in r.output


def test_roster_joins_by_login_lms_id_and_name_and_reports_both_sides(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes("학번,이름,이메일,분반,github,lms_id,extension\n"
                       "2025001,김민수,kim@example.com,A,kim-dev,,\n"
                       "2025002,이지원,lee@example.com,B,,2002,2d\n"
                       "2025003,박서연,park@example.com,A,,,\n".encode("utf-8-sig"))
    students = read_roster(roster)
    assert [s.name for s in students] == ["김민수", "이지원", "박서연"] and students[1].extension == "2d"
    ids = {"kim-dev": {"login": "kim-dev"}, "이지원_2002": {"name": "이지원", "lms_id": "2002"},
           "stranger": {"name": "누구"}}
    matched, unmatched, missing = join(ids, students)
    assert matched["kim-dev"].id == "2025001" and matched["이지원_2002"].id == "2025002"
    assert unmatched == ["stranger"] and [s.id for s in missing] == ["2025003"]
    cp949 = tmp_path / "excel.csv"
    cp949.write_bytes("학번,이름\n2025009,최유진\n".encode("cp949"))
    assert read_roster(cp949)[0].name == "최유진", "Korean Excel's CP949 is read too"


def test_notebook_metadata_names_its_assignment(tmp_path):
    nb = json.loads(NB)
    nb.setdefault("metadata", {})["autograder"] = {"assignment": "05_dropout"}
    p = put(tmp_path / "x.ipynb", json.dumps(nb).encode())
    assert declared_assignment(p) == "05_dropout"
    assert declared_assignment(put(tmp_path / "y.py", b"x = 1\n")) is None


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_in_a_collected_repository_runs_no_hooks(tmp_path):
    heads = make_classroom(tmp_path / "c", {"kim": "2025-04-07T22:00:00+09:00", "lee": "2025-04-07T22:00:00+09:00"})
    hook = tmp_path / "c" / "optimizers-hw-kim" / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {tmp_path / 'pwned'}\n")
    hook.chmod(0o755)
    found = discover([tmp_path / "c"]).found
    assert {f.commit for f in found} == set(heads.values()) and not (tmp_path / "pwned").exists()
