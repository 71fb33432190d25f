"""The digits as the experiments use them: pixel values scaled to [0, 1].

Shapes: N samples, D = 64 pixels; images (N, 8, 8).
"""


def digits(kit, *, images=False):
    """(X_train, y_train, X_test, y_test) of the kit's fixed split, X in [0, 1].

    Read through the implementation's own ``datasets`` module (it has no student
    region), so a student's folder sees the same arrays as the reference.

    Returns
    -------
    X_train : ndarray of shape (1348, 64), or (1348, 8, 8) with ``images``
    y_train : ndarray of int64, shape (1348,)
    X_test : ndarray of shape (449, 64), or (449, 8, 8)
    y_test : ndarray of int64, shape (449,)
    """
    datasets = kit.datasets
    X_train, y_train, X_test, y_test = datasets.digits_split(flatten=not images)
    scale = float(datasets.DIGITS_MAX_VALUE)
    return X_train / scale, y_train, X_test / scale, y_test
