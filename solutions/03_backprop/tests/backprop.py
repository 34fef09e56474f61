OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "backprop"
ref = checks.load_reference(__file__)

KEYS = ("W1", "b1", "W2", "b2")
H_STEP, TOL = 1e-5, 1e-6


def _network(rng, d, h, k, xor=False):
    if xor:
        X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        T = np.array([[0.0], [1.0], [1.0], [0.0]])
    else:
        n = int(rng.integers(3, 9))
        X, T = rng.normal(size=(n, d)), rng.uniform(size=(n, k))
    p = {"W1": rng.normal(size=(d, h)) / np.sqrt(d), "b1": rng.normal(size=h) * 0.5,
         "W2": rng.normal(size=(h, k)) / np.sqrt(h), "b2": rng.normal(size=k) * 0.5}
    return X, T, p


def _ref_loss(X, T, p, key):
    """E as a function of one parameter array, computed with the reference (in the grader)."""
    return lambda w: ref.loss(ref.forward(X, {**p, key: w})[1], T)


def _well_conditioned(rng, d, h, k, xor=False):
    """A random network where the centred difference itself is accurate.

    A gradient element that happens to be almost zero makes the relative error of the numerical
    gradient large even for the exact gradient; such draws are replaced, so that any exact
    implementation passes the check with a wide margin.
    """
    for _ in range(100):
        X, T, p = _network(rng, d, h, k, xor)
        g = ref.backprop(X, T, p)
        if all(checks.rel_error(g[key], checks.numerical_gradient(_ref_loss(X, T, p, key), p[key], H_STEP)) < 1e-7
               for key in KEYS):
            return X, T, p
    return X, T, p


def _grads(backprop, X, T, p, label):
    grads = checks.call(backprop, X, T, p)
    if not isinstance(grads, dict):
        raise checks.Fail(f"{label}: 기울기를 params와 같은 키를 가진 dict로 반환해야 하는데 {type(grads).__name__}을(를) 반환했습니다.",
                          f"{label}: must return a dict with the same keys as params, got {type(grads).__name__}.")
    missing = [key for key in KEYS if key not in grads]
    if missing:
        raise checks.Fail(f"{label}: 반환한 dict에 키 {missing}가 없습니다.",
                          f"{label}: the returned dict lacks the keys {missing}.")
    for key in KEYS:
        if np.shape(grads[key]) != p[key].shape:
            raise checks.Fail(f"{label}: grads[{key!r}]의 모양이 params[{key!r}]와 같은 {p[key].shape}이어야 하는데 {np.shape(grads[key])}입니다.",
                              f"{label}: grads[{key!r}] should have the shape of params[{key!r}], {p[key].shape}, got {np.shape(grads[key])}.")
    return grads


def _gradient_check(backprop, rng, d, h, k, xor=False):
    X, T, p = _well_conditioned(rng, d, h, k, xor)
    label = f"backprop (d={d}, h={h}, k={k}, N={X.shape[0]})"
    grads = _grads(backprop, X, T, p, label)
    for key in KEYS:
        checks.gradient_check(_ref_loss(X, T, p, key), p[key], grads[key], h=H_STEP, tol=TOL,
                              name=f"{label} grads[{key!r}]")


@test_case(points=2, hidden=True)
def test_backprop_keys_and_shapes(backprop):
    rng = checks.rng()
    X, T, p = _network(rng, 3, 5, 2)
    _grads(backprop, X, T, p, "backprop (d=3, h=5, k=2)")


@test_case(points=3, hidden=True)
def test_backprop_gradient_check_small(backprop):
    rng = checks.rng()
    _gradient_check(backprop, rng, 4, 3, 3)             # square W2 (h == k): transposition slips still run
    _gradient_check(backprop, rng, 2, 2, 1, xor=True)   # the XOR network


@test_case(points=3, hidden=True)
def test_backprop_gradient_check_larger(backprop):
    rng = checks.rng()
    _gradient_check(backprop, rng, 3, 5, 2)
    _gradient_check(backprop, rng, 8, 16, 4)
