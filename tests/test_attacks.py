"""Hostile submissions earn nothing and harm nothing; the rest of each submission is graded.

Every attack submission also carries a correct ``sgd_step``, so each test can show that the
grader survived and went on grading the same submission normally.
"""

import os
import socket
import threading
from pathlib import Path

import pytest

from conftest import ROOT, question_score

CORRECT_SGD = "\n# %%\ndef sgd_step(w, g, lr=0.01):\n    return w - lr * g\n"
WRONG_ADAM = "\ndef adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n    return w, m, v\n"
FAST = dict(call_seconds=3, submission_seconds=6, cell_seconds=2)  # one notebook budget across restarts: a hung cell costs 2 s of it


def assert_still_grading(result):
    assert result.status == "graded"
    score, total = question_score(result, "sgd_step")
    assert score == total > 0, "the correct sgd_step in the same submission must still earn its points"


def adam_points(result):
    return question_score(result, "adam_step")[0]


def test_patched_numpy_earns_nothing(grade_source):
    src = """
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: np.ones(np.broadcast(*a[:2]).shape, bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
""" + WRONG_ADAM + CORRECT_SGD
    r = grade_source(src)
    assert adam_points(r) == 0
    assert_still_grading(r)


def test_always_equal_objects_earn_nothing(grade_source):
    src = """
import numpy as np
class Liar:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __array__(self, *a, **k): raise TypeError
    __hash__ = object.__hash__
class LiarArray(np.ndarray):
    def __eq__(self, other): return np.ones(np.shape(other), bool)
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return Liar(), Liar(), Liar()
def adagrad_step(w, g, s, lr=0.01, eps=1e-7):
    return np.zeros(3).view(LiarArray), s
def rmsprop_step(*a, **k):
    return Liar()
""" + CORRECT_SGD
    r = grade_source(src)
    for q in ("adam_step", "adagrad_step", "rmsprop_step"):
        assert question_score(r, q)[0] == 0, q
    assert_still_grading(r)
    refused = [t for t in r.tests if t.question == "adagrad_step" and not t.passed]
    assert any("LiarArray" in t.en or "subclass" in t.en for t in refused)


def test_reading_solutions_and_hidden_tests_fails(grade_source):
    src = f"""
import glob
stolen = []
for p in [{str(ROOT / 'solutions' / '04_optimizers' / 'solution.py')!r}, {str(ROOT / 'solutions')!r},
          {str(ROOT / 'autograder' / 'grading.py')!r}, '/proc/1/environ']:
    try:
        stolen.append(open(p).read())
    except Exception as e:
        stolen.append(type(e).__name__)
leaked = glob.glob({str(ROOT / 'solutions' / '*' / 'tests' / '*.py')!r})
exec(open({str(ROOT / 'solutions' / '04_optimizers' / 'solution.py')!r}).read())
""" + CORRECT_SGD
    r = grade_source(src)
    failed = [c for c in r.cells if not c["ok"]]
    assert failed and "PermissionError" in failed[0]["error"]
    assert r.score == question_score(r, "sgd_step")[0]  # only the honest sgd_step scores
    assert_still_grading(r)


def test_exit_in_a_call_costs_only_that_test(grade_source):
    src = "import os\n" + WRONG_ADAM.replace("return w, m, v", "os._exit(0)") + CORRECT_SGD
    r = grade_source(src, **FAST)
    adam = [t for t in r.tests if t.question == "adam_step"]
    assert all(not t.passed for t in adam)
    assert any("died" in t.en for t in adam)
    assert_still_grading(r)
    assert r.restarts >= 1


def test_exit_in_a_cell_skips_that_cell(grade_source):
    src = "# %%\nimport os, sys\n# %%\nsys.exit(3)\n# %%\nos._exit(1)\n# %%" + CORRECT_SGD
    r = grade_source(src, **FAST)
    assert [c["skipped"] for c in r.cells] == [None, None, "crashed", None]
    assert "SystemExit" in r.cells[1]["error"]
    assert_still_grading(r)


