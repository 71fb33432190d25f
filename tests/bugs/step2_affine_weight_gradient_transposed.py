"""affine_backward returns dW = xᵀ du, of shape (D, M), the transpose of W's."""

MODULE = "step2_feedforward"
TASK = "step2.affine"
REPLACE = {
    "affine_backward": """
    x, W = cache
    dx = du @ W
    dW = x.T @ du
    db = du.sum(axis=0)
    return dx, dW, db
    """
}
