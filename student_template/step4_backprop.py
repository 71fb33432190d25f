# Generated from reference/step4_backprop.py by `dlstart template`: do not edit the kit's copy.
# Students: write your code between the '>>> student' and '<<< student' markers.
"""STEP 4 — backpropagation (역전파법) through a multilayer network.

A network of L layers is a list ``params`` of pairs (W, b), one per layer after
the input, with W of shape (M_l, M_{l-1}) and b of shape (M_l,). The hidden
layers share one activation function; the output layer's activation belongs to
the loss (STEP 2's pairings), so the forward pass returns the output layer's total
input u_L, and the backward pass starts from δ_L = ∂E/∂u_L, which the loss returns.

Shapes: N samples, M_0 = D input features, M_l units in layer l.
"""

import numpy as np

from .step2_feedforward import (
    affine_backward,
    affine_forward,
    identity_backward,
    identity_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)
from .validation import as_float_array, check_choice, check_positive_number

ACTIVATIONS = {
    "identity": (identity_forward, identity_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
    "relu": (relu_forward, relu_backward),
}


def init_network(layer_sizes, *, std=0.1, seed=0):
    """Gaussian initialization (the notes' method): W ~ N(0, std²), b = 0.

    Parameters
    ----------
    layer_sizes : sequence of int, [M_0, M_1, ..., M_L], at least two
    std : float > 0
    seed : int, for ``np.random.default_rng``

    Returns
    -------
    params : list of L tuples (W, b), W of shape (M_l, M_{l-1}), b of shape (M_l,)
    """
    sizes = [int(size) for size in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes={list(layer_sizes)} needs >= 2 sizes, all >= 1")
    std = check_positive_number("std", std)
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(0.0, std, size=(m_out, m_in)), np.zeros(m_out))
        for m_in, m_out in zip(sizes[:-1], sizes[1:])
    ]


def check_params(x, params):
    """Return ``params`` as a list of float64 (W, b) pairs that fit ``x`` and chain.

    Raises ValueError naming the first layer whose shapes do not fit.
    """
    if len(params) == 0:
        raise ValueError("params must hold at least one (W, b) layer")
    checked = []
    fan_in = x.shape[1]
    for l, layer in enumerate(params, start=1):
        if len(layer) != 2:
            raise ValueError(f"params[{l - 1}] must be a pair (W, b), got {len(layer)}")
        W = as_float_array(f"W of layer {l}", layer[0], ndim=2)
        b = as_float_array(f"b of layer {l}", layer[1], ndim=1)
        if W.shape[1] != fan_in or b.shape != (W.shape[0],):
            raise ValueError(
                f"layer {l}: W must have shape (M, {fan_in}) and b shape (M,), "
                f"got W {W.shape} and b {b.shape}"
            )
        checked.append((W, b))
        fan_in = W.shape[0]
    return checked


def network_forward(x, params, activation="sigmoid"):
    """Forward pass (순전파): total input u and output z of every layer in turn.

    u_l = z_{l-1} W_lᵀ + b_l and z_l = f(u_l) for the hidden layers, z_0 = x. The
    output layer stops at its total input u_L.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    params : list of (W, b), see the module docstring
    activation : {"identity", "sigmoid", "tanh", "relu"}
        Activation of every hidden layer.

    Returns
    -------
    u_out : ndarray of shape (N, M_L), the output layer's total input
    cache : object for ``network_backward`` (it keeps every u_l and z_l)
    """
    x = as_float_array("x", x, ndim=2)
    params = check_params(x, params)
    check_choice("activation", activation, tuple(ACTIVATIONS))
    # >>> student: step4.network_forward
    raise NotImplementedError("not implemented yet: step4.network_forward (network_forward)")
    # <<< student


def network_backward(delta_out, cache):
    """Backward pass (역전파): deltas from the output layer down, then dW and db.

    δ_L is given; for l = L-1, ..., 1, δ_l = f'(u_l) ⊙ (δ_{l+1} W_{l+1}); and for
    every layer dW_l = δ_lᵀ z_{l-1} and db_l = Σ_n δ_l.

    Parameters
    ----------
    delta_out : ndarray of shape (N, M_L), ∂E/∂u_L from a loss
    cache : from ``network_forward``

    Returns
    -------
    grads : list of L tuples (dW, db), shaped like ``params``
    """
    delta_out = as_float_array("delta_out", delta_out, ndim=2)
    # >>> student: step4.network_backward
    raise NotImplementedError("not implemented yet: step4.network_backward (network_backward)")
    # <<< student
