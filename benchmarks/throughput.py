"""Throughput of this engine against ``otter run``, on the same machine, for 04_optimizers.

    .venv/bin/python benchmarks/throughput.py                 # 1000 submissions, 20 for otter
    .venv/bin/python benchmarks/throughput.py --n 100 --otter-n 5 --jobs 2

Four figures, each a separate phase (see benchmarks/README.md for what each number means):

1. engine, 04_optimizers: ``autograder grade -a 04_optimizers --jobs J`` on N copies of
   examples/04_optimizers/correct.ipynb (each with its own comment line, so every sha256 differs
   and nothing is reused from the gradebook);
2. engine, otter zip: ``autograder grade --otter <zip> --jobs J`` on the M otter submissions of
   phase 3 (the same tests otter runs, graded by this engine);
3. otter run, one at a time: ``otter run -a <zip>`` on M copies of the equivalent otter
   assignment's student notebook with the reference filled in (built here from
   tests/fixtures/otter_04/make_master.py with ``otter assign``);
4. otter run, two at a time: the same M runs, two ``otter run`` processes at once.

Nothing here is a pytest test; it needs otter-grader, nbclient and psutil (the dev extra).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples" / "04_optimizers" / "correct.ipynb"
MAKE_MASTER = ROOT / "tests" / "fixtures" / "otter_04" / "make_master.py"
GNU_TIME = Path("/usr/bin/time")


# ---------------------------------------------------------------------------------------------
# Measuring


class TreeMemory:
    """Samples the memory of every descendant of this process while a phase runs.

    ``peak_rss``: the largest sum of RSS over all live descendants at one sample (counts pages
    shared between a zygote and its forks once per process, so it overstates);
    ``peak_pss``: the largest sum of PSS (shared pages divided among their sharers: the tree's
    real footprint). Sampled every ``interval`` s, so a process that lives less than that (a
    student process forked for one submission) may fall between samples.
    """

    def __init__(self, interval: float = 0.1):
        import psutil

        self.psutil, self.interval = psutil, interval
        self.me = psutil.Process()
        self.peak_rss = self.peak_pss = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        ps = self.psutil
        while not self._stop.is_set():
            rss = pss = 0
            for p in self.me.children(recursive=True):
                try:
                    info = p.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                except (ps.NoSuchProcess, ps.AccessDenied, ps.ZombieProcess):
                    continue
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def timed(cmd: list, cwd: Path | None = None, max_rss: list | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``cmd``; wall seconds and the process. With GNU time, appends the tree's largest
    single-process max RSS (KiB, from wait4's rusage: the process and its reaped descendants)."""
    cmd = [str(c) for c in cmd]
    rss_file = None
    if max_rss is not None and GNU_TIME.exists():
        fd, rss_file = tempfile.mkstemp(suffix=".rss")
        os.close(fd)
        cmd = [str(GNU_TIME), "-f", "%M", "-o", rss_file, *cmd]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if rss_file:
        try:
            max_rss.append(int(Path(rss_file).read_text().split()[-1]))
        except (ValueError, IndexError, OSError):
            pass
        os.unlink(rss_file)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return wall, proc


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


@dataclass
class Figure:
    label: str
    n: int
    jobs: int
    wall: float
    per_sub: list[float]  # seconds per submission, as the tool measures it
    per_sub_source: str
    peak_rss: int = 0  # bytes, sum over the tree at one sample
    peak_pss: int = 0
    max_single_rss_kib: int = 0
    batch_seconds: float | None = None  # the engine's own "graded N ... in X s"
    startup_share: float | None = None
    notebook_share: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.n / self.wall


# ---------------------------------------------------------------------------------------------
# Submissions


def write_copies(nb: dict, index: int, n: int, dest: Path, prefix: str) -> list[Path]:
    """N copies of notebook ``nb``, each with its own comment in cell ``index`` so that every
    sha256 differs and nothing is reused from the gradebook."""
    original = "".join(nb["cells"][index]["source"])
    dest.mkdir(parents=True)
    paths = []
    for i in range(n):
        nb["cells"][index]["source"] = f"{original}\n# student {i:05d}\n"
        p = dest / f"{prefix}{i:05d}.ipynb"
        p.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        paths.append(p)
    return paths


