"""07_regularization: the penalties are Keras's regularizers and their gradients TensorFlow's,
weight_decay_step is Keras's SGD with decoupled decay, EarlyStopping decides (stop epoch, best,
wait, restored weights) exactly as keras.callbacks.EarlyStopping on many random loss curves; the
questions come in the notebook's order; correct code in other styles passes the assignment's tests;
every function variant really differs from the reference. (Every assignment's tests are checked
for form, for the reference passing them and for every variant failing them in
tests/test_hidden_tests.py; the reference notebook's full marks and every variant losing points
and being named, through the sandboxed engine, in tests/test_validate.py (autograder validate).)"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.grader import checks
from autograder.course.assignments import Assignment
from conftest import ROOT
from harness import cases, differs, failures, reference_namespace

AID = "07_regularization"
QUESTIONS = ["l2_penalty", "l2_grad", "l1_penalty", "l1_grad", "weight_decay_step", "early_stopping"]
A = Assignment.load(AID, ROOT)
ref = A.reference


# --- against Keras / TensorFlow ------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def _weight_lists():
    rng = np.random.default_rng(7)
    return [[rng.normal(size=(3, 4)), rng.normal(size=5)], [rng.normal(size=(2, 3, 2))],
            [np.array([0.0, -0.0, 1.0, -2.0])]]


@pytest.mark.keras
@pytest.mark.parametrize("lam", [0.01, 0.3])
def test_penalties_are_keras_regularizers(keras, lam):
    for ws in _weight_lists():
        l2 = sum(float(keras.ops.convert_to_numpy(keras.regularizers.L2(lam)(w))) for w in ws)
        l1 = sum(float(keras.ops.convert_to_numpy(keras.regularizers.L1(lam)(w))) for w in ws)
        np.testing.assert_allclose(ref.l2_penalty(ws, lam), l2, rtol=1e-6)
        np.testing.assert_allclose(ref.l1_penalty(ws, lam), l1, rtol=1e-6)


@pytest.mark.keras
def test_gradients_are_tensorflows(keras):
    tf = pytest.importorskip("tensorflow")
    lam = 0.25
    for ws in _weight_lists():
        for w in ws:
            for reg, mine in ((keras.regularizers.L2(lam), ref.l2_grad), (keras.regularizers.L1(lam), ref.l1_grad)):
                v = tf.Variable(w.astype(np.float64))
                with tf.GradientTape() as tape:
                    y = reg(v)
                np.testing.assert_allclose(mine(w, lam), tape.gradient(y, v).numpy(), rtol=1e-12, atol=0)
    assert np.array_equal(ref.l1_grad(np.array([0.0, -0.0]), 1.0), [0.0, 0.0])


@pytest.mark.keras
def test_weight_decay_step_is_keras_sgd_with_decoupled_decay(keras):
    """Keras's SGD(weight_decay=wd) does w -= lr*wd*w, then w -= lr*g: lam = lr*wd."""
    rng = np.random.default_rng(3)
    lr, lam = 0.5, 0.125  # wd = lam / lr = 0.25, exact in float32
    w = rng.normal(size=(4, 3))
    var = keras.Variable(w.copy(), dtype="float64")
    opt = keras.optimizers.SGD(learning_rate=lr, weight_decay=lam / lr)
    for _ in range(10):
        g = rng.normal(size=w.shape)
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w = ref.weight_decay_step(w, g, lr, lam)
        np.testing.assert_allclose(np.asarray(var.numpy()), w, rtol=1e-12, atol=1e-14)


class _FakeModel:
    """What EarlyStopping uses of a model: get_weights, set_weights, stop_training."""

    def __init__(self):
        self.current, self.restored, self.stop_training = None, None, False

    def get_weights(self):
        return [np.array(w, copy=True) for w in self.current]

    def set_weights(self, weights):
        self.restored = [np.array(w, copy=True) for w in weights]


