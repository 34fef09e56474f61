"""Similarity between the code students wrote: pairs to look at, never verdicts.

Each graded submission is read again from its file (the result's ``path``); its answer cells are
the code cells grading ran, minus every cell that is the assignment notebook's own starter code.
The fingerprints are copydetect's (tokens filtered by Pygments, names of variables, functions and
classes normalised, comments and whitespace dropped, k-grams hashed and winnowed), from which are
removed: the starter notebook's fingerprints (boilerplate) and any fingerprint that many
submissions share (code the notebook or the lecture all but dictates). Candidate pairs come from
an inverted index of the remaining fingerprints (a sparse product, not all n² comparisons);
copydetect compares each candidate and gives the share of each side's code found in the other
(both directions) and the regions to highlight.

A pair is flagged when one side has at least :data:`THRESHOLD` of its code in the other and the
shared code is at least :data:`MIN_OVERLAP` filtered characters (so that two independent correct
one-line functions are not flagged). Flagged pairs that connect three or more submissions form
a cluster.

    analyse(assignment, results) -> dict       # also what similarity.json holds
    render_html(report, lang) -> str           # similarity.html, self-contained
"""

from __future__ import annotations

import io
import logging
import time
from pathlib import Path

import numpy as np

from autograder.course.submission import SubmissionError, notebook_cells, read_submission

NOISE = 25  # k: filtered characters per k-gram (copydetect's default noise threshold)
GUARANTEE = 30  # any shared run this long is found (window = GUARANTEE - NOISE + 1)
THRESHOLD = 0.7  # share of one side's code found in the other
MIN_OVERLAP = 150  # filtered characters shared, at least
COMMON_SHARE = 0.2  # a fingerprint in more than this share of the class is common code...
COMMON_MIN = 6  # ...and in at least this many submissions
MAX_PAIRS = 200  # pairs kept in the report (flagged first)
MAX_SHOWN = 30  # pairs shown side by side in similarity.html
MAX_CODE = 60_000  # characters of answer code per submission
PARALLEL_FROM = 100  # submissions: from here on, fingerprints are made in worker processes


def _normal(cell: str) -> str:
    return "\n".join(line.rstrip() for line in cell.strip().splitlines())


def starter_cells(assignment) -> list[str]:
    """The code cells of the assignment's student notebook (what every student was given)."""
    try:
        text = Path(assignment.notebook).read_text(encoding="utf-8")
        return [source for _, source in notebook_cells(text)]
    except (OSError, SubmissionError):
        return []


def answer_code(path: str, starter: set[str]) -> str | None:
    """The code a student wrote: the cells grading ran, minus the starter notebook's cells."""
    try:
        cells = read_submission(Path(path)).cells
    except (SubmissionError, OSError):
        return None
    text = "\n\n".join(c.strip("\n") for c in cells if _normal(c) not in starter and c.strip())
    return text[:MAX_CODE]


def _fingerprint(name: str, code: str):
    from copydetect import CodeFingerprint

    return CodeFingerprint(f"{name}.py", NOISE, GUARANTEE - NOISE + 1, fp=io.StringIO(code), language="python")


def _fingerprint_many(items: list[tuple[str, str]]) -> list:
    logging.getLogger().setLevel(logging.ERROR)
    return [_fingerprint(name, code) for name, code in items]


