"""Test configuration: the kit's plugin and one fixture per STEP module."""

import pytest

from dlstart_check.impl import ModuleView

pytest_plugins = ["dlstart_check.plugin"]


@pytest.fixture(scope="session")
def step2(impl):
    """STEP 2 module of the implementation under test."""
    return ModuleView(impl, "step2_feedforward")


@pytest.fixture(scope="session")
def step4(impl):
    """STEP 4 module of the implementation under test."""
    return ModuleView(impl, "step4_backprop")
