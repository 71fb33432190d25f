"""STEP 5: ZCA whitening keeps the picture's spatial layout (edges stand out);
PCA whitening does not.

Both whiten: the covariance of the whitened data is (nearly) the identity. PCA
whitening expresses each patch in the eigenvectors of the covariance, so its
components are no longer pixels; ZCA rotates back, P = U (Λ + ε)^{-1/2} Uᵀ, so
component j is still pixel j, with the low frequencies (the DC part, smooth
shading) turned down and the high ones (edges) turned up. Each row of the ZCA
matrix is a filter centred on its own pixel: positive there, negative around
(on-centre). Measured on 4 × 4 patches cut from the digits and on whole 8 × 8
digits: the correlation of each whitened sample with its centred original.
"""

import numpy as np

from .data import digits
from .result import ExperimentResult, tile

NAME = "whitening-pictures"
CLAIM = (
    "ZCA-whitened patches still look like the originals (edges emphasized); "
    "PCA-whitened ones do not"
)
PATCH = 4
EPSILON = 0.01  # added to the eigenvalues; pixels are in [0, 1]
SHOWN = 10  # samples drawn per row of the pictures
EVALUATED = 200  # held-out samples the correlations are measured on
# The claim, as numbers: ZCA-whitened samples correlate with their originals
# above ZCA_CORRELATION_ABOVE, PCA-whitened ones below PCA_CORRELATION_BELOW
# (absolute value: an eigenvector's sign is arbitrary); and ZCA raises the
# share of edges (differences between neighbouring pixels).
ZCA_CORRELATION_ABOVE = 0.5
PCA_CORRELATION_BELOW = 0.3


def _patches(images, size, count, rng):
    """``count`` random size × size patches of the (N, 8, 8) images, as rows."""
    N, H, W = images.shape
    n = rng.integers(0, N, count)
    i = rng.integers(0, H - size + 1, count)
    j = rng.integers(0, W - size + 1, count)
    rows = i[:, None, None] + np.arange(size)[None, :, None]
    cols = j[:, None, None] + np.arange(size)[None, None, :]
    return images[n[:, None, None], rows, cols].reshape(count, size * size)


def _mean_abs_correlation(X, X_white):
    """Mean over samples of |corr(centred original, whitened)|."""
    a = X - X.mean(axis=1, keepdims=True)
    b = X_white - X_white.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    keep = norms > 0  # a blank patch has no pattern to compare
    return float(np.mean(np.abs(np.sum(a * b, axis=1)[keep] / norms[keep])))


def _edge_energy(X, side):
    """Energy of the differences between neighbouring pixels over the energy of
    the pixels (0 for a flat picture, larger the more the picture is edges)."""
    pictures = X.reshape(len(X), side, side)
    across = np.diff(pictures, axis=2)
    down = np.diff(pictures, axis=1)
    return float((np.sum(across**2) + np.sum(down**2)) / (2 * np.sum(X * X)))


def _on_centre_fraction(P):
    """Fraction of the rows of P whose largest entry is on the diagonal."""
    return float(np.mean(np.argmax(P, axis=1) == np.arange(len(P))))


def run(kit, *, quick=False, seed=0):
    images, _, test_images, _ = digits(kit, images=True)
    rng = np.random.default_rng(seed)
    count = 3000 if quick else 20000
    samples = {
        f"{PATCH}×{PATCH} patches": (
            _patches(images, PATCH, count, rng),
            _patches(test_images, PATCH, EVALUATED, rng),
            PATCH,
        ),
        "whole digits": (
            images.reshape(len(images), -1),
            test_images[:EVALUATED].reshape(-1, 64),
            8,
        ),
    }
    figures = {"ε": EPSILON}
    pictures = {}
    correlations = {}
    for kind, (train, shown, side) in samples.items():
        centred = shown - train.mean(axis=0)
        rows = [centred[:SHOWN]]
        for method in ("zca", "pca"):
            whitener = kit.step5_white.whitening_fit(
                train, method=method, epsilon=EPSILON
            )
            white = kit.step5_white.whitening_transform(shown, whitener)
            correlation = _mean_abs_correlation(centred, white)
            correlations[(kind, method)] = correlation
            figures[f"{kind}, {method.upper()}: mean |corr(original, whitened)|"] = (
                correlation
            )
            if method == "zca":
                figures[f"{kind}: edge energy, original / ZCA"] = [
                    _edge_energy(centred, side),
                    _edge_energy(white, side),
                ]
            figures[
                f"{kind}, {method.upper()}: rows of P peaking on their own pixel"
            ] = _on_centre_fraction(whitener["P"])
            rows.append(white[:SHOWN])
        pictures[f"{kind}: original (top), ZCA, PCA"] = tile(
            np.concatenate(rows).reshape(-1, side, side), columns=SHOWN
        )

    holds = all(
        correlations[(kind, "zca")] > ZCA_CORRELATION_ABOVE
        and correlations[(kind, "pca")] < PCA_CORRELATION_BELOW
        and np.less(*figures[f"{kind}: edge energy, original / ZCA"])
        for kind in samples
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures=figures,
        images=pictures,
    )
