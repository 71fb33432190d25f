"""The digits for STEP 5's measured tests, pixels scaled to [0, 1].

Loaded with the kit's own loader (``datasets.digits_split``, the same file in
reference/, the template and every submission) so every STEP sees the same
split.
"""

import pytest

# Pixel values of the digits run from 0 to 16.
DIGITS_MAX_VALUE = 16.0


@pytest.fixture(scope="session")
def digits01(impl):
    """(X_train, y_train, X_test, y_test) of the fixed split, X in [0, 1]."""
    X_train, y_train, X_test, y_test = impl.function("datasets", "digits_split")(0)
    return (
        X_train / DIGITS_MAX_VALUE,
        y_train,
        X_test / DIGITS_MAX_VALUE,
        y_test,
    )
