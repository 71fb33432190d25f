"""tanh_backward computes 1 - u² from the input instead of 1 - tanh(u)²."""

MODULE = "step2_feedforward"
TASK = "step2.tanh"
REPLACE = {
    "tanh_forward": """
    z = np.tanh(u)
    cache = u
    return z, cache
    """,
    "tanh_backward": """
    u = cache
    du = dz * (1.0 - u * u)
    return du
    """,
}
