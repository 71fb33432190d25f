"""STEP 3: a network overfits a small training set; weight decay and dropout
narrow the gap between training and test.

A wide network trained long on 100 digits classifies all of them correctly and
drives their error towards 0, while on held-out digits its error stays high and
its accuracy lower: it has learned the training samples, not the digits
(과적합). Weight decay (가중치 감쇠, λ/2 ‖W‖²) keeps the weights small and
dropout (드롭아웃) trains a different thinned network at every update; both
leave less room to memorize.

What the digits show, measured (gaps averaged over disjoint training subsets so
that the verdict does not rest on one draw of 100 samples): weight decay
narrows the gap in error (cross-entropy: it tempers the over-confident wrong
answers) but hardly the gap in accuracy; dropout narrows the gap in accuracy
but not the one in error. Both effects are modest here (a point or two of
accuracy, a fifth of the error gap); the experiment prints all four gaps and
judges each regularizer by the one it moves.
"""

import numpy as np

from .data import digits
from .result import ExperimentResult

NAME = "overfitting"
CLAIM = (
    "a wide network overfits 100 training digits; weight decay narrows the "
    "train-test gap in error, dropout the gap in accuracy"
)
TRAINING_SAMPLES = 100
HIDDEN = 256
REGULARIZERS = {
    "none": {},
    "weight decay λ=0.01": {"weight_decay": 0.01},
    "dropout p=0.5": {"dropout": 0.5},
}
# The claim, as numbers: without regularization the network is perfect on its
# training set and its test accuracy is far below (the gap above
# OVERFIT_ACCURACY_GAP_ABOVE); weight decay's gap in error is below
# ERROR_GAP_RATIO times the plain one, dropout's gap in accuracy below the plain.
OVERFIT_ACCURACY_GAP_ABOVE = 0.05
ERROR_GAP_RATIO = 0.9


def _error_and_accuracy(kit, params, X, y):
    u, _ = kit.step4.network_forward(X, params, "relu")
    loss, _ = kit.step2.softmax_cross_entropy(u, y)
    return float(loss), float(np.mean(np.argmax(u, axis=1) == y))


def run(kit, *, quick=False, seed=0):
    X_train, y_train, X_test, y_test = digits(kit)
    subsets = 3 if quick else 5
    epochs = 80 if quick else 150
    figures = {}
    gaps = {}
    for label, options in REGULARIZERS.items():
        measured = []
        for subset in range(subsets):
            rows = slice(subset * TRAINING_SAMPLES, (subset + 1) * TRAINING_SAMPLES)
            X, y = X_train[rows], y_train[rows]
            result = kit.step3.train_mlp(
                X,
                y,
                layer_sizes=[X.shape[1], HIDDEN, 10],
                activation="relu",
                update="momentum",
                learning_rate=0.05,
                epochs=epochs,
                batch_size=20,
                seed=seed + subset,
                **options,
            )
            params = result["params"]
            measured.append(
                _error_and_accuracy(kit, params, X, y)
                + _error_and_accuracy(kit, params, X_test, y_test)
            )
        train_loss, train_acc, test_loss, test_acc = np.mean(measured, axis=0)
        gaps[label] = (test_loss - train_loss, train_acc - test_acc)
        figures[f"{label}: training error / accuracy"] = [train_loss, train_acc]
        figures[f"{label}: test error / accuracy"] = [test_loss, test_acc]
        figures[f"{label}: gap in error (test − train)"] = gaps[label][0]
        figures[f"{label}: gap in accuracy (train − test)"] = gaps[label][1]

    plain = gaps["none"]
    holds = (
        figures["none: training error / accuracy"][1] == 1.0
        and plain[1] > OVERFIT_ACCURACY_GAP_ABOVE
        and gaps["weight decay λ=0.01"][0] < ERROR_GAP_RATIO * plain[0]
        and gaps["dropout p=0.5"][1] < plain[1]
    )
    labels = list(REGULARIZERS)
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={"training subsets of 100 digits averaged": subsets, **figures},
        series={
            "train-test gap by regularizer": {
                "gap in error (test − train)": [gaps[label][0] for label in labels],
                "gap in accuracy (train − test)": [gaps[label][1] for label in labels],
            }
        },
        panel_axes={"train-test gap by regularizer": {"categories": labels}},
        ylabel="gap",
    )
