OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "nesterov_step"


@test_case(points=1, hidden=False)
def test_nesterov_small_example(nesterov_step):
    def grad_fn(x):             # J(x) = x**2, so the gradient is 2x
        return 2.0 * np.asarray(x, dtype=float)
    w, v = np.array([1.0]), np.array([0.5])
    out = nesterov_step(w, v, grad_fn, lr=0.1, momentum=0.9)
    assert isinstance(out, (tuple, list)) and len(out) == 2, "nesterov_step은 (w_new, v_new) 튜플을 반환해야 합니다 / nesterov_step should return a tuple (w_new, v_new)"
    w_new, v_new = out
    # look-ahead 1 + 0.9*0.5 = 1.45, g = 2.9, v_new = 0.45 - 0.29 = 0.16, w_new = 1.16
    assert np.allclose(v_new, [0.16]), f"v_new는 0.9*0.5 - 0.1*grad(1.45) = 0.16이어야 하는데 {v_new}입니다 / v_new should be 0.9*0.5 - 0.1*grad(1.45) = 0.16, got {v_new}"
    assert np.allclose(w_new, [1.16]), f"w_new는 w + v_new = 1.16이어야 하는데 {w_new}입니다 / w_new should be w + v_new = 1.16, got {w_new}"


@test_case(points=1, hidden=False)
def test_nesterov_looks_ahead(nesterov_step):
    seen = []
    def grad_fn(x):
        seen.append(np.array(x, dtype=float))
        return np.zeros_like(seen[-1])
    w, v = np.array([1.0, 2.0]), np.array([1.0, -1.0])
    w_new, v_new = nesterov_step(w, v, grad_fn, lr=0.1, momentum=0.5)
    assert len(seen) > 0, "grad_fn을 불러서 기울기를 구하세요 / call grad_fn to get the gradient"
    assert any(np.allclose(x, [1.5, 1.5]) for x in seen), f"기울기는 미리 가 본 지점 w + momentum*v = [1.5, 1.5]에서 구해야 하는데 grad_fn이 {seen}에서 불렸습니다 / the gradient must be taken at the look-ahead point w + momentum*v = [1.5, 1.5], but grad_fn was called at {seen}"
    assert np.allclose(v_new, [0.5, -0.5]) and np.allclose(w_new, [1.5, 1.5]), "기울기가 0이면 v_new = momentum*v, w_new = w + v_new 입니다 / with a zero gradient v_new = momentum*v and w_new = w + v_new"
