OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "l2_grad"


@test_case(points=1, hidden=False)
def test_l2_grad_small_example(l2_grad):
    w = np.array([[1.0, -2.0], [0.0, 0.5]])
    w_copy = w.copy()
    out = l2_grad(w, 0.1)
    expected = np.array([[0.2, -0.4], [0.0, 0.1]])
    assert np.shape(out) == (2, 2), f"기울기의 모양은 w와 같은 (2, 2)여야 하는데 {np.shape(out)}입니다 / the gradient should have w's shape (2, 2), got {np.shape(out)}"
    assert np.allclose(out, expected), f"lam * sum(w**2)의 기울기는 2 * lam * w = {expected.tolist()}인데 {np.asarray(out).tolist()}를 받았습니다 / the gradient of lam * sum(w**2) is 2 * lam * w = {expected.tolist()}, got {np.asarray(out).tolist()}"
    assert np.array_equal(w, w_copy), "입력 w를 제자리에서 바꾸면 안 됩니다 / do not modify w in place"
