"""Grading a batch: worker processes (each with its own warm zygote) grade submissions in parallel;
the main process stores each result in the gradebook as it arrives, then writes every output
from the gradebook. Killed and started again, a batch grades only what is missing.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from autograder.outputs import results as results_io
from autograder.course.assignments import Assignment
from autograder.course import layouts
from autograder.outputs.gradebook import Gradebook, check_one_assignment, default_path
from autograder.grader.grading import SubmissionResult, grade
from autograder.grader.student_process import Zygote

# ---------------------------------------------------------------------------------------------
# One grading worker (a process of its own, or the main process when jobs == 1)

_worker: dict = {}


def set_parent_death_signal() -> None:
    """Die with the parent (Linux), so a killed batch leaves no stray workers behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def cpus_to_pin(keras: bool, jobs: int) -> list[int]:
    """One CPU for each worker (and its zygote and student processes), or none (Linux only).

    A remote call is a strict ping-pong: the grader waits while the student runs and the other
    way round, so the pair never needs two CPUs at once. On one CPU each hand-over is a plain
    context switch; across CPUs it wakes an idle core, which costs 2-3 times more
    (benchmarks/README.md). Keras trains with several threads: its workers are pinned only when
    that leaves no CPU idle."""
    if not hasattr(os, "sched_setaffinity"):
        return []
    available = sorted(os.sched_getaffinity(0))
    if keras and jobs < len(available):
        return []
    return [available[i % len(available)] for i in range(jobs)]


def _pin_from(cpus) -> None:
    """In a pool worker: take the next CPU from the pool's queue and stay on it."""
    try:
        os.sched_setaffinity(0, {cpus.get(timeout=10)})
    except Exception:  # noqa: BLE001 - no CPU left for this worker: stay unpinned
        pass


def _new_zygote() -> Zygote:
    if "zygote" in _worker:  # switching assignments in a long-lived worker
        _worker["zygote"].close()
    zygote = Zygote()
    atexit.register(zygote.close)
    return zygote


def init_worker(root: str, assignment_id: str, limits: dict, cpus=None) -> None:
    set_parent_death_signal()
    if cpus is not None:
        _pin_from(cpus)
    zygote = _new_zygote()  # first: it starts while the assignment loads
    assignment = Assignment.load(assignment_id, Path(root))
    assignment.limits = {**assignment.limits, **limits}
    zygote.warm_up(assignment.preloads)  # a pool or Dask worker grades many submissions
    _worker.update(assignment=assignment, zygote=zygote, key=(root, assignment_id))


def ensure_worker(root: str, assignment_id: str, limits: dict) -> None:
    """Set this process up for the assignment unless it already is (Dask workers live long)."""
    if _worker.get("key") != (root, assignment_id):
        init_worker(root, assignment_id, limits)


def grade_in_worker(path: str) -> dict:
    """Grade one file in this worker; never raises (a grader bug becomes an error result)."""
    assignment: Assignment = _worker["assignment"]
    try:
        return grade(assignment, Path(path), _worker["zygote"]).to_dict()
    except Exception as e:  # noqa: BLE001 - one submission's failure must not stop the batch
        p = Path(path)
        data = p.read_bytes() if p.is_file() else b""
        detail = "".join(traceback.format_exception_only(type(e), e)).strip()[:500]
        return SubmissionResult(
            submission=p.stem, path=str(p), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
            assignment=assignment.id, version=assignment.version, max_score=assignment.max_points,
            status="error", error_ko=f"채점기 내부 오류: {detail}", error_en=f"Internal grader error: {detail}",
        ).to_dict()


# ---------------------------------------------------------------------------------------------
# Executors: where the grading runs


def local_results(root: Path, assignment: Assignment, paths: list[str], jobs: int) -> Iterator[dict]:
    if not paths:  # everything came from the gradebook: no worker, no zygote
        return
    jobs = min(jobs, len(paths))  # one submission needs no pool of workers
    plan = cpus_to_pin(assignment.keras, max(jobs, 1))
    if jobs <= 1:
        before = os.sched_getaffinity(0) if plan else None
        if plan:
            os.sched_setaffinity(0, {plan[0]})
        # This process is the worker: the assignment it has loaded already serves (its tests are
        # loaded once), and the zygote warms up meanwhile.
        zygote = _new_zygote()
        if len(paths) > 1:
            zygote.warm_up(assignment.preloads)
        _worker.update(zygote=zygote, assignment=assignment, key=(str(root), assignment.id))
        try:
            yield from map(grade_in_worker, paths)
        finally:
            _worker.pop("zygote").close()
            _worker.pop("key", None)
            if before:
                os.sched_setaffinity(0, before)
        return
    ctx = multiprocessing.get_context("spawn")
    cpus = None
    if plan:
        cpus = ctx.Queue()
        for cpu in plan:
            cpus.put(cpu)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=init_worker,
                             initargs=(str(root), assignment.id, assignment.limits, cpus)) as pool:
        pending = {pool.submit(grade_in_worker, p) for p in paths}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                yield fut.result()


