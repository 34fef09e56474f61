OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "sigmoid"


@test_case(points=1, hidden=False)
def test_sigmoid_values(sigmoid):
    assert np.isclose(sigmoid(0.0), 0.5), "sigmoid(0)은 0.5여야 합니다. / sigmoid(0) must be 0.5."
    x = np.array([-2.0, 0.0, 3.0])
    out = np.asarray(sigmoid(x))
    assert out.shape == (3,), f"출력 모양이 입력과 같은 (3,)이어야 하는데 {out.shape}입니다. / The output must have the input's shape (3,), got {out.shape}."
    assert np.allclose(out, [0.11920292202211755, 0.5, 0.9525741268224334]), \
        f"sigmoid([-2, 0, 3])가 틀렸습니다: {out}. / sigmoid([-2, 0, 3]) is wrong: {out}."


@test_case(points=1, hidden=False)
def test_sigmoid_large_inputs(sigmoid):
    out = np.asarray(sigmoid(np.array([-1e4, 1e4])), dtype=float)
    assert np.all(np.isfinite(out)), \
        "sigmoid(±1e4)에 NaN이나 inf가 있습니다. 수치적으로 안정된 식을 쓰세요. / sigmoid(±1e4) contains NaN or inf. Use a numerically stable formula."
    assert np.allclose(out, [0.0, 1.0]), \
        f"sigmoid([-1e4, 1e4])는 [0, 1]이어야 하는데 {out}입니다. / sigmoid([-1e4, 1e4]) must be [0, 1], got {out}."
