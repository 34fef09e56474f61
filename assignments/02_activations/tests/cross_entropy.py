OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "cross_entropy"


@test_case(points=1, hidden=False)
def test_cross_entropy_row_and_batch(cross_entropy):
    p = np.array([0.7, 0.2, 0.1])
    t = np.array([1.0, 0.0, 0.0])
    out = cross_entropy(p, t)
    assert np.isclose(out, -np.log(0.7)), \
        f"한 행의 교차 엔트로피는 -log(0.7) ≈ 0.3567이어야 하는데 {out}입니다. / The cross-entropy of one row must be -log(0.7) ≈ 0.3567, got {out}."
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
    T = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    out = cross_entropy(P, T)
    assert np.isclose(out, -(np.log(0.7) + np.log(0.8)) / 2), \
        f"배치에서는 행마다의 손실을 평균해야 합니다 (합이 아니라): 기대 ≈ 0.2899, 받은 값 {out}. / For a batch, average the per-row losses (not their sum): expected ≈ 0.2899, got {out}."


@test_case(points=1, hidden=False)
def test_cross_entropy_clipping(cross_entropy):
    out = float(cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0])))
    assert np.isfinite(out), \
        "p에 0이 있어도 결과가 유한해야 합니다. p를 [eps, 1 − eps]로 자르세요. / The result must be finite even when p contains 0. Clip p to [eps, 1 − eps]."
    assert np.isclose(out, -np.log(1e-7)), \
        f"p = 0인 정답 클래스는 eps = 1e-7로 잘려 -log(1e-7) ≈ 16.118이어야 하는데 {out}입니다. / A true class with p = 0 is clipped to eps = 1e-7, giving -log(1e-7) ≈ 16.118, got {out}."
