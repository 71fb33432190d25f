"""A correct max pooling with a Python loop over every window: too slow."""

MODULE = "step6_cnn"
TASK = "step6.pool_speed"
REPLACE = {
    "maxpool_forward": """
    N, C, H, W = x.shape
    S, P = stride, pad
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)), constant_values=-np.inf)
    out = np.zeros((N, C, Ho, Wo))
    winner = np.zeros((N, C, Ho, Wo), dtype=int)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = xp[n, c, S * i : S * i + size, S * j : S * j + size]
                    k = np.argmax(window)
                    winner[n, c, i, j] = k
                    out[n, c, i, j] = window.flat[k]
    cache = (x.shape, winner, size, S, P)
    return out, cache
    """,
    "maxpool_backward": """
    (N, C, H, W), winner, size, S, P = cache
    Ho, Wo = winner.shape[2:]
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    p, q = divmod(int(winner[n, c, i, j]), size)
                    dxp[n, c, S * i + p, S * j + q] += dout[n, c, i, j]
    dx = dxp[:, :, P : P + H, P : P + W]
    return dx
    """,
}
