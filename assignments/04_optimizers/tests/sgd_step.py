OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "sgd_step"


@test_case(points=1, hidden=False)
def test_sgd_small_example(sgd_step):
    w = np.array([1.0, 2.0, -3.0])
    g = np.array([0.5, -1.0, 2.0])
    out = sgd_step(w, g, lr=0.1)
    expected = np.array([0.95, 2.1, -3.2])   # w - 0.1 * g
    assert np.shape(out) == (3,), f"sgd_step의 결과 모양이 (3,)이어야 하는데 {np.shape(out)}입니다 / sgd_step should return shape (3,), got {np.shape(out)}"
    assert np.allclose(out, expected), f"sgd_step(w, g, lr=0.1)은 w - 0.1*g = {expected}이어야 하는데 {out}입니다 / sgd_step(w, g, lr=0.1) should be w - 0.1*g = {expected}, got {out}"


@test_case(points=1, hidden=False)
def test_sgd_default_lr_and_no_mutation(sgd_step):
    w = np.array([[1.0, -1.0], [0.5, 2.0]])
    g = np.array([[1.0, 2.0], [-3.0, 4.0]])
    w_copy, g_copy = w.copy(), g.copy()
    expected = w_copy - 0.01 * g_copy  # from the inputs as they were before the call
    out = sgd_step(w, g)
    assert np.array_equal(w, w_copy) and np.array_equal(g, g_copy), "입력 w, g를 제자리에서 바꾸면 안 됩니다 (w -= ... 대신 새 배열을 반환하세요) / do not modify w or g in place (return a new array instead of w -= ...)"
    assert np.allclose(out, expected), "lr의 기본값은 0.01입니다 / the default lr is 0.01"
