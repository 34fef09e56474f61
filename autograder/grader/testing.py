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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from autograder.grader import checks
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
    return builtins.__import__(name, globals, locals, fromlist, level)


def load_test_file(path: Path) -> tuple[str, list[TestCase], set[str]]:
    """Read one test file of either format: (question name, its cases, its requirements)."""
    source = path.read_text(encoding="utf-8")
    env: dict[str, Any] = {"__file__": str(path), "__name__": f"autograder_tests.{path.stem}",
                           "__builtins__": dict(vars(builtins), __import__=_shim_import)}
    exec(compile(source, str(path), "exec"), env)
    freeze_globals(env)
    requires = set(env.get("requires", []))
    if env.get("OK_FORMAT"):
        spec = env.get("test")
        if not isinstance(spec, dict) or "name" not in spec:
            raise ValueError(f"{path}: OK-format file without a 'test' dict")
        return str(spec["name"]), _ok_cases(spec, str(path)), requires
    if "name" not in env:
        raise ValueError(f"{path}: test file does not define 'name'")
    name = str(env["name"])
    found = [v for v in env.values() if getattr(v, "test_func", None) is not None and hasattr(v, "hidden")]
    cases = []
    for i, tc in enumerate(found, 1):
        cases.append(TestCase(name=tc.name or tc.test_func.__name__ or f"{name} - {i}", question=name,
                              points=tc.points, hidden=bool(tc.hidden), run=_caller(tc.test_func),
                              success_message=tc.success_message, failure_message=tc.failure_message,
                              source=str(path), state=env))
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
                            run=_doctest_runner(code), success_message=case.get("success_message"),
                            failure_message=case.get("failure_message"), source=path))
    return _resolve_points(spec.get("points"), out)


class _DoctestGlobals(dict):
    """Globals for a doctest: the test's own names first, then the student's (a dict subclass,
    so that comprehensions, lambdas and nested functions in a case see both)."""

    def __init__(self, env):
        super().__init__(__builtins__=builtins, np=np)
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


def _doctest_runner(code: str) -> Callable[[Any], None]:
    # Compiled once when the test file loads: a batch runs each case once per submission.
    examples = [(*_compile_example(e.source), e.want.strip())
                for e in doctest.DocTestParser().parse(code) if isinstance(e, doctest.Example)]

    def run(env):
        scope = _DoctestGlobals(env)
        for compiled, is_expr, want in examples:
            if isinstance(compiled, SyntaxError):
                raise compiled
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):  # the instructor's own code, run in the grader
                value = eval(compiled, scope) if is_expr else exec(compiled, scope)  # noqa: S307
            if not want:
                continue
            text = printed.getvalue().strip()
            if text and value is None:
                _compare_output(text, want, printed=True)
            elif text:
                _compare_output(f"{text}\n{value!r}", want, printed=True)
            else:
                _compare_output(value, want)

    return run


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
        else:
            checks.assert_close(list(value) if isinstance(value, tuple) else value,
                                list(expected) if isinstance(expected, tuple) else expected,
                                atol=_printed_atol(want), name="output")
        return
    got_text = value if printed or isinstance(value, str) and ok else repr(value)
    want_text = expected if ok and isinstance(expected, str) else want
    if " ".join(str(got_text).split()) != " ".join(str(want_text).split()):
        raise checks.Fail("출력이 기대한 값과 다릅니다.", "The output differs from the expected one.")


__all__ = ["test_case", "TestCase", "Question", "load_test_file", "load_questions", "parse_expected"]
