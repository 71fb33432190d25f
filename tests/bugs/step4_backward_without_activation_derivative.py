"""network_backward forgets f'(u_l): deltas pass back as if the units were linear."""

MODULE = "step4_backprop"
TASK = "step4.network_backward"
REPLACE = {
    "network_backward": """
    activation, layer_caches = cache
    grads = []
    delta = delta_out
    for affine_cache, _ in reversed(layer_caches):
        delta, dW, db = affine_backward(delta, affine_cache)
        grads.append((dW, db))
    grads.reverse()
    return grads
    """
}
