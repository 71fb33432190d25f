"""The message format between the grader and a worker: JSON plus raw array bytes.

No pickle: unpickling runs code chosen by whoever wrote the bytes, and the worker
runs student code. A frame is::

    header length (uint32) | payload length (uint64) | JSON header | payload

The header holds one value tree in JSON. Plain scalars (None, bool, int, float,
str) are themselves; every other node is a list whose first item is a tag:
``["list", item, ...]``, ``["tuple", item, ...]``, ``["dict", key, value, ...]``,
``["nd", dtype, offset, nbytes, *shape]`` (the array's bytes are in the
payload), ``["complex", re, im]`` and ``["handle", id, type]`` for an object that
stays in the worker. Lists rather than objects with named fields, because
encoding and decoding this tree is most of the cost of a small call.

Decoding is the trust boundary: it accepts only the dtypes of ALLOWED_DTYPES,
checks every length against the payload, caps sizes and nesting, and builds fresh
ndarrays from bytes, so no object or method of the sender reaches the receiver.
This module needs only the standard library and numpy (the worker imports it).
"""

import json
import os
import select
import struct
import time

import numpy as np

PREFIX = struct.Struct("!IQ")
MAX_HEADER_BYTES = 16 * 2**20
MAX_PAYLOAD_BYTES = 512 * 2**20
MAX_DEPTH = 32

# Numeric and boolean dtypes in both byte orders; object, str, bytes, void,
# datetime and structured dtypes are refused.
_NUMERIC = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16]
_NUMERIC += [np.uint32, np.uint64, np.float16, np.float32, np.float64]
_NUMERIC += [np.complex64, np.complex128]
ALLOWED_DTYPES = {}
for _type in _NUMERIC:
    _dtype = np.dtype(_type)
    for _order in "<>":
        _variant = _dtype.newbyteorder(_order)
        ALLOWED_DTYPES[_variant.str] = _variant


class ProtocolError(ValueError):
    """A message is malformed, too large, or holds a value that cannot be sent."""


class UnencodableError(ProtocolError):
    """A value is not plain data; the worker keeps it behind a handle instead."""


class Handle:
    """A reference to an object kept by the worker (e.g. a cache)."""

    __slots__ = ("id", "type_name")

    def __init__(self, id, type_name):
        self.id = id
        self.type_name = type_name


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------


class _Payload(list):
    """The array bytes of a message being encoded, and their total length."""

    size = 0


def _encode_array(value, buffers):
    # view(np.ndarray) reads the subclass's real memory without calling any
    # method it defines (__array__ may lie about the data).
    base = np.ndarray.view(value, np.ndarray)
    dtype = base.dtype.str
    if dtype not in ALLOWED_DTYPES:
        raise ProtocolError(
            f"an array of dtype {base.dtype} cannot be sent: "
            "only numeric and boolean arrays are plain data"
        )
    data = base.tobytes()  # C order, whatever the strides
    if type(buffers) is _Payload:
        offset = buffers.size
        buffers.size += len(data)
    else:
        offset = sum(len(b) for b in buffers)
    buffers.append(data)
    return ["nd", dtype, offset, len(data), *base.shape]


