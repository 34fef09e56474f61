"""05_dropout: the reference behaves like keras.layers.Dropout and has the contract's properties;
correct code in other styles passes the assignment's tests; every known-wrong variant really
differs from the reference, and the variants' detectors name each variant on the hidden tests
and never fire on correct layers. (Every assignment's tests are checked for form, for the
reference passing them and for every variant failing them in tests/test_hidden_tests.py.)"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.grader import checks
from autograder.course.assignments import Assignment
from conftest import ROOT
from harness import cases, failures, reference_namespace

AID = "05_dropout"
A = Assignment.load(AID, ROOT)
ref = A.reference
Dropout = ref.Dropout
RATES = [0.1, 0.3, 0.5, 0.8]


# --- against Keras -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def _keras_dropout(keras, rate, seed, x, training):
    layer = keras.layers.Dropout(rate, seed=seed, dtype="float64")
    return np.asarray(keras.ops.convert_to_numpy(layer(x, training=training)))


@pytest.mark.keras
@pytest.mark.parametrize("rate", RATES)
def test_identity_at_inference_like_keras(keras, rate):
    x = np.random.default_rng(1).normal(size=(64, 32))
    np.testing.assert_array_equal(_keras_dropout(keras, rate, 3, x, training=False), x)
    np.testing.assert_array_equal(Dropout(rate, seed=3).forward(x, training=False), x)


@pytest.mark.keras
@pytest.mark.parametrize("rate", RATES)
def test_kept_values_like_keras_up_to_one_ulp(keras, rate):
    x = np.random.default_rng(2).normal(size=(200, 50))
    out_k = _keras_dropout(keras, rate, 5, x, training=True)
    kept_k = out_k != 0
    out_r = Dropout(rate, seed=5).forward(x, training=True)
    kept_r = out_r != 0
    # Keras computes x * (1/(1-rate)); the reference x * mask / (1-rate): at most 1 ulp apart.
    np.testing.assert_array_max_ulp(out_k[kept_k], x[kept_k] * (1.0 / (1.0 - rate)), maxulp=0)
    np.testing.assert_array_max_ulp(out_k[kept_k], x[kept_k] / (1.0 - rate), maxulp=1)
    np.testing.assert_array_max_ulp(out_r[kept_r], x[kept_r] * (1.0 / (1.0 - rate)), maxulp=1)
    np.testing.assert_array_equal(out_r[kept_r], x[kept_r] / (1.0 - rate))
    assert out_k.dtype == out_r.dtype == np.float64


@pytest.mark.keras
@pytest.mark.parametrize("rate", RATES)
def test_kept_fraction_like_keras(keras, rate):
    n = 100_000
    x = np.ones((400, 250))
    k_keras = int(np.count_nonzero(_keras_dropout(keras, rate, 7, x, training=True)))
    k_ref = int(np.count_nonzero(Dropout(rate, seed=7).forward(x, training=True)))
    lo, hi = checks.binomial_bounds(n, 1.0 - rate, 1e-9)
    assert lo <= k_keras <= hi
    assert lo <= k_ref <= hi
    # the two kept fractions agree within the spread of the difference of two binomials
    spread = np.sqrt(2 * rate * (1 - rate) / n)
    assert abs(k_keras - k_ref) / n < 7 * spread


@pytest.mark.keras
def test_means_like_keras(keras):
    x = np.ones((1000, 100))
    m_keras = _keras_dropout(keras, 0.5, 11, x, training=True).mean()
    m_ref = Dropout(0.5, seed=11).forward(x, training=True).mean()
    assert abs(m_keras - 1.0) < 0.02 and abs(m_ref - 1.0) < 0.02


# --- the reference's own properties ------------------------------------------------------------

@pytest.mark.parametrize("bad", [1.0, 1.5, -0.1, -1.0, float("nan")])
def test_rejects_bad_rates(bad):
    with pytest.raises(ValueError):
        Dropout(bad)


@pytest.mark.parametrize("good", [0.0, 0.5, 0.999])
def test_accepts_good_rates(good):
    assert Dropout(good).rate == good


def test_mask_kept_values_and_backward():
    rng = np.random.default_rng(3)
    x, dout = rng.normal(size=(30, 20)), rng.normal(size=(30, 20))
    d = Dropout(0.3, seed=1)
    out = d.forward(x, training=True)
    assert d.mask.shape == x.shape and d.mask.dtype == bool
    np.testing.assert_array_equal(out, np.where(d.mask, x / 0.7, 0.0))
    np.testing.assert_array_equal(d.backward(dout), np.where(d.mask, dout / 0.7, 0.0))


def test_fresh_masks_same_seed_same_masks_different_seed_different_masks():
    x = np.ones((50, 40))
    a, b, c = Dropout(0.4, seed=9), Dropout(0.4, seed=9), Dropout(0.4, seed=10)
    masks_a, masks_b = [], []
    for _ in range(3):
        a.forward(x)
        b.forward(x)
        masks_a.append(a.mask.copy())
        masks_b.append(b.mask.copy())
    c.forward(x)
    assert not np.array_equal(masks_a[0], masks_a[1]) and not np.array_equal(masks_a[1], masks_a[2])
    for ma, mb in zip(masks_a, masks_b):
        np.testing.assert_array_equal(ma, mb)
    assert not np.array_equal(masks_a[0], c.mask)


def test_inference_draws_no_mask_and_backward_passes_through():
    x, dout = np.ones((10, 10)), np.arange(100.0).reshape(10, 10)
    a, b = Dropout(0.5, seed=4), Dropout(0.5, seed=4)
    a.forward(x, training=True)
    b.forward(x, training=True)
    np.testing.assert_array_equal(a.forward(x, training=False), x)
    np.testing.assert_array_equal(a.backward(dout), dout)
    a.forward(x, training=True)
    b.forward(x, training=True)
    np.testing.assert_array_equal(a.mask, b.mask)  # the inference call did not advance the generator


@pytest.mark.parametrize("shape", [(1000,), (40, 25), (2, 3, 4, 5)])
def test_any_shape_and_inputs_unchanged(shape):
    rng = np.random.default_rng(8)
    x, dout = rng.normal(size=shape), rng.normal(size=shape)
    x0, dout0 = x.copy(), dout.copy()
    d = Dropout(0.25, seed=2)
    out = d.forward(x, training=True)
    dx = d.backward(dout)
    assert out.shape == dx.shape == d.mask.shape == shape
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, dout0)
    assert d.forward(x, training=False) is not x


def test_expected_output_is_the_input():
    row = np.array([1.0, -2.0, 0.5, 3.0])
    out = Dropout(0.3, seed=12).forward(np.tile(row, (50_000, 1)), training=True)
    np.testing.assert_allclose(out.mean(axis=0), row, rtol=0.02)


# --- the assignment's tests, other correct styles and the variants ------------------------------

def test_one_question():
    assert [q.name for q in A.questions] == ["dropout"] and A.order == ["dropout"]


class _FloatMaskKeepProb:
    """Correct, in another style: float mask drawn as u < keep, scale folded into the mask product."""

    def __init__(self, rate, seed=None):
        if rate < 0 or rate >= 1:
            raise ValueError("rate")
        self.keep = 1.0 - rate
        self.rng = np.random.default_rng(seed)
        self.mask, self.training = None, True

    def forward(self, x, training=True):
        self.training = training
        if not training:
            return x
        self.mask = (self.rng.random(x.shape) < self.keep).astype(np.float64)
        return x * (self.mask * (1.0 / self.keep))

    def backward(self, dout):
        return dout * self.mask * (1.0 / self.keep) if self.training else dout


class _BinomialIntMask:
    """Correct, in another style: integer mask from rng.binomial, np.where."""

    def __init__(self, rate, seed=None):
        if not 0 <= rate < 1:
            raise ValueError("rate")
        self.rate, self.rng, self.mask = rate, np.random.default_rng(seed), None

    def forward(self, x, training=True):
        if not training:
            self.mask = None
            return np.array(x)
        self.mask = self.rng.binomial(1, 1 - self.rate, size=x.shape)
        return np.where(self.mask == 1, x / (1 - self.rate), 0.0)

    def backward(self, dout):
        return dout if self.mask is None else np.where(self.mask == 1, dout / (1 - self.rate), 0.0)


@pytest.mark.parametrize("cls", [_FloatMaskKeepProb, _BinomialIntMask])
def test_correct_code_in_other_styles_passes(cls):
    namespace = reference_namespace(AID, Dropout=cls)
    for seed in (b"x", b"y", b"z"):
        assert failures(namespace, cases(AID), seed) == []


def test_variants_are_declared():
    ids = [v.id for v in A.misconceptions]
    assert len(ids) == len(set(ids))
    assert {v.replaces for v in A.misconceptions} == {"Dropout"}
    for needed in ("dropout_no_scale", "dropout_scale_at_inference", "dropout_rate_as_keep_prob",
                   "dropout_backward_new_mask", "dropout_mask_drawn_once"):
        assert needed in ids


@pytest.mark.parametrize("variant", A.misconceptions, ids=lambda v: v.id)
def test_every_variant_differs_from_the_reference(variant):
    """Directly: some call of a fixed sequence gives a different result than the reference."""
    V = variant.impl
    try:
        V(1.0)
    except ValueError:
        pass
    else:
        return  # accepts rate 1.0, which the reference rejects
    rng = np.random.default_rng(0)
    x, dout = rng.normal(size=(30, 20)), rng.normal(size=(30, 20))
    d, v = Dropout(0.3, seed=21), V(0.3, seed=21)
    pairs = []
    for training in (True, True, False):
        pairs.append((d.forward(x, training=training), v.forward(x, training=training)))
        pairs.append((d.backward(dout), v.backward(dout)))
    # two layers made with the same seed: the reference's agree with each other
    twin_a, twin_b = V(0.3, seed=21), V(0.3, seed=21)
    pairs.append((Dropout(0.3, seed=21).forward(x), Dropout(0.3, seed=21).forward(x)))
    pairs[-1] = (np.array_equal(pairs[-1][0], pairs[-1][1]), np.array_equal(twin_a.forward(x), twin_b.forward(x)))
    differs = [not np.array_equal(np.shape(a), np.shape(b)) or not np.allclose(a, b, rtol=1e-12, atol=0)
               for a, b in pairs]
    assert any(differs), f"variant {variant.id} behaves like the reference on this sequence"


# --- diagnosis: the variants' detectors over recorded calls ---------------------------------------

class _Recording:
    """Stands in for the remote namespace's `Dropout`: runs a class in-process and records every call
    the way autograder.grader.remote does (construction, methods, attribute reads)."""

    def __init__(self, cls, records):
        self.cls, self.records, self.__name__ = cls, records, "Dropout"

    def __call__(self, *args, **kwargs):
        from autograder.grader.remote import CallRecord

        record = CallRecord(("global", "Dropout"), list(args), dict(kwargs))
        self.records.append(record)
        try:
            obj = self.cls(*args, **kwargs)
        except Exception as e:
            record.error = type(e).__name__
            raise
        record.object_serial = len(self.records)
        return _RecordedObject(obj, record.object_serial, self.records)


class _RecordedObject:
    def __init__(self, obj, serial, records):
        self._obj, self._serial, self._records = obj, serial, records

    def __getattr__(self, name):
        from autograder.grader.remote import CallRecord

        value = getattr(self._obj, name)
        if callable(value):
            def method(*args, **kwargs):
                record = CallRecord(("method", self._serial, name), list(args), dict(kwargs))
                self._records.append(record)
                record.result = value(*args, **kwargs)
                return record.result
            method.__name__ = name
            return method
        value = np.array(value, copy=True) if isinstance(value, np.ndarray) else value
        self._records.append(CallRecord(("getattr", self._serial, name), [], {}, result=value))
        return value


def _diagnoses(cls, seed):
    """(test name, passed, diagnosis id or None) for every hidden test, run on `cls` with recording."""
    from autograder.grader.diagnosis import diagnose

    out = []
    for case in cases(AID, hidden=True):
        records = []
        passed = not failures({"Dropout": _Recording(cls, records)}, [case], seed)
        found = diagnose(records, A.misconceptions, ref)
        out.append((case.name, passed, found.id if found else None))
    return out


@pytest.mark.parametrize("seed", [b"d1", b"d2", b"d3"])
@pytest.mark.parametrize("cls", [Dropout, _FloatMaskKeepProb, _BinomialIntMask], ids=lambda c: c.__name__)
def test_detectors_never_fire_on_correct_layers(cls, seed):
    for name, passed, found in _diagnoses(cls, seed):
        assert passed and found is None, (name, found)


@pytest.mark.parametrize("variant", A.misconceptions, ids=lambda v: v.id)
def test_every_variant_is_named_by_its_detector(variant):
    assert variant.detect is not None  # classes cannot be replayed
    results = _diagnoses(variant.impl, b"named-" + variant.id.encode())
    named = {found for _, passed, found in results if not passed}
    assert variant.id in named, (variant.id, results)
