"""08_keras_mlp: the reference model reaches the required accuracy on held-out digits in a few
seconds, its plot has the two labelled curves, the assignment's tests are well formed, and through
the sandboxed engine the reference earns full marks, the blank notebook nothing, and every
known-wrong variant pasted after the reference loses points and is named."""

from __future__ import annotations

import importlib.util
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pytest

from autograder import checks
from autograder.testing import load_test_file

ROOT = Path(__file__).resolve().parents[1]
AID = "08_keras_mlp"
QUESTIONS = ["build_model", "train", "plot_metric"]

pytestmark = pytest.mark.keras


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # inspect.getsource needs the module of a function
    spec.loader.exec_module(module)
    return module


def _variants():
    module = _load(ROOT / "solutions" / AID / "variants.py", f"variants_{AID}_project_test")
    return [v.__misconception__ for v in vars(module).values() if hasattr(v, "__misconception__")]


VARIANTS = _variants()


@pytest.fixture(scope="module")
def ref():
    pytest.importorskip("keras")
    pytest.importorskip("sklearn")
    import matplotlib

    matplotlib.use("Agg")
    return _load(ROOT / "solutions" / AID / "solution.py", f"reference_{AID}_project_test")


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
    """The hidden test's data (random labels on the last 40%) makes val_loss rise at once."""
    import keras

    X, y = _digits()
    rng = np.random.default_rng(5)
    order = rng.permutation(len(y))[:1200]
    X_mix, y_mix = X[order], y[order].copy()
    y_mix[720:] = rng.integers(0, 10, size=480)
    keras.utils.set_random_seed(1)
    history = ref.train(ref.build_model(), X_mix, y_mix)
    assert len(history.epoch) < 20 < history.params["epochs"]


# --- the test files ------------------------------------------------------------------------------

def _test_cases():
    cases = []
    for kind, folder in (("public", ROOT / "assignments" / AID / "tests"), ("hidden", ROOT / "solutions" / AID / "tests")):
        for path in sorted(folder.glob("*.py")):
            question, found, requires = load_test_file(path)
            cases += [(kind, question, tc, requires) for tc in found]
    return cases


def test_test_files_are_well_formed():
    cases = _test_cases()
    assert {q for _, q, _, _ in cases} == set(QUESTIONS)
    for q in QUESTIONS:
        public = [c for kind, name, c, _ in cases if name == q and kind == "public"]
        hidden = [c for kind, name, c, _ in cases if name == q and kind == "hidden"]
        assert 1 <= len(public) <= 3 and hidden
        assert all(c.points == 1 and not c.hidden for c in public)
        assert all(2 <= c.points <= 4 and c.hidden for c in hidden)
        assert sum(c.points for c in hidden) > sum(c.points for c in public)
    assert all(requires == {"keras"} for kind, _, _, requires in cases if kind == "hidden")
    for path in (ROOT / "assignments" / AID).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import autograder" not in text and "from autograder" not in text, f"{path} must not use autograder"
    toml = tomllib.loads((ROOT / "assignments" / AID / "assignment.toml").read_text(encoding="utf-8"))
    assert [q["name"] for q in toml["questions"]] == QUESTIONS and toml["keras"] is True
    assert toml["limits"]["memory_mb"] >= 4096 and toml["limits"]["call_seconds"] >= 60


def test_variants_never_load_keras_into_the_grader():
    text = (ROOT / "solutions" / AID / "variants.py").read_text(encoding="utf-8")
    top_level = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert not any("keras" in line or "matplotlib" in line or "tensorflow" in line for line in top_level)
    for path in (ROOT / "solutions" / AID / "tests").glob("*.py"):
        body = path.read_text(encoding="utf-8")
        assert "import keras" not in body and "import tensorflow" not in body, path


def test_variants_are_declared():
    ids = [v.id for v in VARIANTS]
    assert len(ids) == len(set(ids))
    assert {"keras_no_softmax", "keras_categorical_crossentropy_integer_labels", "keras_no_validation_split",
            "keras_no_early_stopping", "keras_plot_training_curve_only"} <= set(ids)
    for v in VARIANTS:
        assert v.replaces in QUESTIONS and v.detect is not None and v.ko.strip() and v.en.strip()


def test_hidden_plot_tests_pass_on_the_reference_in_process(ref):
    """The plot tests read the figure through attributes and method calls only, so they run on a
    local namespace too (a dict: `env.module` falls back to importlib)."""
    namespace = dict(vars(ref))
    for kind, question, tc, _ in _test_cases():
        if kind == "hidden" and question == "plot_metric":
            token = checks.use_context(checks.TestContext(seed=b"plot" + tc.name.encode(), hidden=True))
            try:
                tc.run(namespace)
            finally:
                checks.reset_context(token)


# --- through the engine --------------------------------------------------------------------------

def _grade(zygote, tmp_path, source: str, name: str, only=None):
    from autograder.grading import grade
    from conftest import load

    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    return grade(load(AID), path, zygote, only=only)


@pytest.mark.slow
def test_reference_source_scores_full_marks_through_the_engine(zygote, tmp_path):
    result = _grade(zygote, tmp_path, (ROOT / "solutions" / AID / "solution.py").read_text(encoding="utf-8"), "reference")
    assert [(t.name, t.en[:200]) for t in result.tests if not t.passed] == []
    assert result.score == result.max_score > 0 and not any(t.diagnosis for t in result.tests)
    accuracy = next(t for t in result.tests if t.name.endswith("test_accuracy_on_held_out_digits"))
    assert accuracy.seconds < 60  # at most two trainings, well under call_seconds
    assert result.seconds < 120


@pytest.mark.slow
def test_blank_notebook_scores_zero_through_the_engine(zygote):
    from autograder.grading import grade
    from conftest import load

    a = load(AID)
    result = grade(a, a.notebook, zygote)
    assert result.status == "graded" and result.score == 0
    assert all(c["ok"] for c in result.cells), result.cells


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_every_variant_pasted_after_the_reference_loses_points_and_is_named(variant, zygote, tmp_path):
    from autograder.authoring import variant_source

    source = (ROOT / "solutions" / AID / "solution.py").read_text(encoding="utf-8") + "\n\n" + variant_source(variant)
    result = _grade(zygote, tmp_path, source, variant.id, only=[variant.replaces])
    assert result.status == "graded" and result.score < result.max_score, f"{variant.id} must lose points"
    named = {t.diagnosis for t in result.tests if t.diagnosis}
    assert named == {variant.id}, f"{variant.id}: named {sorted(named)}"
