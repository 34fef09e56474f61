"""State that outlives one test is read-only, so no submission can change what another sees.

A student function that modifies its array arguments in place has those changes written back
into the test's arrays (as in the student's own kernel), but only into arrays that are
writeable. Test files, the reference and the variants are loaded once per worker and serve
every submission; their module-level arrays (and arrays inside their containers) are frozen
when they load and again after every test, which also catches caches a test fills lazily.
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, ModuleType, SimpleNamespace
from typing import Any

import numpy as np

_MAX_DEPTH = 8


def freeze(value: Any) -> None:
    """Make every ndarray reachable from ``value`` through containers read-only.

    Follows dicts, lists, tuples, sets, SimpleNamespace and dataclass instances; not modules,
    classes or functions (whose own module state is frozen when that module loads).
    """
    _freeze(value, set(), 0)


def freeze_globals(namespace: dict) -> None:
    """:func:`freeze` every value of a module's globals but its builtins."""
    seen: set[int] = set()
    for name, value in list(namespace.items()):
        if name != "__builtins__":
            _freeze(value, seen, 0)


# Runs after every test over its module's globals: what holds no array is passed over first.
_LEAVES = frozenset({int, float, complex, str, bytes, bool, type(None), type, ModuleType, FunctionType,
                     BuiltinFunctionType})


def _freeze(value: Any, seen: set[int], depth: int) -> None:
    t = type(value)
    if t in _LEAVES or depth > _MAX_DEPTH or id(value) in seen:
        return
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return
    seen.add(id(value))
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    elif isinstance(value, SimpleNamespace) or (hasattr(t, "__dataclass_fields__") and not isinstance(value, type)):
        items = list(vars(value).values())
    else:
        return
    for item in items:
        _freeze(item, seen, depth + 1)
