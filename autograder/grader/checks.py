"""The checks library for test authors. Runs in the grader, never in the student's process.

Every assertion raises :class:`Fail` (an ``AssertionError``) with a message in Korean and
English. Messages in hidden tests never show expected values: the runner marks the test
hidden and :func:`_show_values` keeps them out.
"""

from __future__ import annotations

import contextvars
import hashlib
import importlib.util
import numbers
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from autograder.grader.frozen import freeze_globals


class Fail(AssertionError):
    """A failed check, with the same message in Korean and English."""

    def __init__(self, ko: str, en: str | None = None):
        self.ko, self.en = ko, en if en is not None else ko
        super().__init__(f"{self.ko}\n{self.en}" if self.ko != self.en else self.en)


@dataclass(frozen=True)
class TestContext:
    """What the runner tells the checks about the test in flight."""

    seed: bytes = b""
    hidden: bool = False


_context: contextvars.ContextVar[TestContext] = contextvars.ContextVar(
    "autograder_test_context", default=TestContext()
)


def use_context(ctx: TestContext) -> contextvars.Token:
    return _context.set(ctx)


def reset_context(token: contextvars.Token) -> None:
    _context.reset(token)


def _show_values() -> bool:
    return not _context.get().hidden


def running_hidden() -> bool:
    """Whether the test in flight is hidden (its code must not reach the student process)."""
    return _context.get().hidden


# ---------------------------------------------------------------------------------------------
# Inputs


def rng() -> np.random.Generator:
    """A generator seeded by the runner's secret for this submission and test.

    Outside the runner (a plain otter run, a notebook) it is seeded from the OS.
    """
    seed = _context.get().seed
    if not seed:
        return np.random.default_rng()
    return np.random.default_rng(int.from_bytes(hashlib.sha256(seed).digest()[:16], "little"))


def signed_uniform(generator: np.random.Generator, size, low: float = 0.5, high: float = 2.0) -> np.ndarray:
    """Random values whose magnitudes lie in [low, high], with random signs: inputs for breadth
    that never come near zero, where a small difference (ε's place, a constant that barely
    matters) would pass or fail by the luck of the draw. Decide such properties with
    deterministic inputs that separate them instead."""
    return generator.uniform(low, high, size=size) * generator.choice([-1.0, 1.0], size=size)


_references: dict[Path, Any] = {}


