"""squared_error sums over the batch: the loss and du lack the 1/N."""

MODULE = "step2_feedforward"
TASK = "step2.squared_error"
REPLACE = {
    "squared_error": """
    diff = u - d
    loss = 0.5 * np.sum(diff * diff)
    du = diff
    return float(loss), du
    """
}
