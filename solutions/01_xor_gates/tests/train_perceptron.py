OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "train_perceptron"
ref = checks.load_reference(__file__)

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
TARGETS = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def _unpack(out, label):
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise checks.Fail(f"{label}: train_perceptron은 (w, b, converged) 세 값을 반환해야 합니다.",
                          f"{label}: train_perceptron must return the triple (w, b, converged).")
    return out


def _flag(converged, label):
    """converged as a Python bool; True/False, numpy bools and 0/1 are accepted."""
    arr = np.asarray(converged)
    if arr.shape != () or arr.dtype.kind not in "bi" or int(arr) not in (0, 1):
        raise checks.Fail(f"{label}: converged는 True 또는 False여야 합니다.",
                          f"{label}: converged must be True or False.")
    return bool(arr)


def _compare(train_perceptron, X, y, label, **kw):
    w, b, converged = _unpack(checks.call(train_perceptron, X, y, **kw), label)
    w_ref, b_ref, conv_ref = ref.train_perceptron(X, y, **kw)
    if _flag(converged, label) != conv_ref:
        if conv_ref:
            raise checks.Fail(
                f"{label}: 선형 분리 가능한 데이터인데 converged가 True가 아닙니다. 한 에폭 동안 실수가 없으면 멈추고 True를 반환하세요.",
                f"{label}: the data is linearly separable but converged is not True. Stop after an epoch without mistakes and return True.",
            )
        raise checks.Fail(
            f"{label}: max_epochs 안에 실수 없는 에폭이 없었는데 converged가 True입니다.",
            f"{label}: no epoch within max_epochs was free of mistakes, yet converged is True.",
        )
    checks.assert_close(w, w_ref, name=f"w ({label})")
    checks.assert_close(b, b_ref, name=f"b ({label})")
    return w, b, converged


def _classifies(w, b, X, y, label):
    """The learned (w, b) puts every sample on its side; a sum within 1e-9 of 0 may go either way
    (with lr = 0.1 the sums are not exact, so 0 may come out as +-3e-17)."""
    s = X @ np.asarray(w, dtype=float).reshape(-1) + float(np.asarray(b, dtype=float).reshape(()))
    ok = np.where(np.asarray(y) == 1, s > -1e-9, s < 1e-9)
    if not ok.all():
        raise checks.Fail(f"{label}: 학습한 w, b가 모든 입력을 맞게 분류하지 못합니다.",
                          f"{label}: the learned w, b do not classify every input correctly.")


@test_case(points=3, hidden=True)
def test_learns_gates(train_perceptron):
    """AND, OR and NAND: with the defaults, converged and right predictions; with lr = 0.5
    (exact arithmetic, so every correct implementation agrees bit for bit) the reference's w and b."""
    for gate in ("AND", "OR", "NAND"):
        y = np.array(TARGETS[gate])
        w, b, converged = _unpack(checks.call(train_perceptron, X4, y), gate)
        if not _flag(converged, gate):
            raise checks.Fail(
                f"{gate}: 선형 분리 가능한 게이트인데 converged가 True가 아닙니다. 한 에폭 동안 실수가 없으면 멈추고 True를 반환하세요.",
                f"{gate}: the gate is linearly separable but converged is not True. Stop after an epoch without mistakes and return True.",
            )
        _classifies(w, b, X4, y, f"{gate} (lr=0.1)")
        w, b, _ = _compare(train_perceptron, X4, y, f"{gate}, lr=0.5", lr=0.5)
        _classifies(w, b, X4, y, f"{gate} (lr=0.5)")


@test_case(points=2, hidden=True)
def test_xor_does_not_converge(train_perceptron):
    """XOR is not linearly separable: converged is False after max_epochs."""
    y = np.array(TARGETS["XOR"])
    w, b, converged = _unpack(checks.call(train_perceptron, X4, y), "XOR")
    if _flag(converged, "XOR"):
        raise checks.Fail(
            "XOR은 직선 하나로 나눌 수 없으니 max_epochs 뒤에 converged가 False여야 합니다.",
            "XOR is not linearly separable, so converged must be False after max_epochs.",
        )
    for lr, max_epochs in [(0.5, 7), (0.25, 100)]:
        _compare(train_perceptron, X4, y, f"XOR, lr={lr}, max_epochs={max_epochs}",
                 lr=lr, max_epochs=max_epochs)


@test_case(points=3, hidden=True)
def test_lr_and_max_epochs(train_perceptron):
    """Other (exactly representable) learning rates scale w and b; too few epochs stop
    unconverged with the reference's w and b after exactly max_epochs epochs."""
    for gate, lr, max_epochs in [("AND", 1.0, 100), ("NAND", 0.25, 100), ("OR", 0.125, 50),
                                 ("AND", 0.5, 1), ("NAND", 0.5, 2)]:
        y = np.array(TARGETS[gate])
        _compare(train_perceptron, X4, y, f"{gate}, lr={lr}, max_epochs={max_epochs}",
                 lr=lr, max_epochs=max_epochs)


@test_case(points=3, hidden=True)
def test_random_separable_data(train_perceptron):
    """Random linearly separable data with integer features (exact arithmetic), samples in order."""
    rng = checks.rng()
    done = 0
    while done < 3:
        d = int(rng.integers(2, 5))
        N = int(rng.integers(6, 16))
        w_true = rng.integers(-3, 4, size=d).astype(float)
        b_true = float(rng.integers(-3, 4)) + 0.5  # never exactly on the true boundary
        X = rng.integers(-3, 4, size=(N, d)).astype(float)
        y = (X @ w_true + b_true > 0).astype(int)
        if y.min() == y.max():
            continue
        if not ref.train_perceptron(X, y, lr=0.5, max_epochs=200)[2]:
            continue
        _compare(train_perceptron, X, y, f"random data N={N}, d={d}", lr=0.5, max_epochs=200)
        done += 1
