"""An otter-grader 7 assignment equivalent to 04_optimizers, graded by otter and by this engine.

The master notebook comes from ``tests/fixtures/otter_04/make_master.py``; ``otter assign`` builds
it twice into temp dirs, once with OK-format tests (doctest cells compared as printed text by
otter) and once with exception-based tests. Both autograder zips are then graded with
``autograder grade --otter``:

(a) the reference earns full marks and an honest wrong submission loses exactly the questions it
    got wrong (and, under ``otter run``, the same points per question as under otter itself);
(b) OK-format outputs are compared as values: a float32 result and a re-associated sum, both
    correct, pass here and fail otter's text comparison;
(c) a notebook that patches numpy (and doctest's output checker) earns full marks from
    ``otter run`` and nothing here;
(d) a submission zip with a crafted ``.OTTER_LOG`` pickle is graded without unpickling it
    (``otter run`` does unpickle it).

Tests that run ``otter run`` are marked ``slow``. At the end, tests pin otter behaviours the
engine's OK-format runner matches: printed output, comprehensions, hidden defaults, points.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import pickle
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("otter", reason="otter-grader (the dev extra) is needed to build the otter assignment")
pytest.importorskip("nbclient", reason="nbclient is needed to execute the master notebook")

BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "fixtures" / "otter_04"
FORMATS = ("ok", "exception")

_spec = importlib.util.spec_from_file_location("otter04_make_master", FIXTURE / "make_master.py")
make_master = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = make_master  # dataclasses look their module up there
_spec.loader.exec_module(make_master)

POINTS = {name: float(points) for name, points, _, _ in make_master.QUESTIONS}
TOTAL = sum(POINTS.values())


def _reference_sources() -> dict[str, str]:
    source = make_master.SOLUTION.read_text(encoding="utf-8")
    return {n.name: ast.get_source_segment(source, n) for n in ast.parse(source).body
            if isinstance(n, ast.FunctionDef)}


REFERENCE = _reference_sources()

# Two honest mistakes. adamw_step (the reference's, calling the student's adam_step) fails too.
WRONG = {
    "nesterov_step": '''def nesterov_step(w, v, grad_fn, lr=0.01, momentum=0.9):
    g = grad_fn(w)  # the gradient at w, not at the look-ahead point
    v_new = momentum * v - lr * g
    return w + v_new, v_new''',
    "adam_step": '''def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new  # no bias correction''',
}
WRONG_QUESTIONS = {"nesterov_step", "adam_step", "adamw_step"}

# Correct code whose printed output differs from the master's: float32 results (as Keras keeps
# its variables) and the same sum added in another order (the last bit differs).
VALUES = {
    "sgd_step": '''def sgd_step(w, g, lr=0.01):
    return (w - lr * g).astype(np.float32)''',
    "momentum_step": '''def momentum_step(w, g, v, lr=0.01, momentum=0.9):
    v_new = momentum * v - lr * g
    return w + momentum * v - lr * g, v_new''',
}

# Wrong code (inputs handed back unchanged, a trajectory of the wrong shape) behind a first cell
# that makes otter's checks pass: numpy's comparisons and doctest's output checker patched.
ATTACK_CELL = '''import doctest
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
doctest.OutputChecker.check_output = lambda self, want, got, optionflags: True'''
ATTACK = {
    "sgd_step": "def sgd_step(w, g, lr=0.01):\n    return w",
    "momentum_step": "def momentum_step(w, g, v, lr=0.01, momentum=0.9):\n    return w, v",
    "nesterov_step": "def nesterov_step(w, v, grad_fn, lr=0.01, momentum=0.9):\n    return w, v",
    "adagrad_step": "def adagrad_step(w, g, s, lr=0.01, eps=1e-7):\n    return w, s",
    "rmsprop_step": "def rmsprop_step(w, g, s, lr=0.001, rho=0.9, eps=1e-7):\n    return w, s",
    "adam_step": "def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n    return w, m, v",
    "adamw_step": "def adamw_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):\n    return w, m, v",
    "optimize": "def optimize(method, grad_fn, x0, lr, n_iter=100, **hyper):\n    return np.zeros((1, 2))",
}


class _OpenOnUnpickle:
    """Unpickling this opens (creates) ``path``: the harmless stand-in for any code execution."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@dataclass
class Built:
    fmt: str
    root: Path
    zip: Path
    student_nb: Path
    subs: dict[str, Path]


