"""conv_forward stacks the batch as one tall image and pads only its top and bottom,
so windows at an image's lower edge see the next image instead of zeros."""

MODULE = "step6_cnn"
TASK = "step6.conv"
REPLACE = {
    "conv_forward": """
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    S, P = stride, pad
    tall = x.transpose(1, 0, 2, 3).reshape(C, N * H, W_in)
    tall = np.pad(tall, ((0, 0), (P, P), (P, P)))
    windows = sliding_window_view(tall, (HH, WW), axis=(1, 2))[:, :, ::S]
    starts = (H * np.arange(N)[:, None] + S * np.arange(Ho)[None, :]).ravel()
    cols = windows[:, starts].transpose(0, 3, 4, 1, 2).reshape(C * HH * WW, -1)
    out = W.reshape(F, -1) @ cols + b[:, None]
    out = out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3)
    xp = np.zeros((N, C, H + 2 * P, W_in + 2 * P))
    xp[:, :, P : P + H, P : P + W_in] = x
    cache = (xp, W, S, P, Ho, Wo)
    return out, cache
    """
}
