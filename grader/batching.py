"""A gradient check's calls of the submission, sent to its worker in one request.

A numerical gradient evaluates f at x + h e_i and x - h e_i for every component
i of x: 2·x.size calls of the student's function, each a round trip to the
worker when grading (about 0.2-0.5 ms, against microseconds in-process). They
were half of a graded run's time. When f makes exactly one call of the
submission's code and x is one of that call's arguments (or inside one), the
grader asks the worker for all the perturbed calls at once, then runs f for
every point as usual and answers each of its calls from those replies.

Nothing about the grading changes. f runs in full at every point; a replayed
call must be the very call the worker made (the same function, the same
argument values), and at the first call that is not, that call and every later
one go to the worker one by one. The worker is as untrusted as ever: it returns
each call's raw result, and the differences are taken here, by the kit.

Shapes: x is any contiguous array of the check; a value tree (args, kwargs) is
made of lists, tuples, dicts, arrays and scalars.
"""

import time

import numpy as np

from dlstart_check import gradcheck

# Bytes of results one request may bring back; a check on a large input is
# fetched in several requests rather than one message of unbounded size.
REPLY_BYTES = 8 * 2**20
MAX_CALLS_PER_REQUEST = 1024

# The time a batch may take: the test's time limit for one call, plus this
# allowance per call, the larger of a floor and a multiple of the unperturbed
# call's time. A batch that takes longer kills the worker like a call that
# passes its time limit.
CALL_ALLOWANCE_FLOOR_S = 0.05
CALL_ALLOWANCE_FACTOR = 20.0


def install(implementation):
    """Make the kit's numerical gradients batch their calls to ``implementation``.

    Returns the evaluator replaced, for ``gradcheck.set_evaluator`` to restore.
    """

    def evaluate(f, x, h):
        return batched_values(implementation, f, x, h)

    return gradcheck.set_evaluator(evaluate)


def batched_values(implementation, f, x, h):
    """What ``gradcheck.perturbed_values(f, x, h)`` returns, in fewer round trips."""
    implementation.recorded_calls = []
    start = time.perf_counter()
    try:
        f()  # the unperturbed point, made for real, shows which call f makes
    finally:
        calls, implementation.recorded_calls = implementation.recorded_calls, None
    seconds = time.perf_counter() - start
    path = locate(x, *calls[0][2:4]) if len(calls) == 1 else None
    if path is None or implementation.replay is not None:
        return gradcheck.perturbed_values(f, x, h)
    implementation.replay = Replay(implementation, calls[0], path, x, h, seconds)
    try:
        return gradcheck.perturbed_values(f, x, h)
    finally:
        implementation.replay = None


def locate(x, args, kwargs):
    """The path of ``x`` (by identity) in a call's arguments, or None.

    A path is a list of keys: "args" or "kwargs", then list indices and dict
    keys, e.g. ["args", 1, "W1"].
    """

    def search(value, path):
        if value is x:
            return path
        if type(value) in (list, tuple):
            items = enumerate(value)
        elif type(value) is dict:
            items = value.items()
        else:
            return None
        for key, item in items:
            found = search(item, [*path, key])
            if found is not None:
                return found
        return None

    return search(list(args), ["args"]) or search(dict(kwargs), ["kwargs"])


def snapshot(value):
    """A copy of a value tree: arrays and containers copied, other objects shared."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if type(value) in (list, tuple):
        return type(value)(snapshot(item) for item in value)
    if type(value) is dict:
        return {key: snapshot(item) for key, item in value.items()}
    return value


def same(a, b):
    """Whether two value trees would reach the worker as the same values."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )
    if type(a) is not type(b):
        return False
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(same(p, q) for p, q in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return b != b  # NaN
    try:
        return a is b or bool(a == b)
    except Exception:  # an object without a plain answer to ==: only itself
        return False


class Replay:
    """The perturbed calls of one numerical gradient, fetched ahead of f's calls.

    Call k (k = 0, 1, …) is the call at x + h e_{k//2} for even k and at
    x - h e_{k//2} for odd k: the order of ``gradcheck.perturbed_values``.
    """

    def __init__(self, implementation, call, path, x, h, seconds):
        self.implementation = implementation
        module_name, function_name, args, kwargs, result = call
        self.function = (module_name, function_name)
        self.path = path
        self.h = h
        self.result_bytes = _nbytes(result)
        # The arguments at the unperturbed point. Sent to the worker from here:
        # by the time of a request, f has already moved x itself.
        self.expected = {"args": snapshot(list(args)), "kwargs": snapshot(dict(kwargs))}
        self.call = (*self.function, self.expected["args"], self.expected["kwargs"])
        self.total = 2 * x.size
        self.next = 0
        self.replies = []
        self.stopped = False
        self.allowance_s = max(CALL_ALLOWANCE_FLOOR_S, CALL_ALLOWANCE_FACTOR * seconds)

    def take(self, module_name, function_name, args, kwargs):
        """The worker's reply to this call, or None: then it is sent as usual."""
        if self.stopped or self.next >= self.total:
            return None
        if (module_name, function_name) != self.function or not self._expected(
            args, kwargs
        ):
            self.stopped = True
            self.replies = []
            return None
        if not self.replies:
            self._fetch()
            if not self.replies:
                self.stopped = True
                return None
        self.next += 1
        return self.replies.pop(0)

    def _expected(self, args, kwargs):
        """Whether (args, kwargs) are the call the worker made as call ``next``."""
        target = self._target(self.expected)
        flat = target.reshape(-1)
        index, sign = divmod(self.next, 2)
        saved = flat[index]
        flat[index] = saved - self.h if sign else saved + self.h
        try:
            return same(self.expected, {"args": list(args), "kwargs": dict(kwargs)})
        finally:
            flat[index] = saved

    def _target(self, tree):
        for key in self.path:
            tree = tree[key]
        return tree

    def _fetch(self):
        count = min(self.total - self.next, self._calls_per_request())
        replies = self.implementation.perturbed_calls(
            self.call,
            self.path,
            self.h,
            self.next,
            count,
            self.implementation.timeout_s + count * self.allowance_s,
        )
        self.replies = list(replies or [])

    def _calls_per_request(self):
        size = max(1, self.result_bytes)
        return max(1, min(MAX_CALLS_PER_REQUEST, REPLY_BYTES // size))


def _nbytes(value):
    """Bytes a value tree takes in a message, roughly: its arrays, 8 per scalar."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if type(value) in (list, tuple):
        return sum(_nbytes(item) for item in value)
    if type(value) is dict:
        return sum(_nbytes(item) for item in value.values())
    return 8
