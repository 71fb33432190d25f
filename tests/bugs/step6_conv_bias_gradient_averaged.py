"""conv_backward averages db over the batch and pixels instead of summing it."""

MODULE = "step6_cnn"
TASK = "step6.conv"
REPLACE = {
    "conv_backward": """
    xp, W, S, P, Ho, Wo = cache
    N, C, Hp, Wp = xp.shape
    F, _, HH, WW = W.shape
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::S, ::S]
    cols = windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, -1)
    delta = dout.transpose(1, 0, 2, 3).reshape(F, -1)
    db = delta.mean(axis=1)
    dW = (delta @ cols.T).reshape(W.shape)
    dcols = (W.reshape(F, -1).T @ delta).reshape(C, HH, WW, N, Ho, Wo)
    dxp = np.zeros((C, N, Hp, Wp))
    for p in range(HH):
        for q in range(WW):
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += dcols[:, p, q]
    dx = dxp[:, :, P : Hp - P, P : Wp - P].transpose(1, 0, 2, 3)
    return dx, dW, db
    """
}
