"""08_keras_mlp: the reference model reaches the required accuracy on held-out digits in a few
seconds, outputs probabilities for integer labels, stops early on the hidden test's probe, and its
plot has the two labelled curves; the questions come in the notebook's order, all need Keras, and
the limits leave room for TensorFlow; the variants never load Keras into the grader; the hidden plot
tests pass on the reference in process. (Every assignment's tests are checked for form in
tests/test_hidden_tests.py; the reference notebook's full marks, the blank notebook's zero and
every variant losing points and being named, through the sandboxed engine, in
tests/test_assignments.py, which marks this assignment keras and slow there.)"""

from __future__ import annotations

import time

import numpy as np
import pytest

from autograder.course.assignments import Assignment
from conftest import ROOT
from harness import cases, failures, reference_namespace

AID = "08_keras_mlp"
QUESTIONS = ["build_model", "train", "plot_metric"]
A = Assignment.load(AID, ROOT)

pytestmark = pytest.mark.keras


@pytest.fixture(scope="module")
def ref():
    pytest.importorskip("keras")
    pytest.importorskip("sklearn")
    import matplotlib

    matplotlib.use("Agg")
    return A.reference


def _digits():
    from sklearn.datasets import load_digits

    digits = load_digits()
    return (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64)


# --- the reference in process --------------------------------------------------------------------

@pytest.mark.slow
def test_reference_reaches_the_threshold_quickly_on_held_out_splits(ref):
    import keras

    X, y = _digits()
    for seed in range(3):
        order = np.random.default_rng(100 + seed).permutation(len(y))
        test, train = order[:450], order[450:]
        keras.utils.set_random_seed(seed)
        model = ref.build_model()
        start = time.monotonic()
        history = ref.train(model, X[train], y[train])
        seconds = time.monotonic() - start
        accuracy = float(np.mean(np.argmax(model.predict(X[test], verbose=0), axis=1) == y[test]))
        assert accuracy >= 0.95, (seed, accuracy)
        assert seconds < 30, f"train took {seconds:.1f} s"
        assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        assert 1 <= len(history.epoch) <= 50 and history.params["epochs"] == 50


def test_reference_model_outputs_probabilities_and_uses_integer_labels(ref):
    model = ref.build_model()
    assert model.loss == "sparse_categorical_crossentropy"
    p = np.asarray(model.predict(np.random.default_rng(0).uniform(size=(6, 64)).astype(np.float32), verbose=0))
    assert p.shape == (6, 10) and np.all(p >= 0) and np.allclose(p.sum(axis=1), 1, atol=1e-5)


def test_reference_plot_has_the_two_labelled_curves(ref):
    import keras
    import matplotlib.pyplot as plt

    history = keras.callbacks.History()
    history.history = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.8],
                       "accuracy": [0.5, 0.8, 0.9], "val_accuracy": [0.4, 0.7, 0.7]}
    for metric in ("loss", "accuracy"):
        fig = ref.plot_metric(history, metric)
        handles, labels = fig.axes[0].get_legend_handles_labels()
        assert labels == [metric, "val_" + metric]
        assert [list(h.get_ydata()) for h in handles] == [history.history[metric], history.history["val_" + metric]]
        plt.close(fig)


def test_the_early_stopping_probe_stops_the_reference_early(ref):
    """The hidden test's data (800 digits, random labels on the last 40%) makes val_loss rise at once,
    and the restored weights have learnt the learnable 60% well above the test's 0.6."""
    import keras

    X, y = _digits()
    rng = np.random.default_rng(5)
    order = rng.permutation(len(y))[:800]
    X_mix, y_mix = X[order], y[order].copy()
    y_mix[480:] = rng.integers(0, 10, size=320)
    keras.utils.set_random_seed(1)
    model = ref.build_model()
    history = ref.train(model, X_mix, y_mix)
    assert len(history.epoch) < 20 < history.params["epochs"]
    learnt = float(np.mean(np.argmax(model.predict(X_mix[:480], verbose=0), axis=1) == y_mix[:480]))
    assert learnt >= 0.75, learnt


# --- the assignment's tests and the variants -----------------------------------------------------

def test_questions_in_the_notebooks_order_all_needing_keras():
    assert [q.name for q in A.questions] == QUESTIONS and A.order == QUESTIONS and A.keras is True
    assert all(q.requires == {"keras"} for q in A.questions)
    assert A.limits["memory_mb"] >= 4096 and A.limits["call_seconds"] >= 60


def test_variants_never_load_keras_into_the_grader():
    text = (A.private_dir / "variants.py").read_text(encoding="utf-8")
    top_level = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert not any("keras" in line or "matplotlib" in line or "tensorflow" in line for line in top_level)
    for path in (A.private_dir / "tests").glob("*.py"):
        body = path.read_text(encoding="utf-8")
        assert "import keras" not in body and "import tensorflow" not in body, path


def test_variants_are_declared():
    ids = [v.id for v in A.misconceptions]
    assert len(ids) == len(set(ids))
    assert {"keras_no_softmax", "keras_categorical_crossentropy_integer_labels", "keras_no_validation_split",
            "keras_no_early_stopping", "keras_plot_training_curve_only"} <= set(ids)
    for v in A.misconceptions:
        assert v.replaces in QUESTIONS and v.detect is not None


def test_hidden_plot_tests_pass_on_the_reference_in_process(ref):
    """The plot tests read the figure through attributes and method calls only, so they run on a
    local namespace too (a dict: `env.module` falls back to importlib)."""
    plot_tests = [tc for tc in cases(AID, hidden=True, with_keras=True) if tc.question == "plot_metric"]
    assert plot_tests and failures(reference_namespace(AID), plot_tests, b"plot") == []
