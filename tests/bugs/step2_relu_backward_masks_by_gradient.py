"""relu_backward keeps dz where dz > 0 (masking by the gradient, not by u)."""

MODULE = "step2_feedforward"
TASK = "step2.relu"
REPLACE = {
    "relu_backward": """
    du = dz * (dz > 0)
    return du
    """
}
