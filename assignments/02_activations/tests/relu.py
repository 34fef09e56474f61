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