def _encode_scalar(value):
    """Python value of a numpy scalar, or None if ``value`` is none."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.complexfloating):
        return ["complex", float(value.real), float(value.imag)]
    return None


_PLAIN = frozenset({bool, int, float, str})


def encode_value(value, buffers, keep=None, depth=0):
    """The header node of ``value``; array bytes are appended to ``buffers``.

    ``keep(value) -> Handle`` is called for a value that is not plain data; without
    it such a value raises UnencodableError.
    """
    kind = type(value)
    if kind in _PLAIN or value is None:
        return value
    if kind is np.ndarray:
        return _encode_array(value, buffers)
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
    if kind is tuple or kind is list:
        node = ["tuple" if kind is tuple else "list"]
        for item in value:
            node.append(encode_value(item, buffers, keep, depth + 1))
        return node
    if kind is dict:
        node = ["dict"]
        for key, item in value.items():
            node.append(encode_value(key, buffers, keep, depth + 1))
            node.append(encode_value(item, buffers, keep, depth + 1))
        return node
    if kind is complex:
        return ["complex", value.real, value.imag]
    if kind is Handle:
        return ["handle", value.id, value.type_name]
    if isinstance(value, np.ndarray):
        return _encode_array(value, buffers)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        scalar = _encode_scalar(value)
        if scalar is not None:
            return scalar
    if keep is None:
        raise UnencodableError(f"a {kind.__name__} is not plain data")
    return encode_value(keep(value), buffers, None, depth)


def encode_message(message, keep=None):
    """The bytes of one frame holding ``message`` (a dict of plain data)."""
    buffers = _Payload()
    header = encode_value(message, buffers, keep)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    if len(header_bytes) > MAX_HEADER_BYTES or buffers.size > MAX_PAYLOAD_BYTES:
        raise ProtocolError(
            f"message too large ({len(header_bytes)} header bytes, "
            f"{buffers.size} array bytes)"
        )
    prefix = PREFIX.pack(len(header_bytes), buffers.size)
    return b"".join([prefix, header_bytes, *buffers])


def copy_tree(value):
    """``value`` as a fresh decode would give it: arrays and containers copied.

    Other objects (handles' objects in the worker) are shared, as they are
    between two calls.
    """
    if isinstance(value, np.ndarray):
        return value.copy()
    if type(value) in (list, tuple):
        return type(value)(copy_tree(item) for item in value)
    if type(value) is dict:
        return {key: copy_tree(item) for key, item in value.items()}
    return value


def move_to_point(flat, point, step):
    """Move ``flat`` (a 1-D view) to point ``point`` of a numerical gradient.

    Point k is component k // 2 moved by +step (k even) or -step (k odd): the
    order and the arithmetic of dlstart_check.gradcheck.perturbed_values, which
    the grader and the worker must repeat bit for bit ("perturbed" requests).
    Returns (index, saved) for the caller to restore ``flat[index] = saved``.
    """
    index, sign = divmod(point, 2)
    saved = flat[index]
    flat[index] = saved - step if sign else saved + step
    return index, saved


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


def _decode_array(node, payload):
    if len(node) < 4:
        raise ProtocolError("array node without dtype, offset and size")
    dtype = ALLOWED_DTYPES.get(node[1]) if type(node[1]) is str else None
    if dtype is None:
        raise ProtocolError(f"array dtype {node[1]!r} is not allowed")
    offset, nbytes, shape = node[2], node[3], node[4:]
    if type(offset) is not int or type(nbytes) is not int or offset < 0:
        raise ProtocolError("bad array offset or size")
    count = 1
    for side in shape:
        if type(side) is not int or side < 0:
            raise ProtocolError(f"bad array shape {shape!r}")
        count *= side
    if count * dtype.itemsize != nbytes or offset + nbytes > len(payload):
        raise ProtocolError(f"array of shape {shape} does not match its bytes")
    flat = np.frombuffer(payload, dtype=dtype, count=count, offset=offset)
    return flat.reshape(shape).copy()


def _decode_items(node, payload, depth):
    return [decode_value(item, payload, depth + 1) for item in node[1:]]


def _decode_dict(node, payload, depth):
    if len(node) % 2 != 1:
        raise ProtocolError("dict without [key, value] items")
    result = {}
    for index in range(1, len(node), 2):
        key = decode_value(node[index], payload, depth + 1)
        try:
            result[key] = decode_value(node[index + 1], payload, depth + 1)
        except TypeError as error:  # an unhashable key such as an array
            raise ProtocolError(f"bad dict key: {error}") from None
    return result


def _decode_complex(node, payload, depth):
    if len(node) != 3 or type(node[1]) is not float or type(node[2]) is not float:
        raise ProtocolError("bad complex number")
    return complex(node[1], node[2])


def _decode_handle(node, payload, depth):
    if len(node) != 3 or type(node[1]) is not int or type(node[2]) is not str:
        raise ProtocolError("bad handle")
    return Handle(node[1], node[2][:200])


_DECODERS = {
    "nd": lambda node, payload, depth: _decode_array(node, payload),
    "list": _decode_items,
    "tuple": lambda node, payload, depth: tuple(_decode_items(node, payload, depth)),
    "dict": _decode_dict,
    "complex": _decode_complex,
    "handle": _decode_handle,
}


def decode_value(node, payload, depth=0):
    """The value of a header node; the inverse of encode_value."""
    kind = type(node)
    if kind in _PLAIN or node is None:
        return node
    if kind is not list or not node or type(node[0]) is not str:
        raise ProtocolError(f"unexpected node of type {kind.__name__}")
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
    decoder = _DECODERS.get(node[0])
    if decoder is None:
        raise ProtocolError(f"unknown node tag {node[0]!r}")
    return decoder(node, payload, depth)


def decode_frame(header_bytes, payload):
    """The message of one frame's header and payload bytes."""
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ProtocolError(f"header is not valid JSON: {error}") from None
    return decode_value(header, payload)


def check_prefix(prefix):
    """The (header, payload) lengths of a frame prefix, refusing oversize frames."""
    header_length, payload_length = PREFIX.unpack(prefix)
    if header_length > MAX_HEADER_BYTES or payload_length > MAX_PAYLOAD_BYTES:
        raise ProtocolError(
            f"frame too large ({header_length} header bytes, "
            f"{payload_length} array bytes)"
        )
    return header_length, payload_length


# Waking a process that sleeps on a pipe took about 40 µs on the machines
# measured, in each direction of a call: more than the work of a small call on
# either side. A reader that expects an answer soon may first poll without
# sleeping for a while (yielding the core to anything else runnable). Measured
# with 0.5 ms: an empty request 130 µs → 30 µs, a small softmax call 230 → 110 µs.
# It pays only when both ends have a core each (grading.py decides).
SPIN_S = 0.0005


def spin_until_ready(poller, spin_s=SPIN_S):
    """Whether ``poller`` (a select.poll) became ready within ``spin_s`` seconds."""
    end = time.perf_counter() + spin_s
    while True:
        if poller.poll(0):
            return True
        if time.perf_counter() >= end:
            return False
        os.sched_yield()


class FrameReader:
    """Frames from a blocking fd, read in large chunks (the worker's side).

    One os.read usually brings a whole request, where reading each part of the
    frame separately would cost three system calls per call.
    """

    def __init__(self, fd, spin_s=0.0):
        self.fd = fd
        self.spin_s = spin_s
        self.buffer = bytearray()
        self.readable = select.poll()
        self.readable.register(fd, select.POLLIN)

    def _take(self, size):
        while len(self.buffer) < size:
            if self.spin_s:  # a test's next request often follows at once
                spin_until_ready(self.readable, self.spin_s)
            chunk = os.read(self.fd, max(size - len(self.buffer), 2**16))
            if not chunk:
                raise EOFError("the other side closed the channel")
            self.buffer += chunk
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def read_message(self):
        """Read and decode one frame."""
        header_length, payload_length = check_prefix(self._take(PREFIX.size))
        header = self._take(header_length)
        payload = self._take(payload_length)
        return decode_frame(header, payload)


def write_all(fd, data):
    """Write all of ``data`` to a blocking fd."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
