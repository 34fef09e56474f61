OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "momentum_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


def _state(out):
    """The student's returned tuple as float arrays, to feed back into their next call."""
    return tuple(np.array(x, dtype=float) for x in out)


@test_case(points=2, hidden=True)
def test_momentum_first_step_from_zero_velocity(momentum_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        v = np.zeros(shape)
        out = checks.call(momentum_step, w, g, v)
        checks.assert_close(out, ref.momentum_step(w, g, v),
                            name=f"momentum_step(w, g, v=0) -> (w_new, v_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_momentum_single_step_with_velocity(momentum_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g, v = rng.normal(size=shape), rng.normal(size=shape), 0.1 * rng.normal(size=shape)
        out = checks.call(momentum_step, w, g, v)
        checks.assert_close(out, ref.momentum_step(w, g, v),
                            name=f"momentum_step(w, g, v) -> (w_new, v_new), shape {shape}")


@test_case(points=3, hidden=True)
def test_momentum_chained_steps(momentum_step):
    rng = checks.rng()
    w = rng.normal(size=(3, 5))
    v = np.zeros_like(w)
    w_ref, v_ref = w.copy(), v.copy()
    for step in range(1, 16):
        g = rng.normal(size=w.shape)
        out = checks.call(momentum_step, w, g, v, lr=0.05)
        w_ref, v_ref = ref.momentum_step(w_ref, g, v_ref, lr=0.05)
        checks.assert_close(out, (w_ref, v_ref), name=f"momentum_step, step {step} of a chain")
        w, v = _state(out)


@test_case(points=2, hidden=True)
def test_momentum_hyperparameters_by_keyword(momentum_step):
    rng = checks.rng()
    for shape in [(5,), (2, 3)]:
        w, g, v = rng.normal(size=shape), rng.normal(size=shape), 0.1 * rng.normal(size=shape)
        lr, mu = float(rng.uniform(0.05, 0.3)), float(rng.uniform(0.3, 0.7))
        out = checks.call(momentum_step, w, g, v, lr=lr, momentum=mu)
        checks.assert_close(out, ref.momentum_step(w, g, v, lr=lr, momentum=mu),
                            name=f"momentum_step(w, g, v, lr=..., momentum=...), shape {shape}")
