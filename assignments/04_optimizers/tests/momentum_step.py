OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "momentum_step"


@test_case(points=1, hidden=False)
def test_momentum_first_step_is_sgd(momentum_step):
    w = np.array([1.0, -2.0])
    g = np.array([4.0, -1.0])
    v = np.zeros(2)
    out = momentum_step(w, g, v, lr=0.1)
    assert isinstance(out, (tuple, list)) and len(out) == 2, "momentum_step은 (w_new, v_new) 튜플을 반환해야 합니다 / momentum_step should return a tuple (w_new, v_new)"
    w_new, v_new = out
    assert np.allclose(v_new, [-0.4, 0.1]), f"v=0에서 v_new = -lr*g = [-0.4, 0.1]이어야 하는데 {v_new}입니다 / from v=0, v_new = -lr*g = [-0.4, 0.1], got {v_new}"
    assert np.allclose(w_new, [0.6, -1.9]), f"첫 걸음은 SGD와 같아야 합니다: w + v_new = [0.6, -1.9], 받은 값 {w_new} / the first step equals SGD: w + v_new = [0.6, -1.9], got {w_new}"
    assert np.array_equal(v, np.zeros(2)), "입력 v를 제자리에서 바꾸면 안 됩니다 / do not modify v in place"


@test_case(points=1, hidden=False)
def test_momentum_keeps_velocity(momentum_step):
    w = np.array([0.0, 1.0])
    g = np.array([1.0, 1.0])
    v = np.array([0.5, -0.5])
    w_new, v_new = momentum_step(w, g, v, lr=0.1, momentum=0.9)
    # v_new = 0.9*v - 0.1*g = [0.35, -0.55]; w_new = w + v_new = [0.35, 0.45]
    assert np.allclose(v_new, [0.35, -0.55]), f"v_new = momentum*v - lr*g = [0.35, -0.55]이어야 하는데 {v_new}입니다 / v_new = momentum*v - lr*g = [0.35, -0.55], got {v_new}"
    assert np.allclose(w_new, [0.35, 0.45]), f"w_new = w + v_new = [0.35, 0.45]이어야 하는데 {w_new}입니다 / w_new = w + v_new = [0.35, 0.45], got {w_new}"
