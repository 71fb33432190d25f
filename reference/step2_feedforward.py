"""STEP 2 — feedforward networks: activations, the affine layer, the perceptron, losses.

Shapes follow the kit's dimension glossary (README): N samples in a batch, D input
features, M units of a layer, K maxout pieces, C classes. Arrays are float64, batch
first. A weight matrix is (M, D), outputs first, as in the notes' w_ji, so a layer's
total input is u = x Wᵀ + b.

Every layer is a pair: ``<name>_forward(...) -> (out, cache)`` and
``<name>_backward(dout, cache)`` returning one gradient per array argument of the
forward function, in its order. A loss takes the output layer's total input u and
returns ``(loss, du)``.
"""

import numpy as np

from .validation import (
    as_float_array,
    check_dim,
    check_positive_int,
    check_positive_number,
    check_same_shape,
)

# ---------------------------------------------------------------------------
# Activation functions (활성화 함수) and their derivatives
# ---------------------------------------------------------------------------


def identity_forward(u):
    """Identity mapping (항등사상) f(u) = u, the output layer of a regression net.

    Parameters
    ----------
    u : ndarray of any shape
        Total input of the units.

    Returns
    -------
    z : ndarray, same shape as u
    cache : object for ``identity_backward``
    """
    u = as_float_array("u", u)
    # >>> student: step2.identity
    z = u.copy()
    cache = u.shape
    return z, cache
    # <<< student


def identity_backward(dz, cache):
    """Backward pass of the identity: f'(u) = 1.

    Parameters
    ----------
    dz : ndarray, the shape of the forward output
        Gradient of the error with respect to z.
    cache : from ``identity_forward``

    Returns
    -------
    du : ndarray, same shape as dz
    """
    dz = as_float_array("dz", dz)
    # >>> student: step2.identity
    du = dz.copy()
    return du
    # <<< student


def step_forward(u):
    """Step function (계단 함수): 1 where u >= 0, else 0.

    Parameters
    ----------
    u : ndarray of any shape

    Returns
    -------
    z : ndarray of 0.0 and 1.0, same shape as u
    cache : object for ``step_backward``
    """
    u = as_float_array("u", u)
    # >>> student: step2.step
    z = (u >= 0).astype(np.float64)
    cache = u.shape
    return z, cache
    # <<< student


def step_backward(dz, cache):
    """Backward pass of the step function.

    The derivative is 0 wherever it exists (it does not at u = 0), which is why a
    network of step units cannot be trained by gradient descent. We return zeros
    everywhere, u = 0 included.

    Returns
    -------
    du : ndarray of zeros, same shape as dz
    """
    dz = as_float_array("dz", dz)
    # >>> student: step2.step
    du = np.zeros_like(dz)
    return du
    # <<< student


def sigmoid_forward(u):
    """Logistic sigmoid (로지스틱 함수) f(u) = 1 / (1 + exp(-u)).

    Computed without overflow for any finite u: exp is only ever taken of -|u|.

    Parameters
    ----------
    u : ndarray of any shape

    Returns
    -------
    z : ndarray in [0, 1], same shape as u
    cache : object for ``sigmoid_backward``
    """
    u = as_float_array("u", u)
    # >>> student: step2.sigmoid
    e = np.exp(-np.abs(u))
    z = np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    cache = z
    return z, cache
    # <<< student


def sigmoid_backward(dz, cache):
    """Backward pass of the sigmoid: f'(u) = f(u) (1 - f(u)).

    Returns
    -------
    du : ndarray, same shape as dz
    """
    dz = as_float_array("dz", dz)
    # >>> student: step2.sigmoid
    z = cache
    du = dz * z * (1.0 - z)
    return du
    # <<< student


def tanh_forward(u):
    """Hyperbolic tangent (쌍곡선 정접 함수), range (-1, 1).

    Returns
    -------
    z : ndarray, same shape as u
    cache : object for ``tanh_backward``
    """
    u = as_float_array("u", u)
    # >>> student: step2.tanh
    z = np.tanh(u)
    cache = z
    return z, cache
    # <<< student


