"""lcn_divisive_backward returns dout / divisor, forgetting that σ depends on x."""

MODULE = "step6_cnn"
TASK = "step6.lcn"
REPLACE = {
    "lcn_divisive_backward": """
    x, window, mass, std, divisor, floor = cache
    dx = dout / divisor[:, None]
    return dx
    """
}
