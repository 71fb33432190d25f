"""momentum forgets to store the new velocity: every call starts again from v = 0."""

MODULE = "step3_training"
TASK = "step3.momentum"
REPLACE = {
    "momentum_update": """
    v = mu * v - config["learning_rate"] * dw
    next_w = w + v
    return next_w, config
    """
}
