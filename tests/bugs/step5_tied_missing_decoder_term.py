"""Tied weights: dW keeps only the encoder's use of W, not the decoder's (W̃ = Wᵀ)."""

MODULE = "step5_autoencoder"
TASK = "step5.autoencoder"
REPLACE = {
    "autoencoder_backward": """
    hidden, tied, encoder_cache, act_cache, decoder_cache = cache
    _, act_backward = ACTIVATIONS[hidden]
    dy_total, dW_tilde, db_tilde = affine_backward(du_out, decoder_cache)
    if dy is not None:
        dy_total = dy_total + dy
    du = act_backward(dy_total, act_cache)
    _, dW, db = affine_backward(du, encoder_cache)
    if tied:
        return {"W": dW, "b": db, "b_tilde": db_tilde}
    return {"W": dW, "b": db, "W_tilde": dW_tilde, "b_tilde": db_tilde}
    """
}
