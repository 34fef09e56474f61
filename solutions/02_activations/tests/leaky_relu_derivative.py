OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "leaky_relu_derivative"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_leaky_relu_derivative_default_alpha(leaky_relu_derivative):
    """1 where x > 0, else 0.01 (also at x = 0)."""
    rng = checks.rng()
    x = rng.normal(size=(4, 4))
    x[1, 2] = 0.0
    checks.assert_close(checks.call(leaky_relu_derivative, x), ref.leaky_relu_derivative(x),
                        name="leaky_relu_derivative(x)")
    for v in (0.0, -float(rng.uniform(0.5, 3)), float(rng.uniform(0.5, 3))):
        checks.assert_close(checks.call(leaky_relu_derivative, v), ref.leaky_relu_derivative(v),
                            name="leaky_relu_derivative(scalar)")


@test_case(points=2, hidden=True)
def test_leaky_relu_derivative_explicit_alpha(leaky_relu_derivative):
    """alpha passed explicitly is the slope where x <= 0."""
    rng = checks.rng()
    x = rng.normal(size=(10,))
    x[3] = 0.0
    for alpha in (0.2, float(rng.uniform(0.05, 0.5))):
        checks.assert_close(checks.call(leaky_relu_derivative, x, alpha=alpha),
                            ref.leaky_relu_derivative(x, alpha=alpha),
                            name=f"leaky_relu_derivative(x, alpha={alpha:.3g})")
