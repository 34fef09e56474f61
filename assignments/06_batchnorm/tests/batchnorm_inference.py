OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "batchnorm_inference"


@test_case(points=1, hidden=False)
def test_inference_uses_running_statistics(BatchNorm):
    bn = BatchNorm(2, momentum=0.5)
    bn.forward(np.array([[1.0, 2.0], [3.0, 6.0]]), training=True)
    # running_mean = 0.5*0 + 0.5*(2, 4) = (1, 2); running_var = 0.5*1 + 0.5*(1, 4) = (1, 2.5)
    assert np.allclose(bn.running_mean, [1.0, 2.0]) and np.allclose(bn.running_var, [1.0, 2.5]), \
        f"momentum=0.5에서 한 번 학습하면 running_mean=[1, 2], running_var=[1, 2.5]여야 하는데 {bn.running_mean}, {bn.running_var}입니다 / after one training step with momentum=0.5, running_mean=[1, 2] and running_var=[1, 2.5], got {bn.running_mean}, {bn.running_var}"
    x = np.array([[0.0, 0.0], [2.0, 7.0], [5.0, -1.0]])
    expected = (x - np.array([1.0, 2.0])) / np.sqrt(np.array([1.0, 2.5]) + 1e-3)  # before the call
    out = bn.forward(x.copy(), training=False)
    assert np.allclose(out, expected), \
        f"추론에서는 배치 통계가 아니라 running_mean, running_var로 정규화해야 합니다: 기대 {expected}, 받은 값 {out} / at inference normalize with running_mean and running_var, not the batch statistics: expected {expected}, got {out}"
    assert np.allclose(bn.running_mean, [1.0, 2.0]) and np.allclose(bn.running_var, [1.0, 2.5]), \
        "추론(training=False)은 running_mean, running_var를 바꾸면 안 됩니다 / inference (training=False) must not change running_mean or running_var"
