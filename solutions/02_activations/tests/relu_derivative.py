OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "relu_derivative"
ref = checks.load_reference(__file__)


@test_case(points=2, hidden=True)
def test_relu_derivative_random(relu_derivative):
    """1 where x > 0, else 0, on several shapes and dtypes."""
    rng = checks.rng()
    for shape in [(10,), (4, 3)]:
        x = rng.normal(size=shape)
        checks.assert_close(checks.call(relu_derivative, x), ref.relu_derivative(x),
                            name=f"relu_derivative(x), x of shape {shape}")
    x32 = rng.normal(size=(5,)).astype(np.float32)
    checks.assert_close(checks.call(relu_derivative, x32), ref.relu_derivative(x32),
                        name="relu_derivative(x), float32 x")


@test_case(points=3, hidden=True)
def test_relu_derivative_at_zero(relu_derivative):
    """0 at x = 0, as TensorFlow does, for scalars and for zeros inside an array."""
    out = checks.call(relu_derivative, 0.0)
    if checks.is_finite(out) and np.size(out) == 1 and float(np.asarray(out, dtype=float)) == 1.0:
        raise checks.Fail(
            "relu_derivative(0)은 0이어야 합니다 (TensorFlow처럼 x > 0인 곳만 1). `>=` 대신 `>`를 쓰세요.",
            "relu_derivative(0) must be 0 (as in TensorFlow, only x > 0 gives 1). Use `>`, not `>=`.",
        )
    checks.assert_close(out, 0.0, name="relu_derivative(0.0)")
    rng = checks.rng()
    x = rng.normal(size=(3, 4))
    x[rng.random(size=x.shape) < 0.4] = 0.0
    x[0, 0] = 0.0
    checks.assert_close(checks.call(relu_derivative, x), ref.relu_derivative(x),
                        name="relu_derivative(x) with zeros in x")
