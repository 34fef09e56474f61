"""The remote namespace: what a test sees of the student's notebook.

``env["adam_step"]`` is a :class:`RemoteFunction`; calling it sends the arguments to the student
process and returns plain data. Classes and objects become :class:`RemoteObject` proxies whose
methods run there too. Grader-side functions passed as arguments reach the child as stubs that
call back. Every call is recorded (arguments, result, error, mutated inputs) so that diagnosis
can replay it on the known-wrong variants.

A child that dies or hangs costs the call in flight; the next use of the namespace starts a
fresh child that re-runs the notebook, skipping cells that crashed or hung before.
"""

from __future__ import annotations

import builtins
import importlib
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from autograder import wire
from autograder.grader.checks import Fail, running_hidden
from autograder.grader.portable import portable
from autograder.wire import Limits
from autograder.grader.student_process import Child, ChildLost, Zygote, decode_error


# ---------------------------------------------------------------------------------------------
# Student exceptions, re-raised in the grader as instances of the same built-in kind


class StudentError(Exception):
    """An exception raised by student code; its class also derives from the built-in kind."""

    def __init__(self, info: dict[str, str]):
        self.type_name, self.text, self.traceback = info["type"], info["message"], info["traceback"]
        super().__init__(f"{self.type_name}: {self.text}")


_error_classes: dict[str, type] = {}


def student_error(info: dict[str, str]) -> StudentError:
    for name in info.get("bases", []):
        base = getattr(builtins, name, None)
        if isinstance(base, type) and issubclass(base, Exception) and base is not Exception:
            if name not in _error_classes:
                _error_classes[name] = type(f"Student{name}", (StudentError, base), {})
            return _error_classes[name](info)
    return StudentError(info)


# ---------------------------------------------------------------------------------------------
# Records for diagnosis


@dataclass
class CallRecord:
    target: tuple  # ("global", name) | ("method", object_serial, name) | ("new", name)
    args: list
    kwargs: dict
    result: Any = None
    error: str | None = None
    mutated: list = field(default_factory=list)
    object_serial: int | None = None  # for ("new", ...) and method results that are objects


# ---------------------------------------------------------------------------------------------
# The owner of a submission's student process


@dataclass
class CellRun:
    index: int
    ok: bool
    error: dict | None
    stdout: str
    skipped: str | None = None  # "timeout" | "crashed" when a previous child died in this cell


@dataclass
class Budget:
    """What one submission may cost the grader, whatever its student processes do.

    Every request waits at most ``call_seconds`` and never past ``deadline`` (the submission's
    grading time); the notebook's cells share one ``notebook_seconds`` across restarts; the
    student process's replies (and the arguments of its callbacks) hold at most ``reply_bytes``
    per request and ``submission_bytes`` in all."""

    call_seconds: float = 10
    notebook_seconds: float = 120
    cell_seconds: float = 15
    deadline: float | None = None  # time.monotonic() value
    reply_bytes: int = 64 << 20
    submission_bytes: int = 512 << 20


