OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "sigmoid_derivative"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_sigmoid_derivative_random(sigmoid_derivative):
    """σ(x)(1 − σ(x)) at the pre-activation x, several shapes, float64 and float32, scalars."""
    rng = checks.rng()
    for shape in [(6,), (3, 5), (2, 2, 3)]:
        x = rng.normal(scale=3.0, size=shape)
        checks.assert_close(checks.call(sigmoid_derivative, x), ref.sigmoid_derivative(x),
                            name=f"sigmoid_derivative(x), x of shape {shape}")
    x32 = rng.uniform(-10, 10, size=(8,)).astype(np.float32)
    # float32's s(1 - s) loses up to ~1e-3 relative in the tails: compare absolutely
    checks.assert_close(checks.call(sigmoid_derivative, x32),
                        ref.sigmoid_derivative(x32.astype(np.float64)), rtol=1e-4, atol=1e-6,
                        name="sigmoid_derivative(x), float32 x")
    v = float(rng.uniform(-3, 3))
    checks.assert_close(checks.call(sigmoid_derivative, v), ref.sigmoid_derivative(v),
                        name="sigmoid_derivative(scalar)")


@test_case(points=3, hidden=True)
def test_sigmoid_derivative_of_preactivation(sigmoid_derivative):
    """x is the pre-activation: on inputs where σ(x)(1 − σ(x)) and x(1 − x) differ."""
    rng = checks.rng()
    x = np.concatenate([rng.uniform(0.2, 0.9, size=4), rng.uniform(1.5, 4, size=3),
                        -rng.uniform(0.5, 4, size=3)])
    out = checks.call(sigmoid_derivative, x)
    if np.allclose(np.asarray(out, dtype=float), x * (1 - x)):
        raise checks.Fail(
            "x(1 − x)를 계산했습니다. x는 활성화 전 값이므로 σ(x)(1 − σ(x))를 계산해야 합니다.",
            "You computed x(1 − x). x is the pre-activation, so compute σ(x)(1 − σ(x)).",
        )
    checks.assert_close(out, ref.sigmoid_derivative(x), name="sigmoid_derivative(x)")


@test_case(points=2, hidden=True)
def test_sigmoid_derivative_maximum(sigmoid_derivative):
    """The maximum is 0.25 at x = 0, smaller everywhere else; |x| = 700 gives 0 without NaN.
    (The contract asks sigmoid, not its derivative, to survive 1e4: e^-x / (1 + e^-x)^2 is a
    correct formula that is finite up to |x| ~ 709, so the derivative is probed below that.)"""
    checks.assert_close(checks.call(sigmoid_derivative, 0.0), 0.25, name="sigmoid_derivative(0)")
    grid = np.linspace(-6, 6, 1201)
    out = np.asarray(checks.call(sigmoid_derivative, grid), dtype=float)
    if out.shape != grid.shape or not np.all(out[grid != 0] < 0.25) or int(np.argmax(out)) != 600:
        raise checks.Fail(
            "sigmoid_derivative의 최댓값은 x = 0에서의 0.25이고 다른 곳에서는 더 작아야 합니다.",
            "sigmoid_derivative must peak at 0.25 at x = 0 and be smaller everywhere else.",
        )
    x = np.array([-700.0, -100.0, 100.0, 700.0])
    out = checks.call(sigmoid_derivative, x)
    checks.assert_finite(out, name="sigmoid_derivative(x) for |x| up to 700")
    checks.assert_close(out, ref.sigmoid_derivative(x), atol=1e-12, name="sigmoid_derivative(x) for |x| up to 700")
