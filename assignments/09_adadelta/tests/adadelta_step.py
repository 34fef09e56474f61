OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "adadelta_step"


@test_case(points=1, hidden=False)
def test_adadelta_first_step(adadelta_step):
    w, g = np.array([1.0, -2.0]), np.array([0.5, -1.0])
    s, d = np.zeros(2), np.zeros(2)
    # computed before the call (an in-place change cannot move them), with rho = 0.5, eps = 0.01
    s_expected = 0.5 * g**2
    step = -np.sqrt(0.01) / np.sqrt(s_expected + 0.01) * g
    expected = (w + step, s_expected, 0.5 * step**2)
    out = adadelta_step(w.copy(), g.copy(), s.copy(), d.copy(), rho=0.5, eps=0.01)
    assert isinstance(out, (tuple, list)) and len(out) == 3, "adadelta_step은 (w_new, s_new, d_new)를 반환해야 합니다 / adadelta_step should return (w_new, s_new, d_new)"
    for got, want, label in zip(out, expected, ("w_new", "s_new", "d_new")):
        assert np.allclose(got, want), f"{label}이(가) {want}이어야 하는데 {got}입니다 / {label} should be {want}, got {got}"