class Student:
    """A submission's code, executed in a student process that is restarted when it dies."""

    MAX_STARTS = 4
    MAX_EVENTS = 50

    def __init__(self, zygote: Zygote, cells: list[str], limits: Limits, budget: Budget | None = None,
                 upto: int | None = None, files: dict[str, bytes] | None = None, data_model: bool = False):
        self.zygote, self.cells, self.limits = zygote, cells, limits
        # Operators on student objects (==, <, +, len, bool, ...) are evaluated by the student's
        # own code, so the student decides their outcome. otter's doctests need that (as in the
        # student's kernel); this course's tests compare data in the grader and refuse it.
        self.data_model = data_model
        # Cells run so far on every (re)start: all of them unless grading stops at otter's check
        # cells (run_to), and the support files written into the working directory first.
        self.upto = len(cells) if upto is None else max(0, min(upto, len(cells)))
        self.files = dict(files or {})
        self.modules: dict[str, str] = {}  # the student's names bound to modules: {name: module name}
        self.stdout_sink: list[str] | None = None  # where a call's printed output goes (doctests)
        self.budget = budget or Budget()
        self.call_seconds = self.budget.call_seconds
        self.events: list[dict] = []  # integrity events the grader observed (kills, violations)
        self.received_bytes = 0  # from student processes that are gone
        self.skip: dict[int, str] = {}
        self.child: Child | None = None
        self.generation = 0
        self.starts = 0
        self.cell_runs: list[CellRun] = []
        self.kinds: dict[str, str] = {}
        self.isolation: list[str] = []
        self.records: list[CallRecord] | None = None
        self.called: set[str] = set()
        self._callbacks: dict[int, Callable] = {}  # the grader functions of the test in flight
        self._callback_serial = 0
        self._objects = 0
        self.notebook_time = 0.0  # executing the notebook's cells
        self.spawn_time = 0.0  # forking and hardening student processes

    # -- budgets and what the grader saw ------------------------------------------------------
    def _seconds(self, wanted: float) -> float:
        """``wanted``, cut to the submission's remaining time; ChildLost when none is left."""
        if self.budget.deadline is None:
            return wanted
        left = self.budget.deadline - time.monotonic()
        if left <= 0:
            raise ChildLost("budget", "채점 시간 한도를 모두 써서 실행하지 않았습니다.",
                            "Not run: the submission used up its grading time.")
        return min(wanted, left)

    def _bytes_left(self, child: Child) -> int:
        used = self.received_bytes + child.channel.received
        left = self.budget.submission_bytes - used
        if left <= 0:
            child.kill()
            self._retire(child)
            raise ChildLost("oversized", "학생 프로세스가 이 제출물에 허용된 데이터 양을 모두 보냈습니다.",
                            "The student process has sent all the data allowed for this submission.")
        return min(self.budget.reply_bytes, left)

    def _ask(self, child: Child, msg: dict, blobs: list[bytes], seconds: float, callback=None):
        """One request within the budgets; a lost child is recorded as an integrity event."""
        try:
            return child.request(msg, blobs, self._seconds(seconds), callback, self._bytes_left(child))
        except ChildLost as lost:
            self._retire(child)
            self.note(lost.reason, lost.ko, lost.en)
            raise

    def _retire(self, child: Child) -> None:
        """Account for a child that is gone (once): its bytes, and what it showed on its way out."""
        if child.alive or getattr(child, "_retired", False):
            return
        child._retired = True
        self.received_bytes += child.channel.received
        for event in getattr(child, "events", ()):
            self.note(event.get("kind", "event"), event.get("ko", ""), event.get("en", ""))

    def note(self, kind: str, ko: str, en: str) -> None:
        """Record an integrity event: the same kind is counted, not repeated."""
        for event in self.events:
            if event["kind"] == kind:
                event["count"] += 1
                return
        if len(self.events) < self.MAX_EVENTS:
            self.events.append({"kind": str(kind)[:40], "count": 1, "ko": str(ko)[:300], "en": str(en)[:300]})

    # -- lifecycle --------------------------------------------------------------------------
    def ensure(self) -> Child:
        while self.child is None or not self.child.alive:
            if self.starts >= self.MAX_STARTS:
                raise ChildLost("gave_up", "학생 프로세스가 너무 여러 번 멈춰 남은 테스트를 실행하지 않습니다.",
                                "The student process failed too many times; remaining tests were not run.")
            self._start()
        return self.child

    def _start(self) -> None:
        self.starts += 1
        self.generation += 1
        self._seconds(0)  # no time left: no new student process
        t_spawn = time.monotonic()
        child = Child(self.zygote, self.limits)
        self.spawn_time += time.monotonic() - t_spawn
        self.isolation = child.isolation
        self.cell_runs = []
        if self.files:
            self._send_files(child)
        if self._run_cells(child, 0):
            self.child = child

    def _send_files(self, child: Child) -> None:
        blobs, entries = [], []
        for path, data in self.files.items():
            entries.append({"path": path, "b": len(blobs)})
            blobs.append(data)
        reply, _ = self._ask(child, {"op": "files", "files": entries}, blobs, self.call_seconds)
        if reply.get("error"):  # e.g. more than the working directory holds: the notebook runs without them
            self.note("files", "지원 파일을 학생 프로세스의 작업 폴더에 쓰지 못했습니다.",
                      "The support files could not be written into the student process's working directory.")

    def _run_cells(self, child: Child, first: int) -> bool:
        """Run cells ``first`` .. ``upto - 1`` on ``child``, then learn the names they bound;
        False when it was lost on the way (the cell is then skipped by the next start)."""
        runs = self.cell_runs
        t0 = time.monotonic()
        deadline = t0 + self.budget.notebook_seconds - self.notebook_time  # one budget across restarts
        named = False
        for index in range(first, self.upto):
            source = self.cells[index]
            if index in self.skip:
                runs.append(CellRun(index, False, None, "", skipped=self.skip[index]))
                continue
            remaining = min(deadline - time.monotonic(), self.budget.cell_seconds)
            try:
                if remaining <= 0:
                    raise ChildLost("timeout", "노트북 실행 시간 한도를 넘었습니다.", "The notebook ran out of time.")
                msg = {"op": "exec", "index": index, "source": source}
                if index == self.upto - 1:
                    msg["names"] = True  # the last cell's reply carries the names: one round trip less
                reply, _ = self._ask(child, msg, [], remaining)
            except ChildLost as lost:
                child.kill()  # already dead unless the notebook's time ran out between cells
                self._retire(child)
                self.notebook_time += time.monotonic() - t0
                if lost.reason == "budget":
                    raise
                self.skip[index] = lost.reason
                if self.notebook_time >= self.budget.notebook_seconds:  # the rest are not run at all
                    for rest in range(index + 1, len(self.cells)):
                        self.skip.setdefault(rest, "timeout")
                return False  # the loop in ensure() starts again without this cell
            error = decode_error(reply["error"]) if reply.get("error") else None
            runs.append(CellRun(index, error is None, error, str(reply.get("stdout", ""))[:20_000]))
            if "names" in reply:
                self._take_names(reply)
                named = True
        self.notebook_time += time.monotonic() - t0
        if not named:  # the last cell was skipped, or there are no cells to run
            self._take_names(self._ask(child, {"op": "names"}, [], self.call_seconds)[0])
        return True

    def _take_names(self, reply: dict) -> None:
        names = reply.get("names") if isinstance(reply.get("names"), dict) else {}
        self.kinds = {str(k)[:100]: str(v)[:20] for k, v in list(names.items())[:5000]}
        modules = reply.get("modules") if isinstance(reply.get("modules"), dict) else {}
        self.modules = {str(k)[:100]: str(v)[:200] for k, v in list(modules.items())[:1000]}

    def run_to(self, n: int) -> None:
        """Run the notebook on to cell ``n`` (exclusive): where otter's next ``grader.check`` is.
        Objects from before stay valid; a restart later re-runs the cells up to here."""
        n = max(0, min(n, len(self.cells)))
        if n <= self.upto:
            return
        self.upto = n
        child = self.child
        if child is None or not child.alive:
            return  # the next ensure() runs up to here
        self._run_cells(child, len(self.cell_runs))

    def close(self) -> None:
        if self.child is not None:
            self.child.kill()
            self._retire(self.child)

    # -- requests ---------------------------------------------------------------------------
    def request(self, msg: dict, blobs: list[bytes]) -> tuple[Any, list[str], dict]:
        """Send a request; return (value, labels of mutated array arguments, their new contents)."""
        child = self.ensure()
        reply, reply_blobs = self._ask(child, msg, blobs, self.call_seconds, self._serve_callback)
        if "stdout" in reply and self.stdout_sink is not None:  # what the call printed, for a doctest
            self.stdout_sink.append(str(reply["stdout"])[:20_000])
        if reply.get("error"):
            raise student_error(decode_error(reply["error"]))
        try:
            value = wire.decode(reply.get("value"), reply_blobs, from_handle=self._proxy_for)
            after = wire.decode(reply["after"], reply_blobs) if "after" in reply else {}
        except wire.WireError as e:
            child.kill()
            self._retire(child)
            self.note("protocol", "학생 프로세스의 응답을 해석할 수 없었습니다.", "A reply of the student process could not be decoded.")
            raise ChildLost("protocol", f"학생 프로세스의 응답을 해석할 수 없습니다: {e}",
                            f"Could not decode the student process's reply: {e}") from None
        if type(after) is not dict:
            after = {}
        return value, [str(m)[:40] for m in list(after)[:50]], after

    def encode_args(self, args, kwargs) -> tuple[dict, list[bytes]]:
        """The ``args`` and ``kwargs`` entries of a request, and the blobs they refer to."""
        blobs: list[bytes] = []
        try:
            return wire.encode_call(args, kwargs, blobs, to_handle=self._handle_for), blobs
        except wire.Unencodable as e:
            raise TypeError(f"test argument cannot be sent to the student process: {e}") from None

    def _handle_for(self, value) -> wire.Handle | wire.PortableFunction:
        if isinstance(value, RemoteObject):
            if value._generation != self.generation:
                raise wire.Unencodable("object from a previous student process")
            return wire.Handle(value._ref, "object")
        if callable(value):
            # A public test's function that keeps no state runs in the student process, with no
            # round trip per call; a hidden test's code never goes there.
            function = None if running_hidden() else portable(value)
            if function is not None:
                return function
            self._callback_serial += 1  # never reused: a stale id reaches nothing
            self._callbacks[self._callback_serial] = value
            return wire.Handle(self._callback_serial, "callback")
        raise wire.Unencodable(f"{type(value).__name__} is not data")

    def forget_callbacks(self) -> None:
        """After a test: its functions are no longer reachable from the student process."""
        self._callbacks.clear()

    def _proxy_for(self, handle: wire.Handle) -> Any:
        self._objects += 1
        return RemoteObject(self, handle.id, handle.kind, handle.type_name, self._objects)

    def _serve_callback(self, msg: dict, blobs: list[bytes]) -> tuple[dict, list[bytes]]:
        fn = self._callbacks.get(msg.get("id"))
        try:
            if fn is None:
                raise wire.WireError("unknown callback")
            args, kwargs = wire.decode_call(msg, blobs, from_handle=self._proxy_for)
            result = fn(*args, **kwargs)
            out: list[bytes] = []
            return {"value": wire.encode(result, out)}, out
        except Exception as e:  # noqa: BLE001 - reported to the child as a failed callback
            return {"error": f"{type(e).__name__}: {e}"[:300]}, []

    def apply(self, fn: str, *args) -> Any:
        """One data-model operation evaluated in the student process (``student._OPS``); its
        result comes back as data, or as a proxy."""
        if not self.data_model:
            kind = next((a._type_name for a in args if isinstance(a, RemoteObject)), "object")
            raise TypeError(f"{fn}() on a student object of type {kind}: the grader compares data (numbers, "
                            f"arrays, lists), not objects / 채점기는 객체가 아니라 데이터(수, 배열, 리스트)를 비교합니다")
        encoded, blobs = self.encode_args(args, {})
        return self.request({"op": "apply", "fn": fn, **encoded}, blobs)[0]

    # -- calls ------------------------------------------------------------------------------
    def call(self, target: dict, label: tuple, args, kwargs) -> tuple[Any, list[str]]:
        """Call student code. Arrays it modified in place are modified here too, as they would
        be in the student's own kernel, so a plain ``assert np.array_equal(w, w0)`` sees it."""
        encoded, blobs = self.encode_args(args, kwargs)
        record = CallRecord(label, [_copy(x) for x in args], {n: _copy(x) for n, x in kwargs.items()})
        if self.records is not None:
            self.records.append(record)
        try:
            value, mutated, after = self.request({"op": "call", "target": target, **encoded}, blobs)
        except StudentError as e:
            record.error = e.type_name
            raise
        except ChildLost as e:
            record.error = e.reason
            raise
        record.result, record.mutated = value, mutated
        if isinstance(value, RemoteObject):
            record.object_serial = value._serial
        _write_back(after, args, kwargs)
        return value, mutated


