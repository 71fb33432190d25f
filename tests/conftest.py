"""Test configuration: the kit's plugin and one fixture per STEP module.

Each fixture is a ModuleView of the implementation under test (``--impl``): a
test calls ``step2.softmax(u)`` and gets the implementation's function, or a
clear ImplementationError when the module or function is missing.
"""

import pytest

from dlstart_check.impl import STEP_MODULES, ModuleView

pytest_plugins = ["dlstart_check.plugin"]


def _module_fixture(fixture_name, module_name):
    @pytest.fixture(scope="session", name=fixture_name)
    def fixture(impl):
        return ModuleView(impl, module_name)

    fixture.__doc__ = f"{module_name} of the implementation under test."
    return fixture


for _name, _module in STEP_MODULES.items():
    globals()[_name] = _module_fixture(_name, _module)
