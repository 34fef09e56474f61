"""A Keras model as data, and the checks that keep a submission's model data from running code.

A model crosses from the student's process as :class:`ModelData`: its architecture (the text
of ``model.to_json()``), its compile settings (the JSON text of ``model.get_compile_config()``)
and its weights (plain numeric arrays). Nothing here imports TensorFlow, so the grader can check
the sizes and types of what a student process sent (:func:`model_data`) before anything reaches
the trusted evaluator, and the evaluator can walk the configuration (:func:`refusal`) before
Keras deserialises it.

Every refusal is a :class:`Refused` with a message in Korean and English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

MAX_ARCHITECTURE = 1 << 20  # characters of model.to_json()
MAX_COMPILE = 64 << 10  # characters of the compile settings
MAX_WEIGHTS = 512  # arrays
MAX_WEIGHT_BYTES = 64 << 20
MAX_UNITS = 1 << 16  # units/filters of one layer: keeps a model small enough to build
MAX_DEPTH = 64
MAX_NODES = 200_000

# Keras-internal markers that deserialise to plain values (a symbolic tensor, a tuple).
INTERNAL = {"__keras_tensor__", "__tuple__"}
# Config keys that carry Python code (a Lambda's function, marshalled bytecode, closures).
CODE_KEYS = {"function", "code", "closure", "defaults", "function_type", "module_fn"}
# Layers that wrap code or foreign models, even though Keras ships them.
CODE_LAYERS = {"Lambda", "TFSMLayer", "TorchModuleWrapper", "JaxLayer", "FlaxLayer"}
SIZE_KEYS = {"units", "filters", "output_dim", "input_dim", "num_heads", "key_dim"}


class Refused(Exception):
    """Model data the grader will not rebuild, with the reason in Korean and English."""

    def __init__(self, ko: str, en: str):
        super().__init__(en)
        self.ko, self.en = ko, en


@dataclass(frozen=True)
class ModelData:
    """What a model is, as data: architecture JSON text, compile-settings JSON text ("null" when
    not compiled), weights as numeric arrays in ``model.get_weights()`` order."""

    architecture: str
    compile: str
    weights: tuple


def not_a_model(label: str, detail_ko: str, detail_en: str) -> Refused:
    return Refused(f"{label}: Keras 모델이 아닙니다 ({detail_ko}). 점수는 0점입니다. keras.Sequential이나 "
                   "keras.Model(함수형 API)로 만든 모델을 compile해서 반환하세요.",
                   f"{label}: not a Keras model ({detail_en}), so it scores zero. Return a compiled "
                   "keras.Sequential or keras.Model (functional API).")


def model_data(value, label: str) -> ModelData:
    """Check the reply of a student process's ``export_model`` request (arbitrary data: the
    student's code could have written it) and return it as :class:`ModelData`.

    Raises :class:`Refused` for anything that is not the exported data of a Keras model."""
    if not isinstance(value, dict):
        raise not_a_model(label, "모델 데이터가 없습니다", "no model data came back")
    if "refused" in value:
        kind = str(value.get("type", ""))[:100]
        detail = str(value.get("detail", ""))[:300]
        if value.get("refused") == "no_config":
            raise Refused(
                f"{label}: 모델 구조를 데이터로 꺼낼 수 없습니다 ({detail}). 서브클래스 모델(call을 직접 쓴 클래스) 대신 "
                "keras.Sequential이나 함수형 API로 만드세요. 점수는 0점입니다.",
                f"{label}: the model's architecture cannot be exported as data ({detail}). Build it with "
                "keras.Sequential or the functional API instead of a subclassed model. It scores zero.")
        if value.get("refused") == "no_compile_config":
            raise Refused(f"{label}: compile 설정을 데이터로 꺼낼 수 없습니다 ({detail}). 내장 optimizer, loss, "
                          "metrics만 쓰세요. 점수는 0점입니다.",
                          f"{label}: the compile settings cannot be exported as data ({detail}). Use built-in "
                          "optimizers, losses and metrics only. It scores zero.")
        raise not_a_model(label, f"{kind or '알 수 없는'} 객체", f"an object of type {kind or 'unknown'}")
    architecture, compile_text, weights = value.get("architecture"), value.get("compile"), value.get("weights")
    if type(architecture) is not str or type(compile_text) is not str or type(weights) is not list:
        raise not_a_model(label, "구조·설정·가중치 형식이 맞지 않습니다", "malformed architecture, settings or weights")
    if len(architecture) > MAX_ARCHITECTURE or len(compile_text) > MAX_COMPILE:
        raise Refused(f"{label}: 모델 구조나 compile 설정이 너무 큽니다.", f"{label}: the model's architecture or compile settings are too large.")
    if len(weights) > MAX_WEIGHTS or any(type(w) is not np.ndarray or w.dtype.kind not in "fiub" for w in weights):
        raise not_a_model(label, "가중치가 숫자 배열이 아닙니다", "its weights are not numeric arrays")
    if sum(w.nbytes for w in weights) > MAX_WEIGHT_BYTES:
        raise Refused(f"{label}: 가중치가 {MAX_WEIGHT_BYTES >> 20} MiB보다 큽니다. 더 작은 모델을 만드세요.",
                      f"{label}: the weights exceed {MAX_WEIGHT_BYTES >> 20} MiB. Build a smaller model.")
    return ModelData(architecture, compile_text, tuple(weights))


def parse(text: str, what: str):
    """JSON text as data (strict: no NaN constants), or :class:`Refused`."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise Refused(f"{what}을(를) JSON으로 읽을 수 없습니다.", f"The {what} is not valid JSON.") from None


