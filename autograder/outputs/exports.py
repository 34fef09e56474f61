"""Grades out of the gradebook: one row per student with raw, adjusted and late-penalised
scores, written in an LMS's own import format, and feedback files named for its bulk upload.

Everything here is computed from ``gradebook.sqlite`` alone (results, identities, roster,
deadline policy, adjustments), so exports can be written again at any time.

Formats (sources in docs/course.md):

* ``canvas``     Canvas Gradebook import: ``Student, ID, SIS User ID, SIS Login ID, Section``, then
                 one column per assignment named ``<name> (<Canvas assignment id>)`` and a
                 ``Points Possible`` row.
* ``moodle``     Moodle "Import grades: CSV file": ``ID number``, ``Email address``, ``Full name``,
                 the grade column and a feedback column; map "Identify user by" to ID number or email.
* ``gradescope`` Gradescope's score upload: ``Name, SID, Email, Total Score``.
* ``csv``        every column we know: identity, per-question, raw total, adjustments, late penalty,
                 total, percent, status, submission time and its source.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograder.course import deadlines, roster as roster_mod
from autograder.course.names import safe_dirname
from autograder.grader.grading import SubmissionResult
from autograder.outputs.gradebook import Gradebook
from autograder.outputs.results import question_scores

FORMATS = ("canvas", "moodle", "gradescope", "csv")
FEEDBACK_TARGETS = ("moodle", "canvas", "classroom", "folders")
STATUS_TEXT = {
    "graded": ("채점 완료", "graded"), "late": ("늦은 제출", "late"), "too_late": ("마감 후 제출 (0점)", "after the hard deadline (no credit)"),
    "error": ("채점 오류", "error"), "missing": ("미제출", "missing"),
}


@dataclass
class Row:
    key: str | None  # the submission's name in the gradebook; None for a student with no submission
    student: dict | None  # the roster's entry
    identity: dict
    meta: dict
    result: SubmissionResult | None
    raw: dict[str, float]
    adjusted: dict[str, float]
    adjustments: list[dict]
    raw_total: float
    adjusted_total: float
    max_score: float
    late: deadlines.Lateness
    penalty_points: float
    final: float
    status: str
    warnings: list[str] = field(default_factory=list)
    group_of: str | None = None  # another member of a group submission: the submission's key (key is None)

    def _get(self, roster_field: str, identity_field: str) -> str:
        return ((self.student or {}).get(roster_field) or self.identity.get(identity_field) or "")

    @property
    def id(self) -> str:
        return self._get("id", "id")

    @property
    def name(self) -> str:
        return self._get("name", "name")

    @property
    def email(self) -> str:
        return self._get("email", "email")

    @property
    def login(self) -> str:
        return self._get("github", "login")

    @property
    def lms_id(self) -> str:
        return self._get("lms_id", "lms_id")

    @property
    def section(self) -> str:
        return (self.student or {}).get("section", "")

    @property
    def label(self) -> str:
        return self.key or safe_dirname(self.id or self.email or self.login or self.name or "student")

    @property
    def percent(self) -> float:
        return 100 * self.final / self.max_score if self.max_score else 0.0

    def view(self, lang: str = "ko") -> dict:
        """What the feedback page, ``results.json`` and the class report show about this student's
        grade. Students see each adjustment's change (as applied) and its comment (``-m``) only;
        the reason and the author are for the instructor (:func:`instructor_comments`, the CSV
        export, and ``adjust --list``)."""
        ko = lang == "ko"
        late_text = ""
        if self.late.late:
            hours = self.late.seconds / 3600
            amount = f"{hours / 24:.1f}일" if hours >= 24 and ko else f"{hours:.1f}시간" if ko else (
                f"{hours / 24:.1f} days" if hours >= 24 else f"{hours:.1f} hours")
            late_text = (f"{amount} 늦음" if ko else f"{amount} late") + (
                (" — 마감 후 제출이라 점수가 없습니다" if ko else " — after the hard deadline: no credit") if self.late.no_credit
                else f" (−{self.late.fraction:.0%})")
        source = self.meta.get("time_source", "")
        source_text = {"commit": ("커밋 시각", "commit time"), "lms": ("LMS 기록", "LMS timestamp"),
                       "file": ("파일 수정 시각 (다른 정보가 없음)", "file time (last resort)")}.get(source, ("", ""))
        return {
            "name": self.name, "id": self.id, "key": self.key, "status": self.status,
            "status_text": STATUS_TEXT[self.status][0 if ko else 1],
            "raw_total": self.raw_total, "adjusted_total": self.adjusted_total, "final": self.final,
            "max_score": self.max_score, "penalty_points": self.penalty_points, "late_text": late_text,
            "submitted_at": self.meta.get("submitted_at") or "", "time_source": source_text[0 if ko else 1],
            "commit": self.meta.get("commit", ""), "others": self.meta.get("others", []),
            "adjustments": [_adjustment_view(a, lang) for a in self.adjustments],
            "adjusted": self.adjusted, "raw": self.raw, "warnings": self.warnings,
            "changed": abs(self.final - self.raw_total) > 1e-9,
        }


def not_graded_text(others: list, lang: str) -> str:
    """The other files a student handed in, which were not graded (the newest one was)."""
    listed = ", ".join(str(o) for o in others[:5]) + (f" (+{len(others) - 5})" if len(others) > 5 else "")
    return f"채점하지 않은 다른 파일: {listed}" if lang == "ko" else f"also submitted, not graded: {listed}"


def change_text(a: dict, requested: bool = False) -> str:
    """The change an adjustment made: as applied (within the points), or as the instructor asked."""
    target = a.get("target") if requested else a.get("applied_target", a.get("target"))
    delta = a.get("delta") if requested else a.get("applied_delta", a.get("delta"))
    if target is not None:
        return f"= {target:g}"
    if delta is not None:
        return f"{delta:+g}"
    return ""


def _adjustment_view(a: dict, lang: str) -> dict:
    """An adjustment as the student sees it: no reason, no author."""
    return {"question": a["question"] or ("전체" if lang == "ko" else "total"), "change": change_text(a),
            "comment": a["comment"], "when": datetime.fromtimestamp(a["created"]).isoformat(" ", "minutes")}


def _clamp_note(a: dict) -> str:
    """For the instructor: what was asked when the bounds changed it."""
    return f" (asked {change_text(a, requested=True)}, kept within the points)" if a.get("clamped") else ""


def instructor_comments(r: "Row") -> str:
    """The CSV ``comments`` column: every adjustment with its comment, reason and author, the
    files not graded and the notebook-metadata warning."""
    parts = []
    for a in r.adjustments:
        text = " ".join(x for x in (f"{a['question'] or 'total'} {change_text(a)}{_clamp_note(a)}",
                                    a["comment"] and f"\"{a['comment']}\"",
                                    a["reason"] and f"reason / 사유: {a['reason']}",
                                    a["author"] and f"by / 조정: {a['author']}") if x)
        parts.append(text)
    parts += r.warnings
    return " | ".join(parts)


def apply_adjustments(raw: dict[str, float], maxes: dict[str, float], max_score: float,
                      adjustments: list[dict]) -> tuple[dict[str, float], float]:
    """(score per question, total) after the adjustments in the order they were made: ``target``
    sets a score, ``delta`` adds to it; each question stays within [0, its points], the total
    within [0, max_score]. Adjustments without a question apply to the total."""
    scores, total, _ = applied_adjustments(raw, maxes, max_score, adjustments)
    return scores, total


def applied_adjustments(raw: dict[str, float], maxes: dict[str, float], max_score: float,
                        adjustments: list[dict]) -> tuple[dict[str, float], float, list[dict]]:
    """As :func:`apply_adjustments`, and each adjustment as applied: a copy with
    ``applied_delta`` / ``applied_target`` (what the bounds let it change) and ``clamped``
    (the bounds changed what was asked). Each adjustment applies to the score as the earlier
    ones left it."""
    scores = dict(raw)
    whole: float | None = None
    whole_delta = 0.0
    applied: list[dict] = []

    def base() -> float:
        return whole if whole is not None else sum(scores.values())

    for a in adjustments:
        q, target, delta = a.get("question"), a.get("target"), a.get("delta")
        done = {**a, "applied_target": None, "applied_delta": None}
        if q:
            before = scores.get(q, 0.0)
            value = target if target is not None else before + (delta or 0.0)
            scores[q] = min(max(value, 0.0), maxes.get(q, max(value, 0.0)))
            if target is not None:
                done["applied_target"] = round(scores[q], 6)
            elif delta is not None:
                done["applied_delta"] = round(scores[q] - before, 6)
        elif target is not None:
            whole, whole_delta = min(max(float(target), 0.0), max_score), 0.0
            done["applied_target"] = round(whole, 6)
        elif delta is not None:
            b = base()
            now = min(max(b + whole_delta, 0.0), max_score)
            new = min(max(b + whole_delta + delta, 0.0), max_score)
            whole_delta = new - b
            done["applied_delta"] = round(new - now, 6)
        done["clamped"] = ((target is not None and abs(done["applied_target"] - target) > 1e-9)
                           or (target is None and delta is not None and abs(done["applied_delta"] - delta) > 1e-9))
        applied.append(done)
    total = base() + whole_delta
    return scores, round(min(max(total, 0.0), max_score), 6), applied


def class_rows(book: Gradebook, assignment_id: str, questions: list[tuple[str, float]],
               max_score: float) -> tuple[list[Row], list[str], list[dict]]:
    """(one row per student, submission names that match no roster entry, roster entries with
    no submission). Students without a submission get a row with 0 and status ``missing``."""
    identities = book.identities(assignment_id)
    for r in book.results(assignment_id):  # gradebooks from before identities were recorded
        identities.setdefault(r.submission, {"sha256": r.sha256, "meta": {"identity": {"key": r.submission}},
                                             "declared_assignment": None})
    students = [roster_mod.Student(**s) for s in book.roster(assignment_id)]
    by_key = {k: {**v["meta"].get("identity", {}), "key": k} for k, v in identities.items()}
    matched, unmatched, missing = roster_mod.join(by_key, students) if students else ({}, [], [])
    policy = deadlines.Policy.from_dict(book.setting(assignment_id, "deadline"))
    maxes = dict(questions)
    rows: list[Row] = []
    for key, info in identities.items():
        result = book.result_for(assignment_id, key, info["sha256"]) or book.result_for(assignment_id, key)
        student = matched.get(key)
        rows.append(_row(key, student.to_dict() if student else None, info, result, book.adjustments(assignment_id, key),
                         maxes, max_score, policy, assignment_id))
    # A group submission (Gradescope): every member gets the group's result, not only the first.
    missing = list(missing)
    for key, info in identities.items():
        for member in _group_members(info["meta"])[1:]:
            student = roster_mod.match(member, missing) if missing else None
            if students and student is None:  # not in the roster, or already has a submission of their own
                continue
            if student is not None:
                missing.remove(student)
            result = book.result_for(assignment_id, key, info["sha256"]) or book.result_for(assignment_id, key)
            row = _row(key, student.to_dict() if student else None,
                       {**info, "meta": {**info["meta"], "identity": member}}, result,
                       book.adjustments(assignment_id, key), maxes, max_score, policy, assignment_id)
            row.key, row.group_of = None, key
            rows.append(row)
    for s in missing:
        rows.append(Row(None, s.to_dict(), {}, {}, None, {}, {q: 0.0 for q in maxes}, [], 0.0, 0.0, max_score,
                        deadlines.Lateness(), 0.0, 0.0, "missing"))
    rows.sort(key=lambda r: ((r.student or {}).get("id") or "~", r.label.casefold()))
    return rows, unmatched, [s.to_dict() for s in missing]


def _group_members(meta: dict) -> list[dict]:
    """The identities of a group submission's members, the submitter first: ``extra.members``
    (dicts: id, name, email) when the layout records them, else ``extra.submitters`` (names)."""
    extra = meta.get("extra") or {}
    members = extra.get("members")
    if isinstance(members, list) and members:
        return [{k: str(v or "") for k, v in m.items()} for m in members if isinstance(m, dict)]
    names = [n for n in extra.get("submitters") or [] if isinstance(n, str)]
    return [{"name": n} for n in names] if len(names) > 1 else []


def _row(key, student, info, result, adjustments, maxes, max_score, policy, assignment_id) -> Row:
    meta = info.get("meta", {})
    identity = meta.get("identity", {"key": key})
    raw = {q: 0.0 for q in maxes}
    if result is not None:
        raw.update(question_scores(result))
    adjusted, total, adjustments = applied_adjustments(raw, maxes, max_score, adjustments)
    raw_total = round(result.score, 6) if result else 0.0
    submitted = meta.get("submitted_at")
    when = datetime.fromisoformat(submitted) if submitted else None
    late = deadlines.lateness(deadlines.personal(policy, (student or {}).get("extension", "")), when,
                              bool(meta.get("late_marker")))
    if late.no_credit:
        penalty = total
    else:
        penalty = min(total, round(late.fraction * (total if policy.of == "score" else max_score), 6))
    final = round(max(0.0, total - penalty), 6)
    status = "error" if result is not None and result.status == "error" else (
        "too_late" if late.no_credit else "late" if late.late else "graded")
    warnings = []
    declared = info.get("declared_assignment")
    if declared and declared != assignment_id:
        warnings.append(f"the notebook's metadata names {declared}, not {assignment_id} / "
                        f"노트북 메타데이터의 과제는 {declared}입니다 ({assignment_id}가 아님)")
    others = meta.get("others") or []
    if others:
        warnings.append(f"{not_graded_text(others, 'en')} / {not_graded_text(others, 'ko')}")
    return Row(key, student, identity, meta, result, raw, adjusted, adjustments, raw_total, total, max_score, late,
               penalty, final, status, warnings)


# ---------------------------------------------------------------------------------------------
# LMS import files


def _n(x: float) -> str:
    return f"{round(x, 2):g}"


def export_table(rows: list[Row], fmt: str, questions: list[tuple[str, float]], max_score: float,
                 title: str, lms_assignment_id: str = "", max_row: bool = True, lang: str = "ko") -> list[list[str]]:
    """The rows of an import file in ``fmt`` (a header first)."""
    if fmt == "canvas":
        column = f"{title} ({lms_assignment_id})" if lms_assignment_id else title
        table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column]]
        if max_row:
            table.append(["Points Possible", "", "", "", "", _n(max_score)])
        table += [[r.name or r.label, r.lms_id, r.id, (r.student or {}).get("sis_login") or r.email, r.section,
                   _n(r.final)] for r in rows]
        return table
    if fmt == "moodle":
        table = [["ID number", "Email address", "Full name", title, f"{title} feedback"]]
        table += [[r.id, r.email, r.name or r.label, _n(r.final), _feedback_line(r, max_score, lang)] for r in rows]
        return table
    if fmt == "gradescope":
        table = [["Name", "SID", "Email", "Total Score"]]
        table += [[r.name or r.label, r.id, r.email, _n(r.final)] for r in rows]
        return table
    if fmt == "csv":
        qs = [q for q, _ in questions]
        table = [["id", "name", "email", "section", "github", "lms_id", "submission", *qs, "raw_total", "adjustment",
                  "late_penalty", "total", "max", "percent", "status", "submitted_at", "time_source", "late_hours",
                  "sha256", "comments"]]
        if max_row:
            table.append(["Points Possible", "", "", "", "", "", "", *[_n(p) for _, p in questions], _n(max_score), "",
                          "", _n(max_score), _n(max_score), "100", "", "", "", "", "", ""])
        for r in rows:
            comments = instructor_comments(r)
            table.append([r.id, r.name, r.email, r.section, r.login, r.lms_id, r.key or r.group_of or "",
                          *[_n(r.adjusted.get(q, 0.0)) for q in qs], _n(r.raw_total),
                          _n(r.adjusted_total - r.raw_total), _n(r.penalty_points), _n(r.final), _n(r.max_score),
                          _n(r.percent), r.status, r.meta.get("submitted_at") or "", r.meta.get("time_source", ""),
                          f"{r.late.seconds / 3600:.2f}" if r.late.late else "0",
                          r.result.sha256 if r.result else "", comments])
        return table
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _feedback_line(r: Row, max_score: float, lang: str) -> str:
    ko = lang == "ko"
    if r.status == "missing":
        return "제출하지 않았습니다." if ko else "No submission."
    parts = [f"{'자동 채점' if ko else 'autograder'} {_n(r.raw_total)}/{_n(max_score)}"]
    if abs(r.adjusted_total - r.raw_total) > 1e-9:
        parts.append(f"{'조정' if ko else 'adjusted'} {_n(r.adjusted_total - r.raw_total):s}")
    if r.penalty_points:
        parts.append(f"{'지각 감점' if ko else 'late penalty'} −{_n(r.penalty_points)}")
    if r.status == "error":
        parts.append("채점 오류" if ko else "grading error")
    return "; ".join(parts)


def write_export(table: list[list[str]], path: Path, bom: bool = False) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        csv.writer(f).writerows(table)
    return path


# ---------------------------------------------------------------------------------------------
# Feedback for the LMS's bulk upload


def feedback_markdown(r: Row, assignment, lang: str = "ko") -> str:
    """A FEEDBACK.md for a student's repository: the grade, per question, failed tests (hidden
    tests by name and message only, as everywhere), adjustments and the late penalty."""
    from autograder.outputs.results import markdown_summary

    ko = lang == "ko"
    v = r.view(lang)
    title = assignment.title.get(lang) or assignment.id
    lines = [f"# {title} — {'채점 결과' if ko else 'grading feedback'}", "",
             f"**{'최종 점수' if ko else 'Final score'}: {_n(r.final)} / {_n(r.max_score)}** ({v['status_text']})", ""]
    if r.result is not None:
        lines.append(f"- {'자동 채점 점수' if ko else 'Autograder score'}: {_n(r.raw_total)}")
    for a in v["adjustments"]:  # the student's view: the change and the comment, not the reason or the author
        lines.append(f"- {'조정' if ko else 'Adjustment'} ({a['question']}) {a['change']}"
                     + (f": {a['comment']}" if a["comment"] else "") + f" ({a['when']})")
    for w in v["warnings"]:
        lines.append(f"- ⚠ {w}")
    if v["late_text"]:
        lines.append(f"- {'지각' if ko else 'Late'}: {v['late_text']}, −{_n(r.penalty_points)}")
    if v["commit"]:
        lines.append(f"- {'채점한 커밋' if ko else 'Graded commit'}: `{v['commit'][:12]}` ({v['submitted_at']})")
    lines.append("")
    if r.result is not None:
        lines.append(markdown_summary([r.result], list(r.raw), lang).replace(f"## {r.result.submission}:",
                                                                               "## " + ("자동 채점" if ko else "Autograder") + ":", 1))
    return "\n".join(lines) + "\n"


def write_feedback_bundle(rows: list[Row], assignment, out_dir: Path, target: str, lang: str = "ko") -> list[Path]:
    """Feedback files laid out for ``target``'s bulk upload; returns what was written.

    * moodle:    ``moodle-feedback.zip`` of ``<Full Name>_<participant id>_assignsubmission_file_/feedback.html``,
                 for "Upload multiple feedback files in a zip"
    * canvas:    ``canvas-feedback.zip`` of ``<name>_<user id>_<submission id>_feedback.html``, for
                 "Re-Upload Submissions" (the names Canvas's download gave)
    * classroom: ``<repository>/FEEDBACK.md`` and ``feedback.html``, to commit into each student's repository
    * folders:   ``<student>/feedback.html``
    """
    from autograder.outputs import reports

    if target not in FEEDBACK_TARGETS:
        raise ValueError(f"unknown feedback target {target!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    graded = [r for r in rows if r.result is not None and r.key]  # a group's feedback goes with its submission
    pages = {r.key: reports.render_feedback(r.result, assignment, lang, course=r.view(lang)) for r in graded}
    written: list[Path] = []
    if target in ("moodle", "canvas"):
        zpath = out_dir / f"{target}-feedback.zip"
        skipped = []
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            for r in graded:
                prefix = r.meta.get("extra", {}).get("prefix")
                if not prefix or r.meta.get("layout") != target:
                    skipped.append(r.label)
                    continue
                name = f"{prefix}/feedback.html" if target == "moodle" else f"{prefix}feedback.html"
                z.writestr(name, pages[r.key])
        written.append(zpath)
        if skipped:
            (out_dir / f"{target}-feedback-skipped.txt").write_text(
                "\n".join(skipped) + "\n", encoding="utf-8")
        return written
    for r in graded:
        folder = out_dir / safe_dirname(r.meta.get("extra", {}).get("repo") or r.key) if target == "classroom" \
            else out_dir / safe_dirname(r.key)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "feedback.html").write_text(pages[r.key], encoding="utf-8")
        written.append(folder / "feedback.html")
        if target == "classroom":
            (folder / "FEEDBACK.md").write_text(feedback_markdown(r, assignment, lang), encoding="utf-8")
            written.append(folder / "FEEDBACK.md")
    return written


def summary_counts(rows: list[Row]) -> dict:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return counts


def table_text(table: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(table)
    return buf.getvalue()


__all__ = ["FORMATS", "FEEDBACK_TARGETS", "Row", "apply_adjustments", "applied_adjustments", "instructor_comments", "class_rows", "export_table", "write_export",
           "write_feedback_bundle", "feedback_markdown"]
