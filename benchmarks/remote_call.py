"""What one round trip across the sandbox costs: a remote call, a call with a grader callback,
and a bare socket round trip between two processes, each with both processes on one CPU and
left to the scheduler.

    .venv/bin/python benchmarks/remote_call.py            # 3000 calls per figure
    .venv/bin/python benchmarks/remote_call.py --n 10000

A submission's tests are hundreds of these round trips (04_optimizers: ~240 calls and 3
callbacks; otter's assignment: ~40 calls), so this figure and the number of round trips explain
most of a submission's time. A test function that depends only on its arguments runs in the
student process (grader/portable.py) and costs no round trip: the third row. Run on an idle machine: it prints the load.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time

import numpy as np

from autograder.grader.remote import RemoteNamespace, Student
from autograder.wire import Limits
from autograder.grader.student_process import Zygote

CELL = """
import numpy as np
def step(w, g, state, lr=0.01):
    m, v, t = state
    return w - lr * g, (m, v, t + 1)
def optimize(grad_fn, x, n):
    for _ in range(n):
        x = x - 0.1 * grad_fn(x)
    return x
"""


def per_call_us(fn, n: int) -> float:
    """The median over 5 rounds of the mean time of one call to ``fn``, in microseconds."""
    for _ in range(min(n, 200)):
        fn()
    rounds = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n // 5):
            fn()
        rounds.append((time.perf_counter() - t0) / (n // 5) * 1e6)
    return statistics.median(rounds)


def socket_round_trip_us(n: int) -> float:
    """Two processes echoing a 200-byte message over a socketpair: the floor under any call."""
    a, b = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        a.close()
        while data := b.recv(65536):
            b.sendall(data)
        os._exit(0)
    b.close()
    msg = b"x" * 200
    try:
        return per_call_us(lambda: (a.sendall(msg), a.recv(65536)), n)
    finally:
        a.close()
        os.waitpid(pid, 0)


def measure(n: int) -> dict[str, float]:
    zygote = Zygote()
    student = Student(zygote, [CELL], Limits(memory_mb=2048, cpu_seconds=600))
    env = RemoteNamespace(student)
    step, optimize = env["step"], env["optimize"]
    w, state = np.zeros(3), (np.zeros(3), np.zeros(3), 0)
    grad = lambda x: np.array([2 * x[0] - x[1], 8 * x[1] - x[0]])  # noqa: E731 - portable: runs in the student process
    seen = []

    def recording_grad(x):  # records its calls, so it runs in the grader: one round trip each
        seen.append(1)
        return grad(x)

    x0 = np.array([1.0, 2.0])
    try:
        call = per_call_us(lambda: step(w, w, state, lr=0.1), n)
        callback = per_call_us(lambda: optimize(recording_grad, x0, 50), max(n // 50, 5)) / 50
        local = per_call_us(lambda: optimize(grad, x0, 50), max(n // 50, 5)) / 50
        return {"remote call (3 arrays, a tuple, a keyword)": call,
                "grader callback (one array each way)": callback,
                "portable test function, per call (in the student process)": local,
                "bare socket round trip": socket_round_trip_us(n)}
    finally:
        student.close()
        zygote.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=3000, help="calls per figure (default 3000)")
    args = p.parse_args(argv)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"load average {load and ', '.join(f'{x:.2f}' for x in load)}; python {sys.version.split()[0]}")
    rows = {}
    if hasattr(os, "sched_setaffinity"):
        everything = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(everything)})  # the zygote and its children inherit this
        rows["one CPU (what batch workers do)"] = measure(args.n)
        os.sched_setaffinity(0, everything)
    rows["any CPU (left to the scheduler)"] = measure(args.n)
    labels = list(next(iter(rows.values())))
    print(f"{'µs per round trip':58}" + "".join(f"{k:>34}" for k in rows))
    for label in labels:
        print(f"{label:58}" + "".join(f"{r[label]:34.0f}" for r in rows.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
