"""Running a course: the class-folder options of ``grade`` and the ``export``, ``feedback`` and
``adjust`` commands (registered by autograder/cli/main.py). Light at import: the CLI starts fast.
"""

from __future__ import annotations

import os
import tomllib
from datetime import datetime
from pathlib import Path

import click

LAYOUT_CHOICES = ("auto", "flat", "folders", "classroom", "canvas", "moodle", "gradescope")


def course_options(f):
    """The options ``grade`` takes for a class: layout, roster, deadline and late policy."""
    options = [
        click.option("--layout", type=click.Choice(LAYOUT_CHOICES), default="auto", show_default=True,
                     help="How the class folder is laid out (default: detected): files named by student, one folder "
                          "per student, `gh classroom clone` repositories, a Canvas, Moodle or Gradescope download."),
        click.option("--roster", "roster_path", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="roster.csv (id, name, email, section, github, lms_id, extension): joins submissions to "
                          "students; students with no submission are reported and exported as missing."),
        click.option("--due", default=None,
                     help="Due date, ISO 8601 (2025-04-07T23:59); overrides assignment.toml. Without it (and without "
                          "[deadline]) a rerun keeps the deadline stored in the gradebook; 'none' removes it."),
        click.option("--late-penalty", "late_penalty", default=None, help="Late penalty: 10%/day, 2%/hour, 0."),
        click.option("--late-cap", "late_cap", default=None, help="The most a late penalty takes (50%)."),
        click.option("--grace", default=None, help="Late by at most this counts as on time (15m, 1h)."),
        click.option("--hard-deadline", "hard_deadline", default=None,
                     help="No credit after this date (ISO 8601); equal to --due for no late submissions."),
        click.option("--timezone", "tz", default=None, help="Time zone of dates without an offset (Asia/Seoul)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


NO_DEADLINE = ("none", "없음")  # --due none: drop a stored deadline


def policy_for(assignment, opts: dict):
    """The assignment's deadline policy: ``[deadline]`` in assignment.toml, then the options;
    None when neither gives one (a rerun then keeps the policy stored in the gradebook, as it
    keeps the roster). ``--due none`` is an explicit "no deadline": it replaces a stored one."""
    from autograder.course import deadlines

    toml = assignment.public_dir / "assignment.toml"
    table = tomllib.loads(toml.read_text(encoding="utf-8")).get("deadline", {}) if toml.exists() else {}
    overrides = {"due": opts.get("due"), "penalty": opts.get("late_penalty"), "cap": opts.get("late_cap"),
                 "grace": opts.get("grace"), "hard": opts.get("hard_deadline"), "timezone": opts.get("tz")}
    if str(overrides["due"] or "").strip().casefold() in NO_DEADLINE:
        if any(overrides[k] for k in ("penalty", "cap", "grace", "hard")):
            raise click.BadParameter("--due none takes no late policy / --due none에는 감점 규칙을 함께 줄 수 없습니다",
                                     param_hint="--due")
        return deadlines.Policy(timezone=str(overrides["timezone"] or deadlines.DEFAULT_TZ))
    if not table and not any(overrides[k] not in (None, "") for k in ("due", "penalty", "cap", "grace", "hard")):
        return None
    try:
        return deadlines.policy_from(table, overrides)
    except deadlines.DeadlineError as e:
        raise click.BadParameter(str(e), param_hint="--due/--late-penalty/[deadline]") from None


def roster_for(opts: dict):
    if not opts.get("roster_path"):
        return None
    from autograder.course.roster import RosterError, read_roster

    try:
        return read_roster(Path(opts["roster_path"]))
    except RosterError as e:
        raise click.BadParameter(str(e), param_hint="--roster") from None


def discover_submissions(paths: tuple[str, ...], layout: str, assignment_id: str, out: Path):
    """The class's submissions, one per student; a usage error when there are none."""
    from autograder.course.layouts import LayoutError, discover

    try:
        found = discover([Path(p) for p in paths], layout, assignment_id, work_dir=out)
    except LayoutError as e:
        raise click.BadParameter(str(e), param_hint="SUBMISSIONS") from None
    for note in found.notes:
        click.echo(note, err=True)
    if not found.found:
        raise click.BadParameter(
            f"no submissions (.ipynb, .py, .zip) found in {', '.join(paths)} (layout: {found.layout}); check the folder "
            f"or pass --layout / 제출물(.ipynb, .py, .zip)을 찾지 못했습니다. 폴더를 확인하거나 --layout을 지정하세요.",
            param_hint="SUBMISSIONS")
    if found.layout not in ("flat",):
        click.echo(f"layout: {found.layout}, {len(found.found)} student(s) / 형식: {found.layout}, 학생 {len(found.found)}명",
                   err=True)
    return found.found


def report_course(outcome, roster_given: bool) -> None:
    """After grading: warnings, roster mismatches, scores a regrade moved."""
    for w in outcome.warnings:
        click.secho(f"warning: {w}", fg="yellow", err=True)
    if outcome.unmatched:
        click.secho(f"{len(outcome.unmatched)} submission(s) match no student in the roster / 명단에 없는 제출물: "
                    + ", ".join(outcome.unmatched), fg="yellow", err=True)
    if outcome.missing:
        names = ", ".join(f"{s['id']} {s.get('name', '')}".strip() for s in outcome.missing)
        click.secho(f"{len(outcome.missing)} student(s) have no submission (exported as missing, 0) / 미제출: {names}",
                    fg="yellow", err=True)
    if outcome.changes:
        click.echo(f"{len(outcome.changes)} score(s) moved on regrading / 다시 채점해서 바뀐 점수:")
        for c in outcome.changes:
            tests = f" [{'; '.join(c['tests'][:3])}]" if c["tests"] else ""
            click.echo(f"  {c['student']} {c['question']}: {c['old']:g} -> {c['new']:g} ({c['reason']}){tests}")


# ---------------------------------------------------------------------------------------------


def _open(out_dir: str, assignment_id: str | None):
    from autograder.cli.common import output_assignment
    from autograder.outputs.gradebook import Gradebook, default_path

    path = default_path(Path(out_dir))
    if not path.exists():
        raise click.BadParameter(f"no gradebook at {path} / 채점 기록이 없습니다", param_hint="OUT_DIR")
    book = Gradebook(path)
    present = book.assignments()
    if assignment_id and present and assignment_id not in present:
        book.close()
        raise click.BadParameter(f"{out_dir} holds {', '.join(present)}, not {assignment_id} / 이 폴더의 과제가 아닙니다",
                                 param_hint="--assignment")
    a_id = assignment_id or (present[0] if len(present) == 1 else None)
    if a_id is None:
        book.close()
        raise click.BadParameter(f"{out_dir} holds {', '.join(present) or 'nothing'}; pass --assignment",
                                 param_hint="--assignment")
    try:
        assignment = output_assignment(out_dir, a_id)
    except click.BadParameter:
        book.close()
        raise
    return book, assignment


def _rows(book, assignment):
    from autograder.outputs import exports

    return exports.class_rows(book, assignment.id, [(q.name, q.points) for q in assignment.questions],
                              assignment.max_points)


@click.command("export")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["canvas", "moodle", "gradescope", "csv"]), required=True,
              help="The LMS's import format.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: OUT_DIR/<format>-grades.csv; '-': standard output).")
