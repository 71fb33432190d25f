"""Assertions whose failure message is the student's feedback.

Every check names what was checked, shows the input, and gives expected and got,
each array cut to a readable size. Tolerances are the named constants below.
"""

import contextlib
import warnings

import numpy as np

from .gradcheck import relative_error

# Agreement of two float64 computations of the same formula in different orders.
VALUE_RTOL = 1e-9
VALUE_ATOL = 1e-12
# Centred differences with h = 1e-5 agree with an exact gradient to ~1e-10.
GRAD_REL_TOL = 1e-7
# Below this absolute difference (Euclidean norm over the whole gradient) two
# gradients agree whatever their ratio: rounding noise of the centred
# difference (eps·|f|/h ≈ 1e-11·|f| per component) stays well under it, while
# every realistic bug the kit keeps moves a gradient by far more on some input.
GRAD_ABS_TOL = 1e-8
# Rows of a probability matrix sum to 1 up to rounding.
SUM_TO_ONE_ATOL = 1e-12

_PRINT_OPTIONS = {"precision": 6, "threshold": 24, "edgeitems": 3, "max_line_width": 88}


def show(value):
    """A short text form of an array or value for messages."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, **_PRINT_OPTIONS)
        return f"array of shape {value.shape}:\n{text}"
    return repr(value)


def describe_inputs(inputs):
    """The ``inputs`` dict as 'name = value' lines, for messages."""
    if not inputs:
        return ""
    lines = [f"  {name} = {show(value)}" for name, value in inputs.items()]
    return "\non input:\n" + "\n".join(lines)


def fail(what, inputs=None, *, expected=None, got=None, detail=""):
    """Raise AssertionError with the kit's message layout."""
    parts = [f"checked: {what}"]
    if detail:
        parts.append(detail)
    text = "\n".join(parts) + describe_inputs(inputs)
    if expected is not None or got is not None:
        text += f"\nexpected: {show(expected)}\ngot:      {show(got)}"
    raise AssertionError(text)


def as_result_array(got, what, inputs=None):
    """Return ``got`` as an ndarray, failing clearly if it is not numeric."""
    if got is None:
        fail(
            what, inputs, detail="the function returned None (did it forget `return`?)"
        )
    try:
        array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        fail(what, inputs, detail=f"the result is not numeric: {type(got).__name__}")
    return array


def assert_shape(got, expected_shape, what, inputs=None):
    """Fail unless ``got`` has ``expected_shape``."""
    array = as_result_array(got, what, inputs)
    if array.shape != tuple(expected_shape):
        fail(
            f"{what} has the right shape",
            inputs,
            expected=tuple(expected_shape),
            got=array.shape,
        )
    return array


def assert_close(got, expected, what, inputs=None, *, rtol=VALUE_RTOL, atol=VALUE_ATOL):
    """Fail unless ``got`` equals ``expected`` elementwise within tolerances."""
    expected = np.asarray(expected, dtype=np.float64)
    array = assert_shape(got, expected.shape, what, inputs)
    if not np.all(np.isfinite(array)) and np.all(np.isfinite(expected)):
        fail(
            what,
            inputs,
            expected=expected,
            got=array,
            detail="the result has NaN or inf",
        )
    if not np.allclose(array, expected, rtol=rtol, atol=atol, equal_nan=True):
        error = np.abs(array - expected)
        worst = np.unravel_index(np.argmax(error), error.shape) if error.ndim else ()
        where = tuple(int(i) for i in worst)
        detail = (
            f"largest difference {error.max():.3g} at index {where}"
            f" (tolerance rtol={rtol:g}, atol={atol:g})"
        )
        fail(what, inputs, expected=expected, got=array, detail=detail)
    return array


def assert_gradient(analytic, numeric, what, inputs=None, *, tol=GRAD_REL_TOL):
    """Fail unless a backward pass's gradient matches the numerical one."""
    numeric = np.asarray(numeric, dtype=np.float64)
    array = assert_shape(analytic, numeric.shape, what, inputs)
    error = relative_error(array, numeric)
    # A centred difference of a loss f carries rounding noise of about
    # eps·|f|/h per component; where the true gradient is itself that small
    # (a saturated softmax, say) the relative error measures only that noise.
    difference = float(np.linalg.norm(array - numeric))
    if not (error <= tol or difference <= GRAD_ABS_TOL):
        fail(
            what,
            inputs,
            expected=numeric,
            got=array,
            detail=f"relative error {error:.3g} > {tol:g} and absolute "
            f"difference {difference:.3g} > {GRAD_ABS_TOL:g} "
            "(expected = centred-difference numerical gradient)",
        )
    return array


def assert_true(condition, what, inputs=None, *, detail=""):
    """Fail with the kit's message unless ``condition`` holds."""
    if not condition:
        fail(what, inputs, detail=detail)


@contextlib.contextmanager
def no_runtime_warnings(what, inputs=None):
    """Fail if the code inside emits a RuntimeWarning (overflow, invalid value, ...).

    numpy reports floating-point trouble (exp overflowing, 0/0) as RuntimeWarning.
    Warnings are caught rather than numpy's error state changed, because the
    grader runs the student's code in another process: there the worker records
    the warnings of each call and re-emits them here, where this check sees them.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        yield
    trouble = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if trouble:
        messages = "; ".join(sorted({str(w.message) for w in trouble}))
        fail(what, inputs, detail=f"numpy warned: {messages}")