def _keras_run(keras, curve, weights, patience, min_delta, restore):
    cb = keras.callbacks.EarlyStopping(monitor="val_loss", mode="min", patience=patience, min_delta=min_delta,
                                       restore_best_weights=restore)
    model = _FakeModel()
    cb.set_model(model)
    cb.on_train_begin()
    stop_epoch = None
    for epoch, loss in enumerate(curve):
        model.current = weights[epoch]
        cb.on_epoch_end(epoch, {"val_loss": loss})
        if model.stop_training:
            stop_epoch = epoch
            break
    cb.on_train_end()
    return stop_epoch, cb, model.restored


def _ref_run(curve, weights, patience, min_delta, restore):
    es = ref.EarlyStopping(patience=patience, min_delta=min_delta, restore_best_weights=restore)
    stop_epoch = None
    for epoch, loss in enumerate(curve):
        if es.update(epoch, loss, weights[epoch]):
            stop_epoch = epoch
            break
    return stop_epoch, es


def _random_curve(rng, n, grid: bool):
    t = np.arange(n)
    loss = 0.3 + 2.0 * np.exp(-t / rng.uniform(2.0, 12.0)) + rng.normal(scale=rng.uniform(0.002, 0.08), size=n)
    loss = np.abs(loss)
    if grid:  # multiples of 1/1024: exact in float32, where Keras compares
        loss = np.round(loss * 1024) / 1024
    for i in range(1, n):
        if rng.random() < 0.2:
            loss[i] = loss[i - 1]
    return [float(v) for v in loss]


@pytest.mark.keras
@pytest.mark.parametrize("grid", [True, False], ids=["grid-curves", "continuous-curves"])
def test_early_stopping_decides_as_keras_on_random_curves(keras, grid):
    rng = np.random.default_rng(11 if grid else 12)
    stops = 0
    for _ in range(300):
        n = int(rng.integers(2, 40))
        curve = _random_curve(rng, n, grid)
        weights = [[rng.normal(size=(2, 3)), rng.normal(size=3)] for _ in range(n)]
        patience = int(rng.integers(0, 8))
        min_delta = float(rng.choice([0.0, 1.0, 2.0, 4.0, 16.0, 64.0])) / 1024
        restore = bool(rng.random() < 0.5)
        k_stop, cb, restored = _keras_run(keras, curve, weights, patience, min_delta, restore)
        r_stop, es = _ref_run(curve, weights, patience, min_delta, restore)
        where = f"curve={curve}, patience={patience}, min_delta={min_delta}, restore={restore}"
        assert r_stop == k_stop, where
        assert es.stopped_epoch == cb.stopped_epoch and es.wait == cb.wait and es.best == float(cb.best), where
        assert es.best_epoch == cb.best_epoch, where
        if restore:
            checks.assert_close(es.best_weights, restored, rtol=0, atol=0)
        else:
            assert es.best_weights is None and restored is None, where
        stops += k_stop is not None
    assert 50 < stops < 280  # both outcomes are well represented


@pytest.mark.keras
def test_early_stopping_min_delta_edge_cases_as_keras(keras):
    cases = [([1.0, 0.75], 0, 0.25), ([1.0, 0.75 - 2**-20], 0, 0.25), ([0.5, 0.5], 0, 0.0), ([0.5, 0.5, 0.5], 1, 0.0),
             ([1.0, 0.96, 0.92, 0.89, 0.88], 3, 0.1 + 2**-10), ([1.0, 2.0, 3.0, 0.5, 0.6, 0.7], 2, 0.0)]
    for curve, patience, md in cases:
        weights = [[np.array([float(i)])] for i in range(len(curve))]
        for restore in (False, True):
            k_stop, cb, restored = _keras_run(keras, curve, weights, patience, md, restore)
            r_stop, es = _ref_run(curve, weights, patience, md, restore)
            assert (r_stop, es.best, es.wait) == (k_stop, cb.best, cb.wait), (curve, patience, md)
            if restore:
                checks.assert_close(es.best_weights, restored, rtol=0, atol=0)


