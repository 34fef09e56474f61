OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "weight_decay_step"


@test_case(points=1, hidden=False)
def test_weight_decay_small_example(weight_decay_step):
    w = np.array([1.0, -2.0, 4.0])
    g = np.array([0.5, 0.0, -1.0])
    w_copy = w.copy()
    out = weight_decay_step(w, g, 0.1, 0.01)
    # (1 - 0.01) * w - 0.1 * g = [0.99 - 0.05, -1.98, 3.96 + 0.1]
    expected = np.array([0.94, -1.98, 4.06])
    assert np.allclose(out, expected), f"(1 - lam) * w - lr * g = {expected.tolist()}이어야 하는데 {np.asarray(out).tolist()}입니다 (감쇠에는 학습률을 곱하지 않습니다) / expected (1 - lam) * w - lr * g = {expected.tolist()}, got {np.asarray(out).tolist()} (the decay is not multiplied by the learning rate)"
    assert np.array_equal(w, w_copy), "입력 w를 제자리에서 바꾸면 안 됩니다 / do not modify w in place"
