"""Weight decay applied to the biases too, not only to the weights."""

MODULE = "step5_autoencoder"
TASK = "step5.autoencoder_loss"
REPLACE = {
    "autoencoder_loss": """
    d = x if target is None else target
    u_out, y, cache = autoencoder_forward(x, params, hidden=hidden, tied=tied)

    error = squared_error if output == "identity" else sigmoid_cross_entropy
    loss, du_out = error(u_out, d)

    dy = None
    if sparsity is not None:
        penalty, dy = sparsity_penalty(y, sparsity["rho"], sparsity["beta"])
        loss += penalty

    grads = autoencoder_backward(du_out, cache, dy=dy)

    # Weight decay (STEP 3) on the weights only: the encoder and, untied, the
    # decoder, as the layers (W, b) and (W̃, b̃) of a two-layer network.
    layers = [(params["W"], params["b"])]
    if not tied:
        layers.append((params["W_tilde"], params["b_tilde"]))
    penalty, decay_grads = weight_decay_penalty(
        layers, weight_decay, decay_biases=True
    )
    loss += penalty
    grads["W"] = grads["W"] + decay_grads[0][0]
    grads["b"] = grads["b"] + decay_grads[0][1]
    if not tied:
        grads["W_tilde"] = grads["W_tilde"] + decay_grads[1][0]
        grads["b_tilde"] = grads["b_tilde"] + decay_grads[1][1]
    return float(loss), grads
    """
}
