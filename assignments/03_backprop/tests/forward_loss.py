OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "forward_loss"


@test_case(points=1, hidden=False)
def test_forward_example(forward):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    params = {"W1": np.array([[1.0, -1.0], [2.0, 0.5]]), "b1": np.array([0.0, -1.0]),
              "W2": np.array([[1.5], [-2.0]]), "b2": np.array([0.5])}
    out = forward(X, params)
    assert len(out) == 2, "forward는 (H, Y)를 반환해야 합니다 / forward must return (H, Y)"
    H, Y = np.asarray(out[0]), np.asarray(out[1])
    assert H.shape == (4, 2), f"H의 모양은 (N, h) = (4, 2)여야 합니다 / H should have shape (N, h) = (4, 2), got {H.shape}"
    assert Y.shape == (4, 1), f"Y의 모양은 (N, k) = (4, 1)이어야 합니다 / Y should have shape (N, k) = (4, 1), got {Y.shape}"
    assert np.allclose(H, [[0.5, 0.2689414213699951], [0.8807970779778823, 0.3775406687981454],
                           [0.7310585786300049, 0.11920292202211755], [0.9525741268224334, 0.18242552380635635]]), \
        "H = sigmoid(X @ W1 + b1) 가 아닙니다 / H is not sigmoid(X @ W1 + b1)"
    assert np.allclose(Y, [[0.6708688052847959], [0.7438572571416682], [0.7954640700937767], [0.8269280294743012]]), \
        "Y = sigmoid(H @ W2 + b2) 가 아닙니다 / Y is not sigmoid(H @ W2 + b2)"


@test_case(points=1, hidden=False)
def test_loss_example(loss):
    E = loss(np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]]))
    assert np.ndim(E) == 0, "loss는 숫자(float) 하나를 반환해야 합니다 / loss must return a single number (float)"
    assert np.isclose(E, 0.065), "E = ½ Σ (Y − T)² (평균이 아니라 합의 절반) / E = ½ Σ (Y − T)² (half the sum, not the mean)"
