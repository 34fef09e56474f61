"""A test's function that depends only on its arguments runs in the student process (no round
trip per call); one the test learns from stays in the grader and sees every call; the grader
never accepts a function from the student process."""

import math

import numpy as np
import pytest

from autograder import wire
from autograder.grader.portable import portable
from autograder.grader.remote import RemoteNamespace, Student, StudentError
from autograder.grader.testing import _DoctestGlobals
from autograder.wire import Limits

FROZEN = np.array([[2.0, -1.0], [-1.0, 8.0]])
FROZEN.flags.writeable = False
WRITEABLE = np.zeros(2)
SEEN = []
COUNT = 0


def lecture_grad(x):
    return np.array([2 * x[0] - x[1], 8 * x[1] - x[0]], dtype=float)


def uses_constants(x, scale=2.0):
    return scale * (FROZEN @ x) + math.pi * 0


def records(x):
    SEEN.append(x)
    return x


def counts(x):
    global COUNT
    COUNT += 1
    return x


BIG = np.zeros(1 << 18)  # 2 MiB
BIG.flags.writeable = False


def reads_big(x):
    return x + BIG[0]


def reads_writeable(x):
    return x + WRITEABLE


def imports(x):
    import os  # noqa: F401
    return x


def generator(x):
    yield x


def calls_helper(x):
    return lecture_grad(x)


def test_what_is_portable():
    assert portable(lecture_grad) is not None
    assert portable(uses_constants) is not None
    assert portable(lambda x: np.sin(x) + abs(x)) is not None  # builtins and numpy
    seen = []
    assert portable(lambda x: seen.append(x) or x) is None  # a closure over a list
    k = 3
    assert portable(lambda x: k * x) is not None  # a closure over a number
    for fn in (records, counts, reads_writeable, reads_big, imports, generator, calls_helper, len, np.sum,
               (lambda x, out=[]: x), [].append):
        assert portable(fn) is None, fn


def test_a_test_can_keep_a_pure_function_in_the_grader(env):
    from autograder import checks

    ns, student = env
    kept = checks.in_grader(lecture_grad)
    assert portable(kept) is None
    np.testing.assert_array_equal(ns["optimize"](kept, np.array([1.0, 2.0]), 3),
                                  ns["optimize"](lecture_grad, np.array([1.0, 2.0]), 3))
    assert len(student._callbacks) == 1


def test_functions_that_change_shared_cells_or_attributes_stay_in_the_grader():
    count = 0

    def counts_calls(x):
        nonlocal count
        count += 1
        return x

    def sets_attribute(x):
        np.anything = x
        return x

    def own_cell(x):  # a cell of its own, made anew each call: still portable
        k = 2.0
        return [k * v for v in x] and (lambda y: k * y)(x)

    assert portable(counts_calls) is None and portable(sets_attribute) is None
    assert portable(own_cell) is not None


def test_a_hidden_test_never_sends_code(env):
    from autograder.grader import checks

    ns, student = env
    token = checks.use_context(checks.TestContext(seed=b"s", hidden=True))
    try:
        ns["optimize"](lecture_grad, np.array([1.0, 2.0]), 3)
    finally:
        checks.reset_context(token)
    assert len(student._callbacks) == 1, "in a hidden test the function is called back, never sent"


def test_a_finished_tests_functions_are_unreachable(env):
    ns, student = env
    calls = []

    def grad(x):
        calls.append(1)
        return 2 * x

    assert ns["keep"](grad) is not None and calls == [1]
    student.forget_callbacks()  # what grading does after every test
    with pytest.raises(StudentError) as e:
        ns["call_kept"]()
    assert "unknown callback" in str(e.value) and calls == [1]


def test_a_doctest_lambda_that_names_student_code_stays_in_the_grader():
    env = _DoctestGlobals({"student_fn": object()})
    code = compile("(lambda x: student_fn(x), lambda x: np.cos(x))", "<test>", "eval")
    names_student, pure = eval(code, env)  # noqa: S307 - the test's own source
    assert portable(names_student) is None
    assert portable(pure) is not None


def test_the_code_sent_names_no_grader_path():
    import marshal

    sent = portable(lambda x: [np.sin(v) for v in x])
    code = marshal.loads(sent.code)
    nested = [c for c in code.co_consts if hasattr(c, "co_filename")]
    assert nested and {code.co_filename, *(c.co_filename for c in nested)} == {"<grader function>"}


def test_the_grader_never_decodes_a_function():
    blobs = []
    data = wire.encode(portable(lecture_grad), blobs)
    with pytest.raises(wire.WireError):
        wire.decode(data, blobs)
    with pytest.raises(wire.WireError):
        wire.decode_call({"args": [data]}, blobs)


CELL = """
import numpy as np
def optimize(grad_fn, x, n):
    for _ in range(n):
        x = x - 0.1 * grad_fn(x)
    return x
def poke(fn, x):
    fn(x)
    x[0] = 99.0  # the student keeps the array it passed
    return fn(x)
def fn_type(fn):
    return type(fn).__name__
def try_write(fn, x):
    return fn(x)
KEPT = []
def keep(fn):
    KEPT.append(fn)
    return fn(np.zeros(1))
def call_kept():
    return KEPT[0](np.zeros(1))
"""


@pytest.fixture
def env(zygote):
    student = Student(zygote, [CELL], Limits(memory_mb=2048, cpu_seconds=600))
    yield RemoteNamespace(student), student
    student.close()


def test_a_pure_function_runs_in_the_student_process_with_the_same_result(env):
    ns, student = env
    x0 = np.array([-5.0, 4.0])
    expected = x0.copy()
    for _ in range(100):
        expected = expected - 0.1 * lecture_grad(expected)
    got = ns["optimize"](lecture_grad, x0, 100)
    np.testing.assert_array_equal(got, expected)
    assert student._callbacks == {}, "no callback was registered: no round trip per call"
    assert ns["fn_type"](lecture_grad) == "function"


def test_a_recording_function_still_sees_every_call(env):
    ns, student = env
    calls = []

    def grad(x):
        calls.append(np.array(x))
        return 2 * x

    ns["optimize"](grad, np.array([1.0]), 7)
    assert len(calls) == 7 and len(student._callbacks) == 1


def test_a_portable_function_gets_copies_and_read_only_constants(env):
    ns, _ = env

    def mutates(x):
        x += 1.0
        return x

    k = (1.0, 2.0)
    assert portable(mutates) is not None
    x = np.array([0.0, 0.0])
    np.testing.assert_array_equal(ns["poke"](mutates, x), [100.0, 1.0])  # the student's own array is never changed by the call

    def writes_constant(x):
        FROZEN[0, 0] = x[0]
        return k

    with pytest.raises(StudentError) as e:
        ns["try_write"](writes_constant, np.array([5.0]))
    assert "read-only" in str(e.value)
    assert FROZEN[0, 0] == 2.0


def test_a_student_cannot_send_the_grader_a_function(zygote):
    cell = """
from autograder import wire
def evil():
    import marshal
    return wire.PortableFunction(marshal.dumps(compile("open('pwned', 'w')", "x", "exec")), "x", {}, {}, (), {}, ())
"""
    student = Student(zygote, [cell], Limits(memory_mb=2048, cpu_seconds=600))
    try:
        with pytest.raises(Exception) as e:
            RemoteNamespace(student)["evil"]()
        assert "decode" in str(e.value)
    finally:
        student.close()
