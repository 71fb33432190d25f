"""maxpool_forward pads with zeros, so a padding cell beats an all-negative window."""

MODULE = "step6_cnn"
TASK = "step6.maxpool"
REPLACE = {
    "maxpool_forward": """
    N, C, H, W = x.shape
    S, P = stride, pad
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    windows = sliding_window_view(xp, (size, size), axis=(2, 3))[:, :, ::S, ::S]
    windows = windows.reshape(N, C, Ho, Wo, size * size)
    winner = np.argmax(windows, axis=-1)
    out = np.take_along_axis(windows, winner[..., None], axis=-1)[..., 0]
    cache = (x.shape, winner, size, S, P)
    return out, cache
    """
}
