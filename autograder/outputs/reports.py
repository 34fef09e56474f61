"""HTML reports: per-student feedback and a class report with plots.

Both pages are self-contained (inline CSS, plots as inline base64 PNG, no JavaScript, no
external resources), so they can be mailed, uploaded to an LMS or opened from disk. Every
string that comes from a submission (its name, test messages, cell errors) is HTML-escaped by
Jinja2's autoescaping. Hidden tests are shown by name, result and message only; their source
and expected values never reach these pages (the messages already omit them).

    render_feedback(result, assignment, lang="ko") -> str
    render_class_report(results, assignment, lang="ko", feedback_links=False) -> str
    write_reports(results, assignment, out_dir, lang="ko") -> Path   # out_dir/report.html
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import re
import shutil
import statistics
import subprocess
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from autograder.course.assignments import Assignment
from autograder.outputs.results import safe_dirname
from autograder.grader.grading import SubmissionResult, TestResult
from autograder.outputs.results import diagnosis_counts, question_scores
from autograder.outputs import exports

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANGS = ("ko", "en")

# ---------------------------------------------------------------------------------------------
# UI strings

UI: dict[str, dict[str, str]] = {
    "ko": {
        "feedback_title": "채점 결과",
        "report_title": "반 전체 채점 보고서",
        "submission": "제출물",
        "score": "점수",
        "status": "상태",
        "status_graded": "채점 완료",
        "status_error": "채점 오류",
        "points": "점",
        "pass": "통과",
        "fail": "실패",
        "hidden": "숨김",
        "public": "공개",
        "hidden_note": "숨겨진 테스트는 이름과 결과, 메시지만 보여 줍니다.",
        "tests_passed": "통과한 테스트",
        "questions": "문항",
        "question": "문항",
        "all_passed": "모두 통과",
        "diagnosis": "진단",
        "diagnosis_lead": "자주 하는 실수와 같은 결과가 나왔습니다",
        "diagnoses_found": "발견된 실수",
        "same_as_above": "바로 위 테스트와 같은 메시지입니다.",
        "same_diagnosis": "위와 같은 실수입니다.",
        "same_as_error": "위의 제출 파일 오류 때문에 실행하지 못했습니다.",
        "error_title": "제출 파일을 채점할 수 없었습니다",
        "cells_title": "오류가 난 노트북 셀",
        "cells_note": "채점할 때 실행한 코드 셀 순서입니다 (설정 셀과 마크다운 셀은 세지 않습니다).",
        "cell": "코드 셀",
        "cell_timeout": "시간 초과로 중단됨",
        "cell_crashed": "프로세스가 비정상 종료됨",
        "isolation": "격리 환경",
        "isolation_none": "기록 없음",
        "version": "과제 버전",
        "grading_time": "채점 시간",
        "notebook_time": "노트북 실행",
        "restarts": "재시작",
        "seconds_unit": "초",
        "summary": "요약",
        "count": "제출 수",
        "graded": "채점됨",
        "errors": "오류",
        "mean": "평균",
        "median": "중앙값",
        "full_marks": "만점",
        "mean_note": "평균과 중앙값에는 오류가 난 제출(0점)도 포함됩니다.",
        "per_question": "문항별 평균",
        "mean_score": "평균 점수",
        "full_rate": "만점 비율",
        "score_dist": "점수 분포",
        "pass_rate": "테스트별 통과율",
        "pass_rate_note": "채점된 제출물 기준, 통과율이 낮은 테스트가 위에 있습니다. 숨겨진 테스트는 빗금과 [H] 표시가 붙어 있습니다.",
        "misconceptions": "자주 나온 실수",
        "misconceptions_note": "각 실수를 보인 제출물 수 (한 제출물에서 한 번만 셉니다).",
        "misconception": "실수",
        "explanation": "설명",
        "n_submissions": "제출물 수",
        "no_misconceptions": "진단된 실수가 없습니다.",
        "time_dist": "제출물별 채점 시간",
        "students": "학생별 결과",
        "diagnoses": "진단",
        "plots_for_a_class": "그래프는 제출물이 두 개 이상 채점되면 그려집니다 (autograder report로 다시 그릴 수 있습니다).",
        "by_question": "문항별 점수 분포",
        "by_question_note": "문항마다 만점·부분 점수·0점을 받은 제출물의 비율입니다.",
        "plot_full": "만점", "plot_partial": "부분 점수", "plot_zero": "0점", "plot_share": "제출물 비율 (%)",
        "mined": "아직 이름이 없는 공통 실수",
        "mined_note": "같은 입력(문항마다 고정된 입력)에서 똑같이 틀린 답을 낸 제출물 묶음 가운데, 알려진 실수(variants.py)로 설명되지 않는 것입니다. `autograder variants suggest OUT/ --question 문항`으로 변형 코드 초안을 만들 수 있습니다.",
        "mined_none": "알려진 실수로 설명되지 않는 공통 오답 묶음이 없습니다.",
        "mined_explained": "알려진 실수로 설명되는 묶음",
        "function": "함수", "cluster": "묶음", "representative": "대표 답안", "differs_on": "참조 구현과 다른 입력",
        "same_students_as": "같은 학생들", "plot_cluster_size": "묶음 크기 (제출물 수)",
        "similarity": "코드 유사도",
        "similarity_note": "학생이 작성한 코드(노트북이 준 코드는 제외)를 비교해, 한쪽 코드의 상당 부분이 다른 쪽에도 있는 쌍입니다. 살펴볼 사실일 뿐 부정행위 판정이나 감점이 아닙니다.",
        "similarity_none": "기준을 넘는 유사한 쌍이 없습니다.",
        "similarity_missing": "아직 유사도를 계산하지 않았습니다: autograder similarity OUT/",
        "similarity_page": "쌍별 비교 (나란히 보기)",
        "pair": "쌍", "a_in_b": "A의 코드 중 B에 있는 비율", "b_in_a": "B의 코드 중 A에 있는 비율",
        "shared": "공유 토큰", "flagged": "기준 초과", "clusters3": "세 명 이상 묶음", "members": "제출물",
        "similar_to": "유사", "similarity_graph": "유사한 쌍의 연결", "rank": "순위",
        "similarity_params": "기준: 한쪽 코드의 {threshold}% 이상이 다른 쪽에 있고 공유 부분이 {min_overlap}자 이상",
        "integrity": "채점기가 관찰한 사건",
        "integrity_note": "학생 프로세스가 시간·메모리 한도로 종료되었거나, 규약을 어겼거나, 허용량보다 큰 데이터를 보낸 경우입니다. 살펴볼 사실일 뿐 감점이 아닙니다.",
        "integrity_kind": "사건",
        "integrity_none": "관찰된 사건이 없습니다.",
        "events": "사건",
        "time": "시간",
        "no_results": "아직 채점된 제출물이 없습니다.",
        "no_graded": "채점에 성공한 제출물이 없어 이 그림을 그릴 수 없습니다.",
        "cell_errors": "오류 난 셀",
        "student": "학생",
        "final_score": "최종 점수",
        "raw_score": "자동 채점 점수",
        "adjustments": "점수 조정",
        "late": "지각",
        "late_penalty": "지각 감점",
        "submitted_at": "제출 시각",
        "others_note": "채점하지 않은 다른 파일",
        "warning": "주의",
        # plot labels (used only when a Hangul font is available)
        "plot_score": "점수",
        "plot_count": "제출물 수",
        "plot_rate": "통과율 (%)",
        "plot_seconds": "채점 시간 (초)",
        "plot_graded": "채점됨",
        "plot_error": "오류",
        "plot_public": "공개 테스트",
        "plot_hidden": "숨겨진 테스트 [H]",
    },
    "en": {
        "feedback_title": "Grading feedback",
        "report_title": "Class report",
        "submission": "Submission",
        "score": "Score",
        "status": "Status",
        "status_graded": "Graded",
        "status_error": "Error",
        "points": "pt",
        "pass": "Passed",
        "fail": "Failed",
        "hidden": "hidden",
        "public": "public",
        "hidden_note": "Hidden tests are shown by name, result and message only.",
        "tests_passed": "Tests passed",
        "questions": "Questions",
        "question": "Question",
        "all_passed": "All passed",
        "diagnosis": "Diagnosis",
        "diagnosis_lead": "Your results match a common mistake",
        "diagnoses_found": "Mistakes found",
        "same_as_above": "Same message as the test above.",
        "same_diagnosis": "the same mistake as above.",
        "same_as_error": "Not run because of the submission error above.",
        "error_title": "The submission could not be graded",
        "cells_title": "Notebook cells that raised errors",
        "cells_note": "Counting the code cells the grader ran (setup and markdown cells are not counted).",
        "cell": "Code cell",
        "cell_timeout": "stopped: time limit",
        "cell_crashed": "stopped: the process crashed",
        "isolation": "Isolation",
        "isolation_none": "not recorded",
        "version": "Assignment version",
        "grading_time": "Grading time",
        "notebook_time": "notebook run",
        "restarts": "restarts",
        "seconds_unit": "s",
        "summary": "Summary",
        "count": "Submissions",
        "graded": "Graded",
        "errors": "Errors",
        "mean": "Mean",
        "median": "Median",
        "full_marks": "Full marks",
        "mean_note": "Mean and median include submissions that failed with an error (0 points).",
        "per_question": "Mean score per question",
        "mean_score": "Mean score",
        "full_rate": "Full marks",
        "score_dist": "Score distribution",
        "pass_rate": "Pass rate per test",
        "pass_rate_note": "Over graded submissions; the least-passed tests are at the top. Hidden tests are hatched and marked [H].",
        "misconceptions": "Most common misconceptions",
        "misconceptions_note": "Number of submissions showing each mistake (counted once per submission).",
        "misconception": "Misconception",
        "explanation": "Explanation",
        "n_submissions": "Submissions",
        "no_misconceptions": "No misconceptions were diagnosed.",
        "time_dist": "Grading time per submission",
        "students": "Students",
        "diagnoses": "Diagnoses",
        "plots_for_a_class": "Plots are drawn once two or more submissions are graded (autograder report draws them again).",
        "by_question": "Score distribution by question",
        "by_question_note": "For each question, the share of submissions with full, partial and no points.",
        "plot_full": "full marks", "plot_partial": "partial", "plot_zero": "zero", "plot_share": "Submissions (%)",
        "mined": "Shared mistakes no variant names yet",
        "mined_note": "Groups of submissions that give the same wrong answers on the same (fixed, per question) inputs and that no known misconception (variants.py) explains. `autograder variants suggest OUT/ --question Q` drafts a variant from one.",
        "mined_none": "No shared wrong behaviour is left unexplained by the known misconceptions.",
        "mined_explained": "groups explained by known misconceptions",
        "function": "Function", "cluster": "Group", "representative": "Representative answer", "differs_on": "Inputs where it differs from the reference",
        "same_students_as": "same students as", "plot_cluster_size": "Group size (submissions)",
        "similarity": "Code similarity",
        "similarity_note": "Pairs where much of one side's own code (the notebook's starter code excluded) is also in the other. Facts to look at, never a verdict of cheating or a penalty.",
        "similarity_none": "No pair is above the threshold.",
        "similarity_missing": "Similarity has not been computed yet: autograder similarity OUT/",
        "similarity_page": "Pairs side by side",
        "pair": "Pair", "a_in_b": "share of A's code in B", "b_in_a": "share of B's code in A",
        "shared": "shared tokens", "flagged": "above threshold", "clusters3": "Groups of three or more", "members": "Submissions",
        "similar_to": "Similar to", "similarity_graph": "Flagged pairs as a graph", "rank": "Rank",
        "similarity_params": "Threshold: {threshold}% of one side's code found in the other, at least {min_overlap} characters shared",
        "integrity": "What the grader observed",
        "integrity_note": "Student processes killed for time or memory, protocol violations, oversized replies. Facts to look at, never automatic penalties.",
        "integrity_kind": "Event",
        "integrity_none": "No events were observed.",
        "events": "Events",
        "time": "Time",
        "no_results": "No submissions have been graded yet.",
        "no_graded": "No submission was graded successfully, so there is nothing to plot.",
        "cell_errors": "cells with errors",
        "student": "Student",
        "final_score": "Final score",
        "raw_score": "Autograder score",
        "adjustments": "Adjustments",
        "late": "Late",
        "late_penalty": "Late penalty",
        "submitted_at": "Submitted",
        "others_note": "Other files, not graded",
        "warning": "Warning",
        "plot_score": "Score",
        "plot_count": "Submissions",
        "plot_rate": "Pass rate (%)",
        "plot_seconds": "Grading time (s)",
        "plot_graded": "graded",
        "plot_error": "error",
        "plot_public": "public test",
        "plot_hidden": "hidden test [H]",
    },
}

# What grading.run_test says for a pass without a success message (the first: results stored
# before each language had its own).
PASSED_DEFAULTS = frozenset({"통과 / Passed", "통과", "Passed"})


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def _num(x: float | None) -> str:
    """A score or count without trailing zeros: 111.0 -> '111', 0.5 -> '0.5'."""
    if x is None:
        return ""
    return f"{round(float(x), 2):g}"


def _secs(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    # Compiled templates are cached across runs (compiling them costs one submission 0.2 s).
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      bytecode_cache=FileSystemBytecodeCache())
    env.filters["num"] = _num
    env.filters["secs"] = _secs
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    env.filters["md"] = inline_markdown
    return env


_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![A-Za-z0-9*])\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*(?![A-Za-z0-9*])")  # not inside β1**t


def inline_markdown(text: str) -> Markup:
    """Test and diagnosis messages are written with Markdown's `code` and **bold**: shown as
    such, never as raw backticks and asterisks. Everything else is escaped."""
    out, last = [], 0
    text = str(text or "")
    for m in _CODE_SPAN.finditer(text):
        out.append(_BOLD.sub(lambda b: f"<strong>{b[1]}</strong>", str(escape(text[last:m.start()]))))
        out.append(f"<code>{escape(m[1])}</code>")
        last = m.end()
    out.append(_BOLD.sub(lambda b: f"<strong>{b[1]}</strong>", str(escape(text[last:]))))
    return Markup("".join(out))


# ---------------------------------------------------------------------------------------------
# Feedback for one student


@dataclass
class _TestView:
    name: str
    passed: bool
    hidden: bool
    score: float
    max_score: float
    message: str  # "" when there is nothing to add beyond pass/fail
    note: str = ""  # replaces a repeated message
    diagnosis: str | None = None
    diagnosis_text: str = ""


@dataclass
class _QuestionView:
    name: str
    title: str
    score: float
    points: float
    tests: list[_TestView] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def all_passed(self) -> bool:
        return bool(self.tests) and all(t.passed for t in self.tests)


def _text(ko: str, en: str, lang: str) -> str:
    """The text in ``lang``, falling back to the other language when it is empty."""
    return (ko or en) if lang == "ko" else (en or ko)


def _questions(result: SubmissionResult, assignment: Assignment, lang: str) -> list[_QuestionView]:
    ui = UI[lang]
    error_text = {result.error_ko.strip(), result.error_en.strip()} - {""}
    by_question: dict[str, list[TestResult]] = {}
    for t in result.tests:
        by_question.setdefault(t.question, []).append(t)
    known = {q.name: q for q in assignment.questions}
    order = [q.name for q in assignment.questions if q.name in by_question]
    order += [name for name in by_question if name not in known]
    views = []
    for name in order:
        q = known.get(name)
        title = _text((q.title or {}).get("ko", ""), (q.title or {}).get("en", ""), lang) if q else ""
        tests = by_question[name]
        view = _QuestionView(name=name, title=title or name, score=sum(t.score for t in tests),
                             points=q.points if q is not None else sum(t.max_score for t in tests))
        previous, previous_diagnosis = None, None
        for t in tests:
            message = _text(t.ko, t.en, lang).strip()
            if t.passed and (message in PASSED_DEFAULTS or not message):
                message = ""
            note = ""
            if not t.passed and message and message in error_text:
                message, note = "", ui["same_as_error"]
            elif not t.passed and message and message == previous:
                message, note = "", ui["same_as_above"]
            else:
                previous = message if not t.passed else None
            diagnosis_text = _text(t.diagnosis_ko, t.diagnosis_en, lang)
            if t.diagnosis and t.diagnosis == previous_diagnosis:
                diagnosis_text = ui["same_diagnosis"]  # explained once per question
            previous_diagnosis = t.diagnosis or previous_diagnosis
            view.tests.append(_TestView(name=t.name, passed=t.passed, hidden=t.hidden, score=t.score,
                                        max_score=t.max_score, message=message, note=note,
                                        diagnosis=t.diagnosis, diagnosis_text=diagnosis_text))
        views.append(view)
    return views


def _failed_cells(result: SubmissionResult, lang: str) -> list[dict]:
    ui = UI[lang]
    cells = []
    for c in result.cells:
        if c.get("ok"):
            continue
        skipped = c.get("skipped")
        reason = {"timeout": ui["cell_timeout"], "crashed": ui["cell_crashed"]}.get(skipped, skipped or "")
        cells.append({"number": int(c.get("cell") or int(c.get("index", 0)) + 1), "error": c.get("error") or "",
                      "reason": "" if c.get("error") else (reason or "?")})
    return cells


def render_feedback(result: SubmissionResult, assignment: Assignment, lang: str = "ko",
                    course: dict | None = None) -> str:
    """A self-contained HTML page with one student's results, in Korean or English. ``course``
    (autograder.outputs.exports.Row.view) adds the student's name, adjustments, late penalty and
    final score."""
    lang = _lang(lang)
    questions = _questions(result, assignment, lang)
    diagnoses: dict[str, dict] = {}
    for q in questions:
        for t in q.tests:
            if t.diagnosis:
                d = diagnoses.setdefault(t.diagnosis, {"id": t.diagnosis, "text": t.diagnosis_text, "questions": []})
                if q.name not in [x["name"] for x in d["questions"]]:
                    d["questions"].append({"name": q.name, "title": q.title})
    tests = [t for q in questions for t in q.tests]
    return _env().get_template("feedback.html").render(
        lang=lang, ui=UI[lang], result=result,
        title=_text(assignment.title.get("ko", ""), assignment.title.get("en", ""), lang) or assignment.id,
        assignment_id=assignment.id,
        ratio=(result.score / result.max_score) if result.max_score else 0.0,
        error=_text(result.error_ko, result.error_en, lang) if result.status == "error" else "",
        questions=questions, diagnoses=list(diagnoses.values()),
        n_tests=len(tests), n_passed=sum(t.passed for t in tests),
        any_hidden=any(t.hidden for t in tests),
        cells=_failed_cells(result, lang), course=course,
        warnings=[_text(e.get("ko", ""), e.get("en", ""), lang) for e in result.integrity
                  if e.get("kind") == "other_assignment"]
        + ([exports.not_graded_text(course["others"], lang)] if course and course.get("others") else []),
    )


# ---------------------------------------------------------------------------------------------
# Plots


@functools.lru_cache(maxsize=1)
def hangul_font() -> str | None:
    """The family name of an installed font with Hangul glyphs (registered with matplotlib), or
    None. Looks with ``fc-list :lang=ko`` first, then among the fonts matplotlib knows."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    def has_hangul(path: str) -> bool:
        try:
            font = FT2Font(path)
            return all(font.get_char_index(ord(ch)) for ch in "한글점수")
        except Exception:  # noqa: BLE001 - unreadable font files are skipped
            return False

    paths: list[str] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=ko", "file"], check=False, capture_output=True, text=True, timeout=20).stdout
            paths = [line.split(":")[0].strip() for line in out.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            paths = []
    known = ("nanum", "noto sans cjk", "noto sans kr", "malgun", "apple sd gothic", "applegothic", "gulim",
             "dotum", "batang", "un dotum", "baekmuk", "source han sans", "noto serif cjk")
    paths += [f.fname for f in font_manager.fontManager.ttflist if any(k in f.name.lower() for k in known)]

    def rank(path: str) -> tuple:
        low = Path(path).name.lower()
        return ("sans" not in low and "gothic" not in low, "bold" in low or "light" in low or "thin" in low
                or "black" in low or "medium" in low, "kr" not in low, low)

    for path in sorted(dict.fromkeys(paths), key=rank):
        if not Path(path).is_file() or not has_hangul(path):
            continue
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except Exception:  # noqa: BLE001
            continue
    return None


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    return fig, fig.add_subplot()


def _png(fig) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _style_axes(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="#444")
    ax.set_axisbelow(True)


GREEN, RED, BLUE, GREY, PURPLE = "#2e7d32", "#c62828", "#3f6fb5", "#9e9e9e", "#7b5ea7"


def _stacked_hist(ax, results, value, edges, color, L) -> None:
    """A histogram of ``value(result)``, errors stacked in red on the graded submissions."""
    groups = [([value(r) for r in results if r.status != "error"], color, L["plot_graded"]),
              ([value(r) for r in results if r.status == "error"], RED, L["plot_error"])]
    groups = [g for g in groups if g[0]]
    ax.hist([g[0] for g in groups], bins=edges, stacked=True, color=[g[1] for g in groups],
            label=[g[2] for g in groups], edgecolor="white")


def _plot_scores(results: list[SubmissionResult], max_score: float, L: dict) -> str:
    import numpy as np

    fig, ax = _figure(8, 3.4)
    top = max([max_score] + [r.score for r in results]) or 1.0
    # one bin per point for small totals (centred on whole scores), else 20 bins
    edges = np.arange(-0.5, np.ceil(top) + 1.0) if top <= 25 else np.linspace(0, top, 21)
    _stacked_hist(ax, results, lambda r: r.score, edges, GREEN, L)
    ax.set_xlim(min(0, edges[0]), edges[-1])
    return _finish_histogram(fig, ax, results, L["plot_score"], L)


def _finish_histogram(fig, ax, results: list[SubmissionResult], xlabel: str, L: dict) -> str:
    """Labels, integer counts, grid and legend shared by the report's histograms; the PNG."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(L["plot_count"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e5e5e5")
    if any(r.status == "error" for r in results):
        ax.legend(frameon=False)
    _style_axes(ax)
    return _png(fig)


def _pass_rates(results: list[SubmissionResult], assignment: Assignment) -> list[dict]:
    """Pass rate of every test over the graded submissions, lowest first (ties in the
    assignment's order)."""
    order = {(q.name, t.name): i for i, (q, t) in enumerate((q, t) for q in assignment.questions for t in q.tests)}
    stats: dict[tuple[str, str], dict] = {}
    for r in results:
        if r.status == "error":
            continue
        for t in r.tests:
            s = stats.setdefault((t.question, t.name), {"question": t.question, "name": t.name, "hidden": t.hidden,
                                                       "passed": 0, "total": 0})
            s["passed"] += t.passed
            s["total"] += 1
    rows = list(stats.values())
    for s in rows:
        s["rate"] = s["passed"] / s["total"] if s["total"] else 0.0
    return sorted(rows, key=lambda s: (s["rate"], order.get((s["question"], s["name"]), len(order)),
                                       s["question"], s["name"]))


def _plot_pass_rates(rows: list[dict], L: dict) -> str:
    from matplotlib.patches import Patch

    n = len(rows)
    fig, ax = _figure(10, 0.9 + 0.21 * n)
    y = list(range(n))[::-1]  # the lowest rate on top
    rates = [100 * s["rate"] for s in rows]
    colors = [PURPLE if s["hidden"] else BLUE for s in rows]
    bars = ax.barh(y, rates, color=colors, height=0.72, edgecolor="white")
    for bar, s in zip(bars, rows):
        if s["hidden"]:
            bar.set_hatch("///")
            bar.set_edgecolor("#ffffff")
    labels = [f"{'[H] ' if s['hidden'] else ''}{s['question']} · {s['name'].removeprefix('test_')}" for s in rows]
    ax.set_yticks(y, labels, fontsize=7.5)
    for yi, rate in zip(y, rates):
        ax.text(min(rate, 100) + 1, yi, f"{rate:.0f}%", va="center", fontsize=7, color="#333")
    ax.set_xlim(0, 108)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel(L["plot_rate"])
    ax.grid(axis="x", color="#e5e5e5")
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    if any(s["hidden"] for s in rows):
        ax.legend(handles=[Patch(color=BLUE, label=L["plot_public"]),
                           Patch(facecolor=PURPLE, hatch="///", edgecolor="white", label=L["plot_hidden"])],
                  loc="lower right", frameon=True, fontsize=8)
    _style_axes(ax)
    return _png(fig)


def _plot_misconceptions(counts: list[tuple[str, int]], L: dict) -> str:
    n = len(counts)
    fig, ax = _figure(8, 0.9 + 0.32 * n)
    y = list(range(n))[::-1]
    ax.barh(y, [c for _, c in counts], color="#d08a2e", height=0.65)
    ax.set_yticks(y, [m for m, _ in counts], fontsize=8.5)
    for yi, (_, c) in zip(y, counts):
        ax.text(c, yi, f" {c}", va="center", fontsize=8)
    ax.set_xlabel(L["plot_count"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(c for _, c in counts) * 1.12 + 0.5)
    ax.grid(axis="x", color="#e5e5e5")
    _style_axes(ax)
    return _png(fig)


def _plot_times(results: list[SubmissionResult], L: dict) -> str:
    fig, ax = _figure(8, 3.0)
    import numpy as np

    top = max(1.0, max(r.seconds for r in results) * 1.05)
    _stacked_hist(ax, results, lambda r: r.seconds, np.linspace(0, top, min(30, max(6, len(results) // 2)) + 1), BLUE, L)
    ax.set_xlim(0, top)
    return _finish_histogram(fig, ax, results, L["plot_seconds"], L)


def _plot_by_question(rows: list[dict], L: dict) -> str:
    """Per question: the share of submissions with full, partial and no points (stacked bars)."""
    n = len(rows)
    fig, ax = _figure(8, 0.9 + 0.3 * n)
    y = list(range(n))[::-1]
    left = [0.0] * n
    for key, color in (("full", GREEN), ("partial", "#d08a2e"), ("zero", RED)):
        widths = [100 * r[key] for r in rows]
        ax.barh(y, widths, left=left, color=color, height=0.65, label=L[f"plot_{key}"], edgecolor="white")
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(y, [r["name"] for r in rows], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(L["plot_share"])
    ax.legend(frameon=False, ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8)
    _style_axes(ax)
    return _png(fig)


def _plot_clusters(clusters: list[dict], L: dict) -> str:
    shown = clusters[:15]
    n = len(shown)
    fig, ax = _figure(8, 0.9 + 0.32 * n)
    y = list(range(n))[::-1]
    ax.barh(y, [c["size"] for c in shown], color=PURPLE, height=0.65)
    ax.set_yticks(y, [c["id"] for c in shown], fontsize=8.5)
    for yi, c in zip(y, shown):
        ax.text(c["size"], yi, f" {c['size']}", va="center", fontsize=8)
    ax.set_xlabel(L["plot_cluster_size"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(c["size"] for c in shown) * 1.12 + 0.5)
    _style_axes(ax)
    return _png(fig)


def _plot_similarity(pairs: list[dict], L: dict) -> str:
    """Flagged pairs as a graph: each connected group on a circle of its own, edges as wide as
    the larger share."""
    import math

    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for p in pairs:
        parent[find(p["a"])] = find(p["b"])
    groups: dict[str, list[str]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    comps = sorted(groups.values(), key=lambda g: (-len(g), g))[:24]
    cols = min(4, len(comps))
    rows = math.ceil(len(comps) / cols)
    fig, ax = _figure(8, max(2.2, 2.0 * rows))
    pos = {}
    for k, comp in enumerate(comps):
        cx, cy = (k % cols) * 3.0, -(k // cols) * 2.6
        r = 0.55 + 0.08 * len(comp)
        for i, name in enumerate(comp):
            angle = 2 * math.pi * i / len(comp) + math.pi / 2
            pos[name] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    for p in pairs:
        if p["a"] in pos and p["b"] in pos:
            share = max(p["a_in_b"], p["b_in_a"])
            (x1, y1), (x2, y2) = pos[p["a"]], pos[p["b"]]
            ax.plot([x1, x2], [y1, y2], color=RED, alpha=min(1.0, 0.35 + 0.6 * share), linewidth=1 + 4 * share, zorder=1)
            ax.text((x1 + x2) / 2, (y1 + y2) / 2, f"{100 * share:.0f}%", fontsize=7, ha="center", va="center",
                    color="#333", zorder=3, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    for name, (x, y) in pos.items():
        ax.scatter([x], [y], s=60, color=BLUE, zorder=2)
        ax.text(x, y - 0.22, name if len(name) <= 18 else name[:17] + "…", fontsize=7, ha="center", va="top", zorder=3)
    ax.set_axis_off()
    ax.margins(0.15)
    return _png(fig)


def similarity_graph_png(report: dict, lang: str) -> str:
    """The graph of a similarity report's flagged pairs (for similarity.html)."""
    flagged = [p for p in report.get("pairs", []) if p.get("flagged")]
    return _plots([], None, [], [], lang, similarity=flagged).get("similarity", "") if flagged else ""

def plot_labels(lang: str) -> dict[str, str]:
    """The UI strings for text inside plots: Korean only when a Hangul font is installed, so no
    missing-glyph boxes appear; English otherwise."""
    return UI["ko"] if lang == "ko" and hangul_font() else UI["en"]


def _plots(results, assignment, rates, counts, lang, by_question=None, clusters=None, similarity=None) -> dict[str, str]:
    """Every plot of the class report as a data: URL; plot text in Korean only with a Hangul font."""
    import matplotlib

    font = hangul_font() if lang == "ko" else None
    L = plot_labels(lang)
    rc = {"font.size": 9, "axes.titlesize": 10, "text.parse_math": False, "svg.fonttype": "none",
          "axes.edgecolor": "#888", "figure.facecolor": "white"}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    plots: dict[str, str] = {}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing glyphs, layout hints
        if results:
            plots["scores"] = _plot_scores(results, assignment.max_points, L)
            plots["times"] = _plot_times(results, L)
        if rates:
            plots["pass_rates"] = _plot_pass_rates(rates, L)
        if counts:
            plots["misconceptions"] = _plot_misconceptions(counts, L)
        if by_question:
            plots["by_question"] = _plot_by_question(by_question, L)
        if clusters:
            plots["clusters"] = _plot_clusters(clusters, L)
        if similarity:
            plots["similarity"] = _plot_similarity(similarity, L)
    return plots


# ---------------------------------------------------------------------------------------------
# Class report


# Plots are an instructor's view of a class: for one submission they say nothing and cost more
# than grading it (matplotlib draws three figures in about two seconds).
MIN_FOR_PLOTS = 2


def render_class_report(results: list[SubmissionResult], assignment: Assignment, lang: str = "ko",
                        feedback_links: bool = False, plots: bool | None = None,
                        course: dict[str, dict] | None = None, similarity: dict | None = None,
                        mining: dict | None = None) -> str:
    """A self-contained HTML class report: summary numbers, per-question means, plots of the
    score distribution, pass rate per test, common misconceptions and grading time, and a table
    of students. ``feedback_links`` links each student to ``<submission>/feedback.html``."""
    lang = _lang(lang)
    ui = UI[lang]
    results = list(results)
    scores = [r.score for r in results]
    max_score = assignment.max_points
    graded = [r for r in results if r.status != "error"]

    counts = diagnosis_counts(results).most_common()
    explanations = {m.id: _text(m.ko, m.en, lang) for m in assignment.misconceptions}
    for r in results:  # a diagnosis the assignment no longer defines keeps its recorded text
        for t in r.tests:
            if t.diagnosis and t.diagnosis not in explanations:
                explanations[t.diagnosis] = _text(t.diagnosis_ko, t.diagnosis_en, lang)
    replaces = {m.id: m.replaces for m in assignment.misconceptions}
    misconceptions = [{"id": m, "count": c, "text": explanations.get(m, ""), "replaces": replaces.get(m, ""),
                       "share": c / len(results)} for m, c in counts]

    per_question = []
    qs = [question_scores(r) for r in results]
    for q in assignment.questions:
        title = _text(q.title.get("ko", ""), q.title.get("en", ""), lang) if q.title else ""
        got = [s.get(q.name, 0.0) for s in qs]
        per_question.append({"name": q.name, "title": title or q.name, "points": q.points,
                             "mean": statistics.fmean(got) if got else 0.0,
                             "full": (sum(g >= q.points - 1e-9 for g in got) / len(got)) if got else 0.0})
    insight = _insight_views(results, per_question, qs, similarity, mining, ui)

    rates = _pass_rates(results, assignment)
    students = []
    for r in sorted(results, key=lambda r: (r.submission.casefold(), r.submission)):
        students.append({"submission": r.submission, "score": r.score, "max_score": r.max_score,
                         "status": r.status, "seconds": r.seconds,
                         "cell_errors": sum(not c.get("ok") for c in r.cells),
                         "error": _text(r.error_ko, r.error_en, lang) if r.status == "error" else "",
                         "diagnoses": sorted({t.diagnosis for t in r.tests if t.diagnosis}),
                         "events": [f"{e['kind']}×{e['count']}" for e in r.integrity],
                         "similar": [f"{f['other']} {100 * f['share']:.0f}%" for f in
                                     sorted(insight["flags"].get(r.submission, []), key=lambda f: -f["share"])[:3]],
                         "href": f"{quote(safe_dirname(r.submission))}/feedback.html" if feedback_links else "",
                         "course": (course or {}).get(r.submission)})
    integrity = integrity_counts(results, lang)
    draw = len(graded) >= MIN_FOR_PLOTS if plots is None else plots
    summary = {
        "count": len(results), "graded": len(graded), "errors": len(results) - len(graded),
        "mean": statistics.fmean(scores) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "full": sum(r.max_score > 0 and r.score >= r.max_score - 1e-9 for r in results),
    }
    return _env().get_template("report.html").render(
        lang=lang, ui=ui, assignment_id=assignment.id, version=assignment.version,
        title=_text(assignment.title.get("ko", ""), assignment.title.get("en", ""), lang) or assignment.id,
        max_score=max_score, summary=summary, per_question=per_question, misconceptions=misconceptions,
        integrity=integrity, similarity=insight["similarity"], mined=insight["mined"],
        mined_explained=insight["explained"],
        students=students,
        plots=_plots(results, assignment, rates, counts, lang, insight["by_question"], insight["mined"],
                     insight["pairs"]) if draw else {},
        any_hidden=any(s["hidden"] for s in rates), has_results=bool(results), has_graded=bool(graded),
        has_course=bool(course),
    )


def _insight_views(results, per_question, qs, similarity, mining, ui) -> dict:
    """What the class report shows of the score by question, the similarity report (only pairs
    still about these results) and the mined clusters."""
    from autograder.outputs.similarity import flags_by_submission

    by_question = [{"name": q["name"], "full": q["full"],
                    "zero": (sum(s.get(q["name"], 0.0) <= 1e-9 for s in qs) / len(qs)) if qs else 0.0}
                   for q in per_question if q["points"] > 0] if any(r.status != "error" for r in results) else []
    for q in by_question:
        q["partial"] = max(0.0, 1.0 - q["full"] - q["zero"])
    flags = flags_by_submission(similarity, results)
    pairs = [p for p in (similarity or {}).get("pairs", []) if p.get("flagged") and p["a"] in flags and p["b"] in flags]
    view = None
    if similarity is not None:
        params = similarity.get("params", {})
        view = {"pairs": pairs[:50], "clusters": [c for c in similarity.get("clusters", []) if set(c["members"]) <= set(flags)],
                "submissions": similarity.get("submissions", 0), "flagged_submissions": len(flags),
                "params": ui["similarity_params"].format(threshold=round(100 * params.get("threshold", 0)),
                                                         min_overlap=params.get("min_overlap", 0))}
    return {"by_question": by_question, "flags": flags, "pairs": pairs, "similarity": view,
            "mined": (mining or {}).get("clusters", []), "explained": len((mining or {}).get("explained", []))}


def integrity_counts(results: list[SubmissionResult], lang: str) -> list[dict]:
    """Each kind of integrity event: in how many submissions, how often, and what it means."""
    kinds: dict[str, dict] = {}
    for r in results:
        for e in r.integrity:
            k = kinds.setdefault(e["kind"], {"kind": e["kind"], "submissions": 0, "count": 0,
                                             "text": _text(e.get("ko", ""), e.get("en", ""), lang)})
            k["submissions"] += 1
            k["count"] += int(e.get("count", 1))
    return sorted(kinds.values(), key=lambda k: (-k["submissions"], k["kind"]))


def write_reports(results: list[SubmissionResult], assignment: Assignment, out_dir: Path, lang: str = "ko",
                  plots: bool | None = None, course: dict[str, dict] | None = None, mining: dict | None = None) -> Path:
    """Write ``out_dir/<submission>/feedback.html`` for each result and ``out_dir/report.html``
    (linking to them); returns the report's path. ``plots``: draw them (default: for a class of
    at least MIN_FOR_PLOTS graded submissions)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for r in results:
        folder = out_dir / safe_dirname(r.submission)
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / "feedback.html", render_feedback(r, assignment, lang, course=(course or {}).get(r.submission)))
    from autograder.outputs.similarity import load_report

    return _write(out_dir / "report.html", render_class_report(results, assignment, lang, feedback_links=True, plots=plots,
                                                               course=course, similarity=load_report(out_dir, assignment),
                                                               mining=mining))


def _write(path: Path, text: str) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
