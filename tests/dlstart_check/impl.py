"""Loading the implementation under test: the reference, the template, or any folder.

An implementation is a folder of STEP modules (``step2_feedforward.py``, ...) that
import each other relatively. Each folder is imported as its own uniquely named
package, so the reference and a submission can be loaded side by side without one
shadowing the other, and nothing is written into the folder (no ``__pycache__``).
"""

import functools
import importlib
import itertools
import re
import sys
import types
from pathlib import Path

_counter = itertools.count()

# Fixture name -> module file (without .py), the same names in reference/,
# student_template/ and every submission.
STEP_MODULES = {
    "step2": "step2_feedforward",
    "step3": "step3_training",
    "step3_data": "step3_data",
    "step4": "step4_backprop",
    "step5_ae": "step5_autoencoder",
    "step5_white": "step5_whitening",
    "step6": "step6_cnn",
}


class ImplementationError(Exception):
    """A module or function of the implementation under test cannot be used."""


class MissingFunctionError(ImplementationError, AttributeError):
    """The module has no such function.

    Also an AttributeError, so that tools probing a fixture for optional hooks
    (hypothesis asks the first argument for ``execute_example``) see a plain
    missing attribute, while a test that calls the function reports the cause.
    """


class Implementation:
    """The STEP modules of one folder, imported on first use.

    Parameters
    ----------
    folder : path of the folder holding the modules
    label : short name for messages, e.g. ``"reference"``
    """

    def __init__(self, folder, label=None):
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            raise ImplementationError(
                f"implementation folder {self.folder} does not exist"
            )
        self.label = label or self.folder.name
        slug = re.sub(r"\W", "_", self.label)[:40]
        self.package_name = f"_dlstart_impl_{slug}_{next(_counter)}"
        package = types.ModuleType(self.package_name)
        package.__path__ = [str(self.folder)]
        package.__package__ = self.package_name
        sys.modules[self.package_name] = package
        self._modules = {}

    def module(self, name):
        """Return module ``name`` (without .py), importing it on first use.

        Raises ImplementationError naming the file and the cause when the file is
        missing or fails to import; the failure is remembered, so every test of
        that module reports the same cause.
        """
        if name not in self._modules:
            self._modules[name] = self._import(name)
        loaded = self._modules[name]
        if isinstance(loaded, ImplementationError):
            raise loaded
        return loaded

    def function(self, module_name, function_name):
        """Return the callable ``function_name`` of module ``module_name``."""
        module = self.module(module_name)
        function = getattr(module, function_name, None)
        if not callable(function):
            raise MissingFunctionError(
                f"{module_name}.py of {self.label} has no function {function_name}()"
            )
        return function

    def _import(self, name):
        path = self.folder / f"{name}.py"
        if not path.is_file():
            return ImplementationError(f"{self.label} has no file {name}.py ({path})")
        saved_flag = sys.dont_write_bytecode
        sys.dont_write_bytecode = True
        try:
            return importlib.import_module(f"{self.package_name}.{name}")
        except Exception as error:  # any failure of student code at import time
            return ImplementationError(
                f"{name}.py of {self.label} failed to import: "
                f"{type(error).__name__}: {error}"
            )
        finally:
            sys.dont_write_bytecode = saved_flag


NOT_IMPLEMENTED_PREFIX = "not implemented yet"


class NotImplementedYet(BaseException):
    """A stub of the template was called: the student has not written it yet.

    Raised in place of the stub's NotImplementedError. It derives from
    BaseException so that hypothesis does not treat it as a bug to shrink (a
    stub fails on every input, and shrinking it costs seconds per test for
    nothing); pytest still reports the test as failed, with this message.
    """


def _report_stubs(function):
    """``function``, with a stub's NotImplementedError turned into NotImplementedYet."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except NotImplementedError as error:
            if str(error).startswith(NOT_IMPLEMENTED_PREFIX):
                raise NotImplementedYet(str(error)) from None
            raise

    return call


class ModuleView:
    """Attribute access to one module's functions, with clear errors.

    ``view.softmax(x)`` calls the implementation's ``softmax``; a missing module or
    function raises ImplementationError when it is used, so only the tests that
    need it fail.
    """

    def __init__(self, implementation, module_name):
        self._implementation = implementation
        self._module_name = module_name

    def __getattr__(self, function_name):
        # Private names, and hypothesis probing its fixtures for its own hooks
        # (``hypothesis_internal_...``), are no functions of a STEP: answering
        # at once spares the grader a lookup in the worker for each.
        if function_name.startswith(("_", "hypothesis_internal")):
            raise AttributeError(function_name)
        function = self._implementation.function(self._module_name, function_name)
        # Kept as an attribute, so later uses skip this method and the wrapping.
        wrapped = _report_stubs(function)
        setattr(self, function_name, wrapped)
        return wrapped
