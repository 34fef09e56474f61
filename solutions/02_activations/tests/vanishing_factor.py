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


@test_case(points=2, hidden=True)
def test_vanishing_factor_is_a_product(vanishing_factor, sigmoid_derivative):
    """vanishing_factor(n, x) is the student's own sigmoid_derivative(x) multiplied n times (so a
    mistake in sigmoid_derivative is not charged twice here)."""
    rng = checks.rng()
    for x in (float(rng.uniform(-3, 3)), 0.7):
        factor = checks.call(sigmoid_derivative, x)
        if not checks.is_finite(factor) or np.size(factor) != 1:
            raise checks.Fail("sigmoid_derivative(x)가 숫자 하나를 반환해야 이 검사를 할 수 있습니다.",
                              "sigmoid_derivative(x) must return one number for this check.")
        factor = float(np.asarray(factor, dtype=float))
        for n in (1, 3, int(rng.integers(4, 9))):
            checks.assert_close(checks.call(vanishing_factor, n, x), factor ** n, rtol=1e-9,
                                name=f"vanishing_factor({n}, x={x:.3g}) vs sigmoid_derivative(x)**{n}")
