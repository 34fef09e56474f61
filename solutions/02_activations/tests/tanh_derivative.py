OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "tanh_derivative"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_tanh_derivative_random(tanh_derivative):
    """1 − tanh(x)² at the pre-activation x, several shapes and dtypes, scalars."""
    rng = checks.rng()
    for shape in [(5,), (4, 3)]:
        x = rng.normal(scale=2.0, size=shape)
        checks.assert_close(checks.call(tanh_derivative, x), ref.tanh_derivative(x),
                            name=f"tanh_derivative(x), x of shape {shape}")
    x32 = rng.uniform(-5, 5, size=(6,)).astype(np.float32)
    checks.assert_close(checks.call(tanh_derivative, x32), ref.tanh_derivative(x32.astype(np.float64)),
                        rtol=1e-4, atol=1e-6, name="tanh_derivative(x), float32 x")
    v = float(rng.uniform(0.3, 2))
    checks.assert_close(checks.call(tanh_derivative, v), ref.tanh_derivative(v), name="tanh_derivative(scalar)")


@test_case(points=2, hidden=True)
def test_tanh_derivative_extremes(tanh_derivative):
    """1 at x = 0 (the maximum), 0 without NaN for large |x| (up to 300, where every correct
    formula for tanh is still finite)."""
    checks.assert_close(checks.call(tanh_derivative, 0.0), 1.0, name="tanh_derivative(0)")
    x = np.array([-300.0, -30.0, 0.0, 30.0, 300.0])
    out = checks.call(tanh_derivative, x)
    checks.assert_finite(out, name="tanh_derivative(x) for |x| up to 300")
    checks.assert_close(out, ref.tanh_derivative(x), atol=1e-12, name="tanh_derivative(x) for |x| up to 300")
