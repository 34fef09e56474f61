OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "build_model"
requires = ["keras"]  # this file needs TensorFlow/Keras in the student's process
# In every test of this question (the public one too) what build_model returns is exported as data
# (architecture, compile settings, weights) and rebuilt in the grader's trusted Keras evaluator,
# which answers predict and fit: anything that is not a real Keras model scores zero.
keras_models = ["build_model"]


def _digits():
    """scikit-learn's bundled 8x8 digits, pixels scaled to [0, 1] as float32, integer labels."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    return (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64)


def _model(build_model):
    return checks.keras_model(build_model(), "build_model()")


def _probabilities(pred, n, label):
    pred = np.asarray(pred, dtype=np.float64)
    if pred.shape != (n, 10):
        raise checks.Fail(f"{label}: 입력 {n}개에 대한 출력 모양이 ({n}, 10)이어야 하는데 {pred.shape}입니다. "
                          "입력 64개, 출력 unit 10개인지 확인하세요.",
                          f"{label}: the output for {n} inputs must have shape ({n}, 10), got {pred.shape}. "
                          "Check for 64 inputs and 10 output units.")
    checks.assert_finite(pred, name=label)
    if not (np.all(pred >= -1e-6) and np.allclose(pred.sum(axis=1), 1.0, rtol=0, atol=1e-4)):
        raise checks.Fail(f"{label}: 각 행이 0 이상이고 합이 1인 확률이어야 합니다. 출력층에 activation='softmax'를 쓰세요.",
                          f"{label}: each row must be probabilities, non-negative and summing to 1. "
                          "Use activation='softmax' in the output layer.")
    return pred


@test_case(points=2, hidden=True)
def test_outputs_class_probabilities(build_model):
    """The rebuilt model, with the student's initial weights, gives class probabilities."""
    rng = checks.rng()
    model = _model(build_model)
    X, _ = _digits()
    for n in (1, int(rng.integers(5, 60))):
        batch = X[rng.choice(len(X), size=n, replace=False)]
        _probabilities(model.predict(batch), n, f"build_model().predict(X of shape {batch.shape})")
    noise = rng.uniform(0, 1, size=(7, 64)).astype(np.float32)
    _probabilities(model.predict(noise), 7, "build_model().predict(random X of shape (7, 64))")


@test_case(points=3, hidden=True)
def test_compiled_for_integer_labels(build_model):
    """The grader fits the rebuilt model (fresh seeded weights) with integer labels 0..9 for 3
    epochs: fit works, the loss goes down, and the accuracy metric is there."""
    rng = checks.rng()
    model = _model(build_model)
    if not model.compiled or model.loss is None:
        raise checks.Fail("모델의 loss가 없습니다. build_model 안에서 model.compile(loss=...)을 호출하세요.",
                          "The model has no loss. Call model.compile(loss=...) inside build_model.")
    X, y = _digits()
    idx = rng.permutation(len(y))[:600]
    model.reset(seed=int(rng.integers(2**31)))
    try:
        history = model.fit(X[idx], y[idx], epochs=3, batch_size=32, seed=int(rng.integers(2**31)))
    except checks.Fail as e:  # Keras failed on the student's compile settings
        raise checks.Fail(
            f"정수 레이블(0..9)로 model.fit을 호출하자 오류가 났습니다: {getattr(e, 'type_name', '')}. 레이블이 원-핫이 아니라 "
            "정수이므로 loss='sparse_categorical_crossentropy'를 쓰세요 ('categorical_crossentropy'는 원-핫 레이블용입니다).",
            f"model.fit with integer labels (0..9) raised {getattr(e, 'type_name', 'an error')}. The labels are integers, "
            "not one-hot, so use loss='sparse_categorical_crossentropy' ('categorical_crossentropy' expects one-hot "
            "labels).") from None
    logs = history.history
    losses = np.asarray(logs.get("loss", []), dtype=np.float64)
    if losses.shape != (3,):
        raise checks.Fail("학습 기록에 에폭마다 loss가 없습니다.", "The training log has no loss per epoch.")
    checks.assert_finite(losses, name="the training loss of model.fit(X, y_integer, epochs=3)")
    if not losses[-1] < losses[0]:
        raise checks.Fail(
            "정수 레이블로 3 에폭을 학습했는데 손실이 줄지 않았습니다. 손실 함수(sparse_categorical_crossentropy), "
            "출력층(softmax)과 학습률을 확인하세요.",
            "Three epochs with integer labels did not lower the loss. Check the loss "
            "(sparse_categorical_crossentropy), the output layer (softmax) and the learning rate.")
    if "accuracy" not in logs:
        raise checks.Fail(
            f"accuracy 지표가 없습니다 (학습 기록의 키: {sorted(logs)}). compile에 metrics=['accuracy']를 넣으세요.",
            f"There is no accuracy metric (keys of the training log: {sorted(logs)}). Pass metrics=['accuracy'] to compile.")