def engine_copies(n: int, dest: Path) -> list[Path]:
    """N copies of the example notebook."""
    nb = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                 and "import numpy as np" in "".join(c["source"]) and "[autograder:skip]" not in "".join(c["source"]))
    return write_copies(nb, index, n, dest, "s")


def build_otter(dest: Path) -> tuple[Path, Path]:
    """The equivalent otter assignment: (autograder zip, student notebook)."""
    dest.mkdir(parents=True)
    master = dest / "otter04.ipynb"
    timed([sys.executable, MAKE_MASTER, master, "--format", "ok"])
    timed([BIN / "otter", "assign", "--no-pdfs", master.name, "dist"], cwd=dest)
    (ag_zip,) = (dest / "dist" / "autograder").glob("*.zip")
    return ag_zip, dest / "dist" / "student" / master.name


def otter_copies(student_nb: Path, m: int, dest: Path) -> list[Path]:
    """M copies of otter's student notebook with the reference solution in its answer cells."""
    source = (ROOT / "solutions" / "04_optimizers" / "solution.py").read_text(encoding="utf-8")
    answers = {f.name: ast.get_source_segment(source, f) for f in ast.parse(source).body if isinstance(f, ast.FunctionDef)}
    nb = json.loads(student_nb.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "otter_answer_cell" in cell["metadata"].get("tags", []):
            cell["source"] = answers[re.search(r"def (\w+)\(", "".join(cell["source"])).group(1)]
    first = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and "import numpy" in "".join(c["source"]))
    return write_copies(nb, first, m, dest, "o")


# ---------------------------------------------------------------------------------------------
# Phases


def run_engine(label: str, args: list, subs: list[Path], out: Path, jobs: int) -> Figure:
    rss: list[int] = []
    with TreeMemory() as mem:
        wall, proc = timed([BIN / "autograder", "grade", *args, "-o", out, "--jobs", jobs, "--lang", "en", *subs],
                           max_rss=rss)
    results = [json.loads((out / p.stem / "results.json").read_text(encoding="utf-8")) for p in subs]
    bad = [r for r in results if r["score"] != r["extra_data"].get("max_score")]
    times = [float(r["execution_time"]) for r in results]
    total = sum(times) or float("nan")
    startup = sum(float(r["extra_data"].get("startup_seconds", 0.0)) for r in results)
    notebook = sum(float(r["extra_data"].get("notebook_seconds", 0.0)) for r in results)
    m = re.search(r"graded (\d+), reused (\d+) from the gradebook, in ([\d.]+) s", proc.stdout)
    fig = Figure(label, len(subs), jobs, wall, times, "results.json execution_time",
                 peak_rss=mem.peak_rss, peak_pss=mem.peak_pss, max_single_rss_kib=max(rss, default=0),
                 batch_seconds=float(m.group(3)) if m else None,
                 startup_share=startup / total, notebook_share=notebook / total)
    # Each worker's first submission also waits for its zygote to import numpy: leave the `jobs`
    # largest start-ups out for the steady-state share.
    starts = [float(r["extra_data"].get("startup_seconds", 0.0)) for r in results]
    warm = sorted(range(len(results)), key=lambda i: starts[i])[:max(0, len(results) - jobs)]
    warm_total = sum(times[i] for i in warm) or float("nan")
    fig.extra["steady_startup_share"] = sum(starts[i] for i in warm) / warm_total
    fig.extra["steady_notebook_share"] = sum(float(results[i]["extra_data"].get("notebook_seconds", 0.0))
                                             for i in warm) / warm_total
    fig.extra["median_startup"] = statistics.median(starts)
    fig.extra["median_notebook"] = statistics.median(float(r["extra_data"].get("notebook_seconds", 0.0)) for r in results)
    per_test: dict[str, list[float]] = {}
    for r in results:
        for t in r["tests"]:
            per_test.setdefault(t["name"], []).append(float(t.get("extra_data", {}).get("seconds", 0.0)))
    fig.extra["slowest_tests"] = sorted(((statistics.mean(v), k) for k, v in per_test.items()), reverse=True)[:5]
    # A submission's student process starts lazily inside its first test: take that out of the tests.
    fig.extra["tests_share"] = (sum(x for v in per_test.values() for x in v) - startup - notebook) / total
    fig.extra["test_cases"] = sorted({len(r["tests"]) for r in results})
    fig.extra["not_full_marks"] = len(bad)
    fig.extra["has_startup_seconds"] = all("startup_seconds" in r["extra_data"] for r in results)
    if m and int(m.group(2)):
        fig.extra["reused"] = int(m.group(2))
    return fig


