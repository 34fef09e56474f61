"""What crosses the trust boundary: data only, in length-prefixed frames.

A frame is ``[u32 header length][u32 blob count][u32 blob sizes][JSON header][blob 0]...``.
An array travels as its raw bytes in a blob, its dtype (from a fixed table of numeric types)
and shape in the header, and the parser checks that they agree before it allocates. Values are
JSON scalars, strings, lists, and tagged objects (``{"t": ...}``) for tuples, dicts, arrays, numpy scalars, complex numbers,
sets, bytes, dates and times, numpy dtypes, pandas DataFrames / Series / Index (as columns of
arrays), remote handles and callbacks. There is no pickle and nothing that executes on load; the
one exception, a test's portable function, is decoded only by the student process (``make_function``).

Both sides import this module: the student process encodes its results with it and the
grader decodes them, and the other way round for arguments.
"""

from __future__ import annotations

import functools
import datetime as _dt
import json
import re
import socket
import struct
import sys
import time
from dataclasses import dataclass
from math import isfinite
from typing import Any, Callable

import numpy as np

MAX_HEADER = 4 << 20  # bytes of JSON per frame
MAX_FRAME = 256 << 20  # bytes per frame, blobs included (sizes travel as u32)
MAX_DEPTH = 32
MAX_ITEMS = 100_000  # containers and scalars per frame


@dataclass
class Limits:
    """What the grader asks of each student process (sent to the zygote); sizes in MiB, times in seconds."""

    memory_mb: int = 2048
    cpu_seconds: int = 300
    file_mb: int = 16
    tmpfs_mb: int = 64
    open_files: int = 256


class WireError(Exception):
    """A frame that breaks the protocol: too large, malformed, or holding a refused value."""


class FrameTooLarge(WireError):
    """A frame larger than the receiver's budget for it (checked before its bytes are read)."""


class Unencodable(WireError):
    """A value that is not data (object arrays, ndarray subclasses, ...)."""


class AffineMap:
    """The function x -> A @ x + b, sent as data: the student process evaluates it itself, so a
    gradient function in a long optimisation costs no round trip per step."""

    __slots__ = ("A", "b")

    def __init__(self, A, b):
        self.A, self.b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
        if self.A.ndim != 2 or self.b.shape != self.A.shape[:1]:
            raise ValueError("AffineMap needs A of shape (m, n) and b of shape (m,)")

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        if x.ndim != 1 and x.size == self.A.shape[1] == self.A.shape[0]:  # a square map acts on any shape
            return (self.A @ x.reshape(-1) + self.b).reshape(x.shape)
        return self.A @ x + self.b

    def __repr__(self) -> str:
        return f"AffineMap(A{self.A.shape})"


class PortableFunction:
    """A test's function that the student process may run itself, as AffineMap: its code
    (marshalled, grader to student only), the modules and constants it reads, its defaults.
    The grader sends these (grader/portable.py decides which); it never decodes one."""

    __slots__ = ("code", "name", "modules", "constants", "defaults", "kwdefaults", "closure")

    def __init__(self, code: bytes, name: str, modules: dict, constants: dict, defaults: tuple,
                 kwdefaults: dict, closure: tuple):
        self.code, self.name, self.modules, self.constants = code, name, modules, constants
        self.defaults, self.kwdefaults, self.closure = defaults, kwdefaults, closure


class Handle:
    """A reference to an object that lives on the other side (a student object or a callback)."""

    __slots__ = ("id", "kind", "type_name")

    def __init__(self, id: int, kind: str, type_name: str = ""):
        self.id, self.kind, self.type_name = id, kind, type_name


# ---------------------------------------------------------------------------------------------
# Values <-> JSON + blobs
#
# Both walks run once per remote call on each side of the boundary, so they test the common
# types first and by identity (``type(v) is float``) rather than through isinstance chains.


def _allowed_dtypes() -> dict[str, np.dtype]:
    """Every numeric dtype, in both byte orders, by its ``dtype.str`` (e.g. ``"<f8"``)."""
    table = {}
    for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
              np.float16, np.float32, np.float64, np.longdouble, np.complex64, np.complex128, np.clongdouble):
        for dt in (np.dtype(t), np.dtype(t).newbyteorder()):
            table[dt.str] = dt
    return table


