OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "build_xor_model"
requires = ["keras"]  # this file needs TensorFlow/Keras in the student's process

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
Y = np.array([0, 1, 1, 0], dtype=np.float32)
EPOCHS = 500
ATTEMPTS = 3


@test_case(points=2, hidden=True)
def test_model_outputs_probabilities(build_xor_model):
    """Untrained: a batch of N inputs gives N probabilities in [0, 1] (one sigmoid output)."""
    rng = checks.rng()
    model = build_xor_model()
    for attr in ("fit", "predict"):
        if not hasattr(model, attr):
            raise checks.Fail(f"build_xor_model이 반환한 객체에 {attr}가 없습니다. Keras 모델을 반환하세요.",
                              f"The object build_xor_model returns has no {attr}. Return a Keras model.")
    batch = rng.uniform(-1, 2, size=(5, 2)).astype(np.float32)
    pred = np.asarray(model.predict(batch, verbose=0), dtype=float)
    if pred.shape != (5, 1):
        raise checks.Fail(
            f"입력 5개에 대한 출력 모양이 (5, 1)이어야 하는데 {pred.shape}입니다. 입력 2개, 출력 unit 1개인지 확인하세요.",
            f"The output for 5 inputs must have shape (5, 1), got {pred.shape}. Check for 2 inputs and 1 output unit.",
        )
    checks.assert_finite(pred, name="model.predict(X)")
    if not np.all((pred >= 0) & (pred <= 1)):
        raise checks.Fail("출력층은 sigmoid 하나여야 합니다: 출력이 0과 1 사이가 아닙니다.",
                          "The output layer must be one sigmoid unit: the outputs are not between 0 and 1.")


@test_case(points=4, hidden=True)
def test_model_learns_xor(build_xor_model):
    """fit(X, y, epochs=500, verbose=0) on the four XOR points gets all four right (3 tries)."""
    best = -1
    for _ in range(ATTEMPTS):
        model = build_xor_model()
        model.fit(X, Y, epochs=EPOCHS, verbose=0)
        pred = np.asarray(model.predict(X, verbose=0), dtype=float).ravel()
        if pred.shape != (4,):
            raise checks.Fail(f"입력 4개에 대한 예측이 4개여야 하는데 모양이 {pred.shape}입니다.",
                              f"There must be 4 predictions for 4 inputs, got shape {pred.shape}.")
        correct = int(np.sum((pred > 0.5) == (Y > 0.5)))
        if correct == 4:
            return
        best = max(best, correct)
    raise checks.Fail(
        f"새 모델 {ATTEMPTS}개를 {EPOCHS} 에폭씩 학습했지만 XOR 4개 중 최대 {best}개만 맞혔습니다. "
        "은닉층(예: Dense(8, 'tanh'))과 학습률(예: Adam(0.05))을 확인하고 compile했는지 보세요.",
        f"{ATTEMPTS} fresh models trained for {EPOCHS} epochs each got at most {best} of the 4 XOR points right. "
        "Check the hidden layer (e.g. Dense(8, 'tanh')), the learning rate (e.g. Adam(0.05)) and that the model is compiled.",
    )
