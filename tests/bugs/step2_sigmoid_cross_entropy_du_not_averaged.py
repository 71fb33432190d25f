"""sigmoid_cross_entropy averages the loss but returns du = z - d, not (z - d)/N."""

MODULE = "step2_feedforward"
TASK = "step2.sigmoid_cross_entropy"
REPLACE = {
    "sigmoid_cross_entropy": """
    N = u.shape[0]
    loss = np.sum(d * np.logaddexp(0.0, -u) + (1.0 - d) * np.logaddexp(0.0, u)) / N
    e = np.exp(-np.abs(u))
    z = np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    du = z - d
    return float(loss), du
    """
}
