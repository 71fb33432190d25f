"""weight decay penalty λ‖W‖² without the ½, while the gradient stays λW."""

MODULE = "step3_training"
TASK = "step3.weight_decay"
REPLACE = {
    "weight_decay_penalty": """
    penalty = 0.0
    grads = []
    for W, b in params:
        penalty += lam * np.sum(W * W)
        grads.append((lam * W, np.zeros_like(b)))
    return float(penalty), grads
    """
}
