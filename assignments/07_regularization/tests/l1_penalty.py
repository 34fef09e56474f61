OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "l1_penalty"


@test_case(points=1, hidden=False)
def test_l1_penalty_small_example(l1_penalty):
    ws = [np.array([1.0, -2.0]), np.array([[3.0], [-0.5]])]
    out = l1_penalty(ws, 0.1)
    # 0.1 * (1 + 2 + 3 + 0.5) = 0.65
    assert np.ndim(out) == 0, f"l1_penalty는 숫자 하나를 반환해야 하는데 모양이 {np.shape(out)}입니다 / l1_penalty should return one number, got shape {np.shape(out)}"
    assert np.isclose(out, 0.65), f"0.1 * (1 + 2 + 3 + 0.5) = 0.65여야 하는데 {out}입니다 (절댓값의 합) / expected 0.1 * (1 + 2 + 3 + 0.5) = 0.65, got {out} (the sum of absolute values)"