_DTYPES = _allowed_dtypes()
MAX_DIMS = 32


def encode(value: Any, blobs: list[bytes], to_handle: Callable[[Any], Handle] | None = None) -> Any:
    """Turn ``value`` into JSON-able data, appending array payloads to ``blobs``.

    ``to_handle`` decides what becomes of a value that is not data (a student object or a
    grader callback); without it such a value is refused.
    """
    t = type(value)
    if t is int or t is str or t is bool or value is None or (t is float and isfinite(value)):
        return value
    count = 0

    def enc(v, depth):
        nonlocal count
        count += 1
        if depth > MAX_DEPTH or count > MAX_ITEMS:
            raise Unencodable("value nested too deeply or too large")
        t = type(v)
        if t is float:
            return v if isfinite(v) else {"t": "float", "v": repr(v)}
        if t is int or t is str or t is bool or v is None:
            return v
        if t is np.ndarray:
            if v.dtype.kind == "O":
                return _encode_more(v, t, blobs, enc, depth)
            return _encode_array(v, blobs, "nd")
        if t is list:
            return [enc(x, depth + 1) for x in v]
        if t is tuple:
            return {"t": "tuple", "v": [enc(x, depth + 1) for x in v]}
        if t is dict:
            return {"t": "dict", "k": [enc(k, depth + 1) for k in v], "v": [enc(x, depth + 1) for x in v.values()]}
        if isinstance(v, np.generic):
            if isinstance(v, str):  # np.str_
                return str(v)
            return _encode_array(np.asarray(v), blobs, "np")
        if isinstance(v, str):
            return str(v)
        if t is complex:
            return {"t": "complex", "re": enc(v.real, depth + 1), "im": enc(v.imag, depth + 1)}
        if t is Handle:
            return {"t": "ref", "id": v.id, "kind": v.kind, "type": v.type_name}
        if t is AffineMap:
            return {"t": "affine", "A": enc(v.A, depth + 1), "b": enc(v.b, depth + 1)}
        if t is PortableFunction:
            blobs.append(v.code)
            return {"t": "pyfn", "c": len(blobs) - 1, "n": v.name, "m": v.modules,
                    "g": enc(v.constants, depth + 1), "d": enc(v.defaults, depth + 1),
                    "k": enc(v.kwdefaults, depth + 1), "cl": enc(v.closure, depth + 1)}
        if isinstance(v, np.ndarray):
            raise Unencodable(f"ndarray subclass {t.__name__} is not plain data; return np.asarray(...)")
        data = _encode_more(v, t, blobs, enc, depth)
        if data is not None:
            return data
        if to_handle is not None:
            return enc(to_handle(v), depth)
        raise Unencodable(f"value of type {t.__name__} cannot cross the wire")

    return enc(value, 0)


def _encode_array(arr: np.ndarray, blobs: list[bytes], tag: str) -> dict:
    """An array as its raw C-order bytes in a blob; its dtype and shape travel in the header."""
    code = arr.dtype.str
    if code not in _DTYPES and _extra_dtype(code) is None:
        raise Unencodable(f"array of dtype {arr.dtype} is not numeric data")
    blobs.append(arr.tobytes())
    return {"t": tag, "b": len(blobs) - 1, "d": code, "s": list(arr.shape)}


