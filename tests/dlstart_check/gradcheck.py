"""Numerical gradients by centred differences, and the relative error between two.

The tests use this module to check every backward pass; students may use it in
their own work too (``student_template/gradcheck.py`` is a copy of it).

Shapes: ``x`` may have any shape; a gradient has the shape of what it is the
gradient with respect to.
"""

import numpy as np

DEFAULT_STEP = 1e-5


def numerical_gradient(f, x, *, h=DEFAULT_STEP):
    """Centred-difference gradient of a scalar function at ``x``.

    ∂f/∂x_i ≈ (f(x + h e_i) - f(x - h e_i)) / 2h, with an error of order h² for
    smooth f. ``x`` is changed in place during the evaluation and restored.

    Parameters
    ----------
    f : callable taking no arguments and returning a float; it must read ``x``
    x : ndarray of float64, any shape
    h : float, the step

    Returns
    -------
    grad : ndarray of the shape of ``x``
    """
    if not np.shares_memory(x.reshape(-1), x):
        raise ValueError("x must be a contiguous float64 array so it can be perturbed")
    values = _evaluate(f, x, h)
    grad = (values[:, 0] - values[:, 1]) / (2.0 * h)
    return grad.reshape(x.shape)


def perturbed_values(f, x, h):
    """f() with component i of ``x`` moved by +h and by -h, for every i in turn.

    Parameters
    ----------
    f : callable taking no arguments and returning a float; it must read ``x``
    x : ndarray, any shape, contiguous; changed in place and restored, also
        when f raises
    h : float, the step

    Returns
    -------
    values : ndarray of shape (x.size, 2), f at x + h e_i and at x - h e_i
    """
    flat_x = x.reshape(-1)
    values = np.empty((flat_x.size, 2))
    for i in range(flat_x.size):
        saved = flat_x[i]
        try:
            flat_x[i] = saved + h
            values[i, 0] = float(f())
            flat_x[i] = saved - h
            values[i, 1] = float(f())
        finally:
            flat_x[i] = saved
    return values


# How numerical_gradient evaluates f. The grader, whose submissions run in
# another process where every call is a round trip, installs an evaluator that
# fetches a check's calls in one request (grader/batching.py). It must return
# exactly what perturbed_values returns.
_evaluate = perturbed_values


def set_evaluator(evaluate):
    """Make numerical_gradient use ``evaluate(f, x, h)``; return the one replaced.

    ``evaluate`` has the signature and the results of ``perturbed_values``.
    """
    global _evaluate
    previous, _evaluate = _evaluate, evaluate
    return previous


def numerical_gradient_of_array(f, x, dout, *, h=DEFAULT_STEP):
    """Gradient of Σ f() ⊙ dout with respect to ``x``: a layer's input gradient.

    A backward pass returns exactly this for an upstream gradient ``dout``.

    Parameters
    ----------
    f : callable taking no arguments and returning an array shaped like ``dout``
    x : ndarray of float64, any shape, changed in place and restored
    dout : ndarray, the shape of f()'s result

    Returns
    -------
    grad : ndarray of the shape of ``x``
    """
    return numerical_gradient(lambda: np.sum(np.asarray(f()) * dout), x, h=h)


def relative_error(a, b):
    """Relative error ‖a - b‖ / max(‖a‖ + ‖b‖, tiny) of two arrays, a float in [0, 1].

    Taken over whole arrays rather than per element, so a component that is zero
    in both does not turn rounding noise into a large ratio. Returns 0.0 when both
    are all zeros.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / max(scale, 1e-300))
