"""One submission at a time, as CI, Gradescope and a student's ``check`` grade: process start to
results.json, feedback and grades.csv written. Ours and ``otter run`` side by side, in one run.

    .venv/bin/python benchmarks/latency.py            # 7 runs of each row
    .venv/bin/python benchmarks/latency.py --runs 5

Rows (each the median of ``--runs`` fresh processes, load average printed before and after):

1. ``autograder grade`` on the native 04_optimizers example (51 test cases), a new output folder;
2. ``autograder grade`` on the same file into a folder that already holds its result (re-grade);
3. ``autograder check`` (the public tests) on the same file;
4. ``autograder grade --otter`` on the otter assignment built from tests/fixtures/otter_04 with
   ``otter assign``, and its student notebook with the reference filled in;
5. ``otter run`` on that same notebook and zip.

Targets (issue 13): rows 1 and 3 under 1.0 s, row 2 under 0.5 s, row 4 at most a fifth of row 5.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import BIN, EXAMPLE, build_otter, otter_copies, timed  # noqa: E402

AUTOGRADER = BIN / "autograder"


def median_of(runs: int, make_cmd) -> tuple[float, list[float]]:
    """Median wall seconds of ``runs`` processes; ``make_cmd(i)`` gives the i-th command."""
    walls = [timed(make_cmd(i))[0] for i in range(runs)]
    return statistics.median(walls), walls


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="latency-"))
    try:
        load0 = os.getloadavg()
        ag_zip, student = build_otter(work / "otter")
        (otter_nb,) = otter_copies(student, 1, work / "otter-subs")
        timed([AUTOGRADER, "grade", "-a", "04_optimizers", "-o", work / "regrade", EXAMPLE])  # also warms caches
        rows = [
            ("grade, native 04_optimizers (51 cases)", lambda i: [AUTOGRADER, "grade", "-a", "04_optimizers",
                                                                   "-o", work / f"native{i}", EXAMPLE]),
            ("grade again, result in the gradebook", lambda i: [AUTOGRADER, "grade", "-a", "04_optimizers",
                                                                 "-o", work / "regrade", EXAMPLE]),
            ("check (public tests)", lambda i: [AUTOGRADER, "check", EXAMPLE]),
            ("grade --otter, otter's assignment", lambda i: [AUTOGRADER, "grade", "--otter", ag_zip,
                                                              "-o", work / f"otter{i}", otter_nb]),
            ("otter run, same zip and notebook", lambda i: [BIN / "otter", "run", "-a", ag_zip,
                                                             "-o", _fresh(work / f"otterrun{i}"), "--no-logo", otter_nb]),
        ]
        medians = {}
        print(f"load average before: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}   ({os.cpu_count()} CPUs)")
        print(f"{'row':45s} {'median':>8s}   runs (s)")
        for label, cmd in rows:
            m, walls = median_of(args.runs, cmd)
            medians[label] = m
            print(f"{label:45s} {m:7.3f}s   " + " ".join(f"{w:.2f}" for w in walls))
        ours, theirs = medians[rows[3][0]], medians[rows[4][0]]
        print(f"grade --otter / otter run: {ours / theirs:.2f} (target ≤ 0.20)")
        load1 = os.getloadavg()
        print(f"load average after: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _fresh(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
