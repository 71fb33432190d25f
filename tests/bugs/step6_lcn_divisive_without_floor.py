"""lcn_divisive_forward divides by the local std itself, with no floor."""

MODULE = "step6_cnn"
TASK = "step6.lcn"
REPLACE = {
    "lcn_divisive_forward": """
    N, C, H, W = x.shape
    mass = window_sum(np.ones((1, H, W)), window)
    std = np.sqrt(window_sum((x * x).sum(axis=1), window) / (C * mass))
    divisor = std + 1e-12
    out = x / divisor[:, None]
    cache = (x, window, mass, std, divisor, 0.0)
    return out, cache
    """
}
