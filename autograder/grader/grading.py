"""Grade one submission: run its notebook in a student process, run every test in the grader.

The result says what was checked, why each failed test failed (never quoting hidden tests or
their expected values), the diagnosis where a known mistake explains the failure, how long it
took, and which isolation layers were in force.
"""

from __future__ import annotations

import hashlib
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from autograder.grader import checks
from autograder.course.assignments import Assignment
from autograder.grader.diagnosis import diagnose
from autograder.grader.frozen import freeze_globals
from autograder.grader.remote import Budget, GraderLimit, RemoteNamespace, Student, StudentError
from autograder.wire import Limits
from autograder.grader.student_process import ChildLost, Zygote
from autograder.course.submission import SubmissionError, read_submission
from autograder.grader.testing import TestCase

# Seconds and MiB; an assignment's [limits] table overrides any of them.
DEFAULT_LIMITS = {"call_seconds": 10, "cell_seconds": 15, "submission_seconds": 120, "grading_seconds": 600,
                  "memory_mb": 2048, "reply_mb": 64, "received_mb": 512}
# What one result may hold, so that results.json, the feedback page and the gradebook row of a
# hostile submission stay small.
MAX_MESSAGE = 4000  # characters of each test message, per language
MAX_CELL_ERRORS = 50  # cells whose error text is kept


@dataclass
class TestResult:
    name: str
    question: str
    score: float
    max_score: float
    passed: bool
    hidden: bool
    ko: str = ""
    en: str = ""
    functions: list[str] = field(default_factory=list)
    diagnosis: str | None = None
    diagnosis_ko: str = ""
    diagnosis_en: str = ""
    seconds: float = 0.0
    otter_note: str = ""  # where otter-grader would judge this case otherwise, and why

    def output(self, lang: str = "ko") -> str:
        text = self.ko if lang == "ko" else self.en
        note = self.diagnosis_ko if lang == "ko" else self.diagnosis_en
        return f"{text}\n\n{'진단' if lang == 'ko' else 'Diagnosis'}: {note}" if note else text


@dataclass
class SubmissionResult:
    submission: str
    path: str
    sha256: str
    size: int
    assignment: str
    version: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = "graded"  # graded | error
    error_ko: str = ""
    error_en: str = ""
    tests: list[TestResult] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    isolation: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notebook_seconds: float = 0.0  # running the notebook's cells in the student process
    startup_seconds: float = 0.0  # forking and hardening the student process(es)
    restarts: int = 0
    integrity: list[dict] = field(default_factory=list)  # what the grader observed: kills, violations
    behaviour: dict = field(default_factory=dict)  # failing functions on canonical inputs (grader/fingerprint.py)

    def to_dict(self) -> dict:
        # What dataclasses.asdict gives, without its deep copy of every string (a batch calls
        # this twice per submission).
        d = dict(vars(self))
        d["tests"] = [dict(vars(t), functions=list(t.functions)) for t in self.tests]
        d["cells"] = [dict(c) for c in self.cells]
        d["isolation"] = list(self.isolation)
        d["integrity"] = [dict(e) for e in self.integrity]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "SubmissionResult":
        d = dict(d)
        d["tests"] = [TestResult(**t) for t in d.get("tests", [])]
        return cls(**d)


def limits_for(assignment: Assignment) -> dict:
    return {**DEFAULT_LIMITS, **assignment.limits}


