"""network_forward feeds each layer's total input u, not its output f(u), onward."""

MODULE = "step4_backprop"
TASK = "step4.network_forward"
REPLACE = {
    "network_forward": """
    act_forward, _ = ACTIVATIONS[activation]
    z = x
    layer_caches = []
    for l, (W, b) in enumerate(params):
        u, affine_cache = affine_forward(z, W, b)
        if l == len(params) - 1:
            layer_caches.append((affine_cache, None))
            break
        _, act_cache = act_forward(u)
        z = u
        layer_caches.append((affine_cache, act_cache))
    cache = (activation, layer_caches)
    return u, cache
    """
}
