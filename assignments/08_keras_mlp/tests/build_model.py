OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "build_model"


@test_case(points=1, hidden=False)
def test_model_outputs_probabilities(build_model):
    model = build_model()
    assert hasattr(model, "fit") and hasattr(model, "predict"), \
        "build_model은 fit과 predict가 있는 Keras 모델을 반환해야 합니다 / build_model must return a Keras model with fit and predict"
    X = np.random.default_rng(0).uniform(0, 1, size=(5, 64)).astype("float32")
    pred = np.asarray(model.predict(X, verbose=0))
    assert pred.shape == (5, 10), \
        f"입력 5개(특성 64개)에 대한 출력 모양이 (5, 10)이어야 하는데 {pred.shape}입니다 / the output for 5 inputs of 64 features must have shape (5, 10), got {pred.shape}"
    assert np.all(pred >= 0) and np.allclose(pred.sum(axis=1), 1, atol=1e-4), \
        "각 행은 합이 1인 확률이어야 합니다: 출력층에 activation='softmax'를 쓰세요 / each row must be probabilities summing to 1: use activation='softmax' in the output layer"
