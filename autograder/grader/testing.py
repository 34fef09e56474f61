"""Test files in otter-grader's two formats, loaded and run in the grader.

* Exception-based files (``OK_FORMAT = False``): functions decorated with :class:`test_case`,
  their parameters filled by name from the student's namespace (``env`` is the namespace itself),
  as otter's ``call_func`` does.
* OK-format files (``OK_FORMAT = True``, a ``test`` dict of doctest cases): each example is
  evaluated in the grader against the remote namespace and its expected output is compared as
  a value with tolerance, falling back to text only where it is not a value.

A test file is trusted (it comes from the instructor); ``from otter.test_files import test_case``
inside it resolves to this module, with or without otter installed.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import doctest
import functools
import io
import inspect
import re
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from autograder.grader import checks
from autograder.grader import strict_numpy
from autograder.grader.frozen import freeze_globals


class test_case:  # noqa: N801 - the name otter's test files import
    """Decorator for an exception-based test case (otter-grader compatible)."""

    def __init__(self, name=None, points=None, hidden=False, success_message=None, failure_message=None):
        self.test_func: Callable | None = None
        if callable(name):  # used bare: @test_case
            self.test_func, name = name, None
        self.name, self.points, self.hidden = name, points, hidden
        self.success_message, self.failure_message = success_message, failure_message

    def __call__(self, test_func: Callable) -> "test_case":
        self.test_func = test_func
        return self


@dataclass
class TestCase:
    name: str
    question: str
    points: float
    hidden: bool
    run: Callable[[Any], None]  # takes the namespace, raises on failure
    success_message: str | None = None
    failure_message: str | None = None
    source: str = ""  # the file it came from (never shown to students when hidden)
    state: dict | None = None  # the file's globals, shared by every submission: kept read-only
    all_or_nothing: bool = False  # otter: the question scores all its points or none


@dataclass
class Question:
    name: str
    tests: list[TestCase] = field(default_factory=list)
    requires: set[str] = field(default_factory=set)  # e.g. {"keras"}
    title: dict[str, str] = field(default_factory=dict)

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tests)


# ---------------------------------------------------------------------------------------------
# Loading


def _shim_import(name, globals=None, locals=None, fromlist=(), level=0):
    if name in ("otter.test_files", "otter") and fromlist and "test_case" in fromlist:
        return sys.modules[__name__]
    module = builtins.__import__(name, globals, locals, fromlist, level)
    return strict_numpy.numpy if module is np and level == 0 else module  # see strict_numpy.py


_TEST_BUILTINS = dict(vars(builtins), __import__=_shim_import)


def load_test_file(path: Path) -> tuple[str, list[TestCase], set[str]]:
    """Read one test file of either format: (question name, its cases, its requirements)."""
    source = path.read_text(encoding="utf-8")
    env: dict[str, Any] = {"__file__": str(path), "__name__": f"autograder_tests.{path.stem}",
                           "__builtins__": dict(_TEST_BUILTINS)}
    exec(compile(source, str(path), "exec"), env)
    freeze_globals(env)
    requires = set(env.get("requires", []))
    if env.get("OK_FORMAT"):
        spec = env.get("test")
        if not isinstance(spec, dict) or "name" not in spec:
            raise ValueError(f"{path}: OK-format file without a 'test' dict")
        cases = _ok_cases(spec, str(path))
        if spec.get("all_or_nothing"):
            cases = [replace(c, all_or_nothing=True) for c in cases]
        return str(spec["name"]), cases, requires
    if "name" not in env:
        raise ValueError(f"{path}: test file does not define 'name'")
    name = str(env["name"])
    found = [v for v in env.values() if getattr(v, "test_func", None) is not None and hasattr(v, "hidden")]
    cases = []
    for i, tc in enumerate(found, 1):
        cases.append(TestCase(name=tc.name or tc.test_func.__name__ or f"{name} - {i}", question=name,
                              points=tc.points, hidden=bool(tc.hidden), run=_caller(tc.test_func),
                              success_message=tc.success_message, failure_message=tc.failure_message,
                              source=str(path), state=env, all_or_nothing=bool(env.get("all_or_nothing", False))))
    return name, _resolve_points(env.get("points"), cases), requires


def _caller(func: Callable) -> Callable[[Any], None]:
    params = list(inspect.signature(func).parameters)

    def run(env):
        func(**{p: (env if p == "env" else env[p]) for p in params})

    return run


def _resolve_points(total, cases: list[TestCase]) -> list[TestCase]:
    """otter's rule: explicit points stay; a file total is split over the rest; else 1 in all."""
    if isinstance(total, list):
        return [replace(c, points=float(p)) for c, p in zip(cases, total)]
    fixed = sum(c.points for c in cases if c.points is not None)
    free = [c for c in cases if c.points is None]
    if total is not None:
        each = (total - fixed) / len(free) if free else 0.0
    elif fixed == 0:
        each = 1 / len(free) if free else 0.0
    else:
        each = 0.0
    return [replace(c, points=float(c.points if c.points is not None else each)) for c in cases]


