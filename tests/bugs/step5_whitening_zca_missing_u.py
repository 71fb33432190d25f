"""ZCA whitening without the final rotation back: P = Λ^{-1/2} Uᵀ (that is PCA)."""

MODULE = "step5_whitening"
TASK = "step5.whitening"
REPLACE = {
    "whitening_fit": """
    N = X.shape[0]
    mu = X.mean(axis=0)
    Xc = X - mu
    Phi = Xc.T @ Xc / N
    lam, U = np.linalg.eigh(Phi)
    lam = np.maximum(lam, 0.0)
    if epsilon == 0.0 and lam[0] <= RANK_RTOL * max(lam[-1], np.finfo(float).tiny):
        raise ValueError("rank-deficient: use epsilon > 0")
    P = (1.0 / np.sqrt(lam + epsilon))[:, None] * U.T
    return {"mean": mu, "P": P, "eigenvalues": lam, "eigenvectors": U,
            "method": method, "epsilon": epsilon}
    """
}
