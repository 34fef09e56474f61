"""What crosses the trust boundary: data only, in length-prefixed frames.

A frame is ``[u32 header length][JSON header][blob 0][blob 1]...``. The header lists the blob
lengths; arrays travel as ``.npy`` blobs read with ``allow_pickle=False`` semantics by a strict
parser that checks every size before it allocates. Values are JSON scalars, strings, lists, and
tagged objects (``{"t": ...}``) for tuples, dicts, arrays, numpy scalars, complex numbers,
remote handles and callbacks. There is no pickle and nothing that executes on load.

Both sides import this module: the student process encodes its results with it and the
grader decodes them, and the other way round for arguments.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import time
from typing import Any, Callable

import numpy as np

MAX_HEADER = 4 << 20  # bytes of JSON per frame
MAX_FRAME = 256 << 20  # bytes per frame, blobs included
MAX_DEPTH = 32
MAX_ITEMS = 100_000  # containers and scalars per frame
_ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex


class WireError(Exception):
    """A frame that breaks the protocol: too large, malformed, or holding a refused value."""


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


class Handle:
    """A reference to an object that lives on the other side (a student object or a callback)."""

    __slots__ = ("id", "kind", "type_name")

    def __init__(self, id: int, kind: str, type_name: str = ""):
        self.id, self.kind, self.type_name = id, kind, type_name


# ---------------------------------------------------------------------------------------------
# Values <-> JSON + blobs


def encode(value: Any, blobs: list[bytes], to_handle: Callable[[Any], Handle] | None = None) -> Any:
    """Turn ``value`` into JSON-able data, appending array payloads to ``blobs``.

    ``to_handle`` decides what becomes of a value that is not data (a student object or a
    grader callback); without it such a value is refused.
    """
    count = [0]

    def enc(v, depth):
        count[0] += 1
        if depth > MAX_DEPTH or count[0] > MAX_ITEMS:
            raise Unencodable("value nested too deeply or too large")
        if v is None or isinstance(v, (bool, str)):
            return v
        if type(v) is int:
            return v
        if type(v) is float:
            return v if np.isfinite(v) else {"t": "float", "v": repr(v)}
        if isinstance(v, Handle):
            return {"t": "ref", "id": v.id, "kind": v.kind, "type": v.type_name}
        if type(v) is AffineMap:
            return {"t": "affine", "A": enc(v.A, depth + 1), "b": enc(v.b, depth + 1)}
        if isinstance(v, np.ndarray):
            if type(v) is not np.ndarray:
                raise Unencodable(f"ndarray subclass {type(v).__name__} is not plain data; return np.asarray(...)")
            if v.dtype.kind not in _ALLOWED_KINDS or v.dtype.fields is not None:
                raise Unencodable(f"array of dtype {v.dtype} is not numeric data")
            blobs.append(_npy_bytes(v))
            return {"t": "nd", "b": len(blobs) - 1}
        if isinstance(v, np.generic):
            if v.dtype.kind not in _ALLOWED_KINDS:
                raise Unencodable(f"numpy scalar of dtype {v.dtype} is not numeric data")
            blobs.append(_npy_bytes(np.asarray(v)))
            return {"t": "np", "b": len(blobs) - 1}
        if type(v) is complex:
            return {"t": "complex", "re": enc(v.real, depth + 1), "im": enc(v.imag, depth + 1)}
        if type(v) is list:
            return [enc(x, depth + 1) for x in v]
        if type(v) is tuple:
            return {"t": "tuple", "v": [enc(x, depth + 1) for x in v]}
        if type(v) is dict:
            return {"t": "dict", "k": [enc(k, depth + 1) for k in v], "v": [enc(x, depth + 1) for x in v.values()]}
        if to_handle is not None:
            return enc(to_handle(v), depth)
        raise Unencodable(f"value of type {type(v).__name__} cannot cross the wire")

    return enc(value, 0)


def decode(data: Any, blobs: list[bytes], from_handle: Callable[[Handle], Any] | None = None) -> Any:
    """The inverse of :func:`encode`; strict about every tag, size and nesting level."""
    count = [0]

    def dec(v, depth):
        count[0] += 1
        if depth > MAX_DEPTH or count[0] > MAX_ITEMS:
            raise WireError("frame nested too deeply or too large")
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [dec(x, depth + 1) for x in v]
        if not isinstance(v, dict):
            raise WireError("unexpected JSON value")
        tag = v.get("t")
        if tag in ("nd", "np"):
            index = v.get("b")
            if type(index) is not int or not 0 <= index < len(blobs):
                raise WireError("dangling array reference")
            arr = parse_npy(blobs[index])
            return arr if tag == "nd" else arr[()]
        if tag == "float":
            if v.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(v["v"])
        if tag == "complex":
            return complex(_real(dec(v.get("re"), depth + 1)), _real(dec(v.get("im"), depth + 1)))
        if tag == "tuple":
            return tuple(dec(x, depth + 1) for x in _list(v.get("v")))
        if tag == "dict":
            keys, vals = _list(v.get("k")), _list(v.get("v"))
            if len(keys) != len(vals):
                raise WireError("dict with mismatched keys and values")
            out = {}
            for k, x in zip(keys, vals):
                key = dec(k, depth + 1)
                if not isinstance(key, (str, int, float, bool, tuple, type(None))):
                    raise WireError("unhashable dict key")
                out[key] = dec(x, depth + 1)
            return out
        if tag == "affine":
            A, b = dec(v.get("A"), depth + 1), dec(v.get("b"), depth + 1)
            if not isinstance(A, np.ndarray) or not isinstance(b, np.ndarray):
                raise WireError("bad affine map")
            try:
                return AffineMap(A, b)
            except ValueError as e:
                raise WireError(str(e)) from None
        if tag == "ref":
            handle = Handle(_int(v.get("id")), str(v.get("kind", "object"))[:32], str(v.get("type", ""))[:200])
            if from_handle is None:
                raise WireError("unexpected remote handle")
            return from_handle(handle)
        raise WireError(f"unknown tag {str(tag)[:20]!r}")

    return dec(data, 0)


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


_MAGIC = b"\x93NUMPY\x01\x00"
_NPY_HEADER = re.compile(
    r"\{'descr': '([<>|=]?[biufc]\d{1,2})', 'fortran_order': (True|False), 'shape': \(((?:\d+, ?)*\d*)\),? ?\}\s*")


def _npy_bytes(arr: np.ndarray) -> bytes:
    """An array as a version-1.0 ``.npy`` blob (what ``np.save`` writes for numeric data)."""
    fortran = arr.flags.f_contiguous and not arr.flags.c_contiguous
    if not (fortran or arr.flags.c_contiguous):
        arr = np.ascontiguousarray(arr)
    shape = "".join(f"{n}, " for n in arr.shape) if len(arr.shape) != 1 else f"{arr.shape[0]},"
    header = f"{{'descr': '{arr.dtype.str}', 'fortran_order': {fortran}, 'shape': ({shape.rstrip(' ')}), }}"
    header += " " * (63 - (len(_MAGIC) + 2 + len(header)) % 64) + "\n"
    return b"".join([_MAGIC, struct.pack("<H", len(header)), header.encode("latin1"),
                     arr.tobytes(order="F" if fortran else "C")])


def parse_npy(blob: bytes) -> np.ndarray:
    """Read one ``.npy`` blob strictly: numeric dtypes only (never pickle), and the shape times
    the item size must equal the payload's length before anything is allocated."""
    if blob[:8] != _MAGIC or len(blob) < 10:
        raise WireError("not an npy v1.0 blob")
    (n,) = struct.unpack("<H", blob[8:10])
    m = _NPY_HEADER.fullmatch(blob[10:10 + n].decode("latin1"))
    if m is None:
        raise WireError("malformed or refused array header")
    dtype = np.dtype(m.group(1))
    shape = tuple(int(x) for x in m.group(3).replace(" ", "").split(",") if x)
    count = 1
    for k in shape:
        count *= k
    offset = 10 + n
    if count * dtype.itemsize != len(blob) - offset:
        raise WireError("array size does not match its payload")
    arr = np.frombuffer(blob, dtype=dtype, count=count, offset=offset)
    arr = arr.reshape(shape, order="F" if m.group(2) == "True" else "C")
    return arr.copy(order="K")  # writable, owning its memory