def run_otter(label: str, ag_zip: Path, subs: list[Path], out: Path, parallel: int) -> Figure:
    out.mkdir(parents=True)
    rss: list[int] = []
    scores: list[float] = []

    def one(p: Path) -> float:
        d = out / p.stem
        d.mkdir()
        wall, _ = timed([BIN / "otter", "run", "-a", ag_zip, "-o", d, "--no-logo", p], max_rss=rss)
        res = json.loads((d / "results.json").read_text(encoding="utf-8"))
        scores.append(sum(t.get("score", 0) for t in res["tests"]))
        return wall

    with TreeMemory() as mem:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            per_sub = list(pool.map(one, subs))
        wall = time.perf_counter() - t0
    fig = Figure(label, len(subs), parallel, wall, per_sub, "wall time of each `otter run` process",
                 peak_rss=mem.peak_rss, peak_pss=mem.peak_pss, max_single_rss_kib=max(rss, default=0))
    fig.extra["scores"] = sorted(set(scores))
    return fig


# ---------------------------------------------------------------------------------------------
# Report


def mib(b: float) -> str:
    return f"{b / 2**20:,.0f}"


def describe(f: Figure) -> str:
    lines = [
        f"== {f.label}: {f.n} submissions, {f.jobs} at a time",
        f"   throughput          {f.rate:8.2f} submissions/s  (wall {f.wall:.1f} s)",
        (f"   per submission      median {statistics.median(f.per_sub):.3f} s, p95 {percentile(f.per_sub, 0.95):.3f} s"
         f"  ({f.per_sub_source})"),
    ]
    if "test_cases" in f.extra:
        lines.append(f"   test cases          {'/'.join(map(str, f.extra['test_cases']))} per submission")
    if f.batch_seconds is not None:
        lines.append(f"   engine's own timing {f.batch_seconds:.1f} s for the batch (CLI start-up and report writing excluded: "
                     f"{f.n / f.batch_seconds:.2f} submissions/s)")
    lines.append(f"   peak memory         sum over the process tree: RSS {mib(f.peak_rss)} MiB, PSS {mib(f.peak_pss)} MiB"
                 f" (sampled every 0.1 s)")
    if f.max_single_rss_kib:
        lines.append(f"                       largest single process: max RSS {f.max_single_rss_kib / 1024:,.0f} MiB (GNU time %M)")
    if f.startup_share is not None:
        note = "" if f.extra.get("has_startup_seconds") else " (this engine version does not report startup_seconds)"
        lines.append(f"   time share          starting student processes {100 * f.startup_share:.1f} %, running the notebook "
                     f"{100 * f.notebook_share:.1f} %, together {100 * (f.startup_share + f.notebook_share):.1f} % of "
                     f"execution_time{note}")
        lines.append(f"                       without each worker's first submission (zygote warm-up): start-up "
                     f"{100 * f.extra['steady_startup_share']:.1f} %, notebook {100 * f.extra['steady_notebook_share']:.1f} %, "
                     f"together {100 * (f.extra['steady_startup_share'] + f.extra['steady_notebook_share']):.1f} %")
        lines.append(f"                       medians per submission: start-up {f.extra['median_startup']:.3f} s, notebook "
                     f"{f.extra['median_notebook']:.3f} s; the tests themselves {100 * f.extra['tests_share']:.1f} %, the rest "
                     f"(reading the submission, closing the student process) "
                     f"{100 * (1 - f.extra['tests_share'] - f.startup_share - f.notebook_share):.1f} %")
        slow = ", ".join(f"{name} {sec:.3f} s" for sec, name in f.extra["slowest_tests"])
        lines.append(f"   slowest tests       (mean; a submission's first test includes starting its student process) {slow}")
    if f.extra.get("not_full_marks"):
        lines.append(f"   WARNING             {f.extra['not_full_marks']} submissions did not get full marks")
    if "scores" in f.extra:
        lines.append(f"   otter's totals      {f.extra['scores']}")
    return "\n".join(lines)


