"""max-norm compares the norm (not the squared norm) with c and rescales to norm c."""

MODULE = "step3_training"
TASK = "step3.max_norm"
REPLACE = {
    "max_norm_constraint": """
    norm = np.sqrt(np.sum(W * W, axis=1, keepdims=True))
    over = norm > c
    return np.where(over, W * c / np.where(over, norm, 1.0), W)
    """
}