def load_reference(test_file: str | Path):
    """The reference solution ``solution.py`` of the assignment a hidden test file belongs to."""
    folder = Path(test_file).resolve().parent
    path = folder.parent / "solution.py" if folder.name == "tests" else folder / "solution.py"
    if path not in _references:
        spec = importlib.util.spec_from_file_location(f"autograder_reference_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses and inspect look modules up there
        spec.loader.exec_module(module)
        freeze_globals(vars(module))  # shared by every submission a worker grades
        _references[path] = module
    return _references[path]


def affine_function(A, b=None):
    """The function ``x -> A @ x + b`` (e.g. a quadratic's gradient) as a value the student's
    process can evaluate by itself. Pass it where student code expects a function and calls it
    many times (``optimize``'s ``grad_fn``). A plain function that depends only on its arguments
    runs there too (grader/portable.py); one that records its calls (appends to a list, counts)
    runs here, in the grader, once per call, so the test sees every call."""
    from autograder.wire import AffineMap

    A = np.asarray(A, dtype=float)
    return AffineMap(A, np.zeros(A.shape[0]) if b is None else b)


class _InGrader:
    __slots__ = ("fn", "__name__")

    def __init__(self, fn: Callable):
        self.fn, self.__name__ = fn, getattr(fn, "__name__", "function")

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def in_grader(fn: Callable) -> Callable:
    """``fn``, kept in the grader even when it depends only on its arguments: every call student
    code makes comes back here. A function that would otherwise run in the student process goes
    there as code; use this for a hidden test's function whose source must stay hidden."""
    return _InGrader(fn)


# ---------------------------------------------------------------------------------------------
# Calling student code


def call(fn: Callable, *args, **kwargs):
    """Call ``fn`` and fail if it modified any of its array arguments in place.

    A remote function reports which arguments the student's process saw change; a local
    function (the reference, in the project's own tests) is checked here with copies.
    """
    reporting = getattr(fn, "call_reporting_mutation", None)
    if reporting is not None:
        result, mutated = reporting(*args, **kwargs)
    else:
        before = {k: v.copy() for k, v in _array_args(args, kwargs)}
        result = fn(*args, **kwargs)
        mutated = [k for k, v in _array_args(args, kwargs) if not _same_array(before[k], v)]
    if mutated:
        names = ", ".join(mutated)
        raise Fail(
            f"{_name(fn)}이(가) 입력 배열({names})을 제자리에서 바꿨습니다. 입력은 그대로 두고 새 배열을 반환하세요.",
            f"{_name(fn)} modified its input array(s) ({names}) in place. Leave inputs unchanged and return new arrays.",
        )
    return result


def _array_args(args, kwargs):
    for i, a in enumerate(args):
        if isinstance(a, np.ndarray):
            yield f"arg {i + 1}", a
    for k, a in kwargs.items():
        if isinstance(a, np.ndarray):
            yield k, a


def _same_array(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def _name(fn) -> str:
    return getattr(fn, "__name__", None) or getattr(fn, "name", None) or "함수/function"


def attribute(obj, attr: str, label: str, numeric: bool = False, set_in: str | None = None):
    """``obj.attr`` of a student's object (a copy of its data), failing clearly when it is missing
    or, with ``numeric``, None or not numbers (then returned as a float64 array). ``set_in`` names
    the method that should have set it, for the hint."""
    kind = getattr(obj, "_type_name", None) or type(obj).__name__
    try:
        value = getattr(obj, attr)
    except AttributeError:
        raise Fail(f"{label}: {kind} 객체에 속성 self.{attr}이(가) 없습니다.",
                   f"{label}: the {kind} object has no attribute self.{attr}.") from None
    if not numeric:
        return value
    if value is None:
        where_ko = f" {set_in}에서 설정하세요." if set_in else ""
        where_en = f" Set it in {set_in}." if set_in else ""
        raise Fail(f"{label}: self.{attr}이(가) None입니다.{where_ko}", f"{label}: self.{attr} is None.{where_en}")
    try:
        return np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Fail(f"{label}: self.{attr}은(는) 숫자 배열이어야 합니다.",
                   f"{label}: self.{attr} must be a numeric array.") from None


def assert_raises(exc_type: type[BaseException], fn: Callable, *args, **kwargs) -> None:
    """``fn(*args, **kwargs)`` must raise ``exc_type`` (a student's exception of that kind)."""
    try:
        fn(*args, **kwargs)
    except exc_type:
        return
    except Exception as e:  # noqa: BLE001 - any other student exception is the failure
        raise Fail(
            f"{_name(fn)}이(가) {exc_type.__name__} 대신 {type(e).__name__}을(를) 일으켰습니다.",
            f"{_name(fn)} raised {type(e).__name__} instead of {exc_type.__name__}.",
        ) from None
    raise Fail(
        f"{_name(fn)}이(가) {exc_type.__name__}을(를) 일으켜야 하는데 그냥 반환했습니다.",
        f"{_name(fn)} should raise {exc_type.__name__} here but returned normally.",
    )


# ---------------------------------------------------------------------------------------------
# Comparing values


def _is_number(x) -> bool:
    return isinstance(x, (numbers.Number, np.number, np.bool_)) and not isinstance(x, np.ndarray)


def _as_numeric_array(x, name: str) -> np.ndarray:
    """Turn a number, a numeric array or a list of numbers into an array; refuse anything else."""
    if isinstance(x, np.ndarray):
        arr = x
    elif _is_number(x) or isinstance(x, (list, tuple)):
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError):
            arr = np.asarray(None, dtype=object)
    else:
        arr = np.asarray(None, dtype=object)
    if arr.dtype.kind not in "biufc":
        kind = type(x).__name__
        raise Fail(
            f"{name}: 숫자나 숫자 배열이 필요한데 {kind}을(를) 받았습니다.",
            f"{name}: expected a number or a numeric array, got {kind}.",
        )
    return arr


def assert_close(actual, expected, rtol: float = 1e-6, atol: float = 1e-9, name: str = "result"):
    """Compare numbers, arrays, and tuples/lists/dicts of them, as values with tolerance.

    Shapes must match exactly (no broadcasting); a scalar and a 0-d or 1-element array of the
    same value are accepted as equal only when ``expected`` has that shape too.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Fail(f"{name}: dict가 필요한데 {type(actual).__name__}을(를) 받았습니다.",
                       f"{name}: expected a dict, got {type(actual).__name__}.")
        missing = sorted(set(map(str, expected)) - set(map(str, actual)))
        if missing:
            raise Fail(f"{name}: 키가 빠졌습니다: {missing}", f"{name}: missing keys: {missing}")
        for k in expected:
            assert_close(actual[k], expected[k], rtol, atol, f"{name}[{k!r}]")
        return
    if isinstance(expected, tuple) or (isinstance(expected, list) and not _is_flat_numbers(expected)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            got = f"{type(actual).__name__} of length {len(actual)}" if isinstance(actual, (tuple, list)) else type(actual).__name__
            raise Fail(f"{name}: 길이 {len(expected)}의 튜플이 필요한데 {got}을(를) 받았습니다.",
                       f"{name}: expected a tuple of length {len(expected)}, got {got}.")
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_close(a, e, rtol, atol, f"{name}[{i}]")
        return
    exp = np.asarray(expected)
    act = _as_numeric_array(actual, name)
    _check_shape(act.shape, exp.shape, name)
    a = act.astype(np.complex128 if act.dtype.kind == "c" else np.float64, copy=False)
    e = exp.astype(np.float64, copy=False)
    ok = _close(a, e, rtol, atol)
    if ok.all():
        return
    raise Fail(*_diff_message(name, a, e, ok, rtol, atol))


def _close(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """``np.isclose(a, e, rtol, atol, equal_nan=True)`` (|a - e| <= atol + rtol·|e|; equal
    infinities and NaN where NaN is expected pass), at a fraction of its cost for the small
    arrays tests compare thousands of times."""
    with np.errstate(invalid="ignore", over="ignore"):
        ok = np.abs(a - e) <= atol + rtol * np.abs(e)  # False wherever a NaN or inf is involved
    if not ok.all():
        ok |= (a == e) | (np.isnan(a) & np.isnan(e))
    return ok


def _check_shape(actual: tuple, expected: tuple, name: str) -> None:
    if actual != expected:
        raise Fail(f"{name}: 모양이 {expected}이어야 하는데 {actual}입니다.",
                   f"{name}: expected shape {expected}, got {actual}.")


def _is_flat_numbers(xs) -> bool:
    return all(_is_number(x) for x in xs)


def _diff_message(name, a, e, ok, rtol, atol) -> tuple[str, str]:
    n_bad, n = int((~ok).sum()), ok.size
    with np.errstate(all="ignore"):
        abs_err = np.where(np.isfinite(a) & np.isfinite(e), np.abs(a - e), np.inf)
        rel_err = abs_err / np.maximum(np.abs(e), 1e-300)
    worst = np.unravel_index(int(np.argmax(np.where(ok, -1, abs_err))), a.shape) if a.ndim else ()
    where = f" {tuple(int(i) for i in worst)}" if a.ndim else ""
    nan_note_ko = " (NaN 또는 inf 포함)" if not np.isfinite(a).all() else ""
    nan_note_en = " (contains NaN or inf)" if not np.isfinite(a).all() else ""
    stats_en = f"max abs error {float(abs_err[~ok].max()):.3g}, max rel error {float(rel_err[~ok].max()):.3g} (rtol {rtol:g}, atol {atol:g})"
    stats_ko = (f"최대 절대 오차 {float(abs_err[~ok].max()):.3g}, 최대 상대 오차 {float(rel_err[~ok].max()):.3g} "
                f"(rtol {rtol:g}, atol {atol:g})")
    ko = (f"{name}: {n}개 중 {n_bad}개 값이 다릅니다{nan_note_ko}. 가장 큰 차이 위치{where}; {stats_ko}." if a.ndim
          else f"{name}: 값이 다릅니다{nan_note_ko}; {stats_ko}.")
    en = f"{name}: {n_bad} of {n} values differ{nan_note_en}. Worst element at{where or ' the scalar'}; {stats_en}."
    if _show_values():
        got, want = _fmt(a[worst] if a.ndim else a), _fmt(e[worst] if e.ndim else e)
        ko += f" 받은 값 {got}, 기대한 값 {want}."
        en += f" Got {got}, expected {want}."
    return ko, en


def _fmt(x) -> str:
    x = complex(x)
    return f"{x.real:.10g}" if x.imag == 0 else f"{x:.6g}"


def assert_equal(actual, expected, name: str = "result") -> None:
    """Exact equality for ints, bools and 0/1 arrays (``np.True_`` equals ``True``)."""
    if isinstance(expected, (tuple, list)) and not _is_flat_numbers(expected):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            raise Fail(f"{name}: 길이 {len(expected)}의 튜플이 필요합니다.",
                       f"{name}: expected a tuple of length {len(expected)}.")
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_equal(a, e, f"{name}[{i}]")
        return
    exp = np.asarray(expected)
    act = _as_numeric_array(actual, name)
    _check_shape(act.shape, exp.shape, name)
    ok = act == exp
    if np.all(ok):
        return
    ok = np.broadcast_to(ok, act.shape)
    raise Fail(*_diff_message(name, act.astype(float), exp.astype(float), ok, 0.0, 0.0))


def assert_trajectory_close(actual, expected, rtol: float = 1e-6, atol: float = 1e-9,
                            name: str = "trajectory") -> None:
    """Compare two sequences of iterates row by row and name the first step that diverges."""
    exp = np.asarray(expected, dtype=float)
    act = _as_numeric_array(actual, name)
    _check_shape(act.shape, exp.shape, name)
    ok = np.isclose(act.astype(float), exp, rtol=rtol, atol=atol)
    if ok.all():
        return
    rows = ok.reshape(ok.shape[0], -1).all(axis=1) if ok.ndim else np.array([False])
    step = int(np.argmin(rows))
    a, e = np.atleast_1d(act[step].astype(float)), np.atleast_1d(exp[step])
    ko, en = _diff_message(f"{name}[{step}]", a, e, np.atleast_1d(ok[step]), rtol, atol)
    raise Fail(f"{step}번째 단계에서 처음으로 어긋납니다 (0번째는 시작점). " + ko,
               f"First diverges at step {step} (step 0 is the start). " + en)


# ---------------------------------------------------------------------------------------------
# Gradients and statistics


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred differences of the scalar function ``f`` at ``x`` (float64, same shape as x)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = float(f(x))
        x[idx] = old - h
        minus = float(f(x))
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """CS231n's relative error: max |a-b| / max(1e-8, |a|+|b|)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def gradient_check(f: Callable[[np.ndarray], float], x: np.ndarray, analytic,
                   h: float = 1e-5, tol: float = 1e-6, name: str = "gradient") -> None:
    """Fail unless ``analytic`` matches the centred-difference gradient of ``f`` at ``x``."""
    numeric = numerical_gradient(f, x, h)
    act = _as_numeric_array(analytic, name)
    _check_shape(act.shape, numeric.shape, name)
    err = rel_error(act, numeric)
    if not err < tol:
        raise Fail(f"{name}: 수치 미분과의 상대 오차가 {err:.2e}로 허용치 {tol:.0e}보다 큽니다.",
                   f"{name}: relative error against the numerical gradient is {err:.2e}, above {tol:.0e}.")


