OK_FORMAT = False

import numpy as np
from otter.test_files import test_case

name = "build_xor_model"


@test_case(points=1, hidden=False)
def test_model_shape(build_xor_model):
    model = build_xor_model()
    assert hasattr(model, "fit") and hasattr(model, "predict"), \
        "build_xor_model은 fit과 predict가 있는 Keras 모델을 반환해야 합니다. / build_xor_model must return a Keras model with fit and predict."
    pred = np.asarray(model.predict(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32"), verbose=0))
    assert pred.shape == (4, 1), \
        f"입력 4개에 대한 출력 모양이 (4, 1)이어야 하는데 {pred.shape}입니다 (입력 2개, 출력 1개). / The output for 4 inputs must have shape (4, 1), got {pred.shape} (2 inputs, 1 output)."
    assert np.all((pred >= 0) & (pred <= 1)), \
        "출력은 sigmoid를 거친 0과 1 사이의 확률이어야 합니다. / The output must be a sigmoid probability between 0 and 1."