def _run(cmd: list, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def fill(student_nb: Path, answers: dict[str, str], first_cell: str | None = None) -> dict:
    """The otter student notebook with each answer cell replaced by ``answers[<function>]``."""
    nb = json.loads(student_nb.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "otter_answer_cell" in cell["metadata"].get("tags", []):
            name = re.search(r"def (\w+)\(", "".join(cell["source"])).group(1)
            cell["source"] = answers[name]
    if first_cell is not None:
        nb["cells"].insert(0, {"cell_type": "code", "metadata": {}, "execution_count": None,
                               "outputs": [], "source": first_cell})
    return nb


def _zip_with_log(path: Path, nb: dict, marker: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("otter04.ipynb", json.dumps(nb))
        z.writestr(".OTTER_LOG", pickle.dumps(_OpenOnUnpickle(str(marker))))
    return path


def _build(fmt: str, root: Path) -> Built:
    master = root / "otter04.ipynb"
    _run([sys.executable, FIXTURE / "make_master.py", master, "--format", fmt])
    _run([BIN / "otter", "assign", master.name, "dist"], cwd=root)
    (ag_zip,) = (root / "dist" / "autograder").glob("*.zip")
    student_nb = root / "dist" / "student" / master.name
    subs_dir = root / "subs"
    subs_dir.mkdir()
    subs = {}
    for name, answers, first in [("correct", {}, None), ("wrong", WRONG, None), ("values", VALUES, None),
                                 ("attack", ATTACK, ATTACK_CELL)]:
        subs[name] = subs_dir / f"{name}.ipynb"
        subs[name].write_text(json.dumps(fill(student_nb, {**REFERENCE, **answers}, first)), encoding="utf-8")
    correct = fill(student_nb, REFERENCE)
    subs["otter_log"] = _zip_with_log(subs_dir / "otter_log.zip", correct, root / "UNPICKLED-by-us")
    subs["otter_log_for_otter"] = _zip_with_log(root / "otter_log_for_otter.zip", correct, root / "UNPICKLED-by-otter")
    return Built(fmt, root, ag_zip, student_nb, subs)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """built(fmt) -> the master built with ``otter assign`` (once per format) and its submissions."""
    cache: dict[str, Built] = {}

    def get(fmt: str) -> Built:
        if fmt not in cache:
            cache[fmt] = _build(fmt, tmp_path_factory.mktemp(f"otter04_{fmt}"))
        return cache[fmt]

    return get


@pytest.fixture(scope="module")
def ours(built):
    """ours(fmt) -> {submission: results.json} from one ``autograder grade --otter`` run per format."""
    cache: dict[str, dict] = {}

    def get(fmt: str) -> dict:
        if fmt not in cache:
            b = built(fmt)
            out = b.root / "ours"
            subs = [p for name, p in b.subs.items() if name != "otter_log_for_otter"]
            _run([BIN / "autograder", "grade", "--otter", b.zip, "-o", out, "--lang", "en", *subs])
            cache[fmt] = {p.stem: json.loads((out / p.stem / "results.json").read_text(encoding="utf-8"))
                          for p in subs}
        return cache[fmt]

    return get


OTTER_RUNS = [("ok", "correct"), ("ok", "wrong"), ("ok", "values"), ("ok", "attack"),
              ("exception", "attack"), ("ok", "otter_log_for_otter")]


@pytest.fixture(scope="module")
def otter_runs(built):
    """{(fmt, submission): otter's results.json} for OTTER_RUNS, two ``otter run``s at a time."""
    def one(key):
        fmt, name = key
        b = built(fmt)
        out = b.root / f"otter-{name}"
        out.mkdir()
        proc = _run([BIN / "otter", "run", "-a", b.zip, "-o", out, "--no-logo", b.subs[name]], timeout=180)
        return key, {"results": json.loads((out / "results.json").read_text(encoding="utf-8")), "stdout": proc.stdout}

    for fmt in FORMATS:
        built(fmt)  # build serially; the runs below share nothing
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, OTTER_RUNS))


def our_scores(result: dict) -> dict[str, float]:
    scores = {q: 0.0 for q in POINTS}
    for t in result["tests"]:
        scores[t["extra_data"]["question"]] += t["score"]
    return {q: round(s, 6) for q, s in scores.items()}


def otter_scores(results: dict) -> dict[str, float]:
    return {t["name"]: round(t["score"], 6) for t in results["tests"] if "score" in t}


# ---------------------------------------------------------------------------------------------
# What otter assign emits


@pytest.mark.parametrize("fmt", FORMATS)
def test_otter_assign_emits_the_expected_test_format(built, fmt):
    b = built(fmt)
    with zipfile.ZipFile(b.zip) as z:
        tests = {Path(n).stem: z.read(n).decode() for n in z.namelist() if re.fullmatch(r"tests/\w+\.py", n)}
        config = json.loads(z.read("otter_config.json"))
    assert set(tests) == set(POINTS)
    assert config["assignment_name"] == make_master.ASSIGNMENT_NAME
    student_tests = {p.stem: p.read_text() for p in (b.root / "dist" / "student" / "tests").glob("*.py")}
    assert set(student_tests) == set(POINTS)
    for name, text in tests.items():
        if fmt == "ok":
            assert text.startswith("OK_FORMAT = True")
            assert "'hidden': True" in text and "'hidden': True" not in student_tests[name]
        else:
            assert "OK_FORMAT = False" in text and "@test_case(" in text
            assert "hidden=True" in text and "hidden=True" not in student_tests[name]
    answers = [ast.parse("".join(c["source"])).body[0] for c in json.loads(b.student_nb.read_text())["cells"]
               if "otter_answer_cell" in c["metadata"].get("tags", [])]
    assert sorted(fn.name for fn in answers) == sorted(POINTS)
    for fn in answers:  # the docstring stays, the body is otter's `...` prompt
        assert ast.get_docstring(fn) and len(fn.body) == 2 and ast.unparse(fn.body[1]) == "..."


# ---------------------------------------------------------------------------------------------
# (a) the engine grades the otter autograder zip


@pytest.mark.parametrize("fmt", FORMATS)
def test_engine_gives_the_reference_full_marks(ours, fmt):
    r = ours(fmt)["correct"]
    assert r["extra_data"]["status"] == "graded"
    assert our_scores(r) == POINTS
    assert r["score"] == pytest.approx(TOTAL)


@pytest.mark.parametrize("fmt", FORMATS)
def test_engine_takes_points_exactly_for_the_wrong_questions(ours, fmt):
    got = our_scores(ours(fmt)["wrong"])
    assert got == {q: (0.0 if q in WRONG_QUESTIONS else POINTS[q]) for q in POINTS}


@pytest.mark.slow
def test_otter_run_agrees_with_the_engine_on_honest_submissions(otter_runs, ours):
    for name in ("correct", "wrong"):
        assert otter_scores(otter_runs[("ok", name)]["results"]) == pytest.approx(our_scores(ours("ok")[name]), abs=1e-4), name


# ---------------------------------------------------------------------------------------------
# (b) OK-format outputs are compared as values


def test_engine_compares_ok_outputs_as_values(ours, built):
    """float32 results and a re-associated sum print differently from the master's outputs."""
    ok_tests = {}
    with zipfile.ZipFile(built("ok").zip) as z:
        for q in ("sgd_step", "momentum_step"):
            ok_tests[q] = z.read(f"tests/{q}.py").decode()
    # the expected texts the student's correct code does not reproduce
    assert "array([ 0.95,  2.05, -3.2 ])" in ok_tests["sgd_step"]
    assert "np.float64(0.18000000000000002)" in ok_tests["momentum_step"]
    assert our_scores(ours("ok")["values"]) == POINTS


@pytest.mark.slow
def test_otter_run_fails_correct_values_that_print_differently(otter_runs, ours):
    theirs = otter_scores(otter_runs[("ok", "values")]["results"])
    assert theirs["sgd_step"] < POINTS["sgd_step"]  # dtype=float32 in the printed array
    assert theirs["momentum_step"] < POINTS["momentum_step"]  # 0.18 instead of 0.18000000000000002
    assert our_scores(ours("ok")["values"]) == POINTS


# ---------------------------------------------------------------------------------------------
# (c) patched numpy / doctest


@pytest.mark.parametrize("fmt", FORMATS)
def test_patched_numpy_earns_nothing_here(ours, fmt):
    r = ours(fmt)["attack"]
    assert r["extra_data"]["status"] == "graded"
    assert our_scores(r) == {q: 0.0 for q in POINTS}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_patched_numpy_fools_otter_run(otter_runs, ours, fmt):
    theirs = otter_scores(otter_runs[(fmt, "attack")]["results"])
    assert sum(theirs.values()) == pytest.approx(TOTAL), theirs  # full marks for wrong code
    assert ours(fmt)["attack"]["score"] == 0


# ---------------------------------------------------------------------------------------------
# (d) a crafted .OTTER_LOG


def test_crafted_otter_log_is_never_unpickled(ours, built):
    b = built("ok")
    with zipfile.ZipFile(b.subs["otter_log"]) as z:
        assert b"UNPICKLED-by-us" in z.read(".OTTER_LOG")
    r = ours("ok")["otter_log"]
    assert not (b.root / "UNPICKLED-by-us").exists()
    assert our_scores(r) == POINTS  # the notebook in the zip is graded as usual


@pytest.mark.slow
def test_otter_run_unpickles_the_crafted_log(otter_runs, built):
    assert ("ok", "otter_log_for_otter") in otter_runs
    assert (built("ok").root / "UNPICKLED-by-otter").exists()


# ---------------------------------------------------------------------------------------------
# Otter behaviours the engine matches (each was a gap found by these tests, now fixed)


def test_otter_boilerplate_cells_are_not_reported_as_errors(ours):
    r = ours("ok")["correct"]
    assert "grader" not in r["output"] and "otter04.ipynb" not in r["output"]


def _grade_ok_cases(tmp_path, zygote, cases: list[str], source: str):
    from autograder.grader.grading import grade
    from autograder.pipelines.otter_import import import_otter

    src = tmp_path / "ag" / "tests"
    src.mkdir(parents=True)
    spec = {"name": "q", "points": len(cases), "suites": [{"cases": [
        {"code": c, "hidden": False, "locked": False} for c in cases],
        "scored": True, "setup": "", "teardown": "", "type": "doctest"}]}
    (src / "q.py").write_text(f"OK_FORMAT = True\n\ntest = {spec!r}\n", encoding="utf-8")
    assignment = import_otter(src.parent, tmp_path / "course", "gap")
    sub = tmp_path / "sub.py"
    sub.write_text("import numpy as np\n" + source, encoding="utf-8")
    return grade(assignment, sub, zygote)


SGD = REFERENCE["sgd_step"]


def test_ok_case_with_print_passes_correct_code(tmp_path, zygote):
    r = _grade_ok_cases(tmp_path, zygote, [">>> print(sgd_step(np.array([1.0]), np.array([1.0]), lr=0.5))\n[0.5]"], SGD)
    assert r.score == 1, r.tests[0].en


def test_ok_case_printing_in_a_loop_fails_wrong_code(tmp_path, zygote):
    case = ">>> for x in (1.0,):\n...     print(float(sgd_step(np.array([x]), np.array([1.0]), lr=0.5)[0]))\n0.5"
    r = _grade_ok_cases(tmp_path, zygote, [case], "def sgd_step(w, g, lr=0.01):\n    return w + 100\n")
    assert r.score == 0


def test_ok_case_with_a_comprehension_sees_student_names(tmp_path, zygote):
    case = ">>> [float(sgd_step(np.array([x]), np.array([1.0]), lr=0.5)[0]) for x in (1.0, 2.0)]\n[0.5, 1.5]"
    r = _grade_ok_cases(tmp_path, zygote, [case], SGD)
    assert r.score == 1, r.tests[0].en


def test_ok_case_accepts_the_exact_value_of_a_printed_array(tmp_path, zygote):
    case = ">>> sgd_step(np.array([0.0, 1.0]), np.array([0.123456499, 0.0]), lr=0.01)\narray([-0.00123456,  1.        ])"
    r = _grade_ok_cases(tmp_path, zygote, [case], SGD)
    assert r.score == 1, r.tests[0].en


def _ok_file(tmp_path, cases: list[dict], points) -> Path:
    spec = {"name": "q", "points": points, "suites": [{"cases": cases, "scored": True, "setup": "",
                                                       "teardown": "", "type": "doctest"}]}
    path = tmp_path / "q.py"
    path.write_text(f"OK_FORMAT = True\n\ntest = {spec!r}\n", encoding="utf-8")
    return path


def test_ok_case_without_hidden_key_is_hidden_as_in_otter(tmp_path):
    from otter.test_files.ok_test import OKTestFile

    from autograder.grader.testing import load_test_file

    path = _ok_file(tmp_path, [{"code": ">>> 1 + 1\n2"}], 1)
    env: dict = {}
    exec(path.read_text(), env)
    assert [c.hidden for c in OKTestFile.from_spec(env["test"]).test_cases] == [True]
    assert [c.hidden for c in load_test_file(path)[1]] == [True]


def test_ok_points_are_resolved_as_in_otter(tmp_path):
    from otter.test_files.ok_test import OKTestFile

    from autograder.grader.testing import load_test_file

    path = _ok_file(tmp_path, [{"code": ">>> 1\n1", "points": 2, "hidden": False},
                               {"code": ">>> 2\n2", "hidden": False}, {"code": ">>> 3\n3", "hidden": False}], 4)
    env: dict = {}
    exec(path.read_text(), env)
    assert [c.points for c in OKTestFile.from_spec(env["test"]).test_cases] == [2, 1, 1]
    assert [c.points for c in load_test_file(path)[1]] == [2, 1, 1]
