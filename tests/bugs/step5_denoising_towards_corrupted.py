"""Denoising autoencoder trained to reproduce the corrupted x̃, not the clean x."""

MODULE = "step5_autoencoder"
TASK = "step5.train_autoencoder"
REPLACE = {
    "train_autoencoder": """
    params = init_autoencoder(X.shape[1], n_hidden, tied=tied, std=init_std, seed=seed)
    configs = {key: _update_config(update, learning_rate, momentum) for key in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        batches = minibatch_indices(X.shape[0], batch_size, epoch=epoch, seed=seed)
        for number, idx in enumerate(batches):
            x_clean = X[idx]
            x_in = x_clean
            if noise is not None:
                noise_seed = np.random.default_rng([seed, epoch, number]).integers(
                    2**31
                )
                x_in = corrupt(x_clean, **noise, seed=int(noise_seed))
            loss, grads = autoencoder_loss(
                x_in,
                params,
                hidden=hidden,
                output=output,
                tied=tied,
                sparsity=sparsity,
                weight_decay=weight_decay,
                target=x_in,
            )
            losses.append(loss)
            for key in params:
                params[key], configs[key] = _UPDATES[update](
                    params[key], grads[key], configs[key]
                )
        history["loss"].append(float(np.mean(losses)))
    return {"params": params, "history": history}
    """
}
