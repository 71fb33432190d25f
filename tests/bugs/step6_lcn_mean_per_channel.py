"""lcn_subtractive_forward subtracts each channel's own local mean, not the joint."""

MODULE = "step6_cnn"
TASK = "step6.lcn"
REPLACE = {
    "lcn_subtractive_forward": """
    N, C, H, W = x.shape
    mass = window_sum(np.ones((1, H, W)), window)
    m = window_sum(x.reshape(N * C, H, W), window).reshape(N, C, H, W) / mass
    out = x - m
    cache = (window, mass, C)
    return out, cache
    """
}
