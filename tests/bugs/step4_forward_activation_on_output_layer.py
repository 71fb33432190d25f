"""network_forward applies the hidden activation to the output layer too."""

MODULE = "step4_backprop"
TASK = "step4.network_forward"
REPLACE = {
    "network_forward": """
    act_forward, _ = ACTIVATIONS[activation]
    z = x
    layer_caches = []
    for W, b in params:
        u, affine_cache = affine_forward(z, W, b)
        z, act_cache = act_forward(u)
        layer_caches.append((affine_cache, act_cache))
    cache = (activation, layer_caches)
    return z, cache
    """
}
