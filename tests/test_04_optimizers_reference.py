"""The 04_optimizers reference agrees with Keras 3, reproduces the lecture, and every variant is wrong.

* Keras parity: 50 float64 steps of Keras's optimizers against the reference step functions
  (research/keras-reference-semantics.md says which Keras arguments match the textbook forms).
  Keras casts SGD's momentum and Adam's betas through float32 (0.9 -> 0.8999999762), so the
  defaults agree to about 1e-7 relative; with hyperparameters that float32 represents exactly
  (0.875, 0.998046875) they agree to rounding.
* The lecture's experiment: the reference reproduces the three printed figures with
  J = x1² + 4·x2² − x1·x2 and none of them with the slide's J = x1² + 2·x2² − x1·x2.
* Every misconception in variants.py gives different outputs from the reference (or modifies its
  inputs). That the reference passes the assignment's tests and every variant loses points is
  checked, for every assignment, in tests/test_hidden_tests.py.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

from autograder.grader import checks
from autograder.course.assignments import Assignment
from conftest import ROOT

pytestmark = pytest.mark.keras

AID = "04_optimizers"
N_STEPS = 50
A = Assignment.load(AID, ROOT)
ref = A.reference


# ---------------------------------------------------------------------------------------------
# Keras parity


@pytest.fixture(scope="module")
def keras64():
    keras = pytest.importorskip("keras")
    old = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        yield keras
    finally:
        keras.config.set_floatx(old)


def _relative_error(keras_w: np.ndarray, ref_w: np.ndarray) -> float:
    """The research note's measure: the worst error divided by the largest |x| from Keras."""
    return float(np.max(np.abs(keras_w - ref_w)) / np.max(np.abs(keras_w)))


def _compare_with_keras(keras, optimizer, step, n_state: int, tol: float, scale: float = 1.0, seed: int = 0):
    """Apply the same N_STEPS random float64 gradients with Keras and with ``step``.

    ``step(w, g, *state, t)`` returns ``(w_new, *state_new)``; every step's weights must agree.
    """
    rng = np.random.default_rng(seed)
    w0 = rng.normal(size=(8, 16))
    grads = scale * rng.normal(size=(N_STEPS, 8, 16))
    var = keras.Variable(w0, dtype="float64")
    w, state = w0.copy(), [np.zeros_like(w0) for _ in range(n_state)]
    for t, g in enumerate(grads, 1):
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w, *state = step(w, g, *state, t)
        kw = np.asarray(var.numpy())
        assert kw.dtype == np.float64
        err = _relative_error(kw, w)
        assert err <= tol, f"step {t}: relative error {err:.3g} against Keras exceeds {tol:g}"


def test_sgd_matches_keras(keras64):
    _compare_with_keras(keras64, keras64.optimizers.SGD(learning_rate=0.01),
                        lambda w, g, t: (ref.sgd_step(w, g, lr=0.01),), 0, tol=1e-12)


@pytest.mark.parametrize("mu, tol", [(0.9, 1e-6), (0.875, 1e-12)])
def test_momentum_matches_keras_sgd_momentum(keras64, mu, tol):
    _compare_with_keras(keras64, keras64.optimizers.SGD(learning_rate=0.01, momentum=mu),
                        lambda w, g, v, t: ref.momentum_step(w, g, v, lr=0.01, momentum=mu), 1, tol=tol)


@pytest.mark.parametrize("scale", [1.0, 1e-4])
def test_adagrad_matches_keras_with_zero_initial_accumulator(keras64, scale):
    # ε inside the square root is what Keras 3 computes; gradients of 1e-4 would expose ε outside.
    opt = keras64.optimizers.Adagrad(learning_rate=0.01, initial_accumulator_value=0.0, epsilon=1e-7)
    _compare_with_keras(keras64, opt, lambda w, g, s, t: ref.adagrad_step(w, g, s, lr=0.01, eps=1e-7),
                        1, tol=1e-12, scale=scale)


@pytest.mark.parametrize("scale", [1.0, 1e-4])
def test_rmsprop_matches_keras(keras64, scale):
    opt = keras64.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7)
    _compare_with_keras(keras64, opt, lambda w, g, s, t: ref.rmsprop_step(w, g, s, lr=0.001, rho=0.9, eps=1e-7),
                        1, tol=1e-12, scale=scale)


