"""sgd_update adds the gradient: w + ε ∇E climbs the error."""

MODULE = "step3_training"
TASK = "step3.sgd"
REPLACE = {
    "sgd_update": """
    next_w = w + config["learning_rate"] * dw
    return next_w, config
    """
}
