OK_FORMAT = False

from otter.test_files import test_case
from autograder import checks

name = "batchnorm_inference"
ref = checks.load_reference(__file__)


def _batch(rng, n, d):
    """A batch whose features have different offsets and scales, so every statistic matters."""
    loc = rng.uniform(-3.0, 3.0, size=d)
    scale = rng.uniform(0.3, 3.0, size=d)
    return loc + scale * rng.normal(size=(n, d))


def _train(bn, expected, rng, d, steps, label):
    """Run the same training batches through the student's layer and the reference."""
    for step in range(1, steps + 1):
        x = _batch(rng, int(rng.integers(8, 33)), d)
        out = checks.call(bn.forward, x, training=True)
        checks.assert_close(out, expected.forward(x, training=True), name=f"{label}: training forward #{step}")


@test_case(points=3, hidden=True)
def test_inference_uses_running_statistics(BatchNorm):
    rng = checks.rng()
    d = int(rng.integers(3, 8))
    label = f"BatchNorm({d}, momentum=0.6)"
    # momentum 0.6 moves the running statistics far from (0, 1) in a few steps
    bn, expected = BatchNorm(d, momentum=0.6), ref.BatchNorm(d, momentum=0.6)
    _train(bn, expected, rng, d, 4, label)
    for n in (1, 3, int(rng.integers(10, 40))):
        # a batch from another distribution: its own statistics differ from the running ones
        x = 2.0 + 3.0 * rng.normal(size=(n, d))
        out = checks.call(bn.forward, x, training=False)
        checks.assert_close(out, expected.forward(x, training=False),
                            name=f"{label}: forward(x {x.shape}, training=False) after 4 training steps")


@test_case(points=2, hidden=True)
def test_inference_changes_nothing(BatchNorm):
    rng = checks.rng()
    d = int(rng.integers(2, 7))
    label = f"BatchNorm({d})"
    bn, expected = BatchNorm(d), ref.BatchNorm(d)
    x = _batch(rng, 5, d)
    # before any training: running_mean 0, running_var 1
    out = checks.call(bn.forward, x, training=False)
    checks.assert_close(out, expected.forward(x, training=False),
                        name=f"{label}: forward(x, training=False) before any training step")
    _train(bn, expected, rng, d, 3, label)
    x = _batch(rng, int(rng.integers(4, 20)), d)
    first = checks.call(bn.forward, x, training=False)
    second = checks.call(bn.forward, x, training=False)
    want = expected.forward(x, training=False)
    checks.assert_close(first, want, name=f"{label}: forward(x, training=False) after 3 training steps")
    checks.assert_close(second, want, name=f"{label}: the same inference forward called again")
    checks.assert_close(checks.attribute(bn, "running_mean", label, numeric=True), expected.running_mean,
                        name=f"{label}: running_mean after inference calls (inference must not update it)")
    checks.assert_close(checks.attribute(bn, "running_var", label, numeric=True), expected.running_var,
                        name=f"{label}: running_var after inference calls (inference must not update it)")


@test_case(points=2, hidden=True)
def test_inference_with_gamma_beta(BatchNorm):
    rng = checks.rng()
    d = int(rng.integers(2, 7))
    label = f"BatchNorm({d}, momentum=0.5) with gamma, beta set"
    bn, expected = BatchNorm(d, momentum=0.5), ref.BatchNorm(d, momentum=0.5)
    gamma, beta = rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    checks.assert_close(checks.attribute(bn, "gamma", label, numeric=True), gamma, name=f"{label}: gamma after setting it")
    checks.assert_close(checks.attribute(bn, "beta", label, numeric=True), beta, name=f"{label}: beta after setting it")
    expected.gamma, expected.beta = gamma, beta
    _train(bn, expected, rng, d, 3, label)
    x = _batch(rng, int(rng.integers(4, 20)), d)
    out = checks.call(bn.forward, x, training=False)
    checks.assert_close(out, expected.forward(x, training=False), name=f"{label}: forward(x, training=False)")
