"""02_activations: the reference agrees with Keras/TensorFlow where they compute the same thing
and has the contract's properties; the questions come in the notebook's order; correct code in
other styles passes the assignment's tests; every known-wrong variant really differs from the
reference. (Every assignment's tests are checked for form, for the reference passing them and
for every variant failing them in tests/test_hidden_tests.py.)"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from autograder.course.assignments import Assignment
from conftest import ROOT
from harness import cases, differs, failures, reference_namespace

AID = "02_activations"
QUESTIONS = ["sigmoid", "sigmoid_derivative", "tanh_derivative", "relu", "relu_derivative", "leaky_relu",
             "leaky_relu_derivative", "softmax", "mse", "cross_entropy", "vanishing_factor"]
A = Assignment.load(AID, ROOT)
ref = A.reference
RNG = np.random.default_rng(2024)
X1 = RNG.normal(scale=4.0, size=50)
X2 = RNG.normal(scale=3.0, size=(6, 7))


# --- against Keras / TensorFlow ------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.fixture(scope="module")
def tf():
    return pytest.importorskip("tensorflow")


def _np(keras, t):
    return np.asarray(keras.ops.convert_to_numpy(t))


def _autodiff(tf, fn, x):
    """d/dx of sum(fn(x)) by tf.GradientTape, in float64."""
    v = tf.Variable(np.asarray(x, dtype=np.float64))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(fn(v))
    return tape.gradient(y, v).numpy()


@pytest.mark.keras
@pytest.mark.parametrize("x", [X1, X2, np.array([-1e4, -1000.0, -50.0, 0.0, 50.0, 1000.0, 1e4])],
                         ids=["1d", "2d", "extreme"])
def test_sigmoid_like_keras(keras, x):
    np.testing.assert_allclose(ref.sigmoid(x), _np(keras, keras.activations.sigmoid(x)), rtol=1e-12, atol=1e-300)


@pytest.mark.keras
@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_like_keras(keras, axis):
    for x in (X2, X2 + 1000.0, np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])):
        np.testing.assert_allclose(ref.softmax(x, axis=axis), _np(keras, keras.activations.softmax(x, axis=axis)),
                                   rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ref.softmax(X1), _np(keras, keras.activations.softmax(X1)), rtol=1e-12, atol=1e-15)


@pytest.mark.keras
def test_relu_like_keras(keras):
    for x in (X1, X2, np.array([-1.0, 0.0, 2.0])):
        np.testing.assert_array_equal(ref.relu(x), _np(keras, keras.activations.relu(x)))


@pytest.mark.keras
@pytest.mark.parametrize("alpha", [0.25, 0.01, 0.3])
def test_leaky_relu_like_keras(keras, alpha):
    # Keras names the slope negative_slope (default 0.2, the contract's default is 0.01) and stores
    # it as float32, so 0.01 and 0.3 agree only to float32's precision; 0.25 agrees exactly.
    out = _np(keras, keras.activations.leaky_relu(X2, negative_slope=alpha))
    rtol = 0 if alpha == 0.25 else 1e-7
    np.testing.assert_allclose(ref.leaky_relu(X2, alpha=alpha), out, rtol=rtol, atol=0)
    np.testing.assert_allclose(ref.leaky_relu(X2, alpha), out, rtol=rtol, atol=0)


@pytest.mark.keras
def test_sigmoid_derivative_is_the_autodiff_gradient(tf):
    x = np.concatenate([X1, [0.0, -30.0, 30.0]])
    # s(1 - s) cancels in the tails (1 - s for x = 30 is 9e-14 with an absolute error of 1e-16)
    np.testing.assert_allclose(ref.sigmoid_derivative(x), _autodiff(tf, tf.sigmoid, x), rtol=1e-12, atol=1e-15)


@pytest.mark.keras
def test_tanh_derivative_is_the_autodiff_gradient(tf):
    x = np.concatenate([X1, [0.0, -30.0, 30.0]])
    np.testing.assert_allclose(ref.tanh_derivative(x), _autodiff(tf, tf.tanh, x), rtol=1e-12, atol=1e-15)


@pytest.mark.keras
def test_relu_derivatives_match_tensorflow_at_zero(tf):
    x = np.array([-2.0, -1e-12, 0.0, 1e-12, 3.0])
    np.testing.assert_array_equal(ref.relu_derivative(x), _autodiff(tf, tf.nn.relu, x))  # 0 at x = 0
    for alpha in (0.25, 0.5):  # exact in float32
        np.testing.assert_array_equal(ref.leaky_relu_derivative(x, alpha=alpha),
                                      _autodiff(tf, lambda v: tf.nn.leaky_relu(v, alpha=alpha), x))  # alpha at 0


@pytest.mark.keras
def test_cross_entropy_like_keras(keras):
    """Keras's CategoricalCrossentropy: eps = backend.epsilon() = 1e-7, clip to [eps, 1 - eps],
    reduction "sum_over_batch_size" (mean over rows). It also renormalises p to sum to 1, so the
    two agree on rows of probabilities (which is what the contract's p is)."""
    assert keras.backend.epsilon() == 1e-7
    loss = keras.losses.CategoricalCrossentropy(dtype="float64")
    assert loss.reduction == "sum_over_batch_size"
    P = ref.softmax(RNG.normal(scale=2.0, size=(9, 4)))
    T = np.eye(4)[RNG.integers(0, 4, size=9)]
    np.testing.assert_allclose(ref.cross_entropy(P, T), float(loss(T, P)), rtol=1e-12)
    # exact 0s and 1s: both clip
    P = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    T = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(ref.cross_entropy(P, T), float(loss(T, P)), rtol=1e-12)
    per_row = _np(keras, keras.losses.categorical_crossentropy(T, P))
    for p, t, expected in zip(P, T, per_row):
        np.testing.assert_allclose(ref.cross_entropy(p, t), expected, rtol=1e-12)


# --- the contract's properties -------------------------------------------------------------------

def test_stable_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):  # numpy's default ignores underflow
            big = np.array([-1e4, -1000.0, 0.0, 1000.0, 1e4])
            s = ref.sigmoid(big)
            np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])
            assert ref.sigmoid(1e4) == 1.0 and ref.sigmoid(-1e4) == 0.0 and ref.sigmoid(0) == 0.5
            np.testing.assert_array_equal(ref.sigmoid_derivative(big), [0.0, 0.0, 0.25, 0.0, 0.0])
            np.testing.assert_allclose(ref.softmax(np.array([1000.0])), [1.0])
            np.testing.assert_allclose(ref.softmax(np.array([1000.0, 1001.0, 1002.0])), ref.softmax(np.array([0.0, 1.0, 2.0])))
            assert np.isfinite(ref.cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0])))