# --- the assignment's tests, other correct styles and the variants ------------------------------

def test_questions_in_the_notebooks_order():
    assert [q.name for q in A.questions] == QUESTIONS and A.order == QUESTIONS and A.keras is False


def _other_styles() -> dict:
    """Correct code in other styles: norms squared, loops, np.where for the sign, a decay written as
    w - lam*w - lr*g, and an EarlyStopping that starts from best=None, keeps its own attribute
    names, tests `best - val_loss > min_delta` once and derives the wait and the stop from it."""

    def l2_penalty(ws, lam):
        return lam * sum(np.linalg.norm(np.ravel(w)) ** 2 for w in ws) if ws else 0.0

    def l2_grad(w, lam):
        return lam * w + lam * w

    def l1_penalty(ws, lam):
        total = 0.0
        for w in ws:
            for v in np.ravel(w):
                total += abs(v)
        return lam * total

    def l1_grad(w, lam):
        return np.where(w > 0, lam, np.where(w < 0, -lam, 0.0))

    def weight_decay_step(w, g, lr, lam):
        return w - lam * w - lr * g

    class EarlyStopping:
        def __init__(self, patience=0, min_delta=0.0, restore_best_weights=False):
            self.patience, self.min_delta, self.restore = patience, min_delta, restore_best_weights
            self.best, self.wait, self.stopped_epoch, self.best_weights = None, 0, 0, None

        def update(self, epoch, val_loss, weights):
            improved = self.best is None or self.best - val_loss > self.min_delta
            self.wait = 0 if improved else self.wait + 1
            if improved:
                self.best = val_loss
                self.best_weights = [w.copy() for w in weights] if self.restore else None
            stop = not improved and self.wait >= self.patience
            self.stopped_epoch = epoch if stop else self.stopped_epoch
            return stop

    return {k: v for k, v in locals().items() if k in QUESTIONS or k == "EarlyStopping"}


@pytest.mark.parametrize("seed", [b"x", b"y", b"z"])
def test_correct_code_in_other_styles_passes(seed):
    assert failures(reference_namespace(AID, **_other_styles()), cases(AID), seed) == []


def test_variants_are_declared():
    ids = [v.id for v in A.misconceptions]
    assert len(ids) == len(set(ids))
    assert {"l2_grad_missing_factor_2", "l1_grad_not_zero_at_zero", "weight_decay_times_lr",
            "es_plateau_counts_as_improvement", "es_patience_off_by_one", "es_ignores_min_delta"} <= set(ids)
    for v in A.misconceptions:
        assert v.replaces in QUESTIONS or v.replaces == "EarlyStopping"
        assert isinstance(v.impl, type) == (v.replaces == "EarlyStopping")
        assert v.detect is None  # functions and classes alike are diagnosed by replay


@pytest.mark.parametrize("variant", [v for v in A.misconceptions if not isinstance(v.impl, type)], ids=lambda v: v.id)
def test_every_function_variant_differs_from_the_reference(variant):
    """Directly: on weights with a zero the variant returns something else or changes its inputs."""
    rng = np.random.default_rng(0)
    w, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    w[0, 0] = 0.0
    probe = {"l2_penalty": lambda w, g: ([w, g], 0.1), "l1_penalty": lambda w, g: ([w, g], 0.1),
             "l2_grad": lambda w, g: (w, 0.1), "l1_grad": lambda w, g: (w, 0.1),
             "weight_decay_step": lambda w, g: (w, g, 0.1, 0.01)}[variant.replaces]
    w_copy, g_copy = w.copy(), g.copy()
    with np.errstate(all="ignore"):
        got = variant.impl(*probe(w_copy, g_copy))
    want = getattr(ref, variant.replaces)(*probe(w, g))
    assert differs(got, want) or differs((w_copy, g_copy), (w, g)), f"{variant.id} agrees with the reference"
