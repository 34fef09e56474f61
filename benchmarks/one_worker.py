"""Where one batch worker's time goes: a submission graded again and again in one process, pinned
to one CPU as batch workers are, split into the grader's CPU, round trips, and the tests' own
logic with the reference called in process (no sandbox at all).

    .venv/bin/python benchmarks/one_worker.py                  # 04_optimizers, 30 grades
    .venv/bin/python benchmarks/one_worker.py 03_backprop --n 50

Prints per submission: wall ms, the grader process's CPU ms, round trips (requests, callbacks,
cell runs), the student process's CPU and peak RSS (from /proc before each kill), the grader's
peak RSS, and the same tests run in process on the reference. Their difference is what the trust boundary costs. Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import wire  # noqa: E402
from autograder.course.assignments import Assignment  # noqa: E402
from autograder.grader import checks  # noqa: E402
from autograder.grader.grading import grade  # noqa: E402
from autograder.grader import student_process  # noqa: E402
from autograder.grader.student_process import Zygote  # noqa: E402


def count_frames(a: Assignment, path: Path, zygote: Zygote) -> collections.Counter:
    """Frames the grader receives while grading ``path`` once, by kind."""
    seen: collections.Counter = collections.Counter()
    original = wire.Channel.recv

    def recv(self, *args, **kwargs):
        msg, blobs = original(self, *args, **kwargs)
        seen[msg.get("op")] += 1
        return msg, blobs

    wire.Channel.recv = recv
    try:
        grade(a, path, zygote)
    finally:
        wire.Channel.recv = original
    return seen


def student_processes(a: Assignment, path: Path, zygote: Zygote, n: int) -> list[tuple[float, int]]:
    """(CPU seconds, peak RSS KiB) of each student process of ``n`` grades, read from /proc just
    before the grader kills it (the keeper's one child; Linux only)."""
    seen: list[tuple[float, int]] = []
    original = student_process.Child.kill
    tick = os.sysconf("SC_CLK_TCK")

    def kill(self):
        if self.alive:
            try:
                with open(f"/proc/{self.pid}/task/{self.pid}/children") as f:
                    pids = f.read().split()
                for pid in pids:
                    with open(f"/proc/{pid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    with open(f"/proc/{pid}/status") as f:
                        hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
                    seen.append(((int(fields[11]) + int(fields[12])) / tick, hwm))
            except (OSError, StopIteration, ValueError, IndexError):
                pass
        return original(self)

    student_process.Child.kill = kill
    try:
        for _ in range(n):
            grade(a, path, zygote)
    finally:
        student_process.Child.kill = original
    return seen


def in_process_ms(a: Assignment, rounds: int = 5) -> float:
    """The tests' own logic, the reference standing in for the student, no sandbox: median ms."""
    ref = a.reference
    env = {k: getattr(ref, k) for k in dir(ref) if not k.startswith("_")}
    cases = [tc for q in a.questions for tc in q.tests]
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for tc in cases:
            token = checks.use_context(checks.TestContext(seed=b"bench", hidden=tc.hidden))
            try:
                tc.run(env)
            except Exception:  # noqa: BLE001 - a test that needs more than the reference's names
                pass
            finally:
                checks.reset_context(token)
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("assignment", nargs="?", default="04_optimizers")
    p.add_argument("--n", type=int, default=30, help="grades to time (default 30)")
    args = p.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the zygote and children inherit it
    a = Assignment.load(args.assignment, ROOT)
    path = ROOT / "examples" / a.id / "correct.ipynb"
    zygote = Zygote()
    zygote.warm_up(a.preloads)
    try:
        for _ in range(3):
            result = grade(a, path, zygote)
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.n):
            result = grade(a, path, zygote)
        wall = (time.perf_counter() - t0) / args.n * 1000
        cpu = (time.process_time() - c0) / args.n * 1000
        frames = count_frames(a, path, zygote)
        students = student_processes(a, path, zygote, min(args.n, 30)) if sys.platform == "linux" else []
    finally:
        zygote.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{a.id}, {len(result.tests)} test cases, score {result.score:g}/{result.max_score:g}; load {load:.2f}")
    print(f"per submission on one CPU:   {wall:6.1f} ms wall, {cpu:5.1f} ms CPU in the grader's process")
    print(f"round trips per submission:  {sum(frames.values()) - frames.get('ready', 0)} "
          f"({frames.get('result', 0)} requests, {frames.get('callback', 0)} callbacks)")
    if students:
        cpu_ms = sum(c for c, _ in students) / len(students) * 1000
        print(f"the student process:         {cpu_ms:6.1f} ms CPU (clock ticks of {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms, "
              f"mean of {len(students)}), peak RSS {max(h for _, h in students) / 1024:.0f} MiB")
    print(f"the grader's process:        peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"the same tests in process:   {in_process_ms(a):6.1f} ms (the reference as the student, no sandbox)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
