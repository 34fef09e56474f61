"""06_batchnorm: the reference computes what keras.layers.BatchNormalization computes and its
backward pass is the gradient of its forward pass; the questions come in the notebook's order;
correct code in another style passes the assignment's tests; the required variants are declared.
(Every assignment's tests are checked for form, for the reference passing them and for every
variant failing them in tests/test_hidden_tests.py; the reference notebook's full marks and every
variant losing points and being named, through the sandboxed engine, in tests/test_validate.py (autograder validate).)"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.grader import checks
from autograder.course.assignments import Assignment
from conftest import ROOT
from harness import cases, failures, reference_namespace

AID = "06_batchnorm"
QUESTIONS = ["batchnorm_train", "batchnorm_inference", "batchnorm_backward"]
A = Assignment.load(AID, ROOT)
ref = A.reference


# --- against Keras -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.keras
@pytest.mark.parametrize("kw, keras_kw", [({}, {}), ({"momentum": 0.9, "eps": 1e-5}, {"momentum": 0.9, "epsilon": 1e-5}),
                                          ({"momentum": 0.5, "eps": 0.1}, {"momentum": 0.5, "epsilon": 0.1})],
                         ids=["defaults", "m0.9-eps1e-5", "m0.5-eps0.1"])
def test_matches_keras_batchnormalization_float64(keras, kw, keras_kw):
    rng = np.random.default_rng(6)
    d = 5
    layer = keras.layers.BatchNormalization(dtype="float64", **keras_kw)
    layer.build((None, d))
    gamma, beta = rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    bn = ref.BatchNorm(d, **kw)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    for step in range(20):
        x = rng.uniform(-3, 3, size=d) + rng.uniform(0.3, 3.0, size=d) * rng.normal(size=(int(rng.integers(2, 40)), d))
        got = bn.forward(x, training=True)
        want = np.asarray(layer(x, training=True))
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg=f"training output, step {step}")
        np.testing.assert_allclose(bn.running_mean, np.asarray(layer.moving_mean), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(bn.running_var, np.asarray(layer.moving_variance), rtol=1e-10, atol=1e-12)
        if step % 5 == 4:
            xi = 2.0 + 3.0 * rng.normal(size=(int(rng.integers(1, 10)), d))
            np.testing.assert_allclose(bn.forward(xi, training=False), np.asarray(layer(xi, training=False)),
                                       rtol=1e-10, atol=1e-12, err_msg=f"inference output after step {step}")


@pytest.mark.keras
def test_keras_uses_the_biased_variance(keras):
    """The contract's claim: Keras normalizes with var/N, not the unbiased var/(N-1)."""
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    layer = keras.layers.BatchNormalization(dtype="float64")
    out = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3), rtol=1e-12)
    assert not np.allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0, ddof=1) + 1e-3))
    np.testing.assert_allclose(np.asarray(layer.moving_variance), 0.99 + 0.01 * x.var(0), rtol=1e-12)


# --- the reference on its own --------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_reference_backward_passes_a_gradient_check(seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(2, 12)), int(rng.integers(1, 6))
    x = rng.uniform(-3, 3, size=d) + rng.uniform(0.1, 3.0, size=d) * rng.normal(size=(n, d))
    dout, gamma, beta = rng.normal(size=(n, d)), rng.normal(size=d), rng.normal(size=d)
    bn = ref.BatchNorm(d)
    bn.gamma, bn.beta = gamma, beta
    bn.forward(x, training=True)
    dx = bn.backward(dout)

    def loss(x_, g_, b_):
        layer = ref.BatchNorm(d)
        layer.gamma, layer.beta = g_, b_
        return float(np.sum(layer.forward(x_, training=True) * dout))

    checks.gradient_check(lambda v: loss(v, gamma, beta), x, dx, tol=1e-6)
    checks.gradient_check(lambda v: loss(x, v, beta), gamma, bn.dgamma, tol=1e-6)
    checks.gradient_check(lambda v: loss(x, gamma, v), beta, bn.dbeta, tol=1e-6)


def test_reference_inference_backward_is_the_affine_gradient():
    rng = np.random.default_rng(1)
    bn = ref.BatchNorm(3, momentum=0.5)
    bn.forward(rng.normal(size=(8, 3)), training=True)
    x, dout = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    bn.forward(x, training=False)
    dx = bn.backward(dout)
    np.testing.assert_allclose(dx, dout * bn.gamma / np.sqrt(bn.running_var + bn.eps))


def test_reference_leaves_inputs_alone():
    rng = np.random.default_rng(2)
    x, dout = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    x0, d0 = x.copy(), dout.copy()
    bn = ref.BatchNorm(3)
    bn.forward(x, training=True)
    bn.backward(dout)
    bn.forward(x, training=False)
    assert np.array_equal(x, x0) and np.array_equal(dout, d0)


# --- the assignment's tests, another correct style and the variants ------------------------------

def test_questions_in_the_notebooks_order():
    assert [q.name for q in A.questions] == QUESTIONS and A.order == QUESTIONS and A.keras is False


class LoopBatchNorm:
    """Correct code in another style: explicit loops over features, lists turned into arrays,
    float32 nowhere, running statistics updated in place, the cache as a dict, backward by the
    step-by-step computational graph (CS231n's staged form)."""

    def __init__(self, num_features, momentum=0.99, eps=1e-3):
        self.D, self.momentum, self.eps = num_features, momentum, eps
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.dgamma = self.dbeta = None
        self.cache = {}

    def forward(self, x, training=True):
        n = x.shape[0]
        if training:
            mu = np.array([sum(x[i, j] for i in range(n)) / n for j in range(self.D)])
            xc = x - mu
            var = np.array([sum(xc[i, j] ** 2 for i in range(n)) / n for j in range(self.D)])
            self.running_mean *= self.momentum
            self.running_mean += (1 - self.momentum) * mu
            self.running_var *= self.momentum
            self.running_var += (1 - self.momentum) * var
        else:
            xc, var = x - self.running_mean, self.running_var
        inv = 1.0 / np.sqrt(var + self.eps)
        xhat = xc * inv
        self.cache = {"xc": xc, "inv": inv, "xhat": xhat, "var": var, "n": n}
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        c = self.cache
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * c["xhat"], axis=0)
        dxhat = dout * self.gamma
        dinv = np.sum(dxhat * c["xc"], axis=0)
        dxc = dxhat * c["inv"]
        dvar = dinv * -0.5 * (c["var"] + self.eps) ** -1.5
        dxc += 2.0 * c["xc"] * dvar / c["n"]
        dmu = -np.sum(dxc, axis=0)
        return dxc + dmu / c["n"]


@pytest.mark.parametrize("seed", [b"x", b"y"])
def test_correct_code_in_another_style_passes(seed):
    assert failures(reference_namespace(AID, BatchNorm=LoopBatchNorm), cases(AID), seed) == []


def test_variants_are_declared():
    ids = [v.id for v in A.misconceptions]
    assert len(ids) == len(set(ids))
    assert {"bn_unbiased_variance", "bn_momentum_swapped", "bn_eps_outside_sqrt", "bn_inference_uses_batch_statistics",
            "bn_backward_no_mean_terms", "bn_no_running_update"} <= set(ids)
    for v in A.misconceptions:
        assert v.replaces == "BatchNorm" and isinstance(v.impl, type)
