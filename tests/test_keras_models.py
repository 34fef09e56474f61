"""Keras questions grade a model only as data rebuilt in trusted code (issue 12 item 2, issue 13).

A model crosses from the student's process as its architecture, compile settings and weights; the
grader's Keras evaluator (a separate process that never runs student code) rebuilds, trains and
evaluates it. Proven here: an object that is not a Keras model scores zero on 01's and 08's model
questions; Lambda layers, notebook-defined layers and forged configurations naming foreign
modules are refused with a clear message and score zero; held-out digits never reach the student's
process; the reference and the bundled examples still get full marks and the wrong example still
loses points with its mistakes named; training in the evaluator is reproducible under a seed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.course.authoring import reference_notebook, variant_source
from autograder.grader import checks, keras_config
from autograder.grader.grading import grade
from conftest import ROOT, load, question_score, reference_source

pytestmark = pytest.mark.keras

FAKE_XOR = '''

class FakeXOR:
    """Computes XOR by hand and pretends to be a model."""

    def fit(self, X, y, **kwargs):
        return self

    def predict(self, X, verbose=0):
        X = np.asarray(X)
        return (np.logical_xor(X[:, 0] > 0.5, X[:, 1] > 0.5)).astype("float32").reshape(-1, 1) * 0.98 + 0.01

    def to_json(self):
        return "{}"


def build_xor_model():
    return FakeXOR()
'''

LOOKUP_DIGITS = '''

from sklearn.datasets import load_digits as _load_digits


class LookupModel:
    """Answers every digit of scikit-learn's bundled set from a table: 100% 'accuracy'."""

    def __init__(self):
        digits = _load_digits()
        self.table = {((row / 16.0).astype(np.float32)).tobytes(): label for row, label in zip(digits.data, digits.target)}
        self.loss = "sparse_categorical_crossentropy"

    def predict(self, X, verbose=0):
        out = np.full((len(X), 10), 0.1, dtype=np.float32)
        for i, row in enumerate(np.asarray(X, dtype=np.float32)):
            label = self.table.get(row.tobytes())
            if label is not None:
                out[i] = 0.0
                out[i, label] = 1.0
        return out

    def fit(self, X, y, **kwargs):
        return FakeHistory(5)

    def evaluate(self, X, y, verbose=0):
        return [0.0, 1.0]


class FakeHistory:
    def __init__(self, n):
        self.history = {"loss": [1.0 - 0.1 * i for i in range(n)], "accuracy": [0.5 + 0.1 * i for i in range(n)],
                        "val_loss": [1.0] * n, "val_accuracy": [0.5] * n}
        self.epoch = list(range(n))
        self.params = {"epochs": 50}


def build_model():
    return LookupModel()


def train(model, X, y):
    return FakeHistory(6)
'''

LAMBDA_XOR = '''

def build_xor_model():
    import keras

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation="tanh"),
                              keras.layers.Lambda(lambda h: h * 2.0), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    return model
'''

CUSTOM_LAYER_XOR = '''

import keras


class Doubling(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


def build_xor_model():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation="tanh"), Doubling(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    return model
'''

# The student's code owns its process: it can replace the exporter and send any "model data".
FORGED_XOR = '''

import json as _json
import sys as _sys

_FORGED = {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 2], "name": "i"}},
    {"module": "os", "class_name": "system", "config": {"command": "touch /tmp/pwned"}, "registered_name": None},
    {"module": "keras.layers", "class_name": "Dense", "config": {"units": 1, "activation": "sigmoid", "name": "d"}}]}}


def _forged_export(obj):
    return {"architecture": _json.dumps(_FORGED), "compile": "null", "weights": []}


_sys.modules["autograder.sandbox.student"].export_keras = _forged_export


def build_xor_model():
    return object()