@click.option("--assignment", "-a", "assignment_id", default=None)
@click.option("--bom", is_flag=True, default=False, help="Start the file with a UTF-8 BOM (Excel on Korean Windows).")
@click.option("--lms-assignment-id", default="", help="Canvas: the assignment's id, for the column 'Name (id)'.")
@click.option("--column", "column", default=None, help="The grade column's name (default: the assignment's title).")
@click.option("--max-row/--no-max-row", default=True, show_default=True,
              help="A row of maximum points (Canvas's 'Points Possible'; csv), where the format has one.")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def export_cmd(out_dir, fmt, output, assignment_id, bom, lms_assignment_id, column, max_row, lang) -> None:
    """Write the grades in OUT_DIR's gradebook as an LMS import file: adjustments and late
    penalties applied, students with no submission as 0 and 'missing'."""
    from autograder.outputs import exports

    book, assignment = _open(out_dir, assignment_id)
    try:
        rows, unmatched, missing = _rows(book, assignment)
    finally:
        book.close()
    title = column or assignment.title.get("en") or assignment.id
    table = exports.export_table(rows, fmt, [(q.name, q.points) for q in assignment.questions],
                                 assignment.max_points, title, lms_assignment_id, max_row, lang)
    counts = exports.summary_counts(rows)
    tally = f"{len(rows)} student(s) ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})"
    if output == "-":  # the file on stdout, the messages on stderr
        click.echo(("\ufeff" if bom else "") + exports.table_text(table), nl=False)
        click.echo(f"wrote the {fmt} grades to stdout: {tally} / 표준 출력에 썼습니다", err=True)
    else:
        path = exports.write_export(table, Path(output) if output else Path(out_dir) / f"{fmt}-grades.csv", bom)
        click.echo(f"wrote {path}: {tally} / 파일을 썼습니다")
    if fmt == "canvas" and any(not r.lms_id and not r.id for r in rows):
        click.secho("some rows have neither a Canvas ID nor an SIS User ID; Canvas cannot match them (add lms_id or id "
                    "to the roster) / Canvas가 학생을 찾을 수 없는 행이 있습니다", fg="yellow", err=True)
    if unmatched:
        click.secho(f"not in the roster / 명단에 없음: {', '.join(unmatched)}", fg="yellow", err=True)


