"""Data sets that ship with the kit: the UCI 8×8 handwritten digits.

Nothing is downloaded. The digits live in ``data/digits.npz`` at the kit's root
(source, licence and format in ``data/README.md``). This module has no student
region: ``student_template/datasets.py`` is the same code, so STEP 3, 5 and 6
and the grader load the same arrays the same way.

Shapes: N samples (1,797 in all), D = 64 pixels, H × W = 8 × 8 images.
"""

import os
from pathlib import Path

import numpy as np

from .validation import check_positive_int

# Where to look for the data when no path is given: $DLSTART_DATA_DIR, then the
# data/ folder beside this module's folder (reference/ and student_template/ both
# sit at the kit's root). A submission kept elsewhere sets the variable or
# passes ``path``.
DATA_DIR_VARIABLE = "DLSTART_DATA_DIR"
DIGITS_FILE = "digits.npz"
# Pixel values of the digits are counts of set pixels in 4×4 blocks: 0..16.
DIGITS_MAX_VALUE = 16
# The fixed split keeps a quarter of the samples for testing.
TEST_FRACTION = 0.25


def digits_path(path=None):
    """The path of ``digits.npz``: ``path`` if given, else the default places."""
    if path is not None:
        return Path(path)
    folder = os.environ.get(DATA_DIR_VARIABLE)
    if folder:
        return Path(folder) / DIGITS_FILE
    return Path(__file__).resolve().parents[1] / "data" / DIGITS_FILE


def load_digits(*, flatten=True, path=None):
    """All 1,797 digits and their labels.

    Parameters
    ----------
    flatten : bool
        True for rows of 64 pixels, False for 8 × 8 images.
    path : path of digits.npz, optional (see ``digits_path``)

    Returns
    -------
    X : ndarray of float64, shape (N, 64) or (N, 8, 8), pixel values 0..16
    y : ndarray of int64, shape (N,), labels 0..9
    """
    file = digits_path(path)
    if not file.is_file():
        raise FileNotFoundError(
            f"digits data not found at {file}; set {DATA_DIR_VARIABLE} to the kit's "
            "data/ folder or pass path="
        )
    with np.load(file) as archive:
        images = archive["images"].astype(np.float64)
        labels = archive["labels"].astype(np.int64)
    X = images.reshape(len(images), -1) if flatten else images
    return X, labels


def digits_split(seed=0, *, flatten=True, path=None):
    """The fixed 75/25 train/test split of the digits.

    The samples are permuted by ``np.random.default_rng(seed).permutation``; the
    first round(N / 4) = 449 of the permutation are the test set, the other
    1,348 the training set, each kept in the permuted order. The same seed gives
    the same split on every platform.

    Parameters
    ----------
    seed : int >= 0
    flatten, path : as for ``load_digits``

    Returns
    -------
    X_train : ndarray of float64, shape (1348, 64) or (1348, 8, 8)
    y_train : ndarray of int64, shape (1348,)
    X_test : ndarray of float64, shape (449, 64) or (449, 8, 8)
    y_test : ndarray of int64, shape (449,)
    """
    seed = check_positive_int("seed", seed, allow_zero=True)
    X, y = load_digits(flatten=flatten, path=path)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(TEST_FRACTION * len(y)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]
