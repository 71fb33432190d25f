"""STEP 5 — whitening (백색화) of training data: PCA and ZCA.

Normalization (STEP 3) treats each component on its own; whitening removes the
correlations between components. A whitener is fitted on the training data and
then applied, unchanged, to any data (validation, test, new samples).

With the training data X centred (x ← x − μ), its covariance Φ = XᵀX / N has the
eigendecomposition Φ = U Λ Uᵀ. A whitening matrix P makes the covariance of the
whitened samples (x − μ) Pᵀ the identity, PᵀP = Φ⁻¹:

- PCA whitening (PCA 백색화): P = Λ^{-1/2} Uᵀ (project on the eigenvectors, then
  scale each to unit variance);
- ZCA whitening (ZCA 백색화): P = U Λ^{-1/2} Uᵀ, the one symmetric P (P = Pᵀ),
  which rotates back to the input's axes and keeps its spatial layout.

A component of very small or zero variance would be blown up by Λ^{-1/2}, so a
small ε > 0 is added to every eigenvalue: (Λ + ε)^{-1/2}. The whitened
covariance then has eigenvalues λ / (λ + ε) < 1 instead of 1.

Shapes: N samples, D features. A fitted whitener is a plain dict (see
``whitening_fit``), so it can be stored or sent to another process.
"""

import numpy as np

from .step3_data import normalization_fit
from .validation import as_float_array, check_choice, check_positive_number

METHODS = ("pca", "zca")
# With ε = 0 the data must be of full rank: an eigenvalue of the covariance at or
# below RANK_RTOL times the largest is rounding noise, not variance, and
# dividing by its square root would give garbage instead of whitened data.
RANK_RTOL = 1e-10


def whitening_fit(X, *, method="zca", epsilon=0.0):
    """Fit a whitener on training data.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        Training data, one sample per row.
    method : {"zca", "pca"}
    epsilon : float >= 0
        Added to every eigenvalue before the inverse square root.

    Returns
    -------
    whitener : dict of
        ``"mean"`` : ndarray of shape (D,), the training mean μ;
        ``"P"`` : ndarray of shape (D, D), the whitening matrix;
        ``"eigenvalues"`` : ndarray of shape (D,), Λ of the training covariance in
        ascending order (as ``np.linalg.eigh`` gives them, clipped at 0);
        ``"eigenvectors"`` : ndarray of shape (D, D), U, one eigenvector a column;
        ``"method"`` : str and ``"epsilon"`` : float, as given.

    Raises
    ------
    ValueError
        If ``epsilon`` is 0 and the covariance is rank-deficient (an eigenvalue at
        most ``RANK_RTOL`` times the largest): there is no whitening matrix then.
    """
    X = as_float_array("X", X, ndim=2)
    if X.shape[0] < 1:
        raise ValueError(f"X must hold at least one sample, got shape {X.shape}")
    check_choice("method", method, METHODS)
    epsilon = check_positive_number("epsilon", epsilon, allow_zero=True)
    # >>> student: step5.whitening
    N = X.shape[0]
    # Centring is the first half of STEP 3's normalization: reuse its mean.
    mu, _ = normalization_fit(X)
    Xc = X - mu
    Phi = Xc.T @ Xc / N
    lam, U = np.linalg.eigh(Phi)
    # Rounding can leave an eigenvalue of a positive semi-definite matrix a tiny
    # bit below zero; the variance it stands for is zero.
    lam = np.maximum(lam, 0.0)
    if epsilon == 0.0 and lam[0] <= RANK_RTOL * max(lam[-1], np.finfo(float).tiny):
        raise ValueError(
            f"the covariance of X is rank-deficient (smallest eigenvalue "
            f"{lam[0]:.3g}, largest {lam[-1]:.3g}): use epsilon > 0"
        )
    scale = 1.0 / np.sqrt(lam + epsilon)
    P = scale[:, None] * U.T
    if method == "zca":
        P = U @ P
    return {
        "mean": mu,
        "P": P,
        "eigenvalues": lam,
        "eigenvectors": U,
        "method": method,
        "epsilon": epsilon,
    }
    # <<< student


def whitening_transform(X, whitener):
    """Whiten data with a fitted whitener: x_white = (x − μ) Pᵀ.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        Any data of the training data's D features.
    whitener : dict from ``whitening_fit``

    Returns
    -------
    X_white : ndarray of shape (N, D)
    """
    X = as_float_array("X", X, ndim=2)
    if not isinstance(whitener, dict) or not {"mean", "P"} <= set(whitener):
        raise TypeError("whitener must be the dict that whitening_fit returns")
    mu = as_float_array("whitener['mean']", whitener["mean"], ndim=1)
    P = as_float_array("whitener['P']", whitener["P"], ndim=2)
    if X.shape[1] != mu.shape[0]:
        raise ValueError(
            f"X.shape[1] must equal the whitener's D = {mu.shape[0]}, "
            f"got shape {X.shape}"
        )
    # >>> student: step5.whitening
    X_white = (X - mu) @ P.T
    return X_white
    # <<< student
