"""The digits for STEP 5's measured tests, pixels scaled to [0, 1].

Read by the kit (dlstart_check.data), not through the implementation, so a
submission cannot change the data it is graded on.
"""

import pytest

from dlstart_check import data


@pytest.fixture(scope="session")
def digits01():
    """(X_train, y_train, X_test, y_test) of the fixed split, X in [0, 1]."""
    X_train, y_train, X_test, y_test = data.digits_split()
    return (
        X_train / data.DIGITS_MAX_VALUE,
        y_train,
        X_test / data.DIGITS_MAX_VALUE,
        y_test,
    )