def decode(data: Any, blobs: list[bytes], from_handle: Callable[[Handle], Any] | None = None,
           make_function: Callable[[dict, bytes, Callable], Any] | None = None) -> Any:
    """The inverse of :func:`encode`; strict about every tag, size and nesting level.

    ``make_function`` builds a :class:`PortableFunction` from its tag, code blob and a decoder
    for its parts: only the student process passes it, so a function is refused everywhere else."""
    t = type(data)
    if t is float or t is int or t is str or t is bool or data is None:
        return data
    count = 0

    def dec(v, depth):
        nonlocal count
        count += 1
        if depth > MAX_DEPTH or count > MAX_ITEMS:
            raise WireError("frame nested too deeply or too large")
        t = type(v)
        if t is float or t is int or t is str or t is bool or v is None:
            return v
        if t is list:
            return [dec(x, depth + 1) for x in v]
        if t is not dict:
            raise WireError("unexpected JSON value")
        tag = v.get("t")
        if tag == "nd" or tag == "np":
            index = v.get("b")
            if type(index) is not int or not 0 <= index < len(blobs):
                raise WireError("dangling array reference")
            arr = parse_array(v.get("d"), v.get("s") if tag == "nd" else [], blobs[index])
            return arr if tag == "nd" else arr[()]
        if tag == "tuple":
            return tuple([dec(x, depth + 1) for x in _list(v.get("v"))])
        if tag == "dict":
            keys, vals = _list(v.get("k")), _list(v.get("v"))
            if len(keys) != len(vals):
                raise WireError("dict with mismatched keys and values")
            out = {}
            for k, x in zip(keys, vals):
                key = dec(k, depth + 1)
                if not isinstance(key, (str, int, float, bool, tuple, type(None))):
                    raise WireError("unhashable dict key")
                _hashable(key)  # a tuple key may hold a list
                out[key] = dec(x, depth + 1)
            return out
        if tag == "float":
            if v.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(v["v"])
        if tag == "complex":
            return complex(_real(dec(v.get("re"), depth + 1)), _real(dec(v.get("im"), depth + 1)))
        if tag == "affine":
            A, b = dec(v.get("A"), depth + 1), dec(v.get("b"), depth + 1)
            if not isinstance(A, np.ndarray) or not isinstance(b, np.ndarray):
                raise WireError("bad affine map")
            try:
                return AffineMap(A, b)
            except ValueError as e:
                raise WireError(str(e)) from None
        if tag in _MORE_TAGS:
            return _decode_more(tag, v, blobs, dec, depth)
        if tag == "pyfn":
            index = v.get("c")
            if make_function is None or type(index) is not int or not 0 <= index < len(blobs):
                raise WireError("unexpected function")
            return make_function(v, blobs[index], lambda x: dec(x, depth + 1))
        if tag == "ref":
            handle = Handle(_int(v.get("id")), str(v.get("kind", "object"))[:32], str(v.get("type", ""))[:200])
            if from_handle is None:
                raise WireError("unexpected remote handle")
            return from_handle(handle)
        raise WireError(f"unknown tag {str(tag)[:20]!r}")

    return dec(data, 0)


def encode_call(args, kwargs, blobs: list[bytes], to_handle: Callable[[Any], Handle] | None = None) -> dict:
    """A call's ``args`` and ``kwargs`` entries, each left out when empty (most calls have no
    keywords)."""
    out = {}
    if args:
        out["args"] = encode(list(args), blobs, to_handle)
    if kwargs:
        out["kwargs"] = encode(dict(kwargs), blobs, to_handle)
    return out


def decode_call(msg: dict, blobs: list[bytes], from_handle: Callable[[Handle], Any] | None = None,
                make_function: Callable[[dict, bytes, Callable], Any] | None = None) -> tuple[list, dict]:
    """The inverse of :func:`encode_call`: positional arguments and keyword arguments."""
    args = decode(msg["args"], blobs, from_handle, make_function) if "args" in msg else []
    kwargs = decode(msg["kwargs"], blobs, from_handle, make_function) if "kwargs" in msg else {}
    if type(args) is not list or type(kwargs) is not dict or any(type(k) is not str for k in kwargs):
        raise WireError("bad call arguments")
    return args, kwargs


def parse_array(code: Any, shape: Any, blob: bytes) -> np.ndarray:
    """One array from its header entry and blob, strictly: a numeric dtype from a fixed table
    (never object, so never pickle), and the shape times the item size must equal the blob's
    length before anything is allocated. The result is writable and owns its memory."""
    dtype = _DTYPES.get(code) if type(code) is str else None
    if dtype is None:
        dtype = _extra_dtype(code)
        if dtype is None:
            raise WireError("refused array dtype")
    if type(shape) is not list or len(shape) > MAX_DIMS:
        raise WireError("bad array shape")
    count = 1
    for k in shape:
        if type(k) is not int or k < 0:
            raise WireError("bad array shape")
        count *= k
    if count * dtype.itemsize != len(blob):
        raise WireError("array size does not match its payload")
    try:
        if count == 0:
            return np.empty(shape, dtype)
        return np.frombuffer(blob, dtype=dtype, count=count).reshape(shape).copy()
    except ValueError as e:  # e.g. more dimensions than numpy allows
        raise WireError(f"bad array shape: {e}") from None


