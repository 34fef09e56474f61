OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "rmsprop_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


def _state(out):
    """The student's returned tuple as float arrays, to feed back into their next call."""
    return tuple(np.array(x, dtype=float) for x in out)


@test_case(points=3, hidden=True)
def test_rmsprop_single_step_with_state(rmsprop_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        s = rng.uniform(0.5, 2.0, size=shape)
        out = checks.call(rmsprop_step, w, g, s)
        checks.assert_close(out, ref.rmsprop_step(w, g, s),
                            name=f"rmsprop_step(w, g, s) -> (w_new, s_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_rmsprop_chained_steps(rmsprop_step):
    rng = checks.rng()
    w = checks.signed_uniform(rng, (4, 2))
    s = np.zeros_like(w)
    w_ref, s_ref = w.copy(), s.copy()
    for step in range(1, 16):
        g = checks.signed_uniform(rng, w.shape)
        out = checks.call(rmsprop_step, w, g, s, lr=0.01)
        w_ref, s_ref = ref.rmsprop_step(w_ref, g, s_ref, lr=0.01)
        checks.assert_close(out, (w_ref, s_ref), name=f"rmsprop_step, step {step} of a chain")
        w, s = _state(out)


# Deterministic inputs decide where eps goes: with |g| around 1e-4, g² is comparable to
# eps = 1e-7. The random tests above keep |g| >= 0.5, where eps's place is below the tolerance.
TINY_W = np.array([[0.5, -1.0, 2.0], [-0.25, 1.5, -2.0]])
TINY_G = np.array([[1e-4, -2e-4, 3e-5], [-5e-5, 1.5e-4, -1e-4]])


@test_case(points=3, hidden=True)
def test_rmsprop_tiny_gradients_eps_inside_sqrt(rmsprop_step):
    for w, g in ((TINY_W, TINY_G), (TINY_W.ravel(), TINY_G.ravel())):
        s = np.zeros(w.shape)
        out = checks.call(rmsprop_step, w, g, s)
        checks.assert_close(out, ref.rmsprop_step(w, g, s),
                            name=f"rmsprop_step with tiny gradients, first step, shape {w.shape}")
        s = g**2 / 4
        out = checks.call(rmsprop_step, w, g, s)
        checks.assert_close(out, ref.rmsprop_step(w, g, s),
                            name=f"rmsprop_step with tiny gradients and state, shape {w.shape}")


@test_case(points=2, hidden=True)
def test_rmsprop_hyperparameters_by_keyword(rmsprop_step):
    rng = checks.rng()
    for shape in [(5,), (2, 3)]:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        s = rng.uniform(0.5, 2.0, size=shape)
        lr, rho = float(rng.uniform(0.01, 0.1)), float(rng.uniform(0.3, 0.7))
        eps = float(rng.uniform(0.2, 1.0))  # large, so that using it (and where) always shows
        out = checks.call(rmsprop_step, w, g, s, lr=lr, rho=rho, eps=eps)
        checks.assert_close(out, ref.rmsprop_step(w, g, s, lr=lr, rho=rho, eps=eps),
                            name=f"rmsprop_step(w, g, s, lr=..., rho=..., eps=...), shape {shape}")
