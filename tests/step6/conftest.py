"""Fixtures of the STEP 6 tests: the digits as images, and the speed baseline.

The digits are read here rather than through the implementation, so a submission
cannot change the data it is graded on. The speed baseline is the kit's
reference when its folder is there (the kit's repository); a student's release
has no reference/, and the speed tests then fall back to a numpy baseline
measured in the same run (see test_speed.py).
"""

from pathlib import Path

import numpy as np
import pytest

from dlstart_check.impl import Implementation, ImplementationError, ModuleView
from dlstart_check.plugin import KIT_ROOT

DIGITS_FILE = KIT_ROOT / "data" / "digits.npz"
# The fixed split of datasets.digits_split(seed=0), restated as in STEP 3's
# conftest: a permutation by default_rng(0), the first quarter for testing.
SPLIT_SEED = 0
TEST_FRACTION = 0.25
DIGITS_MAX_VALUE = 16.0
REFERENCE_DIR = Path(KIT_ROOT) / "reference"


@pytest.fixture(scope="session")
def digit_images():
    """(X_train, y_train, X_test, y_test): X float64 (N, 1, 8, 8) in [0, 1]."""
    with np.load(DIGITS_FILE) as archive:
        X = archive["images"].astype(np.float64) / DIGITS_MAX_VALUE
        y = archive["labels"].astype(np.int64)
    X = X[:, None, :, :]
    order = np.random.default_rng(SPLIT_SEED).permutation(len(y))
    n_test = int(round(TEST_FRACTION * len(y)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


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