def tanh_backward(dz, cache):
    """Backward pass of tanh: f'(u) = 1 - tanh(u)².

    Returns
    -------
    du : ndarray, same shape as dz
    """
    dz = as_float_array("dz", dz)
    # >>> student: step2.tanh
    z = cache
    du = dz * (1.0 - z * z)
    return du
    # <<< student


def relu_forward(u):
    """Rectified linear unit (ReLU, 램프 함수) f(u) = max(u, 0).

    Returns
    -------
    z : ndarray, same shape as u
    cache : object for ``relu_backward``
    """
    u = as_float_array("u", u)
    # >>> student: step2.relu
    z = np.maximum(u, 0.0)
    cache = u
    return z, cache
    # <<< student


def relu_backward(dz, cache):
    """Backward pass of ReLU: f'(u) = 1 for u > 0, else 0.

    At u = 0 the derivative does not exist; the kit takes 0 there.

    Returns
    -------
    du : ndarray, same shape as dz
    """
    dz = as_float_array("dz", dz)
    # >>> student: step2.relu
    u = cache
    du = dz * (u > 0)
    return du
    # <<< student


def maxout_forward(x, W, b):
    """Maxout units (맥스아웃): each unit is the largest of K affine pieces.

    Piece k of unit j has its own weights W[k, j] and bias b[k, j];
    z_j = max_k (x · W[k, j] + b[k, j]).

    Parameters
    ----------
    x : ndarray of shape (N, D)
    W : ndarray of shape (K, M, D)
    b : ndarray of shape (K, M)

    Returns
    -------
    z : ndarray of shape (N, M)
    cache : object for ``maxout_backward``
    """
    x = as_float_array("x", x, ndim=2)
    W = as_float_array("W", W, ndim=3)
    b = as_float_array("b", b, ndim=2)
    check_dim("W", W, 2, x.shape[1], "x.shape[1]")
    if b.shape != W.shape[:2]:
        raise ValueError(f"b must have shape (K, M) = {W.shape[:2]}, got {b.shape}")
    # >>> student: step2.maxout
    u = np.einsum("nd,kmd->nkm", x, W) + b
    winner = np.argmax(u, axis=1)
    z = np.take_along_axis(u, winner[:, None, :], axis=1)[:, 0, :]
    cache = (x, W, winner)
    return z, cache
    # <<< student


def maxout_backward(dz, cache):
    """Backward pass of maxout: the gradient flows only through the winning piece.

    Where several pieces tie for the maximum, the first of them (lowest k) takes
    the whole gradient, as ``np.argmax`` picks it.

    Parameters
    ----------
    dz : ndarray of shape (N, M)
    cache : from ``maxout_forward``

    Returns
    -------
    dx : ndarray of shape (N, D)
    dW : ndarray of shape (K, M, D)
    db : ndarray of shape (K, M)
    """
    dz = as_float_array("dz", dz, ndim=2)
    # >>> student: step2.maxout
    x, W, winner = cache
    K = W.shape[0]
    du = (winner[:, None, :] == np.arange(K)[None, :, None]) * dz[:, None, :]
    dx = np.einsum("nkm,kmd->nd", du, W)
    dW = np.einsum("nkm,nd->kmd", du, x)
    db = du.sum(axis=0)
    return dx, dW, db
    # <<< student


def softmax(u):
    """Softmax (소프트맥스 함수) over the last axis.

    z_k = exp(u_k) / Σ_j exp(u_j). Subtracting each row's maximum first leaves the
    result unchanged and keeps exp from overflowing, so inputs up to ±1e4 are safe.

    Parameters
    ----------
    u : ndarray of shape (..., C)

    Returns
    -------
    z : ndarray of shape (..., C), each row non-negative and summing to 1
    """
    u = as_float_array("u", u, min_ndim=1)
    # >>> student: step2.softmax
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    z = e / np.sum(e, axis=-1, keepdims=True)
    return z
    # <<< student


