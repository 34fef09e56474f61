OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "cross_entropy"
ref = checks.load_reference(__file__)


def _probs(rng, n, k):
    z = rng.normal(scale=2.0, size=(n, k))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _one_hot(rng, n, k):
    t = np.zeros((n, k))
    t[np.arange(n), rng.integers(0, k, size=n)] = 1.0
    return t


@test_case(points=2, hidden=True)
def test_cross_entropy_single_row(cross_entropy):
    """One (K,) row: -Σ t log p."""
    rng = checks.rng()
    for k in (3, 10):
        p, t = _probs(rng, 1, k)[0], _one_hot(rng, 1, k)[0]
        checks.assert_close(checks.call(cross_entropy, p, t), ref.cross_entropy(p, t),
                            name=f"cross_entropy(p, t), shape ({k},)")


@test_case(points=3, hidden=True)
def test_cross_entropy_batch_mean(cross_entropy):
    """(N, K) batches: the mean of the per-row losses; N copies of one row give that row's loss."""
    rng = checks.rng()
    for n, k in [(5, 4), (8, 3)]:
        P, T = _probs(rng, n, k), _one_hot(rng, n, k)
        checks.assert_close(checks.call(cross_entropy, P, T), ref.cross_entropy(P, T),
                            name=f"cross_entropy(P, T), shape ({n}, {k})")
    p, t = _probs(rng, 1, 4)[0], _one_hot(rng, 1, 4)[0]
    P, T = np.tile(p, (6, 1)), np.tile(t, (6, 1))
    checks.assert_close(checks.call(cross_entropy, P, T), ref.cross_entropy(p, t),
                        name="cross_entropy of 6 copies of one row (must equal that row's loss)")


@test_case(points=3, hidden=True)
def test_cross_entropy_clipping(cross_entropy):
    """p with exact 0s and 1s is clipped to [eps, 1 - eps]: finite and equal to the reference."""
    P = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    T = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    out = checks.call(cross_entropy, P, T)
    checks.assert_finite(out, name="cross_entropy(P, T) with p = 0 and p = 1")
    checks.assert_close(out, ref.cross_entropy(P, T), name="cross_entropy(P, T) with p = 0 and p = 1")
    p, t = np.array([0.0, 1.0]), np.array([1.0, 0.0])
    out = checks.call(cross_entropy, p, t, eps=1e-3)
    checks.assert_close(out, ref.cross_entropy(p, t, eps=1e-3), name="cross_entropy(p, t, eps=1e-3)")
    p, t = np.array([1.0, 0.0]), np.array([1.0, 0.0])
    checks.assert_close(checks.call(cross_entropy, p, t), ref.cross_entropy(p, t),
                        rtol=1e-6, atol=1e-6, name="cross_entropy of a perfect prediction")
