"""maxpool_backward splits a window's gradient among tied maxima (not the kit rule)."""

MODULE = "step6_cnn"
TASK = "step6.maxpool"
REPLACE = {
    "maxpool_forward": """
    N, C, H, W = x.shape
    S, P = stride, pad
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)), constant_values=-np.inf)
    windows = sliding_window_view(xp, (size, size), axis=(2, 3))[:, :, ::S, ::S]
    windows = windows.reshape(N, C, Ho, Wo, size * size)
    out = windows.max(axis=-1)
    is_max = windows == out[..., None]
    share = is_max / is_max.sum(axis=-1, keepdims=True)
    cache = (x.shape, share, size, S, P)
    return out, cache
    """,
    "maxpool_backward": """
    (N, C, H, W), share, size, S, P = cache
    Ho, Wo = share.shape[2:4]
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for p in range(size):
        for q in range(size):
            routed = share[..., p * size + q] * dout
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += routed
    dx = dxp[:, :, P : P + H, P : P + W]
    return dx
    """,
}
