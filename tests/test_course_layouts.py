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
from autograder.course.layouts import LayoutError, declared_assignment, detect, discover, member_name
from autograder.course.submission import SubmissionError, read_submission
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


WORK = NB + b"\n"  # the notebook as the students commit it


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
        put(repo / "04_optimizers.ipynb", WORK)  # the student's answer
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
    assert kim.commit == heads["kim-dev"] == kim.extra["head"] and kim.time_source == "commit"
    assert kim.submitted_at == datetime.fromisoformat("2025-04-07T22:00:00+09:00")
    assert kim.path.name == "04_optimizers.ipynb", "the assignment's notebook wins over scratch files"
    assert kim.others == ["scratch.ipynb"]
    assert kim.extra["repo"] == "optimizers-hw-kim-dev" and not kim.warnings


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


# --- GitHub Classroom: the folder above the clone, the committed file, the file's own commit time


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@needs_git
def test_the_folder_above_a_classroom_clone_finds_the_repositories_not_one_student(tmp_path):
    top = tmp_path / "classroom"
    make_classroom(top / "optimizers-hw-submissions", {"kim": "2025-04-07T22:00:00+09:00",
                                                       "lee": "2025-04-08T22:00:00+09:00"})
    (top / "roster.csv").write_text("github\nkim\n", encoding="utf-8")
    assert detect(top) == "classroom"
    for layout in ("auto", "classroom"):
        d = discover([top], layout=layout, assignment_id="04_optimizers")
        assert d.layout == "classroom" and sorted(f.key for f in d.found) == ["kim", "lee"], layout
    with pytest.raises(LayoutError) as e:  # forced `folders`: never the whole class as one student
        discover([top], layout="folders")
    assert "classroom" in e.value.en and "저장소" in e.value.ko
    with pytest.raises(LayoutError) as e:
        discover([tmp_path / "classroom" / "optimizers-hw-submissions" / "optimizers-hw-kim" / "tests"],
                 layout="classroom")
    assert "no git repositories" in e.value.en and "git 저장소가 없습니다" in e.value.ko


@needs_git
def test_a_student_folder_holding_one_repository_stays_a_folders_layout(tmp_path):
    c = tmp_path / "class"
    put(c / "kim" / "04_optimizers.ipynb")
    repo = c / "lee" / "project"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    put(repo / "04_optimizers.ipynb")
    assert detect(c) == "folders"
    assert sorted(f.key for f in discover([c]).found) == ["kim", "lee"]


@needs_git
def test_classroom_grades_the_committed_file_and_says_when_the_working_tree_differs(tmp_path):
    root = tmp_path / "optimizers-hw-submissions"
    heads = make_classroom(root, {"kim": "2025-04-07T22:00:00+09:00", "lee": "2025-04-07T23:00:00+09:00"})
    repo = root / "optimizers-hw-kim"
    put(repo / "04_optimizers.ipynb", b'{"edited": "after the deadline, never committed"}')
    d = discover([root], assignment_id="04_optimizers", work_dir=tmp_path / "out")
    kim = next(f for f in d.found if f.key == "kim")
    assert kim.path.read_bytes() == WORK, "the committed content is graded"
    assert tmp_path / "out" in kim.path.parents, "written out of the repository, into the work folder"
    assert kim.extra["working_tree"] == "differs" and kim.extra["head"] == heads["kim"]
    assert any("differs" in w and "다릅니다" in w for w in kim.warnings)
    assert any("kim" in n and "커밋된 파일" in n for n in d.notes), "the run says so"
    assert kim.meta()["warnings"] == kim.warnings
    lee = next(f for f in d.found if f.key == "lee")
    assert lee.path == root / "optimizers-hw-lee" / "04_optimizers.ipynb" and not lee.warnings
    (repo / "04_optimizers.ipynb").unlink()
    kim = next(f for f in discover([root], assignment_id="04_optimizers", work_dir=tmp_path / "out").found
               if f.key == "kim")
    assert kim.path.read_bytes() == WORK and kim.extra["working_tree"] == "missing"


