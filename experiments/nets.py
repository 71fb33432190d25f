"""Small training loops shared by the experiments (full-batch gradient descent).

Shapes: X (N, D) inputs, labels (N,) integers in [0, C).
"""

import numpy as np


def per_layer_gradient_norms(kit, X, labels, params, activation):
    """‖dW_l‖ for every layer l = 1..L of one backward pass of the loss.

    Returns
    -------
    list of L floats, input layer first
    """
    u, cache = kit.step4.network_forward(X, params, activation)
    _, delta = kit.step2.softmax_cross_entropy(u, labels)
    grads = kit.step4.network_backward(delta, cache)
    return [float(np.linalg.norm(dW)) for dW, _ in grads]


def train_full_batch(kit, X, labels, params, activation, *, learning_rate, steps):
    """Plain gradient descent on softmax cross-entropy; returns (params, losses)."""
    params = [(W.copy(), b.copy()) for W, b in params]
    losses = []
    for _ in range(steps):
        u, cache = kit.step4.network_forward(X, params, activation)
        loss, delta = kit.step2.softmax_cross_entropy(u, labels)
        losses.append(float(loss))
        grads = kit.step4.network_backward(delta, cache)
        params = [
            (W - learning_rate * dW, b - learning_rate * db)
            for (W, b), (dW, db) in zip(params, grads)
        ]
    return params, losses


def accuracy(kit, X, labels, params, activation):
    """Fraction of samples whose largest score is their label."""
    u, _ = kit.step4.network_forward(X, params, activation)
    return float(np.mean(np.argmax(u, axis=1) == labels))


def gaussian_params(sizes, std_of_fan_in, seed):
    """Layers (W, b) with W ~ N(0, std_of_fan_in(D)²) and b = 0."""
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(0.0, std_of_fan_in(d), size=(m, d)), np.zeros(m))
        for d, m in zip(sizes[:-1], sizes[1:])
    ]