def table(figs: list[Figure], otter_serial: Figure | None, otter_par: Figure | None) -> str:
    head = f"{'':34} {'subs':>5} {'jobs':>4} {'wall s':>8} {'subs/s':>8} {'med s':>7} {'p95 s':>7} {'PSS MiB':>8}"
    if otter_serial:
        head += f" {'× otter 1':>9}"
    if otter_par:
        head += f" {'× otter 2':>9}"
    rows = [head, "-" * len(head)]
    for f in figs:
        row = (f"{f.label:34} {f.n:5d} {f.jobs:4d} {f.wall:8.1f} {f.rate:8.2f} {statistics.median(f.per_sub):7.3f} "
               f"{percentile(f.per_sub, 0.95):7.3f} {mib(f.peak_pss):>8}")
        if otter_serial:
            row += f" {f.rate / otter_serial.rate:9.1f}"
        if otter_par:
            row += f" {f.rate / otter_par.rate:9.1f}"
        rows.append(row)
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    default_jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    p = argparse.ArgumentParser(description="Throughput of this engine against otter run (04_optimizers).")
    p.add_argument("--n", type=int, default=1000, help="submissions graded by the engine (default 1000)")
    p.add_argument("--jobs", type=int, default=default_jobs, help=f"engine worker processes (default: cores = {default_jobs})")
    p.add_argument("--otter-n", type=int, default=20, help="submissions graded by otter run (default 20; 0 skips otter)")
    p.add_argument("--keep", type=Path, default=None, help="keep the work folder here instead of a temp dir")
    p.add_argument("--json", type=Path, default=None, help="also write the figures as JSON to this file")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ag-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        load = os.getloadavg() if hasattr(os, "getloadavg") else None
        print(f"machine: {default_jobs} cores available, load average {load and ', '.join(f'{x:.2f}' for x in load)}; "
              f"python {sys.version.split()[0]}; work folder {work}", flush=True)
        figs: list[Figure] = []
        subs = engine_copies(args.n, work / "engine-subs")
        print(f"grading {args.n} copies of {EXAMPLE.relative_to(ROOT)} with the engine ...", flush=True)
        figs.append(run_engine("engine, 04_optimizers", ["-a", "04_optimizers"], subs, work / "engine-out", args.jobs))
        print(describe(figs[-1]), flush=True)

        serial = par = None
        if args.otter_n > 0:
            print("building the equivalent otter assignment (make_master.py + otter assign) ...", flush=True)
            ag_zip, student_nb = build_otter(work / "otter")
            # The engine grades N copies of otter's notebook; otter run grades the first otter-n.
            osubs = otter_copies(student_nb, max(args.n, args.otter_n), work / "otter-subs")
            figs.append(run_engine("engine, otter zip (--otter)", ["--otter", ag_zip], osubs[:args.n],
                                   work / "engine-otter-out", args.jobs))
            osubs = osubs[:args.otter_n]
            print(describe(figs[-1]), flush=True)
            print(f"otter run on {args.otter_n} submissions, one at a time ...", flush=True)
            serial = run_otter("otter run, one at a time", ag_zip, osubs, work / "otter-out-1", 1)
            print(describe(serial), flush=True)
            print(f"otter run on {args.otter_n} submissions, two at a time ...", flush=True)
            par = run_otter("otter run, two at a time", ag_zip, osubs, work / "otter-out-2", 2)
            print(describe(par), flush=True)
            figs += [serial, par]

        print()
        print(table(figs, serial, par))
        if serial:
            print("(× otter k: this row's submissions/s divided by otter run's, k at a time)")
        if args.json:
            args.json.write_text(json.dumps([{**f.__dict__, "rate": f.rate} for f in figs], indent=1, default=str))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
