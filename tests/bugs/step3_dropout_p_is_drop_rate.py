"""dropout treats p as the fraction DROPPED, keeping units with probability 1 − p."""

MODULE = "step3_training"
TASK = "step3.dropout"
REPLACE = {
    "dropout_forward": """
    if train:
        mask = (np.random.default_rng(seed).random(x.shape) >= p).astype(np.float64)
        scale = mask / p if inverted else mask
    else:
        scale = np.ones_like(x) if inverted else np.full_like(x, p)
    out = x * scale
    cache = scale
    return out, cache
    """
}