@click.command("feedback")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--for", "target", type=click.Choice(["moodle", "canvas", "classroom", "folders"]), required=True,
              help="moodle: a zip for 'Upload multiple feedback files'; canvas: a zip for 'Re-Upload Submissions'; "
                   "classroom: FEEDBACK.md per repository; folders: feedback.html per student.")
@click.option("--output", "-o", "output", type=click.Path(file_okay=False), default=None,
              help="Folder to write into (default: OUT_DIR/feedback-<target>).")
@click.option("--assignment", "-a", "assignment_id", default=None)
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def feedback_cmd(out_dir, target, output, assignment_id, lang) -> None:
    """Per-student feedback named for the LMS's bulk upload (hidden tests reveal nothing)."""
    from autograder.outputs import exports

    book, assignment = _open(out_dir, assignment_id)
    try:
        rows, _, _ = _rows(book, assignment)
    finally:
        book.close()
    dest = Path(output) if output else Path(out_dir) / f"feedback-{target}"
    written = exports.write_feedback_bundle(rows, assignment, dest, target, lang)
    click.echo(f"wrote {len(written)} file(s) into {dest}")
    skipped = dest / f"{target}-feedback-skipped.txt"
    if skipped.exists():
        click.secho(f"some submissions did not come from a {target} download and are not in the zip: see {skipped}",
                    fg="yellow", err=True)


def _author() -> str:
    import getpass

    try:
        return os.environ.get("AUTOGRADER_USER") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"


@click.command("adjust")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("student", required=False)
@click.option("--question", "-q", default=None, help="The question (default: the whole assignment).")
@click.option("--points", type=float, default=None, help="Add (or, negative, take away) points.")
@click.option("--set", "target", type=float, default=None, help="Set the score to this (kept across regrades).")
@click.option("--comment", "-m", default="", help="A comment the student sees.")
@click.option("--reason", "-r", default="",
              help="Why (for the instructor: the gradebook, --list and the csv export; students do not see it).")
@click.option("--by", "author", default=None,
              help="Who (default: $AUTOGRADER_USER or the login name; for the instructor, not shown to students).")
