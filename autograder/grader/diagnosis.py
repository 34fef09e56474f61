"""Misconceptions: known-wrong variants kept with the solutions, and naming the one a student made.

A variant is trusted code (it lives in ``solutions/``) and runs in the grader. When a test fails,
the runner replays the student's recorded calls on each variant of the functions that test used;
a variant that reproduces every recorded output, where the reference does not, names the mistake.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from autograder.grader import checks


@dataclass(frozen=True)
class Misconception:
    id: str
    replaces: str
    ko: str
    en: str
    impl: Any  # the wrong function or class
    detect: Callable[[list], bool] | None = None  # a predicate over the recorded calls, instead of replay

    def message(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


def misconception(id: str, *, replaces: str, ko: str, en: str,
                  detect: Callable[[list], bool] | None = None) -> Callable[[Any], Any]:
    """Mark a function or class in ``variants.py`` as a known-wrong version of ``replaces``.

    Functions are diagnosed by replaying the student's calls; where replay cannot work (a class
    whose output depends on its random draws), ``detect(records)`` decides from the recorded
    calls (:class:`autograder.grader.remote.CallRecord`: target, args, kwargs, result, error, mutated).
    """

    def mark(impl):
        impl.__misconception__ = Misconception(id=id, replaces=replaces, ko=ko, en=en, impl=impl, detect=detect)
        return impl

    return mark


# ---------------------------------------------------------------------------------------------
# Naming the mistake


IN_PLACE = Misconception(
    id="in_place", replaces="", impl=None,
    ko="또한 입력 배열을 제자리에서 바꿨습니다(w -= ..., w += ..., m *= ... 등). 호출한 쪽의 배열은 그대로 두고 "
       "w_new = w - ... 처럼 새 배열을 만들어 반환하세요.",
    en="Your function also changed its input arrays in place (w -= ..., w += ..., m *= ..., ...). Leave the "
       "caller's arrays unchanged and return new arrays, e.g. w_new = w - ....",
)


def diagnose(records: list, misconceptions: list[Misconception], reference) -> Misconception | None:
    """The misconception whose variant reproduces what the student's code did, where the
    reference does not. ``records`` are :class:`autograder.grader.remote.CallRecord`.

    A function variant is replayed on the recorded calls of the function it replaces, on the
    inputs as the student's function received them. A class variant is replayed on the objects the
    test made: each is rebuilt, its recorded method calls, attribute reads and writes are made
    again. A variant with ``detect`` decides by that predicate instead.

    Every variant that fits is found. Where two variants of the same function fit every recorded
    call, the records cannot tell them apart and neither is named: never a wrong one. When no
    variant fits exactly but one reproduces every result of a student's function that also
    changed its inputs in place (and the variant does not), both mistakes are named: that variant
    and the function's in-place variant (or a generic "in place" explanation).
    """
    found = _fitting(records, misconceptions, reference, strict_mutation=True)
    combined = False
    if not found:
        found = [m for m in _fitting(records, misconceptions, reference, strict_mutation=False)
                 if _mutated_calls(records, m.replaces)]
        combined = True
    by_function: dict[str, list[Misconception]] = {}
    for m in found:
        by_function.setdefault(m.replaces, []).append(m)
    named = [ms[0] for ms in by_function.values() if len(ms) == 1]
    if not named:
        return None
    if combined:
        named = [_with_in_place(m, misconceptions) for m in named]
    return named[0] if len(named) == 1 else _joined(named)


def _fitting(records, misconceptions, reference, strict_mutation: bool) -> list[Misconception]:
    fits = []
    for m in misconceptions:
        if m.detect is not None:
            if not strict_mutation:
                continue  # a detector already sees every recorded call
            try:
                if m.detect(records):
                    fits.append(m)
            except Exception:  # noqa: BLE001 - a detector that cannot decide does not decide
                pass
            continue
        ref = getattr(reference, m.replaces, None)
        if isinstance(m.impl, type):
            if strict_mutation and ref is not None and _replays_class(m, ref, records):
                fits.append(m)
            continue
        calls = [r for r in records if r.target == ("global", m.replaces) and r.error is None]
        if calls and _reproduces(m.impl, calls, strict_mutation) and (
                ref is None or not _reproduces(ref, calls, strict_mutation)):
            fits.append(m)
    return fits


def _mutated_calls(records, name: str) -> list:
    return [r for r in records if r.target == ("global", name) and r.error is None and r.mutated]


def _with_in_place(m: Misconception, misconceptions: list[Misconception]) -> Misconception:
    """``m`` together with the in-place mistake: the function's own in-place variant if it has one."""
    own = next((o for o in misconceptions if o.replaces == m.replaces and o.id.endswith("in_place")
                and o is not m), None)
    other = own or IN_PLACE
    return Misconception(id=f"{m.id}+{other.id}", replaces=m.replaces, impl=m.impl,
                         ko=f"{m.ko}\n{other.ko}", en=f"{m.en}\n{other.en}")


