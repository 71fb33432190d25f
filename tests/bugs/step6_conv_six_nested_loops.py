"""A correct convolution written as six nested Python loops: far too slow to train."""

MODULE = "step6_cnn"
TASK = "step6.conv_speed"
REPLACE = {
    "conv_forward": """
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    S, P = stride, pad
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    total = b[f]
                    for c in range(C):
                        for p in range(HH):
                            for q in range(WW):
                                total += xp[n, c, S * i + p, S * j + q] * W[f, c, p, q]
                    out[n, f, i, j] = total
    cache = (xp, W, S, P)
    return out, cache
    """,
    "conv_backward": """
    xp, W, S, P = cache
    N, C, Hp, Wp = xp.shape
    F, _, HH, WW = W.shape
    _, _, Ho, Wo = dout.shape
    dxp = np.zeros_like(xp)
    dW = np.zeros_like(W)
    db = np.zeros(F)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    g = dout[n, f, i, j]
                    db[f] += g
                    for c in range(C):
                        for p in range(HH):
                            for q in range(WW):
                                dW[f, c, p, q] += g * xp[n, c, S * i + p, S * j + q]
                                dxp[n, c, S * i + p, S * j + q] += g * W[f, c, p, q]
    dx = dxp[:, :, P : Hp - P, P : Wp - P]
    return dx, dW, db
    """,
}