@dataclass
class BatchOutcome:
    results: list[SubmissionResult]
    graded_now: int
    reused: int
    seconds: float
    out_dir: Path
    changes: list[dict] = field(default_factory=list)  # scores a regrade moved: student, question, old, new, why
    warnings: list[str] = field(default_factory=list)  # for the terminal
    unmatched: list[str] = field(default_factory=list)  # submissions no roster entry matches
    missing: list[dict] = field(default_factory=list)  # roster entries with no submission


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _other_assignment_event(declared: str, assignment: str) -> dict:
    return {"kind": "other_assignment", "count": 1,
            "ko": f"이 노트북의 메타데이터에는 다른 과제({declared})가 적혀 있습니다. {assignment} 과제의 노트북을 제출했는지 확인하세요.",
            "en": f"This notebook's metadata names another assignment ({declared}); check that the {assignment} notebook was submitted."}


def _score_changes(old: SubmissionResult, new: SubmissionResult) -> list[dict]:
    """Per question, what moved between two results of one student, and why."""
    if old.version != new.version and old.sha256 != new.sha256:
        reason = f"new submission file and assignment version {old.version} -> {new.version}"
    elif old.version != new.version:
        reason = f"assignment version {old.version} -> {new.version} (tests or reference changed)"
    else:
        reason = "new submission file"
    before, after = results_io.question_scores(old), results_io.question_scores(new)
    passed_before = {(t.question, t.name): t.passed for t in old.tests}
    changes = []
    for q in sorted(set(before) | set(after)):
        if abs(before.get(q, 0.0) - after.get(q, 0.0)) > 1e-9:
            tests = [f"{t.name}: {'passed' if t.passed else 'failed'}" for t in new.tests
                     if t.question == q and passed_before.get((q, t.name)) != t.passed]
            changes.append({"student": new.submission, "question": q, "old": before.get(q, 0.0),
                            "new": after.get(q, 0.0), "reason": reason, "tests": tests})
    return changes


def grade_batch(assignment: Assignment, files: list, out_dir: Path, jobs: int = 1, lang: str = "ko",
                on_result: Callable[[SubmissionResult], None] | None = None,
                executor: Callable[..., Iterable[dict]] | None = None, plots: bool | None = None,
                roster: list | None = None, policy=None) -> BatchOutcome:
    """Grade ``files`` (paths, or :class:`autograder.course.layouts.Found` with identities) into
    ``out_dir`` (results, gradebook, grades.csv, summary, reports). Results are keyed by the
    student's key (a path's stem when only a path is given). ``roster`` (roster.Student list)
    and ``policy`` (deadlines.Policy) are stored in the gradebook when given."""
    t0 = time.monotonic()
    found = [f if isinstance(f, layouts.Found) else layouts.as_found(Path(f)) for f in files]
    clashes = results_io.colliding_outputs([f.key for f in found])
    if clashes:  # two results in one folder: one would be lost
        raise ValueError(f"submissions would share an output folder: {clashes}")
    out_dir = Path(out_dir)
    check_one_assignment(out_dir, assignment.id)
    out_dir.mkdir(parents=True, exist_ok=True)
    book = Gradebook(default_path(out_dir))
    outcome = BatchOutcome([], 0, 0, 0.0, out_dir)
    try:
        keys = [(f.key, sha256_of(f.path)) for f in found]
        declared = {f.key: layouts.declared_assignment(f.path) for f in found}
        for f, (key, sha) in zip(found, keys):
            book.set_identity(assignment.id, key, sha, f.meta(), declared[key])
            if declared[key] and declared[key] != assignment.id:
                outcome.warnings.append(f"{key}: the notebook's metadata names {declared[key]}, not {assignment.id} / "
                                        f"노트북 메타데이터의 과제가 {declared[key]}입니다")
        if roster is not None:
            book.set_roster(assignment.id, [s.to_dict() for s in roster])
        if policy is not None:  # None: keep the stored policy (a rerun without --due)
            stored = book.setting(assignment.id, "deadline")
            if stored and stored.get("due") and stored != policy.to_dict():
                from autograder.course.deadlines import Policy

                old = Policy.from_dict(stored)
                outcome.warnings.append(
                    f"the deadline stored in the gradebook ({old.describe('en')}) is replaced by "
                    f"({policy.describe('en') or 'no deadline'}) / 저장된 마감 설정({old.describe('ko')})을 "
                    f"새 설정({policy.describe('ko') or '마감 없음'})으로 바꿉니다")
            book.set_setting(assignment.id, "deadline", policy.to_dict())
        done = book.done(assignment.id, assignment.version)
        todo = [f for f, key in zip(found, keys) if key not in done]
        previous = {f.key: book.result_for(assignment.id, f.key) for f in todo}
        key_of = {str(f.path): f.key for f in todo}
        run_id = book.start_run(assignment.id, assignment.version, len(todo))
        run = executor or (lambda paths: local_results(assignment.public_dir.parent.parent, assignment, paths, jobs))
        for data in run([str(f.path) for f in todo]):
            result = SubmissionResult.from_dict(data)
            result.submission = key_of.get(result.path, result.submission)
            d = declared.get(result.submission)
            if d and d != assignment.id:
                result.integrity.append(_other_assignment_event(d, assignment.id))
            book.record(run_id, result)
            old = previous.get(result.submission)
            if old is not None:
                outcome.changes += _score_changes(old, result)
            if on_result:
                on_result(result)
        book.record_changes(run_id, assignment.id, outcome.changes)
        book.finish_run(run_id)
        outcome.results = book.results(assignment.id, assignment.version, names=keys)
        if book.roster(assignment.id):
            from autograder.course import roster as roster_mod

            students = [roster_mod.Student(**s) for s in book.roster(assignment.id)]
            ids = {k: {**v["meta"].get("identity", {}), "key": k} for k, v in book.identities(assignment.id).items()}
            _, outcome.unmatched, missing = roster_mod.join(ids, students)
            outcome.missing = [s.to_dict() for s in missing]
    finally:
        book.close()
    write_outputs(assignment, outcome.results, out_dir, lang, plots)
    outcome.graded_now, outcome.reused = len(todo), len(found) - len(todo)
    outcome.seconds = time.monotonic() - t0
    return outcome


