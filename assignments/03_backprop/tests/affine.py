OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "affine"

X = np.array([[1.0, 2.0], [3.0, 4.0]])
W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 2.0]])
b = np.array([0.5, -0.5, 1.0])


@test_case(points=1, hidden=False)
def test_affine_forward_example(affine_forward):
    out = np.asarray(affine_forward(X, W, b))
    assert out.shape == (2, 3), f"affine_forward의 출력 모양은 (N, m) = (2, 3)이어야 합니다 / output shape should be (N, m) = (2, 3), got {out.shape}"
    assert np.allclose(out, [[1.5, 1.5, 4.0], [3.5, 3.5, 6.0]]), "affine_forward(X, W, b)는 X @ W + b 입니다 / affine_forward(X, W, b) is X @ W + b"


@test_case(points=1, hidden=False)
def test_affine_backward_example(affine_backward):
    dY = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    dY_copy, X_copy, W_copy = dY.copy(), X.copy(), W.copy()
    out = affine_backward(dY, X, W)
    assert len(out) == 3, "affine_backward는 (dX, dW, db)를 반환해야 합니다 / affine_backward must return (dX, dW, db)"
    dX, dW, db = (np.asarray(a) for a in out)
    assert dX.shape == (2, 2), f"dX의 모양은 X와 같은 (N, d) = (2, 2)여야 합니다 / dX should have X's shape (N, d) = (2, 2), got {dX.shape}"
    assert dW.shape == (2, 3), f"dW의 모양은 W와 같은 (d, m) = (2, 3)이어야 합니다 / dW should have W's shape (d, m) = (2, 3), got {dW.shape}"
    assert db.shape == (3,), f"db의 모양은 b와 같은 (m,) = (3,)이어야 합니다 / db should have b's shape (m,) = (3,), got {db.shape}"
    assert np.allclose(dX, [[-1.0, 4.0], [1.0, -1.0]]), "dX = dY @ W.T 가 아닙니다 / dX is not dY @ W.T"
    assert np.allclose(dW, [[1.0, 3.0, -1.0], [2.0, 4.0, 0.0]]), "dW = X.T @ dY 가 아닙니다 / dW is not X.T @ dY"
    assert np.allclose(db, [1.0, 1.0, 1.0]), "db는 dY를 0번 축(배치)으로 더한 것입니다 / db is dY summed over axis 0 (the batch)"
    assert np.array_equal(dY, dY_copy) and np.array_equal(X, X_copy) and np.array_equal(W, W_copy), \
        "입력 배열을 바꾸면 안 됩니다 / do not modify the input arrays"
