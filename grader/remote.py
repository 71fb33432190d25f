"""The grader's view of a submission whose code runs in a worker process.

``RemoteImplementation`` has the interface of dlstart_check.impl.Implementation
(``label``, ``folder``, ``function(module_name, function_name)``), so the kit's
tests run unchanged on the trusted side while each call of a student function is
a request to the worker (grader/worker.py). Exceptions come back by name:

- ValueError, TypeError, NotImplementedError, ... (BUILTIN_ERRORS, and student
  subclasses of them) are raised as those types, with the student's traceback
  attached as a note, so ``pytest.raises(ValueError)`` means what it says;
- AssertionError becomes StudentError: a failed ``assert`` in student code must
  not look like a failed check of the test;
- everything else (SystemExit, KeyboardInterrupt, custom classes) becomes
  StudentCodeError;
- a worker that hangs, crashes or runs out of memory is killed and replaced: the
  current call fails with WorkerFailureError, and so does every later call of the same
  test (hypothesis would otherwise wait out the time limit once per example it
  tries while shrinking); the next test gets a fresh worker.

RuntimeWarnings emitted during a call are re-emitted here with warnings.warn, so
dlstart_check.checks.no_runtime_warnings sees them.

When the grader runs as root, each worker also runs in a sandbox of Linux
namespaces: no network, the kit's reference, tests and examples out of sight,
and a process tree of its own that dies with it (strays included).
``worker_sandbox()`` says whether the machine allows it; docs/threat-model.md
says what it buys and what it does not.
"""

import ctypes
import functools
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
import weakref
from dataclasses import dataclass
from pathlib import Path

from dlstart_check.impl import ImplementationError, MissingFunctionError

from . import protocol

logger = logging.getLogger(__name__)

BUILTIN_ERRORS = {
    cls.__name__: cls
    for cls in (
        ValueError,
        TypeError,
        NotImplementedError,
        ZeroDivisionError,
        FloatingPointError,
        OverflowError,
        IndexError,
        KeyError,
        LookupError,
        ArithmeticError,
        RuntimeError,
    )
}
_PR_SET_PDEATHSIG = 1
# Kit folders a worker must not read: the reference solution and the tests
# (hidden ones included). Covered by an empty read-only tmpfs in its namespace.
HIDDEN_KIT_FOLDERS = ("reference", "tests", "examples")
KIT_ROOT = Path(__file__).resolve().parents[1]
SANDBOX_VARIABLE = "DLSTART_SANDBOX"
_CLONE_NEWNS = 0x00020000
_CLONE_NEWNET = 0x40000000
_CLONE_NEWPID = 0x20000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 0x4000, 1 << 18
_PR_CAPBSET_DROP = 24
_PR_SET_NO_NEW_PRIVS = 38


class StudentCodeError(Exception):
    """The student's code raised something that is not a plain builtin error."""


class StudentError(StudentCodeError):
    """An ``assert`` in the student's code failed (not a check of the test)."""


