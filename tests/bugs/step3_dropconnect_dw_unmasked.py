"""DropConnect backward returns dW without the mask: dropped weights learn too."""

MODULE = "step3_training"
TASK = "step3.dropconnect"
REPLACE = {
    "dropconnect_backward": """
    mask, affine_cache = cache
    dx, dW, db = affine_backward(du, affine_cache)
    return dx, dW, db
    """
}
