OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "build_xor_model"
requires = ["keras"]  # this file needs TensorFlow/Keras in the student's process
# In every test of this question (the public one too) what build_xor_model returns is exported as
# data and rebuilt in the grader's trusted Keras evaluator: a plain object with a predict of its
# own is not a model and scores zero.
keras_models = ["build_xor_model"]

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
Y = np.array([0, 1, 1, 0], dtype=np.float32)
EPOCHS = 500
ATTEMPTS = 3  # fresh initial weights per attempt; the first attempt that learns XOR passes


def _model(build_xor_model):
    """The student's model, rebuilt in trusted code, with the contract's shape: 2 inputs, a
    hidden layer, one sigmoid output, compiled."""
    model = checks.keras_model(build_xor_model(), "build_xor_model()")
    s = model.summary
    if not s["compiled"]:
        raise checks.Fail("build_xor_model이 반환한 모델을 compile하지 않았습니다. 반환하기 전에 model.compile(...)을 호출하세요.",
                          "The model build_xor_model returns is not compiled. Call model.compile(...) before returning it.")
    if s["input_shape"] is not None and list(s["input_shape"]) != [None, 2]:
        raise checks.Fail(f"입력 모양이 (None, 2)여야 하는데 {tuple(s['input_shape'])}입니다. keras.Input(shape=(2,))을 쓰세요.",
                          f"The input shape must be (None, 2), got {tuple(s['input_shape'])}. Use keras.Input(shape=(2,)).")
    weighted = [layer for layer in s["layers"] if layer["units"] is not None]
    if len(weighted) < 2:
        raise checks.Fail("은닉층이 없습니다. 출력층 앞에 Dense 층(예: Dense(8, activation='tanh'))을 하나 이상 두세요: "
                          "은닉층 없이는 XOR을 배울 수 없습니다.",
                          "There is no hidden layer. Put at least one Dense layer (e.g. Dense(8, activation='tanh')) before "
                          "the output: without one XOR cannot be learnt.")
    activations = [layer["activation"] for layer in s["layers"] if layer["activation"] is not None]
    output = tuple(s["output_shape"]) if s["output_shape"] is not None else None
    if (output is not None and output != (None, 1)) or not activations or activations[-1] != "sigmoid":
        raise checks.Fail(f"출력층은 Dense(1, activation='sigmoid')여야 하는데 출력 모양이 {output}, 마지막 활성화 함수가 "
                          f"{activations[-1] if activations else None}입니다.",
                          f"The output layer must be Dense(1, activation='sigmoid'); the output shape is {output} and the "
                          f"last activation {activations[-1] if activations else None}.")
    return model


@test_case(points=2, hidden=True)
def test_model_outputs_probabilities(build_xor_model):
    """Untrained: a batch of N inputs gives N probabilities in [0, 1] (one sigmoid output)."""
    rng = checks.rng()
    model = _model(build_xor_model)
    batch = rng.uniform(-1, 2, size=(5, 2)).astype(np.float32)
    pred = model.predict(batch)
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
    """The grader trains the rebuilt model itself: 500 full-batch epochs on the four XOR points from
    fresh initial weights (seeded), all four right; up to 3 attempts with new weights."""
    rng = checks.rng()
    model = _model(build_xor_model)
    best = -1
    for _ in range(ATTEMPTS):
        model.reset(seed=int(rng.integers(2**31)))
        try:
            model.fit(X, Y, epochs=EPOCHS, batch_size=len(X), seed=int(rng.integers(2**31)))
        except checks.Fail as e:
            raise checks.Fail(f"{e.ko}\n네 점으로 학습할 수 없습니다. loss='binary_crossentropy'로 compile했는지 확인하세요.",
                              f"{e.en}\nThe model cannot be trained on the four points. Check that it is compiled with "
                              "loss='binary_crossentropy'.") from None
        pred = model.predict(X).ravel()
        if pred.shape != (4,):
            raise checks.Fail(f"입력 4개에 대한 예측이 4개여야 하는데 모양이 {pred.shape}입니다.",
                              f"There must be 4 predictions for 4 inputs, got shape {pred.shape}.")
        correct = int(np.sum((pred > 0.5) == (Y > 0.5)))
        if correct == 4:
            return
        best = max(best, correct)
    raise checks.Fail(
        f"채점기가 모델을 새 가중치로 {ATTEMPTS}번, {EPOCHS} 에폭씩 학습했지만 XOR 4개 중 최대 {best}개만 맞혔습니다. "
        "은닉층(예: Dense(8, 'tanh'))과 학습률(예: Adam(0.05))을 확인하세요.",
        f"The grader trained the model {ATTEMPTS} times from fresh weights for {EPOCHS} epochs each; it got at most "
        f"{best} of the 4 XOR points right. Check the hidden layer (e.g. Dense(8, 'tanh')) and the learning rate "
        "(e.g. Adam(0.05)).",
    )
