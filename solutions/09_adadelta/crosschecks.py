"""The reference against Keras (run by `autograder validate 09_adadelta`, check "keras"):
keras.optimizers.Adadelta in float64 takes the same steps as solution.adadelta_step."""

import importlib.util
from pathlib import Path

import numpy as np


def _reference():
    spec = importlib.util.spec_from_file_location("adadelta_reference", Path(__file__).with_name("solution.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def crosscheck_adadelta_matches_keras():
    import keras

    ref = _reference()
    old = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        rng = np.random.default_rng(2012)  # the year of Zeiler's paper
        for scale in (1.0, 1e-3):
            w0 = rng.normal(size=(3, 2))
            var = keras.Variable(w0, dtype="float64")
            opt = keras.optimizers.Adadelta(learning_rate=0.5, rho=0.9, epsilon=1e-6)
            w, s, d = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
            for _ in range(20):
                g = scale * rng.normal(size=w0.shape)
                opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
                w, s, d = ref.adadelta_step(w, g, s, d, lr=0.5, rho=0.9, eps=1e-6)
            err = float(np.max(np.abs(np.asarray(var.numpy()) - w)))
            assert err < 1e-12, f"Keras and the reference differ by {err:.3g} (gradient scale {scale:g})"
    finally:
        keras.config.set_floatx(old)
