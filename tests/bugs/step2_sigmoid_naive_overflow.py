"""sigmoid as 1 / (1 + exp(-u)): exp overflows (RuntimeWarning) for u = -1e4."""

MODULE = "step2_feedforward"
TASK = "step2.sigmoid"
REPLACE = {
    "sigmoid_forward": """
    z = 1.0 / (1.0 + np.exp(-u))
    cache = z
    return z, cache
    """
}