def _copy(x):
    return x.copy() if isinstance(x, np.ndarray) else x


def _write_back(after: dict, args, kwargs) -> None:
    """In-place changes go only into writeable arrays: what outlives a test is read-only
    (:mod:`autograder.grader.frozen`), so a submission cannot reach another test's data."""
    for label, new in after.items():
        if isinstance(label, str) and label.startswith("arg ") and label[4:].isdigit():
            i = int(label[4:]) - 1
            target = args[i] if 0 <= i < len(args) else None
        else:
            target = kwargs.get(label)
        if isinstance(target, np.ndarray) and isinstance(new, np.ndarray) and new.shape == target.shape \
                and target.flags.writeable:
            np.copyto(target, new, casting="unsafe")


# ---------------------------------------------------------------------------------------------
# Proxies


class RemoteFunction:
    """A student function (or class, or bound method) that runs in the student process."""

    def __init__(self, student: Student, target: dict, label: tuple, name: str):
        self._student, self._target, self._label = student, target, label
        self.__name__ = name

    def call_reporting_mutation(self, *args, **kwargs):
        self._student.called.add(self._label[1] if self._label[0] == "global" else self._label[-1])
        return self._student.call(self._target, self._label, args, kwargs)

    def __call__(self, *args, **kwargs):
        return self.call_reporting_mutation(*args, **kwargs)[0]

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"


