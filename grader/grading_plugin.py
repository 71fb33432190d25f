"""The pytest plugin of a grading run: the kit's tests on a RemoteImplementation.

Registered before the kit's own plugin configures, it stashes the remote
implementation under dlstart_check's IMPLEMENTATION_KEY, so the kit's plugin
keeps it instead of importing the submission into the test process. Before each
test it sets the per-call time limit from the test's task (tasks/*.toml
``time_limit_s``) and clears a failure carried over from the previous test.
Unless told not to, it makes the kit's numerical gradients send their calls of
the submission in one request each (grader/batching.py).
"""

import pytest

from dlstart_check import gradcheck
from dlstart_check.plugin import IMPLEMENTATION_KEY
from dlstart_grader import batching


class GradingPlugin:
    """Install ``implementation`` for the session; ``time_limits`` maps task ids."""

    def __init__(
        self, implementation, time_limits, call_timeout_s=None, *, batch_gradients=True
    ):
        self.implementation = implementation
        self.time_limits = time_limits
        self.call_timeout_s = call_timeout_s
        self.batch_gradients = batch_gradients
        self._replaced_evaluator = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config):
        config.stash[IMPLEMENTATION_KEY] = self.implementation
        if self.batch_gradients:
            self._replaced_evaluator = batching.install(self.implementation)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        marker = item.get_closest_marker("task")
        limit = self.time_limits.get(marker.args[0]) if marker else None
        if self.call_timeout_s is not None:
            limit = min(limit or self.call_timeout_s, self.call_timeout_s)
        self.implementation.begin_test(limit)

    def pytest_unconfigure(self, config):
        if self._replaced_evaluator is not None:
            gradcheck.set_evaluator(self._replaced_evaluator)
        self.implementation.close()
