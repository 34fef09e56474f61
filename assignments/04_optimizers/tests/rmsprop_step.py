OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "rmsprop_step"


@test_case(points=1, hidden=False)
def test_rmsprop_first_step(rmsprop_step):
    w = np.array([1.0, -1.0])
    g = np.array([2.0, -1.0])
    s = np.zeros(2)
    out = rmsprop_step(w, g, s, lr=0.01)
    assert isinstance(out, (tuple, list)) and len(out) == 2, "rmsprop_step은 (w_new, s_new) 튜플을 반환해야 합니다 / rmsprop_step should return a tuple (w_new, s_new)"
    w_new, s_new = out
    assert np.allclose(s_new, [0.4, 0.1]), f"s_new = 0.9*0 + 0.1*g² = [0.4, 0.1]이어야 하는데 {s_new}입니다 / s_new = 0.9*0 + 0.1*g² = [0.4, 0.1], got {s_new}"
    # From s = 0 each weight moves by lr / sqrt(1 - rho) = 0.01 / sqrt(0.1) ≈ 0.0316
    step = 0.01 / np.sqrt(0.1)
    assert np.allclose(w_new, [1.0 - step, -1.0 + step], atol=1e-6), f"첫 걸음은 lr/√(1-ρ) ≈ 0.0316만큼 움직입니다: 받은 값 {w_new} / the first step moves by lr/√(1-ρ) ≈ 0.0316: got {w_new}"


@test_case(points=1, hidden=False)
def test_rmsprop_forgets(rmsprop_step):
    w = np.array([0.0])
    g = np.array([1.0])
    s = np.array([100.0])
    w_new, s_new = rmsprop_step(w, g, s, lr=1.0, rho=0.5, eps=0.0)
    # s_new = 0.5*100 + 0.5*1 = 50.5 (an average, not a sum)
    assert np.allclose(s_new, [50.5]), f"s_new = ρs + (1-ρ)g² = 50.5이어야 하는데 {s_new}입니다 / s_new = ρs + (1-ρ)g² = 50.5, got {s_new}"
    assert np.allclose(w_new, [-1.0 / np.sqrt(50.5)]), f"w_new = -lr*g/√s_new 이어야 하는데 {w_new}입니다 / w_new should be -lr*g/√s_new, got {w_new}"