def _list(x) -> list:
    if not isinstance(x, list):
        raise WireError("expected a list")
    return x


def _int(x) -> int:
    if type(x) is not int:
        raise WireError("expected an integer")
    return x


def _real(x) -> float:
    if type(x) not in (int, float):
        raise WireError("expected a real number")
    return x


# ---------------------------------------------------------------------------------------------
# Values beyond numbers and arrays (what otter's tests meet in notebooks): sets, Ellipsis, bytes,
# dates and times, numpy dtypes, object arrays of data, and pandas DataFrame / Series / Index as
# their columns (arrays with their dtypes), index and names. Each is rebuilt from data by its own
# constructor; nothing is unpickled. A value that is none of these becomes a handle (or is refused).

_EXTRA_DTYPE = re.compile(r"[<>]?[Mm]8(?:\[(?:Y|M|W|D|h|m|s|ms|us|ns|ps|fs|as)\])?|[<>|][US]\d{1,6}")
_PD_DTYPE = re.compile(r"[\w\[\],: /+-]{1,80}")
_MORE_TAGS = frozenset({"set", "frozenset", "ellipsis", "slice", "range", "bytes", "datetime", "date", "time", "timedelta",
                        "dtype", "objarr", "pd.df", "pd.series", "pd.index", "pd.multi", "pd.ts", "pd.td",
                        "pd.nat", "pd.na"})


@functools.lru_cache(maxsize=256)
def _extra_dtype(code) -> np.dtype | None:
    """Dates, durations and fixed-width strings: plain bytes too (never object, never pickle)."""
    if type(code) is not str or not _EXTRA_DTYPE.fullmatch(code):
        return None
    try:
        return np.dtype(code)
    except TypeError:
        return None


def _encode_more(v, t, blobs: list[bytes], enc, depth: int) -> dict | None:
    if t is set or t is frozenset:
        return {"t": t.__name__, "v": [enc(x, depth + 1) for x in v]}
    if v is Ellipsis:
        return {"t": "ellipsis"}
    if t is slice:
        return {"t": "slice", "v": [enc(v.start, depth + 1), enc(v.stop, depth + 1), enc(v.step, depth + 1)]}
    if t is range:
        return {"t": "range", "v": [v.start, v.stop, v.step]}
    if t is bytes or t is bytearray:
        blobs.append(bytes(v))
        return {"t": "bytes", "b": len(blobs) - 1}
    if t is _dt.datetime or t is _dt.date or t is _dt.time:
        return {"t": t.__name__, "v": v.isoformat()}
    if t is _dt.timedelta:
        return {"t": "timedelta", "v": [v.days, v.seconds, v.microseconds]}
    if isinstance(v, np.dtype):
        if v.names is None and v.subdtype is None and (v.str in _DTYPES or _extra_dtype(v.str) is not None
                                                        or v.str == "|O"):
            return {"t": "dtype", "v": v.str}
        return None
    if t is np.ndarray and v.dtype.kind == "O":
        return {"t": "objarr", "s": list(v.shape), "v": [enc(x, depth + 1) for x in v.reshape(-1).tolist()]}
    pd = sys.modules.get("pandas")  # a pandas value exists only where pandas is imported
    if pd is not None and getattr(t, "__module__", "").startswith("pandas"):
        return _encode_pandas(pd, v, blobs, enc, depth)
    return None


