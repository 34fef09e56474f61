OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "relu"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_relu_random(relu):
    """max(0, x) on several shapes, float64 and float32, with exact zeros."""
    rng = checks.rng()
    for shape in [(9,), (3, 4), (2, 1, 5)]:
        x = rng.normal(size=shape)
        x.flat[0] = 0.0
        checks.assert_close(checks.call(relu, x), ref.relu(x), name=f"relu(x), x of shape {shape}")
    x32 = rng.normal(size=(3, 3)).astype(np.float32)
    checks.assert_close(checks.call(relu, x32), ref.relu(x32.astype(np.float64)), rtol=1e-6,
                        name="relu(x), float32 x")


@test_case(points=2, hidden=True)
def test_relu_scalars(relu):
    """Python scalars: negative, zero and positive."""
    rng = checks.rng()
    for v in [-float(rng.uniform(0.1, 5)), 0.0, float(rng.uniform(0.1, 5))]:
        checks.assert_close(checks.call(relu, v), ref.relu(v), name="relu(scalar)")