def grade(assignment: Assignment, path: Path, zygote: Zygote, only: list[str] | None = None,
          public_only: bool = False) -> SubmissionResult:
    """Grade the submission at ``path``; ``only`` restricts grading to some questions,
    ``public_only`` to the public tests (what ``autograder check`` runs for a student)."""
    t0 = time.monotonic()
    pool = assignment.public_questions if public_only else assignment.questions
    questions = [q for q in pool if only is None or q.name in only]
    path = Path(path)
    raw = path.read_bytes() if path.is_file() else b""
    result = SubmissionResult(submission=path.stem, path=str(path), sha256=hashlib.sha256(raw).hexdigest(),
                              size=len(raw), assignment=assignment.id, version=assignment.version,
                              max_score=sum(q.points for q in questions))
    try:
        sub = read_submission(path)
    except SubmissionError as e:
        result.status, result.error_ko, result.error_en = "error", e.ko, e.en
        result.tests = [_unrun(tc, e.ko, e.en) for q in questions for tc in q.tests]
        result.seconds = time.monotonic() - t0
        return result
    except OSError as e:
        result.status, result.error_ko, result.error_en = "error", f"파일을 읽을 수 없습니다: {e}", f"Cannot read the file: {e}"
        result.seconds = time.monotonic() - t0
        return result

    if assignment.keras:
        zygote.warm_up(("keras",))  # once per zygote: its student processes inherit TensorFlow
    lim = limits_for(assignment)
    limits = Limits(memory_mb=int(lim["memory_mb"]), cpu_seconds=int(lim.get("cpu_seconds", lim["grading_seconds"])))
    deadline = t0 + float(lim["grading_seconds"])
    budget = Budget(call_seconds=float(lim["call_seconds"]), notebook_seconds=float(lim["submission_seconds"]),
                    cell_seconds=float(lim["cell_seconds"]), deadline=deadline,
                    reply_bytes=int(lim["reply_mb"]) << 20, submission_bytes=int(lim["received_mb"]) << 20)
    otter = otter_settings(assignment)
    if otter is None:
        student = Student(zygote, sub.cells, limits, budget)
        stops = [(len(sub.cells), q) for q in questions]
    else:  # otter: each question's tests run where the notebook checks it, on the state there
        stops = otter_stops(sub, questions)
        student = Student(zygote, seeded(sub, otter), limits, budget, upto=stops[0][0] if stops else None,
                          files={**otter_files(assignment), **sub.files}, data_model=True)
    env = RemoteNamespace(student)
    try:
        for stop, question in stops:
            student.run_to(stop)
            first = len(result.tests)
            with _grader_files(assignment if otter is not None else None):
                for tc in question.tests:
                    if time.monotonic() > deadline:
                        result.tests.append(_unrun(tc, "채점 시간 한도를 넘어 실행하지 않았습니다.",
                                                   "Not run: the submission used up its grading time."))
                        continue
                    result.tests.append(run_test(tc, env, student, assignment, sub.sha256,
                                                 otter.get("requirements", []) if otter else ()))
            _all_or_nothing(question, result.tests[first:])
        if not public_only:  # for mining the class's shared mistakes: only what failed
            from autograder.grader.fingerprint import behaviours

            result.behaviour = behaviours(assignment, env, student, result.tests, deadline)
    finally:
        student.close()
    result.cells = _cells(student.cell_runs, sub.positions)
    result.integrity = student.events
    result.isolation = student.isolation
    result.restarts = max(0, student.starts - 1)
    result.notebook_seconds = student.notebook_time
    result.startup_seconds = student.spawn_time
    result.score = round(sum(t.score for t in result.tests), 6)
    result.seconds = time.monotonic() - t0
    return result


def _cells(runs, positions: list[int]) -> list[dict]:
    """Each cell's outcome; the error text of the first MAX_CELL_ERRORS failing cells only."""
    cells, errors = [], 0
    for c in runs:
        error = None
        if c.error:
            errors += 1
            error = f"{c.error['type']}: {c.error['message']}"[:500] if errors <= MAX_CELL_ERRORS else c.error["type"][:100]
        cells.append({"index": c.index, "cell": positions[c.index], "ok": c.ok, "skipped": c.skipped, "error": error})
    return cells


def _cap(text: str) -> str:
    if len(text) <= MAX_MESSAGE:
        return text
    return text[:MAX_MESSAGE] + f"\n… [{len(text) - MAX_MESSAGE}자 생략 / characters not shown]"


