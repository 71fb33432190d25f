"""max-norm scales every row by the largest row's factor, not only rows over c."""

MODULE = "step3_training"
TASK = "step3.max_norm"
REPLACE = {
    "max_norm_constraint": """
    squared = np.sum(W * W, axis=1)
    if squared.max() <= c:
        return W.copy()
    return W * np.sqrt(c / squared.max())
    """
}
