OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "sigmoid_derivative"


@test_case(points=1, hidden=False)
def test_sigmoid_derivative_values(sigmoid_derivative):
    assert np.isclose(sigmoid_derivative(0.0), 0.25), \
        "σ'(0) = σ(0)(1 − σ(0)) = 0.25여야 합니다. / σ'(0) = σ(0)(1 − σ(0)) must be 0.25."
    out = np.asarray(sigmoid_derivative(np.array([-1.0, 2.0])))
    assert np.allclose(out, [0.19661193324148185, 0.10499358540350652]), \
        f"sigmoid_derivative([-1, 2])가 틀렸습니다: {out}. x는 σ(x)가 아니라 활성화 전 값입니다. / sigmoid_derivative([-1, 2]) is wrong: {out}. x is the pre-activation, not σ(x)."