def binomial_bounds(n: int, p: float, fail_prob: float = 1e-6) -> tuple[int, int]:
    """A two-sided interval a Binomial(n, p) count leaves with probability below ``fail_prob``."""
    from scipy import stats  # imported here: most graders never need it

    lo = int(stats.binom.ppf(fail_prob / 2, n, p))
    hi = int(stats.binom.isf(fail_prob / 2, n, p))
    return lo, hi


def assert_binomial(k, n: int, p: float, fail_prob: float = 1e-6, name: str = "count") -> None:
    """Fail if ``k`` successes out of ``n`` is implausible for probability ``p``."""
    k = int(_as_numeric_array(k, name))
    lo, hi = binomial_bounds(n, p, fail_prob)
    if not lo <= k <= hi:
        raise Fail(f"{name}: {n}개 중 {k}개는 확률 {p:g}에서 나오기 어려운 수입니다 (허용 범위 {lo}–{hi}).",
                   f"{name}: {k} out of {n} is implausible for probability {p:g} (allowed {lo}–{hi}).")


def is_finite(x) -> bool:
    try:
        return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))
    except (TypeError, ValueError):
        return False


def assert_finite(x, name: str = "result") -> None:
    arr = _as_numeric_array(x, name)
    if not np.all(np.isfinite(arr)):
        raise Fail(f"{name}: NaN이나 inf가 있습니다. 수치적으로 안정된 식을 쓰세요.",
                   f"{name}: contains NaN or inf. Use a numerically stable formula.")


def keras_model(obj, label: str | None = None, seed: int | None = None):
    """``obj`` (what a student's function returned) rebuilt from its data in the grader's trusted
    Keras evaluator: a :class:`autograder.grader.keras_eval.KerasModel` whose ``fit``, ``predict``,
    ``evaluate``, ``reset`` and ``summary`` run and answer there. Fails (bilingual) for anything
    that is not a Keras model made of Keras's own layers, optimizers and losses."""
    from autograder.grader import keras_eval  # imports no TensorFlow: that lives in the evaluator

    return keras_eval.keras_model(obj, label, seed)


__all__ = [
    "keras_model", "Fail", "rng", "signed_uniform", "load_reference", "affine_function", "in_grader", "call", "attribute", "assert_raises", "assert_close", "assert_equal",
    "assert_trajectory_close", "numerical_gradient", "rel_error", "gradient_check",
    "binomial_bounds", "assert_binomial", "assert_finite", "is_finite",
]