'''


def _keras_tests(result, question):
    return [t for t in result.tests if t.question == question]


@pytest.fixture
def grade_py(zygote, tmp_path):
    """grade_py(source, assignment_id, only=[questions]) -> SubmissionResult of a .py submission"""

    def run(source: str, assignment_id: str, only=None):
        path = tmp_path / "submission.py"
        path.write_text(source, encoding="utf-8")
        return grade(load(assignment_id), path, zygote, only=only)

    return run


# --- not a model: zero --------------------------------------------------------------------------

def test_fake_xor_class_scores_zero(grade_py):
    result = grade_py(reference_source("01_xor_gates") + FAKE_XOR, "01_xor_gates", only=["build_xor_model"])
    got, total = question_score(result, "build_xor_model")
    assert total == 7 and got == 0, [(t.name, t.en[:200]) for t in _keras_tests(result, "build_xor_model")]
    for t in _keras_tests(result, "build_xor_model"):  # the public test too: it sees only the rebuilt model
        assert "not a Keras model" in t.en and "Keras 모델이 아닙니다" in t.ko, t.en


def test_lookup_table_over_the_digits_scores_zero(grade_py):
    source = reference_source("08_keras_mlp") + LOOKUP_DIGITS
    result = grade_py(source, "08_keras_mlp", only=["build_model", "train"])
    for question in ("build_model", "train"):
        got, total = question_score(result, question)
        assert total > 0 and got == 0, [(t.name, t.en[:200]) for t in _keras_tests(result, question)]
        for t in _keras_tests(result, question):
            assert "not a Keras model" in t.en and "Keras 모델이 아닙니다" in t.ko, t.en


# --- refused: code in the model, or a forged configuration --------------------------------------

@pytest.mark.parametrize("source,needle_en,needle_ko", [
    (LAMBDA_XOR, "Lambda layer carries Python code", "Lambda 층은 파이썬 코드를"),
    (CUSTOM_LAYER_XOR, "Doubling is not one of Keras's built-in classes", "Doubling은(는) Keras의 내장 클래스가 아닙니다"),
    (FORGED_XOR, "system is not one of Keras's built-in classes (module os)", "모듈 os"),
], ids=["lambda", "custom-layer", "forged-module"])
def test_code_in_a_model_is_refused_and_scores_zero(grade_py, source, needle_en, needle_ko):
    result = grade_py(reference_source("01_xor_gates") + source, "01_xor_gates", only=["build_xor_model"])
    tests = _keras_tests(result, "build_xor_model")
    assert sum(t.score for t in tests) == 0
    for t in tests:
        assert needle_en in t.en and needle_ko in t.ko, t.en
    assert not Path("/tmp/pwned").exists()


def _walk(config):
    classes = {"Sequential", "Dense", "InputLayer", "Adam", "DTypePolicy", "GlorotUniform", "Zeros"}
    keras_config.refusal(config, classes, {"keras.losses.binary_crossentropy"})


def _layer(**fields):
    return {"module": "keras", "class_name": "Sequential", "config": {"layers": [fields]}}


@pytest.mark.parametrize("config,needle", [
    (_layer(module="keras.layers", class_name="Lambda", config={}), "Lambda layer"),
    (_layer(module="keras.layers", class_name="Dense", config={"function": {"class_name": "__lambda__"}}), "holds code"),
    (_layer(module="keras.layers", class_name="Dense", config={"activation": {"value": ["4wEAAA==", None, None]}}),
     "stored as code"),
    (_layer(module="builtins", class_name="eval", config="1"), "module builtins"),
    (_layer(module=None, class_name="MyLayer", config={}), "a class defined in your notebook"),
    (_layer(module="keras.layers", class_name="Dense", registered_name="Custom>Dense", config={}), "registered class"),
    (_layer(module="keras.layers", class_name="Conv9D", config={}), "not one of Keras's built-in classes"),
    (_layer(module="keras.losses", class_name="function", config="os.system"), "not a built-in Keras function"),
    (_layer(module="keras.layers", class_name="Dense", config={"units": 10 ** 9}), "too large"),
], ids=["lambda", "function-key", "bytecode-activation", "foreign-module", "notebook-class", "package-prefix",
        "unknown-class", "foreign-function", "huge-layer"])
def test_config_walker_refuses(config, needle):
    with pytest.raises(keras_config.Refused) as info:
        _walk(config)
    assert needle in info.value.en and info.value.ko


def test_config_walker_accepts_builtins():
    _walk(_layer(module="keras.layers", class_name="Dense", config={
        "units": 8, "activation": "tanh", "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                                                  "config": {}, "registered_name": None}}))
    _walk({"loss": {"module": "keras.losses", "class_name": "function", "config": "binary_crossentropy",
                    "registered_name": "binary_crossentropy"}})


@pytest.mark.parametrize("value,needle", [
    (None, "no model data"),
    ({"refused": "not_a_model", "type": "LookupModel"}, "type LookupModel"),
    ({"architecture": 1, "compile": "null", "weights": []}, "malformed"),
    ({"architecture": "{}", "compile": "null", "weights": [np.zeros(3, dtype=np.complex64)]}, "not numeric arrays"),
    ({"architecture": "x" * (keras_config.MAX_ARCHITECTURE + 1), "compile": "null", "weights": []}, "too large"),
    ({"architecture": "{}", "compile": "null", "weights": [np.zeros(keras_config.MAX_WEIGHT_BYTES // 8 + 1)]}, "exceed"),
], ids=["nothing", "refused", "malformed", "complex", "huge-json", "huge-weights"])
def test_exported_data_is_checked_before_the_evaluator(value, needle):
    with pytest.raises(keras_config.Refused) as info:
        keras_config.model_data(value, "build_model()")
    assert needle in info.value.en and info.value.ko


def test_the_evaluator_refuses_forged_data_itself():
    """Data that passes the grader's size checks still meets the evaluator's own walk and checks."""
    from autograder.grader.keras_eval import KerasModel

    lam = {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 2], "name": "i"}},
        {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "l", "function": {
            "class_name": "__lambda__", "config": {"code": "4wEAAA==", "defaults": None, "closure": None}}}}]}}
    for architecture, needle in [(json.dumps(lam), "Lambda"), ("[1, 2]", "not a Keras configuration"),
                                 ("{not json", "not valid JSON")]:
        with pytest.raises(checks.Fail) as info:
            KerasModel(keras_config.ModelData(architecture, "null", ()), "forged()")
        assert needle in info.value.en and info.value.ko


# --- held-out data stays with the grader --------------------------------------------------------

def test_held_out_digits_never_reach_the_student_process(grade_py, monkeypatch):
    """Within each test, no digit the evaluator scores as held out was among the arrays sent to the
    student's process (digits that occur twice in the dataset aside). The notebook itself may load
    the bundled digits: what the grader holds out is a secret split, and it is scored only there."""
    from autograder.grader import keras_eval, student_process

    to_student, to_evaluator = {}, {}  # the test's seed -> blobs sent
    child_request, evaluator_request = student_process.Child.request, keras_eval.EvaluatorProcess.request

    def test_key():
        return checks._context.get().seed

    def spy_child(self, msg, blobs, *args, **kwargs):
        to_student.setdefault(test_key(), []).extend(bytes(b) for b in blobs)
        return child_request(self, msg, blobs, *args, **kwargs)

    def spy_evaluator(self, msg, blobs=(), *args, **kwargs):
        if msg.get("op") == "predict":
            to_evaluator.setdefault(test_key(), []).extend(bytes(b) for b in blobs)
        return evaluator_request(self, msg, blobs, *args, **kwargs)

    monkeypatch.setattr(student_process.Child, "request", spy_child)
    monkeypatch.setattr(keras_eval.EvaluatorProcess, "request", spy_evaluator)
    result = grade_py(reference_source("08_keras_mlp"), "08_keras_mlp", only=["train"])
    assert result.score == result.max_score

    def rows(blob_list):
        return {blob[i:i + 256] for blob in blob_list if len(blob) % 256 == 0 for i in range(0, len(blob), 256)}

    from sklearn.datasets import load_digits

    counts = Counter(row.tobytes() for row in (load_digits().data / 16.0).astype(np.float32))
    checked = 0
    for key, blobs in to_evaluator.items():
        held_out = [b for b in blobs if len(b) == 450 * 64 * 4]
        if not held_out:
            continue
        checked += 1
        sent = rows(to_student.get(key, []))
        assert len(sent) > 1000  # the training split did go there
        leaked = rows(held_out) & sent
        assert all(counts[row] > 1 for row in leaked), f"{len(leaked)} held-out digits were sent to the student process"
    assert checked == 1, "the held-out split was scored by the evaluator, in one test"


# --- correct work keeps its marks; wrong work loses them ---------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", ["01_xor_gates", "08_keras_mlp"])
def test_examples_grade_as_before(assignment_id, zygote):
    a = load(assignment_id)
    correct = grade(a, ROOT / "examples" / assignment_id / "correct.ipynb", zygote)
    assert correct.score == correct.max_score > 0, [(t.name, t.en[:200]) for t in correct.tests if not t.passed]
    wrong = grade(a, ROOT / "examples" / assignment_id / "partly_wrong.ipynb", zygote)
    assert wrong.score < wrong.max_score
    assert any(t.diagnosis for t in wrong.tests)


def test_a_wrong_loss_is_diagnosed_from_the_compile_settings(zygote, tmp_path):
    a = load("08_keras_mlp")
    m = next(m for m in a.misconceptions if m.id == "keras_categorical_crossentropy_integer_labels")
    path = tmp_path / "wrong_loss.ipynb"
    nbformat.write(reference_notebook(a, {m.replaces: variant_source(m)}), path)
    result = grade(a, path, zygote, only=["build_model"])
    failed = [t for t in result.tests if not t.passed]
    assert failed and {t.diagnosis for t in failed} == {m.id}


def test_training_in_the_evaluator_is_reproducible():
    from autograder.course.assignments import Assignment

    model = checks.keras_model(Assignment.load("01_xor_gates", ROOT).reference.build_xor_model(), "build_xor_model()")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0], dtype=np.float32)
    runs = []
    for _ in range(2):
        model.reset(seed=7)
        history = model.fit(X, y, epochs=50, batch_size=4, seed=11)
        runs.append((history.history["loss"], model.predict(X)))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