def load_questions(folders: list[Path]) -> dict[str, Question]:
    """Merge the test files of several folders (public, then hidden) into questions by name."""
    questions: dict[str, Question] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            name, cases, requires = load_test_file(path)
            q = questions.setdefault(name, Question(name))
            q.tests += cases
            q.requires |= requires
    for q in questions.values():  # a file's ``keras_models``: rebuilt in trusted code in every test of the question
        models = {str(m) for tc in q.tests if tc.state for m in tc.state.get("keras_models", ())}
        if models:
            from autograder.grader.keras_eval import trusting

            q.tests = [replace(tc, run=trusting(tc.run, models)) for tc in q.tests]
    return questions


# ---------------------------------------------------------------------------------------------
# OK format: doctest cases compared as values


def _ok_cases(spec: dict, path: str) -> list[TestCase]:
    cases = [c for suite in spec.get("suites", []) for c in suite.get("cases", [])]
    out = []
    for i, case in enumerate(cases, 1):
        code = str(case.get("code", ""))
        out.append(TestCase(name=case.get("name") or f"{spec['name']} - {i}", question=str(spec["name"]),
                            points=case.get("points"), hidden=bool(case.get("hidden", True)),  # otter: hidden unless said
                            run=_doctest_runner(code, bool(case.get("hidden", True))),
                            success_message=case.get("success_message"),
                            failure_message=case.get("failure_message"), source=path))
    return _resolve_points(spec.get("points"), out)


class _DoctestGlobals(dict):
    """Globals for a doctest: the test's own names first, then the student's (a dict subclass,
    so that comprehensions, lambdas and nested functions in a case see both)."""

    def __init__(self, env):
        super().__init__(__builtins__=dict(_TEST_BUILTINS), np=strict_numpy.numpy)
        self.env = env

    def __missing__(self, key):
        if key in self.env:
            return self.env[key]
        raise KeyError(key)


def _compile_example(source: str):
    """(code, is_expression), or the SyntaxError to raise when the case runs."""
    try:
        return compile(source, "<test>", "eval"), True
    except SyntaxError:
        try:
            return compile(source, "<test>", "exec"), False
        except SyntaxError as e:
            return e, False


@dataclass
class _Example:
    source: str
    code: Any
    is_expr: bool
    want: str
    exc_msg: str | None


class _Sink:
    """Where the student process's printed output goes during a doctest example: the same
    stream as the grader's own prints, in the order they happen."""

    def __init__(self, stream):
        self.append = stream.write


def _doctest_runner(code: str, hidden: bool = True) -> Callable[[Any], None]:
    # Compiled once when the test file loads: a batch runs each case once per submission.
    examples = [_Example(e.source.strip(), *_compile_example(e.source), e.want.strip(), e.exc_msg)
                for e in doctest.DocTestParser().parse(code) if isinstance(e, doctest.Example)]

    def run(env):
        scope = _DoctestGlobals(env)
        student = getattr(env, "_student", None)
        notes = []
        for k, ex in enumerate(examples, 1):
            if isinstance(ex.code, SyntaxError):
                raise ex.code
            printed = io.StringIO()
            value, raised = None, None
            if student is not None:
                student.stdout_sink = _Sink(printed)
            try:
                with contextlib.redirect_stdout(printed):  # the instructor's own code, run in the grader
                    value = eval(ex.code, scope) if ex.is_expr else exec(ex.code, scope)  # noqa: S307
            except Exception as e:  # noqa: BLE001 - compared with the example's expected exception
                if ex.exc_msg is None:
                    raise
                raised = e
            finally:
                if student is not None:
                    student.stdout_sink = None
            try:
                if ex.exc_msg is not None:
                    _compare_exception(raised, ex.exc_msg, printed.getvalue())
                    continue
                note = _check_example(value, printed.getvalue(), ex.want, student)
            except checks.Fail as failure:
                raise _explained(failure, ex, k, len(examples), hidden) from None
            if note:
                notes.append(note)
        return {"otter_note": "; ".join(notes)[:500]} if notes else None

    return run


