OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "batchnorm_train"


@test_case(points=1, hidden=False)
def test_batchnorm_small_batch(BatchNorm):
    bn = BatchNorm(2)
    assert np.allclose(bn.gamma, [1.0, 1.0]) and np.allclose(bn.beta, [0.0, 0.0]), \
        f"처음에 gamma는 1, beta는 0이어야 하는데 gamma={bn.gamma}, beta={bn.beta}입니다 / gamma should start at ones and beta at zeros, got gamma={bn.gamma}, beta={bn.beta}"
    assert np.allclose(bn.running_mean, [0.0, 0.0]) and np.allclose(bn.running_var, [1.0, 1.0]), \
        f"처음에 running_mean은 0, running_var는 1이어야 하는데 {bn.running_mean}, {bn.running_var}입니다 / running_mean should start at zeros and running_var at ones, got {bn.running_mean}, {bn.running_var}"
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    x_copy = x.copy()
    out = bn.forward(x, training=True)
    # batch mean (2, 4), biased variance (1, 4): x_hat = ±1/sqrt(1.001), ±2/sqrt(4.001)
    expected = np.array([[-1 / np.sqrt(1.001), -2 / np.sqrt(4.001)], [1 / np.sqrt(1.001), 2 / np.sqrt(4.001)]])
    assert np.shape(out) == (2, 2), f"출력 모양은 (2, 2)여야 하는데 {np.shape(out)}입니다 / the output should have shape (2, 2), got {np.shape(out)}"
    assert np.allclose(out, expected), \
        f"평균 (2, 4), N으로 나눈 분산 (1, 4)로 정규화하면 {expected}가 되어야 하는데 {out}입니다 (ddof=0, eps는 제곱근 안) / normalizing with mean (2, 4) and the variance divided by N (1, 4) gives {expected}, got {out} (ddof=0, eps inside the square root)"
    assert np.array_equal(x, x_copy), "입력 x를 제자리에서 바꾸면 안 됩니다 / do not modify x in place"


@test_case(points=1, hidden=False)
def test_running_statistics_one_step(BatchNorm):
    bn = BatchNorm(2)
    bn.forward(np.array([[1.0, 2.0], [3.0, 6.0]]), training=True)
    # running = 0.99 * running + 0.01 * batch: mean 0.99*0 + 0.01*(2, 4), var 0.99*1 + 0.01*(1, 4)
    assert np.allclose(bn.running_mean, [0.02, 0.04]), \
        f"running_mean은 0.99*0 + 0.01*(2, 4) = [0.02, 0.04]이어야 하는데 {bn.running_mean}입니다 / running_mean should be 0.99*0 + 0.01*(2, 4) = [0.02, 0.04], got {bn.running_mean}"
    assert np.allclose(bn.running_var, [1.0, 1.03]), \
        f"running_var는 0.99*1 + 0.01*(1, 4) = [1.0, 1.03]이어야 하는데 {bn.running_var}입니다 (N으로 나눈 분산) / running_var should be 0.99*1 + 0.01*(1, 4) = [1.0, 1.03], got {bn.running_var} (the variance divided by N)"
