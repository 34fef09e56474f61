OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "leaky_relu"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_leaky_relu_default_alpha(leaky_relu):
    """Default alpha = 0.01 on several shapes and dtypes, and scalars."""
    rng = checks.rng()
    for shape in [(8,), (3, 4)]:
        x = rng.normal(scale=3.0, size=shape)
        checks.assert_close(checks.call(leaky_relu, x), ref.leaky_relu(x),
                            name=f"leaky_relu(x), x of shape {shape}")
    x32 = rng.normal(size=(6,)).astype(np.float32)
    checks.assert_close(checks.call(leaky_relu, x32), ref.leaky_relu(x32.astype(np.float64)),
                        rtol=1e-5, atol=1e-8, name="leaky_relu(x), float32 x")
    v = -float(rng.uniform(0.5, 4))
    checks.assert_close(checks.call(leaky_relu, v), ref.leaky_relu(v), name="leaky_relu(negative scalar)")


@test_case(points=2, hidden=True)
def test_leaky_relu_explicit_alpha(leaky_relu):
    """alpha passed by keyword and by position is used."""
    rng = checks.rng()
    x = rng.normal(scale=2.0, size=(4, 5))
    for alpha in (0.2, float(rng.uniform(0.05, 0.5))):
        checks.assert_close(checks.call(leaky_relu, x, alpha=alpha), ref.leaky_relu(x, alpha=alpha),
                            name=f"leaky_relu(x, alpha={alpha:.3g})")
    checks.assert_close(checks.call(leaky_relu, x, 0.3), ref.leaky_relu(x, 0.3), name="leaky_relu(x, 0.3)")
