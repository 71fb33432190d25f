"""The sparse term added to the hidden delta after the f' factor, not before it."""

MODULE = "step5_autoencoder"
TASK = "step5.autoencoder"
REPLACE = {
    "autoencoder_backward": """
    hidden, tied, encoder_cache, act_cache, decoder_cache = cache
    _, act_backward = ACTIVATIONS[hidden]
    dy_total, dW_tilde, db_tilde = affine_backward(du_out, decoder_cache)
    du = act_backward(dy_total, act_cache)
    if dy is not None:
        du = du + dy
    _, dW, db = affine_backward(du, encoder_cache)
    if tied:
        return {"W": dW + dW_tilde.T, "b": db, "b_tilde": db_tilde}
    return {"W": dW, "b": db, "W_tilde": dW_tilde, "b_tilde": db_tilde}
    """
}
