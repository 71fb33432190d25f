"""A gradient check's calls of the submission, sent to its worker in few requests.

A numerical gradient evaluates f at x + h e_i and x - h e_i for every component
i of x: 2·x.size points, and at each point f calls the student's code one or
more times (a forward pass, then a loss, say), each call a round trip to the
worker when grading (0.2-0.5 ms, against microseconds in-process). Those calls
were half of a graded run's time.

So the grader fetches them in rounds before the check proper. In round r it
runs f at every point with the replies known so far and stops f at its r-th
call (a probe: f's calls before it are answered from the replies, and the
arguments of the r-th are noted). Then all points' r-th calls go to the worker
in one request, and the next round begins, until f completes at every point.
Finally f runs at every point, in the order of ``gradcheck.perturbed_values``,
each of its calls answered from those replies.

Nothing about the grading changes. A call is answered from a reply only if it
is the very call the worker made (the same function, the same argument values);
any other call goes to the worker on its own, as do all later calls at that
point. Each call has its own time limit (the worker sends one reply per call).
The worker is as untrusted as ever: it returns each call's raw result, and the
differences are taken here. f must be a function of x, as numerical gradients
require anyway: it runs once per round at each point, not once.

Requests: when the calls at all points are one function with the same
arguments except x itself, perturbed, only the unperturbed arguments and the
list of points are sent ("perturbed"); otherwise every call with its own
arguments ("calls").

Shapes: x is any contiguous array of the check; a value tree (args, kwargs) is
made of lists, tuples, dicts, arrays and scalars.
"""

import numpy as np

from dlstart_check import gradcheck
from dlstart_grader import protocol

# Bytes of arguments one "calls" request may carry; more calls are split into
# several requests rather than one message of unbounded size.
REQUEST_BYTES = 8 * 2**20

# A safety net against an f whose number of calls grows with every answer.
MAX_ROUNDS = 64


class Suspend(BaseException):
    """Stops f at a call whose reply is not known yet (a BaseException, so that a
    test's ``except Exception`` cannot swallow it)."""


def install(implementation):
    """Make the kit's numerical gradients batch their calls to ``implementation``.

    Returns the evaluator replaced, for ``gradcheck.set_evaluator`` to restore.
    """

    def evaluate(f, x, h):
        return batched_values(implementation, f, x, h)

    return gradcheck.set_evaluator(evaluate)


