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


def _compare(train_perceptron, X, y, label, **kw):
    w, b, converged = _unpack(checks.call(train_perceptron, X, y, **kw), label)
    w_ref, b_ref, conv_ref = ref.train_perceptron(X, y, **kw)
    if bool(converged) != conv_ref:
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


@test_case(points=3, hidden=True)
def test_learns_gates(train_perceptron):
    """AND, OR and NAND with the default lr and max_epochs: converged, right predictions, same w and b."""
    for gate in ("AND", "OR", "NAND"):
        y = np.array(TARGETS[gate])
        w, b, _ = _compare(train_perceptron, X4, y, f"{gate}")
        # the learned perceptron classifies every input (a sum within 1e-9 of 0 counts as 0)
        pred = (X4 @ np.asarray(w, dtype=float) + float(b) > 1e-9).astype(int)
        checks.assert_equal(pred, y, name=f"predictions of the learned {gate} perceptron")


@test_case(points=2, hidden=True)
def test_xor_does_not_converge(train_perceptron):
    """XOR is not linearly separable: converged is False after max_epochs."""
    y = np.array(TARGETS["XOR"])
    for lr, max_epochs in [(0.1, 100), (0.5, 7)]:
        _compare(train_perceptron, X4, y, f"XOR, lr={lr}, max_epochs={max_epochs}",
                 lr=lr, max_epochs=max_epochs)


@test_case(points=3, hidden=True)
def test_lr_and_max_epochs(train_perceptron):
    """Other learning rates scale w and b; too few epochs stop unconverged with the same w, b."""
    for gate, lr, max_epochs in [("AND", 0.5, 100), ("NAND", 0.25, 100), ("OR", 1.0, 50),
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