def _student_repr(value, student) -> str:
    """A value's repr as the student's kernel prints it: the student's own for their objects."""
    from autograder.grader.remote import RemoteObject

    if isinstance(value, RemoteObject) and student is not None:
        return str(student.apply("repr", value))
    return repr(value)


def _check_example(value, printed: str, want: str, student) -> str:
    """Compare one example's outcome with its expected output; a note when otter (which
    compares printed text) would have judged a passing example otherwise."""
    from autograder.grader.remote import RemoteObject

    text = printed.strip()
    if not want:  # as doctest: an example that expects nothing must show nothing
        if value is not None or text:
            shown = "\n".join(x for x in (text, _student_repr(value, student) if value is not None else "") if x)
            raise checks.Fail(f"출력이 없어야 하는데 다음이 나왔습니다: {shown[:300]}",
                              f"Expected no output, got: {shown[:300]}")
        return ""
    if isinstance(value, RemoteObject):  # a student object: compared as the text the student's kernel shows
        shown = _student_repr(value, student)
        got = f"{text}\n{shown}" if text else shown
        if " ".join(got.split()) != " ".join(want.split()):
            raise _with_got(checks.Fail("출력이 기대한 값과 다릅니다.", "The output differs from the expected one."), got)
        return ""
    got = text if value is None else f"{text}\n{value!r}" if text else repr(value)
    try:
        if text:
            _compare_output(got, want, printed=True)
        else:
            _compare_output(value, want)
    except checks.Fail as failure:
        raise _with_got(failure, got) from None
    if not doctest.OutputChecker().check_output(want + "\n", got + "\n", 0):
        return (f"otter would fail this example: it compares the printed text {got[:80]!r} "
                f"with {want[:80]!r}; this grader compares the values")
    return ""


def _with_got(failure: checks.Fail, got: str) -> checks.Fail:
    failure.got = got  # shown for public cases only
    return failure


def _compare_exception(raised, exc_msg: str, printed: str) -> None:
    """An example that expects ``Traceback ... Kind: message``: the same kind and message."""
    from autograder.grader.remote import StudentError

    if raised is None:
        raise _with_got(checks.Fail("예외가 발생해야 하는데 발생하지 않았습니다.", "Expected an exception, but none was raised."),
                        printed.strip() or "(nothing)")
    if isinstance(raised, StudentError):
        got = f"{raised.type_name}: {raised.text}" if raised.text else raised.type_name
    else:
        got = "".join(traceback.format_exception_only(type(raised), raised)).strip()
    if " ".join(got.split()) != " ".join(exc_msg.split()):
        raise _with_got(checks.Fail("다른 예외가 발생했습니다.", "A different exception was raised."), got)


def _explained(failure: checks.Fail, ex: _Example, k: int, n: int, hidden: bool) -> checks.Fail:
    """A failed example's message: for a public case the example, what was expected and what the
    comparison found (as otter's report shows); for a hidden one, only which example failed."""
    if hidden:
        return checks.Fail(f"숨겨진 예제 {k}/{n}을(를) 통과하지 못했습니다.", f"Hidden example {k} of {n} failed.")
    got = getattr(failure, "got", None)
    detail_ko = f"{_indent(got)}\n({failure.ko})" if got is not None else failure.ko
    detail_en = f"{_indent(got)}\n({failure.en})" if got is not None else failure.en
    want = ex.want if ex.exc_msg is None else f"Traceback (most recent call last):\n    ...\n{ex.exc_msg.strip()}"
    head_ko = f"실패한 예제:\n    >>> {_indent(ex.source)}\n기대한 출력:\n    {_indent(want) or '(출력 없음)'}\n"
    head_en = f"Failed example:\n    >>> {_indent(ex.source)}\nExpected:\n    {_indent(want) or '(nothing)'}\n"
    return checks.Fail(f"{head_ko}결과:\n    {detail_ko}", f"{head_en}Got:\n    {detail_en}")


def _indent(text: str) -> str:
    return "\n    ".join(text.splitlines())


_NP_SCALAR = re.compile(r"np\.(?:float|int|uint|complex)\d*\(([^()]*)\)")


