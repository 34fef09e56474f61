"""Diagnoses a teaching assistant would sign: mistakes from real student code (CS231n solutions
adapted to this course) are named, a mistake combined with an in-place update names both, two
variants that fit the same calls name neither (never a wrong one), and NumPy 1 code gets the
NumPy 2 spelling."""

from __future__ import annotations

import numpy as np

from autograder.grader.diagnosis import Misconception, diagnose
from autograder.grader.numpy_hints import hint
from autograder.grader.remote import CallRecord
from conftest import reference_source


def _diagnoses(result, question=None) -> set[str]:
    return {t.diagnosis for t in result.tests if t.diagnosis and (question is None or t.question == question)}


def _with(assignment_id: str, code: str) -> str:
    return reference_source(assignment_id) + "\n\n" + code


def test_constant_exponent_is_named_and_never_taken_for_off_by_one(grade_source):
    result = grade_source(_with("04_optimizers", '''
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    mt = m / (1 - beta1**2)
    vt = v / (1 - beta2**2)
    return w - lr * mt / (np.sqrt(vt) + eps), m, v
'''))
    named = _diagnoses(result, "adam_step")
    assert named == {"adam_bias_correction_constant_exponent"}, named


def test_off_by_one_is_still_named(grade_source):
    result = grade_source(_with("04_optimizers", '''
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return w - lr * (m / (1 - beta1 ** (t + 1))) / (np.sqrt(v / (1 - beta2 ** (t + 1))) + eps), m, v
'''))
    assert _diagnoses(result, "adam_step") == {"adam_bias_correction_off_by_one"}


def test_momentum_pytorch_form_in_place_names_both(grade_source):
    result = grade_source(_with("04_optimizers", '''
def momentum_step(w, g, v, lr=0.01, momentum=0.9):
    v = momentum * v + g
    w += -lr * v
    return w, v
'''))
    assert "momentum_velocity_without_lr+in_place" in _diagnoses(result, "momentum_step")
    test = next(t for t in result.tests if t.diagnosis == "momentum_velocity_without_lr+in_place")
    assert "PyTorch" in test.diagnosis_en and "in place" in test.diagnosis_en
    assert "PyTorch" in test.diagnosis_ko and "제자리" in test.diagnosis_ko


def test_adam_without_bias_correction_in_place_names_both(grade_source):
    result = grade_source(_with("04_optimizers", '''
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    w -= lr * m / (np.sqrt(v) + eps)
    return w, m, v
'''))
    named = _diagnoses(result, "adam_step")
    assert named and named <= {"adam_no_bias_correction+adam_in_place"}, named


def test_mask_that_keeps_everything_is_not_backward_without_scale(grade_source):
    result = grade_source(_with("05_dropout", '''
class Dropout:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate")
        self.rate, self.rng, self.mask = rate, np.random.default_rng(seed), None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        p = 1 - self.rate
        self.mask = self.rng.random(x.shape) < p / p
        return x * self.mask

    def backward(self, dout):
        return dout.copy() if self.mask is None else dout * self.mask
'''), "05_dropout")
    assert result.score < result.max_score
    assert _diagnoses(result) == {"dropout_mask_keeps_everything"}, _diagnoses(result)


def test_mask_shared_across_the_batch_is_named(grade_source):
    result = grade_source(_with("05_dropout", '''
class Dropout:
    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate")
        self.rate, self.rng, self.mask = rate, np.random.default_rng(seed), None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return x.copy()
        self.mask = np.ones(x.shape, dtype=bool) & (self.rng.random(x.shape[-1]) >= self.rate)
        return x * self.mask / (1 - self.rate)

    def backward(self, dout):
        return dout.copy() if self.mask is None else dout * self.mask / (1 - self.rate)
'''), "05_dropout")
    assert result.score < result.max_score
    assert _diagnoses(result) == {"dropout_mask_shared_across_batch"}, _diagnoses(result)


def _variant(id_, fn):
    return Misconception(id=id_, replaces="f", ko=id_, en=id_, impl=fn)


class _Ref:
    @staticmethod
    def f(x):
        return x * 2.0


def test_two_variants_that_fit_every_call_name_neither():
    x = np.array([1.0, 2.0])
    records = [CallRecord(("global", "f"), [x], {}, result=np.array([3.0, 6.0]))]
    # x**2 + 2 and 2x**2 - 3x + 4 agree at x = 1 and x = 2 (3 and 6), not at x = 3 (11 and 13)
    plus_two_sq, cubic = _variant("x_squared_plus_two", lambda x: x**2 + 2.0), _variant("quadratic", lambda x: 2 * x**2 - 3 * x + 4)
    assert cubic.impl(x).tolist() == plus_two_sq.impl(x).tolist() == [3.0, 6.0]
    assert diagnose(records, [plus_two_sq, cubic], _Ref) is None  # both fit: the records cannot tell
    assert diagnose(records, [plus_two_sq], _Ref).id == "x_squared_plus_two"
    records.append(CallRecord(("global", "f"), [np.array([3.0])], {}, result=np.array([11.0])))
    assert diagnose(records, [cubic, plus_two_sq], _Ref).id == "x_squared_plus_two"  # the one that fits every call


def test_numpy_1_spellings_get_the_numpy_2_one(grade_source):
    result = grade_source(_with("04_optimizers", '''
def sgd_step(w, g, lr=0.01):
    n = np.product(w.shape)
    return (w.reshape(n) - lr * g.reshape(n)).reshape(w.shape)
'''))
    failed = next(t for t in result.tests if t.question == "sgd_step" and not t.passed)
    assert "np.prod" in failed.en and "NumPy 2" in failed.en
    assert "np.prod" in failed.ko and "NumPy 2" in failed.ko
    for type_name, text, want in [
            ("AttributeError", "module 'numpy' has no attribute 'product'", "np.prod"),
            ("AttributeError", "module 'numpy' has no attribute 'float'.\n`np.float` was a deprecated alias", "float"),
            ("AttributeError", "module 'numpy' has no attribute 'asscalar'", "item()"),
            ("AttributeError", "`np.alltrue` was removed in the NumPy 2.0 release. Use `np.all` instead.", "np.all"),
            ("AttributeError", "module 'numpy' has no attribute 'int'", "int"),
            ("AttributeError", "module 'numpy' has no attribute 'bool'", "bool"),
            ("TypeError", "'newshape' is an invalid keyword argument for this function", "shape="),
            ("TypeError", "reshape() got an unexpected keyword argument 'newshape'", "np.reshape(a, (2, 3))")]:
        ko, en = hint(type_name, text)
        assert want in en and want in ko and "NumPy 2" in en and "NumPy 2" in ko
    assert hint("AttributeError", "'list' object has no attribute 'shape'") is None
    assert hint("ValueError", "module 'numpy' has no attribute 'product'") is None
