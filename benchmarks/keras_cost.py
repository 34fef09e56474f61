"""What a Keras submission costs: grading time and memory of the Keras assignments' correct
examples, with the worker's trusted Keras evaluator warm (started once, before the first
submission, as a batch worker has it from its first Keras submission on).

    .venv/bin/python benchmarks/keras_cost.py [--repeat 3] [ASSIGNMENT_ID ...]

Prints the evaluator's start-up time (TensorFlow imported once per worker), then per assignment
the median wall time to grade the correct example, the part spent executing the notebook (the
student process inherits TensorFlow from the zygote, which imports it once), the time spent in the Keras tests,
and the peak resident memory of the student processes (read from /proc while grading).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.course.assignments import Assignment, list_ids  # noqa: E402
from autograder.grader import keras_eval  # noqa: E402
from autograder.grader.grading import grade  # noqa: E402
from autograder.grader.student_process import Zygote  # noqa: E402


def tree_rss_mib(pid: int) -> float:
    """Resident memory of the zygote's children (the student processes), in MiB."""
    total = 0
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("ids", nargs="*")
    args = ap.parse_args()
    ids = args.ids or [i for i in list_ids(ROOT) if Assignment.load(i, ROOT).keras]
    t0 = time.monotonic()
    keras_eval.evaluator()
    print(f"trusted Keras evaluator started in {time.monotonic() - t0:.1f} s (once per worker)")
    print(f"{'assignment':<16} {'median s':>9} {'notebook s':>11} {'keras tests s':>14} {'peak RSS MiB':>13}")
    for assignment_id in ids:
        a = Assignment.load(assignment_id, ROOT)
        example = ROOT / "examples" / assignment_id / "correct.ipynb"
        zygote = Zygote()
        times, notebook_times, keras_times, peak = [], [], [], [0.0]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                try:
                    peak[0] = max(peak[0], tree_rss_mib(zygote.proc.pid))
                except OSError:
                    pass
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            for _ in range(args.repeat):
                r = grade(a, example, zygote)
                assert r.score == r.max_score, (assignment_id, r.score, r.max_score)
                times.append(r.seconds)
                notebook_times.append(r.notebook_seconds)
                keras_q = {q.name for q in a.questions if "keras" in q.requires}
                keras_times.append(sum(t.seconds for t in r.tests if t.question in keras_q))
        finally:
            stop.set()
            sampler.join()
            zygote.close()
        print(f"{assignment_id:<16} {statistics.median(times):>9.1f} {statistics.median(notebook_times):>11.1f} "
              f"{statistics.median(keras_times):>14.1f} {peak[0]:>13.0f}", flush=True)
    keras_eval.shutdown()


if __name__ == "__main__":
    main()
