"""softmax normalized over the whole batch instead of each row."""

MODULE = "step2_feedforward"
TASK = "step2.softmax"
REPLACE = {
    "softmax": """
    e = np.exp(u - np.max(u))
    z = e / np.sum(e)
    return z
    """
}
