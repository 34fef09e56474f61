"""The wire carries data only, and its decoder refuses anything malformed before allocating."""

import json
import socket
import struct

import numpy as np
import pytest

from autograder import wire


def roundtrip(value):
    blobs: list[bytes] = []
    data = wire.encode(value, blobs)
    return wire.decode(json.loads(json.dumps(data)), blobs)


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 1.5, float("inf"), "한글", [1, [2.0, "x"]], (1, (2, 3)), {"a": 1, 2: (3,)},
    1 + 2j, np.float32(1.25), np.int64(7), np.bool_(True),
])
def test_scalars_and_containers_round_trip(value):
    out = roundtrip(value)
    assert out == value and type(out) is type(value)


@pytest.mark.parametrize("arr", [
    np.arange(12.0).reshape(3, 4), np.zeros((0, 3)), np.array(5.0), np.arange(6, dtype=np.int8),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.array([True, False]), np.ones(3, np.complex64),
    np.arange(10.0)[::2],
])
def test_arrays_round_trip_exactly(arr):
    out = roundtrip(arr)
    assert out.dtype == arr.dtype and out.shape == arr.shape and np.array_equal(out, arr)
    assert out.flags.writeable


def test_nan_survives():
    assert np.isnan(roundtrip(float("nan")))


@pytest.mark.parametrize("value", [
    np.array([object()], dtype=object), np.matrix([[1.0]]),
    np.zeros(2, dtype=[("x", "f8")]), object(), lambda x: x, {1, object()},
])
def test_non_data_is_refused(value):  # (sets and string arrays are data since issue 14: tests/test_otter_conform.py)
    with pytest.raises(wire.Unencodable):
        wire.encode(value, [])


def test_nesting_bomb_is_refused():
    v = []
    for _ in range(100):
        v = [v]
    with pytest.raises(wire.Unencodable):
        wire.encode(v, [])
    deep = {"t": "tuple", "v": []}
    for _ in range(100):
        deep = {"t": "tuple", "v": [deep]}
    with pytest.raises(wire.WireError):
        wire.decode(deep, [])


def test_forged_array_sizes_are_refused_before_allocation():
    with pytest.raises(wire.WireError, match="size"):
        wire.parse_array("<f8", [10_000_000_000], b"\0" * 8)  # claims 80 GB
    with pytest.raises(wire.WireError, match="size"):
        wire.parse_array("<f8", [0, 2], b"\0" * 8)
    with pytest.raises(wire.WireError, match="dtype"):
        wire.parse_array("|O", [2], b"\0" * 16)  # object dtype = pickle
    for shape in ([-1], [2.0], "2", [1] * 33, None):
        with pytest.raises(wire.WireError, match="shape"):
            wire.parse_array("<f8", shape, b"\0" * 8)
    with pytest.raises(wire.WireError, match="shape"):
        wire.parse_array("<f8", [10**20, 0], b"")  # too many elements for numpy, yet zero bytes


@pytest.mark.parametrize("data", [
    {"t": "nd", "b": 5}, {"t": "nd", "b": 0, "d": "<f8"}, {"t": "nd", "b": 0, "d": "|O", "s": [0]},
    {"t": "pickle", "v": "gASV"}, {"t": "ref", "id": 1}, {"t": "dict", "k": [[1]], "v": [2]},
    {"t": "float", "v": "1e999999"}, {"t": "complex", "re": "x", "im": 0},
])
def test_malformed_tags_are_refused(data):
    with pytest.raises(wire.WireError):
        wire.decode(data, [b"\0" * 8])


def _prefix(header: bytes, sizes=()) -> bytes:
    return struct.pack(f"!II{len(sizes)}I", len(header), len(sizes), *sizes) + header