def fingerprints(items: list[tuple[str, str]], jobs: int | None = None) -> list:
    """copydetect fingerprints of (name, code) items, in worker processes for a large class.

    copydetect hashes k-grams with Python's ``hash``, which differs between interpreters: every
    fingerprint of one comparison is made under one PYTHONHASHSEED (the workers'), or all here."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(items) < PARALLEL_FROM or jobs <= 1:
        return _fingerprint_many(items)
    size = max(1, len(items) // (jobs * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    saved = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "1"
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            return [fp for chunk in pool.map(_fingerprint_many, chunks) for fp in chunk]
    finally:
        if saved is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = saved


def _drop(fp, hashes: set) -> None:
    """Remove fingerprints from a copydetect CodeFingerprint (and recount what it covers)."""
    from copydetect.utils import get_token_coverage

    if not hashes & fp.hashes:
        return
    fp.hashes = fp.hashes - hashes
    fp.hash_idx = {h: i for h, i in fp.hash_idx.items() if h not in hashes}
    fp.token_coverage = get_token_coverage(fp.hash_idx, fp.k, len(fp.filtered_code))


def analyse(assignment, results, threshold: float = THRESHOLD, min_overlap: int = MIN_OVERLAP,
            jobs: int | None = None) -> dict:
    """Compare the answer code of every graded result; the ranked pairs, clusters and the code
    of the submissions in the pairs kept."""
    import scipy.sparse as sp
    from copydetect import compare_files

    t0 = time.monotonic()
    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # pygments' chatter
    starter_list = starter_cells(assignment)
    starter = {_normal(c) for c in starter_list}
    names, shas, codes, missing = [], {}, {}, []
    for r in sorted(results, key=lambda r: r.submission):
        if r.status == "error":
            continue
        code = answer_code(r.path, starter)
        if code is None:
            missing.append(r.submission)
            continue
        names.append(r.submission)
        shas[r.submission] = r.sha256
        codes[r.submission] = code
    made = fingerprints([("starter", "\n\n".join(starter_list))] + [(name, codes[name]) for name in names], jobs)
    boilerplate, fps = (made[0].hashes if starter_list else set()), made[1:]
    n = len(names)
    for fp in fps:
        _drop(fp, boilerplate)
    # fingerprints shared by much of the class: what the notebook or the lecture dictates
    column: dict[int, int] = {}
    rows, cols = [], []
    for i, fp in enumerate(fps):
        for h in fp.hashes:
            rows.append(i)
            cols.append(column.setdefault(h, len(column)))
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, len(column)))
    df = np.asarray(m.sum(axis=0)).ravel()
    limit = max(COMMON_MIN, COMMON_SHARE * n)
    common_cols = np.flatnonzero(df > limit)
    if len(common_cols):
        by_col = {c: h for h, c in column.items()}
        common = {by_col[c] for c in common_cols}
        for fp in fps:
            _drop(fp, common)
        keep = np.ones(m.shape[1], dtype=bool)
        keep[common_cols] = False
        m = m[:, keep]
    sizes = np.asarray(m.sum(axis=1)).ravel()
    shared = (m @ m.T).tocoo()
    candidates = []
    for i, j, c in zip(shared.row, shared.col, shared.data):
        if i < j and c >= 3 and c >= 0.35 * max(1, min(sizes[i], sizes[j])):
            candidates.append((int(i), int(j)))
    pairs = []
    for i, j in candidates:
        overlap, (sim_i, sim_j), (slices_i, slices_j) = compare_files(fps[i], fps[j])
        if overlap <= 0:
            continue
        sim_i, sim_j = float(min(sim_i, 1.0)), float(min(sim_j, 1.0))
        flagged = max(sim_i, sim_j) >= threshold and overlap >= min_overlap
        pairs.append({"a": names[i], "b": names[j], "a_in_b": round(sim_i, 4), "b_in_a": round(sim_j, 4),
                      "overlap": int(overlap), "flagged": bool(flagged),
                      "slices_a": np.asarray(slices_i, dtype=int).tolist(), "slices_b": np.asarray(slices_j, dtype=int).tolist()})
    pairs.sort(key=lambda p: (not p["flagged"], -max(p["a_in_b"], p["b_in_a"]), -min(p["a_in_b"], p["b_in_a"]),
                              -p["overlap"], p["a"], p["b"]))
    pairs = pairs[:MAX_PAIRS]
    for rank, p in enumerate(pairs, 1):
        p["rank"] = rank
    flagged = [p for p in pairs if p["flagged"]]
    clusters = _components(flagged)
    in_pairs = {p[k] for p in pairs[:MAX_SHOWN] for k in ("a", "b")}
    return {
        "assignment": assignment.id, "version": assignment.version,
        "submissions": n, "missing": missing, "compared": [[name, shas[name]] for name in names],
        "candidates": len(candidates), "flagged": len(flagged),
        "params": {"noise": NOISE, "guarantee": GUARANTEE, "threshold": threshold, "min_overlap": min_overlap,
                   "common_share": COMMON_SHARE, "common_min": COMMON_MIN, "common_fingerprints": int(len(common_cols)),
                   "boilerplate_fingerprints": len(boilerplate)},
        "pairs": pairs, "clusters": clusters,
        "code": {name: codes[name] for name in sorted(in_pairs)},
        "seconds": round(time.monotonic() - t0, 3),
    }


def _components(flagged: list[dict]) -> list[dict]:
    """Groups of three or more submissions connected by flagged pairs, largest first."""
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in flagged:
        parent[find(p["a"])] = find(p["b"])
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    out = []
    for members in groups.values():
        if len(members) >= 3:
            inside = [p for p in flagged if p["a"] in members]
            out.append({"members": sorted(members), "size": len(members), "pairs": len(inside),
                        "max": max(max(p["a_in_b"], p["b_in_a"]) for p in inside)})
    return sorted(out, key=lambda c: (-c["size"], -c["max"], c["members"]))


def flags_by_submission(report: dict | None, results) -> dict[str, list[dict]]:
    """Each submission's flagged partners ({"other", "share"}) in a similarity report that is
    still about these results (same name and sha256)."""
    if not report:
        return {}
    current = {(r.submission, r.sha256) for r in results}
    compared = {tuple(x) for x in report.get("compared", [])}
    valid = {name for name, sha in compared & current}
    out: dict[str, list[dict]] = {}
    for p in report.get("pairs", []):
        if p.get("flagged") and p["a"] in valid and p["b"] in valid:
            share = max(p["a_in_b"], p["b_in_a"])
            out.setdefault(p["a"], []).append({"other": p["b"], "share": share, "rank": p["rank"]})
            out.setdefault(p["b"], []).append({"other": p["a"], "share": share, "rank": p["rank"]})
    return out


def highlighted(code: str, slices: list) -> str:
    """The code as HTML with the shared regions in <mark> (escaped)."""
    from markupsafe import Markup, escape

    arr = np.asarray(slices, dtype=int).reshape(2, -1) if slices and len(slices) == 2 else np.zeros((2, 0), dtype=int)
    out, at = [], 0
    for start, end in sorted(zip(arr[0].tolist(), arr[1].tolist())):
        start, end = max(start, at), min(end, len(code))
        if end <= start:
            continue
        out.append(str(escape(code[at:start])))
        out.append(f"<mark>{escape(code[start:end])}</mark>")
        at = end
    out.append(str(escape(code[at:])))
    return Markup("".join(out))


def render_html(report: dict, lang: str = "ko", title: str = "") -> str:
    from autograder.outputs import reports

    ui = reports.UI[lang]
    shown = []
    code = report.get("code", {})
    for p in report.get("pairs", [])[:MAX_SHOWN]:
        if p["a"] in code and p["b"] in code:
            shown.append({**p, "html_a": highlighted(code[p["a"]], p["slices_a"]),
                          "html_b": highlighted(code[p["b"]], p["slices_b"])})
    graph = reports.similarity_graph_png(report, lang) if report.get("flagged") else ""
    return reports._env().get_template("similarity.html").render(
        lang=lang, ui=ui, report=report, shown=shown, graph=graph, title=title or report.get("assignment", ""),
        assignment_id=report.get("assignment", ""))


def load_report(out_dir: Path, assignment) -> dict | None:
    """``out_dir/similarity.json`` when it is about ``assignment``, else None."""
    import json

    path = Path(out_dir) / "similarity.json"
    if not path.is_file():
        return None
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    return report if isinstance(report, dict) and report.get("assignment") == assignment.id else None
