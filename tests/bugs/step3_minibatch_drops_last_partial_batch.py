"""minibatch_indices drops the last partial batch: some samples never train."""

MODULE = "step3_training"
TASK = "step3.minibatch"
REPLACE = {
    "minibatch_indices": """
    order = np.random.default_rng([seed, epoch]).permutation(N)
    return [order[i : i + batch_size] for i in range(0, N - batch_size + 1, batch_size)]
    """
}
