"""Similarity and mining at class scale: seconds and peak memory for 200 and 1,000 submissions.

    .venv/bin/python benchmarks/similarity.py                  # similarity on 200 and 1000
    .venv/bin/python benchmarks/similarity.py --n 200 1000 --jobs 2
    .venv/bin/python benchmarks/similarity.py --n 200 --grade  # also grade them (mining's cost)

The class is tests/synthetic_class.py's (04_optimizers): independent students rewritten at
random, planted copies (locals renamed, functions reordered, comments changed) and planted
uncatalogued mistakes. Similarity is measured in a fresh process per size (its peak RSS, with
the fingerprinting workers' own peaks); the planted copies must be the top-ranked pairs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def planted(n: int) -> tuple[list[tuple[int, int]], dict[int, str]]:
    copies = [(i, (i * 7 + n // 2) % n) for i in range(3, n, max(40, n // 10))][:8]
    used = {x for pair in copies for x in pair}
    copies = [(a, b) for a, b in copies if a != b]
    mistakes = {i: "adagrad_abs" for i in range(5, n, max(10, n // 15)) if i not in used}
    return copies, mistakes


def measure(n: int, jobs: int | None) -> dict:
    from synthetic_class import make_class

    from autograder.course.assignments import Assignment
    from autograder.grader.grading import SubmissionResult
    from autograder.outputs import similarity

    folder = Path(tempfile.mkdtemp(prefix=f"sim{n}-"))
    copies, _ = planted(n)
    files = make_class(folder, n, copies=copies, seed=n)
    a = Assignment.load("04_optimizers", ROOT)
    results = [SubmissionResult(submission=f.stem, path=str(f), sha256=str(i), size=f.stat().st_size,
                                assignment=a.id, version=a.version) for i, f in enumerate(files)]
    t0, c0 = time.monotonic(), time.process_time()
    report = similarity.analyse(a, results, jobs=jobs)
    wall = time.monotonic() - t0
    cpu = time.process_time() - c0 + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    expected = {frozenset((f"student{x:03d}", f"student{y:03d}")) for x, y in copies}
    top = {frozenset((p["a"], p["b"])) for p in report["pairs"][:len(expected)]}
    return {"n": n, "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "workers_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "planted_copies": len(expected), "copies_on_top": top == expected,
            "flagged": report["flagged"], "candidates": report["candidates"],
            "mean_code_chars": round(sum(len(c) for c in report["code"].values()) / max(1, len(report["code"])))}


def grade_and_mine(n: int, jobs: int) -> dict:
    from synthetic_class import make_class

    folder = Path(tempfile.mkdtemp(prefix=f"class{n}-"))
    copies, mistakes = planted(n)
    make_class(folder / "class", n, copies=copies, mistakes=mistakes, seed=n)
    cli = [sys.executable, "-m", "autograder.cli"]
    t0 = time.monotonic()
    subprocess.run(cli + ["grade", "-a", "04_optimizers", "-o", str(folder / "out"), "-j", str(jobs), "--lang", "en",
                          str(folder / "class")], cwd=ROOT, check=True, capture_output=True)
    graded = time.monotonic() - t0
    t1 = time.monotonic()
    subprocess.run(cli + ["similarity", str(folder / "out"), "--lang", "en", "-j", str(jobs)], cwd=ROOT, check=True,
                   capture_output=True)
    sim = time.monotonic() - t1
    summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    top = summary["misconception_clusters"][0] if summary["misconception_clusters"] else {}
    return {"n": n, "grade_seconds": round(graded, 1), "similarity_cli_seconds": round(sim, 1),
            "planted_mistake": len(mistakes), "top_cluster": [top.get("function"), top.get("size")],
            "top_pairs": [(p["a"], p["b"]) for p in summary["similarity"]["flagged_pairs"][:len(copies)]],
            "planted_copies": sorted((f"student{a:03d}", f"student{b:03d}") for a, b in copies), "out": str(folder / "out")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--grade", action="store_true", help="grade the class with the CLI first, then run similarity")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.jobs)))
        return
    for n in args.n:
        if args.grade:
            print(json.dumps(grade_and_mine(n, args.jobs or 2)), flush=True)
            continue
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--jobs", str(args.jobs)] if args.jobs else [])
        print(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
