OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "train_perceptron"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


@test_case(points=1, hidden=False)
def test_learns_and(train_perceptron):
    y = np.array([0, 0, 0, 1])
    w, b, converged = train_perceptron(X.copy(), y.copy())
    assert converged, "AND는 선형 분리 가능하니 수렴해야 합니다 (converged=True). / AND is linearly separable, so training must converge (converged=True)."
    pred = (X @ np.asarray(w, dtype=float) + float(b) > 1e-9).astype(int)  # a sum of ~1e-17 counts as 0
    assert np.array_equal(pred, y), \
        f"학습한 w, b로 예측한 값 {pred.tolist()}이 AND [0, 0, 0, 1]과 다릅니다. / The learned w, b predict {pred.tolist()}, not AND [0, 0, 0, 1]."


@test_case(points=1, hidden=False)
def test_fails_xor(train_perceptron):
    y = np.array([0, 1, 1, 0])
    w, b, converged = train_perceptron(X.copy(), y.copy(), lr=0.1, max_epochs=20)
    assert not converged, \
        "XOR은 직선 하나로 나눌 수 없으니 converged가 False여야 합니다. / XOR is not linearly separable, so converged must be False."
