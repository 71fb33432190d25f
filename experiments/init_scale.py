"""STEP 3: too large a Gaussian initialization saturates the sigmoid units from
the start, and learning stalls.

With W ~ N(0, σ²) the total input of a unit with D inputs has a standard
deviation of about σ‖x‖. For large σ most units start with |u| so large that
σ(u) is 0 or 1 and σ'(u) ≈ 0: their deltas, and so the gradients of the weights
below them, vanish (STEP 1). The notes: a large σ can make the first steps fast,
but the error soon stops falling. Here a sigmoid network on the digits is
trained from the same draw scaled by several σ.
"""

import numpy as np

from .data import digits
from .result import ExperimentResult

NAME = "init-scale"
CLAIM = (
    "too large a Gaussian init std saturates sigmoid units from the start and the "
    "training error stalls high"
)
STDS = (0.1, 1.0, 10.0)
SATURATED_ABOVE = 4.6  # |u| > 4.6 means σ(u) < 0.01 or > 0.99, σ'(u) < 0.01
LAYER_SIZES = [64, 100, 100, 10]
# The claim, as numbers: at the largest σ most first-layer units start saturated
# and its final training error is far above the best of the smaller σ.
MOSTLY_SATURATED = 0.5
STALLED_ERROR_RATIO = 2.0


def _saturated_fraction(X, params):
    """Fraction of (sample, unit) pairs of the first hidden layer with |u| large."""
    W, b = params[0]
    u = X @ W.T + b
    return float(np.mean(np.abs(u) > SATURATED_ABOVE))


def _error_and_accuracy(kit, params, X, y):
    u, _ = kit.step4.network_forward(X, params, "sigmoid")
    loss, _ = kit.step2.softmax_cross_entropy(u, y)
    return float(loss), float(np.mean(np.argmax(u, axis=1) == y))


def run(kit, *, quick=False, seed=0):
    X_train, y_train, X_test, y_test = digits(kit)
    if quick:
        X_train, y_train = X_train[:400], y_train[:400]
    epochs = 15 if quick else 40
    figures = {}
    curves = {}
    finals = {}
    for std in STDS:
        params = kit.step3.initialize_network(
            LAYER_SIZES, method="gaussian", std=std, seed=seed
        )
        result = kit.step3.train_mlp(
            X_train,
            y_train,
            layer_sizes=LAYER_SIZES,
            activation="sigmoid",
            update="sgd",
            learning_rate=0.5,
            epochs=epochs,
            batch_size=32,
            init="gaussian",
            init_std=std,
            seed=seed,
        )
        trained = result["params"]
        train_error, _ = _error_and_accuracy(kit, trained, X_train, y_train)
        _, test_accuracy = _error_and_accuracy(kit, trained, X_test, y_test)
        finals[std] = train_error
        curves[f"σ = {std:g}"] = result["history"]["loss"]
        figures[f"σ={std:g}: saturated first-layer units at the start"] = (
            _saturated_fraction(X_train, params)
        )
        figures[f"σ={std:g}: training error after epoch 1 / at the end"] = [
            result["history"]["loss"][0],
            train_error,
        ]
        figures[f"σ={std:g}: test accuracy"] = test_accuracy

    large = STDS[-1]
    best_smaller = min(finals[std] for std in STDS[:-1])
    ratio = finals[large] / best_smaller
    figures[f"final training error, σ={large:g} / best smaller σ"] = ratio
    holds = (
        figures[f"σ={large:g}: saturated first-layer units at the start"]
        > MOSTLY_SATURATED
        and ratio > STALLED_ERROR_RATIO
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={"epochs": epochs, **figures},
        series={"training error per epoch": curves},
        xlabel="epoch",
        ylabel="mean minibatch error",
        logy=True,
    )
