"""The digits the tests grade on, read by the kit itself.

The tests never take their data from the implementation under test: a
submission cannot change what it is graded on, and a submission folder kept
away from the kit (the grader's private copy) needs no data of its own.

The split restates ``datasets.digits_split(seed=0)`` (tests/step3/
test_datasets.py checks that the two agree): a permutation by
``default_rng(0)``, its first quarter for testing.

Shapes: N samples, D = 64 pixels, images (N, 1, 8, 8) in NCHW.
"""

from pathlib import Path

import numpy as np

DIGITS_FILE = Path(__file__).resolve().parents[2] / "data" / "digits.npz"
SPLIT_SEED = 0
TEST_FRACTION = 0.25
# Pixel values of the digits are counts of set pixels in 4×4 blocks: 0..16.
DIGITS_MAX_VALUE = 16.0


def digits_split():
    """(X_train, y_train, X_test, y_test): X float64 (N, 64) in 0..16, y int64."""
    with np.load(DIGITS_FILE) as archive:
        X = archive["images"].astype(np.float64).reshape(-1, 64)
        y = archive["labels"].astype(np.int64)
    order = np.random.default_rng(SPLIT_SEED).permutation(len(y))
    n_test = int(round(TEST_FRACTION * len(y)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]
