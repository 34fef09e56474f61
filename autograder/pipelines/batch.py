"""Grading a batch: worker processes (each with its own warm zygote) grade submissions in parallel;
the main process stores each result in the gradebook as it arrives, then writes every output
from the gradebook. Killed and started again, a batch grades only what is missing.
"""

from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from autograder.outputs import results as results_io
from autograder.course.assignments import Assignment
from autograder.outputs.gradebook import Gradebook, default_path
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
    zygote.warm_up()  # a pool or Dask worker grades many submissions
    assignment = Assignment.load(assignment_id, Path(root))
    assignment.limits = {**assignment.limits, **limits}
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
            zygote.warm_up()
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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def grade_batch(assignment: Assignment, files: list[Path], out_dir: Path, jobs: int = 1, lang: str = "ko",
                on_result: Callable[[SubmissionResult], None] | None = None,
                executor: Callable[..., Iterable[dict]] | None = None, plots: bool | None = None) -> BatchOutcome:
    """Grade ``files`` into ``out_dir`` (results, gradebook, grades.csv, summary, reports)."""
    t0 = time.monotonic()
    clashes = results_io.colliding_outputs([f.stem for f in files])
    if clashes:  # two results in one folder: one would be lost
        raise ValueError(f"submissions would share an output folder: {clashes}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    book = Gradebook(default_path(out_dir))
    try:
        keys = [(f.stem, sha256_of(f)) for f in files]
        done = book.done(assignment.id, assignment.version)
        todo = [str(f) for f, key in zip(files, keys) if key not in done]
        run_id = book.start_run(assignment.id, assignment.version, len(todo))
        run = executor or (lambda paths: local_results(assignment.public_dir.parent.parent, assignment, paths, jobs))
        for data in run(todo):
            result = SubmissionResult.from_dict(data)
            book.record(run_id, result)
            if on_result:
                on_result(result)
        book.finish_run(run_id)
        results = book.results(assignment.id, assignment.version, names=keys)
    finally:
        book.close()
    write_outputs(assignment, results, out_dir, lang, plots)
    return BatchOutcome(results, len(todo), len(files) - len(todo), time.monotonic() - t0, out_dir)


def write_outputs(assignment: Assignment, results: list[SubmissionResult], out_dir: Path, lang: str = "ko",
                  plots: bool | None = None) -> None:
    """Every file a batch leaves behind, written from stored results (so a rerun restores them).
    ``plots`` as in :func:`autograder.outputs.reports.write_reports`."""
    for r in results:
        results_io.write_submission(r, out_dir, lang)
    results_io.write_grades_csv(results, [q.name for q in assignment.questions], out_dir / "grades.csv")
    results_io.write_summary(results, out_dir / "summary.json")
    results_io.write_junit(results, out_dir / "junit.xml", lang="en" if lang == "en" else "ko")
    try:
        from autograder.outputs import reports
    except ImportError:  # reports are optional (matplotlib, jinja2)
        return
    reports.write_reports(results, assignment, out_dir, lang, plots)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
