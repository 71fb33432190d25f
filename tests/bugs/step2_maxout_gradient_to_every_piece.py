"""maxout_backward sends dz to all K pieces instead of only the winning one."""

MODULE = "step2_feedforward"
TASK = "step2.maxout"
REPLACE = {
    "maxout_backward": """
    x, W, winner = cache
    K = W.shape[0]
    du = np.repeat(dz[:, None, :], K, axis=1)
    dx = np.einsum("nkm,kmd->nd", du, W)
    dW = np.einsum("nkm,nd->kmd", du, x)
    db = du.sum(axis=0)
    return dx, dW, db
    """
}