class WorkerFailureError(StudentCodeError):
    """The worker timed out, crashed or ran out of memory during a call."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker process.

    call_timeout_s is the default wall-clock limit of one call; the grading
    plugin sets each test's from its task's ``time_limit_s``.
    """

    memory_mb: int = 2048
    cpu_s: int = 600
    file_mb: int = 16
    processes: int = 0
    call_timeout_s: float = 60.0
    # Extra time to start a worker and import the modules, outside any call.
    startup_s: float = 30.0
    # A cap on every call's time limit (0: the task's time_limit_s decides).
    max_call_s: float = 0.0
    # Size of the sandbox's private temporary folder (the worker's home).
    tmp_mb: int = 64
    # How long each end of a call polls before it sleeps (protocol.SPIN_S):
    # worth it only while the grader and its worker each have a core.
    spin_s: float = 0.0


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount(libc, source, target, fstype, flags, data=None):
    def raw(text):
        return None if text is None else os.fsencode(text)

    if libc.mount(raw(source), raw(target), raw(fstype), flags, raw(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {source} on {target}")


def _enter_sandbox(libc, tmp_mb, tmp_root):
    """Namespaces of the worker (root only); runs in the child before exec.

    The filesystem becomes read-only except a fresh ``tmp_root`` (the folder of
    temporary files, /tmp unless TMPDIR says otherwise; the worker's own
    folder is bound back into it at its usual path), the kit's reference,
    tests and examples are empty, and device files cannot be opened. The
    worker keeps uid 0 but no capability, so it cannot undo any of it.

    The new PID namespace holds only the worker's children: the worker itself
    becomes its first process after a fork, and the process Popen started
    stays outside, waits for it and ends as it ended. When the first process
    of a PID namespace dies, the kernel kills every other one, so nothing the
    student's code started outlives the worker, even after setsid.
    """
    if libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET | _CLONE_NEWPID) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
    # Mounts made here must not propagate back to the grader's namespace.
    _mount(libc, "none", "/", None, _MS_REC | _MS_PRIVATE)
    locked = _MS_RDONLY | _MS_NOSUID | _MS_NODEV
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as info:
        points = [line.split()[4].replace("\\040", " ") for line in info]
    for point in points:
        try:
            _mount(libc, None, point, None, _MS_BIND | _MS_REMOUNT | locked)
        except OSError:
            pass  # a mount hidden under another one cannot be remounted
    # Other students' prepared folders and the grader's run folders are
    # temporary folders: the worker gets an empty tmp_root instead. What it
    # needs from there is bound back in, reached through descriptors opened
    # before the tmpfs covers it: its own folder (writable), and the kit and
    # the Python installation when they live there too (a CI checkout in
    # /tmp; read-only, as the bind copies the flag of its source).
    home = os.getcwd()
    keep = [
        path
        for path in {str(KIT_ROOT), sys.prefix, sys.base_prefix}
        if os.path.commonpath([path, tmp_root]) == tmp_root
    ]
    handles = {path: os.open(path, os.O_PATH) for path in [home, *keep]}
    _mount(libc, "tmpfs", tmp_root, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={tmp_mb}m")
    for path, handle in handles.items():
        os.makedirs(path, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{handle}", path, None, _MS_BIND | _MS_REC)
        os.close(handle)
    _mount(libc, None, home, None, _MS_BIND | _MS_REMOUNT | _MS_NOSUID | _MS_NODEV)
    for name in HIDDEN_KIT_FOLDERS:
        _mount(libc, "tmpfs", KIT_ROOT / name, "tmpfs", locked, "size=16k")
    os.chdir(home)
    pid = os.fork()
    if pid:
        _wait_and_end_like(pid, libc)
    # Die with the process outside (the grader kills that one). A worker
    # whose parent dies before this line still ends: its channel closes.
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # A session of its own: kill(0, ...) or killpg from the student's code
    # reaches only the sandbox, never the process outside it.
    os.setsid()
    # /proc of the new namespace: the grader's processes are not in it.
    _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    for capability in range(64):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            break  # past the last capability this kernel knows


def _wait_and_end_like(pid, libc):
    """The process outside the sandbox: wait for the worker, end as it ended."""
    try:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        # Holding no descriptor: Popen reads its error pipe until every copy
        # is closed, and the grader must see the worker's channel close.
        os.closerange(3, 65536)
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
        code = os.waitstatus_to_exitcode(status)
        if code < 0:  # the grader reads the signal to explain the death
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
            code = 128 - code
    except BaseException:  # noqa: B036 - must never return into Popen's child
        code = 125
    os._exit(code)


def _limit_resources(limits, sandboxed=False):
    """preexec_fn of the worker: runs in the child between fork and exec."""
    import resource

    libc = _libc()
    tmp_root = tempfile.gettempdir()

    def apply():
        wanted = [
            (resource.RLIMIT_AS, limits.memory_mb * 2**20),
            (resource.RLIMIT_CPU, limits.cpu_s),
            (resource.RLIMIT_FSIZE, limits.file_mb * 2**20),
            (resource.RLIMIT_CORE, 0),
        ]
        if limits.processes:
            # RLIMIT_NPROC counts all processes of the user, and root ignores it,
            # so it is opt-in; it does stop fork bombs under a dedicated user.
            wanted.append((resource.RLIMIT_NPROC, limits.processes))
        for which, value in wanted:
            try:
                _, hard = resource.getrlimit(which)
                if hard != resource.RLIM_INFINITY:
                    value = min(value, hard)
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass
        # Unlike the limits above, a sandbox that fails must stop the start:
        # worker_sandbox() promised it, and an exception here fails Popen.
        if sandboxed:
            _enter_sandbox(libc, limits.tmp_mb, tmp_root)
        # Writing past RLIMIT_FSIZE should fail the write, not kill the worker.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        try:  # die with the grader's process rather than linger as an orphan
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except AttributeError:
            pass

    return apply


# Run without site-packages (-I -S) to be quick: the sandbox changes what
# the worker may write and see, not what it can import.
_PROBE = """
import os, sys
open("written-at-home", "w").close()
try:
    open(os.path.join(sys.argv[1], "written-outside"), "w")
except OSError:
    pass
else:
    sys.exit(2)
sys.exit(1 if any(os.listdir(folder) for folder in sys.argv[2:]) else 0)
"""


@functools.lru_cache(maxsize=None)
def worker_sandbox():
    """True if this process can start its workers in a sandbox (probed once).

    Only root can create the namespaces (a container may forbid it even to
    root); a tiny process is started in them and must be unable to write
    into the kit and find the hidden folders empty. DLSTART_SANDBOX=0 in the
    environment turns the sandbox off (to compare, or where it misbehaves).
    """
    if os.environ.get(SANDBOX_VARIABLE) == "0":
        return False
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    probe_dir = Path(tempfile.mkdtemp(prefix="dlstart-probe-"))
    hidden = [str(KIT_ROOT / name) for name in HIDDEN_KIT_FOLDERS]
    try:
        completed = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _PROBE, str(KIT_ROOT), *hidden],
            cwd=probe_dir,
            env=_worker_environment(probe_dir),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            preexec_fn=_limit_resources(Limits(), sandboxed=True),
            timeout=60,
        )
        works = completed.returncode == 0
    except (OSError, subprocess.SubprocessError):
        works = False
    finally:
        shutil.rmtree(probe_dir, ignore_errors=True)
    if not works:
        logger.warning(
            "workers run without a sandbox (namespaces refused); "
            "see docs/threat-model.md"
        )
    return works


def _worker_environment(home, spin_s=0.0):
    """A minimal environment: nothing of the grader's reaches the student's code."""
    return {
        "DLSTART_SPIN_S": repr(float(spin_s)),
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        # Equivalent of -I without -E, which would also drop PYTHONHASHSEED:
        # no script folder on sys.path, no bytecode, set iteration reproducible.
        "PYTHONSAFEPATH": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONHASHSEED": "0",
        # The digits ship with the kit; datasets.py finds them through this.
        "DLSTART_DATA_DIR": str(Path(__file__).resolve().parents[1] / "data"),
        # One thread: fair under --workers N, and results independent of cores.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def describe_arguments(args, kwargs):
    """Short text of a call's arguments for messages: shapes, not values."""

    def one(value):
        shape = getattr(value, "shape", None)
        if isinstance(shape, tuple):
            return f"array{shape}"
        if isinstance(value, RemoteObject):
            return f"<{value.handle.type_name}>"
        if type(value) in (list, tuple, dict):
            return f"<{type(value).__name__} of {len(value)}>"
        text = repr(value)
        return text if len(text) <= 30 else text[:27] + "..."

    parts = [one(a) for a in args] + [f"{k}={one(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


class WorkerProcess:
    """One running worker: a private copy of the submission, two pipes, a process.

    ``request(message, timeout_s)`` returns the decoded reply, or raises
    WorkerFailureError after killing the worker (timeout, crash, bad reply).
    """

    def __init__(self, folder, limits, log_path, sandboxed=False):
        self.limits = limits
        self.home = Path(tempfile.mkdtemp(prefix="dlstart-worker-"))
        self.copy = self.home / "submission"
        shutil.copytree(folder, self.copy, symlinks=False)
        request_read, self.request_fd = os.pipe()
        self.reply_fd, reply_write = os.pipe()
        os.set_blocking(self.request_fd, False)
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-s",
                    "-B",
                    "-m",
                    "dlstart_grader.worker",
                    str(request_read),
                    str(reply_write),
                ],
                cwd=self.copy,
                env=_worker_environment(self.home, limits.spin_s),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(request_read, reply_write),
                start_new_session=True,
                preexec_fn=_limit_resources(limits, sandboxed),
            )
        os.close(request_read)
        os.close(reply_write)
        self._buffer = bytearray()
        self._readable = select.poll()
        self._readable.register(self.reply_fd, select.POLLIN)
        self._writable = select.poll()
        self._writable.register(self.request_fd, select.POLLOUT)
        self.alive = True

    def request(self, message, timeout_s):
        return self.request_many(message, 1, timeout_s)[0]

    def request_many(self, message, count, timeout_s):
        """The ``count`` replies to one request, each within ``timeout_s`` of the last.

        A request for several calls (grader/batching.py) gets one reply per
        call, so each call has the time limit it would have on its own.
        """
        deadline = time.monotonic() + timeout_s
        data = protocol.encode_message(message, keep=_handle_of)
        replies = []
        try:
            self._send(data, deadline)
            for _ in range(count):
                replies.append(self._receive(deadline))
                deadline = time.monotonic() + timeout_s
            return replies
        except TimeoutError:
            self.kill()
            raise WorkerFailureError(
                f"did not return within {timeout_s:g} s (time limit); stopped"
            ) from None
        except (EOFError, BrokenPipeError):
            raise WorkerFailureError(self._death_cause()) from None
        except protocol.ProtocolError as error:
            self.kill()
            raise WorkerFailureError(
                f"the worker sent a malformed reply: {error}"
            ) from None

    def _wait(self, poller, deadline):
        spin_s = self.limits.spin_s
        if (
            spin_s
            and poller is self._readable
            and protocol.spin_until_ready(poller, spin_s)
        ):
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            raise TimeoutError

    def _send(self, data, deadline):
        # A request usually fits the pipe: one write, no wait.
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self.request_fd, view) :]
            except BlockingIOError:
                self._wait(self._writable, deadline)

    def _read(self, size, deadline):
        """``size`` bytes of the reply channel, read in large chunks.

        What arrives beyond ``size`` stays in the buffer for the next read, so a
        reply costs one wait and one read instead of one per part of its frame.
        """
        while len(self._buffer) < size:
            self._wait(self._readable, deadline)
            chunk = os.read(self.reply_fd, max(size - len(self._buffer), 2**16))
            if not chunk:
                raise EOFError
            self._buffer += chunk
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def _receive(self, deadline):
        prefix = self._read(protocol.PREFIX.size, deadline)
        header_length, payload_length = protocol.check_prefix(prefix)
        header = self._read(header_length, deadline)
        payload = self._read(payload_length, deadline)
        reply = protocol.decode_frame(header, payload)
        if type(reply) is not dict:
            raise protocol.ProtocolError("a reply must be a dict")
        return reply

    def _death_cause(self):
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return "the worker closed its channel and was stopped"
        self.kill()
        if code < 0:
            name = signal.Signals(-code).name
            if -code == signal.SIGXCPU:
                return f"used up its CPU time limit ({self.limits.cpu_s} s; {name})"
            if -code == signal.SIGKILL:
                return "was killed (SIGKILL; out of memory?)"
            return f"crashed (killed by signal {name})"
        return f"ended the worker process (exit status {code})"

    def kill(self):
        if not self.alive:
            return
        self.alive = False
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        for fd in (self.request_fd, self.reply_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.home, ignore_errors=True)


