"""STEP 5: the sparse penalty sets the hidden units' mean activation to ρ, and
changes the features the autoencoder learns.

An overcomplete autoencoder of the digits (64 pixels → 100 sigmoid units) is
trained with the penalty β Σ_j KL(ρ‖ρ̂_j) and a small weight decay. With a
strong β each unit's mean activation ρ̂_j settles near the target ρ, whatever
ρ is; with β = 0 nothing holds it down. The learned filters (each unit's 64
input weights, as an 8 × 8 picture) are drawn for β = 0 and the strong β: the
notes describe the first as cluttered and the second as whole digits. As a
number for the pictures, each filter's largest correlation with the ten
class-mean digits is averaged.
"""

import numpy as np

from .data import digits
from .result import ExperimentResult, tile

NAME = "sparse-autoencoder"
CLAIM = (
    "with a strong sparse penalty the hidden units' mean activation follows ρ "
    "(without it, β = 0, it stays far above) and the filters look like whole digits"
)
HIDDEN = 100
STRONG_BETA = 3.0
# The same small weight decay in every run (the sparse penalty's usual
# companion): without it the filters stay speckled whatever β is.
WEIGHT_DECAY = 0.003
RHOS = (0.03, 0.05, 0.1, 0.2)
FILTER_RHO = 0.05  # the ρ of the β = 0 vs strong β comparison and pictures
ACTIVE_ABOVE = 0.5  # a unit with y > 0.5 counts as used for a sample
# The claim, as numbers: with the strong β the mean activation is within a
# factor RHO_FACTOR of ρ (it stays a little above: the penalty trades against
# the reconstruction error); with β = 0 it is above UNPENALIZED_ABOVE·ρ.
RHO_FACTOR = 1.5
UNPENALIZED_ABOVE = 3.0


def _train(kit, X, rho, beta, epochs, seed):
    result = kit.step5_ae.train_autoencoder(
        X,
        HIDDEN,
        hidden="sigmoid",
        output="sigmoid",
        sparsity={"rho": rho, "beta": beta},
        weight_decay=WEIGHT_DECAY,
        update="momentum",
        learning_rate=0.1,
        epochs=epochs,
        batch_size=32,
        seed=seed,
    )
    return result["params"]


def _digit_likeness(W, X, labels):
    """Mean over filters of the largest |correlation| with a class-mean digit."""
    means = np.array([X[labels == c].mean(axis=0) for c in range(10)])

    def standardized(rows):
        centred = rows - rows.mean(axis=1, keepdims=True)
        return centred / np.linalg.norm(centred, axis=1, keepdims=True)

    return float(np.mean(np.max(np.abs(standardized(W) @ standardized(means).T), 1)))


def run(kit, *, quick=False, seed=0):
    X, labels, _, _ = digits(kit)
    rhos = (FILTER_RHO, 0.2) if quick else RHOS
    if quick:
        X, labels = X[:500], labels[:500]
    epochs = 15 if quick else 30

    figures = {}
    mean_activation = {}
    filters = {}
    for beta in (0.0, STRONG_BETA):
        for rho in rhos if beta else (FILTER_RHO,):
            params = _train(kit, X, rho, beta, epochs, seed)
            y = kit.step5_ae.autoencoder_encode(X, params)
            mean_activation[(rho, beta)] = float(y.mean())
            figures[f"β={beta:g}, ρ={rho:g}: mean hidden activation"] = float(y.mean())
            if rho == FILTER_RHO:
                filters[beta] = params["W"]
                figures[f"β={beta:g}: units used per sample (y > {ACTIVE_ABOVE})"] = (
                    float(np.mean(np.sum(y > ACTIVE_ABOVE, axis=1)))
                )
                figures[f"β={beta:g}: filters' likeness to class-mean digits"] = (
                    _digit_likeness(params["W"], X, labels)
                )

    follows = all(
        rho / RHO_FACTOR < mean_activation[(rho, STRONG_BETA)] < rho * RHO_FACTOR
        for rho in rhos
    )
    unpenalized = mean_activation[(FILTER_RHO, 0.0)] > UNPENALIZED_ABOVE * FILTER_RHO
    likeness = [
        figures[f"β={beta:g}: filters' likeness to class-mean digits"]
        for beta in (0.0, STRONG_BETA)
    ]
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(follows and unpenalized and likeness[1] > likeness[0]),
        figures={"hidden units / pixels": f"{HIDDEN} / {X.shape[1]}", **figures},
        series={
            f"mean hidden activation against ρ (β = {STRONG_BETA:g})": {
                "measured": (
                    list(rhos),
                    [mean_activation[(r, STRONG_BETA)] for r in rhos],
                ),
                "ρ itself": (list(rhos), list(rhos)),
            }
        },
        panel_axes={
            f"mean hidden activation against ρ (β = {STRONG_BETA:g})": {
                "xlabel": "ρ",
                "ylabel": "mean activation",
            }
        },
        images={
            f"filters, β = {beta:g} (ρ = {FILTER_RHO})": tile(
                W[:50].reshape(-1, 8, 8), columns=10
            )
            for beta, W in filters.items()
        },
    )
