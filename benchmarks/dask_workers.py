"""Throughput of grading on a Dask cluster with 1, 2 and 4 local workers.

    .venv/bin/python benchmarks/dask_workers.py [--n 200] [--workers 1,2,4]

Each run starts a LocalCluster (one process and one thread per worker), grades N copies of
examples/04_optimizers/correct.ipynb through `grade_batch` with the Dask executor into a fresh
folder, and prints submissions per second. On this project's 2-core machines more than two
workers only adds contention; on a real cluster each worker is its own machine.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from distributed import LocalCluster  # noqa: E402

from autograder.course.assignments import Assignment  # noqa: E402
from autograder.pipelines.batch import grade_batch  # noqa: E402
from autograder.pipelines.dask_executor import dask_results  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", default="1,2,4")
    args = ap.parse_args()
    a = Assignment.load("04_optimizers", ROOT)
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        subs = work / "subs"
        subs.mkdir()
        source = (ROOT / "examples" / "04_optimizers" / "correct.ipynb").read_bytes()
        for i in range(args.n):
            (subs / f"s{i:04d}.ipynb").write_bytes(source)
        files = sorted(subs.iterdir())
        print(f"{'workers':>7} {'subs':>5} {'wall s':>7} {'subs/s':>7}")
        for n_workers in map(int, args.workers.split(",")):
            with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster:
                run = lambda paths: dask_results(cluster.scheduler_address, a, paths)  # noqa: E731
                grade_batch(a, files[: 2 * n_workers], work / f"warm{n_workers}", executor=run)  # start zygotes
                t0 = time.perf_counter()
                outcome = grade_batch(a, files, work / f"out{n_workers}", executor=run)
                wall = time.perf_counter() - t0
            assert len(outcome.results) == args.n
            print(f"{n_workers:>7} {args.n:>5} {wall:>7.1f} {args.n / wall:>7.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