class RemoteObject:
    """An object the student's code returned that stays in the worker (a cache)."""

    def __init__(self, handle, generation):
        self.handle = handle
        self.generation = generation

    def __repr__(self):
        return f"<{self.handle.type_name} object kept by the submission's worker>"


def _handle_of(value):
    if isinstance(value, RemoteObject):
        return value.handle
    raise protocol.UnencodableError(
        f"a {type(value).__name__} cannot be passed to the submission's code"
    )


_error_classes = {}


def _student_exception_class(name, base_names):
    """A class named like the student's exception, deriving from its builtins."""
    bases = [BUILTIN_ERRORS[b] for b in base_names if b in BUILTIN_ERRORS]
    bases = tuple(
        b for b in bases if not any(o is not b and issubclass(o, b) for o in bases)
    )
    key = (name, bases)
    if key not in _error_classes:
        try:
            cls = type(name, bases, {"__module__": "student_code"})
        except TypeError:
            cls = bases[0]
        _error_classes[key] = cls
    return _error_classes[key]


def rebuild_exception(record, where):
    """The grader-side exception for an error record of the worker."""
    if type(record) is not dict:
        return StudentCodeError(f"{where} failed (no error details)")
    name = str(record.get("type", "Exception"))[:100]
    message = str(record.get("message", ""))
    trace = str(record.get("traceback", ""))
    base_names = [str(b) for b in record.get("bases", []) if isinstance(b, str)]
    note = f"raised in the submission's code:\n{trace}" if trace else ""
    if "AssertionError" in base_names:
        error = StudentError(f"{where}: an assert in your code failed: {message}")
    elif any(b in BUILTIN_ERRORS for b in base_names):
        cls = BUILTIN_ERRORS.get(name)
        if cls is None or name not in base_names:
            cls = _student_exception_class(name, base_names)
        args = record.get("args")
        try:
            error = cls(*args) if type(args) is list else cls(message)
        except Exception:  # a builtin that wants particular arguments
            error = cls(message)
    else:
        error = StudentCodeError(f"{where} raised {name}: {message}")
    if note and hasattr(error, "add_note"):
        error.add_note(note)
    elif note:
        error.args = (f"{error.args[0] if error.args else ''}\n{note}",)
    return error


