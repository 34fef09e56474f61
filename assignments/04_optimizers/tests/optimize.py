OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "optimize"


def _lecture_grad(x):
    # J(x) = x1² + 4·x2² - x1·x2, the objective that reproduces the lecture's figures
    return np.array([2 * x[0] - x[1], 8 * x[1] - x[0]], dtype=float)


@test_case(points=1, hidden=False)
def test_optimize_shape_and_start(optimize):
    x0 = np.array([-5.0, 4.0])
    for method in ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]:
        traj = optimize(method, _lecture_grad, x0, 0.01, n_iter=5)
        assert np.shape(traj) == (6, 2), f'optimize("{method}", ..., n_iter=5)의 모양은 (6, 2)여야 하는데 {np.shape(traj)}입니다 / optimize("{method}", ..., n_iter=5) should have shape (6, 2), got {np.shape(traj)}'
        assert np.allclose(traj[0], x0), f'optimize("{method}", ...)의 첫 행은 x0이어야 합니다 / the first row of optimize("{method}", ...) should be x0'
    assert np.array_equal(x0, [-5.0, 4.0]), "x0을 제자리에서 바꾸면 안 됩니다 / do not modify x0 in place"


@test_case(points=1, hidden=False)
def test_optimize_lecture_gd(optimize):
    traj = optimize("gd", _lecture_grad, np.array([-5.0, 4.0]), 0.01, n_iter=100)
    last = np.asarray(traj)[-1]
    assert np.allclose(last, [-0.663, -0.107], rtol=0, atol=1e-3), f"강의의 GD 결과 (-0.663, -0.107)이 나와야 하는데 {last}입니다 / the lecture's GD result is (-0.663, -0.107), got {last}"
