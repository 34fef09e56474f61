"""The student process: execute the notebook's cells, then answer the grader's requests.

Runs untrusted code, so nothing here is trusted by the grader: every reply is data that the
grader decodes strictly and checks itself. Requests (one frame each, answered by one frame):

    exec     {source, index}           run one code cell; reply {ok, error?, stdout}
    names    {}                        the student's globals and what kind each is
    get      {name}                    a global's value (data, or a handle to an object)
    call     {target, args?, kwargs?}  call a global or a handle; reply {value, after?} or {error};
                                       ``after`` maps each array argument it modified in place
                                       ("arg 1", or the keyword) to its new contents
    getattr  {ref, name} / setattr {ref, name, value}
    import   {module}                  a handle to a module (e.g. to seed Keras)
    export_model {target}              a Keras model as data: architecture JSON, compile settings
                                       JSON, weights as arrays (the grader rebuilds it itself)
    apply    {fn, args}                one operation of Python's data model (len, [], iteration,
                                       in, arithmetic, comparison, repr ...) from a fixed table,
                                       on handles and data; reply {value, stdout?}
    files    {files: [{path, b}]}      write support files (otter's files/) into the working
                                       directory

``names`` also lists the modules the student's globals hold ({name: module.__name__}); a call
or an ``apply`` that printed replies with what it printed (``stdout``).

While serving a call, the student process may send {op: callback} to run a grader-side
function passed as an argument, and waits for the grader's {op: return}.
"""

from __future__ import annotations

import builtins
import io
import re
import sys
import traceback
import types
from typing import Any

import numpy as np

from autograder import wire
from autograder.sandbox import portable

STDOUT_CAP = 20_000  # characters kept per cell


class CappedWriter(io.TextIOBase):
    """A stdout replacement that keeps the first ``cap`` characters and counts the rest."""

    def __init__(self, cap: int = STDOUT_CAP):
        self.cap, self.parts, self.size, self.dropped = cap, [], 0, 0

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... [{self.dropped} characters not shown / 출력 {self.dropped}자 생략]"
        self.parts, self.size, self.dropped = [], 0, 0
        return text


_MAGIC = re.compile(r"^(\s*)([%!].*)$")


def neutralise(source: str) -> str:
    """Replace IPython magics and shell escapes (``%...``, ``%%...``, ``!...``) with ``pass``."""
    if source.lstrip().startswith("%%"):
        return "pass"
    return "\n".join(_MAGIC.sub(r"\1pass", line) for line in source.splitlines())