class RemoteFunction:
    """A callable standing for one function of the submission."""

    def __init__(self, implementation, module_name, function_name):
        self._implementation = implementation
        self.__name__ = function_name
        self.__qualname__ = f"{module_name}.{function_name}"
        self._module_name = module_name

    def __call__(self, *args, **kwargs):
        return self._implementation.call(self._module_name, self.__name__, args, kwargs)

    def __repr__(self):
        return f"<function {self.__qualname__} of {self._implementation.label}>"


class RemoteImplementation:
    """A submission folder graded through worker processes.

    Parameters
    ----------
    folder : the prepared submission (module files at its top level)
    label : the student id, for messages
    limits : Limits of each worker
    log_path : file collecting what the student's code prints (capped by the
        worker's file-size limit); a temporary file by default
    """

    def __init__(self, folder, label=None, *, limits=None, log_path=None):
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            raise ImplementationError(
                f"implementation folder {self.folder} does not exist"
            )
        self.label = label or self.folder.name
        self.limits = limits or Limits()
        if log_path is None:
            handle, log_path = tempfile.mkstemp(prefix="dlstart-output-")
            os.close(handle)
        self.log_path = Path(log_path)
        self.timeout_s = self.limits.call_timeout_s
        self._worker = None
        self._generation = 0
        self._lookups = {}
        self._broken_modules = {}
        self._released = []
        self._poisoned = None
        self.restarts = 0
        # Set by grader/batching.py around a numerical gradient: the replies of
        # its calls fetched in advance (a batching.Replay).
        self.replay = None

    # -- the Implementation interface ---------------------------------------
    def function(self, module_name, function_name):
        """A proxy for ``function_name`` of ``module_name``; errors as in impl.py."""
        key = (module_name, function_name)
        if key not in self._lookups:
            self._lookups[key] = self._lookup(module_name, function_name)
        found = self._lookups[key]
        if isinstance(found, Exception):
            raise found
        return found

    def _lookup(self, module_name, function_name):
        # A module that failed to import fails every lookup at once: names
        # other than the tests' are looked up too (hypothesis probes the
        # fixture for attributes), and a module that hangs would cost a
        # time limit each time.
        if module_name in self._broken_modules:
            return self._broken_modules[module_name]
        where = f"{module_name}.py of {self.label}"
        try:
            reply = self._request(
                {"op": "lookup", "module": module_name, "function": function_name},
                self.timeout_s + self.limits.startup_s,
            )
        except WorkerFailureError as failure:
            error = ImplementationError(
                f"{where} failed to import: the worker {failure}"
            )
        else:
            error = None
            if reply.get("missing_file"):
                error = ImplementationError(
                    f"{self.label} has no file {module_name}.py"
                )
            elif "import_error" in reply:
                error = ImplementationError(
                    f"{where} failed to import: {str(reply['import_error'])[:2000]}"
                )
        if error is not None:
            self._broken_modules[module_name] = error
            return error
        if reply.get("callable") is not True:
            return MissingFunctionError(f"{where} has no function {function_name}()")
        return RemoteFunction(self, module_name, function_name)

    # -- calls ----------------------------------------------------------------

    def begin_test(self, timeout_s=None):
        """Start a test: its time limit per call, and no failure carried over."""
        self.timeout_s = timeout_s or self.limits.call_timeout_s
        if self.limits.max_call_s:
            self.timeout_s = min(self.timeout_s, self.limits.max_call_s)
        self._poisoned = None

    def call(self, module_name, function_name, args, kwargs):
        # Written out only for a message: the repr of a list of arrays costs
        # more than the call itself.
        def where():
            return f"{module_name}.{function_name}({describe_arguments(args, kwargs)})"

        if self._poisoned is not None:
            raise WorkerFailureError(self._poisoned)
        for value in (*args, *kwargs.values()):
            if isinstance(value, RemoteObject) and value.generation != self._generation:
                raise StudentCodeError(
                    f"{where()}: an argument came from a worker that was restarted "
                    "after a failure; its object is gone"
                )
        reply = None
        if self.replay is not None:
            reply = self.replay.take(module_name, function_name, args, kwargs)
        if reply is None:
            request = {
                "op": "call",
                "module": module_name,
                "function": function_name,
                "args": list(args),
                "kwargs": dict(kwargs),
            }
            reply = self._send(request, where)
        for message in reply.get("warnings") or []:
            warnings.warn(RuntimeWarning(str(message)), stacklevel=3)
        if "error" in reply:
            raise rebuild_exception(reply["error"], where())
        return reply.get("result")

    def batch(self, request, count):
        """The replies of a request for ``count`` calls ("perturbed" or "calls").

        Results are adopted here, so the objects of replies never used are
        released like any other. A failure poisons the test, as a call's does.
        """

        def where():
            return f"a numerical gradient's {count} calls of the submission"

        return self._send(request, where, count)

    def _send(self, request, where, count=None):
        """The adopted reply to a call request, or the list of ``count`` replies.

        A failure poisons the test; ``where()`` describes the call for messages.
        """
        request["release"] = self._take_released()
        try:
            replies = self._request(request, self.timeout_s, count)
        except WorkerFailureError as failure:
            self._poisoned = (
                f"{where()} {failure} (calls later in this test fail the same way)"
            )
            raise WorkerFailureError(f"{where()} {failure}") from None
        for reply in [replies] if count is None else replies:
            reply["result"] = self._adopt(reply.get("result"))
        return replies

    def _adopt(self, value):
        """Handles in a result become RemoteObjects that release them when dropped."""
        if type(value) is protocol.Handle:
            remote = RemoteObject(value, self._generation)
            weakref.finalize(
                remote, self._released.append, (self._generation, value.id)
            )
            return remote
        if type(value) in (list, tuple):
            return type(value)(self._adopt(item) for item in value)
        if type(value) is dict:
            return {key: self._adopt(item) for key, item in value.items()}
        return value

    def _take_released(self):
        current = [i for g, i in self._released if g == self._generation]
        self._released.clear()
        return current

    def _request(self, message, timeout_s, count=None):
        """The reply to ``message``, or its ``count`` replies as a list."""
        if self._worker is None or not self._worker.alive:
            if self._worker is not None:
                self.restarts += 1
                logger.info("%s: starting a fresh worker", self.label)
            self._generation += 1
            self._worker = WorkerProcess(
                self.folder, self.limits, self.log_path, worker_sandbox()
            )
            self._released.clear()
            self._warm_up(message)
        if count is None:
            return self._worker.request(message, timeout_s)
        return self._worker.request_many(message, count, timeout_s)

    def _warm_up(self, message):
        """Start the worker and import the modules in use, outside any call's limit.

        A restarted worker imports again; that time should not count against
        the first call of the next test.
        """
        modules = {m for (m, _), found in self._lookups.items() if callable(found)}
        for call in [message, *message.get("calls", [])]:
            if "module" in call:
                modules.add(call["module"])
        self._worker.request({"op": "ping"}, self.limits.startup_s)
        for module_name in sorted(modules):
            self._worker.request(
                {"op": "lookup", "module": module_name, "function": "_"},
                self.limits.startup_s + self.timeout_s,
            )

    def close(self):
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
