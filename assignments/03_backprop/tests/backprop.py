OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "backprop"


def _network():
    rng = np.random.default_rng(7)
    X, T = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    params = {"W1": rng.normal(size=(3, 4)) * 0.5, "b1": rng.normal(size=4) * 0.5,
              "W2": rng.normal(size=(4, 2)) * 0.5, "b2": rng.normal(size=2) * 0.5}
    return X, T, params


@test_case(points=1, hidden=False)
def test_backprop_keys_and_shapes(backprop):
    X, T, params = _network()
    grads = backprop(X, T, params)
    assert isinstance(grads, dict), "backprop은 dict를 반환해야 합니다 / backprop must return a dict"
    for key in ("W1", "b1", "W2", "b2"):
        assert key in grads, f"grads에 키 {key!r}가 없습니다 / grads lacks the key {key!r}"
        assert np.shape(grads[key]) == params[key].shape, \
            f"grads[{key!r}]의 모양은 params[{key!r}]와 같은 {params[key].shape}여야 합니다 / grads[{key!r}] should have shape {params[key].shape}, got {np.shape(grads[key])}"


@test_case(points=1, hidden=False)
def test_backprop_gradient_check(backprop, forward, loss):
    # 여러분의 forward와 loss로 수치 미분을 계산해 비교합니다 (forward_loss 검사를 먼저 통과하세요).
    # Compares with centred differences of your own forward and loss (pass the forward_loss checks first).
    X, T, params = _network()
    grads = backprop(X, T, params)
    h = 1e-5
    for key in ("W1", "b1", "W2", "b2"):
        numeric = np.zeros(params[key].shape)
        for idx in np.ndindex(params[key].shape):
            plus = {k: np.array(v, dtype=float) for k, v in params.items()}
            minus = {k: np.array(v, dtype=float) for k, v in params.items()}
            plus[key][idx] += h
            minus[key][idx] -= h
            numeric[idx] = (loss(forward(X, plus)[1], T) - loss(forward(X, minus)[1], T)) / (2 * h)
        analytic = np.asarray(grads[key], dtype=float)
        rel = np.max(np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric)))
        assert rel < 1e-6, (f"grads[{key!r}]가 수치 미분과 다릅니다 (상대 오차 {rel:.1e}) / "
                            f"grads[{key!r}] does not match the numerical gradient (relative error {rel:.1e})")
