"""STEP 3 — preparing data: normalization (데이터 정규화), augmentation (데이터 확장).

Shapes: N samples, D features; images are (N, H, W) or (N, C, H, W).

Normalization is fitted on the training data only and then applied, with the
same statistics, to the training, validation and test data (STEP 5 reuses
``normalization_fit`` and ``normalization_transform``). Augmentation draws its
randomness from a ``seed`` argument, so each call is reproducible.
"""

import numpy as np

from .validation import (
    as_float_array,
    check_positive_int,
    check_positive_number,
    check_same_shape,
)

# The notes' "sufficiently small value": the floor of a component's scale, so a
# component (nearly) constant in the training data is not blown up or made NaN.
NORMALIZATION_EPS = 1e-8


def normalization_fit(X, *, eps=NORMALIZATION_EPS):
    """Per-component mean and scale max(std, eps) of the training data.

    Parameters
    ----------
    X : ndarray of shape (N, ...), the training samples (batch first)
    eps : float > 0, the floor of the scale

    Returns
    -------
    mean : ndarray of shape X.shape[1:], the mean over the N samples
    scale : ndarray of shape X.shape[1:], max(standard deviation, eps), the
        standard deviation with divisor N
    """
    X = as_float_array("X", X, min_ndim=2)
    eps = check_positive_number("eps", eps)
    # >>> student: step3.normalization
    mean = X.mean(axis=0)
    scale = np.maximum(X.std(axis=0), eps)
    return mean, scale
    # <<< student


def normalization_transform(X, mean, scale):
    """Normalize samples with given statistics: (x − mean) / scale.

    Use the ``mean`` and ``scale`` that ``normalization_fit`` returned for the
    training data, for every data set (never statistics of the test data).

    Parameters
    ----------
    X : ndarray of shape (N, ...)
    mean : ndarray of shape X.shape[1:]
    scale : ndarray of shape X.shape[1:], all > 0

    Returns
    -------
    X_normalized : ndarray, same shape as X
    """
    X = as_float_array("X", X, min_ndim=2)
    mean = as_float_array("mean", mean)
    scale = as_float_array("scale", scale)
    check_same_shape("mean", mean, "X[0]", X[0])
    check_same_shape("scale", scale, "X[0]", X[0])
    if not np.all(scale > 0):
        raise ValueError("scale must be > 0 everywhere (use normalization_fit's)")
    # >>> student: step3.normalization
    X_normalized = (X - mean) / scale
    return X_normalized
    # <<< student


def add_gaussian_noise(X, std, *, seed=0):
    """Augmentation by Gaussian noise: x + δx with δx ~ N(0, std²) per element.

    Parameters
    ----------
    X : ndarray of any shape
    std : float >= 0
    seed : int >= 0, for ``np.random.default_rng``; the same seed, the same noise

    Returns
    -------
    X_noisy : ndarray, same shape as X
    """
    X = as_float_array("X", X)
    std = check_positive_number("std", std, allow_zero=True)
    seed = check_positive_int("seed", seed, allow_zero=True)
    # >>> student: step3.augmentation
    rng = np.random.default_rng(seed)
    X_noisy = X + rng.normal(0.0, std, size=X.shape)
    return X_noisy
    # <<< student


def random_shift(images, max_shift, *, seed=0):
    """Augmentation by shifting each image a few pixels, filling with zeros.

    Image n is moved down by dy_n and right by dx_n pixels (negative: up, left),
    integers drawn uniformly from [−max_shift, max_shift]; pixels moved out are
    lost and pixels moved in are 0: out[n, ..., i, j] = image[n, ..., i − dy,
    j − dx] where that index is inside the image, else 0.

    Parameters
    ----------
    images : ndarray of shape (N, H, W) or (N, C, H, W)
    max_shift : int >= 0
    seed : int >= 0, for ``np.random.default_rng``

    Returns
    -------
    shifted : ndarray, same shape as images
    shifts : ndarray of int64, shape (N, 2), the (dy, dx) of each image
    """
    images = as_float_array("images", images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"images must have shape (N, H, W) or (N, C, H, W), got {images.shape}"
        )
    max_shift = check_positive_int("max_shift", max_shift, allow_zero=True)
    seed = check_positive_int("seed", seed, allow_zero=True)
    # >>> student: step3.augmentation
    rng = np.random.default_rng(seed)
    N, H, W = images.shape[0], images.shape[-2], images.shape[-1]
    shifts = rng.integers(-max_shift, max_shift + 1, size=(N, 2))
    shifted = np.zeros_like(images)
    for n, (dy, dx) in enumerate(shifts):
        if abs(dy) >= H or abs(dx) >= W:
            continue  # shifted entirely out: all zeros
        # Rows (columns) of the output that receive a pixel, and where it comes from.
        out_rows = slice(max(dy, 0), H + min(dy, 0))
        in_rows = slice(max(-dy, 0), H + min(-dy, 0))
        out_cols = slice(max(dx, 0), W + min(dx, 0))
        in_cols = slice(max(-dx, 0), W + min(-dx, 0))
        shifted[n, ..., out_rows, out_cols] = images[n, ..., in_rows, in_cols]
    return shifted, shifts.astype(np.int64)
    # <<< student
