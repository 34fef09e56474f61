OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "leaky_relu"


@test_case(points=1, hidden=False)
def test_leaky_relu_values(leaky_relu):
    x = np.array([-2.0, 0.0, 3.0])
    out = np.asarray(leaky_relu(x))
    assert np.allclose(out, [-0.02, 0.0, 3.0]), \
        f"leaky_relu([-2, 0, 3])는 [-0.02, 0, 3]이어야 하는데 {out.tolist()}입니다. / leaky_relu([-2, 0, 3]) must be [-0.02, 0, 3], got {out.tolist()}."
    out = np.asarray(leaky_relu(x, alpha=0.2))
    assert np.allclose(out, [-0.4, 0.0, 3.0]), \
        f"alpha=0.2이면 [-0.4, 0, 3]이어야 하는데 {out.tolist()}입니다. / With alpha=0.2 it must be [-0.4, 0, 3], got {out.tolist()}."
    assert np.isclose(leaky_relu(-5.0), -0.05), \
        "leaky_relu(-5.0)은 -0.05여야 합니다. 스칼라(파이썬 float)도 받아야 합니다. / leaky_relu(-5.0) must be -0.05. It must accept a Python float too."
