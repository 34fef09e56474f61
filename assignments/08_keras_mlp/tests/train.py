OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "train"


@test_case(points=1, hidden=False)
def test_train_returns_history_with_validation(build_model, train):
    # 10 easy clusters of 64 features / 10개의 쉬운 군집, 특성 64개
    rng = np.random.default_rng(0)
    centers = rng.uniform(0, 1, size=(10, 64))
    y = rng.permutation(np.arange(300) % 10)
    X = np.clip(centers[y] + 0.1 * rng.normal(size=(300, 64)), 0, 1).astype("float32")
    # 마지막 30개는 무작위 레이블: 검증 손실이 곧 올라가 조기 종료가 몇 에폭 만에 멈춥니다
    # / random labels on the last 30: the validation loss soon rises and early stopping ends training within a few epochs
    y[-30:] = rng.integers(0, 10, size=30)
    X_copy = X.copy()
    history = train(build_model(), X, y)
    logs = history.history
    assert "val_loss" in logs, \
        f"History에 'val_loss'가 없습니다 (키: {sorted(logs)}). model.fit에 validation_split을 주세요 / the History has no 'val_loss' (keys: {sorted(logs)}); pass validation_split to model.fit"
    assert "accuracy" in logs and "val_accuracy" in logs, \
        f"History에 'accuracy', 'val_accuracy'가 있어야 합니다 (키: {sorted(logs)}). compile에 metrics=['accuracy']를 넣으세요 / the History needs 'accuracy' and 'val_accuracy' (keys: {sorted(logs)}); pass metrics=['accuracy'] to compile"
    n = len(history.epoch)
    assert 1 <= n <= 50 and len(logs["loss"]) == n, \
        f"에폭 1~50번을 학습해야 하는데 {n}번입니다 / train for 1 to 50 epochs, got {n}"
    assert np.array_equal(X, X_copy), "입력 X를 바꾸면 안 됩니다 / do not modify X"
