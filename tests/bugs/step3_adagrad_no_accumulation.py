"""AdaGrad without accumulation: divides by √(g²) of this step only."""

MODULE = "step3_training"
TASK = "step3.adagrad"
REPLACE = {
    "adagrad_update": """
    h = dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(h) + eps)
    config["grad_squared_sum"] = h
    return next_w, config
    """
}