# ---------------------------------------------------------------------------
# The affine (fully connected) layer
# ---------------------------------------------------------------------------


def affine_forward(x, W, b):
    """Total input of a fully connected layer: u = x Wᵀ + b.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    W : ndarray of shape (M, D)
    b : ndarray of shape (M,)

    Returns
    -------
    u : ndarray of shape (N, M)
    cache : object for ``affine_backward``
    """
    x = as_float_array("x", x, ndim=2)
    W = as_float_array("W", W, ndim=2)
    b = as_float_array("b", b, ndim=1)
    check_dim("W", W, 1, x.shape[1], "x.shape[1]")
    check_dim("b", b, 0, W.shape[0], "W.shape[0]")
    # >>> student: step2.affine
    u = x @ W.T + b
    cache = (x, W)
    return u, cache
    # <<< student


def affine_backward(du, cache):
    """Backward pass of the affine layer.

    With delta = du: dx = delta W, dW = deltaᵀ x (the notes' δ_j z_i summed over
    the batch), db = Σ_n delta_n.

    Parameters
    ----------
    du : ndarray of shape (N, M)
    cache : from ``affine_forward``

    Returns
    -------
    dx : ndarray of shape (N, D)
    dW : ndarray of shape (M, D)
    db : ndarray of shape (M,)
    """
    du = as_float_array("du", du, ndim=2)
    # >>> student: step2.affine
    x, W = cache
    dx = du @ W
    dW = du.T @ x
    db = du.sum(axis=0)
    return dx, dW, db
    # <<< student


# ---------------------------------------------------------------------------
# The perceptron (퍼셉트론)
# ---------------------------------------------------------------------------


def perceptron_predict(X, w, b):
    """Output of a single step unit: 1 where X w + b >= 0, else 0.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    w : ndarray of shape (D,)
    b : float

    Returns
    -------
    y : ndarray of shape (N,) holding 0.0 and 1.0
    """
    X = as_float_array("X", X, ndim=2)
    w = as_float_array("w", w, ndim=1)
    check_dim("w", w, 0, X.shape[1], "X.shape[1]")
    # >>> student: step2.perceptron
    y = (X @ w + b >= 0).astype(np.float64)
    return y
    # <<< student


def perceptron_train(X, d, *, learning_rate=1.0, max_epochs=100):
    """Rosenblatt's perceptron learning rule, one sample at a time.

    Starting from w = 0, b = 0, each epoch visits the samples in order; for each,
    y = step(x·w + b) and then w += ε (d - y) x, b += ε (d - y). Training stops
    after the first epoch in which no sample was misclassified, or after
    ``max_epochs`` epochs.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    d : ndarray of shape (N,) with targets 0 or 1
    learning_rate : float > 0
    max_epochs : int > 0

    Returns
    -------
    w : ndarray of shape (D,)
    b : float
    errors : list of int, the number of misclassified samples in each epoch run
    """
    X = as_float_array("X", X, ndim=2)
    d = as_float_array("d", d, ndim=1)
    check_dim("d", d, 0, X.shape[0], "X.shape[0]")
    if not np.all((d == 0) | (d == 1)):
        raise ValueError("d must hold only 0 and 1")
    learning_rate = check_positive_number("learning_rate", learning_rate)
    max_epochs = check_positive_int("max_epochs", max_epochs)
    # >>> student: step2.perceptron
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x_n, d_n in zip(X, d):
            y_n = 1.0 if x_n @ w + b >= 0 else 0.0
            if y_n != d_n:
                mistakes += 1
                w = w + learning_rate * (d_n - y_n) * x_n
                b = b + learning_rate * (d_n - y_n)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, float(b), errors
    # <<< student


# ---------------------------------------------------------------------------
# Error functions (오차함수), each paired with its output layer
# ---------------------------------------------------------------------------


