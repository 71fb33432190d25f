"""STEP 5 — whitening (백색화): PCA and ZCA, fitted on training data.

Data are drawn by hypothesis over shapes and conditioning: X = Z S Q + offset
with Z standard normal, S a diagonal of singular values spread over a drawn
number of decades, Q a random rotation, and an offset far from zero (so that a
covariance computed without centring shows).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_shape,
    assert_true,
    no_runtime_warnings,
)

pytestmark = pytest.mark.task("step5.whitening")

# A whitened covariance is I up to rounding amplified by the condition number of
# the covariance (at most ~1e6 for the data drawn here): 1e-8 holds with room.
WHITE_ATOL = 1e-8
# Eigenvalues of the whitened covariance, λ / (λ + ε), to the same accuracy.
EIGEN_ATOL = 1e-8
# How far an implementation's P may be from symmetric: rounding only.
SYMMETRY_ATOL = 1e-9
# The largest spread of the singular values drawn, in decades.
MAX_DECADES = 2.0


@st.composite
def training_data(draw, min_extra_rows=3):
    """(X, description): full-rank data with N > D and a drawn conditioning."""
    D = draw(st.integers(min_value=1, max_value=6))
    N = D + draw(st.integers(min_value=min_extra_rows, max_value=40))
    decades = draw(st.floats(min_value=0.0, max_value=MAX_DECADES))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    singular = 10.0 ** np.linspace(0.0, -decades, D)
    Q, _ = np.linalg.qr(rng.normal(size=(D, D)))
    offset = rng.choice([-1.0, 1.0], size=D) * rng.uniform(2.0, 10.0, size=D)
    X = rng.normal(size=(N, D)) @ np.diag(singular) @ Q + offset
    return X


def covariance(X):
    """The covariance of the rows of X about their own mean, (XᵀX) / N centred."""
    Xc = X - X.mean(axis=0)
    return Xc.T @ Xc / X.shape[0]


@given(X=training_data(), method=st.sampled_from(["pca", "zca"]))
def test_whitened_training_data_has_identity_covariance(step5_white, X, method):
    """Property: ε = 0, full rank → covariance of whitened training data = I."""
    inputs = {"X": X, "method": method, "epsilon": 0.0}
    whitener = step5_white.whitening_fit(X, method=method, epsilon=0.0)
    Y = assert_shape(
        step5_white.whitening_transform(X, whitener),
        X.shape,
        "whitening_transform keeps the shape",
        inputs,
    )
    assert_close(
        Y.mean(axis=0),
        np.zeros(X.shape[1]),
        "whitened training data have mean 0",
        inputs,
        rtol=0,
        atol=WHITE_ATOL,
    )
    assert_close(
        covariance(Y),
        np.eye(X.shape[1]),
        "covariance of the whitened training data is the identity",
        inputs,
        rtol=0,
        atol=WHITE_ATOL,
    )


@given(X=training_data(), epsilon=st.sampled_from([0.0, 1e-3, 0.1]))
def test_zca_matrix_is_symmetric(step5_white, X, epsilon):
    """Property: the ZCA whitening matrix P = U (Λ+ε)^{-1/2} Uᵀ equals Pᵀ."""
    whitener = step5_white.whitening_fit(X, method="zca", epsilon=epsilon)
    P = assert_shape(
        whitener["P"], (X.shape[1], X.shape[1]), "the whitener's P is (D, D)"
    )
    assert_close(
        P,
        P.T,
        "the ZCA matrix is symmetric (P = Pᵀ)",
        {"X": X, "epsilon": epsilon},
        rtol=0,
        atol=SYMMETRY_ATOL * max(1.0, np.abs(P).max()),
    )


@given(X=training_data(), epsilon=st.sampled_from([0.0, 1e-2, 1.0]))
def test_pca_whitened_is_a_rotation_of_zca_whitened(step5_white, X, epsilon):
    """Property: X_pca = X_zca R for an orthogonal R (here R = U)."""
    inputs = {"X": X, "epsilon": epsilon}
    pca = step5_white.whitening_fit(X, method="pca", epsilon=epsilon)
    zca = step5_white.whitening_fit(X, method="zca", epsilon=epsilon)
    X_pca = step5_white.whitening_transform(X, pca)
    X_zca = step5_white.whitening_transform(X, zca)
    R, *_ = np.linalg.lstsq(X_zca, X_pca, rcond=None)
    D = X.shape[1]
    assert_close(
        R.T @ R,
        np.eye(D),
        "the map from ZCA- to PCA-whitened data is orthogonal",
        inputs,
        rtol=0,
        atol=1e-7,
    )
    assert_close(
        X_zca @ R,
        X_pca,
        "PCA-whitened data are ZCA-whitened data rotated",
        inputs,
        rtol=0,
        atol=1e-7,
    )


@given(
    X=training_data(),
    method=st.sampled_from(["pca", "zca"]),
    relative_epsilon=st.floats(min_value=1e-3, max_value=10.0),
)
def test_epsilon_shrinks_whitened_variances_to_lambda_over_lambda_plus_epsilon(
    step5_white, X, method, relative_epsilon
):
    """Property: ε > 0 → whitened covariance has eigenvalues λ/(λ+ε), all < 1."""
    lam = np.linalg.eigvalsh(covariance(X))
    epsilon = float(relative_epsilon * lam.mean())
    inputs = {"X": X, "method": method, "epsilon": epsilon}
    whitener = step5_white.whitening_fit(X, method=method, epsilon=epsilon)
    Y = step5_white.whitening_transform(X, whitener)
    got = np.linalg.eigvalsh(covariance(Y))
    assert_close(
        got,
        np.sort(lam / (lam + epsilon)),
        "eigenvalues of the whitened covariance are λ/(λ+ε)",
        inputs,
        rtol=0,
        atol=EIGEN_ATOL,
    )
    assert_true(np.all(got < 1.0), "with ε > 0 every whitened variance is < 1", inputs)


@given(X=training_data(), method=st.sampled_from(["pca", "zca"]))
def test_transform_uses_the_training_mean_and_matrix(step5_white, X, method):
    """Property: new data x map to (x − μ_train) Pᵀ; the training mean maps to 0."""
    whitener = step5_white.whitening_fit(X, method=method, epsilon=0.0)
    inputs = {"X": X, "method": method}
    assert_close(
        whitener["mean"], X.mean(axis=0), "the whitener's mean is the training mean"
    )
    rng = np.random.default_rng(0)
    X_new = rng.normal(size=(5, X.shape[1])) * 3.0
    expected = (X_new - whitener["mean"]) @ np.asarray(whitener["P"]).T
    assert_close(
        step5_white.whitening_transform(X_new, whitener),
        expected,
        "whitening new data with the training mean and P",
        inputs,
        rtol=1e-9,
        atol=1e-9,
    )
    assert_close(
        step5_white.whitening_transform(X.mean(axis=0, keepdims=True), whitener),
        np.zeros((1, X.shape[1])),
        "the training mean whitens to 0",
        inputs,
        rtol=0,
        atol=WHITE_ATOL,
    )


def test_zca_fixed_example(step5_white):
    """Axis-aligned data of variances 0.5 and 2 around (3, −1): ZCA scales each axis."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]]) + [3.0, -1.0]
    whitener = step5_white.whitening_fit(X, method="zca", epsilon=0.0)
    assert_close(
        whitener["P"],
        np.diag([np.sqrt(2.0), np.sqrt(0.5)]),
        "ZCA matrix of covariance diag(0.5, 2)",
        {"X": X},
    )
    r = np.sqrt(2.0)
    assert_close(
        step5_white.whitening_transform(X, whitener),
        np.array([[r, 0.0], [-r, 0.0], [0.0, r], [0.0, -r]]),
        "ZCA-whitened fixed example",
        {"X": X},
    )


