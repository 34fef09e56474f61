OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "relu_derivative"


@test_case(points=1, hidden=False)
def test_relu_derivative_values(relu_derivative):
    out = np.asarray(relu_derivative(np.array([-2.0, 0.0, 3.0])))
    assert np.allclose(out, [0.0, 0.0, 1.0]), \
        f"relu_derivative([-2, 0, 3])는 [0, 0, 1]이어야 하는데 {out.tolist()}입니다 (x = 0에서는 0). / relu_derivative([-2, 0, 3]) must be [0, 0, 1], got {out.tolist()} (0 at x = 0)."
    assert np.isclose(relu_derivative(0.0), 0.0) and np.isclose(relu_derivative(2.0), 1.0), \
        "relu_derivative(0.0)은 0, relu_derivative(2.0)은 1이어야 합니다. 스칼라(파이썬 float)도 받아야 합니다 (np.asarray나 np.where를 쓰면 됩니다). / relu_derivative(0.0) must be 0 and relu_derivative(2.0) must be 1. It must accept a Python float too (np.asarray or np.where help)."
