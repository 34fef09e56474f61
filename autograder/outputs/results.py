"""Writing results: Gradescope's ``results.json`` per submission and a ``grades.csv`` gradebook."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from autograder.grader.grading import SubmissionResult


def gradescope_json(result: SubmissionResult, lang: str = "ko") -> dict:
    """Gradescope's results format (score, tests[] with visibility); hidden tests are shown only
    after grades are published, and their output never holds expected values."""
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
                           "hidden": t.hidden, "seconds": round(t.seconds, 4)},
        })
    summary = result.error_ko if lang == "ko" else result.error_en
    if not summary:
        summary = (f"점수 {result.score:g}/{result.max_score:g}" if lang == "ko" else f"Score {result.score:g}/{result.max_score:g}")
    failed_cells = [c for c in result.cells if not c["ok"]]
    if failed_cells:
        lines = [f"cell {c.get('cell', c['index'] + 1)}: {c['skipped'] or c['error']}" for c in failed_cells[:10]]
        head = "오류가 난 셀" if lang == "ko" else "Cells that raised errors"
        summary += f"\n{head}:\n" + "\n".join(lines)
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"assignment": result.assignment, "version": result.version, "sha256": result.sha256,
                       "status": result.status, "isolation": result.isolation, "restarts": result.restarts,
                       "max_score": result.max_score, "notebook_seconds": round(result.notebook_seconds, 4),
                       "startup_seconds": round(result.startup_seconds, 4), "integrity": result.integrity},
    }


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')


def safe_dirname(submission: str) -> str:
    """The folder a submission's outputs go in: its name, made safe as one path component on
    Linux, macOS and Windows (no separators, control or reserved characters, no trailing dots
    or spaces)."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", submission)).strip().rstrip(".")
    return name if name not in ("", ".", "..") else f"_{name.replace('.', '_')}"


def output_key(submission: str) -> str:
    """Two submissions with the same key would share an output folder: on a case-insensitive or
    normalising file system (macOS, Windows) as much as after :func:`safe_dirname`."""
    return safe_dirname(submission).casefold()


def colliding_outputs(names: list[str]) -> list[list[str]]:
    """Groups of submission names that would write to the same output folder."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(output_key(name), []).append(name)
    return [g for g in groups.values() if len(g) > 1]


def write_submission(result: SubmissionResult, out_dir: Path, lang: str = "ko") -> Path:
    folder = Path(out_dir) / safe_dirname(result.submission)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(gradescope_json(result, lang), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def question_scores(result: SubmissionResult) -> dict[str, float]:
    scores: dict[str, float] = {}
    for t in result.tests:
        scores[t.question] = scores.get(t.question, 0.0) + t.score
    return scores


def write_grades_csv(results: list[SubmissionResult], questions: list[str], path: Path) -> Path:
    """One row per submission, one column per question, then total, max and status."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", "sha256", *questions, "total", "max", "status", "diagnoses"])
        for r in sorted(results, key=lambda r: r.submission):
            qs = question_scores(r)
            diagnoses = ";".join(sorted({t.diagnosis for t in r.tests if t.diagnosis}))
            w.writerow([r.submission, r.sha256, *[f"{qs.get(q, 0.0):g}" for q in questions],
                        f"{r.score:g}", f"{r.max_score:g}", r.status, diagnoses])
    return path


def diagnosis_counts(results: list[SubmissionResult]) -> Counter:
    """How many submissions each misconception was diagnosed in (once per submission)."""
    return Counter(d for r in results for d in {t.diagnosis for t in r.tests if t.diagnosis})


def write_summary(results: list[SubmissionResult], path: Path) -> Path:
    summary = {
        "submissions": len(results),
        "graded": sum(r.status == "graded" for r in results),
        "errors": sum(r.status == "error" for r in results),
        "mean_score": (sum(r.score for r in results) / len(results)) if results else 0.0,
        "diagnoses": dict(diagnosis_counts(results).most_common()),
    }
    Path(path).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)


def write_junit(results: list[SubmissionResult], path: Path, lang: str = "en") -> Path:
    """JUnit XML for CI: a testsuite per submission, a testcase per test (failures carry the
    student-facing message only)."""
    from xml.etree import ElementTree as ET

    suites = ET.Element("testsuites", name="autograder")
    for r in sorted(results, key=lambda r: r.submission):
        failures = sum(not t.passed for t in r.tests)
        suite = ET.SubElement(suites, "testsuite", name=f"{r.assignment}:{r.submission}", tests=str(len(r.tests)),
                              failures=str(failures), errors=str(int(r.status == "error")), time=f"{r.seconds:.3f}")
        props = ET.SubElement(suite, "properties")
        for key, value in (("score", f"{r.score:g}"), ("max_score", f"{r.max_score:g}"), ("sha256", r.sha256),
                           ("isolation", ",".join(r.isolation))):
            ET.SubElement(props, "property", name=key, value=value)
        if r.status == "error":
            err = ET.SubElement(suite, "system-err")
            err.text = r.error_en if lang == "en" else r.error_ko
        for t in r.tests:
            case = ET.SubElement(suite, "testcase", classname=f"{r.assignment}.{t.question}", name=t.name,
                                 time=f"{t.seconds:.4f}")
            if not t.passed:
                failure = ET.SubElement(case, "failure", message=(t.en if lang == "en" else t.ko).splitlines()[0][:200] if (t.en or t.ko) else "failed",
                                        type=t.diagnosis or "failed")
                failure.text = t.output(lang)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
    return Path(path)


def github_annotations(results: list[SubmissionResult], lang: str = "ko") -> list[str]:
    """Workflow commands GitHub Actions shows as annotations: one per failed test, one notice each."""

    def esc(text: str) -> str:  # GitHub's escaping for workflow command data and properties
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")

    lines = []
    for r in sorted(results, key=lambda r: r.submission):
        if r.status == "error":
            lines.append(f"::error title={esc(r.submission)}::{esc(r.error_ko if lang == 'ko' else r.error_en)}")
        for t in r.tests:
            if not t.passed:
                title = esc(f"{t.question}: {t.name} (0/{t.max_score:g})")
                lines.append(f"::error file={esc(r.path)},title={title}::{esc(t.output(lang))[:4000]}")
        lines.append(f"::notice title={esc(r.submission)}::{esc(f'score {r.score:g}/{r.max_score:g}')}")
    return lines


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
