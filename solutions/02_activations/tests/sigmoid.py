OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "sigmoid"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_sigmoid_random_shapes(sigmoid):
    """float64 arrays of several shapes, and float32 (looser tolerance)."""
    rng = checks.rng()
    for shape in [(7,), (3, 4), (2, 3, 2)]:
        x = rng.normal(scale=4.0, size=shape)
        checks.assert_close(checks.call(sigmoid, x), ref.sigmoid(x), name=f"sigmoid(x), x of shape {shape}")
    x32 = rng.uniform(-15, 15, size=(4, 5)).astype(np.float32)
    checks.assert_close(checks.call(sigmoid, x32), ref.sigmoid(x32.astype(np.float64)),
                        rtol=1e-5, atol=1e-6, name="sigmoid(x), float32 x")


@test_case(points=2, hidden=True)
def test_sigmoid_scalars(sigmoid):
    """Python scalars give a scalar back; sigmoid(0) = 0.5 exactly."""
    rng = checks.rng()
    checks.assert_close(checks.call(sigmoid, 0.0), 0.5, rtol=0, atol=0, name="sigmoid(0.0)")
    for x in [float(rng.uniform(0.5, 6)), -float(rng.uniform(0.5, 6)), 2.0]:
        checks.assert_close(checks.call(sigmoid, x), ref.sigmoid(x), name="sigmoid(scalar)")


@test_case(points=3, hidden=True)
def test_sigmoid_stable(sigmoid):
    """|x| up to 1e4: no NaN or inf, the right values (0 and 1 in the limits)."""
    x = np.array([-1e4, -1000.0, -700.0, -50.0, 0.0, 50.0, 700.0, 1000.0, 1e4])
    out = checks.call(sigmoid, x)
    checks.assert_finite(out, name="sigmoid(x) for |x| up to 1e4")
    checks.assert_close(out, ref.sigmoid(x), rtol=1e-6, atol=1e-12, name="sigmoid(x) for |x| up to 1e4")
    for v in (1e4, -1e4):
        out = checks.call(sigmoid, v)
        checks.assert_finite(out, name=f"sigmoid({v:g})")
        checks.assert_close(out, ref.sigmoid(v), atol=1e-12, name=f"sigmoid({v:g})")
