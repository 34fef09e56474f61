"""What one student process costs to start: zygote fork, every hardening layer, the ready message,
one trivial call, and the kill (with the per-child cgroup where there is one).

    .venv/bin/python benchmarks/spawn.py              # 200 spawns, median and quartiles in ms
    .venv/bin/python benchmarks/spawn.py --n 500
    AUTOGRADER_SANDBOX_CAP="pidns=0" .venv/bin/python benchmarks/spawn.py   # without the PID namespace

Each numpy submission starts at least one student process, so this figure is the sandbox's
fixed cost per submission. Run on an idle machine: it prints the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from autograder.grader.student_process import Child, Zygote
from autograder.wire import Limits


def spawn_ms(zygote: Zygote, n: int) -> list[float]:
    """Start, call once and kill ``n`` children one after another; each one's milliseconds."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        child = Child(zygote, Limits())
        child.request({"op": "names"}, [], 10)
        child.kill()
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    zygote = Zygote()
    try:
        spawn_ms(zygote, 10)  # warm up
        times = spawn_ms(zygote, args.n)
        probe = Child(zygote, Limits())
        layers = probe.isolation
        probe.kill()
    finally:
        zygote.close()
    q = statistics.quantiles(times, n=4)
    print(f"load {os.getloadavg()[0]:.2f}; {args.n} spawns: median {statistics.median(times):.2f} ms "
          f"(quartiles {q[0]:.2f}-{q[2]:.2f})")
    print("layers:", ", ".join(layers))


if __name__ == "__main__":
    main()
