"""Grading beyond one machine: the same grading function on every Dask worker.

Each task carries a submission's bytes (workers need no shared file system), and each worker
process keeps one warm zygote; results stream back as they finish and go to the gradebook in
the main process. The workers need this package and the course folder (the same
``assignments/`` and ``solutions/``) at the same path, or ``AUTOGRADER_COURSE`` set.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from autograder.pipelines import batch
from autograder.course.assignments import Assignment

_lock = threading.Lock()  # one zygote per worker process; tasks on its threads take turns


def grade_bytes_on_worker(root: str, assignment_id: str, limits: dict, name: str, data: bytes, original: str) -> dict:
    with _lock:
        batch.ensure_worker(root, assignment_id, limits)
        with tempfile.TemporaryDirectory(prefix="dask-submission-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            result = batch.grade_in_worker(str(path))
    result["path"] = original
    return result


def dask_results(scheduler: str, assignment: Assignment, paths: list[str]) -> Iterator[dict]:
    from distributed import Client, as_completed

    root = str(assignment.public_dir.parent.parent)
    with Client(scheduler, timeout=os.environ.get("AUTOGRADER_DASK_TIMEOUT", "10s")) as client:
        futures = [client.submit(grade_bytes_on_worker, root, assignment.id, assignment.limits, Path(p).name,
                                 Path(p).read_bytes(), str(p), pure=False) for p in paths]
        for fut in as_completed(futures):
            yield fut.result()