@pytest.mark.parametrize("beta1, beta2, tol", [(0.9, 0.999, 1e-6), (0.875, 0.998046875, 1e-12)])
def test_adam_matches_keras_with_zero_epsilon(keras64, beta1, beta2, tol):
    opt = keras64.optimizers.Adam(learning_rate=0.001, beta_1=beta1, beta_2=beta2, epsilon=0.0)
    _compare_with_keras(keras64, opt,
                        lambda w, g, m, v, t: ref.adam_step(w, g, m, v, t, lr=0.001, beta1=beta1, beta2=beta2, eps=0.0),
                        2, tol=tol)


@pytest.mark.parametrize("beta1, beta2, decay, tol", [(0.9, 0.999, 0.004, 1e-6), (0.875, 0.998046875, 0.125, 1e-12)])
def test_adamw_matches_keras_with_zero_epsilon(keras64, beta1, beta2, decay, tol):
    opt = keras64.optimizers.AdamW(learning_rate=0.001, weight_decay=decay, beta_1=beta1, beta_2=beta2, epsilon=0.0)
    _compare_with_keras(keras64, opt,
                        lambda w, g, m, v, t: ref.adamw_step(w, g, m, v, t, lr=0.001, beta1=beta1, beta2=beta2,
                                                             eps=0.0, weight_decay=decay),
                        2, tol=tol)


def test_nesterov_is_keras_nesterov_at_the_lookahead_point(keras64):
    """Keras's SGD(nesterov=True) keeps the look-ahead point w + μv as its variable."""
    keras, mu, lr = keras64, 0.875, 0.05
    rng = np.random.default_rng(1)
    q, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    a = (q * rng.uniform(0.5, 4.0, size=6)) @ q.T
    b = rng.normal(size=6)

    def grad_fn(x):
        return a @ x - b

    w0 = rng.normal(size=6)
    var = keras.Variable(w0, dtype="float64")
    opt = keras.optimizers.SGD(learning_rate=lr, momentum=mu, nesterov=True)
    w, v = w0.copy(), np.zeros(6)
    for t in range(1, N_STEPS + 1):
        opt.apply_gradients([(keras.ops.convert_to_tensor(grad_fn(np.asarray(var.numpy()))), var)])
        w, v = ref.nesterov_step(w, v, grad_fn, lr=lr, momentum=mu)
        err = _relative_error(np.asarray(var.numpy()), w + mu * v)
        assert err <= 1e-12, f"step {t}: relative error {err:.3g}"


# ---------------------------------------------------------------------------------------------
# The lecture's experiment


def _within_printed_precision(value: float, printed: str) -> bool:
    return abs(value - float(printed)) <= 10.0 ** -len(printed.split(".")[1])


@pytest.mark.parametrize("method", ["gd", "momentum", "nesterov"])
def test_reference_reproduces_the_lecture_figures(method):
    traj = ref.optimize(method, ref.lecture_objective_grad, np.array(ref.LECTURE_X0), ref.LECTURE_LR,
                        n_iter=ref.LECTURE_N_ITER)
    assert traj.shape == (ref.LECTURE_N_ITER + 1, 2)
    assert np.array_equal(traj[0], ref.LECTURE_X0)
    printed = ref.LECTURE_FIGURES[method]
    assert all(_within_printed_precision(x, p) for x, p in zip(traj[-1], printed)), (traj[-1], printed)


@pytest.mark.parametrize("method", ["gd", "momentum", "nesterov"])
def test_the_slides_objective_reproduces_no_figure(method):
    traj = ref.optimize(method, ref.slide_objective_grad, np.array(ref.LECTURE_X0), ref.LECTURE_LR,
                        n_iter=ref.LECTURE_N_ITER)
    printed = ref.LECTURE_FIGURES[method]
    assert not all(_within_printed_precision(x, p) for x, p in zip(traj[-1], printed)), (traj[-1], printed)