def _joined(ms: list[Misconception]) -> Misconception:
    return Misconception(id="+".join(m.id for m in ms), replaces=ms[0].replaces, impl=ms[0].impl,
                         ko="\n".join(m.ko for m in ms), en="\n".join(m.en for m in ms))


def _same(recorded, replayed) -> bool:
    if recorded is None or replayed is None:
        return recorded is None and replayed is None
    try:
        checks.assert_close(recorded, replayed, rtol=1e-6, atol=1e-9)
    except Exception:  # noqa: BLE001 - incomparable values do not match
        return False
    return True


def _replays_class(m: Misconception, reference_cls, records) -> bool:
    """Whether the variant class reproduces every recorded use of the student's objects of that
    class, and the reference class does not."""
    objects = {}  # object serial -> (variant instance, reference instance)
    compared, reference_differs = 0, False
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for r in records:
            kind = r.target[0]
            if r.target == ("global", m.replaces):
                if r.error is not None or r.object_serial is None:
                    return False
                try:
                    objects[r.object_serial] = tuple(
                        cls(*copy.deepcopy(r.args), **copy.deepcopy(r.kwargs)) for cls in (m.impl, reference_cls))
                except Exception:  # noqa: BLE001 - a variant that cannot be built does not match
                    return False
                continue
            if kind not in ("method", "getattr", "setattr") or r.target[1] not in objects:
                continue
            if r.error is not None:
                return False
            variant, reference = objects[r.target[1]]
            name = r.target[2]
            if kind == "setattr":
                for obj in (variant, reference):
                    setattr(obj, name, copy.deepcopy(r.args[0]))
                continue
            if kind == "getattr":
                got, want = getattr(variant, name, None), getattr(reference, name, None)
            else:
                try:
                    got = getattr(variant, name)(*copy.deepcopy(r.args), **copy.deepcopy(r.kwargs))
                except Exception:  # noqa: BLE001
                    return False
                try:
                    want = getattr(reference, name)(*copy.deepcopy(r.args), **copy.deepcopy(r.kwargs))
                except Exception:  # noqa: BLE001
                    want = None
            if not _same(r.result, got):
                return False
            compared += 1
            reference_differs = reference_differs or not _same(r.result, want)
    return compared > 0 and reference_differs


def _reproduces(fn, calls, strict_mutation: bool = True) -> bool:
    """Whether ``fn`` gives every recorded result from the recorded inputs (copies taken before
    the student's call). ``strict_mutation``: it must also change in place exactly the arguments
    the student's function changed; otherwise results alone decide."""
    from autograder.grader.remote import RemoteObject

    for r in calls:
        if any(isinstance(a, RemoteObject) for a in list(r.args) + list(r.kwargs.values())):
            return False
        args, kwargs = copy.deepcopy(r.args), copy.deepcopy(r.kwargs)
        before = [a.copy() if isinstance(a, np.ndarray) else None for a in args]
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a variant that fails here does not match
            return False
        mutated = [f"arg {i + 1}" for i, (b, a) in enumerate(zip(before, args))
                   if b is not None and not np.array_equal(a, b, equal_nan=True)]
        if strict_mutation and sorted(mutated) != sorted(m for m in r.mutated if m.startswith("arg ")):
            return False
        if not strict_mutation and mutated:
            return False  # the in-place half is named separately: the variant itself must not mutate
        if _exact(out):
            try:
                checks.assert_equal(r.result, out)
            except Exception:  # noqa: BLE001 - incomparable results do not match
                return False
        elif not _same(r.result, out):
            return False
    return True


def _exact(value) -> bool:
    return isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool)
