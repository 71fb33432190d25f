"""The tests of the tests: they run the suite on other implementations.

They belong to the kit's repository, not to a student's self-check or a grading
run, so they are marked ``meta`` and run only when the implementation under test
is the reference (the default in the repository).
"""

import pytest

from dlstart_check.plugin import IMPLEMENTATION_KEY


def pytest_collection_modifyitems(config, items):
    implementation = config.stash.get(IMPLEMENTATION_KEY, None)
    on_reference = implementation is not None and implementation.label == "reference"
    skip = pytest.mark.skip(reason="meta tests run only with --impl reference")
    for item in items:
        if "/meta/" in item.nodeid.replace("\\", "/") or item.nodeid.startswith(
            "meta/"
        ):
            item.add_marker(pytest.mark.meta)
            if not on_reference:
                item.add_marker(skip)