# ---------------------------------------------------------------------------------------------
# Frames on a socket

_LEN = struct.Struct("!I")


def send(sock: socket.socket, message: dict, blobs: list[bytes] = ()) -> None:
    header = dict(message, blobs=[len(b) for b in blobs])
    raw = json.dumps(header, separators=(",", ":")).encode()
    if len(raw) > MAX_HEADER or len(raw) + sum(map(len, blobs)) > MAX_FRAME:
        raise Unencodable("message too large to send")
    sock.sendall(b"".join([_LEN.pack(len(raw)), raw, *blobs]))


def recv(sock: socket.socket, deadline: float | None = None) -> tuple[dict, list[bytes]]:
    """Read one frame, unbuffered. Raises ``TimeoutError`` past ``deadline`` (a
    ``time.monotonic`` value), ``EOFError`` when the other side is gone, ``WireError`` for
    anything malformed."""
    (n,) = _LEN.unpack(_read_exact(sock, _LEN.size, deadline))
    header, sizes = _parse_header(n, lambda: _read_exact(sock, n, deadline))
    return header, [_read_exact(sock, s, deadline) for s in sizes]


def _parse_header(n: int, read: Callable[[], bytes]) -> tuple[dict, list[int]]:
    """Check a header's announced length, read and parse it, and check its blob sizes."""
    if n > MAX_HEADER:
        raise WireError("header too large")
    try:
        header = json.loads(read())
    except (UnicodeDecodeError, ValueError):
        raise WireError("header is not JSON") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    sizes = header.pop("blobs", [])
    if not isinstance(sizes, list) or any(type(s) is not int or s < 0 for s in sizes) or sum(sizes) + n > MAX_FRAME:
        raise WireError("bad blob sizes")
    return header, sizes


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
    """Frames over one socket with a receive buffer: a small frame costs one ``recv`` call, and
    sizes are still checked before the bytes they announce are awaited."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = bytearray()
        self._blocking = True

    def send(self, message: dict, blobs: list[bytes] = ()) -> None:
        send(self.sock, message, blobs)

    def recv(self, deadline: float | None = None) -> tuple[dict, list[bytes]]:
        self._fill(_LEN.size, deadline)
        (n,) = _LEN.unpack_from(self.buf)
        start = _LEN.size + n

        def read_header() -> bytes:
            self._fill(start, deadline)
            return bytes(self.buf[_LEN.size:start])

        header, sizes = _parse_header(n, read_header)
        end = start + sum(sizes)
        self._fill(end, deadline)
        blobs, pos = [], start
        for s in sizes:
            blobs.append(bytes(self.buf[pos:pos + s]))
            pos += s
        del self.buf[:end]
        return header, blobs

    def _fill(self, need: int, deadline: float | None) -> None:
        while len(self.buf) < need:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.sock.settimeout(remaining)
                self._blocking = False
            elif not self._blocking:
                self.sock.settimeout(None)
                self._blocking = True
            try:
                chunk = self.sock.recv(max(1 << 16, need - len(self.buf)))
            except socket.timeout:
                raise TimeoutError from None
            except (ConnectionResetError, BrokenPipeError):
                raise EOFError from None
            if not chunk:
                raise EOFError
            self.buf += chunk

    def close(self) -> None:
        self.sock.close()
