"""softmax_cross_entropy indexes with d as labels, so one-hot rows d go wrong."""

MODULE = "step2_feedforward"
TASK = "step2.softmax_cross_entropy"
REPLACE = {
    "softmax_cross_entropy": """
    shifted = u - np.max(u, axis=1, keepdims=True)
    log_z = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    labels = d.astype(int)
    loss = -np.sum(log_z[np.arange(N), labels]) / N
    du = np.exp(log_z)
    du[np.arange(N), labels] -= 1.0
    du = du / N
    return float(loss), du
    """
}
