"""conv_forward flips the kernel (true convolution), but the layer is a correlation."""

MODULE = "step6_cnn"
TASK = "step6.conv"
REPLACE = {
    "conv_forward": """
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    S, P = stride, pad
    xp = np.zeros((N, C, H + 2 * P, W_in + 2 * P))
    xp[:, :, P : P + H, P : P + W_in] = x
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::S, ::S]
    cols = windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, N * Ho * Wo)
    flipped = W[:, :, ::-1, ::-1]
    out = flipped.reshape(F, -1) @ cols
    out += b[:, None]
    out = out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3)
    cache = (xp, W, S, P, Ho, Wo)
    return out, cache
    """
}
