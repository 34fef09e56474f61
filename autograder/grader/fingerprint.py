"""Behaviour fingerprints: what a failing submission's functions return on the same inputs.

Hidden inputs are drawn per submission (``checks.rng()`` is seeded by its sha256), so the calls
recorded while testing two submissions cannot be compared. For mining a class's shared mistakes
every failing submission is therefore also asked the same questions: the **canonical calls**.

* A test file may declare them: ``canonical_inputs = {"sgd_step": [((w, g), {"lr": 0.1}), ...]}``.
* Otherwise they are derived once per assignment version, in the grader, by running each
  question's tests against the *reference* (trusted code) with a fixed seed and recording the
  calls the tests make to it (plain functions with data arguments only; at most
  :data:`MAX_CALLS` per function, a few from each test).

After a submission's tests, :func:`behaviours` calls each function that a failed test used on
its canonical calls through the remote namespace (student code runs only in the student
process), and keeps a small signature: a hash of the outputs rounded to 4 significant digits,
which canonical calls differ from the reference, and a short vector of sampled output values
for near-identical matching. Nothing is done for a passing submission, nor when the student
process is gone (no notebook is re-run for this).
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
import math
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder import wire
from autograder.grader import checks

MAX_CALLS = 12  # canonical calls per function
PER_TEST = 3  # taken from each test, round robin, before more from any one test
CALL_SECONDS = 2.0  # each fingerprinting call; a correct function answers in milliseconds
VECTOR = 48  # sampled output values kept for near-identical matching
MAX_ELEMENTS = 100_000  # values of one output that are rounded and hashed
SLOW_REFERENCE = 0.5  # a function the reference needs longer for is not fingerprinted
SPENT_SECONDS = 5.0  # at most this much of a submission's time on fingerprints


@dataclass
class CanonicalCall:
    function: str
    question: str
    test: str
    args: tuple
    kwargs: dict
    expected: Any  # the reference's output, or ("error", type name)


_cache: dict[tuple, dict] = {}


class _Enough(BaseException):
    """Stops a test run on the reference once it has given its calls (not an Exception, so a
    test's own ``except Exception`` does not swallow it)."""


class _Error:
    """An exception in place of an output."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __eq__(self, other):
        return isinstance(other, _Error) and other.type_name == self.type_name

    def __repr__(self):
        return f"<raises {self.type_name}>"


class _ReferenceNamespace:
    """The reference module seen as a test's ``env``; calls to its functions are recorded."""

    def __init__(self, reference, sink: list, question: str, test: str, slow: set):
        self._ref, self._sink, self._question, self._test = reference, sink, question, test
        self._slow = slow  # functions the reference needs too long for

    def __getitem__(self, name: str):
        value = getattr(self._ref, name)
        if name in self._slow:
            raise _Enough()
        if inspect.isfunction(value):
            return self._recorder(name, value)
        if isinstance(value, type):
            raise _Enough()  # classes are not fingerprinted (their objects live in the student process)
        return value

    def __contains__(self, name: str) -> bool:
        return hasattr(self._ref, name)

    def get(self, name: str, default=None):
        return self[name] if name in self else default

    def keys(self):
        return [n for n in vars(self._ref) if not n.startswith("_")]

    def _recorder(self, name, fn):
        sink, question, test, slow = self._sink, self._question, self._test, self._slow

        def call(*args, **kwargs):
            sendable = _sendable(args, kwargs)
            saved = (copy.deepcopy(args), copy.deepcopy(kwargs)) if sendable else None
            t0 = time.monotonic()
            try:
                out = fn(*args, **kwargs)
            except Exception as e:
                if saved:
                    sink.append(CanonicalCall(name, question, test, *saved, _Error(type(e).__name__)))
                raise
            if time.monotonic() - t0 > SLOW_REFERENCE:  # too slow to ask of every failing submission
                slow.add(name)
                raise _Enough()
            if saved:
                sink.append(CanonicalCall(name, question, test, *saved, copy.deepcopy(out)))
                if sum(c.function == name for c in sink) >= 2 * PER_TEST:
                    raise _Enough()  # this test has given enough of this function's calls
            return out

        call.__name__ = name
        return call


def _sendable(args, kwargs) -> bool:
    def no_handles(value):
        raise wire.Unencodable("not data")

    try:
        wire.encode_call(list(args), dict(kwargs), [], to_handle=no_handles)
    except Exception:  # noqa: BLE001 - callbacks, objects: not a canonical call
        return False
    return True


def canonical_calls(assignment) -> dict[str, list[CanonicalCall]]:
    """function name -> its canonical calls, for ``assignment`` (cached per version)."""
    key = (assignment.id, assignment.version, str(assignment.private_dir))
    if key not in _cache:
        _cache[key] = _derive(assignment)
    return _cache[key]


def set_id(calls: list[CanonicalCall]) -> str:
    """Identifies a function's canonical calls: fingerprints are compared only within one set."""
    h = hashlib.sha256()
    for c in calls:
        h.update(_digest_value((c.args, c.kwargs)).encode())
    return h.hexdigest()[:12]


def _derive(assignment) -> dict[str, list[CanonicalCall]]:
    try:
        reference = assignment.reference
    except Exception:  # noqa: BLE001 - no reference (an imported otter assignment): nothing to mine
        return {}
    per_test: dict[str, list[list[CanonicalCall]]] = {}
    slow: set[str] = set()
    declared: dict[str, list[CanonicalCall]] = {}
    for q in assignment.questions:
        if q.requires:  # keras questions: too slow and not plain data
            continue
        for tc in q.tests:
            spec = (tc.state or {}).get("canonical_inputs")
            if isinstance(spec, dict):
                for fn_name, entries in spec.items():
                    if fn_name in declared:
                        continue
                    declared[fn_name] = []
                    for args, kwargs in list(entries)[:MAX_CALLS]:
                        declared[fn_name].append(_declared_call(reference, fn_name, q.name, tc.name,
                                                                tuple(args), dict(kwargs)))
            sink: list[CanonicalCall] = []
            seed = hashlib.sha256(f"canonical\0{assignment.id}\0{q.name}\0{tc.name}".encode()).digest()
            token = checks.use_context(checks.TestContext(seed=seed, hidden=tc.hidden))
            try:
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tc.run(_ReferenceNamespace(reference, sink, q.name, tc.name, slow))
            except (Exception, _Enough):  # noqa: BLE001 - a test the reference fails still gave its calls
                pass
            finally:
                checks.reset_context(token)
            by_fn: dict[str, list[CanonicalCall]] = {}
            for c in sink:
                by_fn.setdefault(c.function, []).append(c)
            for fn_name, calls in by_fn.items():
                per_test.setdefault(fn_name, []).append(calls)
    out: dict[str, list[CanonicalCall]] = dict(declared)
    for fn_name, groups in per_test.items():
        if fn_name in out or fn_name in slow:
            continue
        chosen, seen = [], set()
        for rank in range(max(len(g) for g in groups)):
            for g in groups:
                if rank < len(g) and len(chosen) < MAX_CALLS and (rank < PER_TEST or len(chosen) < MAX_CALLS // 2):
                    digest = _digest_value((g[rank].args, g[rank].kwargs))
                    if digest not in seen:
                        seen.add(digest)
                        chosen.append(g[rank])
        if chosen:
            out[fn_name] = chosen
    return out


def _declared_call(reference, fn_name, question, test, args, kwargs) -> CanonicalCall:
    fn = getattr(reference, fn_name)
    try:
        expected = fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    except Exception as e:  # noqa: BLE001
        expected = _Error(type(e).__name__)
    return CanonicalCall(fn_name, question, test, args, kwargs, expected)


# ---------------------------------------------------------------------------------------------
# Signatures


def _floats(value, out: list, shape: list) -> None:
    """Flatten an output into float arrays (``out``) and a structure description (``shape``)."""
    if isinstance(value, _Error):
        shape.append(f"E:{value.type_name}")
    elif isinstance(value, (list, tuple)):
        shape.append(f"{type(value).__name__}[{len(value)}](")
        for v in value[:100]:
            _floats(v, out, shape)
        shape.append(")")
    elif isinstance(value, dict):
        shape.append("dict(")
        for k in sorted(value, key=str)[:100]:
            shape.append(f"{k}:")
            _floats(value[k], out, shape)
        shape.append(")")
    elif value is None or isinstance(value, str):
        shape.append(repr(value)[:200])
    else:
        try:
            a = np.asarray(value)
            if a.dtype.kind not in "biufc":
                shape.append(f"?{type(value).__name__}")
                return
            a = np.real(a).astype(float).reshape(-1)[:MAX_ELEMENTS]
        except Exception:  # noqa: BLE001 - an object the test could not use
            shape.append(f"?{type(value).__name__}")
            return
        shape.append(f"a{np.shape(value)}")
        out.append(a)


def _rounded(a: np.ndarray, digits: int = 4) -> np.ndarray:
    with np.errstate(all="ignore"):
        finite = np.isfinite(a) & (a != 0)
        mag = np.zeros_like(a)
        mag[finite] = np.floor(np.log10(np.abs(a[finite])))
        scale = 10.0 ** (digits - 1 - mag)
        r = np.where(finite, np.round(a * scale) / scale, a)
    return np.where(r == 0, 0.0, r)  # -0.0 and 0.0 alike


def _digest_value(value) -> str:
    arrays, shape = [], []
    _floats(value, arrays, shape)
    h = hashlib.sha256(json.dumps(shape).encode())
    for a in arrays:
        h.update(_rounded(a).tobytes())
    return h.hexdigest()


def _same(got, want) -> bool:
    if isinstance(got, _Error) or isinstance(want, _Error):
        return got == want
    try:
        checks.assert_close(got, want, rtol=1e-5, atol=1e-8)
    except Exception:  # noqa: BLE001 - incomparable values differ
        return False
    return True


def signature(outputs: list, calls: list[CanonicalCall]) -> dict:
    """The fingerprint of a function's outputs on its canonical calls."""
    arrays, shape = [], []
    for o in outputs:
        _floats(o, arrays, shape)
    h = hashlib.sha256(json.dumps(shape).encode())
    for a in arrays:
        h.update(_rounded(a).tobytes())
    flat = np.concatenate(arrays) if arrays else np.zeros(0)
    picks = np.unique(np.linspace(0, len(flat) - 1, min(VECTOR, len(flat))).astype(int)) if len(flat) else []
    vector = [float(x) if math.isfinite(x) else str(x) for x in _rounded(flat[picks], 6)] if len(flat) else []
    return {"set": set_id(calls), "hash": h.hexdigest()[:16],
            "structure": hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:12],
            "differs": [i for i, (o, c) in enumerate(zip(outputs, calls)) if not _same(o, c.expected)],
            "errors": sorted({o.type_name for o in outputs if isinstance(o, _Error)}),
            "vector": vector}


def local_signature(fn, calls: list[CanonicalCall]) -> dict:
    """The signature of trusted code (the reference, a variant) on the canonical calls."""
    outputs = []
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for c in calls:
            try:
                outputs.append(fn(*copy.deepcopy(c.args), **copy.deepcopy(c.kwargs)))
            except Exception as e:  # noqa: BLE001
                outputs.append(_Error(type(e).__name__))
    return signature(outputs, calls)


def describe(c: CanonicalCall) -> str:
    """A canonical call as an instructor reads it: shapes for arrays, values for scalars."""

    def show(v) -> str:
        if isinstance(v, np.ndarray):
            if v.size <= 4:
                return np.array2string(v, precision=3, separator=", ", max_line_width=10_000).replace("\n", "")
            return f"{v.dtype}{list(v.shape)}"
        if isinstance(v, float):
            return f"{v:.4g}"
        if isinstance(v, (list, tuple)) and len(v) > 4:
            return f"{type(v).__name__}[{len(v)}]"
        if isinstance(v, wire.AffineMap):
            return f"x ↦ A·x+b (A {list(v.A.shape)})"
        text = repr(v)
        return text if len(text) <= 40 else text[:37] + "…"

    parts = [show(a) for a in c.args] + [f"{k}={show(v)}" for k, v in c.kwargs.items()]
    return f"{c.function}({', '.join(parts)})"


# ---------------------------------------------------------------------------------------------
# In grading: the student's functions on the canonical calls


def failed_functions(tests) -> set[str]:
    return {f for t in tests if not t.passed for f in t.functions}


def behaviours(assignment, env, student, tests, deadline: float | None = None) -> dict:
    """``{function: signature}`` for each function a failed test used and that behaves unlike
    the reference on its canonical calls. Never raises; stops when the student process is gone."""
    from autograder.grader.remote import RemoteFunction, StudentError
    from autograder.grader.student_process import ChildLost

    wanted = failed_functions(tests)
    if not wanted:
        return {}
    try:
        calls_by_fn = canonical_calls(assignment)
    except Exception:  # noqa: BLE001 - mining is a bonus: never cost the grade
        return {}
    out: dict[str, dict] = {}
    t0 = time.monotonic()
    saved_seconds = student.call_seconds
    student.call_seconds = min(saved_seconds, CALL_SECONDS)
    try:
        for name in sorted(wanted):
            calls = calls_by_fn.get(name)
            if not calls or student.kinds.get(name) != "function":
                continue
            outputs = []
            for c in calls:
                alive = student.child is not None and student.child.alive
                late = deadline is not None and time.monotonic() > deadline - 2 * CALL_SECONDS
                if not alive or late or time.monotonic() - t0 > SPENT_SECONDS:
                    return out
                fn = RemoteFunction(student, {"name": name}, ("global", name), name)
                try:
                    outputs.append(fn(*copy.deepcopy(c.args), **copy.deepcopy(c.kwargs)))
                except StudentError as e:
                    outputs.append(_Error(e.type_name))
                except ChildLost:
                    return out
                except Exception as e:  # noqa: BLE001 - e.g. an argument that cannot be sent
                    outputs.append(_Error(type(e).__name__))
            if outputs and all(isinstance(o, _Error) and o.type_name == "NotImplementedError" for o in outputs):
                continue  # not attempted
            sig = signature(outputs, calls)
            if sig["differs"]:
                out[name] = sig
    finally:
        student.call_seconds = saved_seconds
    return out
