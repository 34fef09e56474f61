OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "batchnorm_train"
ref = checks.load_reference(__file__)


def _batch(rng, n, d):
    """A batch whose features have different offsets and scales, so every statistic matters."""
    loc = rng.uniform(-3.0, 3.0, size=d)
    scale = rng.uniform(0.3, 3.0, size=d)
    return loc + scale * rng.normal(size=(n, d))


def _set_params(bn, rng, d, label):
    """Give gamma and beta random values and read them back (as a student would check)."""
    gamma, beta = rng.uniform(0.5, 2.0, size=d) * rng.choice([-1.0, 1.0], size=d), rng.normal(size=d)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    checks.assert_close(checks.attribute(bn, "gamma", label, numeric=True), gamma, name=f"{label}: gamma after setting it")
    checks.assert_close(checks.attribute(bn, "beta", label, numeric=True), beta, name=f"{label}: beta after setting it")
    return gamma, beta


@test_case(points=2, hidden=True)
def test_initial_state(BatchNorm):
    rng = checks.rng()
    for d in (1, int(rng.integers(2, 12))):
        bn = BatchNorm(d)
        label = f"BatchNorm({d})"
        checks.assert_close(checks.attribute(bn, "gamma", label, numeric=True), np.ones(d), name=f"{label}.gamma (starts at ones)")
        checks.assert_close(checks.attribute(bn, "beta", label, numeric=True), np.zeros(d), name=f"{label}.beta (starts at zeros)")
        checks.assert_close(checks.attribute(bn, "running_mean", label, numeric=True), np.zeros(d),
                            name=f"{label}.running_mean (starts at zeros)")
        checks.assert_close(checks.attribute(bn, "running_var", label, numeric=True), np.ones(d),
                            name=f"{label}.running_var (starts at ones)")


@test_case(points=3, hidden=True)
def test_training_forward_random_batches(BatchNorm):
    rng = checks.rng()
    shapes = [(2, 3), (5, 1), (8, 5), (64, 7), (int(rng.integers(3, 40)), int(rng.integers(2, 9)))]
    for n, d in shapes:
        x = _batch(rng, n, d)
        bn, expected = BatchNorm(d), ref.BatchNorm(d)
        out = checks.call(bn.forward, x, training=True)
        checks.assert_close(out, expected.forward(x, training=True),
                            name=f"BatchNorm({d}).forward(x {x.shape}, training=True)")


@test_case(points=2, hidden=True)
def test_training_forward_with_gamma_beta(BatchNorm):
    rng = checks.rng()
    for n, d in [(16, 4), (int(rng.integers(4, 30)), int(rng.integers(2, 8)))]:
        label = f"BatchNorm({d}) with gamma, beta set"
        bn, expected = BatchNorm(d), ref.BatchNorm(d)
        expected.gamma, expected.beta = _set_params(bn, rng, d, label)
        x = _batch(rng, n, d)
        out = checks.call(bn.forward, x, training=True)
        checks.assert_close(out, expected.forward(x, training=True),
                            name=f"{label}: forward(x {x.shape}, training=True)")


@test_case(points=3, hidden=True)
def test_running_statistics_over_several_steps(BatchNorm):
    rng = checks.rng()
    d = int(rng.integers(3, 8))
    bn, expected = BatchNorm(d), ref.BatchNorm(d)
    for step in range(1, 7):
        x = _batch(rng, int(rng.integers(4, 33)), d)
        out = checks.call(bn.forward, x, training=True)
        want = expected.forward(x, training=True)
        label = f"BatchNorm({d}) after {step} training forward(s)"
        checks.assert_close(out, want, name=f"{label}: output")
        checks.assert_close(checks.attribute(bn, "running_mean", label, numeric=True), expected.running_mean,
                            name=f"{label}: running_mean")
        checks.assert_close(checks.attribute(bn, "running_var", label, numeric=True), expected.running_var,
                            name=f"{label}: running_var")


@test_case(points=2, hidden=True)
def test_momentum_and_eps_arguments(BatchNorm):
    rng = checks.rng()
    d = int(rng.integers(2, 7))
    # not 0.5, where momentum and 1 - momentum swapped agree
    momentum, eps = float(rng.choice([0.7, 0.8, 0.9])), float(rng.choice([1e-5, 0.01, 0.1]))
    label = f"BatchNorm({d}, momentum={momentum}, eps={eps})"
    bn, expected = BatchNorm(d, momentum=momentum, eps=eps), ref.BatchNorm(d, momentum=momentum, eps=eps)
    for step in range(1, 4):
        # small variances, so that where eps goes shows in the output
        x = rng.normal(size=d) + rng.uniform(0.05, 0.5, size=d) * rng.normal(size=(int(rng.integers(3, 12)), d))
        out = checks.call(bn.forward, x, training=True)
        checks.assert_close(out, expected.forward(x, training=True), name=f"{label}: output of step {step}")
        checks.assert_close(checks.attribute(bn, "running_mean", label, numeric=True), expected.running_mean,
                            name=f"{label}: running_mean after step {step}")
        checks.assert_close(checks.attribute(bn, "running_var", label, numeric=True), expected.running_var,
                            name=f"{label}: running_var after step {step}")
