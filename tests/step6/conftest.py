"""Fixtures of the STEP 6 tests: the digits as images, and the speed baseline.

The digits are read here rather than through the implementation, so a submission
cannot change the data it is graded on. The speed baseline is the kit's
reference when its folder is there (the kit's repository); a student's release
has no reference/, and the speed tests then fall back to a numpy baseline
measured in the same run (see test_speed.py).
"""

from pathlib import Path

import pytest

from dlstart_check import data
from dlstart_check.impl import Implementation, ImplementationError, ModuleView
from dlstart_check.plugin import KIT_ROOT

REFERENCE_DIR = Path(KIT_ROOT) / "reference"


@pytest.fixture(scope="session")
def digit_images():
    """(X_train, y_train, X_test, y_test): X float64 (N, 1, 8, 8) in [0, 1]."""
    X_train, y_train, X_test, y_test = data.digits_split()
    images = [X.reshape(-1, 1, 8, 8) / data.DIGITS_MAX_VALUE for X in (X_train, X_test)]
    return images[0], y_train, images[1], y_test


@pytest.fixture(scope="session")
def reference_step6():
    """The reference's step6_cnn, loaded beside the implementation, or None.

    None when the kit has no reference/ folder (a student's release) or it
    cannot be imported; the speed tests then use their numpy fallback.
    """
    if not (REFERENCE_DIR / "step6_cnn.py").is_file():
        return None
    try:
        implementation = Implementation(REFERENCE_DIR, "reference")
        implementation.module("step6_cnn")
    except ImplementationError:
        return None
    return ModuleView(implementation, "step6_cnn")