def test_fixed_example_with_epsilon(step5_white):
    """Variances 0.5 and 2, ε = 0.5: the axes are scaled by 1/√(λ + ε) = 1, 1/√2.5."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    expected = np.abs(X) / np.sqrt([1.0, 2.5])
    for method in ("zca", "pca"):
        whitener = step5_white.whitening_fit(X, method=method, epsilon=0.5)
        Y = step5_white.whitening_transform(X, whitener)
        # Compared up to sign: PCA whitening keeps the sign eigh gives each
        # eigenvector (here the eigenvectors are the axes, in this order).
        assert_close(
            np.abs(Y),
            expected,
            f"{method.upper()} whitening with ε = 0.5 scales by 1/√(λ + ε)",
            {"X": X, "method": method, "epsilon": 0.5},
        )


@pytest.mark.parametrize("method", ["pca", "zca"])
def test_zero_variance_component_is_finite_with_epsilon(step5_white, method):
    """A constant pixel (variance 0) with ε > 0 gives finite output, no warning."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 4))
    X[:, 2] = 5.0
    inputs = {"X": X, "method": method, "epsilon": 1e-2}
    with no_runtime_warnings("whitening a constant component with ε > 0", inputs):
        whitener = step5_white.whitening_fit(X, method=method, epsilon=1e-2)
        Y = step5_white.whitening_transform(X, whitener)
    assert_true(
        np.all(np.isfinite(Y)) and np.all(np.isfinite(whitener["P"])),
        "no NaN or inf when a component has zero variance and ε > 0",
        inputs,
    )


@pytest.mark.parametrize(
    "case", ["constant column", "repeated column", "fewer samples than features"]
)
def test_rank_deficient_data_without_epsilon_is_an_error(step5_white, case):
    """ε = 0 on rank-deficient data raises ValueError instead of returning garbage."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(20, 4))
    if case == "constant column":
        X[:, 1] = 3.0
    elif case == "repeated column":
        X[:, 3] = 2.0 * X[:, 0]
    else:
        X = X[:3]
    for method in ("pca", "zca"):
        with pytest.raises(ValueError, match="epsilon"):
            step5_white.whitening_fit(X, method=method, epsilon=0.0)


@pytest.mark.contract
@pytest.mark.parametrize(
    "kwargs",
    [{"method": "svd"}, {"epsilon": -1.0}, {"epsilon": "small"}],
)
def test_whitening_fit_rejects_bad_arguments(step5_white, kwargs):
    with pytest.raises((TypeError, ValueError), match="method|epsilon"):
        step5_white.whitening_fit(np.ones((5, 2)), **kwargs)


@pytest.mark.contract
def test_whitening_transform_rejects_wrong_width(step5_white):
    whitener = {"mean": np.zeros(3), "P": np.eye(3)}
    with pytest.raises(ValueError, match="X"):
        step5_white.whitening_transform(np.ones((2, 4)), whitener)
