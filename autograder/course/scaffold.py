"""``autograder new ID``: a new assignment that passes ``autograder validate`` as generated.

It writes one small question (``scale(x, factor=2.0) -> x * factor`` under the name you choose)
with everything an assignment needs, so that an instructor edits working files instead of
starting from nothing:

    assignments/<id>/assignment.toml, notebook.py, tests/<question>.py (public), <id>.ipynb
    solutions/<id>/solution.py, tests/<question>.py (hidden), variants.py, wrong/<question>_sign_slip.py
"""

from __future__ import annotations

import re
from pathlib import Path

from autograder.course.assignments import Assignment

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def _toml(assignment_id: str, q: str, title_ko: str, title_en: str) -> str:
    return f'''id = "{assignment_id}"
title = {{ ko = "{title_ko}", en = "{title_en}" }}
keras = false            # true if some question needs TensorFlow in the student process

[[questions]]            # in notebook order; `name` matches the test files' `name`
name = "{q}"
title = {{ ko = "배열에 상수 곱하기", en = "Scaling an array" }}
'''


def _notebook(assignment_id: str, q: str, title_ko: str, title_en: str) -> str:
    return f'''# %% [markdown]
# # {title_ko} ({title_en})
# 이 노트북의 함수를 완성하고, 각 문제 아래의 `check(...)` 셀로 공개 테스트를 실행하세요.
#
# *English:* complete the functions of this notebook and run the `check(...)` cell under each
# question to run its public tests.

# %%
import numpy as np

# %% [markdown]
# ## Q1. `{q}(x, factor=2.0)`
# 배열 `x`의 모든 원소에 `factor`를 곱한 새 배열을 반환하세요. 입력은 바꾸지 마세요.
#
# *English:* return a new array with every element of `x` multiplied by `factor`. Do not modify `x`.

# %%
def {q}(x, factor=2.0):
    """x의 각 원소에 factor를 곱한 새 배열 / a new array: every element of x times factor."""
    # 여기에 코드를 작성하세요 / Write your code here
    raise NotImplementedError("{q}을(를) 구현하세요 / implement {q}")

# %% [check] {q}
'''


def _public_test(q: str) -> str:
    return f'''OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "{q}"


@test_case(points=1, hidden=False)
def test_{q}_small_example({q}):
    x = np.array([1.0, -2.0, 0.5])
    expected = np.array([3.0, -6.0, 1.5])   # computed before the call: an in-place change cannot move it
    out = {q}(x.copy(), 3.0)
    assert np.allclose(out, expected), f"{q}(x, 3.0)은 {{expected}}이어야 하는데 {{out}}입니다 / {q}(x, 3.0) should be {{expected}}, got {{out}}"
'''


def _hidden_test(q: str) -> str:
    return f'''OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "{q}"
ref = checks.load_reference(__file__)


# Deterministic inputs decide each property; seeded random inputs (checks.rng()) add breadth.
@test_case(points=2, hidden=True)
def test_{q}_default_factor(...):
    x = np.array([[1.0, -2.0], [0.25, 4.0]])
    out = checks.call({q}, x)            # also fails if x was modified in place
    checks.assert_close(out, ref.{q}(x), name="{q}(x) with the default factor")


@test_case(points=3, hidden=True)
def test_{q}_random_shapes_and_factors({q}):
    rng = checks.rng()
    for shape in [(1,), (7,), (3, 4), (2, 3, 4)]:
        x = checks.signed_uniform(rng, shape)
        factor = float(rng.uniform(1.5, 4.0))
        out = checks.call({q}, x, factor)
        checks.assert_close(out, ref.{q}(x, factor), name=f"{q}(x, factor), shape {{shape}}")
'''.replace("(...)", f"({q})")


def _solution(q: str, title_en: str) -> str:
    return f'''"""Reference solution: {title_en}."""

import numpy as np


def {q}(x, factor=2.0):
    """Every element of x times factor, as a new array (x is not modified)."""
    return np.asarray(x, dtype=float) * factor
'''


def _variants(q: str) -> str:
    return f'''"""Known-wrong variants (misconceptions), each named and explained in Korean and English."""

import numpy as np

from autograder.diagnosis import misconception


@misconception(
    "{q}_adds_instead", replaces="{q}",
    ko="factor를 곱하지 않고 더했습니다. x * factor 처럼 곱하세요.",
    en="You added factor instead of multiplying by it: write x * factor.",
)
def {q}_adds_instead(x, factor=2.0):
    return np.asarray(x, dtype=float) + factor


@misconception(
    "{q}_in_place", replaces="{q}",
    ko="x *= factor 는 호출한 쪽의 배열을 바꿉니다. x * factor 로 새 배열을 반환하세요.",
    en="`x *= factor` changes the caller's array. Return a new array, x * factor.",
)
def {q}_in_place(x, factor=2.0):
    x *= factor
    return x
'''


def _wrong(q: str) -> str:
    return f'''"""A wrong implementation that is not worth naming (a sign slip): with the variants it shows
that every hidden test fails something."""

import numpy as np


def {q}(x, factor=2.0):
    return -np.asarray(x, dtype=float) * factor
'''


def scaffold(assignment_id: str, root: Path, question: str = "scale", title_ko: str | None = None,
             title_en: str | None = None) -> Assignment:
    """Write a new assignment ``assignment_id`` under ``root`` and build its notebook."""
    from autograder.course.authoring import write_notebook

    if not ID_PATTERN.match(assignment_id):
        raise ValueError(f"{assignment_id!r}: use letters, digits, '_' and '-' (e.g. 09_adadelta)")
    if not NAME_PATTERN.match(question):
        raise ValueError(f"{question!r} is not a Python name")
    public, private = root / "assignments" / assignment_id, root / "solutions" / assignment_id
    for folder in (public, private):
        if folder.exists():
            raise FileExistsError(f"{folder} already exists")
    title_ko, title_en = title_ko or assignment_id, title_en or assignment_id
    files = {
        public / "assignment.toml": _toml(assignment_id, question, title_ko, title_en),
        public / "notebook.py": _notebook(assignment_id, question, title_ko, title_en),
        public / "tests" / f"{question}.py": _public_test(question),
        private / "solution.py": _solution(question, title_en),
        private / "tests" / f"{question}.py": _hidden_test(question),
        private / "variants.py": _variants(question),
        private / "wrong" / f"{question}_sign_slip.py": _wrong(question),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assignment = Assignment.load(assignment_id, root)
    write_notebook(assignment)
    return assignment


__all__ = ["scaffold"]