def _unrun(tc: TestCase, ko: str, en: str) -> TestResult:
    return TestResult(tc.name, tc.question, 0.0, tc.points, False, tc.hidden, ko, en)


def run_test(tc: TestCase, env: RemoteNamespace, student: Student, assignment: Assignment, sha: str,
             requirements=()) -> TestResult:
    """Run one test case against the remote namespace and explain the outcome."""
    seed = hashlib.sha256(assignment.secret + sha.encode() + f"\0{tc.question}\0{tc.name}".encode()).digest()
    token = checks.use_context(checks.TestContext(seed=seed, hidden=tc.hidden))
    student.records, student.called = [], set()
    t0 = time.monotonic()
    passed, ko, en, diagnosable, note = False, "", "", False, ""
    try:
        outcome = tc.run(env)
        note = outcome.get("otter_note", "") if isinstance(outcome, dict) else ""
        passed = True
        ko, en = "통과", "Passed"
        if tc.success_message:
            ko, en = f"통과. {tc.success_message}", f"Passed. {tc.success_message}"
    except checks.Fail as e:
        ko, en, diagnosable = e.ko, e.en, True
    except StudentError as e:
        ko, en = _student_error_message(e)
    except ChildLost as e:
        ko, en = e.ko, e.en
    except GraderLimit as e:
        ko, en = e.ko, e.en
    except AssertionError as e:
        text = str(e).strip()
        if not text and tc.hidden:
            text = "숨겨진 검사 하나를 통과하지 못했습니다. / A hidden check failed."
        elif not text:
            text = f"검사 하나를 통과하지 못했습니다 ({tc.name}). / A check failed ({tc.name})."
        ko = en = text
        diagnosable = True
    except ImportError as e:  # the grader's environment lacks a package the test imports
        missing = getattr(e, "name", None) or str(e)
        listed = " (listed in the assignment's requirements)" if _listed(missing, requirements) else ""
        ko = f"채점기 환경에 패키지 `{missing}`이(가) 없어 이 테스트를 실행할 수 없습니다{listed}."
        en = f"The grader's environment lacks the package `{missing}`{listed}, so this test could not run."
    except Exception as e:  # noqa: BLE001 - the test could not use the student's result
        detail = f"{type(e).__name__}: {str(e)[:300]}"
        ko = f"테스트가 여러분의 결과를 사용할 수 없었습니다 ({detail}). 반환값의 형식(타입, 모양)을 확인하세요."
        en = f"The test could not use your result ({detail}). Check the type and shape of what you return."
        diagnosable = True
        if not tc.hidden and not isinstance(e, (TypeError, ValueError, IndexError, KeyError, AttributeError)):
            en += "\n" + "".join(traceback.format_exception_only(type(e), e))[:500]
    finally:
        checks.reset_context(token)
        student.forget_callbacks()  # a finished test's functions are not the student's to call
        if tc.state is not None:
            freeze_globals(tc.state)  # arrays the test cached at module level: read-only from now on
    if not passed and tc.failure_message:
        ko, en = f"{ko}\n{tc.failure_message}", f"{en}\n{tc.failure_message}"
    if note:
        ko, en = f"{ko}\n(참고 / Note: {note})", f"{en}\n(Note: {note})"
    result = TestResult(tc.name, tc.question, tc.points if passed else 0.0, tc.points, passed, tc.hidden,
                        _cap(ko), _cap(en), functions=sorted(student.called), seconds=time.monotonic() - t0,
                        otter_note=note)
    if diagnosable and student.records and assignment.misconceptions:
        found = diagnose(student.records, assignment.misconceptions, assignment.reference)
        if found is not None:
            result.diagnosis, result.diagnosis_ko, result.diagnosis_en = found.id, found.ko, found.en
    student.records = None
    return result


