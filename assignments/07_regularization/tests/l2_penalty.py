OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "l2_penalty"


@test_case(points=1, hidden=False)
def test_l2_penalty_small_example(l2_penalty):
    ws = [np.array([1.0, -2.0]), np.array([[3.0], [0.5]])]
    out = l2_penalty(ws, 0.1)
    # 0.1 * (1 + 4 + 9 + 0.25) = 1.425
    assert np.ndim(out) == 0, f"l2_penalty는 숫자 하나를 반환해야 하는데 모양이 {np.shape(out)}입니다 / l2_penalty should return one number, got shape {np.shape(out)}"
    assert np.isclose(out, 1.425), f"0.1 * (1 + 4 + 9 + 0.25) = 1.425여야 하는데 {out}입니다 (모든 배열의 모든 원소의 제곱합에 lam을 곱합니다. 1/2은 곱하지 않습니다) / expected 0.1 * (1 + 4 + 9 + 0.25) = 1.425, got {out} (lam times the sum of squares of every element of every array, no 1/2)"
    assert np.isclose(l2_penalty([], 0.1), 0.0), "빈 목록의 규제 항은 0입니다 / the penalty of an empty list is 0"
