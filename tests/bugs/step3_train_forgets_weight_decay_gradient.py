"""train_mlp adds the weight-decay penalty to the loss but not to the gradient."""

MODULE = "step3_training"
TASK = "step3.train_mlp"
REPLACE = {
    "train_mlp": """
    act_forward, act_backward = ACTIVATIONS[activation]
    params = initialize_network(sizes, method=init, std=init_std, seed=seed)
    L = len(params)
    configs = [({"momentum": momentum}, {"momentum": momentum}) for _ in params]
    mask_seeds = np.random.default_rng([seed, 1]).integers(0, 2**31, size=(epochs, 2))
    history = {"loss": [], "train_accuracy": [], "learning_rate": []}
    for epoch in range(epochs):
        lr = scheduled_learning_rate(
            epoch, {**schedule, "learning_rate": learning_rate}
        )
        rates = layer_learning_rates(lr, L, ratio=layer_ratio)
        mask_rng = np.random.default_rng(mask_seeds[epoch])
        losses, correct = [], 0
        for idx in minibatch_indices(len(y), batch_size, epoch=epoch, seed=seed):
            # Forward: keep what each layer's backward needs.
            z, drop_cache = dropout_forward(
                X[idx], input_dropout, seed=int(mask_rng.integers(2**31)), inverted=True
            )
            caches = []
            for l, (W, b) in enumerate(params):
                u, affine_cache = affine_forward(z, W, b)
                if l == L - 1:
                    caches.append((drop_cache, affine_cache, None))
                    break
                z, act_cache = act_forward(u)
                caches.append((drop_cache, affine_cache, act_cache))
                z, drop_cache = dropout_forward(
                    z, dropout, seed=int(mask_rng.integers(2**31)), inverted=True
                )
            loss, delta = softmax_cross_entropy(u, y[idx])
            penalty, decay_grads = weight_decay_penalty(params, weight_decay)
            losses.append(loss + penalty)
            correct += int(np.sum(np.argmax(u, axis=1) == y[idx]))

            # Backward, then one update per array.
            grads = [None] * L
            for l in reversed(range(L)):
                drop_cache, affine_cache, act_cache = caches[l]
                if act_cache is not None:
                    delta = act_backward(delta, act_cache)
                delta, dW, db = affine_backward(delta, affine_cache)
                delta = dropout_backward(delta, drop_cache)
                grads[l] = (dW, db)
            for l in range(L):
                (W, b), (dW, db) = params[l], grads[l]
                config_W, config_b = configs[l]
                config_W = {**config_W, "learning_rate": rates[l]}
                config_b = {**config_b, "learning_rate": rates[l]}
                W, config_W = _UPDATES[update](W, dW, config_W)
                b, config_b = _UPDATES[update](b, db, config_b)
                if max_norm is not None:
                    W = max_norm_constraint(W, max_norm)
                params[l] = (W, b)
                configs[l] = (config_W, config_b)
        history["loss"].append(float(np.mean(losses)))
        history["train_accuracy"].append(correct / len(y))
        history["learning_rate"].append(float(lr))
    return {"params": params, "history": history}
    """
}
