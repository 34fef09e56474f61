OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "l1_grad"


@test_case(points=1, hidden=False)
def test_l1_grad_signs_and_zero(l1_grad):
    w = np.array([2.0, -0.5, 0.0, 1e-3])
    out = l1_grad(w, 0.1)
    expected = np.array([0.1, -0.1, 0.0, 0.1])
    assert np.shape(out) == (4,), f"기울기의 모양은 w와 같은 (4,)여야 하는데 {np.shape(out)}입니다 / the gradient should have w's shape (4,), got {np.shape(out)}"
    assert np.allclose(out, expected), f"lam * sign(w) = {expected.tolist()}이어야 하는데 {np.asarray(out).tolist()}입니다 (w = 0에서는 0) / expected lam * sign(w) = {expected.tolist()}, got {np.asarray(out).tolist()} (0 where w = 0)"
