OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "adamw_step"


@test_case(points=1, hidden=False)
def test_adamw_zero_gradient_only_decays(adamw_step):
    w = np.array([2.0, -4.0])
    g = np.zeros(2)
    m, v = np.zeros(2), np.zeros(2)
    out = adamw_step(w, g, m, v, 1, lr=0.1, weight_decay=0.5)
    assert isinstance(out, (tuple, list)) and len(out) == 3, "adamw_step은 (w_new, m_new, v_new) 튜플을 반환해야 합니다 / adamw_step should return a tuple (w_new, m_new, v_new)"
    w_new, m_new, v_new = out
    # No gradient, so only the decay acts: w * (1 - lr*weight_decay) = w * 0.95
    assert np.allclose(w_new, [1.9, -3.8]), f"기울기가 0이면 감쇠만 작용해 w*(1 - lr*λ) = [1.9, -3.8]이어야 하는데 {w_new}입니다 / with a zero gradient only the decay acts: w*(1 - lr*λ) = [1.9, -3.8], got {w_new}"
    assert np.allclose(m_new, 0) and np.allclose(v_new, 0), "감쇠는 m, v에 들어가지 않습니다 / the decay does not enter m or v"


@test_case(points=1, hidden=False)
def test_adamw_first_step(adamw_step):
    w = np.array([1.0, -1.0])
    g = np.array([0.3, 5.0])
    m, v = np.zeros(2), np.zeros(2)
    m_expected, v_expected = 0.1 * g, 0.001 * g**2  # from the gradient before the call
    w_new, m_new, v_new = adamw_step(w, g.copy(), m, v, 1, lr=0.01, weight_decay=0.1)
    # Decay first: w*(1 - 0.001) = [0.999, -0.999]; then Adam's first step moves by about lr·sign(g)
    expected = np.array([0.999 - 0.01, -0.999 - 0.01])
    assert np.allclose(w_new, expected, rtol=0, atol=1e-7), f"먼저 w ← w - lr·λ·w, 그다음 Adam 걸음(약 lr·sign(g))이면 {expected}인데 {w_new}입니다 / decay w ← w - lr·λ·w, then Adam's step (about lr·sign(g)) gives {expected}, got {w_new}"
    assert np.allclose(m_new, m_expected) and np.allclose(v_new, v_expected), "m, v는 Adam과 똑같이 g로만 갱신합니다 / m and v are updated from g only, as in Adam"
