OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "relu"


@test_case(points=1, hidden=False)
def test_relu_values(relu):
    out = np.asarray(relu(np.array([[-1.5, 0.0], [2.0, -0.1]])))
    assert out.shape == (2, 2), f"출력 모양이 (2, 2)여야 하는데 {out.shape}입니다. / The output must have shape (2, 2), got {out.shape}."
    assert np.allclose(out, [[0.0, 0.0], [2.0, 0.0]]), \
        f"relu가 틀렸습니다: {out.tolist()}. / relu is wrong: {out.tolist()}."
    assert np.isclose(relu(-3.0), 0.0) and np.isclose(relu(2.5), 2.5), \
        "relu(-3.0)은 0, relu(2.5)는 2.5여야 합니다. 스칼라(파이썬 float)도 받아야 합니다. / relu(-3.0) must be 0 and relu(2.5) must be 2.5. It must accept a Python float too."
