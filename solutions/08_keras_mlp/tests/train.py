OK_FORMAT = False

import importlib

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "train"
requires = ["keras"]  # this file needs TensorFlow/Keras in the student's process
# build_model's results are trusted models here too: a non-model fails before train is called.
keras_models = ["build_model"]

THRESHOLD = 0.95   # accuracy needed on the grader's held-out digits
TEST_SIZE = 450    # digits kept by the grader (25% of 1797); they never enter the student's process
ATTEMPTS = 2       # fresh model and seed per attempt; the best attempt counts
PROBE_SIZE = 800   # digits of the early-stopping probe
LEARNT = 0.6       # accuracy the probe's trained model needs on its learnable part (chance: 0.1)


def _module(env, module_name):
    """A module in the student's process (the grader's namespace), or imported here (a dict)."""
    return env.module(module_name) if hasattr(env, "module") else importlib.import_module(module_name)


def _digits():
    """scikit-learn's bundled 8x8 digits, pixels scaled to [0, 1] as float32, integer labels."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    return (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64)


def _history_dict(history, label):
    logs = getattr(history, "history", None)
    if not isinstance(logs, dict):
        raise checks.Fail(f"{label}: train은 model.fit이 돌려준 History를 반환해야 합니다 (history.history가 dict가 아닙니다).",
                          f"{label}: train must return the History that model.fit returns (history.history is not a dict).")
    return logs


def _trained(model, label):
    """The model the student's train has trained, exported again (its trained weights) and rebuilt
    in the grader's evaluator."""
    return checks.keras_model(model, f"{label} 뒤의 모델 / the model after {label}")


@test_case(points=4, hidden=True)
def test_accuracy_on_held_out_digits(build_model, train, env):
    """The grader keeps 450 digits; train(build_model(), X_train, y_train) runs in the student's
    process, the trained weights come back as data, and the grader's evaluator needs 95% on them."""
    rng = checks.rng()
    X, y = _digits()
    order = rng.permutation(len(y))
    test_idx, train_idx = order[:TEST_SIZE], order[TEST_SIZE:]
    X_train, y_train, X_test, y_test = X[train_idx], y[train_idx], X[test_idx], y[test_idx]
    set_random_seed = _module(env, "keras.utils").set_random_seed
    label = f"train(build_model(), X_train {X_train.shape}, y_train)"
    accuracies = []
    for _ in range(ATTEMPTS):
        set_random_seed(int(rng.integers(2**31)))
        model = build_model()
        history = checks.call(train, model, X_train, y_train)
        _history_dict(history, label)
        pred = _trained(model, label).predict(X_test)
        if pred.shape != (TEST_SIZE, 10):
            raise checks.Fail(f"model.predict(X_test)의 모양이 ({TEST_SIZE}, 10)이어야 하는데 {pred.shape}입니다.",
                              f"model.predict(X_test) must have shape ({TEST_SIZE}, 10), got {pred.shape}.")
        accuracy = float(np.mean(np.argmax(pred, axis=1) == y_test))
        if accuracy >= THRESHOLD:
            return
        accuracies.append(accuracy)
    shown = ", ".join(f"{a:.3f}" for a in accuracies)
    raise checks.Fail(
        f"채점기가 따로 둔 숫자 {TEST_SIZE}개에 대한 정확도가 {shown}로 {THRESHOLD}에 못 미칩니다 (시도 {ATTEMPTS}번). "
        "은닉층 크기, 학습률, 에폭 수와 patience를 확인하세요.",
        f"The accuracy on the grader's {TEST_SIZE} held-out digits was {shown}, below {THRESHOLD} ({ATTEMPTS} attempts). "
        "Check the hidden layer size, the learning rate, the number of epochs and the patience.")


@test_case(points=3, hidden=True)
def test_validation_split_and_early_stopping(build_model, train, env):
    """With random labels on the last 40% of the data, the validation loss rises after a few epochs:
    a validation split plus early stopping must end training before the last epoch. The History is
    the student's report; the model that comes back must be a real Keras model that has learnt the
    learnable 60% (checked by the grader's evaluator)."""
    rng = checks.rng()
    X, y = _digits()
    order = rng.permutation(len(y))[:PROBE_SIZE]
    X_mix, y_mix = X[order], y[order].copy()
    learnable = slice(0, int(0.6 * len(order)))
    tail = slice(int(0.6 * len(order)), None)
    y_mix[tail] = rng.integers(0, 10, size=len(y_mix[tail]))  # the validation part cannot be learnt
    _module(env, "keras.utils").set_random_seed(int(rng.integers(2**31)))
    label = "train(build_model(), X, y)"
    model = build_model()
    history = checks.call(train, model, X_mix, y_mix)
    logs = _history_dict(history, label)
    if "val_loss" not in logs:
        raise checks.Fail(
            f"{label}: History에 'val_loss'가 없습니다 (있는 키: {sorted(logs)}). model.fit에 validation_split(예: 0.1)을 주세요.",
            f"{label}: the History has no 'val_loss' (keys: {sorted(logs)}). Pass validation_split (e.g. 0.1) to model.fit.")
    params = history.params
    epochs_run = len(history.epoch)
    epochs_allowed = params.get("epochs") if isinstance(params, dict) else None
    if len(logs["val_loss"]) != epochs_run:
        raise checks.Fail(f"{label}: val_loss가 에폭마다 하나씩 있어야 합니다.",
                          f"{label}: there must be one val_loss per epoch.")
    if epochs_allowed is not None and epochs_run >= epochs_allowed:
        raise checks.Fail(
            f"{label}: 검증 손실이 계속 올라가는 데이터인데도 {epochs_run} 에폭을 끝까지 학습했습니다. "
            "model.fit에 callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=...)]를 주고, "
            "patience가 epochs보다 충분히 작은지 확인하세요.",
            f"{label}: on data whose validation loss keeps rising, training still ran all {epochs_run} epochs. "
            "Pass callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=...)] to model.fit, "
            "with a patience well below epochs.")
    pred = _trained(model, label).predict(X_mix[learnable])
    accuracy = float(np.mean(np.argmax(pred, axis=1) == y_mix[learnable])) if pred.shape == (len(pred), 10) else 0.0
    if accuracy < LEARNT:
        raise checks.Fail(
            f"{label}: 학습한 모델이 학습 데이터의 배울 수 있는 부분에서도 정확도가 {accuracy:.2f}입니다. train이 받은 "
            "model을 model.fit으로 학습하는지 확인하세요.",
            f"{label}: the trained model's accuracy is {accuracy:.2f} even on the learnable part of its training data. "
            "Check that train trains the model it is given with model.fit.")
