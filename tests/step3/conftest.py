"""Fixtures of the STEP 3 tests: the digits, read by the kit (dlstart_check.data)."""

import pytest

from dlstart_check import data


@pytest.fixture(scope="session")
def digits_split():
    """(X_train, y_train, X_test, y_test): X float64 (N, 64) in 0..16, y int64."""
    return data.digits_split()
