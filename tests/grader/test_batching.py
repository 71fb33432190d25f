"""A numerical gradient's calls sent to the worker in one request (grader/batching.py).

Each test compares the batched evaluation with the one-call-at-a-time loop of
dlstart_check.gradcheck on the same submission: the values must be identical,
and what goes wrong (an exception, a hang) must go wrong the same way.
"""

import numpy as np
import pytest

from dlstart_check import gradcheck
from dlstart_grader import KIT_ROOT, batching, protocol
from dlstart_grader.remote import Limits, RemoteImplementation, WorkerFailureError

H = gradcheck.DEFAULT_STEP


class Counted(RemoteImplementation):
    """A RemoteImplementation that counts the requests of each kind it sends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = {}

    def _request(self, message, timeout_s, count=None):
        op = message.get("op")
        self.requests[op] = self.requests.get(op, 0) + 1
        return super()._request(message, timeout_s, count)


@pytest.fixture
def reference():
    implementation = Counted(KIT_ROOT / "reference", "reference", limits=Limits())
    yield implementation
    implementation.close()


def submission(tmp_path, source):
    """A submission folder holding one module, mod.py, with ``source``."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "mod.py").write_text(source, encoding="utf-8")
    return folder


def both_ways(implementation, f, x):
    """(batched values, one-by-one values) of f around x; x is left as it was."""
    before = x.copy()
    batched = batching.batched_values(implementation, f, x, H)
    assert np.array_equal(x, before), "the batched evaluation did not restore x"
    one_by_one = gradcheck.perturbed_values(f, x, H)
    return batched, one_by_one


def test_a_layer_with_keyword_arguments_gives_the_same_values(reference):
    conv = reference.function("step6_cnn", "conv_forward")
    rng = np.random.default_rng(0)
    x, W, b = (
        rng.normal(size=(2, 2, 5, 5)),
        rng.normal(size=(3, 2, 3, 3)),
        rng.normal(size=3),
    )
    dout = rng.normal(size=(2, 3, 3, 3))

    def f():
        return np.sum(conv(x, W, b, stride=2, pad=1)[0] * dout)

    batched, one_by_one = both_ways(reference, f, W)
    assert np.array_equal(batched, one_by_one)
    # One request instead of 2·54 calls (the calls counted are one_by_one's).
    assert reference.requests["perturbed"] == 1
    assert reference.requests["call"] == 2 * W.size


def test_an_array_inside_nested_arguments_is_found_and_perturbed(reference):
    forward = reference.function("step4_backprop", "network_forward")
    rng = np.random.default_rng(1)
    params = [
        (rng.normal(size=(3, 2)), np.zeros(3)),
        (rng.normal(size=(1, 3)), np.zeros(1)),
    ]
    x = rng.normal(size=(4, 2))
    W2 = params[1][0]
    assert batching.locate(W2, (x, params, "tanh"), {}) == ["args", 1, 1, 0]

    def f():
        return np.sum(forward(x, params, "tanh")[0])

    batched, one_by_one = both_ways(reference, f, W2)
    assert np.array_equal(batched, one_by_one)
    assert reference.requests["perturbed"] == 1


def test_calls_through_several_functions_are_fetched_in_rounds(reference):
    forward = reference.function("step4_backprop", "network_forward")
    loss = reference.function("step2_feedforward", "softmax_cross_entropy")
    penalty = reference.function("step3_training", "weight_decay_penalty")
    rng = np.random.default_rng(2)
    params = [
        (rng.normal(size=(4, 3)), np.zeros(4)),
        (rng.normal(size=(3, 4)), np.zeros(3)),
    ]
    x, labels = rng.normal(size=(5, 3)), np.array([0, 1, 2, 1, 0])
    W1 = params[0][0]

    def f():
        u, _ = forward(x, params, "tanh")
        # u differs from point to point: these calls are sent each with its u.
        error, _ = loss(u, labels)
        decay, _ = penalty(params, 0.1)
        return error + decay

    batched, one_by_one = both_ways(reference, f, W1)
    assert np.array_equal(batched, one_by_one)
    assert reference.requests["perturbed"] == 2  # network_forward, the penalty
    assert reference.requests["calls"] == 1  # the loss


