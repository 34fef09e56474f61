"""Hints for code written for NumPy 1 that NumPy 2 no longer accepts.

Student code copied from older courses (CS231n's ``np.product``, ``reshape(newshape=...)``)
crashes under NumPy 2 with a bare ``AttributeError`` or ``TypeError``. :func:`hint` recognises
the removed spelling in a student's exception and says, in Korean and English, what to write
instead. Only the exception's type and text are read (never the hidden tests).
"""

from __future__ import annotations

import re

# Removed module attribute -> what to write instead (NumPy 2.0 migration guide, plus the
# aliases removed in 1.24 that old notebooks still use).
REMOVED = {
    "product": "np.prod", "cumproduct": "np.cumprod", "sometrue": "np.any", "alltrue": "np.all",
    "asscalar": "a.item()", "float": "float (or np.float64)", "int": "int (or np.int64)",
    "bool": "bool (or np.bool_)", "object": "object", "str": "str (or np.str_)",
    "complex": "complex (or np.complex128)", "long": "int", "unicode": "str", "float_": "np.float64",
    "complex_": "np.complex128", "string_": "np.bytes_", "unicode_": "np.str_", "round_": "np.round",
    "NaN": "np.nan", "NAN": "np.nan", "Inf": "np.inf", "Infinity": "np.inf", "infty": "np.inf",
    "PINF": "np.inf", "NINF": "-np.inf", "PZERO": "0.0", "NZERO": "-0.0", "in1d": "np.isin",
    "row_stack": "np.vstack", "trapz": "np.trapezoid", "msort": "np.sort(a, axis=0)",
    "cast": "np.asarray(a, dtype=...)", "mat": "np.asmatrix", "find_common_type": "np.result_type",
    "issubclass_": "issubclass", "issubsctype": "np.issubdtype", "deprecate": "warnings.warn",
    "safe_eval": "ast.literal_eval", "set_string_function": "np.set_printoptions",
}
# Removed ndarray methods -> the function to call instead.
REMOVED_METHODS = {"ptp": "np.ptp(a)", "itemset": "a[index] = value", "newbyteorder": "a.view(a.dtype.newbyteorder())"}

_MODULE_ATTR = re.compile(r"module 'numpy' has no attribute '(\w+)'")
_NUMPY_SAYS = re.compile(r"`np\.(\w+)` was (?:removed|a deprecated alias)")
_METHOD = re.compile(r"'numpy\.ndarray' object has no attribute '(\w+)'")


def hint(type_name: str, text: str) -> tuple[str, str] | None:
    """(ko, en) saying what to write instead, when the exception is a NumPy 1 spelling."""
    text = text or ""
    if type_name == "TypeError" and "newshape" in text:
        return ("NumPy 2에서는 reshape의 newshape= 인자가 없어졌습니다. a.reshape((2, 3)) 또는 "
                "np.reshape(a, (2, 3)) (키워드로는 shape=)처럼 쓰세요.",
                "NumPy 2 removed reshape's newshape= argument: write a.reshape((2, 3)) or "
                "np.reshape(a, (2, 3)) (as a keyword, shape=).")
    if type_name != "AttributeError":
        return None
    for pattern, table, prefix in ((_MODULE_ATTR, REMOVED, "np."), (_NUMPY_SAYS, REMOVED, "np."),
                                   (_METHOD, REMOVED_METHODS, "a.")):
        m = pattern.search(text)
        if m and m.group(1) in table:
            old, new = f"{prefix}{m.group(1)}", table[m.group(1)]
            return (f"{old}은(는) NumPy 1의 이름으로 NumPy 2에서 없어졌습니다. 대신 {new}을(를) 쓰세요.",
                    f"{old} is NumPy 1 API that NumPy 2 removed: write {new} instead.")
    return None


def annotate(type_name: str, text: str) -> tuple[str, str]:
    """The hint as a paragraph to append to each language's message ("" when there is none)."""
    found = hint(type_name, text)
    if found is None:
        return "", ""
    return f"\n힌트: {found[0]}", f"\nHint: {found[1]}"


__all__ = ["REMOVED", "REMOVED_METHODS", "hint", "annotate"]