class _NoIPython:
    """``get_ipython()`` outside IPython: every method does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _display(*objs, **kwargs):
    for obj in objs:
        print(repr(obj))


class StudentProcess:
    def __init__(self, sock):
        self.channel = wire.Channel(sock)
        self.ns: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins,
                                   "get_ipython": _NoIPython, "display": _display}
        self.objects: dict[int, Any] = {}
        self.out = CappedWriter()
        sys.stdout = sys.stderr = self.out

    # -- the loop ---------------------------------------------------------------------------
    def serve(self) -> None:
        handlers = {"exec": self.exec_cell, "names": self.names, "get": self.get, "call": self.call,
                    "getattr": self.getattr, "setattr": self.setattr, "import": self.import_module,
                    "export_model": self.export_model, "apply": self.apply, "files": self.write_files}
        while True:
            try:
                msg, blobs = self.channel.recv()
            except (EOFError, OSError):
                return
            handler = handlers.get(msg.get("op"))
            reply_blobs: list[bytes] = []
            try:
                if handler is None:
                    raise wire.WireError(f"unknown request {msg.get('op')!r}")
                reply = handler(msg, blobs, reply_blobs)
            except BaseException as e:  # noqa: BLE001 - every student failure becomes data
                reply_blobs = []
                reply = {"op": "result", "error": describe(e)}
            reply.setdefault("op", "result")
            try:
                self.channel.send(reply, reply_blobs)
            except wire.Unencodable as e:
                self.channel.send({"op": "result", "error": describe(e)})

    # -- requests ---------------------------------------------------------------------------
    def exec_cell(self, msg, blobs, out_blobs) -> dict:
        index = msg.get("index", 0)
        source = neutralise(str(msg.get("source", "")))
        error = None
        try:
            code = compile(source, f"<cell {index}>", "exec")
            exec(code, self.ns)
        except BaseException as e:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            error = describe(e)
        reply = {"ok": error is None, "error": error, "stdout": self.out.take()}
        if msg.get("names"):  # the grader's next question, answered in the same reply
            try:
                reply.update(self.names(msg, blobs, out_blobs))
            except Exception:  # noqa: BLE001 - the grader then asks with a "names" request
                pass
        return reply

    def names(self, msg, blobs, out_blobs) -> dict:
        kinds, modules = {}, {}
        for name, value in list(self.ns.items()):
            if name.startswith("_") or name in ("get_ipython", "display", "In", "Out", "exit", "quit"):
                continue
            if isinstance(value, types.ModuleType):
                modules[name] = str(getattr(value, "__name__", ""))[:200]
                continue
            kinds[name] = _kind(value)
        return {"names": kinds, "modules": modules}

    def get(self, msg, blobs, out_blobs) -> dict:
        name = str(msg.get("name"))
        if name not in self.ns:
            raise NameError(name)
        return {"value": self.encode(self.ns[name], out_blobs)}

    def call(self, msg, blobs, out_blobs) -> dict:
        target = self.resolve(msg.get("target"))
        args, kwargs = wire.decode_call(msg, blobs, from_handle=self._from_handle, make_function=portable.build)
        # An argument counts as modified when its bytes changed (a cheap exact test, NaN included).
        snapshot = [(label, a, a.shape, a.tobytes()) for label, a in _array_args(args, kwargs)]
        value = target(*args, **kwargs)
        changed = {label: a for label, a, shape, before in snapshot if a.shape != shape or a.tobytes() != before}
        printed = self.out.take() if self.out.parts or self.out.dropped else ""
        reply = {"value": self.encode(value, out_blobs)}
        if printed:
            reply["stdout"] = printed
        if changed:
            reply["after"] = wire.encode(changed, out_blobs)
        return reply

    def getattr(self, msg, blobs, out_blobs) -> dict:
        obj = self.resolve(msg.get("target"))
        return {"value": self.encode(getattr(obj, str(msg.get("name"))), out_blobs)}

    def setattr(self, msg, blobs, out_blobs) -> dict:
        obj = self.resolve(msg.get("target"))
        setattr(obj, str(msg.get("name")), self.decode(msg.get("value"), blobs))
        return {"value": None}

    def import_module(self, msg, blobs, out_blobs) -> dict:
        import importlib

        return {"value": self.encode(importlib.import_module(str(msg.get("module"))), out_blobs)}

    def export_model(self, msg, blobs, out_blobs) -> dict:
        """A Keras model as data: {value: {architecture, compile, weights}} (see export_keras),
        or {value: {refused, type, detail}} for anything that is not one."""
        return {"value": wire.encode(export_keras(self.resolve(msg.get("target"))), out_blobs)}

    def apply(self, msg, blobs, out_blobs) -> dict:
        """One data-model operation (``_OPS``) on student objects and data; its result is data
        (or a handle), and what it printed comes back with it."""
        fn = _OPS.get(str(msg.get("fn")))
        if fn is None:
            raise wire.WireError(f"unknown operation {str(msg.get('fn'))[:30]!r}")
        args, _ = wire.decode_call(msg, blobs, from_handle=self._from_handle, make_function=portable.build)
        value = fn(*args)
        printed = self.out.take() if self.out.parts or self.out.dropped else ""
        reply = {"value": self.encode(value, out_blobs)}
        if printed:
            reply["stdout"] = printed
        return reply

    def write_files(self, msg, blobs, out_blobs) -> dict:
        """Support files from the grader, written relative to the working directory."""
        import os

        for entry in msg.get("files", []):
            path, index = str(entry.get("path", "")), entry.get("b")
            parts = path.split("/")
            if not path or path.startswith("/") or ".." in parts or type(index) is not int or not 0 <= index < len(blobs):
                raise wire.WireError("bad support file")
            if len(parts) > 1:
                os.makedirs("/".join(parts[:-1]), exist_ok=True)
            with open(path, "wb") as f:
                f.write(blobs[index])
        return {"value": None}

    # -- values -----------------------------------------------------------------------------
    def resolve(self, target) -> Any:
        if isinstance(target, dict) and "name" in target:
            name = str(target["name"])
            if name not in self.ns:
                raise NameError(f"name '{name}' is not defined")
            return self.ns[name]
        if isinstance(target, dict) and type(target.get("ref")) is int and target["ref"] in self.objects:
            return self.objects[target["ref"]]
        raise wire.WireError("unknown call target")

    def encode(self, value, blobs) -> Any:
        return wire.encode(value, blobs, to_handle=self._register)

    def _register(self, obj) -> wire.Handle:
        handle_id = len(self.objects) + 1
        self.objects[handle_id] = obj
        return wire.Handle(handle_id, _kind(obj), type(obj).__name__ if not isinstance(obj, type) else obj.__name__)

    def decode(self, data, blobs) -> Any:
        return wire.decode(data, blobs, from_handle=self._from_handle, make_function=portable.build)

    def _from_handle(self, handle: wire.Handle) -> Any:
        if handle.kind == "callback":
            return self._callback_stub(handle.id)
        if handle.id not in self.objects:
            raise wire.WireError("unknown object handle")
        return self.objects[handle.id]

    def _callback_stub(self, callback_id: int):
        def grader_function(*args, **kwargs):
            blobs: list[bytes] = []
            payload = {"op": "callback", "id": callback_id,
                       **wire.encode_call(args, kwargs, blobs, to_handle=self._register)}
            self.channel.send(payload, blobs)
            reply, reply_blobs = self.channel.recv()
            if reply.get("op") != "return":
                raise wire.WireError("expected the callback's return")
            if reply.get("error"):
                raise RuntimeError(f"the grader's function failed: {str(reply['error'])[:300]}")
            return self.decode(reply.get("value"), reply_blobs)

        grader_function.__name__ = f"grader_function_{callback_id}"
        return grader_function


def _getitem(obj, key):
    return obj[key]


def _setitem(obj, key, value):
    obj[key] = value


def _delitem(obj, key):
    del obj[key]


def _contains(obj, item):
    return item in obj


def _next(obj, *default):
    return next(obj, *default)


def _binary(name):
    import operator

    return getattr(operator, name)


# The operations a proxy forwards (grader/remote.py RemoteObject), each a plain function of its
# arguments; a reflected operator is the same function with its arguments swapped.
_OPS: dict[str, Any] = {
    "len": len, "iter": iter, "next": _next, "contains": _contains, "bool": bool, "repr": repr, "str": str,
    "int": int, "float": float, "complex": complex, "index": lambda x: x.__index__(), "hash": hash,
    "getitem": _getitem, "setitem": _setitem, "delitem": _delitem, "abs": abs, "round": round,
    "list": list, "reversed": reversed, "format": format,
    **{name: _binary(name) for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul",
                                        "and_", "or_", "xor", "lshift", "rshift", "neg", "pos", "invert",
                                        "eq", "ne", "lt", "le", "gt", "ge")},
}


def _kind(value) -> str:
    if isinstance(value, type):
        return "class"
    if callable(value):
        return "function"
    if isinstance(value, (np.ndarray, np.generic, int, float, complex, str, bool, list, tuple, dict, type(None))):
        return "data"
    return "object"


def _array_args(args, kwargs):
    for i, a in enumerate(args):
        if type(a) is np.ndarray:
            yield f"arg {i + 1}", a
    for k, a in kwargs.items():
        if type(a) is np.ndarray:
            yield str(k), a


_BUILTIN_EXCEPTIONS = {name for name, obj in vars(builtins).items()
                       if isinstance(obj, type) and issubclass(obj, BaseException)}


def describe(e: BaseException) -> dict:
    """An exception as data: its type, the built-in kinds it derives from, message, traceback."""
    try:
        message = str(e)[:2000]
    except BaseException:  # noqa: BLE001 - a hostile __str__
        message = "<unprintable message>"
    try:
        frames = traceback.extract_tb(e.__traceback__)
        student = [f for f in frames if f.filename.startswith("<cell")]
        tb = "".join(traceback.format_list(student[-8:]))[:4000]
    except BaseException:  # noqa: BLE001
        tb = ""
    bases = [c.__name__ for c in type(e).__mro__ if c.__module__ == "builtins" and c.__name__ in _BUILTIN_EXCEPTIONS]
    return {"type": type(e).__name__[:100], "bases": bases[:20], "message": message, "traceback": tb}


def export_keras(obj) -> dict:
    """A Keras model as plain data: ``architecture`` (the text of ``model.to_json()``, without its
    compile settings), ``compile`` (the JSON text of ``model.get_compile_config()``, "null" when not
    compiled) and ``weights`` (``model.get_weights()`` as arrays). Anything else gives
    ``{"refused": reason, "type": ..., "detail": ...}``. Keras is looked up, never imported: a
    notebook that did not import it has no Keras model to export."""
    import json

    keras = sys.modules.get("keras")
    kind = type(obj).__name__[:100]
    if keras is None or not isinstance(obj, getattr(keras, "Model", ())):
        return {"refused": "not_a_model", "type": kind}
    try:
        architecture = json.loads(obj.to_json())
        architecture.pop("compile_config", None)
        architecture = json.dumps(architecture)
    except Exception as e:  # noqa: BLE001 - e.g. a subclassed model without get_config
        return {"refused": "no_config", "type": kind, "detail": f"{type(e).__name__}: {e}"[:300]}
    try:
        settings = obj.get_compile_config() if getattr(obj, "compiled", False) else None
        compile_text = json.dumps(settings, default=_json_number)
    except Exception as e:  # noqa: BLE001 - a compile setting that is not data
        return {"refused": "no_compile_config", "type": kind, "detail": f"{type(e).__name__}: {e}"[:300]}
    weights = [np.array(w) for w in obj.get_weights()]
    return {"architecture": architecture, "compile": compile_text, "weights": weights}


def _json_number(value):
    """numpy scalars in a Keras config as JSON numbers; anything else is not data."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not data")
