"""Writing results: Gradescope's ``results.json`` per submission and a ``grades.csv`` gradebook."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from autograder.course.names import output_key, safe_dirname  # noqa: F401 - re-exported
from autograder.grader.grading import SubmissionResult


def gradescope_json(result: SubmissionResult, lang: str = "ko", course: dict | None = None) -> dict:
    """Gradescope's results format (score, tests[] with visibility); hidden tests are shown only
    after grades are published, and their output never holds expected values. With ``course``
    (exports.Row.view) the score is the final one: adjustments and late penalty applied."""
    tests = []
    for i, t in enumerate(result.tests, 1):
        tests.append({
            "name": f"{t.question}: {t.name}",
            "number": str(i),
            "score": t.score,
            "max_score": t.max_score,
            "status": "passed" if t.passed else "failed",
            "output": t.output(lang),
            "visibility": "after_published" if t.hidden else "visible",
            "extra_data": {"question": t.question, "functions": t.functions, "diagnosis": t.diagnosis,
                           "hidden": t.hidden, "seconds": round(t.seconds, 4),
                           **({"otter": t.otter_note} if getattr(t, "otter_note", "") else {})},
        })
    summary = result.error_ko if lang == "ko" else result.error_en
    if not summary:
        summary = (f"점수 {result.score:g}/{result.max_score:g}" if lang == "ko" else f"Score {result.score:g}/{result.max_score:g}")
    failed_cells = [c for c in result.cells if not c["ok"]]
    if failed_cells:
        lines = [f"cell {c.get('cell', c['index'] + 1)}: {c['skipped'] or c['error']}" for c in failed_cells[:10]]
        head = "오류가 난 셀" if lang == "ko" else "Cells that raised errors"
        summary += f"\n{head}:\n" + "\n".join(lines)
    warnings = [e for e in result.integrity if e.get("kind") == "other_assignment"]
    for e in warnings:
        summary += "\n⚠ " + (e.get("ko") if lang == "ko" else e.get("en"))
    score = result.score
    if course:
        score = course["final"]
        for a in course["adjustments"]:  # what the student sees: the change and its comment
            label = "조정" if lang == "ko" else "Adjustment"
            summary += f"\n{label} ({a['question']}) {a['change']}" + (f": {a['comment']}" if a.get("comment") else "")
        if course.get("others"):
            from autograder.outputs.exports import not_graded_text

            summary += "\n" + not_graded_text(course["others"], lang)
        if course["late_text"]:
            summary += "\n" + course["late_text"]
        if abs(score - result.score) > 1e-9:
            summary += (f"\n최종 점수 {score:g}/{result.max_score:g} (자동 채점 {result.score:g})" if lang == "ko"
                        else f"\nFinal score {score:g}/{result.max_score:g} (autograder {result.score:g})")
    return {
        "score": score,
        "execution_time": round(result.seconds, 3),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"assignment": result.assignment, "version": result.version, "sha256": result.sha256,
                       "status": result.status, "isolation": result.isolation, "restarts": result.restarts,
                       "max_score": result.max_score, "notebook_seconds": round(result.notebook_seconds, 4),
                       "startup_seconds": round(result.startup_seconds, 4), "integrity": result.integrity,
                       **({"course": {k: course[k] for k in ("raw_total", "adjusted_total", "penalty_points", "final",
                                                               "status", "submitted_at", "adjustments")}}
                          if course else {})},
    }


def colliding_outputs(names: list[str]) -> list[list[str]]:
    """Groups of submission names that would write to the same output folder."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(output_key(name), []).append(name)
    return [g for g in groups.values() if len(g) > 1]


def write_submission(result: SubmissionResult, out_dir: Path, lang: str = "ko", course: dict | None = None) -> Path:
    folder = Path(out_dir) / safe_dirname(result.submission)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(gradescope_json(result, lang, course), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def question_scores(result: SubmissionResult) -> dict[str, float]:
    scores: dict[str, float] = {}
    for t in result.tests:
        scores[t.question] = scores.get(t.question, 0.0) + t.score
    return scores


def write_grades_csv(results: list[SubmissionResult], questions: list[str], path: Path,
                     course: dict[str, dict] | None = None) -> Path:
    """One row per submission, one column per question (the autograder's raw scores), then
    total, max and status; then the student, adjustments, late penalty and final score."""
    path = Path(path)
    course = course or {}
    questions = notebook_order(results, questions)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", "sha256", *questions, "total", "max", "status", "diagnoses",
                    "student_id", "name", "adjustment", "late_penalty", "final", "grade_status"])
        for r in sorted(results, key=lambda r: r.submission):
            qs = question_scores(r)
            diagnoses = ";".join(sorted({t.diagnosis for t in r.tests if t.diagnosis}))
            c = course.get(r.submission)
            extra = ([c["id"], c["name"], f"{c['adjusted_total'] - c['raw_total']:g}", f"{c['penalty_points']:g}",
                      f"{c['final']:g}", c["status"]] if c else ["", "", "0", "0", f"{r.score:g}", r.status])
            w.writerow([r.submission, r.sha256, *[f"{qs.get(q, 0.0):g}" for q in questions],
                        f"{r.score:g}", f"{r.max_score:g}", r.status, diagnoses, *extra])
    return path


