"""momentum with v ← μv + ε∇E (wrong sign of the gradient term)."""

MODULE = "step3_training"
TASK = "step3.momentum"
REPLACE = {
    "momentum_update": """
    v = mu * v + config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config
    """
}
