OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "adadelta_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (5,), (3, 4), (2, 3, 2)]


def _state(out):
    return tuple(np.array(x, dtype=float) for x in out)


# Deterministic inputs decide each property; seeded random inputs (magnitudes kept away from zero
# with checks.signed_uniform) add breadth without deciding anything by luck.

@test_case(points=3, hidden=True)
def test_adadelta_first_steps_exact(adadelta_step):
    w, g = np.array([[1.0, -2.0, 0.5], [3.0, -0.25, 2.0]]), np.array([[0.5, -1.0, 2.0], [-1.5, 0.25, 1.0]])
    zeros = np.zeros_like(w)
    out = checks.call(adadelta_step, w, g, zeros, zeros)
    checks.assert_close(out, ref.adadelta_step(w, g, zeros, zeros), name="adadelta_step(w, g, 0, 0)")
    s, d = g**2 / 2, np.full_like(w, 0.01)
    out = checks.call(adadelta_step, w, g, s, d)
    checks.assert_close(out, ref.adadelta_step(w, g, s, d), name="adadelta_step(w, g, s, d) with state")


@test_case(points=3, hidden=True)
def test_adadelta_tiny_gradients_eps_inside_sqrt(adadelta_step):
    # |g| ~ 1e-4 and d ~ 1e-8: eps = 1e-6 is comparable to both, so its place decides the step
    w = np.array([0.5, -1.0, 2.0, -0.25])
    g = np.array([1e-4, -2e-4, 3e-5, -5e-5])
    d = np.array([1e-8, 4e-8, 0.0, 2e-8])
    out = checks.call(adadelta_step, w, g, g**2, d)
    checks.assert_close(out, ref.adadelta_step(w, g, g**2, d), name="adadelta_step with tiny gradients")


@test_case(points=3, hidden=True)
def test_adadelta_random_shapes_and_chains(adadelta_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        s, d = rng.uniform(0.5, 2.0, size=shape), rng.uniform(0.01, 0.1, size=shape)
        out = checks.call(adadelta_step, w, g, s, d)
        checks.assert_close(out, ref.adadelta_step(w, g, s, d), name=f"adadelta_step(w, g, s, d), shape {shape}")
    w = checks.signed_uniform(rng, (3, 3))
    s, d = np.zeros_like(w), np.zeros_like(w)
    w_ref, s_ref, d_ref = w.copy(), s.copy(), d.copy()
    for step in range(1, 11):
        g = checks.signed_uniform(rng, w.shape)
        out = checks.call(adadelta_step, w, g, s, d)
        w_ref, s_ref, d_ref = ref.adadelta_step(w_ref, g, s_ref, d_ref)
        checks.assert_close(out, (w_ref, s_ref, d_ref), name=f"adadelta_step, step {step} of a chain")
        w, s, d = _state(out)


@test_case(points=2, hidden=True)
def test_adadelta_hyperparameters_by_keyword(adadelta_step):
    rng = checks.rng()
    for shape in [(4,), (2, 3)]:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        s, d = rng.uniform(0.5, 2.0, size=shape), rng.uniform(0.01, 0.1, size=shape)
        hyper = dict(lr=float(rng.uniform(0.1, 0.5)), rho=float(rng.uniform(0.6, 0.8)), eps=float(rng.uniform(0.2, 1.0)))
        out = checks.call(adadelta_step, w, g, s, d, **hyper)
        checks.assert_close(out, ref.adadelta_step(w, g, s, d, **hyper),
                            name=f"adadelta_step(w, g, s, d, lr=..., rho=..., eps=...), shape {shape}")