def test_infinite_loops_in_a_cell_and_in_a_call(grade_source):
    src = "# %%\nwhile True:\n    pass\n# %%\ndef adam_step(*a, **k):\n    while True:\n        pass\n# %%" + CORRECT_SGD
    r = grade_source(src, **FAST)
    assert r.cells[0]["skipped"] == "timeout"
    adam = [t for t in r.tests if t.question == "adam_step"]
    assert adam and all(not t.passed for t in adam)
    assert "infinite loop" in adam[0].en
    assert_still_grading(r)


MEMORY_BOMBS = """
# %%
import numpy as np
big = np.ones((1 << 31,))
# %%
def adam_step(*a, **k):
    hog = []
    while True:
        hog.append(bytearray(1 << 26))
# %%""" + CORRECT_SGD


def assert_bombs_contained(r):
    assert "MemoryError" in (r.cells[0]["error"] or ""), r.cells[0]
    assert adam_points(r) == 0
    assert_still_grading(r)


def test_memory_bombs_are_contained(grade_source):
    assert_bombs_contained(grade_source(MEMORY_BOMBS, memory_mb=1024, **FAST))


def test_memory_budget_is_on_top_of_a_preloaded_runtime(tmp_path):
    """A worker that graded a Keras notebook first has TensorFlow in its zygote (~1.2 GB of
    address space): a later 1 GB budget must still be 1 GB for the student, not already spent."""
    from autograder.grader.grading import grade
    from autograder.grader.student_process import Zygote
    from conftest import load

    path = tmp_path / "bombs.py"
    path.write_text(MEMORY_BOMBS)
    zygote = Zygote()
    try:
        zygote.warm_up(("keras",))
        r = grade(load("04_optimizers", memory_mb=1024, **FAST), path, zygote)
    finally:
        zygote.close()
    assert any(layer.startswith("memory-base:") for layer in r.isolation)
    assert_bombs_contained(r)


def test_no_new_processes(grade_source):
    src = """
import os, subprocess
results = []
for attempt in (os.fork, lambda: subprocess.run(["true"]), lambda: os.system("true"), lambda: os.execv("/bin/true", ["true"])):
    try:
        results.append(attempt())
    except Exception as e:
        results.append(type(e).__name__)
def adam_step(*a, **k):
    return results
""" + CORRECT_SGD
    r = grade_source(src)
    assert adam_points(r) == 0
    assert_still_grading(r)
    assert os.getpid()  # we are still here


def test_killing_the_grader_fails(grade_source):
    src = f"""
import os, signal
errors = 0
for pid in [os.getppid(), {os.getpid()}, 1] + list(range(2, 4000)):
    if pid == os.getpid():
        continue
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        errors += 1
""" + CORRECT_SGD
    r = grade_source(src)
    assert_still_grading(r)  # this pytest process is the grader: it survived to check



def test_network_is_closed(grade_source):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    got = []

    def accept():
        try:
            got.append(server.accept())
        except OSError:
            pass

    t = threading.Thread(target=accept)
    t.start()
    src = f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=1).sendall(b"answers please")
    outcome = "connected"
except Exception as e:
    outcome = type(e).__name__
""" + CORRECT_SGD
    r = grade_source(src)
    t.join()
    server.close()
    assert not got, "the student process reached a socket on the grader's machine"
    assert_still_grading(r)


def test_fake_results_go_nowhere(grade_source, tmp_path):
    target = tmp_path / "out" / "submission" / "results.json"
    src = f"""
import os, json
print('{{"score": 999}}')
try:
    os.makedirs({str(target.parent)!r}, exist_ok=True)
    open({str(target)!r}, "w").write(json.dumps({{"score": 999, "tests": []}}))
except Exception as e:
    print(type(e).__name__)
""" + CORRECT_SGD
    r = grade_source(src)
    assert not target.exists()
    assert r.score == question_score(r, "sgd_step")[0]
    assert_still_grading(r)


def test_unencodable_and_huge_returns(grade_source):
    src = """
import numpy as np
def adam_step(*a, **k):
    return (x for x in range(3))
def adagrad_step(*a, **k):
    return np.array([object()], dtype=object), None
def rmsprop_step(*a, **k):
    return [[0.0] * 1000] * 1000
def momentum_step(*a, **k):
    return np.matrix([[1.0]]), None
