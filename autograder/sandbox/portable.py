"""A test's portable function, rebuilt in the student process (see grader/portable.py).

The grader sends a function whose result depends only on its arguments (a gradient, a loss)
as its code and the constants it reads, so that student code calling it in a loop costs no
round trip per call. It runs with the student process's own numpy and builtins, exactly as
the test would run in the student's notebook under otter; it sees copies of its array
arguments, as it did when each call crossed the wire.
"""

from __future__ import annotations

import builtins
import importlib
import marshal
import types

import numpy as np

from autograder import wire

MODULES = frozenset({"numpy", "math", "cmath"})


def build(tag: dict, code_blob: bytes, dec) -> types.FunctionType:
    """The function a ``pyfn`` tag describes; :class:`wire.WireError` for anything else."""
    try:
        code = marshal.loads(code_blob)
    except (EOFError, ValueError, TypeError):
        raise wire.WireError("bad function code") from None
    if type(code) is not types.CodeType:
        raise wire.WireError("bad function code")
    modules, constants = tag.get("m"), dec(tag.get("g"))
    defaults, kwdefaults, closure = dec(tag.get("d")), dec(tag.get("k")), dec(tag.get("cl"))
    if not (type(modules) is dict and all(type(m) is str and m in MODULES for m in modules.values())
            and type(constants) is dict and type(defaults) is tuple and type(kwdefaults) is dict
            and type(closure) is tuple and len(closure) == len(code.co_freevars)):
        raise wire.WireError("bad function")
    for value in (*constants.values(), *defaults, *kwdefaults.values(), *closure):
        _freeze(value)  # read-only, as in the grader: a call cannot leave state for the next
    env = {"__builtins__": builtins, "__name__": "grader_function"}
    env.update({str(k): importlib.import_module(m) for k, m in modules.items()})
    env.update({str(k): v for k, v in constants.items()})
    fn = types.FunctionType(code, env, str(tag.get("n", "grader_function"))[:100], defaults or None,
                            tuple(types.CellType(v) for v in closure) or None)
    fn.__kwdefaults__ = kwdefaults or None

    def grader_function(*args, **kwargs):
        return fn(*[_copy(a) for a in args], **{k: _copy(a) for k, a in kwargs.items()})

    grader_function.__name__ = fn.__name__
    return grader_function


def _freeze(value) -> None:
    if type(value) is np.ndarray:
        value.flags.writeable = False
    elif type(value) in (tuple, frozenset):
        for x in value:
            _freeze(x)


def _copy(x):
    return x.copy() if type(x) is np.ndarray else x
