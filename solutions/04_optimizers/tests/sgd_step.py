OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "sgd_step"
ref = checks.load_reference(__file__)

SHAPES = [(1,), (7,), (3, 4), (2, 3, 4)]


@test_case(points=2, hidden=True)
def test_sgd_random_shapes_default_lr(sgd_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        out = checks.call(sgd_step, w, g)
        checks.assert_close(out, ref.sgd_step(w, g), name=f"sgd_step(w, g), shape {shape}")


@test_case(points=2, hidden=True)
def test_sgd_learning_rate_by_keyword(sgd_step):
    rng = checks.rng()
    for shape in SHAPES:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        lr = float(rng.uniform(0.05, 0.5))
        out = checks.call(sgd_step, w, g, lr=lr)
        checks.assert_close(out, ref.sgd_step(w, g, lr=lr), name=f"sgd_step(w, g, lr=...), shape {shape}")


@test_case(points=2, hidden=True)
def test_sgd_chained_steps(sgd_step):
    rng = checks.rng()
    w = rng.normal(size=(4, 3))
    w_ref = w.copy()
    for step in range(1, 11):
        g = rng.normal(size=w.shape)
        out = checks.call(sgd_step, w, g, lr=0.1)
        w_ref = ref.sgd_step(w_ref, g, lr=0.1)
        checks.assert_close(out, w_ref, name=f"sgd_step, step {step} of a chain")
        w = np.array(out, dtype=float)
