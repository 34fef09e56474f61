OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "adagrad_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


def _state(out):
    """The student's returned tuple as float arrays, to feed back into their next call."""
    return tuple(np.array(x, dtype=float) for x in out)


@test_case(points=3, hidden=True)
def test_adagrad_single_step_with_state(adagrad_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        s = rng.normal(size=shape) ** 2 + rng.random(size=shape)
        out = checks.call(adagrad_step, w, g, s)
        checks.assert_close(out, ref.adagrad_step(w, g, s),
                            name=f"adagrad_step(w, g, s) -> (w_new, s_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_adagrad_chained_steps(adagrad_step):
    rng = checks.rng()
    w = rng.normal(size=(2, 4))
    s = np.zeros_like(w)
    w_ref, s_ref = w.copy(), s.copy()
    for step in range(1, 16):
        g = rng.normal(size=w.shape)
        out = checks.call(adagrad_step, w, g, s, lr=0.1)
        w_ref, s_ref = ref.adagrad_step(w_ref, g, s_ref, lr=0.1)
        checks.assert_close(out, (w_ref, s_ref), name=f"adagrad_step, step {step} of a chain")
        w, s = _state(out)


@test_case(points=3, hidden=True)
def test_adagrad_tiny_gradients_eps_inside_sqrt(adagrad_step):
    # With |g| around 1e-4, g² is comparable to eps = 1e-7 and eps's place matters.
    rng = checks.rng()
    for shape in [(6,), (3, 3)]:
        w, g = rng.normal(size=shape), 1e-4 * rng.normal(size=shape)
        s = np.zeros(shape)
        out = checks.call(adagrad_step, w, g, s)
        checks.assert_close(out, ref.adagrad_step(w, g, s),
                            name=f"adagrad_step with tiny gradients, first step, shape {shape}")
        s = (1e-4 * rng.normal(size=shape)) ** 2
        out = checks.call(adagrad_step, w, g, s)
        checks.assert_close(out, ref.adagrad_step(w, g, s),
                            name=f"adagrad_step with tiny gradients and state, shape {shape}")


@test_case(points=2, hidden=True)
def test_adagrad_hyperparameters_by_keyword(adagrad_step):
    rng = checks.rng()
    for shape in [(5,), (2, 3)]:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        s = rng.random(size=shape)
        lr, eps = float(rng.uniform(0.1, 0.5)), float(10 ** rng.uniform(-3, -2))
        out = checks.call(adagrad_step, w, g, s, lr=lr, eps=eps)
        checks.assert_close(out, ref.adagrad_step(w, g, s, lr=lr, eps=eps),
                            name=f"adagrad_step(w, g, s, lr=..., eps=...), shape {shape}")