def test_lecture_objective_grad_is_the_gradient():
    rng = np.random.default_rng(2)
    for _ in range(5):
        x, h = rng.normal(size=2) * 3, 1e-6
        numeric = [(ref.lecture_objective(x + h * e) - ref.lecture_objective(x - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(ref.lecture_objective_grad(x), numeric, rtol=1e-7, atol=1e-7)


# ---------------------------------------------------------------------------------------------
# Variants are really wrong


VARIANTS = A.misconceptions
QUESTIONS = ["sgd_step", "momentum_step", "nesterov_step", "adagrad_step", "rmsprop_step",
             "adam_step", "adamw_step", "optimize"]


def _quadratic(rng, n):
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    a = (q * rng.uniform(0.5, 4.0, size=n)) @ q.T
    b = rng.normal(size=n)
    return lambda x: (a @ np.asarray(x, dtype=float).reshape(-1) - b).reshape(np.shape(x))


def _probes(question: str, rng) -> list[tuple[tuple, dict]]:
    """Random calls of one question: ordinary, tiny-gradient and non-default-hyperparameter ones."""
    shape = (3, 4)
    w, g = rng.normal(size=shape), rng.normal(size=shape)
    tiny = 1e-4 * rng.normal(size=shape)
    pos = rng.normal(size=shape) ** 2 + 0.1
    small_pos = (1e-4 * rng.normal(size=shape)) ** 2
    st = 0.3 * rng.normal(size=shape)
    zero = np.zeros(shape)
    if question == "sgd_step":
        return [((w, g), {}), ((w, g), {"lr": 0.3})]
    if question == "momentum_step":
        return [((w, g, zero), {}), ((w, g, st), {}), ((w, g, st), {"lr": 0.1, "momentum": 0.5})]
    if question == "nesterov_step":
        fn = _quadratic(rng, w.size)
        return [((w, st, fn), {}), ((w, st, fn), {"lr": 0.1, "momentum": 0.5})]
    if question in ("adagrad_step", "rmsprop_step"):
        return [((w, g, pos), {}), ((w, tiny, zero), {}), ((w, tiny, small_pos), {}), ((w, g, pos), {"lr": 0.3})]
    if question in ("adam_step", "adamw_step"):
        extra = {"weight_decay": 0.3} if question == "adamw_step" else {}
        return [((w, g, zero, zero, 1), {}), ((w, g, st, pos, 5), {}), ((w, tiny, zero, zero, 1), {}),
                ((w, tiny, 1e-4 * st, small_pos, 7), {}), ((w, g, st, pos, 3), {"lr": 0.1, "beta1": 0.7, **extra})]
    if question == "optimize":
        fn, x0 = _quadratic(rng, 3), rng.normal(size=3)
        lrs = {"gd": 0.05, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.3, "rmsprop": 0.01, "adam": 0.05}
        calls = [((m, fn, x0, lr), {"n_iter": 20}) for m, lr in lrs.items()]
        return calls + [(("momentum", fn, x0, 0.05), {"n_iter": 20, "momentum": 0.5}),
                        (("adam", fn, x0, 0.05), {"n_iter": 20, "beta1": 0.6})]
    raise KeyError(question)


def _copy_args(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _differs(variant, reference, args, kwargs) -> bool:
    """True if the variant modifies an input or its output is not close to the reference's."""
    expected = reference(*_copy_args(args), **kwargs)
    given = _copy_args(args)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = variant(*given, **kwargs)
        except Exception:  # noqa: BLE001 - a crash differs too
            return True
    if any(isinstance(a, np.ndarray) and not np.array_equal(a, b) for a, b in zip(given, args)):
        return True
    try:
        checks.assert_close(out, expected, rtol=1e-6, atol=1e-9)
    except AssertionError:
        return True
    return False


def test_questions_in_the_notebooks_order():
    assert [q.name for q in A.questions] == QUESTIONS and A.order == QUESTIONS


def test_variants_cover_the_required_misconceptions():
    ids = {m.id for m in VARIANTS}
    assert len(ids) == len(VARIANTS), "variant ids must be unique"
    assert {m.replaces for m in VARIANTS} <= set(QUESTIONS)
    for required in ["momentum_exponential_average", "nesterov_gradient_at_w", "nesterov_keras_form",
                     "adagrad_no_sqrt", "adagrad_eps_outside_sqrt", "rmsprop_accumulates_like_adagrad",
                     "adam_no_bias_correction", "adam_bias_correction_off_by_one", "adam_betas_swapped",
                     "adam_eps_inside_sqrt", "sgd_in_place", "adam_in_place", "adamw_decay_after_adam",
                     "adamw_decay_without_lr"]:
        assert required in ids
    for m in VARIANTS:
        params = list(inspect.signature(m.impl).parameters)
        assert params == list(inspect.signature(getattr(ref, m.replaces)).parameters), m.id


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda m: m.id)
def test_variant_differs_from_reference_on_random_inputs(variant):
    reference = getattr(ref, variant.replaces)
    for seed in range(3):
        rng = np.random.default_rng(seed)
        if any(_differs(variant.impl, reference, a, k) for a, k in _probes(variant.replaces, rng)):
            continue
        pytest.fail(f"{variant.id} agrees with the reference on every probe (seed {seed})")