def test_arguments_that_are_new_arrays_are_sent_call_by_call(reference, monkeypatch):
    monkeypatch.setattr(batching, "REQUEST_BYTES", 10 * 48)
    softmax = reference.function("step2_feedforward", "softmax")
    u = np.array([[0.5, -1.0, 2.0]])
    weights = np.array([1.0, 2.0, 3.0])

    def f():
        return float(np.sum(np.asarray(softmax(u * 1.0)) * weights))

    batched, one_by_one = both_ways(reference, f, u)
    assert np.array_equal(batched, one_by_one)
    assert "perturbed" not in reference.requests
    # 6 calls of 24 bytes of arguments; 480 bytes a request hold all six.
    assert reference.requests["calls"] == 1


def test_a_call_that_differs_from_its_fetched_reply_is_sent_on_its_own(
    reference, monkeypatch
):
    conv = reference.function("step6_cnn", "conv_forward")
    x, W, bias = np.ones((1, 1, 3, 3)), np.ones((3, 1, 2, 2)), np.zeros(3)

    def f():
        return float(np.sum(conv(x, W, bias)[0]))

    fetch = batching.Replay.prefetch

    def fetch_then_change(replay, f):
        fetch(replay, f)
        bias[0] = 1.0  # every call of the final run now differs from the fetched

    monkeypatch.setattr(batching.Replay, "prefetch", fetch_then_change)
    batched = batching.batched_values(reference, f, W, H)
    assert reference.requests["perturbed"] == 1
    assert reference.requests["call"] == 2 * W.size
    assert np.array_equal(batched, gradcheck.perturbed_values(f, W, H))


def test_an_exception_at_a_perturbed_point_is_raised_as_one_by_one(tmp_path):
    folder = submission(
        tmp_path,
        "def f(x):\n"
        "    if x[1] > 0.5:\n"
        "        raise ValueError('x[1] is too large')\n"
        "    return float((x ** 2).sum())\n",
    )
    implementation = Counted(folder, "raiser", limits=Limits())
    try:
        f = implementation.function("mod", "f")
        x = np.array([0.0, 0.5])
        with pytest.raises(ValueError, match="too large"):
            batching.batched_values(implementation, lambda: f(x), x, H)
        assert np.array_equal(x, [0.0, 0.5])
        with pytest.raises(ValueError, match="too large"):
            gradcheck.perturbed_values(lambda: f(x), x, H)
    finally:
        implementation.close()


def test_many_calls_are_split_into_requests_of_bounded_size(reference, monkeypatch):
    monkeypatch.setattr(batching, "REQUEST_BYTES", 4 * 400)
    sigmoid = reference.function("step2_feedforward", "sigmoid_forward")
    u = np.linspace(-2.0, 2.0, 50).reshape(5, 10)

    def f():
        return np.sum(sigmoid(u + 0.0)[0] ** 2)

    batched, one_by_one = both_ways(reference, f, u)
    assert np.array_equal(batched, one_by_one)
    # 100 calls with 400 bytes of arguments each, four to a request.
    assert reference.requests["calls"] == 25


def test_a_hang_at_a_perturbed_point_fails_within_the_time_limit(tmp_path):
    folder = submission(
        tmp_path,
        "import time\n"
        "def f(x):\n"
        "    if x[0] < 0:\n"
        "        time.sleep(60)\n"
        "    return float(x.sum())\n",
    )
    limits = Limits(call_timeout_s=1.0)
    implementation = RemoteImplementation(folder, "sleeper", limits=limits)
    try:
        f = implementation.function("mod", "f")
        x = np.zeros(3)
        with pytest.raises(WorkerFailureError, match="numerical gradient"):
            batching.batched_values(implementation, lambda: f(x), x, H)
    finally:
        implementation.close()


def test_same_compares_values_not_identity():
    a = {"args": [np.arange(3.0), (1, "relu")], "kwargs": {"pad": 1}}
    assert batching.same(a, protocol.copy_tree(a))
    b = protocol.copy_tree(a)
    b["args"][0][1] = 7.0
    assert not batching.same(a, b)
    assert not batching.same(np.arange(3.0), np.arange(3))  # dtype differs
    assert not batching.same([1.0], (1.0,))
    assert batching.same(float("nan"), float("nan"))
