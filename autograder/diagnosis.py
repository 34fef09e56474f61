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

from autograder import checks


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
    calls (:class:`autograder.remote.CallRecord`: target, args, kwargs, result, error, mutated).
    """

    def mark(impl):
        impl.__misconception__ = Misconception(id=id, replaces=replaces, ko=ko, en=en, impl=impl, detect=detect)
        return impl

    return mark


# ---------------------------------------------------------------------------------------------
# Naming the mistake


def diagnose(records: list, misconceptions: list[Misconception], reference) -> Misconception | None:
    """The first misconception whose variant reproduces every recorded call of the function it
    replaces, where the reference does not. ``records`` are :class:`autograder.remote.CallRecord`."""
    for m in misconceptions:
        if m.detect is not None:
            try:
                if m.detect(records):
                    return m
            except Exception:  # noqa: BLE001 - a detector that cannot decide does not decide
                pass
            continue
        calls = [r for r in records if r.target == ("global", m.replaces) and r.error is None]
        if not calls or isinstance(m.impl, type):
            continue
        ref = getattr(reference, m.replaces, None)
        if _reproduces(m.impl, calls) and (ref is None or not _reproduces(ref, calls)):
            return m
    return None


def _reproduces(fn, calls) -> bool:
    from autograder.remote import RemoteObject

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
        if sorted(mutated) != sorted(m for m in r.mutated if m.startswith("arg ")):
            return False
        try:
            checks.assert_close(r.result, out, rtol=1e-6, atol=1e-9) if not _exact(out) else checks.assert_equal(r.result, out)
        except AssertionError:
            return False
        except Exception:  # noqa: BLE001 - incomparable results do not match
            return False
    return True


def _exact(value) -> bool:
    return isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool)
