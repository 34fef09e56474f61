"""Keras models in trusted code: what tests use instead of a submission's own model object.

``checks.keras_model(obj)`` asks the student's process to export ``obj`` as data
(:mod:`autograder.grader.keras_config`), checks that data, and rebuilds the model in the trusted
evaluator (:mod:`autograder.grader.evaluator`, one process per grading worker, started on first
need, reused by every submission of the worker, killed when the worker exits). The
:class:`KerasModel` it returns trains, predicts and evaluates there; a submission's answer to
anything it reports is never asked.

A question's hidden test file may declare ``keras_models = ["build_model"]``: in every test of
that question (public ones too) the results of those student functions are such models
(:class:`StudentKerasModel`), which can still be handed back to the student's own functions.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

from autograder import wire
from autograder.grader import checks
from autograder.grader.keras_config import ModelData, Refused, model_data
from autograder.grader.remote import CallRecord, RemoteObject

START_SECONDS = 120  # importing TensorFlow on a loaded machine
REQUEST_SECONDS = 300
MEMORY_BYTES = 16 << 30  # address space: TensorFlow reserves a lot of it


class KerasError(checks.Fail):
    """Keras itself failed on the student's model or settings (e.g. a loss that does not fit the labels)."""

    def __init__(self, label: str, type_name: str, message: str):
        self.type_name, self.message = type_name, message
        super().__init__(f"{label}: Keras가 오류를 냈습니다: {type_name}: {message[:300]}",
                         f"{label}: Keras raised {type_name}: {message[:300]}")


# ---------------------------------------------------------------------------------------------
# The evaluator process


def _environment() -> dict[str, str]:
    """The evaluator's environment: nothing of the grader's beyond what Python and TF need."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ", "HOME", "TMPDIR")}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", KERAS_BACKEND="tensorflow",
               CUDA_VISIBLE_DEVICES="", PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return env


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


class EvaluatorProcess:
    """One running evaluator and the conversation with it."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.grader.evaluator", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], env=_environment(), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_limit_memory if sys.platform.startswith("linux") else None)
        theirs.close()
        self.channel = wire.Channel(ours)
        self.lock = threading.Lock()  # one conversation at a time (a Dask worker may grade on threads)
        self.released: list[int] = []
        self.alive = True
        ready, _ = self._recv(START_SECONDS)
        if ready.get("op") != "ready":
            self.close()
            raise RuntimeError("the Keras evaluator did not start")

    def request(self, msg: dict, blobs: list[bytes] = (), seconds: float = REQUEST_SECONDS) -> dict:
        """Send one request; the evaluator's decoded reply (``{refused}``, ``{error}`` or the result)."""
        with self.lock:
            if self.released:
                msg = {**msg, "release": self.released[:]}
                self.released.clear()
            try:
                self.channel.send(msg, list(blobs))
            except OSError:
                self.close()
                raise _lost("crashed") from None
            frame, reply_blobs = self._recv(seconds)
        try:
            reply = wire.decode(frame.get("reply"), reply_blobs)
        except wire.WireError:
            reply = None
        if frame.get("op") != "result" or not isinstance(reply, dict):
            self.close()
            raise _lost("protocol")
        return reply

    def _recv(self, seconds: float):
        try:
            return self.channel.recv(time.monotonic() + seconds)
        except TimeoutError:
            self.close()
            raise _lost("timeout") from None
        except (EOFError, OSError, wire.WireError):
            self.close()
            raise _lost("crashed") from None

    def close(self) -> None:
        if not self.alive:
            return
        self.alive = False
        try:
            self.channel.close()
        finally:
            self.proc.kill()
            self.proc.wait()


def _lost(reason: str) -> checks.Fail:
    if reason == "timeout":
        return checks.Fail("채점기의 Keras 평가기가 시간 안에 끝나지 않았습니다. 모델이 너무 크지 않은지 확인하세요.",
                           "The grader's Keras evaluator did not finish in time. Check that the model is not too large.")
    return checks.Fail("채점기의 Keras 평가기가 멈췄습니다 (모델이 너무 큰가요?). 이 테스트는 0점입니다.",
                       "The grader's Keras evaluator stopped (is the model too large?). This test scores zero.")


_process: EvaluatorProcess | None = None


def evaluator() -> EvaluatorProcess:
    """This worker's evaluator, started on first need (and again after it was lost)."""
    global _process
    if _process is None or not _process.alive:
        _process = EvaluatorProcess()
    return _process


def shutdown() -> None:
    """Stop this worker's evaluator (also done when the process exits)."""
    global _process
    if _process is not None:
        _process.close()
        _process = None


atexit.register(shutdown)


# ---------------------------------------------------------------------------------------------
# Trusted models


@dataclass
class History:
    """What a trusted fit returns: ``history`` (metric -> one value per epoch), ``epoch``, ``params``."""

    history: dict
    epoch: list
    params: dict = field(default_factory=dict)


