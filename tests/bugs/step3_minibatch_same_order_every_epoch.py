"""minibatch_indices ignores the epoch: every epoch visits the samples in one order."""

MODULE = "step3_training"
TASK = "step3.minibatch"
REPLACE = {
    "minibatch_indices": """
    order = np.random.default_rng(seed).permutation(N)
    return [order[i : i + batch_size] for i in range(0, N, batch_size)]
    """
}
