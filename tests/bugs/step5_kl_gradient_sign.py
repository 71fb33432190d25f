"""KL gradient with the sign flipped: ρ/ρ̂ − (1−ρ)/(1−ρ̂), pushing ρ̂ away from ρ."""

MODULE = "step5_autoencoder"
TASK = "step5.sparsity"
REPLACE = {
    "sparsity_penalty": """
    N = y.shape[0]
    rho_hat = np.clip(y.mean(axis=0), RHO_HAT_CLIP, 1.0 - RHO_HAT_CLIP)
    kl = rho * np.log(rho / rho_hat) + (1.0 - rho) * np.log(
        (1.0 - rho) / (1.0 - rho_hat)
    )
    penalty = beta * np.sum(kl)
    d_rho_hat = beta * (rho / rho_hat - (1.0 - rho) / (1.0 - rho_hat))
    dy = np.broadcast_to(d_rho_hat / N, y.shape).copy()
    return float(penalty), dy
    """
}