def squared_error(u, d):
    """Squared error (제곱오차) for regression, with an identity output layer.

    E = (1 / 2N) Σ_n ‖z_n - d_n‖² with z = u, averaged over the batch.

    Parameters
    ----------
    u : ndarray of shape (N, M)
        Total input of the output layer (equal to its output here).
    d : ndarray of shape (N, M)
        Targets.

    Returns
    -------
    loss : float
    du : ndarray of shape (N, M), equal to (z - d) / N
    """
    u = as_float_array("u", u, ndim=2)
    d = as_float_array("d", d, ndim=2)
    check_same_shape("u", u, "d", d)
    # >>> student: step2.squared_error
    N = u.shape[0]
    diff = u - d
    loss = 0.5 * np.sum(diff * diff) / N
    du = diff / N
    return float(loss), du
    # <<< student


def sigmoid_cross_entropy(u, d):
    """Binary negative log-likelihood (음의 로그우도) with a sigmoid output layer.

    z = sigmoid(u) is the probability of class 1 and
    E = -(1 / N) Σ_n Σ_m [d log z + (1 - d) log(1 - z)]. Computed from u directly
    (log z = -log(1 + exp(-u))), so a saturated output never takes log(0).

    Parameters
    ----------
    u : ndarray of shape (N, M)
        Total input of the output layer; M independent binary outputs.
    d : ndarray of shape (N, M) with targets in [0, 1]

    Returns
    -------
    loss : float
    du : ndarray of shape (N, M), equal to (z - d) / N
    """
    u = as_float_array("u", u, ndim=2)
    d = as_float_array("d", d, ndim=2)
    check_same_shape("u", u, "d", d)
    if np.any((d < 0) | (d > 1)):
        raise ValueError("d must lie in [0, 1]")
    # >>> student: step2.sigmoid_cross_entropy
    N = u.shape[0]
    # -log z = log(1 + e^{-u}) and -log(1 - z) = log(1 + e^{u}).
    loss = np.sum(d * np.logaddexp(0.0, -u) + (1.0 - d) * np.logaddexp(0.0, u)) / N
    e = np.exp(-np.abs(u))
    z = np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    du = (z - d) / N
    return float(loss), du
    # <<< student


def softmax_cross_entropy(u, d):
    """Cross-entropy (교차 엔트로피) with a softmax output layer, for C classes.

    z = softmax(u) and E = -(1 / N) Σ_n Σ_k d_nk log z_nk, computed as a
    log-sum-exp so that no probability is ever rounded to log(0).

    Parameters
    ----------
    u : ndarray of shape (N, C)
        Total input of the output layer (the scores).
    d : ndarray of shape (N,) of integer labels in [0, C), or of shape (N, C)
        one-hot rows (any rows of non-negative weights summing to 1 work).

    Returns
    -------
    loss : float
    du : ndarray of shape (N, C), equal to (z - d) / N with d one-hot
    """
    u = as_float_array("u", u, ndim=2)
    N, C = u.shape
    d = np.asarray(d)
    if d.ndim == 1:
        if d.shape[0] != N:
            raise ValueError(f"d.shape[0] must equal u.shape[0] = {N}, got {d.shape}")
        if not np.issubdtype(d.dtype, np.integer):
            raise TypeError(
                f"integer labels d must have an integer dtype, got {d.dtype}"
            )
        if np.any((d < 0) | (d >= C)):
            raise ValueError(f"labels d must lie in [0, {C}), got {d.min()}..{d.max()}")
        targets = np.zeros((N, C))
        targets[np.arange(N), d] = 1.0
    else:
        targets = as_float_array("d", d, ndim=2)
        check_same_shape("u", u, "d", targets)
    # >>> student: step2.softmax_cross_entropy
    shifted = u - np.max(u, axis=1, keepdims=True)
    log_z = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.sum(targets * log_z) / N
    du = (np.exp(log_z) - targets) / N
    return float(loss), du
    # <<< student
