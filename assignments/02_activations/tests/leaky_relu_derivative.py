OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "leaky_relu_derivative"


@test_case(points=1, hidden=False)
def test_leaky_relu_derivative_values(leaky_relu_derivative):
    x = np.array([-2.0, 0.0, 3.0])
    out = np.asarray(leaky_relu_derivative(x))
    assert np.allclose(out, [0.01, 0.01, 1.0]), \
        f"leaky_relu_derivative([-2, 0, 3])는 [0.01, 0.01, 1]이어야 하는데 {out.tolist()}입니다. / leaky_relu_derivative([-2, 0, 3]) must be [0.01, 0.01, 1], got {out.tolist()}."
    out = np.asarray(leaky_relu_derivative(x, alpha=0.2))
    assert np.allclose(out, [0.2, 0.2, 1.0]), \
        f"alpha=0.2이면 [0.2, 0.2, 1]이어야 하는데 {out.tolist()}입니다. / With alpha=0.2 it must be [0.2, 0.2, 1], got {out.tolist()}."
    assert np.isclose(leaky_relu_derivative(0.0), 0.01), \
        "leaky_relu_derivative(0.0)은 0.01이어야 합니다. 스칼라(파이썬 float)도 받아야 합니다. / leaky_relu_derivative(0.0) must be 0.01. It must accept a Python float too."
