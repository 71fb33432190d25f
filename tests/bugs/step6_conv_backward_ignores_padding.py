"""conv_backward crops dx from the corner of the padded input, ignoring the padding."""

MODULE = "step6_cnn"
TASK = "step6.conv"
REPLACE = {
    "conv_backward": """
    x_shape, W, cols, S, P, Ho, Wo = cache
    N, C, H, W_in = x_shape
    F, _, HH, WW = W.shape
    delta = dout.transpose(1, 0, 2, 3).reshape(F, N * Ho * Wo)
    db = delta.sum(axis=1)
    dW = (delta @ cols.T).reshape(W.shape)
    dcols = (W.reshape(F, -1).T @ delta).reshape(C, HH, WW, N, Ho, Wo)
    dxp = np.zeros((C, N, H + 2 * P, W_in + 2 * P))
    for p in range(HH):
        for q in range(WW):
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += dcols[:, p, q]
    dx = dxp[:, :, :H, :W_in].transpose(1, 0, 2, 3)
    return dx, dW, db
    """
}
