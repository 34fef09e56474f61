OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "softmax"


@test_case(points=1, hidden=False)
def test_softmax_values(softmax):
    out = np.asarray(softmax(np.array([1.0, 2.0, 3.0])))
    assert np.allclose(out, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]), \
        f"softmax([1, 2, 3])가 틀렸습니다: {out}. / softmax([1, 2, 3]) is wrong: {out}."
    out = np.asarray(softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])))
    assert out.shape == (2, 3) and np.allclose(out.sum(axis=1), 1.0), \
        "2차원 입력에서는 각 행(axis=-1)의 합이 1이어야 합니다. / For 2-D input each row (axis=-1) must sum to 1."


@test_case(points=1, hidden=False)
def test_softmax_stable(softmax):
    out = np.asarray(softmax(np.array([1000.0, 1001.0, 1002.0])), dtype=float)
    assert np.all(np.isfinite(out)), \
        "softmax([1000, 1001, 1002])에 NaN이 있습니다. 지수를 취하기 전에 최댓값을 빼세요. / softmax([1000, 1001, 1002]) contains NaN. Subtract the maximum before exponentiating."
    assert np.allclose(out, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]), \
        "상수를 더해도 softmax는 변하지 않아야 합니다. / Adding a constant must not change softmax."
