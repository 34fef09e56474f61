OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "adam_step"


@test_case(points=1, hidden=False)
def test_adam_first_step_moves_by_lr(adam_step):
    w = np.array([1.0, -2.0, 3.0])
    g = np.array([0.5, -3.0, 20.0])
    m, v = np.zeros(3), np.zeros(3)
    # expected values from copies made before the call (an in-place change must not move them)
    m_expected, v_expected, expected = 0.1 * g, 0.001 * g**2, w - 0.001 * np.sign(g)
    out = adam_step(w.copy(), g.copy(), m, v, 1)
    assert isinstance(out, (tuple, list)) and len(out) == 3, "adam_step은 (w_new, m_new, v_new) 튜플을 반환해야 합니다 / adam_step should return a tuple (w_new, m_new, v_new)"
    w_new, m_new, v_new = out
    assert np.allclose(m_new, m_expected), f"m_new = 0.9*0 + 0.1*g 이어야 하는데 {m_new}입니다 / m_new should be 0.9*0 + 0.1*g, got {m_new}"
    assert np.allclose(v_new, v_expected), f"v_new = 0.999*0 + 0.001*g² 이어야 하는데 {v_new}입니다 / v_new should be 0.999*0 + 0.001*g², got {v_new}"
    # With bias correction, m̂ = g and v̂ = g² at t = 1, so every weight moves by about lr = 0.001.
    assert np.allclose(w_new, expected, rtol=0, atol=1e-7), f"t=1에서는 편향 보정 덕분에 각 가중치가 약 lr·sign(g)만큼 움직여 {expected}가 되어야 하는데 {w_new}입니다 / at t=1 bias correction makes each weight move by about lr·sign(g), giving {expected}, got {w_new}"


@test_case(points=1, hidden=False)
def test_adam_second_step_and_no_mutation(adam_step):
    w = np.array([0.0])
    g = np.array([1.0])
    m, v = np.array([0.1]), np.array([0.001])      # the state after a first step with g = 1
    m_copy, v_copy = m.copy(), v.copy()
    w_new, m_new, v_new = adam_step(w, g, m, v, 2, lr=0.1, eps=0.0)
    # m = 0.19, v = 0.001999; m̂ = 0.19/0.19 = 1, v̂ = 0.001999/0.001999 = 1, so w_new = -0.1
    assert np.allclose(m_new, [0.19]) and np.allclose(v_new, [0.001999]), f"m_new = [0.19], v_new = [0.001999]이어야 하는데 {m_new}, {v_new}입니다 / expected m_new = [0.19], v_new = [0.001999], got {m_new}, {v_new}"
    assert np.allclose(w_new, [-0.1]), f"같은 기울기가 계속되면 보정된 걸음은 lr입니다: w_new = -0.1, 받은 값 {w_new} (t를 보정에 쓰세요) / with a constant gradient the corrected step is lr: w_new = -0.1, got {w_new} (use t in the correction)"
    assert np.array_equal(m, m_copy) and np.array_equal(v, v_copy), "입력 m, v를 제자리에서 바꾸면 안 됩니다 / do not modify m or v in place"