def _forward(fn: str, reflected: bool = False):
    def op(self, *args):
        self._check_alive()
        return self._student.apply(fn, *args, self) if reflected else self._student.apply(fn, self, *args)

    op.__name__ = f"__{fn}__"
    return op


class RemoteObject:
    """An object living in the student process: attributes are fetched as data copies,
    methods are called remotely. Python's data model as doctests use it (``len``, ``[]``,
    iteration, ``in``, arithmetic, comparison) is forwarded: each operation is evaluated in the
    student process and its result comes back as data (a test then compares that data itself).
    Its ``repr`` here is local; :meth:`Student.apply` ``("repr", obj)`` gives the student's."""

    def __init__(self, student: Student, ref: int, kind: str, type_name: str, serial: int):
        object.__setattr__(self, "_student", student)
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_type_name", type_name)
        object.__setattr__(self, "_serial", serial)
        object.__setattr__(self, "_generation", student.generation)

    def _check_alive(self) -> None:
        if self._generation != self._student.generation:
            raise ChildLost("restarted", "학생 프로세스가 다시 시작되어 이 객체는 사라졌습니다.",
                            "The student process was restarted; this object is gone.")

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        self._check_alive()
        value = self._student.request({"op": "getattr", "target": {"ref": self._ref}, "name": name}, [])[0]
        if isinstance(value, RemoteObject) and value._kind in ("function", "class"):
            return RemoteFunction(self._student, {"ref": value._ref}, ("method", self._serial, name), name)
        if self._student.records is not None:
            self._student.records.append(CallRecord(("getattr", self._serial, name), [], {}, result=value))
        return value

    def __setattr__(self, name: str, value) -> None:
        self._check_alive()
        if self._student.records is not None:
            self._student.records.append(CallRecord(("setattr", self._serial, name), [_copy(value)], {}))
        encoded, blobs = self._student.encode_args([value], {})
        self._student.request({"op": "setattr", "target": {"ref": self._ref}, "name": name,
                               "value": encoded["args"][0]}, blobs)

    def __call__(self, *args, **kwargs):
        self._check_alive()
        return self._student.call({"ref": self._ref}, ("object-call", self._serial, ""), args, kwargs)[0]

    def __repr__(self) -> str:
        return f"<student object of type {self._type_name}>"

    def __str__(self) -> str:
        try:
            return str(self._student.apply("str", self))
        except (StudentError, ChildLost):
            return repr(self)

    __hash__ = object.__hash__  # identity, as the grader holds it (comparisons are forwarded)
    __len__ = _forward("len")
    __iter__ = _forward("iter")
    __next__ = _forward("next")
    __contains__ = _forward("contains")
    __bool__ = _forward("bool")
    __getitem__ = _forward("getitem")
    __setitem__ = _forward("setitem")
    __delitem__ = _forward("delitem")
    __int__ = _forward("int")
    __float__ = _forward("float")
    __complex__ = _forward("complex")
    __index__ = _forward("index")
    __abs__ = _forward("abs")
    __round__ = _forward("round")
    __reversed__ = _forward("reversed")
    __format__ = _forward("format")
    __neg__, __pos__, __invert__ = _forward("neg"), _forward("pos"), _forward("invert")
    __eq__, __ne__ = _forward("eq"), _forward("ne")
    __lt__, __le__, __gt__, __ge__ = _forward("lt"), _forward("le"), _forward("gt"), _forward("ge")
    for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "lshift", "rshift"):
        locals()[f"__{_name}__"] = _forward(_name)
        locals()[f"__r{_name}__"] = _forward(_name, reflected=True)
    for _name, _op in (("and", "and_"), ("or", "or_"), ("xor", "xor")):
        locals()[f"__{_name}__"] = _forward(_op)
        locals()[f"__r{_name}__"] = _forward(_op, reflected=True)
    del _name, _op


