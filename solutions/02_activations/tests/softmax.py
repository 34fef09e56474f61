OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "softmax"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_softmax_random(softmax):
    """1-D and 2-D inputs with the default axis, float64 and float32."""
    rng = checks.rng()
    for shape in [(5,), (4, 3), (1, 6)]:
        x = rng.normal(scale=3.0, size=shape)
        checks.assert_close(checks.call(softmax, x), ref.softmax(x), name=f"softmax(x), x of shape {shape}")
    x32 = rng.normal(scale=3.0, size=(3, 4)).astype(np.float32)
    checks.assert_close(checks.call(softmax, x32), ref.softmax(x32.astype(np.float64)),
                        rtol=1e-5, atol=1e-7, name="softmax(x), float32 x")


@test_case(points=3, hidden=True)
def test_softmax_stable(softmax):
    """Large inputs: x = 1000 (one element), [1000, 1001, 1002], rows of ±1000s and ±800s.
    (Rows are kept within ~1000 of each other so that shifting by the global maximum, which is as
    correct as the maximum per row, also passes.)"""
    cases = [np.array([1000.0]), np.array([1000.0, 1001.0, 1002.0]),
             np.array([[1000.0, 1001.0, 1002.0], [0.0, 800.0, -800.0]]),
             np.array([[-1000.0, -1001.0, -1002.0]])]
    for x in cases:
        out = checks.call(softmax, x)
        checks.assert_finite(out, name=f"softmax(x), x of shape {x.shape} with |x| up to 1000")
        checks.assert_close(out, ref.softmax(x), name=f"softmax(x), x of shape {x.shape} with |x| up to 1000")


@test_case(points=3, hidden=True)
def test_softmax_axis_and_shift(softmax):
    """axis=0 and axis=-1 on a non-square 2-D input; sums to 1; adding a constant per row changes nothing."""
    rng = checks.rng()
    x = rng.normal(scale=2.0, size=(3, 5))
    for axis in (0, -1, 1):
        out = checks.call(softmax, x, axis=axis)
        checks.assert_close(out, ref.softmax(x, axis=axis), name=f"softmax(x, axis={axis}), x of shape (3, 5)")
        checks.assert_close(np.sum(np.asarray(out, dtype=float), axis=axis), np.ones(x.shape[1 - axis % 2]),
                            name=f"sum of softmax(x, axis={axis}) along axis {axis}")
    shift = rng.uniform(-50, 50, size=(3, 1))
    checks.assert_close(checks.call(softmax, x + shift), ref.softmax(x),
                        rtol=1e-6, atol=1e-9, name="softmax(x + c) with a constant c per row")
