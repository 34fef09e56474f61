OK_FORMAT = False

import numpy as np
from otter.test_files import test_case
from autograder import checks

name = "batchnorm_backward"
ref = checks.load_reference(__file__)

# Relative error (CS231n's measure) allowed against centred differences of the reference forward;
# the reference itself stays below 5e-7 on such batches (entries of dx near 0 set the worst case).
GRADCHECK_TOL = 1e-5


def _batch(rng, n, d):
    """A batch whose features have different offsets and scales, so every statistic matters."""
    loc = rng.uniform(-3.0, 3.0, size=d)
    scale = rng.uniform(0.3, 3.0, size=d)
    return loc + scale * rng.normal(size=(n, d))


def _student_backward(BatchNorm, rng, x, dout, label, **kw):
    """Student's layer with random gamma, beta: one training forward, then backward.

    Returns (gamma, beta, dx, dgamma, dbeta) with the student's gradients."""
    d = x.shape[1]
    bn = BatchNorm(d, **kw)
    gamma, beta = rng.uniform(0.5, 2.0, size=d) * rng.choice([-1.0, 1.0], size=d), rng.normal(size=d)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    checks.assert_close(checks.attribute(bn, "gamma", label, numeric=True), gamma, name=f"{label}: gamma after setting it")
    checks.assert_close(checks.attribute(bn, "beta", label, numeric=True), beta, name=f"{label}: beta after setting it")
    checks.call(bn.forward, x, training=True)
    dx = checks.call(bn.backward, dout)
    dgamma = checks.attribute(bn, "dgamma", label, numeric=True, set_in="backward")
    dbeta = checks.attribute(bn, "dbeta", label, numeric=True, set_in="backward")
    return gamma, beta, dx, dgamma, dbeta


def _reference(x, gamma, beta, dout, **kw):
    bn = ref.BatchNorm(x.shape[1], **kw)
    bn.gamma, bn.beta = gamma, beta
    bn.forward(x, training=True)
    dx = bn.backward(dout)
    return dx, bn.dgamma, bn.dbeta


@test_case(points=3, hidden=True)
def test_backward_matches_reference(BatchNorm):
    rng = checks.rng()
    for n, d in [(4, 3), (16, 5), (int(rng.integers(5, 50)), int(rng.integers(2, 8)))]:
        x, dout = _batch(rng, n, d), rng.normal(size=(n, d))
        label = f"BatchNorm({d}): forward(x {x.shape}, training=True) then backward(dout)"
        gamma, beta, dx, dgamma, dbeta = _student_backward(BatchNorm, rng, x, dout, label)
        want_dx, want_dgamma, want_dbeta = _reference(x, gamma, beta, dout)
        checks.assert_close(dx, want_dx, name=f"{label}: dx")
        checks.assert_close(dgamma, want_dgamma, name=f"{label}: self.dgamma")
        checks.assert_close(dbeta, want_dbeta, name=f"{label}: self.dbeta")


@test_case(points=3, hidden=True)
def test_backward_gradient_check(BatchNorm):
    """dx, dgamma and dbeta against centred differences of L = sum(forward(x) * dout)."""
    rng = checks.rng()
    n, d = int(rng.integers(5, 12)), int(rng.integers(2, 6))
    x, dout = _batch(rng, n, d), rng.normal(size=(n, d))
    label = f"BatchNorm({d}): training forward(x {x.shape}) then backward(dout)"
    gamma, beta, dx, dgamma, dbeta = _student_backward(BatchNorm, rng, x, dout, label)

    def loss(x_, gamma_, beta_):
        bn = ref.BatchNorm(d)
        bn.gamma, bn.beta = gamma_, beta_
        return float(np.sum(bn.forward(x_, training=True) * dout))

    checks.gradient_check(lambda v: loss(v, gamma, beta), x, dx, tol=GRADCHECK_TOL,
                          name=f"{label}: dx (gradient check)")
    checks.gradient_check(lambda v: loss(x, v, beta), gamma, dgamma, tol=GRADCHECK_TOL,
                          name=f"{label}: self.dgamma (gradient check)")
    checks.gradient_check(lambda v: loss(x, gamma, v), beta, dbeta, tol=GRADCHECK_TOL,
                          name=f"{label}: self.dbeta (gradient check)")


@test_case(points=2, hidden=True)
def test_backward_small_batches_and_eps(BatchNorm):
    """Two-row batches and features with variance near eps, where every term of dx matters."""
    rng = checks.rng()
    d = int(rng.integers(2, 6))
    cases = [(_batch(rng, 2, d), {}),
             (rng.normal(size=d) + 0.02 * rng.normal(size=(6, d)), {}),
             (rng.normal(size=d) + 0.3 * rng.normal(size=(7, d)), {"momentum": 0.9, "eps": 0.1})]
    for x, kw in cases:
        dout = rng.normal(size=x.shape)
        args = ", ".join([str(d)] + [f"{k}={v}" for k, v in kw.items()])
        label = f"BatchNorm({args}): forward(x {x.shape}, training=True) then backward(dout)"
        gamma, beta, dx, dgamma, dbeta = _student_backward(BatchNorm, rng, x, dout, label, **kw)
        want_dx, want_dgamma, want_dbeta = _reference(x, gamma, beta, dout, **kw)
        checks.assert_close(dx, want_dx, name=f"{label}: dx")
        checks.assert_close(dgamma, want_dgamma, name=f"{label}: self.dgamma")
        checks.assert_close(dbeta, want_dbeta, name=f"{label}: self.dbeta")