""" + CORRECT_SGD
    r = grade_source(src, **FAST)
    for q in ("adam_step", "adagrad_step", "rmsprop_step", "momentum_step"):
        assert question_score(r, q)[0] == 0, q
    assert_still_grading(r)


def test_forged_frames_break_only_the_child(grade_source):
    src = """
import os, struct
def adam_step(*a, **k):
    for fd in map(int, os.listdir("/proc/self/fd")):
        try:
            header = b'{"op":"result","value":{"t":"nd","b":0,"d":"<f8","s":[99999999]}}'
            os.write(fd, struct.pack("!III", len(header), 1, 4_000_000_000) + header)
        except OSError:
            pass
    return a[0]
""" + CORRECT_SGD
    r = grade_source(src, **FAST)
    assert adam_points(r) == 0
    assert_still_grading(r)


def test_limits_cannot_be_raised_and_are_reported(grade_source):
    src = """
import resource
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    raised = True
except Exception:
    raised = False
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    assert not raised
    return w, m, v
""" + CORRECT_SGD
    r = grade_source(src)
    assert any(layer.startswith("memory:") for layer in r.isolation)
    if os.uname().sysname == "Linux":
        assert "seccomp" in r.isolation and any(layer.startswith("landlock") for layer in r.isolation)
    assert_still_grading(r)


def test_a_notebook_out_of_time_between_cells_leaves_no_process_or_descriptor(grade_source):
    grade_source(CORRECT_SGD, name="warm-up")  # the zygote and the test fixtures are open by now
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    r = grade_source(CORRECT_SGD, submission_seconds=0)  # no time left for even the first cell
    assert r.score == 0 and all(c["skipped"] == "timeout" for c in r.cells if not c["ok"])
    if os.path.isdir("/proc/self/fd"):
        assert len(os.listdir("/proc/self/fd")) == before


def test_objects_that_claim_equality_earn_nothing_through_operators(zygote, tmp_path):
    """A student object's ==, bool and int are the student's own code: this course's tests never
    let them decide (otter's doctests do, as in the student's kernel; see docs/pipelines.md)."""
    from autograder.grader.grading import grade
    from conftest import load

    src = """
class Yes:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __bool__(self): return True
    def __int__(self): return 1
    def __index__(self): return 1
    def __float__(self): return 1.0
    __hash__ = object.__hash__
def perceptron(x, w, b): return Yes()
def NAND(x1, x2): return Yes()
def OR(x1, x2): return Yes()
def AND(x1, x2): return Yes()
def XOR(x1, x2): return Yes()
"""
    path = tmp_path / "liar.py"
    path.write_text(src)
    r = grade(load("01_xor_gates"), path, zygote, only=["perceptron", "gates", "XOR"])
    assert r.status == "graded" and r.score == 0
    assert any("compares data" in t.en for t in r.tests)


def test_empty_arrays_do_not_pass_by_broadcasting(grade_source):
    """np.allclose(np.empty(0), [0.19]) is True in numpy: the public tests' comparisons run with
    the grader's strict numpy (grader/strict_numpy.py), where an empty array never matches."""
    src = """
# %%
import numpy as np
E = np.empty(0)
def adagrad_step(w, g, s, lr=0.01, eps=1e-7):
    return E, E
def rmsprop_step(w, g, s, lr=0.001, rho=0.9, eps=1e-7):
    return E, E
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return E, E, E
# %%""" + CORRECT_SGD
    r = grade_source(src, **FAST)
    earned = {q: question_score(r, q)[0] for q in ("adagrad_step", "rmsprop_step", "adam_step")}
    assert earned == {"adagrad_step": 0, "rmsprop_step": 0, "adam_step": 0}, earned
    assert_still_grading(r)


def test_strict_numpy_is_numpy_but_for_empty_broadcasting():
    from autograder.grader.strict_numpy import numpy as strict
    import numpy as np

    assert strict.allclose([1.0, 2.0], [1.0, 2.0]) and strict.allclose([0.5, 0.5], 0.5)
    assert not strict.allclose(np.empty(0), [0.19]) and not strict.allclose([0.19], np.empty((1, 0)))
    assert strict.allclose(np.empty(0), []) and bool(strict.isclose(np.empty(0), [1.0]).all()) is False
    assert strict.ndarray is np.ndarray and strict.linalg is np.linalg