class KerasModel:
    """A model rebuilt in the evaluator from a submission's data; every method runs there.

    ``summary`` (a dict) says what the model is: ``layers`` (class, units, activation, rate),
    ``input_shape``, ``output_shape``, ``params``, ``compiled``, ``loss``, ``loss_config``,
    ``optimizer``, ``learning_rate``, ``metrics``. Calls are recorded for diagnosis as
    ``("keras", serial, what)`` where ``serial`` is the student object's."""

    def __init__(self, data: ModelData, label: str, student=None, serial: int | None = None, seed: int | None = None):
        self.label, self._student, self.serial = label, student, serial
        blobs: list[bytes] = []
        weights = wire.encode(list(data.weights), blobs)
        reply = self._ask({"op": "build", "architecture": data.architecture, "compile": data.compile,
                           "weights": weights, "seed": _seed(seed)}, blobs, "build")
        self._handle, self.summary = reply["handle"], reply["summary"]
        process = evaluator()
        weakref.finalize(self, process.released.append, self._handle)
        self._record("summary", [], {}, self.summary)

    # -- what it is -------------------------------------------------------------------------
    @property
    def loss(self):
        return self.summary.get("loss")

    @property
    def optimizer(self):
        return self.summary.get("optimizer")

    @property
    def layers(self) -> list:
        return self.summary.get("layers", [])

    @property
    def compiled(self) -> bool:
        return bool(self.summary.get("compiled"))

    @property
    def input_shape(self):
        return tuple(self.summary["input_shape"]) if self.summary.get("input_shape") else None

    @property
    def output_shape(self):
        return tuple(self.summary["output_shape"]) if self.summary.get("output_shape") else None

    # -- what it does -----------------------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        """Fresh initial weights from the model's own initialisers under ``seed`` (the student's
        weights are dropped), and a freshly compiled optimizer."""
        self.summary = self._ask({"op": "reset", "handle": self._handle, "seed": _seed(seed)}, [], "reset")["summary"]

    def fit(self, x, y, epochs: int = 1, batch_size: int | None = None, validation_split: float = 0.0,
            shuffle: bool = True, seed: int | None = None, verbose=0) -> History:
        """``model.fit`` in the evaluator under ``seed`` (from ``checks.rng()`` when None)."""
        blobs: list[bytes] = []
        msg = {"op": "fit", "handle": self._handle, "x": wire.encode(_array(x), blobs), "y": wire.encode(_array(y), blobs),
               "epochs": int(epochs), "batch_size": int(batch_size or 32), "validation_split": float(validation_split),
               "shuffle": bool(shuffle), "seed": _seed(seed)}
        try:
            reply = self._ask(msg, blobs, "fit")
        except KerasError as e:
            self._record("fit", [], {"epochs": epochs, "batch_size": batch_size}, None, e.type_name)
            raise
        history = History(reply["history"], list(range(len(next(iter(reply["history"].values()), [])))),
                          {"epochs": reply["epochs"], "batch_size": batch_size})
        self._record("fit", [], {"epochs": epochs, "batch_size": batch_size}, history.history)
        return history

    def predict(self, x, verbose=0, batch_size=None) -> np.ndarray:
        x = _array(x)
        blobs: list[bytes] = []
        value = self._ask({"op": "predict", "handle": self._handle, "x": wire.encode(x, blobs)}, blobs, "predict").get("value")
        if type(value) is not np.ndarray:
            raise _lost("protocol")
        self._record("predict", [x], {}, value)
        return value

    def evaluate(self, x, y, verbose=0) -> dict:
        blobs: list[bytes] = []
        msg = {"op": "evaluate", "handle": self._handle, "x": wire.encode(_array(x), blobs), "y": wire.encode(_array(y), blobs)}
        value = self._ask(msg, blobs, "evaluate").get("value")
        self._record("evaluate", [], {}, value)
        return value

    # -- plumbing ---------------------------------------------------------------------------
    def _ask(self, msg: dict, blobs: list[bytes], what: str) -> dict:
        reply = evaluator().request(msg, blobs)
        if "refused" in reply:
            refused = reply["refused"] if isinstance(reply["refused"], dict) else {}
            raise checks.Fail(f"{self.label}: {refused.get('ko', '')}", f"{self.label}: {refused.get('en', '')}")
        if "error" in reply:
            error = reply["error"] if isinstance(reply["error"], dict) else {}
            raise KerasError(f"{self.label}.{what}", str(error.get("type", "Error")), str(error.get("message", "")))
        return reply

    def _record(self, what: str, args: list, kwargs: dict, result, error: str | None = None) -> None:
        records = getattr(self._student, "records", None)
        if records is not None and self.serial is not None:
            records.append(CallRecord(("keras", self.serial, what), args, kwargs, result=result, error=error))

    def __repr__(self) -> str:
        return f"<Keras model rebuilt by the grader from {self.label}>"


def _array(x) -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype.kind == "f" and arr.dtype != np.float32:
        arr = arr.astype(np.float32)  # what Keras computes in; also what a notebook passes
    return np.ascontiguousarray(arr)


def _seed(seed: int | None) -> int:
    return int(checks.rng().integers(2**31)) if seed is None else int(seed)


# ---------------------------------------------------------------------------------------------
# From a student's object (or, in the project's own tests, a local model) to a trusted one


class StudentKerasModel(RemoteObject):
    """A student's model object that tests may still pass to the student's functions (it stays
    that object in the student's process), but whose ``predict``, ``fit``, ``evaluate`` and
    descriptive attributes are answered by its :class:`KerasModel` in the evaluator."""

    def __init__(self, remote: RemoteObject, trusted: KerasModel):
        RemoteObject.__init__(self, remote._student, remote._ref, remote._kind, remote._type_name, remote._serial)
        object.__setattr__(self, "_generation", remote._generation)
        object.__setattr__(self, "trusted", trusted)

    def predict(self, x, *args, **kwargs):
        return self.trusted.predict(x)

    def fit(self, x, y, *args, **kwargs):
        return self.trusted.fit(x, y, *args, **kwargs)

    def evaluate(self, x, y, *args, **kwargs):
        return self.trusted.evaluate(x, y)

    loss = property(lambda self: self.trusted.loss)
    optimizer = property(lambda self: self.trusted.optimizer)
    layers = property(lambda self: self.trusted.layers)
    input_shape = property(lambda self: self.trusted.input_shape)
    output_shape = property(lambda self: self.trusted.output_shape)
    compiled = property(lambda self: self.trusted.compiled)

    def __repr__(self) -> str:
        return f"<student Keras model, rebuilt by the grader as {self.trusted.label}>"


def export(obj, label: str) -> tuple[ModelData, object, int | None]:
    """``obj`` as :class:`ModelData`, with the student (for records) and the object's serial.
    Raises :class:`checks.Fail` for anything that is not a Keras model."""
    try:
        if isinstance(obj, RemoteObject):
            obj._check_alive()
            value = obj._student.request({"op": "export_model", "target": {"ref": obj._ref}}, [])[0]
            return model_data(value, label), obj._student, obj._serial
        return model_data(export_local(obj), label), None, None
    except Refused as r:
        raise checks.Fail(r.ko, r.en) from None


def export_local(obj) -> dict:
    """A model of the grader's own process (the reference, in the project's tests) as the data a
    student process sends; trusted code, so no defence here beyond the type check."""
    import json

    keras = sys.modules.get("keras")
    if keras is None or not isinstance(obj, keras.Model):
        return {"refused": "not_a_model", "type": type(obj).__name__}
    architecture = json.loads(obj.to_json())
    architecture.pop("compile_config", None)
    settings = obj.get_compile_config() if obj.compiled else None
    return {"architecture": json.dumps(architecture), "compile": json.dumps(settings),
            "weights": [np.array(w) for w in obj.get_weights()]}


def keras_model(obj, label: str | None = None, seed: int | None = None) -> KerasModel:
    """The trusted :class:`KerasModel` of ``obj`` as it is now (architecture, compile settings and
    current weights: export again after training to get the trained weights). ``obj`` is a student
    object, a :class:`StudentKerasModel`, a :class:`KerasModel` (returned as is) or, in the
    project's own tests, a local Keras model. Raises :class:`checks.Fail` (bilingual) for anything
    that is not a real Keras model built from Keras's own layers, optimizers and losses."""
    if isinstance(obj, KerasModel):
        return obj
    label = label or (obj.trusted.label if isinstance(obj, StudentKerasModel) else "model")
    data, student, serial = export(obj, label)
    return KerasModel(data, label, student, serial, seed)


