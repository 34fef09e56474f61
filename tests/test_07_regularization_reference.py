"""07_regularization: the penalties are Keras's regularizers and their gradients TensorFlow's,
weight_decay_step is Keras's SGD with decoupled decay, EarlyStopping decides (stop epoch, best,
wait, restored weights) exactly as keras.callbacks.EarlyStopping on many random loss curves; the
assignment's tests pass on the reference and on correct code in other styles; every known-wrong
variant loses points, differs from the reference and is named by the grader."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest

from autograder import checks
from autograder.testing import load_test_file

ROOT = Path(__file__).resolve().parents[1]
AID = "07_regularization"
QUESTIONS = ["l2_penalty", "l2_grad", "l1_penalty", "l1_grad", "weight_decay_step", "early_stopping"]


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # inspect.getsource needs the module of a class
    spec.loader.exec_module(module)
    return module


ref = _load(ROOT / "solutions" / AID / "solution.py", f"reference_{AID}_project_test")


def _variants():
    module = _load(ROOT / "solutions" / AID / "variants.py", f"variants_{AID}_project_test")
    return [v.__misconception__ for v in vars(module).values() if hasattr(v, "__misconception__")]


VARIANTS = _variants()


# --- against Keras / TensorFlow ------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.fixture(scope="module")
def tf():
    return pytest.importorskip("tensorflow")


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
def test_gradients_are_tensorflows(keras, tf):
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


# --- the assignment's tests, in process ----------------------------------------------------------

def _test_cases():
    cases = []
    for kind, folder in (("public", ROOT / "assignments" / AID / "tests"), ("hidden", ROOT / "solutions" / AID / "tests")):
        for path in sorted(folder.glob("*.py")):
            question, found, _ = load_test_file(path)
            cases += [(kind, question, tc) for tc in found]
    return cases


def _failures(namespace: dict, cases, seed: bytes) -> list[str]:
    failed = []
    for kind, question, tc in cases:
        token = checks.use_context(checks.TestContext(seed=seed + tc.name.encode(), hidden=tc.hidden))
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                tc.run(namespace)
        except Exception as e:  # noqa: BLE001
            failed.append(f"{question}/{tc.name}: {type(e).__name__}: {str(e)[:200]}")
        finally:
            checks.reset_context(token)
    return failed


def test_test_files_are_well_formed():
    cases = _test_cases()
    assert {q for _, q, _ in cases} == set(QUESTIONS)
    for q in QUESTIONS:
        public = [c for kind, name, c in cases if name == q and kind == "public"]
        hidden = [c for kind, name, c in cases if name == q and kind == "hidden"]
        assert 1 <= len(public) <= 3 and hidden
        assert all(c.points == 1 and not c.hidden for c in public)
        assert all(2 <= c.points <= 4 and c.hidden for c in hidden)
        assert sum(c.points for c in hidden) > sum(c.points for c in public)
    for path in (ROOT / "assignments" / AID).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import autograder" not in text and "from autograder" not in text, f"{path} must not use autograder"
    toml = tomllib.loads((ROOT / "assignments" / AID / "assignment.toml").read_text(encoding="utf-8"))
    assert [q["name"] for q in toml["questions"]] == QUESTIONS and toml["keras"] is False


@pytest.mark.parametrize("seed", [b"a", b"b", b"c", b"d"])
def test_reference_passes_every_test(seed):
    assert _failures(dict(vars(ref)), _test_cases(), seed) == []


def _other_styles() -> dict:
    """Correct code in other styles: norms squared, loops, np.where for the sign, a decay written as
    w - lam*w - lr*g, and an EarlyStopping that starts from best=None, counts with its own
    variables and tests `best - val_loss > min_delta`."""

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
            if self.best is None or self.best - val_loss > self.min_delta:
                self.best, self.wait = val_loss, 0
                if self.restore:
                    self.best_weights = [w.copy() for w in weights]
                return False
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                return True
            return False

    return {k: v for k, v in locals().items() if k in QUESTIONS or k == "EarlyStopping"}


@pytest.mark.parametrize("seed", [b"x", b"y", b"z"])
def test_correct_code_in_other_styles_passes(seed):
    assert _failures({**vars(ref), **_other_styles()}, _test_cases(), seed) == []


# --- variants ------------------------------------------------------------------------------------

def test_variants_are_declared():
    ids = [v.id for v in VARIANTS]
    assert len(ids) == len(set(ids))
    assert {"l2_grad_missing_factor_2", "l1_grad_not_zero_at_zero", "weight_decay_times_lr",
            "es_plateau_counts_as_improvement", "es_patience_off_by_one", "es_ignores_min_delta"} <= set(ids)
    for v in VARIANTS:
        assert v.replaces in QUESTIONS or v.replaces == "EarlyStopping"
        assert v.ko.strip() and v.en.strip()
        assert isinstance(v.impl, type) == (v.replaces == "EarlyStopping")
        assert (v.detect is not None) == isinstance(v.impl, type)


def _question(variant):
    return "early_stopping" if variant.replaces == "EarlyStopping" else variant.replaces


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_every_variant_loses_points_in_process(variant):
    cases = [c for c in _test_cases() if c[0] == "hidden" and c[1] == _question(variant)]
    for seed in (b"1", b"2"):
        assert _failures({**vars(ref), variant.replaces: variant.impl}, cases, seed), f"{variant.id} passes"


@pytest.mark.parametrize("variant", [v for v in VARIANTS if not isinstance(v.impl, type)], ids=lambda v: v.id)
def test_every_function_variant_differs_from_the_reference(variant):
    rng = np.random.default_rng(0)
    w, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    w[0, 0] = 0.0
    probes = {"l2_penalty": [([w, g], 0.1)], "l1_penalty": [([w, g], 0.1)], "l2_grad": [(w, 0.1)],
              "l1_grad": [(w, 0.1)], "weight_decay_step": [(w, g, 0.1, 0.01)]}[variant.replaces]
    with np.errstate(all="ignore"):
        for args in probes:
            copies = [[a.copy() for a in x] if isinstance(x, list) else (x.copy() if isinstance(x, np.ndarray) else x)
                      for x in args]
            got = variant.impl(*copies)
            mutated = any(isinstance(a, np.ndarray) and not np.array_equal(a, c) for a, c in zip(args, copies))
            if mutated or not np.allclose(got, getattr(ref, variant.replaces)(*args), rtol=1e-9, equal_nan=False):
                return
    pytest.fail(f"{variant.id} agrees with the reference")


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_every_variant_pasted_after_the_reference_loses_points_and_is_named(variant, grade_source):
    from autograder.authoring import variant_source

    source = (ROOT / "solutions" / AID / "solution.py").read_text(encoding="utf-8") + "\n\n" + variant_source(variant)
    result = grade_source(source, AID, name=variant.id)
    assert result.status == "graded" and result.score < result.max_score, f"{variant.id} must lose points"
    named = {t.diagnosis for t in result.tests if t.diagnosis}
    assert variant.id in named, f"{variant.id} was not named (got {sorted(named)})"
    wrong = named - {variant.id}
    assert not wrong, f"{variant.id} was also diagnosed as {sorted(wrong)}"


def test_reference_source_scores_full_marks_without_diagnosis(grade_source):
    result = grade_source((ROOT / "solutions" / AID / "solution.py").read_text(encoding="utf-8"), AID, name="reference")
    assert [t.name for t in result.tests if not t.passed] == []
    assert result.score == result.max_score > 0 and not any(t.diagnosis for t in result.tests)
