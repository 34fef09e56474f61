OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "adamw_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


def _state(out):
    """The student's returned tuple as float arrays, to feed back into their next call."""
    return tuple(np.array(x, dtype=float) for x in out)


@test_case(points=3, hidden=True)
def test_adamw_single_step_with_state(adamw_step):
    rng = checks.rng()
    for shape in SHAPES:
        # |w|, |g| >= 0.5: at the default lr·λ = 4e-6 decaying before or after the step differs by
        # ~4e-9, always below the tolerance; test_adamw_chained_steps (lr·λ = 5e-3) decides the order
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        zeros = np.zeros(shape)
        out = checks.call(adamw_step, w, g, zeros, zeros, 1)
        checks.assert_close(out, ref.adamw_step(w, g, zeros, zeros, 1),
                            name=f"adamw_step(w, g, 0, 0, t=1), shape {shape}")
        m, v = 0.5 * checks.signed_uniform(rng, shape), rng.uniform(0.5, 2.0, size=shape)
        t = int(rng.integers(2, 50))
        out = checks.call(adamw_step, w, g, m, v, t)
        checks.assert_close(out, ref.adamw_step(w, g, m, v, t),
                            name=f"adamw_step(w, g, m, v, t={t}), shape {shape}")


@test_case(points=3, hidden=True)
def test_adamw_chained_steps(adamw_step):
    rng = checks.rng()
    w = checks.signed_uniform(rng, (4, 3))
    m, v = np.zeros_like(w), np.zeros_like(w)
    w_ref, m_ref, v_ref = w.copy(), m.copy(), v.copy()
    hyper = dict(lr=0.05, weight_decay=0.1)
    for t in range(1, 16):
        g = checks.signed_uniform(rng, w.shape)
        out = checks.call(adamw_step, w, g, m, v, t, **hyper)
        w_ref, m_ref, v_ref = ref.adamw_step(w_ref, g, m_ref, v_ref, t, **hyper)
        checks.assert_close(out, (w_ref, m_ref, v_ref), name=f"adamw_step, step t={t} of a chain")
        w, m, v = _state(out)


@test_case(points=3, hidden=True)
def test_adamw_hyperparameters_by_keyword(adamw_step):
    rng = checks.rng()
    for shape in [(5,), (2, 3)]:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        m, v = 0.5 * checks.signed_uniform(rng, shape), rng.uniform(0.5, 2.0, size=shape)
        hyper = dict(lr=float(rng.uniform(0.05, 0.2)), beta1=float(rng.uniform(0.5, 0.8)),
                     beta2=float(rng.uniform(0.9, 0.99)), eps=float(rng.uniform(0.2, 1.0)),
                     weight_decay=float(rng.uniform(0.1, 0.5)))
        t = int(rng.integers(2, 10))
        out = checks.call(adamw_step, w, g, m, v, t, **hyper)
        checks.assert_close(out, ref.adamw_step(w, g, m, v, t, **hyper),
                            name=f"adamw_step(w, g, m, v, t={t}, lr=..., ..., weight_decay=...), shape {shape}")


@test_case(points=2, hidden=True)
def test_adamw_zero_decay_is_adam(adamw_step):
    rng = checks.rng()
    for shape in [(4,), (3, 2)]:
        w, g = checks.signed_uniform(rng, shape), checks.signed_uniform(rng, shape)
        m, v = 0.5 * checks.signed_uniform(rng, shape), rng.uniform(0.5, 2.0, size=shape)
        out = checks.call(adamw_step, w, g, m, v, 3, weight_decay=0.0)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 3),
                            name=f"adamw_step(..., weight_decay=0.0) should equal adam_step, shape {shape}")
