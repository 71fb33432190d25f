"""Test configuration: the kit's plugin and one fixture per STEP module.

Each fixture is a ModuleView of the implementation under test (``--impl``): a
test calls ``step2.softmax(u)`` and gets the implementation's function, or a
clear ImplementationError when the module or function is missing.
"""

import os

# Small matrices: BLAS threads gain nothing and, on a shared machine, make tests
# up to 10x slower. Must run before numpy is first imported.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import pytest  # noqa: E402

from dlstart_check.impl import STEP_MODULES, ModuleView  # noqa: E402

pytest_plugins = ["dlstart_check.plugin"]


def _module_fixture(fixture_name, module_name):
    @pytest.fixture(scope="session", name=fixture_name)
    def fixture(impl):
        return ModuleView(impl, module_name)

    fixture.__doc__ = f"{module_name} of the implementation under test."
    return fixture


for _name, _module in STEP_MODULES.items():
    globals()[_name] = _module_fixture(_name, _module)
