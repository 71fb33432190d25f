"""affine_backward averages the bias gradient over the batch instead of summing."""

MODULE = "step2_feedforward"
TASK = "step2.affine"
REPLACE = {
    "affine_backward": """
    x, W = cache
    dx = du @ W
    dW = du.T @ x
    db = du.mean(axis=0)
    return dx, dW, db
    """
}