def _encode_pandas(pd, v, blobs, enc, depth) -> dict | None:
    def values(x):  # a Series' or an Index's values, and their dtype when it is not numpy's
        if isinstance(x.dtype, np.dtype):
            return {"v": enc(x.to_numpy(), depth + 1)}
        return {"v": enc(np.asarray(x.astype(object)), depth + 1), "dtype": str(x.dtype)}

    if isinstance(v, pd.DataFrame):
        return {"t": "pd.df", "columns": enc(v.columns, depth + 1), "index": enc(v.index, depth + 1),
                "data": [values(v.iloc[:, i]) for i in range(v.shape[1])]}
    if isinstance(v, pd.Series):
        return {"t": "pd.series", **values(v), "index": enc(v.index, depth + 1), "name": enc(v.name, depth + 1)}
    if isinstance(v, pd.RangeIndex):
        return {"t": "pd.index", "range": [int(v.start), int(v.stop), int(v.step)], "name": enc(v.name, depth + 1)}
    if isinstance(v, pd.MultiIndex):
        return {"t": "pd.multi", "v": enc(list(v), depth + 1), "names": enc(list(v.names), depth + 1)}
    if isinstance(v, pd.Index):
        return {"t": "pd.index", **values(v), "name": enc(v.name, depth + 1)}
    if v is pd.NaT:
        return {"t": "pd.nat"}
    if v is pd.NA:
        return {"t": "pd.na"}
    if isinstance(v, pd.Timestamp):
        return {"t": "pd.ts", "v": v.isoformat(), "tz": str(v.tz) if v.tz is not None else None}
    if isinstance(v, pd.Timedelta):
        return {"t": "pd.td", "v": int(v.value)}
    return None


def _hashable(x):
    try:
        hash(x)
    except TypeError:
        raise WireError("unhashable value where a hashable one is needed") from None
    return x


def _iso(v) -> str:
    if type(v) is not str or len(v) > 64:
        raise WireError("bad date or time")
    return v


def _decode_more(tag: str, v: dict, blobs: list[bytes], dec, depth: int):
    try:
        if tag == "set" or tag == "frozenset":
            items = [_hashable(dec(x, depth + 1)) for x in _list(v.get("v"))]
            return set(items) if tag == "set" else frozenset(items)
        if tag == "ellipsis":
            return Ellipsis
        if tag == "slice":
            parts = [dec(x, depth + 1) for x in _list(v.get("v"))[:3]]
            if len(parts) != 3 or any(not (p is None or isinstance(p, (int, float, str, np.generic))) for p in parts):
                raise WireError("bad slice")
            return slice(*parts)
        if tag == "range":
            return range(*[_int(x) for x in _list(v.get("v"))[:3]])
        if tag == "bytes":
            index = v.get("b")
            if type(index) is not int or not 0 <= index < len(blobs):
                raise WireError("dangling bytes reference")
            return blobs[index]
        if tag == "datetime":
            return _dt.datetime.fromisoformat(_iso(v.get("v")))
        if tag == "date":
            return _dt.date.fromisoformat(_iso(v.get("v")))
        if tag == "time":
            return _dt.time.fromisoformat(_iso(v.get("v")))
        if tag == "timedelta":
            days, seconds, micro = [_int(x) for x in _list(v.get("v"))[:3]]
            return _dt.timedelta(days=days, seconds=seconds, microseconds=micro)
        if tag == "dtype":
            code = v.get("v")
            dtype = _DTYPES.get(code) if type(code) is str else None
            dtype = dtype or _extra_dtype(code) or (np.dtype(object) if code == "|O" else None)
            if dtype is None:
                raise WireError("refused dtype")
            return dtype
        if tag == "objarr":
            shape = v.get("s")
            items = [dec(x, depth + 1) for x in _list(v.get("v"))]
            if type(shape) is not list or len(shape) > MAX_DIMS or any(type(k) is not int or k < 0 for k in shape):
                raise WireError("bad array shape")
            arr = np.empty(len(items), dtype=object)
            arr[:] = items if items else arr[:]
            return arr.reshape(shape)
        return _decode_pandas(tag, v, dec, depth)
    except (ValueError, TypeError, OverflowError) as e:
        raise WireError(f"bad {tag} value: {str(e)[:100]}") from None