def test_frames_check_declared_sizes():
    a, b = socket.socketpair()
    with a, b:
        wire.send(a, {"op": "x", "n": 1}, [b"abc"])
        msg, blobs = wire.recv(b)
        assert msg == {"op": "x", "n": 1} and blobs == [b"abc"]
        a.sendall(struct.pack("!II", wire.MAX_HEADER + 1, 0))
        with pytest.raises(wire.WireError, match="header"):
            wire.recv(b)
    a, b = socket.socketpair()
    with a, b:
        a.sendall(_prefix(b"{}", [wire.MAX_FRAME]))
        with pytest.raises(wire.WireError, match="blob"):
            wire.recv(b)
    a, b = socket.socketpair()
    with a, b:
        a.sendall(struct.pack("!II", 2, wire.MAX_BLOBS + 1))
        with pytest.raises(wire.WireError, match="blobs"):
            wire.recv(b)
    for bad in (b"[1]", b"{", "{\"a\": \"\udc80\"}".encode("utf-8", "surrogatepass"), b"[" * 100_000):
        a, b = socket.socketpair()
        with a, b:
            a.sendall(_prefix(bad))
            with pytest.raises(wire.WireError):
                wire.Channel(b).recv()
    a, b = socket.socketpair()
    with b:
        a.sendall(_prefix(b"{") [:-1])
        a.close()
        with pytest.raises(EOFError):
            wire.recv(b)


def test_channel_reads_back_to_back_frames_and_checks_sizes_first():
    a, b = socket.socketpair()
    with a, b:
        ch = wire.Channel(b)
        for i in range(3):
            wire.send(a, {"i": i}, [bytes([i]) * (i + 1)])
        assert [ch.recv() for _ in range(3)] == [({"i": i}, [bytes([i]) * (i + 1)]) for i in range(3)]
        a.sendall(_prefix(b"{}", [wire.MAX_FRAME]))
        with pytest.raises(wire.WireError):
            ch.recv()  # refused without waiting for 256 MiB that will never come


def test_channel_carries_frames_larger_than_its_buffer_and_shrinks_back():
    a, b = socket.socketpair()
    big = np.arange(300_000, dtype=np.float64)  # 2.4 MB, many times the buffer
    with a, b:
        ch = wire.Channel(b)
        sender = __import__("threading").Thread(target=lambda: [wire.send(a, *frame) for frame in (
            ({"k": 1}, [big.tobytes()]), ({"k": 2}, [b"x"]))])
        sender.start()
        msg, blobs = ch.recv()
        assert msg == {"k": 1} and np.array_equal(np.frombuffer(blobs[0]), big)
        assert ch.recv() == ({"k": 2}, [b"x"])
        sender.join()
        assert len(ch._buf) == wire.Channel.BUFFER


def test_channel_deadline():
    import time

    a, b = socket.socketpair()
    with a, b:
        a.sendall(_prefix(b"{" * 100)[:50])
        with pytest.raises(TimeoutError):
            wire.Channel(b).recv(deadline=time.monotonic() + 0.2)


def test_affine_map_crosses_as_data():
    m = roundtrip(wire.AffineMap(np.eye(2) * 2, np.ones(2)))
    assert type(m) is wire.AffineMap and np.array_equal(m(np.array([1.0, 2.0])), [3.0, 5.0])
    with pytest.raises(wire.WireError):
        wire.decode({"t": "affine", "A": 1, "b": 2}, [])


def test_calls_leave_out_empty_arguments_and_refuse_odd_keywords():
    blobs: list[bytes] = []
    assert wire.encode_call((), {}, blobs) == {} and blobs == []
    msg = json.loads(json.dumps(wire.encode_call((np.arange(3.0),), {"lr": 0.1}, blobs)))
    args, kwargs = wire.decode_call(msg, blobs)
    assert np.array_equal(args[0], np.arange(3.0)) and kwargs == {"lr": 0.1}
    assert wire.decode_call({}, []) == ([], {})
    for bad in ({"args": {"t": "tuple", "v": [1]}}, {"kwargs": [1]}, {"kwargs": {"t": "dict", "k": [1], "v": [2]}}):
        with pytest.raises(wire.WireError):
            wire.decode_call(bad, [])


def test_a_tuple_key_holding_a_list_is_a_protocol_error():
    from autograder import wire

    with pytest.raises(wire.WireError):
        wire.decode({"t": "dict", "k": [{"t": "tuple", "v": [[1, 2]]}], "v": [0]}, [])
