"""AdaGrad divides by Σ g² instead of its square root."""

MODULE = "step3_training"
TASK = "step3.adagrad"
REPLACE = {
    "adagrad_update": """
    h = h + dw * dw
    next_w = w - config["learning_rate"] * dw / (h + eps)
    config["grad_squared_sum"] = h
    return next_w, config
    """
}
