"""sigmoid_cross_entropy takes log z and log(1 - z): log(0) once z rounds to 1."""

MODULE = "step2_feedforward"
TASK = "step2.sigmoid_cross_entropy"
REPLACE = {
    "sigmoid_cross_entropy": """
    N = u.shape[0]
    e = np.exp(-np.abs(u))
    z = np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    loss = -np.sum(d * np.log(z) + (1.0 - d) * np.log(1.0 - z)) / N
    du = (z - d) / N
    return float(loss), du
    """
}