def course_views(assignment: Assignment, out_dir: Path, lang: str = "ko") -> dict[str, dict]:
    """Each graded student's grade as the feedback page and class report show it (name, raw,
    adjusted, late penalty, final), from the gradebook in ``out_dir``; {} without one."""
    path = default_path(out_dir)
    if not path.exists():
        return {}
    from autograder.outputs import exports

    book = Gradebook(path)
    try:
        rows, _, _ = exports.class_rows(book, assignment.id, [(q.name, q.points) for q in assignment.questions],
                                        assignment.max_points)
    finally:
        book.close()
    return {r.key: r.view(lang) for r in rows if r.key}


def write_outputs(assignment: Assignment, results: list[SubmissionResult], out_dir: Path, lang: str = "ko",
                  plots: bool | None = None) -> None:
    """Every file a batch leaves behind, written from stored results (so a rerun restores them).
    ``plots`` as in :func:`autograder.outputs.reports.write_reports`."""
    course = course_views(assignment, out_dir, lang)
    stamp = _outputs_stamp(assignment, results, out_dir, lang, plots, course)
    if stamp is None:  # everything is already written from exactly these inputs
        return
    from autograder.outputs.mining import mine
    from autograder.outputs.similarity import load_report

    mining = mine(assignment, results)  # from the fingerprints the results keep: no student code runs
    for r in results:
        results_io.write_submission(r, out_dir, lang, course=course.get(r.submission))
    results_io.write_grades_csv(results, [q.name for q in assignment.questions], out_dir / "grades.csv", course=course)
    results_io.write_summary(results, out_dir / "summary.json", assignment=assignment.id,
                             max_score=assignment.max_points, course=course, mining=mining,
                             similarity=load_report(out_dir, assignment))
    results_io.write_junit(results, out_dir / "junit.xml", lang="en" if lang == "en" else "ko")
    try:
        from autograder.outputs import reports
    except ImportError:  # reports are optional (matplotlib, jinja2)
        return
    reports.write_reports(results, assignment, out_dir, lang, plots, course=course, mining=mining)
    (out_dir / STAMP).write_text(stamp, encoding="utf-8")


STAMP = ".outputs-stamp"
_OUTPUTS = ("grades.csv", "summary.json", "junit.xml", "report.html")


def _outputs_stamp(assignment: Assignment, results, out_dir: Path, lang: str, plots, course: dict) -> str | None:
    """A hash of everything the outputs are made from, or None when ``out_dir`` already holds the
    outputs of exactly these inputs (re-grading a file the gradebook has: nothing to rewrite)."""
    similarity = Path(out_dir) / "similarity.json"
    h = hashlib.sha256(json.dumps([assignment.id, assignment.version, lang, plots, course,
                                   [r.to_dict() for r in results],
                                   similarity.stat().st_mtime_ns if similarity.exists() else 0],
                                  sort_keys=True, default=str).encode())
    stamp = h.hexdigest()
    try:
        unchanged = (Path(out_dir) / STAMP).read_text(encoding="utf-8") == stamp
    except OSError:
        unchanged = False
    folders = all((Path(out_dir) / results_io.safe_dirname(r.submission) / "results.json").exists() for r in results)
    if unchanged and folders and all((Path(out_dir) / name).exists() for name in _OUTPUTS):
        return None
    return stamp


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
