"""softmax without subtracting the row maximum: exp overflows for large scores."""

MODULE = "step2_feedforward"
TASK = "step2.softmax"
REPLACE = {
    "softmax": """
    e = np.exp(u)
    z = e / np.sum(e, axis=-1, keepdims=True)
    return z
    """
}
