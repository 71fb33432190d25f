"""weight decay applied to the biases too, although they are exempt by default."""

MODULE = "step3_training"
TASK = "step3.weight_decay"
REPLACE = {
    "weight_decay_penalty": """
    penalty = 0.0
    grads = []
    for W, b in params:
        penalty += 0.5 * lam * (np.sum(W * W) + np.sum(b * b))
        grads.append((lam * W, lam * b))
    return float(penalty), grads
    """
}
