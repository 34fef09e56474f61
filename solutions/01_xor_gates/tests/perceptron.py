OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "perceptron"
ref = checks.load_reference(__file__)


def _is_one(out) -> bool:
    """out is the number 1 (so the student used >= at the boundary)."""
    return checks.is_finite(out) and np.size(out) == 1 and float(np.asarray(out, dtype=float)) == 1.0


def _check(perceptron, x, w, b, label):
    out = checks.call(perceptron, x, w, b)
    checks.assert_equal(out, ref.perceptron(x, w, b), name=label)


@test_case(points=2, hidden=True)
def test_perceptron_random(perceptron):
    """Random weights, inputs and biases of several lengths, away from the boundary."""
    rng = checks.rng()
    for d in (1, 2, 3, 5):
        for _ in range(6):
            x, w = rng.normal(size=d), rng.normal(size=d)
            b = float(rng.normal())
            if abs(np.sum(w * x) + b) < 1e-6:
                continue
            _check(perceptron, x, w, b, f"perceptron(x, w, b) (d={d})")


@test_case(points=3, hidden=True)
def test_perceptron_exact_zero(perceptron):
    """Weighted sums of exactly 0 give 0 (y <= 0 -> 0); just above and below 0 too."""
    rng = checks.rng()
    for d in (2, 3, 4):
        for _ in range(4):
            x = rng.integers(-3, 4, size=d).astype(float)
            w = rng.integers(-3, 4, size=d).astype(float)
            b = -float(np.sum(w * x))  # exact: small integers
            out = checks.call(perceptron, x, w, b)
            if _is_one(out):
                raise checks.Fail(
                    "가중합이 정확히 0일 때 1을 반환했습니다. 강의의 규칙은 y ≤ 0 이면 0입니다 (>= 가 아니라 > 를 쓰세요).",
                    "It returned 1 for a weighted sum of exactly 0. The lecture's rule gives 0 for y <= 0 (use >, not >=).",
                )
            checks.assert_equal(out, 0, name=f"perceptron(x, w, b) (d={d}, sum = 0)")
            _check(perceptron, x, w, b + 0.5, f"perceptron(x, w, b) (d={d}, sum = 0.5)")
            _check(perceptron, x, w, b - 0.5, f"perceptron(x, w, b) (d={d}, sum = -0.5)")