@functools.lru_cache(maxsize=4096)  # the same expected outputs come back for every submission
def parse_expected(want: str) -> tuple[bool, Any]:
    """Expected doctest output as a value when it is one (numpy 1 and 2 reprs alike).
    Cached: callers must not modify the value."""
    text = want.replace("np.True_", "True").replace("np.False_", "False")
    text = _NP_SCALAR.sub(r"\1", text)
    text = re.sub(r",\s*dtype=[\w.]+", "", text)
    text = re.sub(r"\barray\(", "(", text)
    text = text.replace("nan", "float('nan')") if "nan" in text else text
    try:
        node = ast.parse(text, mode="eval")
    except SyntaxError:
        return False, None
    if "float('nan')" in text:
        try:
            return True, _literal_with_nan(node)
        except ValueError:
            return False, None
    try:
        return True, ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return False, None


def _literal_with_nan(node):
    def conv(n):
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "float":
            return float("nan")
        if isinstance(n, (ast.List, ast.Tuple)):
            return [conv(e) for e in n.elts]
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            return -conv(n.operand)
        return ast.literal_eval(n)

    return conv(node.body)


def _printed_atol(want: str) -> float:
    """numpy prints arrays to 8 decimals: accept half a unit of the last printed decimal there
    (Python's own float repr is exact, so no slack for plain numbers)."""
    if "array(" not in want:
        return 1e-9
    decimals = [len(m) for m in re.findall(r"\d\.(\d+)", want)]
    return max(1e-9, 0.5 * 10.0 ** -max(decimals)) if decimals else 1e-9


def _compare_output(value, want: str, printed: bool = False) -> None:
    """Compare a case's result with its expected output: as values where the expected output is
    one (numbers and arrays with tolerance), as whitespace-normalised text otherwise."""
    ok, expected = parse_expected(want)
    if printed:  # printed text: compare as values if it parses as one too
        got_ok, got = parse_expected(value)
        if ok and got_ok and not isinstance(expected, str):
            value = got
        else:
            ok = False
    if ok and not isinstance(expected, str):
        if isinstance(expected, bool):
            checks.assert_equal(value, expected, name="output")
        elif not _numeric(expected):  # strings, sets, bytes, complex, None inside: equal as data
            if not _equal_data(value, expected):
                raise checks.Fail("출력이 기대한 값과 다릅니다.", "The output differs from the expected one.")
        else:
            checks.assert_close(list(value) if isinstance(value, tuple) else value,
                                list(expected) if isinstance(expected, tuple) else expected,
                                atol=_printed_atol(want), name="output")
        return
    got_text = value if printed or isinstance(value, str) and ok else repr(value)
    want_text = expected if ok and isinstance(expected, str) else want
    if " ".join(str(got_text).split()) != " ".join(str(want_text).split()):
        raise checks.Fail("출력이 기대한 값과 다릅니다.", "The output differs from the expected one.")


def _numeric(x) -> bool:
    """A number, or (nested) lists/tuples of numbers: what is compared with tolerance."""
    if isinstance(x, (list, tuple)):
        return all(_numeric(e) for e in x)
    return isinstance(x, (int, float)) and not isinstance(x, complex)


def _equal_data(value, expected) -> bool:
    """Equality of the value (data from the student process) with the expected literal, in the
    grader: numpy values as Python ones, complex numbers with tolerance, and never a student
    object's own ``__eq__``."""
    from autograder.grader.remote import RemoteObject

    if isinstance(value, RemoteObject):
        return False
    if isinstance(value, (np.ndarray, np.generic)):
        value = value.tolist()
    if isinstance(expected, (list, tuple)):
        return (isinstance(value, type(expected)) and len(value) == len(expected)
                and all(_equal_data(v, e) for v, e in zip(value, expected)))
    if isinstance(expected, dict):
        return (isinstance(value, dict) and set(value) == set(expected)
                and all(_equal_data(value[k], expected[k]) for k in expected))
    if isinstance(expected, (set, frozenset)):
        return isinstance(value, (set, frozenset)) and not any(isinstance(v, RemoteObject) for v in value) \
            and value == expected
    if isinstance(expected, complex) or isinstance(value, complex):
        return isinstance(value, (int, float, complex)) and abs(complex(value) - complex(expected)) <= 1e-9 + 1e-6 * abs(complex(expected))
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value - expected) <= 1e-9 + 1e-6 * abs(expected)
    return type(value) is type(expected) and value == expected


__all__ = ["test_case", "TestCase", "Question", "load_test_file", "load_questions", "parse_expected"]
