"""The trusted Keras evaluator: a grader-side process that imports TensorFlow once and rebuilds,
trains and evaluates the models submissions export as data. It never runs student code.

Started by :mod:`autograder.grader.keras_eval` as ``python -m autograder.grader.evaluator FD``
(FD: its end of a socket pair). Every model it builds passes three gates: the configuration is
walked against Keras's own registry of built-in classes and functions
(:func:`autograder.grader.keras_config.refusal`), deserialised with ``safe_mode=True`` and no
custom objects, and the rebuilt layers are checked again before any weight is set.

Requests (:mod:`autograder.wire` frames, data only), each answered by one frame; any request may
carry ``release: [handles]`` of models the grader no longer uses:

    build    {architecture, compile, weights, fresh, seed} -> {handle, summary} | {refused: {ko, en}}
    reset    {handle, seed}             fresh initial weights (Keras's initialisers under ``seed``) -> {summary}
    fit      {handle, x, y, epochs, batch_size, validation_split, shuffle, seed} -> {history, epochs}
    predict  {handle, x}                -> {value}: float64 outputs
    evaluate {handle, x, y}             -> {value}: {metric name: float}

A Keras failure (e.g. a loss that does not fit the labels) is answered ``{error: {type, message}}``.
"""

from __future__ import annotations

import gc
import os
import socket
import sys

import numpy as np

from autograder import wire
from autograder.grader import keras_config
from autograder.grader.keras_config import Refused

