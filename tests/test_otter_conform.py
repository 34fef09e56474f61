"""Otter conformance (issue 14): an otter assignment of our own, built with ``otter assign`` from
``tests/fixtures/otter_conform/make_master.py``, graded by this engine and by ``otter run``.

One question per otter behaviour (see the fixture's docstring). Four submissions, each saved as
``conform.ipynb`` as otter's own test assignments are (otter's ``grader.check`` cells only run
inline when the file keeps the name given to ``otter.Notebook(...)``):

* ``correct``: the master's solution;
* ``wrong``: honest mistakes in gen, objects, printing and strict (whose public case still passes);
* ``nocheck``: the solution without the ``grader.check("state")`` cell (tested on the final state);
* ``blank``: the student notebook.

Per-question scores equal ``otter run``'s everywhere except ``np.isclose(...)`` / ``True``, where
otter is wrong under numpy 2 and the result says so (``extra_data.otter``). Tests that run
``otter run`` are marked ``slow``; the rest compare with the scores otter gives, recorded below.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT

pytest.importorskip("otter", reason="otter-grader (the dev extra) is needed to build the otter assignment")
pytest.importorskip("pandas")
pytest.importorskip("scipy")

BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "fixtures" / "otter_conform"
_spec = importlib.util.spec_from_file_location("otter_conform_master", FIXTURE / "make_master.py")
master = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(master)

POINTS = {name: float(points) for name, points, *_ in master.QUESTIONS}
# otter run's per-question scores on each submission (measured; `test_otter_run_agrees` re-measures).
OTTER = {
    "correct": {**POINTS, "close": 0.0, "frame": 2.5},
    "wrong": {**POINTS, "close": 0.0, "frame": 2.5, "gen": 0.0, "objects": 2 / 3 * 2, "printing": 0.0, "strict": 0.0},
    "nocheck": {**POINTS, "close": 0.0, "frame": 2.5, "state": 0.0},
}
# where otter is wrong (numpy 2 prints np.True_ for np.isclose / a numpy comparison): ours passes these
OTTER_WRONG = {"close": 1.0, "frame": 0.5}

WRONG_EDITS = [("return 2 * x", "return abs(2 * x)"), ('print("hello", n)', 'print("hello", n + 1)'),
               ("yield n\n        n -= 1", "n -= 1\n        yield n"), ("return len(self.items)", "return len(self.items) + 1")]


def _run(cmd, cwd=None, timeout=300):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"{cmd} exited {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc


def _edited(nb: dict, pairs) -> dict:
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        for a, b in pairs:
            source = source.replace(a, b)
        cell["source"] = source
    return nb


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("otter_conform")
    master.write(root)
    _run([BIN / "otter", "assign", "--no-pdfs", "conform.ipynb", "dist"], cwd=root)
    (ag_zip,) = (root / "dist" / "autograder").glob("*.zip")
    solution = json.loads((root / "dist" / "autograder" / "conform.ipynb").read_text(encoding="utf-8"))
    nocheck = json.loads(json.dumps(solution))
    nocheck["cells"] = [c for c in nocheck["cells"] if "".join(c["source"]).strip() != 'grader.check("state")']
    notebooks = {"correct": solution, "wrong": _edited(solution, WRONG_EDITS), "nocheck": nocheck,
                 "blank": json.loads((root / "dist" / "student" / "conform.ipynb").read_text(encoding="utf-8"))}
    subs = {}
    for name, nb in notebooks.items():
        (root / "subs" / name).mkdir(parents=True)
        subs[name] = root / "subs" / name / "conform.ipynb"
        subs[name].write_text(json.dumps(nb), encoding="utf-8")
    return {"root": root, "zip": ag_zip, "subs": subs}


@pytest.fixture(scope="module")
def assignment(built, tmp_path_factory):
    from autograder.pipelines.otter_import import import_otter

    return import_otter(built["zip"], tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def ours(built, assignment, zygote):
    from autograder.grader.grading import grade

    return {name: grade(assignment, path, zygote) for name, path in built["subs"].items()}


def scores(result) -> dict[str, float]:
    out = {q: 0.0 for q in POINTS}
    for t in result.tests:
        out[t.question] += t.score
    return out


def test_reference_scores_all_points_and_says_where_otter_would_not(ours):
    r = ours["correct"]
    assert scores(r) == pytest.approx(POINTS), [t.en for t in r.tests if not t.passed]
    noted = {t.question for t in r.tests if t.otter_note}
    assert noted == set(OTTER_WRONG)
    close = next(t for t in r.tests if t.question == "close")
    assert "np.True_" in close.otter_note and "otter would fail" in close.en


@pytest.mark.parametrize("name", sorted(OTTER))
def test_per_question_scores_equal_otters_except_where_otter_is_wrong(ours, name):
    expected = {q: s + (OTTER_WRONG.get(q, 0.0) if q in OTTER_WRONG else 0.0) for q, s in OTTER[name].items()}
    assert scores(ours[name]) == pytest.approx(expected, abs=1e-6)


# 1. tests run where the check cell is ------------------------------------------------------------

def test_tests_run_at_the_check_cell_not_on_the_final_state(ours):
    assert scores(ours["correct"])["state"] == 1  # x is 5 at grader.check("state"); a later cell sets 0
    assert scores(ours["nocheck"])["state"] == 0  # no check cell: the final state, as otter


def test_check_points_are_read_from_the_notebook_without_running_it(tmp_path):
    from autograder.course.submission import read_submission

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "import otter\ngrader = otter.Notebook('hw.ipynb')"},
        {"cell_type": "code", "metadata": {}, "source": "x = 1\ngrader.check('q1')\nx = 2"},
        {"cell_type": "code", "metadata": {"tags": ["otter_ignore"]}, "source": "x = 99"},
        {"cell_type": "code", "metadata": {"otter": {"tests": ["q2"]}}, "source": "y = 3"},
        {"cell_type": "code", "metadata": {}, "source": "grader.check_all()"}]}
    path = tmp_path / "hw.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    sub = read_submission(path)
    assert sub.cells == ["x = 1", "\n\nx = 2", "y = 3"]
    assert sub.checks == [(1, "q1"), (3, "q2")]


# 2. values the wire did not carry -------------------------------------------------------------

def test_generators_dataframes_sets_dates_bytes_and_student_objects(ours):
    got = scores(ours["correct"])
    for q in ("gen", "frame", "values", "objects"):
        assert got[q] == pytest.approx(POINTS[q]), [t.en for t in ours["correct"].tests if t.question == q and not t.passed]
    wrong = {t.name: t for t in ours["wrong"].tests}
    assert "(3, True)" in wrong["objects - 1"].en  # len(s) evaluated in the student process, shown as data


def test_pandas_and_other_values_round_trip_as_data():
    import datetime

    import pandas as pd

    from autograder import wire

    values = [pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "t": pd.to_datetime(["2020-01-01", "2021-01-01"])}),
              pd.Series([1.5, None], name="s", index=["p", "q"]), pd.Series(["a", "b"], dtype="category"),
              pd.MultiIndex.from_tuples([(1, "a")], names=["n", "m"]), pd.Timestamp("2020-01-01", tz="UTC"),
              {1, 2}, frozenset({"a"}), ..., b"\x00\x01", complex(1, -2), datetime.date(2024, 1, 2),
              datetime.timedelta(seconds=3), np.dtype("int64"), np.datetime64("2020-01-01"), slice(1, None, 2),
              np.array(["ab", "c"]), np.array([1, "a", None], dtype=object)]
    for v in values:
        blobs: list[bytes] = []
        data = json.loads(json.dumps(wire.encode(v, blobs)))
        back = wire.decode(data, blobs)
        if isinstance(v, (pd.DataFrame, pd.Series)):
            kinds = (lambda x: list(x.dtypes) if isinstance(x, pd.DataFrame) else [x.dtype])  # noqa: E731
            assert v.equals(back) and kinds(v) == kinds(back)
        elif isinstance(v, pd.Index):
            assert v.equals(back) and list(v.names) == list(back.names)
        elif isinstance(v, np.ndarray):
            assert v.dtype == back.dtype and (v == back).all()
        else:
            assert back == v and type(back) is type(v)
    with pytest.raises(wire.WireError):  # a refused dtype string is never handed to pandas
        wire.decode({"t": "pd.series", "v": {"t": "nd", "b": 0, "d": "<i8", "s": [0]}, "dtype": "object)(", "index":
                     {"t": "pd.index", "range": [0, 0, 1], "name": None}, "name": None}, [b""])


def _grade_case(tmp_path, zygote, files: dict[str, str], source: str, sub_name: str = "sub.py", extra=None):
    from autograder.grader.grading import grade
    from autograder.pipelines.otter_import import import_otter

    src = tmp_path / "ag"
    (src / "tests").mkdir(parents=True)
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    assignment = import_otter(src, tmp_path / "course", "case")
    sub = tmp_path / sub_name
    if extra is not None:
        with zipfile.ZipFile(sub, "w") as z:
            z.writestr("hw.ipynb", json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                {"cell_type": "code", "metadata": {}, "source": source}]}))
            for name, data in extra.items():
                z.writestr(name, data)
    else:
        sub.write_text(source, encoding="utf-8")
    return grade(assignment, sub, zygote)


def _ok(name: str, cases: list[tuple[str, bool]], points=None, **extra) -> str:
    spec = {"name": name, "points": points, **extra, "suites": [{"cases": [
        {"code": c, "hidden": h, "locked": False} for c, h in cases], "scored": True, "setup": "", "teardown": "",
        "type": "doctest"}]}
    return f"OK_FORMAT = True\n\ntest = {spec!r}\n"


def test_a_value_that_cannot_cross_names_its_type_and_does_not_blame_the_student(tmp_path, zygote):
    r = _grade_case(tmp_path, zygote, {"tests/q.py": _ok("q", [(">>> masked()\n1", False)])},
                    "import numpy as np\ndef masked():\n    return np.ma.masked_array([1.0, 2.0])\n")
    assert "MaskedArray" in r.tests[0].en and "limit of this grader" in r.tests[0].en


# 3. the student's modules ----------------------------------------------------------------------

def test_exception_tests_with_np_and_pd_parameters_get_the_graders_modules(tmp_path, zygote):
    test = ("from otter.test_files import test_case\nname = 'q'\npoints = 1\n\n"
            "@test_case(points=1)\ndef test_q(pd, stats, df, np):\n"
            "    assert isinstance(df, pd.DataFrame) and np.isclose(stats.norm.ppf(0.5), 0)\n"
            "    assert pd.Series([1, 2]).sum() == df['a'].sum()\n")
    source = ("import numpy\nimport numpy as np\nimport pandas as pd\nfrom scipy import stats\n"
              "np = type(np)('numpy')  # a fake module object of the student's: never used by the grader\n"
              "df = pd.DataFrame({'a': [1, 2]})\n")
    r = _grade_case(tmp_path, zygote, {"tests/q.py": test}, source)
    assert r.tests[0].passed, r.tests[0].en


def test_a_module_the_grader_lacks_is_a_clear_error(tmp_path, zygote):
    from autograder.grader.remote import GraderLimit, grader_module

    with pytest.raises(GraderLimit, match="lacks"):
        grader_module("surely_not_a_module_xyz", "m")
    with pytest.raises(GraderLimit, match="cannot be used"):
        grader_module("os/../x", "m")
    r = _grade_case(tmp_path, zygote, {"tests/q.py": _ok("q", [(">>> import not_a_package_xyz\n", False)]),
                                       "requirements.txt": "not-a-package-xyz\n"}, "x = 1\n")
    assert "lacks the package `not_a_package_xyz` (listed in the assignment's requirements)" in r.tests[0].en


# 4. otter's configuration ----------------------------------------------------------------------

def test_seed_files_and_all_or_nothing(ours, assignment):
    assert scores(ours["correct"])["seeded"] == 1  # otter's seed before each cell
    assert scores(ours["correct"])["data"] == 1  # files/data.csv: read by the notebook and by a test
    strict = [t for t in ours["wrong"].tests if t.question == "strict"]
    assert strict[0].passed and strict[0].score == 0 and scores(ours["wrong"])["strict"] == 0
    assert (assignment.private_dir / "files" / "data.csv").is_file()


def test_student_files_of_an_export_zip_are_beside_the_notebook(tmp_path, zygote):
    r = _grade_case(tmp_path, zygote, {"tests/q.py": _ok("q", [(">>> mine\n'hello'", False)])},
                    "mine = open('mine.txt').read().strip()", "sub.zip",
                    extra={"mine.txt": "hello\n", ".OTTER_LOG": b"\x80 never read"})
    assert r.tests[0].passed, r.tests[0].en


# 5. printed output -----------------------------------------------------------------------------

def test_printed_output_of_a_student_function_is_compared(ours):
    assert scores(ours["correct"])["printing"] == 1
    shown = next(t for t in ours["wrong"].tests if t.name == "printing - 1")
    assert not shown.passed and "hello 2" in shown.en and ">>> show(1)" in shown.en


def test_expected_exceptions_and_unexpected_output(tmp_path, zygote):
    cases = [(">>> f(-1)\nTraceback (most recent call last):\n    ...\nValueError: negative", False),
             (">>> f(2)\n", False)]
    r = _grade_case(tmp_path, zygote, {"tests/q.py": _ok("q", cases)},
                    "def f(x):\n    if x < 0:\n        raise ValueError('negative')\n    return x\n")
    assert [t.passed for t in r.tests] == [True, False]  # doctest: an example expecting nothing shows nothing
    assert "Expected no output" in r.tests[1].en


# 7. names and reports --------------------------------------------------------------------------

def test_assignment_id_drops_otters_timestamp(built, assignment):
    from autograder.pipelines.otter_import import assignment_id_for

    assert re.search(r"_\d{4}_\d{2}_\d{2}T", built["zip"].name)
    assert assignment.id == "conform"
    assert assignment_id_for(Path("hw01-autograder_2024_05_01T10_20_30_123456.zip")) == "hw01"


def test_grades_csv_in_notebook_order_and_messages(ours, tmp_path):
    from autograder.outputs.results import write_grades_csv

    path = write_grades_csv(list(ours.values()), sorted(POINTS), tmp_path / "grades.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[2:2 + len(POINTS)] == master.QUESTION_ORDER
    failed = next(t for t in ours["wrong"].tests if t.name == "gen - 1")
    assert ">>> (next(g), next(g))" in failed.en and "Expected:\n    (3, 2)" in failed.en and "(2, 1)" in failed.en
    hidden = next(t for t in ours["wrong"].tests if t.name == "gen - 2")
    assert "countdown" not in hidden.en and "[2, 1]" not in hidden.en


def test_a_public_check_without_message_is_not_called_hidden(tmp_path, zygote):
    test = ("from otter.test_files import test_case\nname = 'q'\n\n"
            "@test_case(points=1, hidden=False)\ndef test_q(x):\n    assert x == 2\n")
    r = _grade_case(tmp_path, zygote, {"tests/q.py": test}, "x = 1\n")
    assert not r.tests[0].passed and "hidden" not in r.tests[0].en.lower()


# Measured against otter itself -----------------------------------------------------------------

@pytest.mark.slow
def test_otter_run_agrees(built):
    def one(name):
        out = built["root"] / f"otter-{name}"
        out.mkdir()
        _run([BIN / "otter", "run", "-a", built["zip"], "-o", out, "--no-logo", built["subs"][name]], timeout=240)
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        return name, {t["name"]: t["score"] for t in results["tests"] if "score" in t}

    with ThreadPoolExecutor(max_workers=2) as pool:
        measured = dict(pool.map(one, sorted(OTTER)))
    for name, theirs in measured.items():
        assert theirs == pytest.approx(OTTER[name], abs=1e-4), name


def test_seed_variable_is_set_before_each_notebook_cell():
    from types import SimpleNamespace

    from autograder.grader.grading import seeded

    sub = SimpleNamespace(cells=["a = 1", "b = 2", "%%time\nc = 3"], positions=[1, 1, 2])
    assert seeded(sub, {"seed": 7, "seed_variable": "rng_seed"}) == ["rng_seed = 7\na = 1", "b = 2", "%%time\nc = 3"]
    assert seeded(sub, {"seed": 7})[0].startswith("__import__('numpy').random.seed(7); __import__('random').seed(7)\n")
    assert seeded(sub, {}) == sub.cells
