OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "deltas"


@test_case(points=1, hidden=False)
def test_output_delta_example(output_delta):
    d = np.asarray(output_delta(np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])))
    assert d.shape == (2, 1), f"δ_out의 모양은 Y와 같은 (2, 1)이어야 합니다 / δ_out should have Y's shape (2, 1), got {d.shape}"
    assert np.allclose(d, [[-0.032], [0.063]]), \
        "δ_out = (Y − T)·Y(1 − Y) 가 아닙니다 (시그모이드의 미분을 곱했나요?) / δ_out is not (Y − T)·Y(1 − Y) (did you multiply by the sigmoid's derivative?)"


@test_case(points=1, hidden=False)
def test_hidden_delta_example(hidden_delta):
    delta_out = np.array([[0.1, -0.2], [0.3, 0.05]])          # (N, k) = (2, 2)
    W2 = np.array([[1.0, 2.0], [0.0, -1.0], [0.5, 0.5]])      # (h, k) = (3, 2)
    H = np.array([[0.5, 0.2, 0.9], [0.1, 0.6, 0.3]])          # (N, h) = (2, 3)
    d = np.asarray(hidden_delta(delta_out, W2, H))
    assert d.shape == (2, 3), f"δ_hidden의 모양은 H와 같은 (N, h) = (2, 3)이어야 합니다 / δ_hidden should have H's shape (N, h) = (2, 3), got {d.shape}"
    assert np.allclose(d, [[-0.075, 0.032, -0.0045], [0.036, -0.012, 0.03675]]), \
        "δ_hidden = (δ_out @ W2.T)·H(1 − H) 가 아닙니다 / δ_hidden is not (δ_out @ W2.T)·H(1 − H)"