def test_sigmoid_derivative_peaks_at_a_quarter():
    grid = np.linspace(-10, 10, 2001)
    d = ref.sigmoid_derivative(grid)
    assert d.max() == 0.25 and grid[d.argmax()] == 0.0
    assert np.all(d[grid != 0] < 0.25)
    assert ref.sigmoid_derivative(0.0) == 0.25  # not 0.3 as one slide says
    # the pre-activation, not the activation: differs from x(1 - x)
    x = np.array([0.5, 2.0, -1.0])
    assert not np.allclose(ref.sigmoid_derivative(x), x * (1 - x))


def test_vanishing_factor():
    for n in range(1, 11):
        assert ref.vanishing_factor(n) == 0.25 ** n
        for x in (1.5, -2.0):
            np.testing.assert_allclose(ref.vanishing_factor(n, x), np.prod([ref.sigmoid_derivative(x)] * n), rtol=1e-14)
    assert ref.vanishing_factor(10) < 1e-6
    assert ref.vanishing_factor(0) == 1.0


def test_softmax_properties():
    for axis in (0, 1, -1):
        s = ref.softmax(X2, axis=axis)
        np.testing.assert_allclose(s.sum(axis=axis), 1.0)
        np.testing.assert_allclose(ref.softmax(X2 + 123.0, axis=axis), s, rtol=1e-12)
    np.testing.assert_allclose(ref.softmax(X2 + RNG.normal(size=(6, 1)) * 100), ref.softmax(X2), rtol=1e-10)


def test_losses():
    a, b = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    assert ref.mse(a, b) == pytest.approx(np.sum((a - b) ** 2) / 12)
    assert ref.mse(a, a) == 0.0
    p = ref.softmax(RNG.normal(size=5))
    t = np.eye(5)[2]
    assert ref.cross_entropy(p, t) == pytest.approx(-np.log(p[2]))
    assert ref.cross_entropy(np.tile(p, (7, 1)), np.tile(t, (7, 1))) == pytest.approx(ref.cross_entropy(p, t))
    assert ref.cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0])) == pytest.approx(-np.log(1e-7))
    assert ref.cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]), eps=1e-3) == pytest.approx(-np.log(1e-3))


@pytest.mark.parametrize("name", ["sigmoid", "sigmoid_derivative", "tanh_derivative", "relu", "relu_derivative",
                                  "leaky_relu", "leaky_relu_derivative"])
def test_elementwise_shapes_dtypes_scalars_and_inputs_unchanged(name):
    fn = getattr(ref, name)
    for x in (X1, X2, X2[None], X2.astype(np.float32)):
        before = x.copy()
        out = fn(x)
        assert out.shape == x.shape and out.dtype == x.dtype
        np.testing.assert_array_equal(x, before)
    for v in (0.0, 1.5, -2.0, 3):
        out = fn(v)
        assert np.ndim(out) == 0 and np.isfinite(out)


# --- the assignment's tests ----------------------------------------------------------------------

def test_questions_in_the_notebooks_order():
    assert [q.name for q in A.questions] == QUESTIONS and A.order == QUESTIONS


