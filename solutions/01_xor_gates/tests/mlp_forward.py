OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "mlp_forward"
ref = checks.load_reference(__file__)

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
LECTURE = dict(W1=np.array([[-2.0, 2.0], [-2.0, 2.0]]), b1=np.array([3.0, -1.0]),
               W2=np.array([1.0, 1.0]), b2=-1.0)


def _compare(mlp_forward, X, W1, b1, W2, b2, label):
    out = checks.call(mlp_forward, X, W1, b1, W2, b2)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise checks.Fail("mlp_forward는 (H, y) 두 값을 반환해야 합니다.",
                          "mlp_forward must return the pair (H, y).")
    H, y = ref.mlp_forward(X, W1, b1, W2, b2)
    checks.assert_equal(out[0], H, name=f"H ({label})")
    checks.assert_equal(out[1], y, name=f"y ({label})")


@test_case(points=3, hidden=True)
def test_mlp_lecture_weights(mlp_forward):
    """The lecture's table; y has exact-zero sums at (0,0) and (1,1). Also rows in another order."""
    p = LECTURE
    _compare(mlp_forward, X4, p["W1"], p["b1"], p["W2"], p["b2"], "lecture weights")
    _compare(mlp_forward, X4[[3, 1, 0, 2, 3]], p["W1"], p["b1"], p["W2"], p["b2"],
             "lecture weights, rows reordered")


@test_case(points=3, hidden=True)
def test_mlp_random_weights(mlp_forward):
    """Random weights (not symmetric, so W1 and W1.T differ) on random batches, N = 1 included."""
    rng = checks.rng()
    for N in (1, 4, 7):
        for _ in range(3):
            while True:
                X = rng.normal(size=(N, 2)) if N != 4 else X4.copy()
                W1, b1 = rng.normal(size=(2, 2)) * 2, rng.normal(size=2)
                W2, b2 = rng.normal(size=2) * 2, float(rng.normal())
                Z1 = X @ W1 + b1
                H = (Z1 > 0).astype(float)
                # stay away from the boundary so every summation order agrees
                if np.all(np.abs(Z1) > 1e-6) and np.all(np.abs(H @ W2 + b2) > 1e-6):
                    break
            _compare(mlp_forward, X, W1, b1, W2, b2, f"random weights, N={N}")


@test_case(points=2, hidden=True)
def test_mlp_integer_boundary(mlp_forward):
    """Integer weights where some hidden and output sums are exactly 0 (step(0) = 0)."""
    rng = checks.rng()
    for _ in range(5):
        X = rng.integers(0, 2, size=(6, 2)).astype(float)
        W1 = rng.integers(-2, 3, size=(2, 2)).astype(float)
        b1 = rng.integers(-2, 3, size=2).astype(float)
        W2 = rng.integers(-2, 3, size=2).astype(float)
        b2 = float(rng.integers(-2, 3))
        X[0] = (1.0, 0.0)
        b1[0] = -W1[0, 0]  # the first hidden sum of the first row is exactly 0
        _compare(mlp_forward, X, W1, b1, W2, b2, "integer weights")