class GraderLimit(Exception):
    """Not the student's fault: a value or module the grader cannot take over from the student
    process (a transport limit, or a package missing from the grader's environment)."""

    def __init__(self, ko: str, en: str):
        super().__init__(en)
        self.ko, self.en = ko, en


_MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}(?:\.[A-Za-z_][A-Za-z0-9_]{0,99}){0,9}")
_NOT_BOUND = {"antigravity", "this", "__main__", "__hello__", "__phello__", "autograder", "otter"}


def grader_module(module_name: str, name: str):
    """The grader's own import of the module the student's ``name`` refers to (otter's tests run
    in the student's globals, so ``pd`` or ``stats`` there are modules). Only a module name, as
    reported, is used: never the student's module object, path or code."""
    if not _MODULE_NAME.fullmatch(module_name) or module_name.split(".")[0] in _NOT_BOUND:
        raise GraderLimit(f"`{name}`: 모듈 이름 {module_name[:80]!r}은(는) 채점기에서 쓸 수 없습니다.",
                          f"`{name}`: the module name {module_name[:80]!r} cannot be used by the grader.")
    try:
        return importlib.import_module(module_name)
    except ImportError:
        raise GraderLimit(
            f"노트북의 `{name}`은(는) 모듈 `{module_name}`인데 채점기 환경에 이 모듈이 없습니다 (requirements를 확인하세요).",
            f"`{name}` in the notebook is the module `{module_name}`, which the grader's environment lacks "
            f"(check the assignment's requirements).") from None


