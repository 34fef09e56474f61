OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "mlp_forward"


@test_case(points=1, hidden=False)
def test_mlp_lecture_table(mlp_forward):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    W1, b1 = np.array([[-2.0, 2.0], [-2.0, 2.0]]), np.array([3.0, -1.0])
    W2, b2 = np.array([1.0, 1.0]), -1.0
    H, y = mlp_forward(X, W1, b1, W2, b2)
    H, y = np.asarray(H), np.asarray(y)
    assert H.shape == (4, 2) and y.shape == (4,), \
        f"H는 (4, 2), y는 (4,) 모양이어야 하는데 {H.shape}, {y.shape}입니다. / H must be (4, 2) and y (4,), got {H.shape}, {y.shape}."
    assert np.array_equal(H, [[1, 0], [1, 1], [1, 1], [0, 1]]), \
        "은닉층 H가 강의의 표 [[1,0],[1,1],[1,1],[0,1]]와 다릅니다. / The hidden layer H differs from the lecture's table [[1,0],[1,1],[1,1],[0,1]]."
    assert np.array_equal(y, [0, 1, 1, 0]), \
        "출력 y가 XOR [0, 1, 1, 0]과 다릅니다. / The output y differs from XOR [0, 1, 1, 0]."
