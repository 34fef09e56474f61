"""Nothing a submission does changes what another submission, or another test, sees.

Test files, the reference and the variants are loaded once per worker. A submission whose
functions and methods modify every array argument of every call in place is graded first, in
the same worker (one Assignment, one zygote, as ``--jobs 1`` does); the reference graded after
it must get exactly the result it gets alone.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograder.grader import checks
from autograder.grader.frozen import freeze, freeze_globals
from autograder.grader.grading import grade
from autograder.course.assignments import Assignment, list_ids
from conftest import ROOT, reference_source

# Appended to the reference: every function and method of the notebook computes its correct
# result, then scribbles over every array (and list) it was given.
VANDAL = '''

import functools as _functools
import numpy as _np


def _scribble(x):
    if isinstance(x, _np.ndarray) and x.flags.writeable and x.size:
        x[...] = 7
    elif isinstance(x, list):
        x.clear()
    elif isinstance(x, dict):
        for _k in list(x):
            _scribble(x[_k])


def _vandal(f):
    @_functools.wraps(f)
    def wrapper(*args, **kwargs):
        result = f(*args, **kwargs)
        for x in list(args) + list(kwargs.values()):
            _scribble(x)
        return result
    return wrapper


for _name, _value in list(globals().items()):
    if _name.startswith("_") or getattr(_value, "__module__", None) != "__main__":
        continue
    if isinstance(_value, type):
        for _attr, _member in list(vars(_value).items()):
            if callable(_member) and (not _attr.startswith("__") or _attr in ("__init__", "__call__")):
                setattr(_value, _attr, _vandal(_member))
    elif callable(_value):
        globals()[_name] = _vandal(_value)
'''

TIMINGS = {"seconds", "notebook_seconds", "startup_seconds"}


def comparable(result) -> str:
    d = result.to_dict()
    for key in TIMINGS:
        d.pop(key, None)
    for t in d["tests"]:
        t.pop("seconds", None)
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def fresh(assignment_id: str) -> Assignment:
    """An assignment as a new worker loads it: test files, reference and variants anew."""
    checks._references.clear()
    return Assignment.load(assignment_id, ROOT)


@pytest.mark.parametrize("assignment_id", [
    pytest.param(a, marks=[pytest.mark.keras, pytest.mark.slow]) if Assignment.load(a, ROOT).keras else a
    for a in list_ids(ROOT)])
def test_a_mutating_submission_leaves_the_next_one_untouched(assignment_id, zygote, tmp_path):
    reference = tmp_path / "reference.py"
    reference.write_text(reference_source(assignment_id), encoding="utf-8")
    vandal = tmp_path / "vandal.py"
    vandal.write_text(reference_source(assignment_id) + VANDAL, encoding="utf-8")

    alone = grade(fresh(assignment_id), reference, zygote)
    assert alone.score == alone.max_score, "the reference earns full marks"

    worker = fresh(assignment_id)
    scribbled = grade(worker, vandal, zygote)
    assert scribbled.score < scribbled.max_score, "the mutating submission must lose the in-place checks"
    after = grade(worker, reference, zygote)
    assert comparable(after) == comparable(alone)


def test_shared_test_state_is_read_only_and_tests_still_see_their_own_writes():
    a = fresh("04_optimizers")
    for q in a.questions:
        for tc in q.tests:
            for value in (tc.state or {}).values():
                if isinstance(value, np.ndarray):
                    assert not value.flags.writeable
    for value in vars(a.reference).values():
        if isinstance(value, np.ndarray):
            assert not value.flags.writeable


def test_freeze_reaches_into_containers_and_caches_filled_later():
    state = {"X": np.zeros(3), "cases": [(np.ones(2), {"w": np.ones(1)})], "cache": {}}
    freeze_globals(state)
    assert not state["X"].flags.writeable
    assert not state["cases"][0][0].flags.writeable and not state["cases"][0][1]["w"].flags.writeable
    state["cache"]["late"] = np.arange(3.0)  # a test filling a module-level cache
    freeze_globals(state)  # the grader does this after every test
    assert not state["cache"]["late"].flags.writeable
    cyclic: list = []
    cyclic.append(cyclic)
    freeze(cyclic)  # terminates
