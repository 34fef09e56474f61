"""numpy as test files see it in the grader: closeness never passes by broadcasting an empty array.

``np.allclose(np.empty(0), [0.19])`` is True in numpy, because there is nothing to compare, so a
student function that returns empty arrays would pass every ``assert np.allclose(out, [...])``
of a public test. Test files and doctests get this module for ``numpy`` (``import numpy as np``,
``from numpy import allclose``): everything is numpy's own, except that ``allclose`` and
``isclose`` are False when the two shapes differ and one of them is empty.
"""

from __future__ import annotations

import types

import numpy as np


def _empty_against_other_shape(a, b) -> bool:
    try:
        sa, sb = np.shape(a), np.shape(b)
    except Exception:  # noqa: BLE001 - ragged or odd values: numpy decides as usual
        return False
    return sa != sb and (0 in sa or 0 in sb)


def allclose(a, b, *args, **kwargs):
    if _empty_against_other_shape(a, b):
        return False
    return np.allclose(a, b, *args, **kwargs)


def isclose(a, b, *args, **kwargs):
    if _empty_against_other_shape(a, b):
        return np.False_
    return np.isclose(a, b, *args, **kwargs)


class _StrictNumpy(types.ModuleType):
    def __getattr__(self, name):
        return getattr(np, name)

    def __dir__(self):
        return dir(np)


numpy = _StrictNumpy("numpy", np.__doc__)
numpy.__dict__.update({k: v for k, v in vars(np).items() if not k.startswith("__")})  # plain lookups, as fast as numpy's
numpy.allclose, numpy.isclose = allclose, isclose
numpy.__version__ = np.__version__
