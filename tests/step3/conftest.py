"""Fixtures of the STEP 3 tests: the digits, read here rather than through the
implementation, so a submission cannot change the data it is graded on."""

from pathlib import Path

import numpy as np
import pytest

DIGITS_FILE = Path(__file__).resolve().parents[2] / "data" / "digits.npz"
# The fixed split of datasets.digits_split(seed=0), restated here (the test
# test_datasets.py checks that the two agree): a permutation by
# default_rng(0), the first quarter of it for testing.
SPLIT_SEED = 0
TEST_FRACTION = 0.25


@pytest.fixture(scope="session")
def digits_split():
    """(X_train, y_train, X_test, y_test): X float64 (N, 64) in 0..16, y int64."""
    with np.load(DIGITS_FILE) as archive:
        X = archive["images"].astype(np.float64).reshape(-1, 64)
        y = archive["labels"].astype(np.int64)
    order = np.random.default_rng(SPLIT_SEED).permutation(len(y))
    n_test = int(round(TEST_FRACTION * len(y)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]
