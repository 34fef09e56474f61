OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "affine"
ref = checks.load_reference(__file__)


def _shapes(rng, square=False):
    if square:
        n = int(rng.integers(2, 6))
        return n, n, n
    # three different sizes, so a transposed product has the wrong shape or cannot run
    n, d, m = (int(v) for v in rng.choice(np.arange(2, 9), size=3, replace=False))
    return n, d, m


@test_case(points=2, hidden=True)
def test_affine_forward_random(affine_forward):
    rng = checks.rng()
    for square in (False, True):
        n, d, m = _shapes(rng, square)
        X, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        out = checks.call(affine_forward, X, W, b)
        checks.assert_close(out, ref.affine_forward(X, W, b), name=f"affine_forward(X {X.shape}, W {W.shape}, b {b.shape})")


def _check_backward(affine_backward, dY, X, W):
    label = f"affine_backward(dY {dY.shape}, X {X.shape}, W {W.shape})"
    out = checks.call(affine_backward, dY, X, W)
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise checks.Fail(f"{label}: (dX, dW, db) 세 개를 튜플로 반환해야 합니다.",
                          f"{label}: must return a tuple of three arrays (dX, dW, db).")
    dX, dW, db = ref.affine_backward(dY, X, W)
    for got, want, what, rule_ko, rule_en in (
        (out[0], dX, "dX", "dX = dY Wᵀ, 모양 (N, d)", "dX = dY Wᵀ, shape (N, d)"),
        (out[1], dW, "dW", "dW = Xᵀ dY, 모양 (d, m)", "dW = Xᵀ dY, shape (d, m)"),
        (out[2], db, "db", "db = 0번 축(배치)에 대한 dY의 합, 모양 (m,)", "db = dY summed over axis 0 (the batch), shape (m,)"),
    ):
        shape = np.shape(got)
        if shape != want.shape:
            raise checks.Fail(f"{label}: {what}의 모양이 {want.shape}이어야 하는데 {shape}입니다. {rule_ko}.",
                              f"{label}: {what} should have shape {want.shape}, got {shape}. {rule_en}.")
        checks.assert_close(got, want, name=f"{label} {what}")


@test_case(points=3, hidden=True)
def test_affine_backward_random_shapes(affine_backward):
    rng = checks.rng()
    for _ in range(2):
        n, d, m = _shapes(rng)
        _check_backward(affine_backward, rng.normal(size=(n, m)), rng.normal(size=(n, d)), rng.normal(size=(d, m)))


@test_case(points=2, hidden=True)
def test_affine_backward_square(affine_backward):
    # N = d = m: transposition mistakes run here, and must still give the wrong values
    rng = checks.rng()
    n, d, m = _shapes(rng, square=True)
    _check_backward(affine_backward, rng.normal(size=(n, m)), rng.normal(size=(n, d)), rng.normal(size=(d, m)))
