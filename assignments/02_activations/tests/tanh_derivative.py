OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "tanh_derivative"


@test_case(points=1, hidden=False)
def test_tanh_derivative_values(tanh_derivative):
    out = np.asarray(tanh_derivative(np.array([0.0, 1.0, -2.0])))
    assert np.allclose(out, [1.0, 0.41997434161402614, 0.07065082485316443]), \
        f"tanh_derivative([0, 1, -2])가 틀렸습니다: {out}. 1 − tanh(x)²를 계산하세요. / tanh_derivative([0, 1, -2]) is wrong: {out}. Compute 1 − tanh(x)²."
