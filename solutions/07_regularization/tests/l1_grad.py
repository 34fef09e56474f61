OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "l1_grad"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_l1_grad_random_shapes(l1_grad):
    rng = checks.rng()
    for shape in [(1,), (7,), (3, 4), (2, 3, 4)]:
        w, lam = rng.normal(size=shape), float(rng.uniform(1e-3, 0.5))
        checks.assert_close(checks.call(l1_grad, w, lam), ref.l1_grad(w, lam), name=f"l1_grad(w {shape}, lam)")


@test_case(points=3, hidden=True)
def test_l1_grad_is_zero_at_zero(l1_grad):
    rng = checks.rng()
    w = rng.normal(size=(4, 5))
    w[rng.random(size=w.shape) < 0.4] = 0.0  # many exact zeros
    w[0, 0], w[0, 1] = 0.0, -0.0
    lam = float(rng.uniform(0.01, 0.5))
    checks.assert_close(checks.call(l1_grad, w, lam), ref.l1_grad(w, lam),
                        name="l1_grad(w with exact zeros, lam) (0 where w == 0)")
    tiny = np.array([1e-12, -1e-12, 0.0])
    checks.assert_close(checks.call(l1_grad, tiny, 0.5), ref.l1_grad(tiny, 0.5), name="l1_grad([1e-12, -1e-12, 0], 0.5)")
