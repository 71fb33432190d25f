"""cnn_train adds weight decay λ b to the biases' gradients too, not only to W."""

MODULE = "step6_cnn"
TASK = "step6.cnn"
REPLACE = {
    "cnn_train": """
    N, C, H, _ = X.shape
    params = init_cnn(
        channels=C, image_size=H, filters=filters, hidden=hidden, seed=seed
    )
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    rng = np.random.default_rng(seed)
    history = {"loss": []}
    for _ in range(epochs):
        order = rng.permutation(N)
        total = 0.0
        for start in range(0, N, batch_size):
            batch = order[start : start + batch_size]
            loss, grads = cnn_loss(X[batch], d[batch], params, lcn=lcn)
            total += loss * len(batch)
            for name in params:
                grad = grads[name] + weight_decay * params[name]
                velocity[name] = momentum * velocity[name] - learning_rate * grad
                params[name] = params[name] + velocity[name]
        history["loss"].append(total / N)
    return params, history
    """
}