def notebook_order(results: list[SubmissionResult], questions: list[str]) -> list[str]:
    """The questions in the order grading met them in the notebook (an otter notebook's
    ``grader.check`` cells; the assignment's own order otherwise), from the first graded result."""
    graded = [r for r in sorted(results, key=lambda r: r.submission) if r.status == "graded" and r.tests]
    if not graded:
        return list(questions)
    seen = list(dict.fromkeys(t.question for t in graded[0].tests))
    rank = {q: i for i, q in enumerate(seen)}
    return sorted(questions, key=lambda q: (rank.get(q, len(rank)), questions.index(q)))


def diagnosis_counts(results: list[SubmissionResult]) -> Counter:
    """How many submissions each misconception was diagnosed in (once per submission)."""
    return Counter(d for r in results for d in {t.diagnosis for t in r.tests if t.diagnosis})


def write_summary(results: list[SubmissionResult], path: Path, assignment: str | None = None,
                  max_score: float | None = None, course: dict[str, dict] | None = None,
                  mining: dict | None = None, similarity: dict | None = None) -> Path:
    """``mining``: outputs/mining.py's clusters; ``similarity``: similarity.json's report."""
    import statistics

    scores = [r.score for r in results]
    if max_score is None:
        max_score = max((r.max_score for r in results), default=0.0)
    summary = {
        "assignment": assignment or (results[0].assignment if results else None),
        "version": results[0].version if results else None,
        "max_score": max_score,
        "median_score": statistics.median(scores) if scores else 0.0,
        "submissions": len(results),
        "graded": sum(r.status == "graded" for r in results),
        "errors": sum(r.status == "error" for r in results),
        "mean_score": (sum(r.score for r in results) / len(results)) if results else 0.0,
        "diagnoses": dict(diagnosis_counts(results).most_common()),
    }
    if course:
        finals = [course[r.submission]["final"] for r in results if r.submission in course]
        summary["mean_final"] = (sum(finals) / len(finals)) if finals else 0.0
        summary["late"] = sum(course[r.submission]["status"] in ("late", "too_late") for r in results if r.submission in course)
        summary["adjusted"] = sum(bool(course[r.submission]["adjustments"]) for r in results if r.submission in course)
    summary["integrity"] = dict(Counter(e["kind"] for r in results for e in r.integrity).most_common())
    if mining is not None:  # shared wrong behaviour that no variant names (largest first)
        summary["misconception_clusters"] = mining.get("clusters", [])
        summary["explained_clusters"] = [{k: c[k] for k in ("function", "size", "explained_by")}
                                         for c in mining.get("explained", [])]
    if similarity is not None:
        from autograder.outputs.similarity import flags_by_submission

        flagged = flags_by_submission(similarity, results)
        summary["similarity"] = {"flagged_pairs": [{k: p[k] for k in ("rank", "a", "b", "a_in_b", "b_in_a", "overlap")}
                                                   for p in similarity.get("pairs", []) if p.get("flagged")
                                                   and p["a"] in flagged and p["b"] in flagged],
                                 "clusters": similarity.get("clusters", [])}
    Path(path).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)


