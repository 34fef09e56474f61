OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "train_xor"


@test_case(points=1, hidden=False)
def test_train_xor_most_seeds(train_xor, forward):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    solved = []
    for seed in (0, 1, 2):
        params, losses = train_xor(seed=seed)
        assert len(losses) == 10000, f"losses에는 epoch마다 하나씩 10000개가 있어야 합니다 / losses needs one entry per epoch (10000), got {len(losses)}"
        assert losses[-1] < losses[0], f"seed={seed}: 손실이 줄지 않았습니다 / the loss did not decrease"
        _, Y = forward(X, params)
        if list((np.asarray(Y).ravel() > 0.5).astype(int)) == [0, 1, 1, 0]:
            solved.append(seed)
    assert len(solved) >= 2, (f"시드 0, 1, 2 중 XOR을 푼 것이 {solved}뿐입니다 (과반수가 필요). 초기화를 확인하세요 / "
                              f"only seeds {solved} of 0, 1, 2 solve XOR (a majority is needed). Check the initialisation")