def _decode_pandas(tag: str, v: dict, dec, depth: int):
    import pandas as pd  # the grader's own pandas (or the student's, for a test's argument)

    def values(x):
        arr = dec(x.get("v"), depth + 1)
        if not isinstance(arr, np.ndarray) or arr.ndim != 1:
            raise WireError("bad pandas values")
        if "dtype" in x:
            name = x["dtype"]
            if type(name) is not str or not _PD_DTYPE.fullmatch(name):
                raise WireError("refused pandas dtype")
            return pd.array(arr, dtype=name)
        return arr

    def index(x):
        idx = dec(x, depth + 1)
        if not isinstance(idx, pd.Index):
            raise WireError("bad pandas index")
        return idx

    if tag == "pd.df":
        columns, rows = index(v.get("columns")), index(v.get("index"))
        data = [values(c) for c in _list(v.get("data"))]
        if len(data) != len(columns):
            raise WireError("DataFrame with mismatched columns")
        if not data:
            return pd.DataFrame(index=rows, columns=columns)
        df = pd.DataFrame(dict(enumerate(data)), index=rows)
        df.columns = columns
        return df
    if tag == "pd.series":
        return pd.Series(values(v), index=index(v.get("index")), name=_hashable(dec(v.get("name"), depth + 1)),
                         copy=False)
    if tag == "pd.index":
        name = _hashable(dec(v.get("name"), depth + 1))
        if "range" in v:
            start, stop, step = [_int(x) for x in _list(v["range"])[:3]]
            return pd.RangeIndex(start, stop, step, name=name)
        return pd.Index(values(v), name=name, tupleize_cols=False)
    if tag == "pd.multi":
        tuples = dec(v.get("v"), depth + 1)
        names = dec(v.get("names"), depth + 1)
        if type(tuples) is not list or any(type(x) is not tuple for x in tuples) or type(names) is not list:
            raise WireError("bad MultiIndex")
        return pd.MultiIndex.from_tuples(tuples, names=[_hashable(n) for n in names])
    if tag == "pd.ts":
        ts = pd.Timestamp(_iso(v.get("v")))
        tz = v.get("tz")
        if tz is not None:
            if type(tz) is not str or not _PD_DTYPE.fullmatch(tz):
                raise WireError("bad time zone")
            ts = ts.tz_convert(tz)
        return ts
    if tag == "pd.td":
        return pd.Timedelta(_int(v.get("v")), unit="ns")
    if tag == "pd.nat":
        return pd.NaT
    return pd.NA


# ---------------------------------------------------------------------------------------------
# Frames on a socket
#
# A frame is ``[u32 header length][u32 blob count][u32 size of each blob][JSON header][blobs]``:
# every size is known, and checked against the limits, before the bytes it announces are awaited.

_PREFIX = struct.Struct("!II")
MAX_BLOBS = 100_000
_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False)  # one instance, not one per frame
_DECODER = json.JSONDecoder()


@functools.lru_cache(maxsize=64)
def _sizes(count: int) -> struct.Struct:
    return struct.Struct(f"!{count}I")


def frame(message: dict, blobs: list[bytes] = ()) -> bytes:
    raw = _ENCODER.encode(message).encode()
    if not blobs:
        if len(raw) > MAX_HEADER:
            raise Unencodable("message too large to send")
        return _PREFIX.pack(len(raw), 0) + raw
    sizes = [len(b) for b in blobs]
    if len(raw) > MAX_HEADER or len(sizes) > MAX_BLOBS or len(raw) + sum(sizes) > MAX_FRAME:
        raise Unencodable("message too large to send")
    return b"".join([_PREFIX.pack(len(raw), len(sizes)), _sizes(len(sizes)).pack(*sizes), raw, *blobs])


def send(sock: socket.socket, message: dict, blobs: list[bytes] = ()) -> None:
    sock.sendall(frame(message, blobs))


def _check_prefix(n: int, count: int) -> None:
    if n > MAX_HEADER:
        raise WireError("header too large")
    if count > MAX_BLOBS:
        raise WireError("too many blobs")


def _check_sizes(n: int, sizes: tuple) -> None:
    if n + sum(sizes) > MAX_FRAME:
        raise WireError("bad blob sizes")


