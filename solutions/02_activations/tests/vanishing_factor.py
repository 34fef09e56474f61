OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "vanishing_factor"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_vanishing_factor_at_zero(vanishing_factor):
    """0.25 ** n at x = 0 for n = 1..10 (the default x and x = 0.0 passed explicitly)."""
    for n in range(1, 11):
        checks.assert_close(checks.call(vanishing_factor, n), ref.vanishing_factor(n),
                            name=f"vanishing_factor({n})")
    checks.assert_close(checks.call(vanishing_factor, 3, 0.0), ref.vanishing_factor(3, 0.0),
                        name="vanishing_factor(3, 0.0)")


@test_case(points=3, hidden=True)
def test_vanishing_factor_nonzero_x(vanishing_factor):
    """Away from 0 each layer multiplies by σ'(x) < 0.25: the product over n layers."""
    rng = checks.rng()
    for x in (float(rng.uniform(0.5, 3)), -float(rng.uniform(0.5, 3)), 2.0):
        for n in (1, 4, int(rng.integers(5, 11))):
            checks.assert_close(checks.call(vanishing_factor, n, x), ref.vanishing_factor(n, x),
                                name=f"vanishing_factor({n}, x={x:.3g})")
    checks.assert_close(checks.call(vanishing_factor, 6, x=1.0), ref.vanishing_factor(6, x=1.0),
                        name="vanishing_factor(6, x=1.0)")