def _student_error_message(e: StudentError) -> tuple[str, str]:
    if e.type_name in ("Unencodable", "WireError"):  # a transport limit, not the student's mistake
        return (f"값을 채점기로 가져올 수 없습니다 (채점기의 한계이며 코드의 오류가 아닙니다): {e.text}",
                f"A value could not be brought over to the grader (a limit of this grader, not an error "
                f"in your code): {e.text}")
    if isinstance(e, NotImplementedError):
        return ("아직 구현하지 않았습니다 (NotImplementedError).", "Not implemented yet (NotImplementedError).")
    where = f"\n{e.traceback}" if e.traceback else ""
    from autograder.grader.numpy_hints import annotate  # NumPy 1 spellings: say what NumPy 2 wants

    hint_ko, hint_en = annotate(e.type_name, e.text)
    return (f"여러분의 코드가 예외를 일으켰습니다: {e.type_name}: {e.text}{hint_ko}{where}",
            f"Your code raised an exception: {e.type_name}: {e.text}{hint_en}{where}")


# ---------------------------------------------------------------------------------------------
# otter-grader assignments (laid out by pipelines/otter_import.py, with solutions/<id>/otter.json)


def otter_settings(assignment: Assignment) -> dict | None:
    """The otter configuration an imported otter assignment keeps (seed, seed_variable,
    requirements, ...), or None for this course's own assignments."""
    import json

    path = assignment.private_dir / "otter.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def otter_files(assignment: Assignment) -> dict[str, bytes]:
    """The autograder zip's ``files/``: placed in the student's working directory."""
    root = assignment.private_dir / "files"
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def otter_stops(sub, questions: list) -> list[tuple[int, object]]:
    """(cells run before, question) in the order grading visits them: each question at its last
    ``grader.check`` (otter keeps the last result), the questions never checked at the end on the
    final state, as otter's closing ``check_if_not_already_checked`` does."""
    by_name = {q.name: q for q in questions}
    last: dict[str, int] = {}
    for n, name in sub.checks:
        if name in by_name:
            last[name] = n
    checked = sorted(((n, i, by_name[q]) for i, (q, n) in enumerate(last.items())), key=lambda x: (x[0], x[1]))
    rest = [(len(sub.cells), q) for q in questions if q.name not in last]
    return [(n, q) for n, _, q in checked] + rest


def seeded(sub, otter: dict) -> list[str]:
    """otter's intercell seeding: before each notebook cell, numpy's and random's seeds (or
    ``seed_variable = seed``)."""
    seed = otter.get("seed")
    if type(seed) is not int:
        return list(sub.cells)
    variable = otter.get("seed_variable")
    if isinstance(variable, str) and variable.isidentifier():
        prefix = f"{variable} = {seed}\n"
    else:
        prefix = f"__import__('numpy').random.seed({seed}); __import__('random').seed({seed})\n"
    cells, previous = [], None
    for source, position in zip(sub.cells, sub.positions):
        first = position != previous  # a cell split at a check line is seeded once, at its start
        previous = position
        cells.append(prefix + source if first and not source.lstrip().startswith("%%") else source)
    return cells


def _all_or_nothing(question, results: list[TestResult]) -> None:
    if any(tc.all_or_nothing for tc in question.tests) and not all(r.passed for r in results):
        for r in results:
            r.score = 0.0


def _listed(package: str, requirements) -> bool:
    norm = lambda n: re.split(r"[<>=!~\[; ]", str(n).strip(), maxsplit=1)[0].lower().replace("-", "_")  # noqa: E731
    return norm(package).split(".")[0] in {norm(r) for r in requirements}


class _grader_files:
    """Tests of an otter assignment run with its files present: in the folder that holds them
    (otter runs tests in the notebook's folder, where files/ was copied)."""

    def __init__(self, assignment: Assignment | None):
        self.root = assignment.private_dir / "files" if assignment is not None else None
        self.saved = None

    def __enter__(self):
        import os

        if self.root is not None and self.root.is_dir():
            self.saved = os.getcwd()
            os.chdir(self.root)
        return self

    def __exit__(self, *exc):
        import os

        if self.saved is not None:
            os.chdir(self.saved)
        return False