MAX_PARAMS = 20_000_000
MAX_ROWS = 1_000_000  # rows of one fit, predict or evaluate
STEPS_PER_EXECUTION = 100  # training steps per call into the compiled graph (Keras stops at the data's end)
PREDICT_BATCH = 4096


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Evaluator:
    """The server: models by handle, Keras imported once."""

    def __init__(self, channel: wire.Channel):
        import keras
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()  # same seed, same result
        self.keras, self.channel = keras, channel
        self.classes, self.functions = registry(keras)
        self.models: dict[int, dict] = {}
        self.serial = 0
        self.built_since_clear = 0

    def serve(self) -> None:
        ops = {"build": self.build, "reset": self.reset, "fit": self.fit, "predict": self.predict,
               "evaluate": self.evaluate, "ping": lambda msg, blobs: {}}
        self.channel.send({"op": "ready"})
        while True:
            try:
                msg, blobs = self.channel.recv()
            except (EOFError, OSError, wire.WireError):
                return
            for handle in msg.get("release", []) if isinstance(msg.get("release"), list) else []:
                self.models.pop(handle, None)
            out: list[bytes] = []
            try:
                op = ops.get(msg.get("op"))
                if op is None:
                    raise wire.WireError(f"unknown request {str(msg.get('op'))[:30]!r}")
                reply = wire.encode(op(msg, blobs), out)
            except Refused as r:
                out, reply = [], wire.encode({"refused": {"ko": r.ko, "en": r.en}}, [])
            except Exception as e:  # noqa: BLE001 - Keras failing on the student's settings is data
                error = {"type": type(e).__name__[:100], "message": str(e)[:1000]}
                out, reply = [], wire.encode({"error": error}, [])
            self.channel.send({"op": "result", "reply": reply}, out)

    # -- building ---------------------------------------------------------------------------
    def build(self, msg, blobs) -> dict:
        architecture = keras_config.parse(_text(msg.get("architecture")), "model architecture")
        settings = keras_config.parse(_text(msg.get("compile")), "compile settings")
        if not isinstance(architecture, dict):
            raise Refused("모델 구조가 Keras 설정이 아닙니다.", "The architecture is not a Keras configuration.")
        architecture.pop("compile_config", None)  # the compile settings travel on their own
        keras_config.refusal(architecture, self.classes, self.functions)
        keras_config.refusal(settings, self.classes, self.functions)
        weights = None
        if not msg.get("fresh"):
            weights = wire.decode(msg.get("weights", []), blobs)
            if type(weights) is not list or any(type(w) is not np.ndarray for w in weights):
                raise Refused("가중치가 배열 목록이 아닙니다.", "The weights are not a list of arrays.")
        entry = {"architecture": architecture, "settings": settings}
        model = self._rebuild(entry, int(msg.get("seed", 0)), weights)
        self.serial += 1
        entry["model"] = model
        self.models[self.serial] = entry
        return {"handle": self.serial, "summary": summary(model, settings)}

    def _rebuild(self, entry: dict, seed: int, weights: list | None):
        keras = self.keras
        self._maybe_clear()
        keras.utils.set_random_seed(seed)
        model = keras.saving.deserialize_keras_object(entry["architecture"], custom_objects=None, safe_mode=True)
        if not isinstance(model, keras.Model):
            raise Refused("모델 구조가 Keras 모델이 아닙니다.", "The architecture does not describe a Keras model.")
        self._check_layers(model)
        if model.built and model.count_params() > MAX_PARAMS:
            raise Refused(f"모델의 파라미터가 {MAX_PARAMS:,}개보다 많습니다. 더 작은 모델을 만드세요.",
                          f"The model has more than {MAX_PARAMS:,} parameters. Build a smaller model.")
        if weights is not None:
            try:
                model.set_weights(weights)
            except Exception as e:  # noqa: BLE001
                raise Refused(f"가중치가 모델 구조와 맞지 않습니다: {str(e)[:200]}",
                              f"The weights do not match the architecture: {str(e)[:200]}") from None
        self._compile(model, entry["settings"])
        self.built_since_clear += 1
        return model

    def _maybe_clear(self) -> None:
        """Drop Keras's global state now and then, when no model is alive (a long batch)."""
        if not self.models and self.built_since_clear >= 20:
            self.keras.backend.clear_session()
            gc.collect()
            self.built_since_clear = 0

    def _check_layers(self, model) -> None:
        """The rebuilt model again, object by object: Keras's own classes and activations only."""
        for layer in _layers(model):
            cls = type(layer)
            if not cls.__module__.startswith("keras.") or cls.__name__ in keras_config.CODE_LAYERS \
                    or cls.__name__ not in self.classes:
                raise Refused(f"{cls.__name__[:60]} 층은 Keras 내장 층이 아닙니다.",
                              f"The layer {cls.__name__[:60]} is not a built-in Keras layer.")
            activation = getattr(layer, "activation", None)
            if activation is not None and not str(getattr(activation, "__module__", "")).startswith("keras."):
                raise Refused("활성화 함수가 Keras 내장 함수가 아닙니다.", "An activation is not a built-in Keras function.")

    def _compile(self, model, settings) -> None:
        """Compile with the student's optimizer, loss and metrics (and nothing else they set)."""
        if settings is None:
            return
        if not isinstance(settings, dict):
            raise Refused("compile 설정의 형식이 맞지 않습니다.", "The compile settings are malformed.")
        keras = self.keras
        optimizer = _object(keras, settings.get("optimizer"), keras.optimizers.get, "optimizer")
        loss = _object(keras, settings.get("loss"), lambda s: s, "loss")
        metrics = settings.get("metrics")
        if metrics is not None:
            if not isinstance(metrics, list) or len(metrics) > 20:
                raise Refused("metrics는 목록이어야 합니다 (예: ['accuracy']).", "metrics must be a list (e.g. ['accuracy']).")
            metrics = [_object(keras, m, lambda s: s, "metric") for m in metrics]
        model.compile(optimizer=optimizer if optimizer is not None else "rmsprop", loss=loss, metrics=metrics,
                      steps_per_execution=STEPS_PER_EXECUTION, jit_compile=False)

    def reset(self, msg, blobs) -> dict:
        entry = self._entry(msg)
        entry["model"] = self._rebuild(entry, int(msg.get("seed", 0)), None)
        return {"summary": summary(entry["model"], entry["settings"])}

    # -- using ------------------------------------------------------------------------------
    def fit(self, msg, blobs) -> dict:
        """``model.fit`` as asked, with one shortcut that changes nothing a correct model does:
        without validation, a batch that holds every sample makes each epoch one step on the whole
        data, so ``epochs`` such epochs are one epoch over the data repeated ``epochs`` times, in
        order (the steps are the same; Keras's per-epoch overhead is paid once)."""
        entry = self._entry(msg)
        model = entry["model"]
        x, y = self._arrays(msg, blobs, "x"), self._arrays(msg, blobs, "y")
        epochs = _bounded(msg.get("epochs", 1), 1, 10_000, "epochs")
        batch_size = _bounded(msg.get("batch_size") or 32, 1, 1 << 16, "batch_size")
        split = float(msg.get("validation_split") or 0.0)
        if not 0.0 <= split < 1.0:
            raise ValueError("validation_split must be in [0, 1)")
        self.keras.utils.set_random_seed(int(msg.get("seed", 0)))
        if split == 0.0 and batch_size >= len(x) and epochs > 1 and len(x) * epochs <= MAX_ROWS:
            reps = (epochs,) + (1,) * (x.ndim - 1)
            h = model.fit(np.tile(x, reps), np.tile(y, (epochs,) + (1,) * (y.ndim - 1)), batch_size=len(x),
                          epochs=1, shuffle=False, verbose=0)
        else:
            h = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=split,
                          shuffle=bool(msg.get("shuffle", True)), verbose=0)
        history = {str(k): [float(v) for v in vals] for k, vals in h.history.items()}
        return {"history": history, "epochs": epochs}

    def predict(self, msg, blobs) -> dict:
        model = self._entry(msg)["model"]
        x = self._arrays(msg, blobs, "x")
        parts = [np.asarray(model(x[i:i + PREDICT_BATCH], training=False)) for i in range(0, len(x), PREDICT_BATCH)]
        return {"value": np.concatenate(parts).astype(np.float64) if parts else np.zeros((0,))}

    def evaluate(self, msg, blobs) -> dict:
        model = self._entry(msg)["model"]
        x, y = self._arrays(msg, blobs, "x"), self._arrays(msg, blobs, "y")
        result = model.evaluate(x, y, verbose=0, return_dict=True)
        return {"value": {str(k): float(v) for k, v in result.items()}}

    def _entry(self, msg) -> dict:
        entry = self.models.get(msg.get("handle"))
        if entry is None:
            raise wire.WireError("unknown model handle")
        return entry

    @staticmethod
    def _arrays(msg, blobs, key) -> np.ndarray:
        value = wire.decode(msg.get(key), blobs)
        if type(value) is not np.ndarray or value.ndim == 0 or len(value) > MAX_ROWS:
            raise wire.WireError(f"{key} must be an array")
        return value