@click.option("--assignment", "-a", "assignment_id", default=None)
@click.option("--list", "list_only", is_flag=True, default=False, help="List the adjustments.")
@click.option("--revoke", type=int, default=None, help="Revoke adjustment ID (it stays on record).")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def adjust_cmd(out_dir, student, question, points, target, comment, reason, author, assignment_id, list_only,
               revoke, lang) -> None:
    """Record a manual score change or comment for STUDENT (submission name, student id, login
    or e-mail) in OUT_DIR's gradebook, then render OUT_DIR again."""
    book, assignment = _open(out_dir, assignment_id)
    try:
        if list_only:
            for a in book.adjustments(assignment.id, include_revoked=True):
                change = f"={a['target']:g}" if a["target"] is not None else f"{a['delta']:+g}" if a["delta"] is not None else ""
                state = " (revoked)" if a["revoked"] else ""
                why = " · ".join(x for x in (a["comment"], a["reason"] and f"reason / 사유: {a['reason']}") if x)
                when = datetime.fromtimestamp(a["created"]).isoformat(" ", "minutes")
                click.echo(f"#{a['id']} {a['name']} {a['question'] or 'total'} {change} {why} — {a['author']}, {when}{state}")
            return
        if revoke is not None:
            if not book.revoke_adjustment(assignment.id, revoke):
                raise click.BadParameter(f"no active adjustment #{revoke} / 취소할 조정 #{revoke}이 없습니다",
                                         param_hint="--revoke")
            click.echo(f"revoked #{revoke} / #{revoke} 취소")
        else:
            if not student:
                raise click.UsageError("give STUDENT (or --list / --revoke) / 학생(STUDENT)을 지정하세요 "
                                       "(또는 --list / --revoke)")
            name = _resolve(book, assignment, student)  # an unknown student is the first thing to say
            if question and question not in {q.name for q in assignment.questions}:
                raise click.BadParameter(
                    f"no question {question!r} in {assignment.id} (questions: "
                    f"{', '.join(q.name for q in assignment.questions)}) / {assignment.id}에 {question!r} 문항이 없습니다",
                    param_hint="--question")
            if points is not None and target is not None:
                raise click.UsageError("give --points or --set, not both / --points와 --set 중 하나만 주세요")
            if points is None and target is None and not comment:
                raise click.UsageError("give --points, --set or --comment / --points, --set, --comment 중 하나를 주세요")
            if not reason and (points is not None or target is not None):
                raise click.UsageError("a score change needs --reason (who asked, what was wrong) / 점수를 바꾸려면 "
                                       "--reason으로 사유를 적으세요 (누가 요청했는지, 무엇이 잘못됐는지)")
            new_id = book.add_adjustment(assignment.id, name, question, points, target, comment, reason,
                                         author or _author())
            applied = next((a for r in _rows(book, assignment)[0] if r.key == name for a in r.adjustments
                            if a["id"] == new_id), None)
            from autograder.outputs.exports import change_text

            change = change_text(applied) if applied else ""
            click.echo(f"#{new_id}: {name} {question or 'total'} {change} {comment}".rstrip())
            if applied and applied.get("clamped"):
                click.secho(f"asked {change_text(applied, requested=True)}, applied {change}: scores stay within "
                            f"[0, the points] / 요청 {change_text(applied, requested=True)}, 적용 {change}: 점수는 "
                            f"0점과 배점 사이로 제한됩니다", fg="yellow", err=True)
        results = book.results(assignment.id, names=None)
        keys = set(book.identities(assignment.id)) or {r.submission for r in results}
        current = [book.result_for(assignment.id, k, book.identities(assignment.id).get(k, {}).get("sha256"))
                   or book.result_for(assignment.id, k) for k in sorted(keys)]
    finally:
        book.close()
    from autograder.pipelines.batch import write_outputs

    write_outputs(assignment, [r for r in current if r is not None], Path(out_dir), lang)


def _resolve(book, assignment, who: str) -> str:
    """A submission name from what the instructor typed: the name itself, a student id, login or e-mail."""
    ids = book.identities(assignment.id)
    names = set(ids) or {r.submission for r in book.results(assignment.id)}
    if who in names:
        return who
    from autograder.course import roster as roster_mod

    students = [roster_mod.Student(**s) for s in book.roster(assignment.id)]
    if students:
        matched, _, _ = roster_mod.join({k: {**v["meta"].get("identity", {}), "key": k} for k, v in ids.items()}, students)
        hits = [k for k, s in matched.items() if who.casefold() in (s.id.casefold(), s.email.casefold(), s.github.casefold())]
        if len(hits) == 1:
            return hits[0]
    hits = [k for k, v in ids.items() if who.casefold() in {str(x).casefold() for x in v["meta"].get("identity", {}).values() if x}]
    if len(hits) == 1:
        return hits[0]
    raise click.BadParameter(f"no submission for {who!r} in this gradebook / 이 학생의 제출물이 없습니다", param_hint="STUDENT")


def register(main: click.Group) -> None:
    main.add_command(export_cmd, "export")
    main.add_command(feedback_cmd, "feedback")
    main.add_command(adjust_cmd, "adjust")
