"""The worker: the only process that runs a submission's code.

Started by grader/remote.py as ``python -s -B -m dlstart_grader.worker REQ REPLY``
in a clean environment, with the working directory set to a private copy of the
submission. It imports the submission's modules as a package (as
dlstart_check.impl does), then serves requests read from fd REQ and answers on
fd REPLY until the grader closes the channel:

``{"op": "lookup", "module": m, "function": f}``
    import ``m`` if needed; reply ``{"callable": bool}`` or ``{"import_error": s}``
    or ``{"missing_file": true}``.
``{"op": "call", "module": m, "function": f, "args": [...], "kwargs": {...},
"release": [ids]}``
    call it; reply ``{"result": value, "warnings": [...]}`` or
    ``{"error": {...}, "warnings": [...]}``. Objects that are not plain data stay
    here behind handles; ``release`` drops handles the grader no longer holds.
``{"op": "perturbed", ... as "call" ..., "path": [...], "step": h,
"points": [k, ...]}``
    the calls of a numerical gradient at those points (see ``Worker.perturbed``
    and grader/batching.py); one reply frame per call, as for "call".
``{"op": "calls", "calls": [request of a "call", ...]}``
    those calls in turn; one reply frame per call.

Trusted code, kept small: it needs only the standard library and numpy, and it
never sends anything but plain data (see protocol.py). Student code shares this
process, so it can tamper with the worker; that is why the grader treats every
reply as untrusted input.
"""

import importlib
import itertools
import os
import sys
import traceback
import types
import warnings
from pathlib import Path

from dlstart_grader import protocol

PACKAGE = "submission"
MESSAGE_LIMIT = 2000
TRACEBACK_FRAMES = 6


def _short(text, limit=MESSAGE_LIMIT):
    return text if len(text) <= limit else text[: limit - 15] + " ...(truncated)"


def _where(filename, folder):
    """A file name for tracebacks: relative inside the submission, else its tail."""
    path = Path(filename)
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return "/".join(path.parts[-2:])


def _not_callable(*args, **kwargs):
    raise LookupError("no such function in the submission")


