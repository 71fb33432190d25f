"""avgpool_backward passes dout to every window element without dividing by size²."""

MODULE = "step6_cnn"
TASK = "step6.avgpool"
REPLACE = {
    "avgpool_backward": """
    (N, C, H, W), size, S, P = cache
    Ho, Wo = dout.shape[2:]
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for p in range(size):
        for q in range(size):
            dxp[:, :, p : p + S * Ho : S, q : q + S * Wo : S] += dout
    dx = dxp[:, :, P : P + H, P : P + W]
    return dx
    """
}
