"""relu_backward passes dz through unmasked, as if ReLU were the identity."""

MODULE = "step2_feedforward"
TASK = "step2.relu"
REPLACE = {
    "relu_backward": """
    du = dz.copy()
    return du
    """
}