class Worker:
    """The submission's modules, the objects kept behind handles, the request loop."""

    def __init__(self, folder, spin_s=0.0):
        self.folder = Path(folder).resolve()
        self.spin_s = spin_s
        package = types.ModuleType(PACKAGE)
        package.__path__ = [str(self.folder)]
        package.__package__ = PACKAGE
        sys.modules[PACKAGE] = package
        self.modules = {}
        self.kept = {}
        self.ids = itertools.count(1)

    def keep(self, value):
        handle_id = next(self.ids)
        self.kept[handle_id] = value
        return protocol.Handle(handle_id, type(value).__name__)

    def resolve(self, value):
        """Arguments as the student's code should see them: handles replaced."""
        if type(value) is protocol.Handle:
            if value.id not in self.kept:
                raise LookupError(f"object #{value.id} is no longer kept")
            return self.kept[value.id]
        if type(value) in (list, tuple):
            return type(value)(self.resolve(item) for item in value)
        if type(value) is dict:
            return {key: self.resolve(item) for key, item in value.items()}
        return value

    def module(self, name):
        if name not in self.modules:
            self.modules[name] = self._import(name)
        return self.modules[name]

    def _import(self, name):
        if not name.isidentifier() or not (self.folder / f"{name}.py").is_file():
            return {"missing_file": True}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return importlib.import_module(f"{PACKAGE}.{name}")
        except BaseException as error:  # noqa: B036 - student code at import time
            return {"import_error": _short(f"{type(error).__name__}: {error}")}

    def error_record(self, error):
        """The exception as plain data: its name, the builtin base, args, traceback."""
        bases = [cls for cls in type(error).__mro__ if cls.__module__ == "builtins"]
        frames = traceback.extract_tb(error.__traceback__)[1:][-TRACEBACK_FRAMES:]
        lines = [
            f'  File "{_where(frame.filename, self.folder)}", line {frame.lineno},'
            f" in {frame.name}\n    {frame.line or ''}"
            for frame in frames
        ]
        args = list(error.args)
        try:
            protocol.encode_value(args, [])
        except protocol.ProtocolError:
            args = [str(error)]
        return {
            "type": type(error).__name__,
            "bases": [cls.__name__ for cls in bases],
            "message": _short(str(error)),
            "args": args,
            "traceback": _short("\n".join(lines)),
        }

    def function(self, request):
        for handle_id in request.get("release", []):
            self.kept.pop(handle_id, None)
        module = self.module(request["module"])
        function = getattr(module, request["function"], None)
        if isinstance(module, dict) or not callable(function):
            # The grader looks functions up first; this is only a safety net.
            return _not_callable
        return function

    def run(self, function, args, kwargs):
        """One call as a reply: its result or error, and its RuntimeWarnings."""
        caught = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = function(*args, **kwargs)
        except BaseException as error:  # noqa: B036 - anything student code raises
            reply = {"error": self.error_record(error)}
        else:
            reply = {"result": result}
        reply["warnings"] = sorted(
            {
                _short(str(w.message), 500)
                for w in caught
                if issubclass(w.category, RuntimeWarning)
            }
        )
        return reply

    def call(self, request):
        function = self.function(request)
        try:
            args = self.resolve(request["args"])
            kwargs = self.resolve(request["kwargs"])
        except BaseException as error:  # noqa: B036 - a released handle, say
            return {"error": self.error_record(error), "warnings": []}
        return self.run(function, args, kwargs)

    def perturbed(self, request):
        """Calls of one function at points of a numerical gradient, one reply each.

        At point k the arguments are fresh copies, as if they had been sent on
        their own, with component k // 2 of the array at ``path`` moved by +step
        (k even) or -step (k odd): the grader's arithmetic. Replies are yielded
        as the calls finish, so the grader times each call on its own.
        """
        function = self.function(request)
        try:
            args = self.resolve(request["args"])
            kwargs = self.resolve(request["kwargs"])
            *outer, last = request["path"]
            step = float(request["step"])
        except BaseException as error:  # noqa: B036 - a released handle, say
            record = {"error": self.error_record(error), "warnings": []}
            for _ in request["points"]:
                yield record
            return
        for k in request["points"]:
            call_args = protocol.copy_tree(args)
            call_kwargs = protocol.copy_tree(kwargs)
            holder = {"args": call_args, "kwargs": call_kwargs}
            for key in outer:
                holder = holder[key]
            protocol.move_to_point(holder[last].reshape(-1), k, step)
            yield self.run(function, call_args, call_kwargs)

    def calls(self, request):
        """Several calls, each as the "call" request it stands for; one reply each."""
        for call in request["calls"]:
            yield self.call(call)

    def lookup(self, request):
        module = self.module(request["module"])
        if isinstance(module, dict):
            return module
        return {"callable": callable(getattr(module, request["function"], None))}

    def serve(self, request_fd, reply_fd):
        handlers = {
            "call": self.call,
            "perturbed": self.perturbed,
            "calls": self.calls,
            "lookup": self.lookup,
            "ping": dict,
        }
        reader = protocol.FrameReader(request_fd, self.spin_s)
        while True:
            try:
                request = reader.read_message()
            except EOFError:
                return
            reply = handlers[request["op"]](request)
            replies = reply if isinstance(reply, types.GeneratorType) else [reply]
            for one in replies:
                protocol.write_all(reply_fd, self.encode(one))

    def encode(self, reply):
        """A reply as a frame; one that cannot be sent becomes an error reply."""
        try:
            return protocol.encode_message(reply, keep=self.keep)
        except protocol.ProtocolError as error:
            return protocol.encode_message(
                {
                    "error": {
                        "type": "ProtocolError",
                        "bases": [],
                        "message": f"the result cannot be sent back: {error}",
                        "args": [],
                        "traceback": "",
                    },
                    "warnings": [],
                }
            )


# Audit events (PEP 578) that graded code has no business raising: reaching the
# network, starting programs or processes, loading native libraries. A hook
# cannot be removed once added, so code in Python cannot get past it; code
# already native (numpy's own) is not affected. The sandbox (remote.py) stops
# the same things again at the kernel, where it is available.
REFUSED_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "pty.spawn",
        "ctypes.dlopen",
    }
)


def _refuse_events(event, args):
    if event in REFUSED_EVENTS:
        raise PermissionError(f"{event} is not allowed in graded code")


def main(argv):
    request_fd, reply_fd = int(argv[1]), int(argv[2])
    folder = Path.cwd()
    # After numpy and the worker's own imports (protocol.py imports numpy),
    # before any student code.
    sys.addaudithook(_refuse_events)
    # The submission is imported as a package only; its folder goes last on the
    # path so that `import step2_feedforward` in a notebook's code still works
    # while a student file called numpy.py cannot shadow numpy.
    sys.path[:] = [p for p in sys.path if p not in ("", ".", str(folder))]
    sys.path.append(str(folder))
    try:
        spin_s = float(os.environ.get("DLSTART_SPIN_S", "0"))
    except ValueError:
        spin_s = 0.0
    Worker(folder, spin_s).serve(request_fd, reply_fd)


if __name__ == "__main__":
    main(sys.argv)
