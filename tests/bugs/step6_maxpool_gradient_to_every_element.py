"""maxpool_backward gives each window's gradient to all of its elements, not the max."""

MODULE = "step6_cnn"
TASK = "step6.maxpool"
REPLACE = {
    "maxpool_backward": """
    (N, C, H, W), winner, size, S, P = cache
    Ho, Wo = winner.shape[2:]
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for p in range(size):
        for q in range(size):
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += dout
    dx = dxp[:, :, P : P + H, P : P + W]
    return dx
    """
}