def batched_values(implementation, f, x, h):
    """What ``gradcheck.perturbed_values(f, x, h)`` returns, in fewer round trips."""
    if implementation.replay is not None:  # a check inside a check: no batching
        return gradcheck.perturbed_values(f, x, h)
    replay = Replay(implementation, x, h)
    implementation.replay = replay
    try:
        replay.prefetch(f)
        values = np.empty((x.size, 2))
        for point in range(2 * x.size):
            replay.start(point, probing=False)
            values[point // 2, point % 2] = value_at(f, x, h, point)
        return values
    finally:
        implementation.replay = None


def value_at(f, x, h, point):
    """float(f()) with component point // 2 of x moved by +h (point even) or -h.

    The arithmetic of ``gradcheck.perturbed_values``; x is restored after.
    """
    flat_x = x.reshape(-1)
    index, saved = protocol.move_to_point(flat_x, point, h)
    try:
        return float(f())
    finally:
        flat_x[index] = saved


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


def same(a, b):
    """Whether two value trees would reach the worker as the same values."""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is np.ndarray:
        # The same bytes: what the worker receives. Stricter than == (0.0 and
        # -0.0 differ), which only sends a call on its own, and 50× faster than
        # np.array_equal on the small arrays of gradient checks.
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if kind is list or kind is tuple:
        if len(a) != len(b):
            return False
        for p, q in zip(a, b):
            if not same(p, q):
                return False
        return True
    if kind is dict:
        if a.keys() != b.keys():
            return False
        for key, value in a.items():
            if not same(value, b[key]):
                return False
        return True
    if isinstance(a, np.ndarray):  # a subclass: compared as the array it is sent as
        return same(np.asarray(a), np.asarray(b))
    if kind is float and a != a:
        return b != b  # NaN
    try:
        return a is b or bool(a == b)
    except Exception:  # an object without a plain answer to ==: only itself
        return False


def _nbytes(value):
    """Bytes a value tree takes in a message, roughly: its arrays, 8 per scalar."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if type(value) in (list, tuple):
        return sum(_nbytes(item) for item in value)
    if type(value) is dict:
        return sum(_nbytes(item) for item in value.values())
    return 8


class Call:
    """A call f made at a point: the function, a snapshot of the arguments, and
    where x itself sits in them (None if it does not)."""

    def __init__(self, module_name, function_name, args, kwargs, x):
        self.function = (module_name, function_name)
        self.path = locate(x, args, kwargs)
        self.arguments = {
            "args": protocol.copy_tree(list(args)),
            "kwargs": protocol.copy_tree(dict(kwargs)),
        }

    def matches(self, module_name, function_name, args, kwargs):
        return (module_name, function_name) == self.function and same(
            self.arguments, {"args": list(args), "kwargs": dict(kwargs)}
        )


class Replay:
    """The replies known at each point of one numerical gradient, and the probes.

    Point k is x + h e_{k//2} for even k and x - h e_{k//2} for odd k.
    """

    def __init__(self, implementation, x, h):
        self.implementation = implementation
        self.x = x
        self.h = h
        self.known = [[] for _ in range(2 * x.size)]  # per point: [(Call, reply)]
        self.open = set(range(2 * x.size))  # points where f has not completed
        self.pending = {}  # point -> its next Call, found by a probe
        self.point = None
        self.position = 0
        self.probing = False

    def start(self, point, *, probing):
        """f is about to run at ``point``."""
        self.point, self.position, self.probing = point, 0, probing

    def prefetch(self, f):
        """Rounds of probes and requests until f completes at every point."""
        for _ in range(MAX_ROUNDS):
            self.pending = {}
            for point in sorted(self.open):
                self.start(point, probing=True)
                try:
                    value_at(f, self.x, self.h, point)
                except Suspend:
                    continue
                except Exception:
                    # f fails at this point (the student's error, or the test's
                    # own check): the final run fails there the same way.
                    pass
                self.open.discard(point)
            self.point = None
            if not self.pending:
                return
            self._fetch(self.pending)

    def take(self, module_name, function_name, args, kwargs):
        """The worker's reply to this call, or None: then it is sent as usual."""
        if self.point is None:
            return None
        known = self.known[self.point]
        if self.position < len(known):
            call, reply = known[self.position]
            # Probes trust the replies (a wrong one costs only a wasted fetch);
            # the final run, whose values count, checks every call.
            if self.probing or call.matches(module_name, function_name, args, kwargs):
                self.position += 1
                return reply
            # f does not call at this point what it called before: from here
            # on, its calls at this point go to the worker one by one.
            del known[self.position :]
            self.open.discard(self.point)
        elif self.probing and self.point in self.open:
            self.pending[self.point] = Call(
                module_name, function_name, args, kwargs, self.x
            )
            raise Suspend
        if self.probing:
            raise Suspend  # no real calls while probing: the final run makes them
        return None

    def _fetch(self, pending):
        points = sorted(pending)
        base = self._common_arguments(points, pending)
        if base is not None:
            module_name, function_name = pending[points[0]].function
            request = {
                "op": "perturbed",
                "module": module_name,
                "function": function_name,
                "args": base["args"],
                "kwargs": base["kwargs"],
                "path": pending[points[0]].path,
                "step": float(self.h),
                "points": points,
            }
            replies = self.implementation.batch(request, len(points))
            self._remember(points, pending, replies)
            return
        for group in self._groups(points, pending):
            calls = [
                {
                    "module": pending[p].function[0],
                    "function": pending[p].function[1],
                    "args": pending[p].arguments["args"],
                    "kwargs": pending[p].arguments["kwargs"],
                }
                for p in group
            ]
            request = {"op": "calls", "calls": calls}
            self._remember(
                group, pending, self.implementation.batch(request, len(group))
            )

    def _common_arguments(self, points, pending):
        """The arguments at x itself, if every point's call is that call with x
        moved to the point (what the worker's "perturbed" makes); else None."""
        first = pending[points[0]]
        if first.path is None:
            return None
        base = protocol.copy_tree(first.arguments)
        target = base
        for key in first.path:
            target = target[key]
        target[...] = self.x  # the copy of x at the first point, moved back
        flat = target.reshape(-1)
        for point in points:
            call = pending[point]
            if call.function != first.function or call.path != first.path:
                return None
            index, saved = protocol.move_to_point(flat, point, self.h)
            matches = same(call.arguments, base)
            flat[index] = saved
            if not matches:
                return None
        return base

    def _groups(self, points, pending):
        """The points in runs whose arguments stay under REQUEST_BYTES."""
        group, size = [], 0
        for point in points:
            nbytes = _nbytes(pending[point].arguments)
            if group and size + nbytes > REQUEST_BYTES:
                yield group
                group, size = [], 0
            group.append(point)
            size += nbytes
        if group:
            yield group

    def _remember(self, points, pending, replies):
        for point, reply in zip(points, replies):
            self.known[point].append((pending[point], reply))