def _no_constant(name):
    raise ValueError(name)


def refusal(config, classes: set[str], functions: set[str]) -> None:
    """Walk a model's (or compile settings') configuration and raise :class:`Refused` unless every
    object it names is one of Keras's own: ``classes`` are the built-in class names (layers,
    models, optimizers, schedules, losses, metrics, initializers, regularizers, constraints, dtype
    policies), ``functions`` the built-in functions as ``"module.name"`` (activations, losses,
    metrics). Refused: Lambda and other code-carrying layers, any key holding code, any module
    outside ``keras``, any registered name with a package prefix, custom classes, oversized layers."""
    count = 0

    def walk(node, depth, key):
        nonlocal count
        count += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            raise Refused("모델 설정이 너무 깊거나 큽니다.", "The model's configuration is nested too deeply or too large.")
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1, key)
            return
        if type(node) is int and key in SIZE_KEYS and node > MAX_UNITS:
            raise Refused(f"층의 {key}={node}가 너무 큽니다 (최대 {MAX_UNITS}).",
                          f"A layer's {key}={node} is too large (at most {MAX_UNITS}).")
        if not isinstance(node, dict):
            return
        for k in node:
            if k in CODE_KEYS:
                raise Refused(
                    f"모델 설정에 코드('{k}')가 들어 있습니다 (Lambda 층이나 직접 만든 함수). 채점기는 코드를 실행하지 않으므로 "
                    "Keras 내장 층과 활성화 함수만 쓰세요. 점수는 0점입니다.",
                    f"The model's configuration holds code ('{k}': a Lambda layer or a function of your own). The "
                    "grader never runs code, so use Keras's built-in layers and activations only. It scores zero.")
        if "class_name" in node:
            _check_object(node, classes, functions)
        elif key == "activation":  # Keras stores a Python function of one's own as marshalled bytecode
            raise Refused("활성화 함수가 코드로 저장되어 있습니다 (직접 만든 함수). activation='relu'처럼 Keras 내장 "
                          "활성화 함수를 이름으로 쓰세요. 점수는 0점입니다.",
                          "An activation function is stored as code (a function of your own). Name a built-in "
                          "Keras activation instead (activation='relu'). It scores zero.")
        for k, v in node.items():
            if isinstance(v, (dict, list)) or type(v) is int:
                walk(v, depth + 1, k)

    walk(config, 0, None)


def _check_object(node: dict, classes: set[str], functions: set[str]) -> None:
    name, module, registered = node.get("class_name"), node.get("module"), node.get("registered_name")
    if type(name) is not str:
        raise Refused("모델 설정의 class_name이 문자열이 아닙니다.", "A class_name in the model's configuration is not a string.")
    shown = name[:60]
    if name in CODE_LAYERS or name == "__lambda__":
        raise Refused(
            f"{shown} 층은 파이썬 코드를 담고 있어 채점기가 다시 만들지 않습니다. Keras 내장 층(Dense, Dropout 등)과 "
            "activation='relu'처럼 이름으로 된 활성화 함수만 쓰세요. 점수는 0점입니다.",
            f"A {shown} layer carries Python code, which the grader never rebuilds. Use Keras's built-in layers "
            "(Dense, Dropout, ...) and activations given by name (activation='relu'). It scores zero.")
    if name in INTERNAL and module is None:
        return
    if not (isinstance(module, str) and (module == "keras" or module.startswith("keras."))):
        where = f"모듈 {str(module)[:60]}" if module else "노트북에서 정의한 클래스"
        where_en = f"module {str(module)[:60]}" if module else "a class defined in your notebook"
        raise Refused(
            f"{shown}은(는) Keras의 내장 클래스가 아닙니다 ({where}). 채점기는 직접 만든 층·모델·함수를 실행하지 "
            "않습니다. Keras 내장 층, optimizer, loss만 쓰세요. 점수는 0점입니다.",
            f"{shown} is not one of Keras's built-in classes ({where_en}). The grader never runs layers, models "
            "or functions of your own; use Keras's built-in layers, optimizers and losses. It scores zero.")
    if name == "function":
        config = node.get("config")
        if registered not in (None, config) or type(config) is not str or f"{module}.{config}" not in functions:
            raise Refused(f"{str(config)[:60]}은(는) Keras 내장 함수가 아닙니다. 점수는 0점입니다.",
                          f"{str(config)[:60]} is not a built-in Keras function. It scores zero.")
        return
    if registered not in (None, name) or name not in classes:
        raise Refused(
            f"{shown}(registered_name {str(registered)[:60]})은(는) Keras 내장 클래스가 아닙니다 (직접 등록한 클래스). "
            "Keras 내장 층, optimizer, loss만 쓰세요. 점수는 0점입니다.",
            f"{shown} (registered_name {str(registered)[:60]}) is not one of Keras's built-in classes (a registered "
            "class of your own). Use Keras's built-in layers, optimizers and losses. It scores zero.")
