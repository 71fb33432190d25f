"""ρ̂ taken per sample (each y_nj on its own), not as the batch mean of unit j."""

MODULE = "step5_autoencoder"
TASK = "step5.sparsity"
REPLACE = {
    "sparsity_penalty": """
    N = y.shape[0]
    rho_hat = np.clip(y, RHO_HAT_CLIP, 1.0 - RHO_HAT_CLIP)
    kl = rho * np.log(rho / rho_hat) + (1.0 - rho) * np.log(
        (1.0 - rho) / (1.0 - rho_hat)
    )
    penalty = beta * np.sum(kl) / N
    dy = beta * (-rho / rho_hat + (1.0 - rho) / (1.0 - rho_hat)) / N
    return float(penalty), dy
    """
}
