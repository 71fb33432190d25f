"""sigmoid_backward uses f(u)(f(u) - 1), the derivative with the wrong sign."""

MODULE = "step2_feedforward"
TASK = "step2.sigmoid"
REPLACE = {
    "sigmoid_backward": """
    z = cache
    du = dz * z * (z - 1.0)
    return du
    """
}
