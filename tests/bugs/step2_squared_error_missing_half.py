"""squared_error drops the 1/2 from the loss but keeps du = (z - d)/N: they disagree."""

MODULE = "step2_feedforward"
TASK = "step2.squared_error"
REPLACE = {
    "squared_error": """
    N = u.shape[0]
    diff = u - d
    loss = np.sum(diff * diff) / N
    du = diff / N
    return float(loss), du
    """
}
