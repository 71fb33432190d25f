"""Fine-tuning trains only the new softmax layer; the pre-trained layers stay frozen."""

MODULE = "step5_autoencoder"
TASK = "step5.finetune"
REPLACE = {
    "finetune_classifier": """
    M_top = layers[-1][0].shape[0] if layers else X.shape[1]
    rng = np.random.default_rng(seed)
    params = [(W.copy(), b.copy()) for W, b in layers]
    params.append(
        (rng.normal(0.0, init_std, size=(n_classes, M_top)), np.zeros(n_classes))
    )
    configs = [
        (
            _update_config(update, learning_rate, momentum),
            _update_config(update, learning_rate, momentum),
        )
        for _ in params
    ]
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for idx in minibatch_indices(X.shape[0], batch_size, epoch=epoch, seed=seed):
            u, cache = network_forward(X[idx], params, activation)
            loss, delta = softmax_cross_entropy(u, labels[idx])
            grads = network_backward(delta, cache)
            losses.append(loss)
            for l, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
                config_W, config_b = configs[l]
                if l == len(params) - 1:
                    W, config_W = _UPDATES[update](W, dW, config_W)
                    b, config_b = _UPDATES[update](b, db, config_b)
                params[l] = (W, b)
                configs[l] = (config_W, config_b)
        history["loss"].append(float(np.mean(losses)))
    return {"params": params, "history": history}
    """
}