class Missing:
    """A name the student did not define: any use fails with a clear message."""

    def __init__(self, name: str):
        self.__name__ = name

    def _fail(self, *args, **kwargs):
        raise Fail(f"노트북에 `{self.__name__}`이(가) 정의되어 있지 않습니다. 이름과 철자를 확인하고 그 셀을 실행했는지 확인하세요.",
                   f"`{self.__name__}` is not defined in your notebook. Check the name's spelling and that its cell runs.")

    __call__ = _fail

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        self._fail()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"<undefined {self.__name__}>"


class RemoteNamespace:
    """The student's globals as a test sees them (otter's ``env``)."""

    def __init__(self, student: Student):
        self._student = student

    def __getitem__(self, name: str):
        student = self._student
        student.ensure()
        kind = student.kinds.get(name)
        if kind is None:
            if name in student.modules:
                return grader_module(student.modules[name], name)
            return Missing(name)
        if kind in ("function", "class"):
            return RemoteFunction(student, {"name": name}, ("global", name), name)
        return student.request({"op": "get", "name": name}, [])[0]

    def get(self, name: str, default=None):
        return self[name] if name in self else default

    def __contains__(self, name: str) -> bool:
        self._student.ensure()
        return name in self._student.kinds or name in self._student.modules

    def keys(self):
        self._student.ensure()
        return list(self._student.kinds)

    def module(self, name: str) -> RemoteObject:
        """A module imported in the student process, e.g. ``env.module("keras.utils")``."""
        return self._student.request({"op": "import", "module": name}, [])[0]
