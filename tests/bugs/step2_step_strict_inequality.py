"""step_forward uses u > 0, so step(0) = 0 instead of the notes' 1 for u >= 0."""

MODULE = "step2_feedforward"
TASK = "step2.step"
REPLACE = {
    "step_forward": """
    z = (u > 0).astype(np.float64)
    cache = u.shape
    return z, cache
    """
}
