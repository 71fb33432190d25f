"""Self-check from a notebook: run one STEP's public tests on the notebook's code.

In a STEP notebook the functions are defined in the notebook itself, not in
files. ``check_notebook("step2", globals())`` runs the tests of tests/step2/ with
an implementation whose functions are looked up in that namespace; modules of
other STEPs that the tests need (STEP 4's tests use STEP 2's losses) come from
the student's files in student/.
"""

from pathlib import Path

import pytest

from .impl import STEP_MODULES, Implementation, MissingFunctionError
from .plugin import IMPLEMENTATION_KEY

TESTS_DIR = Path(__file__).resolve().parents[1]
KIT_DIR = TESTS_DIR.parent
STUDENT_DIR = KIT_DIR / "student"


class NamespaceImplementation:
    """An implementation whose STEP ``step`` functions live in a dict.

    Parameters
    ----------
    step : "step2", ...: the modules whose names start with it are the namespace's
    namespace : dict, e.g. a notebook's ``globals()``
    fallback : Implementation or None, for every other module
    """

    def __init__(self, step, namespace, fallback=None):
        self.step = step
        self.namespace = namespace
        self.fallback = fallback
        self.label = f"notebook {step}"
        self.folder = None

    def function(self, module_name, function_name):
        if module_name.startswith(self.step + "_"):
            function = self.namespace.get(function_name)
            if not callable(function):
                raise MissingFunctionError(
                    f"the notebook defines no function {function_name}() "
                    f"(run its cell first)"
                )
            return function
        if self.fallback is None:
            raise MissingFunctionError(
                f"{module_name}.py is needed by these tests; put it in {STUDENT_DIR}"
            )
        return self.fallback.function(module_name, function_name)


class _InstallImplementation:
    """A pytest plugin that hands the dlstart plugin a ready implementation."""

    def __init__(self, implementation):
        self.implementation = implementation

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config):
        config.stash[IMPLEMENTATION_KEY] = self.implementation


def check_notebook(step, namespace, *, extra_args=()):
    """Run the public tests of ``step`` on the functions in ``namespace``.

    Returns pytest's exit code (0 when every test passed).
    """
    if step not in {name.split("_")[0] for name in STEP_MODULES.values()}:
        raise ValueError(f"step={step!r} is not a STEP of the kit")
    folder = TESTS_DIR / step
    if not folder.is_dir():
        raise ValueError(f"no tests for {step} in {TESTS_DIR}")
    fallback = Implementation(STUDENT_DIR, "student") if STUDENT_DIR.is_dir() else None
    plugin = _InstallImplementation(NamespaceImplementation(step, namespace, fallback))
    args = [str(folder), "-q", "-p", "no:cacheprovider", f"--rootdir={KIT_DIR}"]
    return pytest.main([*args, *extra_args], plugins=[plugin])
