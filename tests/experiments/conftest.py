"""The experiments' claims, asserted on small configurations of the reference.

They test the kit's teaching material, not a student's work: marked ``meta``
like tests/meta, so they run in the repository only (on the reference).
"""

from pathlib import Path

import pytest

from dlstart_check.plugin import IMPLEMENTATION_KEY


def pytest_collection_modifyitems(config, items):
    implementation = config.stash.get(IMPLEMENTATION_KEY, None)
    on_reference = implementation is not None and implementation.label == "reference"
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="experiment tests run only with --impl reference")
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.meta)
            if not on_reference:
                item.add_marker(skip)
