"""Pre-training every layer on the input X instead of the codes of the layer below."""

MODULE = "step5_autoencoder"
TASK = "step5.stacked"
REPLACE = {
    "pretrain_stacked": """
    layers, decoders, history = [], [], []
    data = X
    for l, M in enumerate(sizes):
        result = train_autoencoder(data, M, **options, seed=seed + l)
        params = result["params"]
        layers.append((params["W"], params["b"]))
        decoders.append((params["W_tilde"], params["b_tilde"]))
        history.append(result["history"]["loss"])
    return {"layers": layers, "decoders": decoders, "history": history}
    """
}
