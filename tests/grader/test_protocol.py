"""The grader–worker message format (grader/protocol.py): round trips and refusals.

Decoding is the trust boundary between the worker (which runs student code) and
the grader, so every malformed frame must raise ProtocolError, never build an
object of the sender's choosing.
"""

import json
import os
import select
import time

import numpy as np
import pytest

from dlstart_grader import grading, protocol
from dlstart_grader.grading import GradingOptions


def round_trip(message, keep=None):
    frame = protocol.encode_message(message, keep=keep)
    header_length, payload_length = protocol.check_prefix(frame[: protocol.PREFIX.size])
    header = frame[protocol.PREFIX.size : protocol.PREFIX.size + header_length]
    payload = frame[protocol.PREFIX.size + header_length :]
    assert len(payload) == payload_length
    return protocol.decode_frame(header, payload)


def frame_parts(header, payload=b""):
    return json.dumps(header).encode(), payload


def test_plain_data_comes_back_equal_and_fresh():
    arrays = [
        np.arange(6.0).reshape(2, 3),
        np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2],  # not contiguous
        np.array(2.5),  # 0-d
        np.zeros((0, 3)),
        np.array([True, False]),
        np.arange(3, dtype=">f4"),
    ]
    message = {
        "arrays": arrays,
        "scalars": (None, True, 3, -1.5, "é", complex(1, -2), float("inf")),
        "numpy scalars": [np.float64(0.25), np.int16(7), np.bool_(True)],
        7: {"nested": [[], (), {}]},
    }
    decoded = round_trip(message)
    for sent, got in zip(arrays, decoded["arrays"]):
        assert got.dtype == sent.dtype and got.shape == sent.shape
        assert np.array_equal(got, sent)
        assert got.flags.writeable and got.flags.c_contiguous
    assert decoded["scalars"] == message["scalars"]
    assert decoded["numpy scalars"] == [0.25, 7, True]
    assert [type(v) for v in decoded["numpy scalars"]] == [float, int, bool]
    assert decoded[7] == {"nested": [[], (), {}]}


def test_objects_become_handles_only_when_kept():
    class Cache:
        pass

    with pytest.raises(protocol.UnencodableError):
        protocol.encode_message({"result": Cache()})
    decoded = round_trip(
        {"result": (1.0, Cache())}, keep=lambda v: protocol.Handle(4, "Cache")
    )
    handle = decoded["result"][1]
    assert type(handle) is protocol.Handle and (handle.id, handle.type_name) == (
        4,
        "Cache",
    )


def test_object_arrays_are_refused_both_ways():
    with pytest.raises(protocol.ProtocolError, match="dtype object"):
        protocol.encode_message({"a": np.array([None, 1], dtype=object)})
    header, payload = frame_parts(["nd", "|O", 0, 8, 1], b"\0" * 8)
    with pytest.raises(protocol.ProtocolError, match="not allowed"):
        protocol.decode_frame(header, payload)


@pytest.mark.parametrize(
    "header, payload, message",
    [
        (["nd", "<f8", 0, 16, 3], b"\0" * 24, "does not match"),
        (["nd", "<f8", 16, 16, 2], b"\0" * 16, "does not match"),
        (["nd", "<f8", -8, 8, 1], b"\0" * 8, "offset"),
        (["nd", "<f8", 0, 8, -1], b"\0" * 8, "shape"),
        (["nd", "<f8", 0, 8, 1.0], b"\0" * 8, "shape"),
        (["nd", "<f8"], b"", "without"),
        (["dict", "key"], b"", "dict"),
        (["dict", ["list"], 1], b"", "key"),
        (["complex", "1", 2.0], b"", "complex"),
        (["handle", "1", "x"], b"", "handle"),
        (["object", 1], b"", "unknown"),
        ({"t": "list", "items": []}, b"", "unexpected"),
        ([], b"", "unexpected"),
    ],
)
def test_malformed_nodes_are_refused(header, payload, message):
    with pytest.raises(protocol.ProtocolError, match=message):
        protocol.decode_frame(*frame_parts(header, payload))


def test_nesting_and_size_are_capped():
    deep = 1.0
    for _ in range(protocol.MAX_DEPTH + 2):
        deep = [deep]
    with pytest.raises(protocol.ProtocolError, match="nested"):
        protocol.encode_message({"v": deep})
    header = 1.0
    for _ in range(protocol.MAX_DEPTH + 2):
        header = ["list", header]
    with pytest.raises(protocol.ProtocolError, match="nested"):
        protocol.decode_frame(*frame_parts(header))
    with pytest.raises(protocol.ProtocolError, match="too large"):
        protocol.check_prefix(protocol.PREFIX.pack(protocol.MAX_HEADER_BYTES + 1, 0))
    with pytest.raises(protocol.ProtocolError, match="JSON"):
        protocol.decode_frame(b"{not json", b"")


def test_polling_sees_a_ready_pipe_and_gives_up_on_a_silent_one():
    read_end, write_end = os.pipe()
    try:
        poller = select.poll()
        poller.register(read_end, select.POLLIN)
        start = time.perf_counter()
        assert not protocol.spin_until_ready(poller, 0.002)
        assert time.perf_counter() - start >= 0.002
        os.write(write_end, b"x")
        assert protocol.spin_until_ready(poller, 10.0)  # at once, not in 10 s
    finally:
        os.close(read_end)
        os.close(write_end)


def test_calls_poll_only_when_every_process_has_a_core(monkeypatch):
    monkeypatch.setattr(grading.os, "cpu_count", lambda: 2)
    assert grading._spin_s(GradingOptions(workers=1)) == protocol.SPIN_S
    assert grading._spin_s(GradingOptions(workers=2)) == 0.0
    assert grading._spin_s(GradingOptions(workers=1, scheduler="tcp://x:1")) == 0.0
    assert grading._spin_s(GradingOptions(workers=2, spin_s=0.001)) == 0.001
