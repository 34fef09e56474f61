OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "batchnorm_backward"


@test_case(points=1, hidden=False)
def test_backward_numerical_gradient(BatchNorm):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3)) * [1.0, 2.0, 0.5] + [0.0, 1.0, -2.0]
    dout = rng.normal(size=(4, 3))
    gamma, beta = np.array([1.5, -0.5, 2.0]), np.array([0.1, 0.2, -0.3])

    def loss(x_, gamma_, beta_):
        bn_ = BatchNorm(3)
        bn_.gamma, bn_.beta = gamma_.copy(), beta_.copy()
        return float(np.sum(bn_.forward(x_.copy(), training=True) * dout))

    def numeric(f, v, h=1e-5):
        grad = np.zeros_like(v)
        for i in np.ndindex(v.shape):
            plus, minus = v.copy(), v.copy()
            plus[i] += h
            minus[i] -= h
            grad[i] = (f(plus) - f(minus)) / (2 * h)
        return grad

    bn = BatchNorm(3)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    bn.forward(x.copy(), training=True)  # copies: the numerical gradients below use the original inputs
    dx = bn.backward(dout.copy())
    num_dx = numeric(lambda v: loss(v, gamma, beta), x)
    num_dgamma = numeric(lambda v: loss(x, v, beta), gamma)
    num_dbeta = numeric(lambda v: loss(x, gamma, v), beta)
    assert np.allclose(bn.dbeta, num_dbeta, rtol=1e-5, atol=1e-7), \
        f"dbeta가 수치 미분 {num_dbeta}와 다릅니다: {bn.dbeta} (dbeta = dout의 배치 합) / dbeta differs from the numerical gradient {num_dbeta}: {bn.dbeta} (dbeta is dout summed over the batch)"
    assert np.allclose(bn.dgamma, num_dgamma, rtol=1e-5, atol=1e-7), \
        f"dgamma가 수치 미분 {num_dgamma}와 다릅니다: {bn.dgamma} (dgamma = sum(dout * x_hat)) / dgamma differs from the numerical gradient {num_dgamma}: {bn.dgamma} (dgamma = sum(dout * x_hat))"
    assert np.allclose(dx, num_dx, rtol=1e-5, atol=1e-7), \
        f"dx가 수치 미분과 다릅니다 (평균과 분산도 x에 의존한다는 것을 잊지 마세요): 최대 차이 {np.max(np.abs(np.asarray(dx) - num_dx)):.3g} / dx differs from the numerical gradient (the mean and variance depend on x too): max difference {np.max(np.abs(np.asarray(dx) - num_dx)):.3g}"