@needs_git
def test_classroom_time_is_the_last_commit_that_changed_the_graded_file(tmp_path):
    root = tmp_path / "hw-submissions"
    make_classroom(root, {"kim": "2025-04-07T22:00:00+09:00", "lee": "2025-04-07T22:00:00+09:00"})
    repo = root / "optimizers-hw-kim"
    answer = _git(repo, "rev-parse", "HEAD")
    (repo / "README.md").write_text("notes after the deadline\n", encoding="utf-8")
    put(repo / "scratch.ipynb", NB + b"\n\n")  # not the graded notebook either
    _git(repo, "commit", "-q", "-am", "readme", when="2025-04-20T10:00:00+09:00")
    kim = next(f for f in discover([root], assignment_id="04_optimizers").found if f.key == "kim")
    assert kim.path.name == "04_optimizers.ipynb" and kim.commit == answer
    assert kim.submitted_at == datetime.fromisoformat("2025-04-07T22:00:00+09:00")
    assert kim.extra["head"] == _git(repo, "rev-parse", "HEAD") != answer


# --- LMS zips wherever they are given; their names as the uploader wrote them


def canvas_zip(path: Path, students: dict[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for prefix, when in students.items():
            z.writestr(zipfile.ZipInfo(f"{prefix}_hw4.ipynb", tuple(int(x) for x in when.split(","))), NB)
    return path


def test_an_lms_zip_beside_another_argument_is_expanded_not_one_student(tmp_path):
    bundle = canvas_zip(tmp_path / "submissions.zip", {"kimminsu_12345_67890": "2025,4,7,12,0,0",
                                                       "leejiwon_23456_67891": "2025,4,8,12,0,0"})
    late = put(tmp_path / "late" / "parkseo_34567_67892_hw4.ipynb")
    d = discover([bundle, late], work_dir=tmp_path / "out")
    keys = sorted(f.key for f in d.found)
    assert "submissions" not in keys and {"kimminsu_12345", "leejiwon_23456"} <= set(keys)
    assert any(f.layout == "canvas" and f.identity.lms_id == "12345" for f in d.found)


def test_an_lms_zip_inside_a_class_folder_is_expanded_as_its_own_layout(tmp_path):
    folder = tmp_path / "two"
    canvas_zip(folder / "canvas_submissions.zip", {"kimminsu_12345_67890": "2025,4,7,12,0,0",
                                                   "leejiwon_23456_67891": "2025,4,8,12,0,0"})
    put(folder / "jeongdaeun_56789_70000_hw4.ipynb")
    d = discover([folder], work_dir=tmp_path / "out")
    assert sorted(f.key for f in d.found) == ["jeongdaeun_56789", "kimminsu_12345", "leejiwon_23456"]
    assert all(f.path.suffix == ".ipynb" for f in d.found)
    assert any("canvas_submissions.zip" in n for n in d.notes)


def test_a_students_own_zip_beside_others_is_still_their_submission(tmp_path):
    """An otter export with a helper script is not a bundle: no LMS names inside."""
    own = tmp_path / "kim.zip"
    with zipfile.ZipFile(own, "w") as z:
        z.writestr("04_optimizers.ipynb", NB)
        z.writestr("utils.py", "x = 1\n")
    other = put(tmp_path / "lee.ipynb")
    d = discover([own, other], work_dir=tmp_path / "out")
    assert sorted(f.key for f in d.found) == ["kim", "lee"] and not (tmp_path / "out" / ".incoming").exists()


class RawNameInfo(zipfile.ZipInfo):
    """A member whose name is written as raw bytes without the UTF-8 flag, as Windows zip tools do."""

    def __init__(self, raw: bytes, date_time=(2025, 4, 7, 12, 0, 0)):
        super().__init__(raw.decode("cp437"), date_time)
        self.raw = raw

    def _encodeFilenameFlags(self):
        return self.raw, self.flag_bits & ~0x800


@pytest.mark.parametrize("encoding", ["utf-8", "cp949"])
def test_zip_names_without_the_utf8_flag_are_read_as_utf8_then_cp949(tmp_path, encoding):
    bundle = tmp_path / "moodle.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for name in ("김민수_12345_assignsubmission_file_/과제4.ipynb", "이지원_23456_assignsubmission_file_/hw4.ipynb"):
            z.writestr(RawNameInfo(name.encode(encoding)), NB)
    with zipfile.ZipFile(bundle) as z:
        infos = z.infolist()
        assert not any(i.flag_bits & 0x800 for i in infos) and "김민수" not in infos[0].filename
        assert member_name(infos[0]) == "김민수_12345_assignsubmission_file_/과제4.ipynb"
    d = discover([bundle], work_dir=tmp_path / "out")
    assert d.layout == "moodle"
    by = {f.identity.name: f for f in d.found}
    assert set(by) == {"김민수", "이지원"} and by["김민수"].path.name == "과제4.ipynb"
    assert by["김민수"].key == "김민수_12345"


def test_flagged_and_plain_ascii_zip_names_are_left_alone(tmp_path):
    z = tmp_path / "x.zip"
    with zipfile.ZipFile(z, "w") as w:
        w.writestr("김민수_1_assignsubmission_file_/a.ipynb", NB)  # Python sets the UTF-8 flag
        w.writestr("plain/hw.ipynb", NB)
    with zipfile.ZipFile(z) as r:
        assert [member_name(i) for i in r.infolist()] == ["김민수_1_assignsubmission_file_/a.ipynb", "plain/hw.ipynb"]


# --- a student who handed in no notebook is a submission (an error), never "missing"


def test_students_without_a_notebook_appear_as_error_submissions_with_a_warning(tmp_path):
    c = tmp_path / "canvas"
    put(c / "kimminsu_12345_67890_hw4.ipynb")
    put(c / "leejiwon_23456_67902_hw4.ipynb.txt")
    put(c / "jeongdaeun_56789_67900_hw4.pdf", b"%PDF-1.4 report")
    d = discover([c])
    by = {f.identity.lms_id: f for f in d.found}
    assert set(by) == {"12345", "23456", "56789"}, "no student is dropped"
    assert by["56789"].path.name.endswith(".pdf") and by["56789"].extra["no_notebook"]
    assert any("56789" in n and "no notebook" in n and "노트북" in n for n in d.notes)
    with pytest.raises(SubmissionError) as e:
        read_submission(by["23456"].path)
    assert "leejiwon_23456_67902_hw4.ipynb.txt" in e.value.en and "rename it to .ipynb" in e.value.en
    assert "hw4.ipynb.txt" in e.value.ko and ".ipynb로 바꿔" in e.value.ko
    with pytest.raises(SubmissionError) as e:
        read_submission(by["56789"].path)
    assert ".pdf" in e.value.en and ".pdf" in e.value.ko

    m = tmp_path / "moodle"
    put(m / "김민수_2001_assignsubmission_file_" / "04_optimizers.ipynb")
    put(m / "최현우_2004_assignsubmission_onlinetext_" / "onlinetext.html", b"<p>my answer is 42</p>")
    d = discover([m])
    by = {f.identity.lms_id: f for f in d.found}
    assert set(by) == {"2001", "2004"} and by["2004"].path.name == "onlinetext.html"
    assert by["2004"].key == "최현우_2004" and by["2004"].warnings

    f = tmp_path / "folders"
    put(f / "kim" / "04_optimizers.ipynb")
    put(f / "lee" / "report.pdf", b"%PDF-1.4")
    assert {x.key: x.path.name for x in discover([f]).found} == {"kim": "04_optimizers.ipynb", "lee": "report.pdf"}


def test_loose_non_notebooks_in_a_flat_folder_are_named_in_the_notes(tmp_path):
    put(tmp_path / "flat" / "kim.ipynb")
    put(tmp_path / "flat" / "report.pdf", b"%PDF")
    d = discover([tmp_path / "flat"])
    assert [f.key for f in d.found] == ["kim"] and any("report.pdf" in n and "채점하지 않은" in n for n in d.notes)


@needs_git
def test_a_classroom_repository_without_a_notebook_is_an_error_submission(tmp_path):
    root = tmp_path / "hw-submissions"
    make_classroom(root, {"kim": "2025-04-07T22:00:00+09:00", "lee": "2025-04-07T22:00:00+09:00"})
    repo = root / "optimizers-hw-lee"
    _git(repo, "rm", "-q", "04_optimizers.ipynb", "scratch.ipynb")
    put(repo / "answers.pdf", b"%PDF-1.4")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "pdf", when="2025-04-07T23:00:00+09:00")
    lee = next(f for f in discover([root], work_dir=tmp_path / "out").found if f.key == "lee")
    assert lee.path.name == "answers.pdf" and lee.warnings and lee.time_source == "commit"
