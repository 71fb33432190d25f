"""No rank check: ε = 0 on rank-deficient data divides by √0 and returns inf/NaN."""

MODULE = "step5_whitening"
TASK = "step5.whitening"
REPLACE = {
    "whitening_fit": """
    N = X.shape[0]
    mu = X.mean(axis=0)
    Xc = X - mu
    lam, U = np.linalg.eigh(Xc.T @ Xc / N)
    with np.errstate(divide="ignore"):
        P = (1.0 / np.sqrt(np.abs(lam) + epsilon))[:, None] * U.T
    if method == "zca":
        P = U @ P
    return {"mean": mu, "P": P, "eigenvalues": lam, "eigenvectors": U,
            "method": method, "epsilon": epsilon}
    """
}
