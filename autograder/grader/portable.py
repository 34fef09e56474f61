"""Which of a test's functions the student process may run itself.

A test passes functions to student code: a gradient for ``optimize``, a loss for a training
loop. Run in the grader, each call the student makes is a round trip (otter's doctests on
04_optimizers: ~230 per submission; this course's public tests: ~130). A function whose result
depends only on its arguments can run in the student process instead, as otter itself runs it:
nothing the student does there changes what the grader computes or compares, and the student
could already call it with any argument it likes. A function the test learns from (one that
records its calls in a list, a counter, a global) must see every call and stays here.

So a function is portable when, checked on its bytecode and every code object nested in it:
it is a plain function (not a generator or coroutine, not a method) of a public test (a hidden
test's code stays hidden: its functions always run here); it assigns no global, no attribute
and no closure cell it shares with the test, and imports nothing; every global it reads is numpy, math or cmath, or immutable data; its
closure cells and defaults hold immutable data. Immutable data is None, numbers, strings,
bytes, tuples and frozensets of these, and read-only numeric arrays (a test module's arrays
are frozen when it loads), at most 1 MiB of arrays in all, since they travel with every call.
Anything else, and anything unsure, stays a callback.
"""

from __future__ import annotations

import builtins
import dis
import marshal
import types
from typing import Any

import numpy as np

from autograder import wire

MODULES = frozenset({"numpy", "math", "cmath"})  # the student process resolves them itself
MAX_DATA = 1 << 20  # bytes of arrays a portable function may carry
_FLAGS = 0x20 | 0x80 | 0x100 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_ASYNC_GENERATOR
_READS = frozenset({"LOAD_GLOBAL", "LOAD_NAME"})
# State it could keep or change: globals, attributes (of a module, say), imports, and the
# closure cells it shares with the test (``nonlocal count; count += 1``).
_REFUSED = frozenset({"STORE_GLOBAL", "DELETE_GLOBAL", "STORE_NAME", "DELETE_NAME", "IMPORT_NAME",
                      "IMPORT_STAR", "LOAD_CLASSDEREF", "STORE_ATTR", "DELETE_ATTR"})
_CELL_WRITES = frozenset({"STORE_DEREF", "DELETE_DEREF"})
_analysed: dict[types.CodeType, tuple[tuple[str, ...], bytes] | None] = {}


def portable(fn: Any) -> wire.PortableFunction | None:
    """``fn`` as a :class:`wire.PortableFunction`, or None when it must run in the grader."""
    if type(fn) is not types.FunctionType:
        return None
    analysis = _analyse(fn.__code__)
    if analysis is None:
        return None
    names, code = analysis
    modules, constants = {}, {}
    g = fn.__globals__
    for name in names:
        if dict.__contains__(g, name):  # not a dict subclass's __missing__ (a doctest's student names)
            value = dict.__getitem__(g, name)
            if isinstance(value, types.ModuleType) and value.__name__ in MODULES:
                modules[name] = value.__name__
            elif _immutable(value, 0):
                constants[name] = value
            else:
                return None
        elif not hasattr(builtins, name):
            return None
    closure = tuple(_cell(c) for c in fn.__closure__ or ())
    defaults, kwdefaults = fn.__defaults__ or (), dict(fn.__kwdefaults__ or {})
    if any(c is _EMPTY for c in closure) or not _immutable((closure, defaults, tuple(kwdefaults.values())), 0):
        return None
    if _array_bytes((tuple(constants.values()), closure, defaults, tuple(kwdefaults.values()))) > MAX_DATA:
        return None  # sent with every call that passes it: large data stays here
    return wire.PortableFunction(code, fn.__name__, modules, constants, defaults, kwdefaults, closure)


def _analyse(code: types.CodeType) -> tuple[tuple[str, ...], bytes] | None:
    """(globals it reads, marshalled code), or None; once per code object."""
    if code in _analysed:
        return _analysed[code]
    names: set[str] = set()
    result = None
    if _scan(code, names, frozenset(code.co_freevars)):
        result = (tuple(sorted(names)), marshal.dumps(_anonymous(code)))
    if len(_analysed) > 512:
        _analysed.clear()
    _analysed[code] = result
    return result


def _scan(code: types.CodeType, names: set[str], shared: frozenset) -> bool:
    """Whether ``code`` and the code nested in it keep no state; ``shared`` are the closure
    cells of the function itself (its own local cells, a nested lambda's, are made anew)."""
    if code.co_flags & _FLAGS:
        return False
    for ins in dis.get_instructions(code):
        if ins.opname in _REFUSED or (ins.opname in _CELL_WRITES and ins.argval in shared):
            return False
        if ins.opname in _READS:
            names.add(ins.argval)
    return all(_scan(c, names, shared) for c in code.co_consts if isinstance(c, types.CodeType))


def _anonymous(code: types.CodeType) -> types.CodeType:
    """``code`` without the grader's file path, in it and in every code object nested in it."""
    consts = tuple(_anonymous(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename="<grader function>", co_consts=consts)


_EMPTY = object()


def _cell(cell) -> Any:
    try:
        return cell.cell_contents
    except ValueError:
        return _EMPTY


def _array_bytes(value: Any) -> int:
    if type(value) is np.ndarray:
        return value.nbytes
    if type(value) in (tuple, frozenset):
        return sum(_array_bytes(x) for x in value)
    return 0


def _immutable(value: Any, depth: int) -> bool:
    if depth > 8:
        return False
    t = type(value)
    if value is None or t in (bool, int, float, complex, str, bytes):
        return True
    if t is tuple or t is frozenset:
        return all(_immutable(x, depth + 1) for x in value)
    if t is np.ndarray:
        return not value.flags.writeable and value.dtype.kind in "biufc"
    return isinstance(value, np.generic) and value.dtype.kind in "biufc"
