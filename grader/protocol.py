"""The message format between the grader and a worker: JSON plus raw array bytes.

No pickle: unpickling runs code chosen by whoever wrote the bytes, and the worker
runs student code. A frame is::

    header length (uint32) | payload length (uint64) | JSON header | payload

The header holds one value tree. Plain data is JSON (None, bool, int, float, str)
or a tagged node: ``{"t": "list"|"tuple", "items": [...]}``,
``{"t": "dict", "items": [[key, value], ...]}``, ``{"t": "nd", "dtype": "<f8",
"shape": [...], "offset": o, "nbytes": n}`` (bytes in the payload),
``{"t": "complex", "re": x, "im": y}`` and ``{"t": "handle", "id": i, "type": name}``
for an object that stays in the worker.

Decoding is the trust boundary: it accepts only the dtypes of ALLOWED_DTYPES,
checks every length against the payload, caps sizes and nesting, and builds fresh
ndarrays from bytes, so no object or method of the sender reaches the receiver.
This module needs only the standard library and numpy (the worker imports it).
"""

import json
import math
import os
import struct

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


def _encode_array(value, buffers):
    # view(np.ndarray) reads the subclass's real memory without calling any
    # method it defines (__array__ may lie about the data).
    base = np.ndarray.view(value, np.ndarray)
    if base.dtype.str not in ALLOWED_DTYPES:
        raise ProtocolError(
            f"an array of dtype {base.dtype} cannot be sent: "
            "only numeric and boolean arrays are plain data"
        )
    data = np.ascontiguousarray(base).tobytes()
    offset = sum(len(b) for b in buffers)
    buffers.append(data)
    return {
        "t": "nd",
        "dtype": base.dtype.str,
        "shape": list(base.shape),
        "offset": offset,
        "nbytes": len(data),
    }


def _encode_scalar(value):
    """Python value of a numpy scalar, or None if ``value`` is none."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.complexfloating):
        return {"t": "complex", "re": float(value.real), "im": float(value.imag)}
    return None


def encode_value(value, buffers, keep=None, depth=0):
    """The header node of ``value``; array bytes are appended to ``buffers``.

    ``keep(value) -> Handle`` is called for a value that is not plain data; without
    it such a value raises UnencodableError.
    """
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return value
    if kind is float:
        return value
    if kind is complex:
        return {"t": "complex", "re": value.real, "im": value.imag}
    if kind is Handle:
        return {"t": "handle", "id": value.id, "type": value.type_name}
    if isinstance(value, np.ndarray):
        return _encode_array(value, buffers)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        scalar = _encode_scalar(value)
        if scalar is not None:
            return scalar
    if kind in (list, tuple):
        items = [encode_value(item, buffers, keep, depth + 1) for item in value]
        return {"t": kind.__name__, "items": items}
    if kind is dict:
        items = [
            [
                encode_value(key, buffers, keep, depth + 1),
                encode_value(item, buffers, keep, depth + 1),
            ]
            for key, item in value.items()
        ]
        return {"t": "dict", "items": items}
    if keep is None:
        raise UnencodableError(f"a {kind.__name__} is not plain data")
    return encode_value(keep(value), buffers, None, depth)


def encode_message(message, keep=None):
    """The bytes of one frame holding ``message`` (a dict of plain data)."""
    buffers = []
    header = encode_value(message, buffers, keep)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    payload_length = sum(len(b) for b in buffers)
    if len(header_bytes) > MAX_HEADER_BYTES or payload_length > MAX_PAYLOAD_BYTES:
        raise ProtocolError(
            f"message too large ({len(header_bytes)} header bytes, "
            f"{payload_length} array bytes)"
        )
    prefix = PREFIX.pack(len(header_bytes), payload_length)
    return b"".join([prefix, header_bytes, *buffers])


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


def _decode_array(node, payload):
    dtype = ALLOWED_DTYPES.get(node.get("dtype"))
    if dtype is None:
        raise ProtocolError(f"array dtype {node.get('dtype')!r} is not allowed")
    shape, offset, nbytes = node.get("shape"), node.get("offset"), node.get("nbytes")
    if not isinstance(shape, list) or not all(
        type(side) is int and side >= 0 for side in shape
    ):
        raise ProtocolError(f"bad array shape {shape!r}")
    if type(offset) is not int or type(nbytes) is not int or offset < 0:
        raise ProtocolError("bad array offset or size")
    if math.prod(shape) * dtype.itemsize != nbytes or offset + nbytes > len(payload):
        raise ProtocolError(f"array of shape {shape} does not match its bytes")
    count = nbytes // dtype.itemsize
    flat = np.frombuffer(payload, dtype=dtype, count=count, offset=offset)
    return flat.reshape(shape).copy()


def decode_value(node, payload, depth=0):
    """The value of a header node; the inverse of encode_value."""
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is not dict or type(node.get("t")) is not str:
        raise ProtocolError(f"unexpected node of type {type(node).__name__}")
    tag = node["t"]
    if tag == "nd":
        return _decode_array(node, payload)
    if tag in ("list", "tuple"):
        items = node.get("items")
        if type(items) is not list:
            raise ProtocolError(f"{tag} without items")
        values = [decode_value(item, payload, depth + 1) for item in items]
        return values if tag == "list" else tuple(values)
    if tag == "dict":
        items = node.get("items")
        if type(items) is not list or not all(
            type(pair) is list and len(pair) == 2 for pair in items
        ):
            raise ProtocolError("dict without [key, value] items")
        result = {}
        for key, value in items:
            key = decode_value(key, payload, depth + 1)
            try:
                result[key] = decode_value(value, payload, depth + 1)
            except TypeError as error:  # an unhashable key such as an array
                raise ProtocolError(f"bad dict key: {error}") from None
        return result
    if tag == "complex":
        re, im = node.get("re"), node.get("im")
        if type(re) is not float or type(im) is not float:
            raise ProtocolError("bad complex number")
        return complex(re, im)
    if tag == "handle":
        if type(node.get("id")) is not int or type(node.get("type")) is not str:
            raise ProtocolError("bad handle")
        return Handle(node["id"], node["type"][:200])
    raise ProtocolError(f"unknown node tag {tag!r}")


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


class FrameReader:
    """Frames from a blocking fd, read in large chunks (the worker's side).

    One os.read usually brings a whole request, where reading each part of the
    frame separately would cost three system calls per call.
    """

    def __init__(self, fd):
        self.fd = fd
        self.buffer = bytearray()

    def _take(self, size):
        while len(self.buffer) < size:
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
