"""Input checks shared by every STEP module.

These checks sit outside the student's fenced regions, so a student's function
rejects bad input with the same clear message as the reference. Each helper
raises TypeError for the wrong kind of value and ValueError for a wrong shape or
range, and names the argument and what it was.
"""

import numbers

import numpy as np


def as_float_array(name, value, *, ndim=None, min_ndim=None):
    """Return ``value`` as a float64 ndarray, checking its number of dimensions.

    Parameters
    ----------
    name : str
        The argument's name, used in error messages.
    value : array_like of real numbers
    ndim : int, optional
        The exact number of dimensions required.
    min_ndim : int, optional
        The least number of dimensions required.

    Returns
    -------
    ndarray of dtype float64, the same shape as ``value``.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        )
    array = np.asarray(value)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"{name} must be an array of numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got dtype {array.dtype}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {array.shape}")
    if min_ndim is not None and array.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimensions, got shape {array.shape}"
        )
    return array.astype(np.float64, copy=False)


def check_same_shape(name_a, a, name_b, b):
    """Raise ValueError unless arrays ``a`` and ``b`` have the same shape."""
    if np.shape(a) != np.shape(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, "
            f"got {np.shape(a)} and {np.shape(b)}"
        )


def check_dim(name, array, axis, expected, expected_from):
    """Raise ValueError unless ``array.shape[axis] == expected``.

    ``expected_from`` says where the expected size comes from, for the message,
    e.g. ``"x.shape[1]"``.
    """
    if array.shape[axis] != expected:
        raise ValueError(
            f"{name}.shape[{axis}] must equal {expected_from} = {expected}, "
            f"got shape {array.shape}"
        )


def check_positive_number(name, value, *, allow_zero=False):
    """Return ``value`` as a float after checking that it is a finite number > 0.

    With ``allow_zero`` the number may also be 0.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}={value} must be finite and {bound}")
    return value


def check_positive_int(name, value, *, allow_zero=False):
    """Return ``value`` after checking that it is an int > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int(value)
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}={value} must be {bound}")
    return value


def check_choice(name, value, choices):
    """Raise ValueError unless ``value`` is one of ``choices``."""
    if value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name}={value!r} must be one of {listed}")
    return value
