OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "perceptron"


@test_case(points=1, hidden=False)
def test_perceptron_basic(perceptron):
    w, b = np.array([0.5, 0.5]), -0.7
    assert perceptron(np.array([1.0, 1.0]), w, b) == 1, \
        "가중합 0.3 > 0 이면 1이어야 합니다. / A weighted sum of 0.3 > 0 must give 1."
    assert perceptron(np.array([1.0, 0.0]), w, b) == 0, \
        "가중합 -0.2 ≤ 0 이면 0이어야 합니다. / A weighted sum of -0.2 <= 0 must give 0."


@test_case(points=1, hidden=False)
def test_perceptron_zero_sum(perceptron):
    out = perceptron(np.array([1.0, 1.0]), np.array([1.0, 1.0]), -2.0)
    assert out == 0, \
        "가중합이 정확히 0이면 0이어야 합니다 (y ≤ 0 → 0). / A weighted sum of exactly 0 must give 0 (y <= 0 -> 0)."
