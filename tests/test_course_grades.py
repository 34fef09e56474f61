"""From an LMS download and a roster to grades, adjustments, LMS import files and feedback."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.course.assignments import Assignment
from autograder.course.deadlines import lateness, personal, policy_from
from autograder.course.layouts import discover
from autograder.course.roster import read_roster
from autograder.outputs.exports import apply_adjustments
from autograder.pipelines.batch import grade_batch
from conftest import ROOT, load

EX = ROOT / "examples" / "04_optimizers"
DUE = "2025-04-07T23:59:00+09:00"
ROSTER = ("학번,이름,이메일,분반,lms_id,extension\n"
          "2025001,김민수,kim@example.com,A,2001,\n"
          "2025002,이지원,lee@example.com,B,2002,\n"
          "2025003,박서연,park@example.com,A,2003,2d\n"
          "2025004,최유진,choi@example.com,B,2004,\n"
          "2025005,정하늘,jung@example.com,A,2005,\n")
# (Moodle participant, file, submitted at)
CLASS = [("김민수_2001", "correct", "2025-04-07T20:00:00+09:00"),     # on time
         ("이지원_2002", "partly_wrong", "2025-04-09T10:00:00+09:00"),  # 2 started days late: -20%
         ("박서연_2003", "correct", "2025-04-08T12:00:00+09:00"),      # late, but has a 2-day extension
         ("최유진_2004", "correct", "2025-04-12T12:00:00+09:00"),      # after the hard deadline
         ("누구_2099", "correct", "2025-04-07T21:00:00+09:00")]        # not in the roster
MAX = f"{load('04_optimizers').max_points:g}"  # the assignment's total (its tests change)
POLICY = {"due": DUE, "penalty": "10%/day", "cap": "50%", "grace": "15m", "hard": "2025-04-11T23:59:00+09:00"}


def run(*args, ok=True):
    r = CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)
    if ok:
        assert r.exit_code == 0, r.output
    return r


def make_moodle(folder: Path) -> Path:
    for who, src, when in CLASS:
        p = folder / f"{who}_assignsubmission_file_" / "04_optimizers.ipynb"
        p.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EX / f"{src}.ipynb", p)
        t = datetime.fromisoformat(when).timestamp()
        os.utime(p, (t, t))
    return folder


def grade_class(tmp: Path, assignment: Assignment, out: Path):
    roster_csv = tmp / "roster.csv"
    if not roster_csv.exists():
        roster_csv.write_text(ROSTER, encoding="utf-8")
    folder = tmp / "moodle" if (tmp / "moodle").exists() else make_moodle(tmp / "moodle")
    found = discover([folder]).found
    return grade_batch(assignment, found, out, jobs=1, roster=read_roster(roster_csv), policy=policy_from(POLICY))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("course")
    outcome = grade_class(tmp, load("04_optimizers"), tmp / "out")
    return tmp, outcome


def copy_out(graded, tmp_path) -> Path:
    shutil.copytree(graded[0] / "out", tmp_path / "out")
    return tmp_path / "out"


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_results_are_keyed_by_student_and_the_roster_is_joined(graded):
    tmp, outcome = graded
    assert sorted(r.submission for r in outcome.results) == sorted(w for w, _, _ in CLASS)
    assert outcome.unmatched == ["누구_2099"]
    assert [s["id"] for s in outcome.missing] == ["2025005"]
    assert all((tmp / "out" / who / "results.json").exists() for who, _, _ in CLASS)


def test_late_policy_extension_and_hard_deadline_in_the_plain_export(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    run("export", out, "--format", "csv", "-o", tmp_path / "grades.csv")
    rows = read_csv(tmp_path / "grades.csv")
    header, maxes, body = rows[0], rows[1], rows[2:]
    assert header[:7] == ["id", "name", "email", "section", "github", "lms_id", "submission"]
    for col in ("raw_total", "adjustment", "late_penalty", "total", "max", "percent", "status", "submitted_at",
                "time_source"):
        assert col in header
    assert maxes[0] == "Points Possible" and maxes[header.index("max")] == MAX
    by = {r[0] or r[6]: dict(zip(header, r)) for r in body}
    assert by["2025001"]["status"] == "graded" and by["2025001"]["total"] == MAX and by["2025001"]["name"] == "김민수"
    lee = by["2025002"]
    assert lee["status"] == "late"
    raw = float(lee["raw_total"])
    assert float(lee["late_penalty"]) == pytest.approx(round(0.2 * raw, 2), abs=0.01)
    assert float(lee["total"]) == pytest.approx(raw * 0.8, abs=0.01)
    assert by["2025003"]["status"] == "graded" and by["2025003"]["late_penalty"] == "0", "the extension counts"
    assert by["2025004"]["status"] == "too_late" and by["2025004"]["total"] == "0"
    assert by["2025005"]["status"] == "missing" and by["2025005"]["total"] == "0"
    assert by["누구_2099"]["id"] == "" and by["누구_2099"]["time_source"] == "file"


def test_policy_arithmetic():
    p = policy_from({"due": "2025-04-07T23:59", "penalty": "2%/hour", "cap": "30%", "grace": "10m"})
    assert p.due.utcoffset().total_seconds() == 9 * 3600, "dates without an offset are in Asia/Seoul"
    at = lambda s: datetime.fromisoformat(s + "+09:00")  # noqa: E731
    assert lateness(p, at("2025-04-08T00:05")).fraction == 0, "within grace"
    assert lateness(p, at("2025-04-08T00:30")).fraction == pytest.approx(0.02)
    assert lateness(p, at("2025-04-08T05:00")).fraction == pytest.approx(0.12)
    assert lateness(p, at("2025-04-10T00:00")).fraction == pytest.approx(0.30), "capped"
    assert lateness(personal(p, "2025-04-09T23:59"), at("2025-04-09T20:00")).fraction == 0
    assert lateness(p, None, late_marker=True).units == 1, "Canvas's LATE marker counts as late"
    hard = policy_from({"due": "2025-04-07T23:59", "hard": "2025-04-07T23:59"})
    assert lateness(hard, at("2025-04-08T00:01")).no_credit


def test_canvas_export_has_its_required_columns_and_points_possible(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    run("export", out, "--format", "canvas", "--lms-assignment-id", "4321", "-o", tmp_path / "canvas.csv")
    rows = read_csv(tmp_path / "canvas.csv")
    title = load("04_optimizers").title["en"]
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{title} (4321)"]
    assert rows[1][0] == "Points Possible" and rows[1][5] == MAX
    kim = next(r for r in rows if r[2] == "2025001")
    assert kim == ["김민수", "2001", "2025001", "kim@example.com", "A", MAX]
    assert next(r for r in rows if r[2] == "2025005")[5] == "0"


def test_moodle_and_gradescope_exports_and_a_bom_for_excel(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    run("export", out, "--format", "moodle", "--bom", "-o", tmp_path / "moodle.csv")
    raw = (tmp_path / "moodle.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "김민수".encode() in raw
    rows = read_csv(tmp_path / "moodle.csv")
    assert rows[0][:3] == ["ID number", "Email address", "Full name"] and len(rows[0]) == 5
    assert all(r[0] != "Points Possible" for r in rows), "Moodle would import a maximum row as a student"
    run("export", out, "--format", "gradescope", "-o", tmp_path / "gs.csv")
    rows = read_csv(tmp_path / "gs.csv")
    assert rows[0] == ["Name", "SID", "Email", "Total Score"]
    assert not (tmp_path / "gs.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_adjustments_are_recorded_shown_everywhere_and_survive_a_regrade(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    run("adjust", out, "2025002", "-q", "momentum_step", "--points", "2", "--reason", "regrade request",
        "-m", "편향 보정은 맞았습니다", "--by", "조교 한")
    run("adjust", out, "김민수_2001", "--set", "100", "--reason", "plagiarism hearing", "--by", "prof")
    listing = run("adjust", out, "--list").output
    assert "조교 한" in listing and "regrade request" in listing
    run("export", out, "--format", "csv", "-o", tmp_path / "g.csv")
    rows = read_csv(tmp_path / "g.csv")
    by = {r[0]: dict(zip(rows[0], r)) for r in rows[2:]}
    assert by["2025002"]["adjustment"] == "2" and "편향 보정" in by["2025002"]["comments"]
    assert "regrade request" in by["2025002"]["comments"] and "조교 한" in by["2025002"]["comments"], \
        "the instructor's export has the reason and the author"
    assert by["2025001"]["total"] == "100"
    page = (out / "이지원_2002" / "feedback.html").read_text(encoding="utf-8")
    assert "편향 보정은 맞았습니다" in page and "+2" in page
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "이지원" in report
    gs = json.loads((out / "김민수_2001" / "results.json").read_text(encoding="utf-8"))
    assert gs["score"] == 100 and gs["extra_data"]["course"]["raw_total"] == float(MAX)
    for student in ("이지원_2002", "김민수_2001"):  # what students get: the -m comment, not the reason or the author
        for f in ("feedback.html", "results.json"):
            text = (out / student / f).read_text(encoding="utf-8")
            for secret in ("regrade request", "plagiarism hearing", "조교 한", "prof"):
                assert secret not in text, (student, f, secret)

    # A test fix changes the assignment's version: everything is regraded, adjustments stay.
    course = tmp_path / "course"
    for side in ("assignments", "solutions"):
        shutil.copytree(ROOT / side / "04_optimizers", course / side / "04_optimizers")
    test = course / "assignments" / "04_optimizers" / "tests" / "adam_step.py"
    test.write_text(test.read_text(encoding="utf-8").replace("@test_case(points=1, hidden=False)",
                                                             "@test_case(points=2, hidden=False)", 1), encoding="utf-8")
    fixed = Assignment.load("04_optimizers", course)
    again = grade_class(graded[0], fixed, out)
    assert again.graded_now == len(CLASS)
    moved = {(c["student"], c["question"]) for c in again.changes}
    assert ("김민수_2001", "adam_step") in moved
    assert all("assignment version" in c["reason"] for c in again.changes)
    r = run("adjust", out, "--list")
    assert r.output.count("#") == 2, "adjustments survive the regrade"
    page = (out / "이지원_2002" / "feedback.html").read_text(encoding="utf-8")
    assert "편향 보정은 맞았습니다" in page


def test_apply_adjustments_order_and_bounds():
    raw, maxes = {"a": 3.0, "b": 5.0}, {"a": 4.0, "b": 5.0}
    assert apply_adjustments(raw, maxes, 9, [{"question": "a", "delta": 5}])[0]["a"] == 4.0, "within the points"
    scores, total = apply_adjustments(raw, maxes, 9, [{"question": "a", "target": 1}, {"question": "a", "delta": 1}])
    assert scores["a"] == 2.0 and total == 7.0
    assert apply_adjustments(raw, maxes, 9, [{"question": None, "delta": -20}])[1] == 0.0


def test_feedback_bundles_for_moodle_and_folders_reveal_no_hidden_test(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    run("feedback", out, "--for", "moodle", "-o", tmp_path / "fb")
    with zipfile.ZipFile(tmp_path / "fb" / "moodle-feedback.zip") as z:
        names = sorted(z.namelist())
        pages = [z.read(n).decode("utf-8") for n in names]
    assert "이지원_2002_assignsubmission_file_/feedback.html" in names and len(names) == len(CLASS)
    hidden = (ROOT / "solutions" / "04_optimizers" / "tests" / "adam_step.py").read_text(encoding="utf-8")
    secret_lines = [ln.strip() for ln in hidden.splitlines() if len(ln.strip()) > 30 and "def " not in ln]
    assert secret_lines and not any(ln in p for ln in secret_lines for p in pages)
    run("feedback", out, "--for", "folders", "-o", tmp_path / "ff")
    assert (tmp_path / "ff" / "김민수_2001" / "feedback.html").exists()


def test_one_output_folder_holds_one_assignment(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    r = run("grade", "-a", "05_dropout", "-o", out, ROOT / "examples" / "05_dropout" / "correct.ipynb", ok=False)
    assert r.exit_code == 1 and "one output folder holds one assignment" in r.output
    before = (out / "grades.csv").read_bytes()
    r = run("report", out, "-a", "05_dropout", ok=False)
    assert r.exit_code != 0 and "one output folder holds one assignment" in r.output
    assert (out / "grades.csv").read_bytes() == before, "nothing was overwritten"


def test_a_notebook_naming_another_assignment_is_flagged(tmp_path):
    nb = json.loads((EX / "correct.ipynb").read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})["autograder"] = {"assignment": "05_dropout"}
    p = tmp_path / "class" / "kim.ipynb"
    p.parent.mkdir()
    p.write_text(json.dumps(nb), encoding="utf-8")
    r = run("grade", "-a", "04_optimizers", "-o", tmp_path / "out", "--jobs", "1", tmp_path / "class")
    assert "05_dropout" in r.output
    result = json.loads((tmp_path / "out" / "kim" / "results.json").read_text(encoding="utf-8"))
    assert any(e["kind"] == "other_assignment" for e in result["extra_data"]["integrity"])
    assert "05_dropout" in result["output"]


def test_classroom_clone_to_grades_and_a_feedback_file_per_repository(tmp_path):
    from test_course_layouts import make_classroom

    heads = make_classroom(tmp_path / "optimizers-hw-submissions", {"kim-dev": "2025-04-07T22:00:00+09:00",
                                                                    "leejw": "2025-04-09T01:30:00+09:00"})
    (tmp_path / "roster.csv").write_text("id,name,github\n2025001,김민수,kim-dev\n2025002,이지원,leejw\n", encoding="utf-8")
    run("grade", "-a", "04_optimizers", "-o", tmp_path / "out", "--jobs", "1", "--roster", tmp_path / "roster.csv",
        "--due", "2025-04-08T23:59", "--late-penalty", "10%/day", tmp_path / "optimizers-hw-submissions")
    run("export", tmp_path / "out", "--format", "csv", "-o", tmp_path / "g.csv")
    rows = {r[0]: dict(zip(read_csv(tmp_path / "g.csv")[0], r)) for r in read_csv(tmp_path / "g.csv")[2:]}
    assert rows["2025001"]["github"] == "kim-dev" and rows["2025001"]["time_source"] == "commit"
    assert rows["2025002"]["status"] == "late"
    assert rows["2025001"]["sha256"]
    run("feedback", tmp_path / "out", "--for", "classroom", "-o", tmp_path / "fb")
    md = (tmp_path / "fb" / "optimizers-hw-kim-dev" / "FEEDBACK.md").read_text(encoding="utf-8")
    assert heads["kim-dev"][:12] in md and MAX in md


def test_canvas_zip_to_canvas_import_and_re_upload_feedback(tmp_path):
    bundle = tmp_path / "submissions.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr(zipfile.ZipInfo("kimminsu_1001_5001_04_optimizers.ipynb", (2025, 4, 7, 10, 0, 0)),
                   (EX / "correct.ipynb").read_bytes())
        z.writestr(zipfile.ZipInfo("leejiwon_LATE_1002_5002_04_optimizers.ipynb", (2025, 4, 8, 6, 0, 0)),
                   (EX / "correct.ipynb").read_bytes())
        # LATE, but the time says on time: the time decides (Canvas's marker knows no extension)
        z.writestr(zipfile.ZipInfo("parkseo_LATE_1003_5003_04_optimizers.ipynb", (2025, 4, 7, 10, 0, 0)),
                   (EX / "correct.ipynb").read_bytes())
    r = run("grade", "-a", "04_optimizers", "-o", tmp_path / "out", "--jobs", "1", "--due", "2025-04-07T23:59",
            "--late-penalty", "10%/day", bundle)
    assert "layout: canvas" in r.output
    run("export", tmp_path / "out", "--format", "canvas", "-o", tmp_path / "c.csv")
    rows = read_csv(tmp_path / "c.csv")
    by = {r[1]: r for r in rows[2:]}
    assert by["1001"][5] == MAX
    assert float(by["1002"][5]) == pytest.approx(0.9 * float(MAX), abs=0.01), "one started day late"
    assert by["1003"][5] == MAX, "the time decides, not the LATE marker"
    run("feedback", tmp_path / "out", "--for", "canvas", "-o", tmp_path / "fb")
    with zipfile.ZipFile(tmp_path / "fb" / "canvas-feedback.zip") as z:
        assert sorted(z.namelist()) == ["kimminsu_1001_5001_feedback.html", "leejiwon_LATE_1002_5002_feedback.html",
                                        "parkseo_LATE_1003_5003_feedback.html"]


def test_a_roster_extension_beats_canvas_late_marker(tmp_path):
    bundle = tmp_path / "submissions.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr(zipfile.ZipInfo("leejiwon_LATE_1002_5002_04_optimizers.ipynb", (2025, 4, 8, 12, 0, 0)),
                   (EX / "correct.ipynb").read_bytes())
    (tmp_path / "roster.csv").write_text("학번,이름,canvas_id,연장\n2025002,이지원,1002,2d\n", encoding="utf-8")
    run("grade", "-a", "04_optimizers", "-o", tmp_path / "out", "--jobs", "1", "--due", "2025-04-07T23:59",
        "--late-penalty", "10%/day", "--roster", tmp_path / "roster.csv", bundle)
    run("export", tmp_path / "out", "--format", "csv", "-o", tmp_path / "g.csv")
    rows = read_csv(tmp_path / "g.csv")
    lee = dict(zip(rows[0], rows[2]))
    assert lee["status"] == "graded" and lee["late_penalty"] == "0" and lee["total"] == MAX


def test_an_old_gradebook_opens_and_exports(tmp_path):
    import sqlite3

    out = tmp_path / "out"
    run("grade", "-a", "04_optimizers", "-o", out, "--jobs", "1", EX / "correct.ipynb")
    with sqlite3.connect(out / "gradebook.sqlite") as db:  # as a gradebook from before this change
        for table in ("identities", "roster", "settings", "adjustments", "score_changes"):
            db.execute(f"DROP TABLE {table}")
        db.execute("PRAGMA user_version = 0")
    run("adjust", out, "correct", "-m", "잘했어요", "--by", "ta")
    run("export", out, "--format", "csv", "-o", tmp_path / "g.csv")
    rows = read_csv(tmp_path / "g.csv")
    row = dict(zip(rows[0], rows[2]))
    assert row["submission"] == "correct" and row["total"] == MAX and "잘했어요" in row["comments"]
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_students_see_the_comment_not_the_reason_or_author_and_clamped_changes_as_applied(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    points = {q.name: q.points for q in load("04_optimizers").questions}
    q = next(iter(points))
    r = run("adjust", out, "2025002", "-q", q, "--points", points[q] + 20, "--reason", "hearing-417", "--by", "prof.kim",
            "-m", "잘했습니다")
    assert f"{points[q] + 20:+g}" not in r.output.splitlines()[0], "the echo reports the applied change"
    run("adjust", out, "2025001", "--set", 2 * float(MAX), "--reason", "hearing-417", "--by", "prof.kim")
    for f in ("feedback.html", "results.json"):
        text = (out / "이지원_2002" / f).read_text(encoding="utf-8") + (out / "김민수_2001" / f).read_text(encoding="utf-8")
        assert "hearing-417" not in text and "prof.kim" not in text
        assert "잘했습니다" in text
        assert f"{points[q] + 20:+g}" not in text and f"= {2 * float(MAX):g}" not in text, "the applied change"
        assert f"= {float(MAX):g}" in text
    run("feedback", out, "--for", "folders", "-o", tmp_path / "fb")
    page = (tmp_path / "fb" / "김민수_2001" / "feedback.html").read_text(encoding="utf-8")
    assert "prof.kim" not in page and "hearing-417" not in page
    run("export", out, "--format", "csv", "-o", tmp_path / "g.csv")
    rows = read_csv(tmp_path / "g.csv")
    by = {r[0]: dict(zip(rows[0], r)) for r in rows[2:]}
    assert "hearing-417" in by["2025001"]["comments"] and "prof.kim" in by["2025001"]["comments"]
    assert f"= {float(MAX):g}" in by["2025001"]["comments"] and f"{2 * float(MAX):g}" in by["2025001"]["comments"], \
        "the instructor sees what was applied and what was asked"


def test_applied_adjustments_report_what_the_bounds_let_through():
    from autograder.outputs.exports import applied_adjustments

    raw, maxes = {"a": 4.0, "b": 5.0}, {"a": 12.0, "b": 5.0}
    scores, total, done = applied_adjustments(raw, maxes, 17, [
        {"question": "a", "delta": 20}, {"question": "b", "target": 9}, {"question": None, "delta": 5},
        {"question": None, "delta": -1}, {"question": "a", "delta": -1}])
    assert [d["applied_delta"] for d in done] == [8.0, None, 0.0, -1.0, -1.0]
    assert done[1]["applied_target"] == 5.0 and [d["clamped"] for d in done] == [True, True, True, False, False]
    assert scores == {"a": 11.0, "b": 5.0} and total == 15.0


def test_a_rerun_without_a_deadline_keeps_the_stored_one_and_a_new_one_is_announced(graded, tmp_path):
    from autograder.cli.course import policy_for
    from autograder.outputs.gradebook import Gradebook, default_path

    out = copy_out(graded, tmp_path)
    a = load("04_optimizers")
    stored = lambda: Gradebook(default_path(out)).setting(a.id, "deadline")  # noqa: E731
    before = stored()
    assert before["due"]
    assert policy_for(a, {}) is None, "no [deadline] and no --due: nothing given"
    again = grade_batch(a, discover([graded[0] / "moodle"]).found, out, jobs=1, policy=policy_for(a, {}))
    assert stored() == before and not any("deadline" in w for w in again.warnings)
    run("export", out, "--format", "csv", "-o", tmp_path / "g.csv")
    by = {r[0]: dict(zip(read_csv(tmp_path / "g.csv")[0], r)) for r in read_csv(tmp_path / "g.csv")[2:]}
    assert by["2025002"]["status"] == "late" and by["2025002"]["late_penalty"] != "0", "the penalties stay"
    newer = policy_for(a, {"due": "2025-04-09T23:59", "late_penalty": "5%/day"})
    again = grade_batch(a, discover([graded[0] / "moodle"]).found, out, jobs=1, policy=newer)
    assert any("replaced" in w and "바꿉니다" in w for w in again.warnings), again.warnings
    assert stored()["due"].startswith("2025-04-09")
    cleared = policy_for(a, {"due": "none"})
    grade_batch(a, discover([graded[0] / "moodle"]).found, out, jobs=1, policy=cleared)
    assert stored()["due"] is None


def test_the_submission_time_decides_lateness_not_the_late_marker():
    p = policy_from({"due": "2025-04-07T23:59", "penalty": "10%/day"})
    at = lambda s: datetime.fromisoformat(s + "+09:00")  # noqa: E731
    extended = personal(p, "2d")
    assert lateness(extended, at("2025-04-08T12:00"), late_marker=True).fraction == 0, "inside the extension"
    assert not lateness(p, at("2025-04-07T23:00"), late_marker=True).late, "on time by the clock"
    assert lateness(extended, None, late_marker=True).units == 1, "no time: the marker counts"
    assert lateness(extended, at("2025-04-10T01:00"), late_marker=True).units == 1


def test_skipped_files_and_the_metadata_warning_are_in_the_comments_column(graded, tmp_path):
    from autograder.outputs.gradebook import Gradebook, default_path

    out = copy_out(graded, tmp_path)
    book = Gradebook(default_path(out))
    ids = book.identities("04_optimizers")
    info = ids["이지원_2002"]
    book.set_identity("04_optimizers", "이지원_2002", info["sha256"],
                      {**info["meta"], "others": ["old/04_optimizers.ipynb", "scratch.ipynb"]}, "03_regression")
    book.close()
    run("export", out, "--format", "csv", "-o", tmp_path / "g.csv")
    rows = read_csv(tmp_path / "g.csv")
    lee = next(dict(zip(rows[0], r)) for r in rows[2:] if r[0] == "2025002")
    assert "scratch.ipynb" in lee["comments"] and "old/04_optimizers.ipynb" in lee["comments"]
    assert "03_regression" in lee["comments"] and "채점하지 않은" in lee["comments"]
    run("report", out, "--lang", "en")  # the student sees them too: feedback page and results.json
    folder = out / "이지원_2002"
    assert "scratch.ipynb" in (folder / "feedback.html").read_text(encoding="utf-8")
    assert "also submitted, not graded: old/04_optimizers.ipynb, scratch.ipynb" in \
        (folder / "results.json").read_text(encoding="utf-8")


def test_adjust_and_export_messages(graded, tmp_path):
    out = copy_out(graded, tmp_path)
    r = run("adjust", out, "nobody-here", "--points", "1", ok=False)
    assert r.exit_code == 2 and "nobody-here" in r.output and "reason" not in r.output
    r = run("adjust", out, "2025002", "--points", "1", ok=False)
    assert r.exit_code == 2 and "--reason" in r.output and "사유" in r.output
    r = run("adjust", out, "2025002", "--points", "1", "--set", "2", "--reason", "x", ok=False)
    assert r.exit_code == 2 and "하나만" in r.output
    r = CliRunner(mix_stderr=False).invoke(main, ["export", str(out), "--format", "gradescope", "-o", "-"],
                                           catch_exceptions=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames \
        else CliRunner().invoke(main, ["export", str(out), "--format", "gradescope", "-o", "-"], catch_exceptions=False)
    assert r.exit_code == 0 and "Name,SID,Email,Total Score" in r.stdout
    assert not (Path.cwd() / "-").exists()


def test_every_member_of_a_gradescope_group_gets_the_group_result(tmp_path):
    g = tmp_path / "gs"
    for sub, src in (("submission_9001", "correct"), ("submission_9002", "partly_wrong")):
        (g / sub).mkdir(parents=True)
        shutil.copy(EX / f"{src}.ipynb", g / sub / "04_optimizers.ipynb")
    (g / "submission_metadata.yml").write_text(
        "submission_9001:\n  :submitters:\n  - :name: 김민수\n    :sid: '2025001'\n    :email: kim@example.com\n"
        "  - :name: 이지원\n    :sid: '2025002'\n    :email: lee@example.com\n"
        "  :created_at: 2025-04-07 21:00:00.000000000 +09:00\n"
        "submission_9002:\n  :submitters:\n  - :name: 박서연\n    :sid: '2025003'\n    :email: park@example.com\n"
        "  :created_at: 2025-04-07 22:00:00.000000000 +09:00\n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    run("grade", "-a", "04_optimizers", "-o", tmp_path / "out", "--jobs", "1", "--roster", tmp_path / "roster.csv", g)
    run("export", tmp_path / "out", "--format", "gradescope", "-o", tmp_path / "gs.csv")
    by = {r[1]: r for r in read_csv(tmp_path / "gs.csv")[1:]}
    assert by["2025001"][3] == MAX and by["2025002"][3] == MAX, "both members get the group's grade"
    assert by["2025002"][0] == "이지원"
    run("export", tmp_path / "out", "--format", "csv", "-o", tmp_path / "g.csv")
    rows = read_csv(tmp_path / "g.csv")
    status = {r[0]: dict(zip(rows[0], r))["status"] for r in rows[2:]}
    assert status["2025002"] == "graded" and status["2025004"] == "missing"
    run("feedback", tmp_path / "out", "--for", "folders", "-o", tmp_path / "fb")


def test_a_folder_named_by_student_id_and_name_matches_the_roster():
    from autograder.course.roster import Student, match

    roster = [Student("2025001", "김민수"), Student("2025002", "이지원"), Student("2025003", "박서연")]
    found = {k: (match({"key": k}, roster) or Student("-")).id
             for k in ("2025001 김민수", "2025002_이지원", "2025003_hw4", "2025001_이지원", "hw 2025")}
    assert found == {"2025001 김민수": "2025001", "2025002_이지원": "2025002", "2025003_hw4": "2025003",
                     "2025001_이지원": "-", "hw 2025": "-"}  # an id with someone else's name is no match
