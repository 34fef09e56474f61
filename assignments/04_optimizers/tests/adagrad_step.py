OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "adagrad_step"


@test_case(points=1, hidden=False)
def test_adagrad_first_step(adagrad_step):
    w = np.array([1.0, 2.0])
    g = np.array([3.0, -4.0])
    s = np.zeros(2)
    out = adagrad_step(w, g, s, lr=0.1)
    assert isinstance(out, (tuple, list)) and len(out) == 2, "adagrad_step은 (w_new, s_new) 튜플을 반환해야 합니다 / adagrad_step should return a tuple (w_new, s_new)"
    w_new, s_new = out
    assert np.allclose(s_new, [9.0, 16.0]), f"s_new = s + g² = [9, 16]이어야 하는데 {s_new}입니다 / s_new = s + g² = [9, 16], got {s_new}"
    # g / sqrt(g² + eps) is almost sign(g): the first step moves each weight by about lr.
    assert np.allclose(w_new, [0.9, 2.1], atol=1e-6), f"첫 걸음은 각 가중치를 약 lr만큼 움직입니다: [0.9, 2.1], 받은 값 {w_new} / the first step moves each weight by about lr: [0.9, 2.1], got {w_new}"
    assert np.array_equal(s, np.zeros(2)), "입력 s를 제자리에서 바꾸면 안 됩니다 / do not modify s in place"


@test_case(points=1, hidden=False)
def test_adagrad_accumulates(adagrad_step):
    w = np.array([0.0])
    g = np.array([4.0])
    s = np.array([9.0])
    w_new, s_new = adagrad_step(w, g, s, lr=1.0, eps=0.0)
    # s_new = 9 + 16 = 25, step = 1 * 4 / sqrt(25) = 0.8
    assert np.allclose(s_new, [25.0]), f"s_new = 9 + 4² = 25이어야 하는데 {s_new}입니다 / s_new = 9 + 4² = 25, got {s_new}"
    assert np.allclose(w_new, [-0.8]), f"w_new = 0 - 1*4/√25 = -0.8이어야 하는데 {w_new}입니다 (갱신된 s로 나누세요) / w_new = 0 - 1*4/√25 = -0.8, got {w_new} (divide by the updated s)"
