OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "adam_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


def _state(out):
    """The student's returned tuple as float arrays, to feed back into their next call."""
    return tuple(np.array(x, dtype=float) for x in out)


@test_case(points=2, hidden=True)
def test_adam_first_step_from_zeros(adam_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        m, v = np.zeros(shape), np.zeros(shape)
        out = checks.call(adam_step, w, g, m, v, 1)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 1),
                            name=f"adam_step(w, g, 0, 0, t=1) -> (w_new, m_new, v_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_adam_single_step_with_state(adam_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        m, v = 0.5 * checks.signed_uniform(rng, shape), rng.uniform(0.5, 2.0, size=shape)
        for t in (2, int(rng.integers(3, 30)), int(rng.integers(100, 2000))):
            out = checks.call(adam_step, w, g, m, v, t)
            checks.assert_close(out, ref.adam_step(w, g, m, v, t),
                                name=f"adam_step(w, g, m, v, t={t}), shape {shape}")


@test_case(points=4, hidden=True)
def test_adam_chained_steps(adam_step):
    rng = checks.rng()
    w = checks.signed_uniform(rng, (3, 4))
    m, v = np.zeros_like(w), np.zeros_like(w)
    w_ref, m_ref, v_ref = w.copy(), m.copy(), v.copy()
    for t in range(1, 21):
        g = checks.signed_uniform(rng, w.shape)
        out = checks.call(adam_step, w, g, m, v, t, lr=0.01)
        w_ref, m_ref, v_ref = ref.adam_step(w_ref, g, m_ref, v_ref, t, lr=0.01)
        checks.assert_close(out, (w_ref, m_ref, v_ref), name=f"adam_step, step t={t} of a chain")
        w, m, v = _state(out)


# Deterministic inputs decide where eps goes: with |g| around 1e-4, sqrt(v_hat) is ~1e-4 and
# sqrt(v_hat + 1e-8) differs from sqrt(v_hat) + 1e-8 far beyond the tolerance. The random tests
# keep |g| >= 0.5, where eps's place is below the tolerance either way.
TINY_W = np.array([[0.5, -1.0, 2.0], [-0.25, 1.5, -2.0]])
TINY_G = np.array([[1e-4, -2e-4, 3e-5], [-5e-5, 1.5e-4, -1e-4]])


@test_case(points=3, hidden=True)
def test_adam_tiny_gradients_eps_outside_sqrt(adam_step):
    for w, g in ((TINY_W, TINY_G), (TINY_W.ravel(), TINY_G.ravel())):
        m, v = np.zeros(w.shape), np.zeros(w.shape)
        out = checks.call(adam_step, w, g, m, v, 1)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 1),
                            name=f"adam_step with tiny gradients, t=1, shape {w.shape}")
        m, v = g / 2, g**2 / 4
        out = checks.call(adam_step, w, g, m, v, 7)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 7),
                            name=f"adam_step with tiny gradients, t=7, shape {w.shape}")


# Deterministic inputs decide the bias correction: at t = 1 it divides by 1-β (no correction,
# β^(t+1) and a constant exponent all differ there); at t = 2 and t = 3 the exponent must follow t;
# at t = 10000 it has vanished (β^t underflows), so a correction that never fades shows.
BIAS_W = np.array([1.0, -2.0, 0.5, 3.0])
BIAS_G = np.array([0.5, -1.5, 2.0, -0.75])
BIAS_M = np.array([0.2, -0.4, 0.1, -0.3])
BIAS_V = np.array([0.5, 1.0, 2.0, 0.25])


@test_case(points=3, hidden=True)
def test_adam_bias_correction_follows_t(adam_step):
    zeros = np.zeros(4)
    for t, m, v in ((1, zeros, zeros), (2, BIAS_M, BIAS_V), (3, BIAS_M, BIAS_V), (10000, BIAS_M, BIAS_V)):
        out = checks.call(adam_step, BIAS_W, BIAS_G, m, v, t, lr=0.1)
        checks.assert_close(out, ref.adam_step(BIAS_W, BIAS_G, m, v, t, lr=0.1),
                            name=f"adam_step(w, g, m, v, t={t}, lr=0.1)")


@test_case(points=3, hidden=True)
def test_adam_hyperparameters_by_keyword(adam_step):
    rng = checks.rng()
    for shape in [(5,), (2, 3)]:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        m, v = 0.5 * checks.signed_uniform(rng, shape), rng.uniform(0.5, 2.0, size=shape)
        # a large eps, so that using it (and where) always shows
        hyper = dict(lr=float(rng.uniform(0.01, 0.1)), beta1=float(rng.uniform(0.5, 0.8)),
                     beta2=float(rng.uniform(0.9, 0.99)), eps=float(rng.uniform(0.2, 1.0)))
        t = int(rng.integers(2, 10))
        out = checks.call(adam_step, w, g, m, v, t, **hyper)
        checks.assert_close(out, ref.adam_step(w, g, m, v, t, **hyper),
                            name=f"adam_step(w, g, m, v, t={t}, lr=..., beta1=..., beta2=..., eps=...), shape {shape}")