def trusted(value, label: str):
    """What a wrapped student function returns: a student object becomes a
    :class:`StudentKerasModel` (or fails as not a model); data and local objects are unchanged."""
    if isinstance(value, RemoteObject) and not isinstance(value, StudentKerasModel):
        return StudentKerasModel(value, keras_model(value, label))
    return value


class _ModelFunction:
    """A student function whose results are rebuilt in trusted code."""

    def __init__(self, fn, name: str):
        self._fn, self.__name__ = fn, name

    def __call__(self, *args, **kwargs):
        return trusted(self._fn(*args, **kwargs), f"{self.__name__}()")

    def call_reporting_mutation(self, *args, **kwargs):
        reporting = getattr(self._fn, "call_reporting_mutation", None)
        if reporting is None:
            return self(*args, **kwargs), []
        value, mutated = reporting(*args, **kwargs)
        return trusted(value, f"{self.__name__}()"), mutated


class TrustingNamespace:
    """A test's namespace in which the named functions return trusted models."""

    def __init__(self, env, names: set[str]):
        self._env, self._names = env, names

    def __getitem__(self, name: str):
        value = self._env[name]
        return _ModelFunction(value, name) if name in self._names and callable(value) else value

    def __contains__(self, name) -> bool:
        return name in self._env

    def get(self, name, default=None):
        return self[name] if name in self else default

    def keys(self):
        return self._env.keys()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._env, name)


def trusting(run, names: set[str]):
    """A test runner (``TestCase.run``) whose namespace returns trusted models for ``names``."""

    def run_trusting(env):
        return run(TrustingNamespace(env, set(names)))

    return run_trusting
