"""Whitening with the covariance XᵀX/N of the raw data, not of the centred data."""

MODULE = "step5_whitening"
TASK = "step5.whitening"
REPLACE = {
    "whitening_fit": """
    N = X.shape[0]
    mu = X.mean(axis=0)
    Phi = X.T @ X / N
    lam, U = np.linalg.eigh(Phi)
    lam = np.maximum(lam, 0.0)
    if epsilon == 0.0 and lam[0] <= RANK_RTOL * max(lam[-1], np.finfo(float).tiny):
        raise ValueError("rank-deficient: use epsilon > 0")
    scale = 1.0 / np.sqrt(lam + epsilon)
    P = scale[:, None] * U.T
    if method == "zca":
        P = U @ P
    return {"mean": mu, "P": P, "eigenvalues": lam, "eigenvectors": U,
            "method": method, "epsilon": epsilon}
    """
}
