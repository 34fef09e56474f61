"""Mining a class's shared mistakes: wrong behaviour that many submissions share and that no
misconception variant names.

Each graded result keeps, for every function a failed test used, a signature of what that
function returned on the assignment's canonical calls (:mod:`autograder.grader.fingerprint`).
Here signatures are clustered per function: identical ones (outputs equal to 4 significant
digits) first, then clusters whose sampled outputs agree within ``rtol=1e-3`` are merged. A
cluster is *explained* when a variant of ``variants.py`` has the same signature on the same
calls, or when most of its submissions already got a diagnosis from a test of that function.

    mine(assignment, results) -> dict   # {"clusters": [...unexplained...], "explained": [...]}
    variant_stub(assignment, cluster) -> str   # Python for the instructor to name and explain
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path

import numpy as np

from autograder.course.submission import SubmissionError, read_submission
from autograder.grader import fingerprint

MIN_CLUSTER = 2  # submissions sharing a behaviour before it is shown
MAX_CELL = 4000  # characters of a representative answer cell
MAX_MEMBERS = 200  # names listed per cluster


def _near(a: dict, b: dict) -> bool:
    if a["structure"] != b["structure"] or a["differs"] != b["differs"] or len(a["vector"]) != len(b["vector"]):
        return False
    try:
        x, y = np.asarray(a["vector"], dtype=float), np.asarray(b["vector"], dtype=float)
    except (TypeError, ValueError):
        return a["vector"] == b["vector"]
    return bool(np.allclose(x, y, rtol=1e-3, atol=1e-6, equal_nan=True))


def _clusters(entries: list[tuple[str, dict]]) -> list[list[tuple[str, dict]]]:
    """Group (submission, signature) by identical hash, then merge near-identical groups."""
    groups: dict[str, list] = {}
    for name, sig in entries:
        groups.setdefault(sig["hash"], []).append((name, sig))
    keys = list(groups)
    parent = list(range(len(keys)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if find(i) != find(j) and _near(groups[keys[i]][0][1], groups[keys[j]][0][1]):
                parent[find(j)] = find(i)
    merged: dict[int, list] = {}
    for i, k in enumerate(keys):
        merged.setdefault(find(i), []).extend(groups[k])
    return sorted(merged.values(), key=lambda g: (-len(g), sorted(n for n, _ in g)[0]))


def _variant_signatures(assignment, calls_by_fn) -> dict[str, list[tuple[str, dict]]]:
    out: dict[str, list[tuple[str, dict]]] = {}
    for m in assignment.misconceptions:
        calls = calls_by_fn.get(m.replaces)
        if calls and m.detect is None and not isinstance(m.impl, type):
            out.setdefault(m.replaces, []).append((m.id, fingerprint.local_signature(m.impl, calls)))
    return out


def mine(assignment, results) -> dict:
    """The clusters of shared wrong behaviour in ``results``: unexplained ones first (largest
    first), each with its submissions, a representative answer cell and the canonical calls on
    which it differs from the reference."""
    if not any(getattr(r, "behaviour", None) for r in results):
        return {"clusters": [], "explained": [], "fingerprinted": 0}
    try:
        calls_by_fn = fingerprint.canonical_calls(assignment)
    except Exception:  # noqa: BLE001 - no reference: nothing to mine
        calls_by_fn = {}
    if not calls_by_fn:
        return {"clusters": [], "explained": [], "fingerprinted": 0}
    variants = _variant_signatures(assignment, calls_by_fn)
    by_fn: dict[str, list[tuple[str, dict]]] = {}
    diagnosed: dict[tuple[str, str], str] = {}  # (submission, function) -> diagnosis id
    paths = {}
    fingerprinted = 0
    for r in results:
        if r.status == "error" or not r.behaviour:
            continue
        fingerprinted += 1
        paths[r.submission] = r.path
        for t in r.tests:
            if t.diagnosis:
                for f in t.functions:
                    diagnosed.setdefault((r.submission, f), t.diagnosis)
        for f, sig in r.behaviour.items():
            calls = calls_by_fn.get(f)
            if calls and sig.get("set") == fingerprint.set_id(calls):  # the same questions asked
                by_fn.setdefault(f, []).append((r.submission, sig))
    unexplained, explained = [], []
    for f, entries in sorted(by_fn.items()):
        calls = calls_by_fn[f]
        for group in _clusters(entries):
            if len(group) < MIN_CLUSTER:
                continue
            names = sorted(n for n, _ in group)
            sig = group[0][1]
            by_variant = next((vid for vid, vsig in variants.get(f, [])
                               if vsig["hash"] == sig["hash"] or _near(vsig, sig)), None)
            ids = [diagnosed[(n, f)] for n in names if (n, f) in diagnosed]
            majority = max(set(ids), key=ids.count) if len(ids) * 2 > len(names) else None
            cluster = {"function": f, "question": calls[0].question, "size": len(names),
                       "submissions": names[:MAX_MEMBERS], "hash": sig["hash"],
                       "errors": sig.get("errors", []),
                       "differs": [{"call": fingerprint.describe(calls[i]), "test": calls[i].test}
                                   for i in sig["differs"] if i < len(calls)],
                       "n_calls": len(calls)}
            if by_variant or majority:
                cluster["explained_by"] = by_variant or majority
                explained.append(cluster)
            else:
                unexplained.append(cluster)
    explained_sets = {tuple(c["submissions"]): c for c in explained}
    for c in list(unexplained):  # the same students as an explained cluster: the same mistake, seen downstream
        via = explained_sets.get(tuple(c["submissions"]))
        if via is not None:
            c["explained_by"] = f"{via['explained_by']} ({via['function']})"
            unexplained.remove(c)
            explained.append(c)
    # largest first; among the same students, the function that differs on most of its inputs
    # first (a mistake in sgd_step also shows, on fewer inputs, in optimize that calls it)
    unexplained.sort(key=lambda c: (-c["size"], -len(c["differs"]) / max(1, c["n_calls"]), c["function"]))
    for i, c in enumerate(unexplained, 1):
        c["id"] = f"{c['function']}-{i}"
        c["same_students_as"] = None
        c["representative"], c["cell"] = _representative(c["submissions"], c["function"], paths)
    same = {}
    for c in unexplained:  # a mistake in one function shows again in functions that use it
        key = tuple(c["submissions"])
        if key in same:
            c["same_students_as"] = same[key]
        else:
            same[key] = c["id"]
    return {"clusters": unexplained, "explained": explained, "fingerprinted": fingerprinted}


# ---------------------------------------------------------------------------------------------
# The code behind a cluster


def _defining_cell(path: str, function: str) -> str | None:
    try:
        cells = read_submission(Path(path)).cells
    except (SubmissionError, OSError):
        return None
    found = None
    for cell in cells:  # the last definition is the one that ran
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        if any(isinstance(n, ast.FunctionDef) and n.name == function for n in tree.body):
            found = cell
    return found


def _representative(names: list[str], function: str, paths: dict) -> tuple[str, str]:
    for name in names:
        cell = _defining_cell(paths.get(name, ""), function)
        if cell is not None:
            return name, cell if len(cell) <= MAX_CELL else cell[:MAX_CELL] + "\n# …"
    return (names[0] if names else ""), ""


def _stub_id(text: str) -> str:
    return re.sub(r"[^0-9a-zA-Z_]", "_", text)


def variant_stub(assignment, cluster: dict, results=None) -> str:
    """A ``@misconception`` stub for ``solutions/<id>/variants.py`` built from the cluster's
    representative answer: the student's function (and the helpers of its cell), renamed, with
    TODOs for its id and the ko/en explanation. The instructor reviews it before adding it:
    variants run in the grader."""
    f = cluster["function"]
    cell = cluster.get("cell") or ""
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        tree = ast.parse("")
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    target = next((n for n in reversed(defs) if n.name == f), None)
    vid = _stub_id(f"{f}_todo_{cluster.get('id', '').rsplit('-', 1)[-1] or '1'}")
    lines = [
        f"# --- suggested from cluster {cluster.get('id', '')}: {cluster['size']} submissions "
        f"({', '.join(cluster['submissions'][:5])}{', …' if cluster['size'] > 5 else ''})",
        "# 검토 후 variants.py에 붙여 넣으세요: 변형 코드는 채점기 안에서 실행됩니다.",
        "# Review before pasting into variants.py: variants run inside the grader.",
        "# Differs from the reference on / 참조 구현과 다른 입력:",
        *[f"#   {d['call']}" for d in cluster.get("differs", [])[:8]],
    ]
    if target is None:
        lines += [f"# (no definition of {f} found in {cluster.get('representative', '?')}'s code)",
                  f"@misconception({vid!r}, replaces={f!r}, ko='TODO: 실수 설명', en='TODO: explain the mistake')",
                  f"def {vid}(*args, **kwargs):", "    raise NotImplementedError('TODO')"]
        return "\n".join(lines) + "\n"
    known = {n.name for n in defs}
    used = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    helpers = [n for n in defs if n is not target and n.name in used and n.name in known
               and not hasattr(assignment.reference, n.name)]
    target.decorator_list = []
    target.name = vid
    head = "\n".join(lines) + "\n"
    if helpers:
        head += "# helpers the student's function calls:\n" + "\n\n\n".join(ast.unparse(h) for h in helpers) + "\n\n\n"
    decorator = (f"@misconception(\n    {vid!r}, replaces={f!r},\n    ko=\"TODO: 무엇이 틀렸고 어떻게 고치는지 설명하세요.\",\n"
                 f"    en=\"TODO: say what is wrong and how to fix it.\",\n)\n")
    return head + decorator + ast.unparse(target) + "\n"


def cluster_share(cluster: dict, graded: int) -> float:
    return cluster["size"] / graded if graded else math.nan
