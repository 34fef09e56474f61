OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "tanh_derivative"


@test_case(points=1, hidden=False)
def test_tanh_derivative_values(tanh_derivative):
    out = np.asarray(tanh_derivative(np.array([0.0, 1.0, -2.0])))
    assert np.allclose(out, [1.0, 0.41997434161402614, 0.07065082485316443]), \
        f"tanh_derivative([0, 1, -2])가 틀렸습니다: {out}. 1 − tanh(x)²를 계산하세요. / tanh_derivative([0, 1, -2]) is wrong: {out}. Compute 1 − tanh(x)²."
    assert np.isclose(tanh_derivative(0.0), 1.0), \
        "tanh_derivative(0.0)은 1이어야 합니다. 스칼라(파이썬 float)도 받아야 합니다. / tanh_derivative(0.0) must be 1. It must accept a Python float too."