def registry(keras) -> tuple[set[str], set[str]]:
    """Keras's own built-in class names, and built-in functions as "module.name"."""
    classes = {"Sequential", "Functional", "Model"}
    for module in (keras.layers, keras.optimizers, keras.optimizers.schedules, keras.losses, keras.metrics,
                   keras.initializers, keras.regularizers, keras.constraints, keras.dtype_policies):
        classes |= {name for name, obj in vars(module).items() if isinstance(obj, type) and not name.startswith("_")}
    classes -= keras_config.CODE_LAYERS | {"Layer", "Loss", "Metric", "Optimizer", "LearningRateSchedule",
                                           "InputSpec", "Wrapper"}
    functions = set()
    for name, module in (("keras.activations", keras.activations), ("keras.losses", keras.losses),
                         ("keras.metrics", keras.metrics)):
        functions |= {f"{name}.{fn}" for fn, obj in vars(module).items()
                      if callable(obj) and not isinstance(obj, type) and not fn.startswith("_")
                      and fn not in ("get", "deserialize", "serialize")}
    return classes, functions


def _object(keras, config, from_name, what: str):
    """One optimizer, loss or metric: a built-in name stays a name (Keras resolves it from its own
    table), a serialised built-in object is deserialised in safe mode (already walked)."""
    if config is None or isinstance(config, str):
        if isinstance(config, str):
            from_name(config)  # an unknown name fails here, as it would in compile
        return config
    if isinstance(config, dict) and "class_name" in config:
        return keras.saving.deserialize_keras_object(config, custom_objects=None, safe_mode=True)
    raise Refused(f"compile의 {what} 설정은 이름이나 Keras 내장 객체 하나여야 합니다.",
                  f"The compile setting {what} must be one name or one built-in Keras object.")


def summary(model, settings) -> dict:
    """What tests and diagnosis look at: layers (class, units, activation, rate), shapes, and the
    compile settings by name (loss, optimizer, learning rate, metrics)."""
    layers = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        layers.append({"class": type(layer).__name__, "units": _int_or_none(getattr(layer, "units", None)),
                       "activation": getattr(activation, "__name__", None) if activation is not None else None,
                       "rate": _float_or_none(getattr(layer, "rate", None))})
    settings = settings if isinstance(settings, dict) else {}
    optimizer = settings.get("optimizer")
    learning_rate = optimizer.get("config", {}).get("learning_rate") if isinstance(optimizer, dict) else None
    return {
        "class": type(model).__name__,
        "layers": layers,
        "input_shape": _shape(model, "input_shape"),
        "output_shape": _shape(model, "output_shape"),
        "params": int(model.count_params()) if model.built else None,
        "compiled": bool(settings),
        "loss": _name_of(settings.get("loss")),
        "loss_config": settings.get("loss", {}).get("config") if isinstance(settings.get("loss"), dict) else None,
        "optimizer": _name_of(optimizer),
        "learning_rate": learning_rate if isinstance(learning_rate, (int, float)) else None,
        "metrics": [_name_of(m) for m in settings.get("metrics") or []],
    }


def _name_of(config):
    if isinstance(config, str) or config is None:
        return config
    if isinstance(config, dict):
        if config.get("class_name") == "function":
            return str(config.get("config"))
        return str(config.get("class_name"))
    return None


def _shape(model, attribute):
    try:
        shape = getattr(model, attribute)
    except Exception:  # noqa: BLE001 - an unbuilt model has no shapes yet
        return None
    if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
        return list(shape)
    return None


def _int_or_none(v):
    return int(v) if isinstance(v, (int, np.integer)) and not isinstance(v, bool) else None


def _float_or_none(v):
    return float(v) if isinstance(v, (int, float, np.floating)) and not isinstance(v, bool) else None


def _layers(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _layers(layer)


def _text(value) -> str:
    if type(value) is not str:
        raise wire.WireError("expected a string")
    return value


def _bounded(value, lo: int, hi: int, name: str) -> int:
    if type(value) is not int or not lo <= value <= hi:
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}]")
    return value


def main(fd: int) -> None:
    _die_with_parent()
    channel = wire.Channel(socket.socket(fileno=fd))
    Evaluator(channel).serve()


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    main(int(sys.argv[1]))