def _other_styles() -> dict:
    """Correct code in other styles: scipy's expit and softmax, the derivative as e^-x/(1+e^-x)^2,
    tanh by hand, float results from bool masks, loops, no upper clip in the cross-entropy."""
    from scipy.special import expit
    from scipy.special import softmax as sp_softmax

    def sigmoid(x):
        return expit(x)

    def sigmoid_derivative(x):
        with np.errstate(over="ignore"):
            e = np.exp(-np.asarray(x, dtype=float))
            return e / (1 + e) ** 2

    def tanh_derivative(x):
        x = np.asarray(x, dtype=float)
        th = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        return 1 - th * th

    def relu(x):
        return x * (x > 0)

    def relu_derivative(x):
        return np.asarray(x) > 0

    def leaky_relu(x, alpha=0.01):
        return np.maximum(alpha * x, x)

    def leaky_relu_derivative(x, alpha=0.01):
        d = np.ones_like(np.asarray(x, dtype=float))
        d[np.asarray(x) <= 0] = alpha
        return d

    def softmax(x, axis=-1):
        return sp_softmax(x, axis=axis)

    def mse(y_pred, y_true):
        d = (np.asarray(y_pred) - np.asarray(y_true)).ravel()
        return sum(v * v for v in d) / len(d)

    def cross_entropy(p, t, eps=1e-7):
        p = np.maximum(p, eps)
        if p.ndim == 1:
            return -np.sum(t * np.log(p))
        return -np.sum(t * np.log(p)) / p.shape[0]

    def vanishing_factor(n_layers, x=0.0):
        f = 1.0
        for _ in range(n_layers):
            f = f * sigmoid_derivative(x)
        return f

    return {k: v for k, v in locals().items() if k in QUESTIONS}


def _float32_styles() -> dict:
    """Correct code that keeps float32 in float32 and computes the sigmoid with np.where."""

    def sigmoid(x):
        x = np.asarray(x)
        with np.errstate(over="ignore"):
            return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))

    def sigmoid_derivative(x):
        s = sigmoid(x)
        return s * (1 - s)

    def softmax(x, axis=-1):
        x = np.moveaxis(np.asarray(x), axis, -1)
        out = np.empty(x.shape, dtype=x.dtype if x.dtype.kind == "f" else float)
        for idx in np.ndindex(x.shape[:-1]):
            e = np.exp(x[idx] - x[idx].max())
            out[idx] = e / e.sum()
        return np.moveaxis(out, -1, axis)

    return {"sigmoid": sigmoid, "sigmoid_derivative": sigmoid_derivative, "softmax": softmax}


def _global_shift_styles() -> dict:
    """Correct: softmax shifted by the maximum of the whole array (any constant works)."""

    def softmax(x, axis=-1):
        e = np.exp(x - np.max(x))
        return e / e.sum(axis=axis, keepdims=True)

    return {"softmax": softmax}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # np.where computes both branches, overflowing one
@pytest.mark.parametrize("style", [_other_styles, _float32_styles, _global_shift_styles])
def test_correct_code_in_other_styles_passes(style):
    namespace = {**reference_namespace(AID), **style()}
    for seed in (b"x", b"y", b"z"):
        assert failures(namespace, cases(AID), seed) == []


def test_variants_are_declared():
    ids = [v.id for v in A.misconceptions]
    assert len(ids) == len(set(ids))
    assert {v.replaces for v in A.misconceptions} <= set(QUESTIONS)
    for needed in ("sigmoid_derivative_of_activation", "sigmoid_exp_ratio_overflow", "softmax_no_max_shift",
                   "relu_derivative_one_at_zero", "cross_entropy_batch_sum", "softmax_ignores_axis",
                   "leaky_relu_derivative_zero_slope"):
        assert needed in ids


# Inputs on which each function is called directly, to show each variant really is wrong.
PROBES = {
    "sigmoid": [(np.array([-1e4, -2.0, 0.0, 3.0, 1e4]),)],
    "sigmoid_derivative": [(X1,)],
    "tanh_derivative": [(X1,)],
    "relu_derivative": [(np.array([-1.0, 0.0, 1.0]),)],
    "leaky_relu": [(X1, 0.2)],
    "leaky_relu_derivative": [(X1,)],
    "softmax": [(np.array([1000.0, 1001.0, 1002.0]),), (X2,)],
    "mse": [(X2, X2[::-1])],
    "cross_entropy": [(ref.softmax(X2), np.eye(7)[np.arange(6)]), (np.array([0.0, 1.0]), np.array([1.0, 0.0]))],
    "vanishing_factor": [(5,), (3, 1.5)],
}




@pytest.mark.parametrize("variant", A.misconceptions, ids=lambda v: v.id)
def test_every_variant_differs_from_the_reference(variant):
    fn = getattr(ref, variant.replaces)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # wrong variants overflow on purpose
        changed = [differs(fn(*args), variant.impl(*args)) for args in PROBES[variant.replaces]]
    assert any(changed), f"{variant.id} agrees with the reference on every probe"
