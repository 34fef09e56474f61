OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "mse"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_mse_random(mse):
    """Mean over all elements for 1-D, (N, 1) and (N, K) arrays."""
    rng = checks.rng()
    for shape in [(7,), (6, 1), (4, 3)]:
        a, b = rng.normal(size=shape), rng.normal(size=shape)
        checks.assert_close(checks.call(mse, a, b), ref.mse(a, b), name=f"mse(y_pred, y_true), shape {shape}")


@test_case(points=2, hidden=True)
def test_mse_edge_cases(mse):
    """Equal inputs give 0; a single element; the argument order does not matter."""
    rng = checks.rng()
    a = rng.normal(size=(5,))
    checks.assert_close(checks.call(mse, a, a.copy()), 0.0, name="mse(y, y)")
    one_p, one_t = np.array([float(rng.uniform(1, 3))]), np.array([0.0])
    checks.assert_close(checks.call(mse, one_p, one_t), ref.mse(one_p, one_t), name="mse of one element")
    b = rng.normal(size=(5,))
    checks.assert_close(checks.call(mse, b, a), ref.mse(a, b), name="mse(y_true, y_pred)")