def _parse_json(raw) -> dict:
    try:
        header = _DECODER.decode(str(raw, "utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WireError("header is not JSON") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    return header


def recv(sock: socket.socket, deadline: float | None = None) -> tuple[dict, list[bytes]]:
    """Read one frame, reading no byte past it (for a socket that also carries descriptors).
    Raises ``TimeoutError`` past ``deadline`` (a ``time.monotonic`` value), ``EOFError`` when
    the other side is gone, ``WireError`` for anything malformed."""
    n, count = _PREFIX.unpack(_read_exact(sock, _PREFIX.size, deadline))
    _check_prefix(n, count)
    sizes = _sizes(count).unpack(_read_exact(sock, 4 * count, deadline)) if count else ()
    _check_sizes(n, sizes)
    header = _parse_json(_read_exact(sock, n, deadline))
    return header, [_read_exact(sock, s, deadline) for s in sizes]


def _read_exact(sock: socket.socket, n: int, deadline: float | None) -> bytes:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
        try:
            k = sock.recv_into(view[got:], n - got)
        except socket.timeout:
            raise TimeoutError from None
        except (ConnectionResetError, BrokenPipeError):
            raise EOFError from None
        if k == 0:
            raise EOFError
        got += k
    return bytes(buf)


class Channel:
    """Frames over one socket, read through a reusable buffer: a small frame costs one
    ``recv_into`` and no allocation beyond the values it holds."""

    BUFFER = 1 << 16

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self._buf = bytearray(self.BUFFER)
        self._view = memoryview(self._buf)
        self._start = self._end = 0  # the unread bytes are _buf[_start:_end]
        self._timeout: float | None = None
        self.received = 0  # bytes of the frames received so far, for the receiver's budget

    def send(self, message: dict, blobs: list[bytes] = ()) -> None:
        self.sock.sendall(frame(message, blobs))

    def recv(self, deadline: float | None = None, max_bytes: int | None = None) -> tuple[dict, list[bytes]]:
        """The next frame; :class:`FrameTooLarge` if it would exceed ``max_bytes``."""
        self._need(_PREFIX.size, deadline)
        n, count = _PREFIX.unpack_from(self._buf, self._start)
        _check_prefix(n, count)
        sizes = ()
        if count:
            self._need(_PREFIX.size + 4 * count, deadline)
            sizes = _sizes(count).unpack_from(self._buf, self._start + _PREFIX.size)
            _check_sizes(n, sizes)
        total = _PREFIX.size + 4 * count + n + sum(sizes)
        if max_bytes is not None and total > max_bytes:
            raise FrameTooLarge(f"a frame of {total} bytes exceeds the budget of {max_bytes} bytes")
        self.received += total
        self._need(total, deadline)
        pos = self._start + _PREFIX.size + 4 * count
        header = _parse_json(self._view[pos:pos + n])
        pos += n
        blobs = []
        for size in sizes:
            blobs.append(bytes(self._view[pos:pos + size]))
            pos += size
        self._start = pos
        if self._start == self._end:
            self._start = self._end = 0
            if len(self._buf) > self.BUFFER:  # give back the room a large frame needed
                self._buf = bytearray(self.BUFFER)
                self._view = memoryview(self._buf)
        return header, blobs

    def _need(self, n: int, deadline: float | None) -> None:
        """Make sure ``n`` unread bytes are in the buffer, reading (and waiting) as needed."""
        while self._end - self._start < n:
            if self._start + n > len(self._buf):  # move the unread bytes to the front, growing if needed
                unread = bytes(self._view[self._start:self._end])
                if n > len(self._buf):
                    self._buf = bytearray(n)
                    self._view = memoryview(self._buf)
                self._view[:len(unread)] = unread
                self._start, self._end = 0, len(unread)
            timeout = None
            if deadline is not None:
                timeout = deadline - time.monotonic()
                if timeout <= 0:
                    raise TimeoutError
            if timeout != self._timeout:
                self.sock.settimeout(timeout)
                self._timeout = timeout
            try:
                k = self.sock.recv_into(self._view[self._end:])
            except socket.timeout:
                raise TimeoutError from None
            except (ConnectionResetError, BrokenPipeError):
                raise EOFError from None
            if k == 0:
                raise EOFError
            self._end += k

    def close(self) -> None:
        self.sock.close()
