"""ρ̂ not clipped: a dead unit (ρ̂ = 0) gives log(0) and division by zero."""

MODULE = "step5_autoencoder"
TASK = "step5.sparsity"
REPLACE = {
    "sparsity_penalty": """
    N = y.shape[0]
    rho_hat = y.mean(axis=0)
    kl = rho * np.log(rho / rho_hat) + (1.0 - rho) * np.log(
        (1.0 - rho) / (1.0 - rho_hat)
    )
    penalty = beta * np.sum(kl)
    d_rho_hat = beta * (-rho / rho_hat + (1.0 - rho) / (1.0 - rho_hat))
    dy = np.broadcast_to(d_rho_hat / N, y.shape).copy()
    return float(penalty), dy
    """
}
