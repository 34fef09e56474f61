OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "weight_decay_step"
ref = checks.load_reference(__file__)


@test_case(points=3, hidden=True)
def test_weight_decay_random(weight_decay_step):
    rng = checks.rng()
    for shape in [(1,), (6,), (3, 4), (2, 3, 4)]:
        w, g = rng.normal(size=shape), rng.normal(size=shape)
        lr, lam = float(rng.uniform(0.01, 0.5)), float(rng.uniform(1e-3, 0.2))
        checks.assert_close(checks.call(weight_decay_step, w, g, lr, lam), ref.weight_decay_step(w, g, lr, lam),
                            name=f"weight_decay_step(w, g, lr, lam), shape {shape}")


@test_case(points=2, hidden=True)
def test_weight_decay_special_cases(weight_decay_step):
    rng = checks.rng()
    w, g = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    checks.assert_close(checks.call(weight_decay_step, w, g, 0.1, 0.0), w - 0.1 * g,
                        name="weight_decay_step(w, g, lr=0.1, lam=0) (plain gradient descent)")
    checks.assert_close(checks.call(weight_decay_step, w, np.zeros((3, 3)), 0.1, 0.25), 0.75 * w,
                        name="weight_decay_step(w, 0, lr=0.1, lam=0.25) (decay alone)")
    checks.assert_close(checks.call(weight_decay_step, w, g, 0.5, 0.1), ref.weight_decay_step(w, g, 0.5, 0.1),
                        name="weight_decay_step(w, g, lr=0.5, lam=0.1)")


@test_case(points=2, hidden=True)
def test_weight_decay_chained_steps(weight_decay_step):
    rng = checks.rng()
    w = rng.normal(size=(4,))
    w_ref = w.copy()
    for step in range(1, 11):
        g = rng.normal(size=w.shape)
        out = checks.call(weight_decay_step, w, g, 0.05, 0.02)
        w_ref = ref.weight_decay_step(w_ref, g, 0.05, 0.02)
        checks.assert_close(out, w_ref, name=f"weight_decay_step, step {step} of a chain")
        w = np.array(out, dtype=float)