def write_junit(results: list[SubmissionResult], path: Path, lang: str = "en") -> Path:
    """JUnit XML for CI: a testsuite per submission, a testcase per test (failures carry the
    student-facing message only)."""
    from xml.etree import ElementTree as ET

    suites = ET.Element("testsuites", name="autograder")
    for r in sorted(results, key=lambda r: r.submission):
        # A submission that could not be graded: every test is an <error> (it never ran), not a
        # failure, and no extra outcome is counted for the submission itself.
        broken = r.status == "error"
        errors = len(r.tests) if broken else 0
        failures = 0 if broken else sum(not t.passed for t in r.tests)
        suite = ET.SubElement(suites, "testsuite", name=f"{r.assignment}:{r.submission}", tests=str(len(r.tests)),
                              failures=str(failures), errors=str(errors), time=f"{r.seconds:.3f}")
        props = ET.SubElement(suite, "properties")
        for key, value in (("score", f"{r.score:g}"), ("max_score", f"{r.max_score:g}"), ("sha256", r.sha256),
                           ("isolation", ",".join(r.isolation))):
            ET.SubElement(props, "property", name=key, value=value)
        error_text = (r.error_en if lang == "en" else r.error_ko) or (r.error_ko or r.error_en)
        if broken and not r.tests:  # nothing to attach the error to: one testcase says it
            case = ET.SubElement(suite, "testcase", classname=r.assignment, name="submission", time=f"{r.seconds:.4f}")
            ET.SubElement(case, "error", message=error_text.splitlines()[0][:200] if error_text else "error",
                          type="submission_error").text = error_text
            suite.set("tests", "1")
            suite.set("errors", "1")
        for t in r.tests:
            case = ET.SubElement(suite, "testcase", classname=f"{r.assignment}.{t.question}", name=t.name,
                                 time=f"{t.seconds:.4f}")
            if broken:
                ET.SubElement(case, "error", message=error_text.splitlines()[0][:200] if error_text else "error",
                              type="submission_error").text = error_text
            elif not t.passed:
                failure = ET.SubElement(case, "failure", message=(t.en if lang == "en" else t.ko).splitlines()[0][:200] if (t.en or t.ko) else "failed",
                                        type=t.diagnosis or "failed")
                failure.text = t.output(lang)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
    return Path(path)


# GitHub Actions shows at most 10 error (and 10 warning) annotations per step: the rest are dropped.
MAX_ERROR_ANNOTATIONS = 10


def github_annotations(results: list[SubmissionResult], lang: str = "ko") -> list[str]:
    """Workflow commands GitHub Actions shows as annotations: one per failed test, one notice each.
    GitHub keeps only 10 error annotations per step, so the 10th says how many more failed."""

    def esc(text: str) -> str:  # GitHub's escaping for workflow command data and properties
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")

    errors, notices = [], []
    for r in sorted(results, key=lambda r: r.submission):
        if r.status == "error":
            errors.append(f"::error title={esc(r.submission)}::{esc(r.error_ko if lang == 'ko' else r.error_en)}")
        else:
            for t in r.tests:
                if not t.passed:
                    title = esc(f"{t.question}: {t.name} (0/{t.max_score:g})")
                    errors.append(f"::error file={esc(r.path)},title={title}::{esc(t.output(lang))[:4000]}")
        notices.append(f"::notice title={esc(r.submission)}::{esc(f'score {r.score:g}/{r.max_score:g}')}")
    if len(errors) > MAX_ERROR_ANNOTATIONS:
        rest = len(errors) - (MAX_ERROR_ANNOTATIONS - 1)
        text = (f"그 밖에 {rest}개 테스트가 실패했습니다. 작업 요약(job summary)이나 junit.xml에서 모두 볼 수 있습니다."
                if lang == "ko" else f"{rest} more failed tests are not shown here; see the job summary or junit.xml.")
        errors = errors[:MAX_ERROR_ANNOTATIONS - 1] + [f"::error title={esc('+' + str(rest))}::{esc(text)}"]
    return errors + notices


def markdown_summary(results: list[SubmissionResult], questions: list[str], lang: str = "ko") -> str:
    """A job summary: the score per question, then each failed test with its message."""
    ko = lang == "ko"
    out = []
    for r in sorted(results, key=lambda r: r.submission):
        out.append(f"## {r.submission}: {r.score:g} / {r.max_score:g}")
        if r.status == "error":
            out.append("> " + (r.error_ko if ko else r.error_en))
            continue
        scores = question_scores(r)
        maxes: dict[str, float] = {}
        for t in r.tests:
            maxes[t.question] = maxes.get(t.question, 0.0) + t.max_score
        out.append("| " + ("문제" if ko else "question") + " | " + ("점수" if ko else "points") + " |\n|---|---|")
        out += [f"| {q} | {scores.get(q, 0):g} / {maxes.get(q, 0):g} |" for q in questions if q in maxes]
        failed = [t for t in r.tests if not t.passed]
        if failed:
            out.append("\n### " + ("통과하지 못한 테스트" if ko else "Failed tests"))
            for t in failed:
                body = t.output(lang).replace("\n", "\n> ")
                out.append(f"- **{t.question}: {t.name}**\n> {body}")
    return "\n".join(out) + "\n"
