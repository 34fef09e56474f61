OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "relu_derivative"


@test_case(points=1, hidden=False)
def test_relu_derivative_values(relu_derivative):
    out = np.asarray(relu_derivative(np.array([-2.0, 0.0, 3.0])))
    assert np.allclose(out, [0.0, 0.0, 1.0]), \
        f"relu_derivative([-2, 0, 3])는 [0, 0, 1]이어야 하는데 {out.tolist()}입니다 (x = 0에서는 0). / relu_derivative([-2, 0, 3]) must be [0, 0, 1], got {out.tolist()} (0 at x = 0)."
