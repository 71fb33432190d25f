"""The deep autoencoder uses squared error even with a sigmoid output."""

MODULE = "step5_autoencoder"
TASK = "step5.deep_autoencoder"
REPLACE = {
    "deep_autoencoder_loss": """
    d = x if target is None else target
    u_out, cache = network_forward(x, params, hidden)
    error = squared_error
    loss, du_out = error(u_out, d)
    grads = network_backward(du_out, cache)
    return loss, grads
    """
}
