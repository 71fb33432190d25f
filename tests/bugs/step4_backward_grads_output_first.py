"""network_backward returns the grads in backward order, output layer first."""

MODULE = "step4_backprop"
TASK = "step4.network_backward"
REPLACE = {
    "network_backward": """
    activation, layer_caches = cache
    _, act_backward = ACTIVATIONS[activation]
    grads = []
    delta = delta_out
    for affine_cache, act_cache in reversed(layer_caches):
        if act_cache is not None:
            delta = act_backward(delta, act_cache)
        delta, dW, db = affine_backward(delta, affine_cache)
        grads.append((dW, db))
    return grads
    """
}
