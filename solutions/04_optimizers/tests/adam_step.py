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
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        m, v = np.zeros(shape), np.zeros(shape)
        out = checks.call(adam_step, w, g, m, v, 1)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 1),
                            name=f"adam_step(w, g, 0, 0, t=1) -> (w_new, m_new, v_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_adam_single_step_with_state(adam_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        m, v = 0.5 * rng.normal(size=shape), rng.normal(size=shape) ** 2 + 0.1
        for t in (2, int(rng.integers(3, 30)), int(rng.integers(100, 2000))):
            out = checks.call(adam_step, w, g, m, v, t)
            checks.assert_close(out, ref.adam_step(w, g, m, v, t),
                                name=f"adam_step(w, g, m, v, t={t}), shape {shape}")


@test_case(points=4, hidden=True)
def test_adam_chained_steps(adam_step):
    rng = checks.rng()
    w = rng.normal(size=(3, 4))
    m, v = np.zeros_like(w), np.zeros_like(w)
    w_ref, m_ref, v_ref = w.copy(), m.copy(), v.copy()
    for t in range(1, 21):
        g = rng.normal(size=w.shape)
        out = checks.call(adam_step, w, g, m, v, t, lr=0.01)
        w_ref, m_ref, v_ref = ref.adam_step(w_ref, g, m_ref, v_ref, t, lr=0.01)
        checks.assert_close(out, (w_ref, m_ref, v_ref), name=f"adam_step, step t={t} of a chain")
        w, m, v = _state(out)


@test_case(points=3, hidden=True)
def test_adam_tiny_gradients_eps_outside_sqrt(adam_step):
    # With |g| around 1e-4, sqrt(v_hat) is comparable to eps = 1e-8 under a square root.
    rng = checks.rng()
    for shape in [(6,), (3, 3)]:
        w, g = rng.normal(size=shape), 1e-4 * rng.normal(size=shape)
        m, v = np.zeros(shape), np.zeros(shape)
        out = checks.call(adam_step, w, g, m, v, 1)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 1),
                            name=f"adam_step with tiny gradients, t=1, shape {shape}")
        m, v = 1e-4 * rng.normal(size=shape), (1e-4 * rng.normal(size=shape)) ** 2
        out = checks.call(adam_step, w, g, m, v, 7)
        checks.assert_close(out, ref.adam_step(w, g, m, v, 7),
                            name=f"adam_step with tiny gradients, t=7, shape {shape}")


@test_case(points=3, hidden=True)
def test_adam_hyperparameters_by_keyword(adam_step):
    rng = checks.rng()
    for shape in [(5,), (2, 3)]:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        m, v = 0.5 * rng.normal(size=shape), rng.random(size=shape)
        hyper = dict(lr=float(rng.uniform(0.01, 0.1)), beta1=float(rng.uniform(0.5, 0.8)),
                     beta2=float(rng.uniform(0.9, 0.99)), eps=float(10 ** rng.uniform(-6, -4)))
        t = int(rng.integers(2, 10))
        out = checks.call(adam_step, w, g, m, v, t, **hyper)
        checks.assert_close(out, ref.adam_step(w, g, m, v, t, **hyper),
                            name=f"adam_step(w, g, m, v, t={t}, lr=..., beta1=..., beta2=..., eps=...), shape {shape}")
