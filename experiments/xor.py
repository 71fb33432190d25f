"""STEP 2/4: the perceptron cannot learn XOR; two layers with a nonlinear hidden
layer can.

XOR is not linearly separable, so the perceptron learning rule never finishes an
epoch without a mistake. A hidden layer of sigmoid units trained by
backpropagation separates it.
"""

import numpy as np

from .nets import accuracy, gaussian_params, train_full_batch
from .result import ExperimentResult

NAME = "xor"
CLAIM = "the perceptron never learns XOR; a 2-layer net with sigmoid hidden units does"
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR = np.array([0, 1, 1, 0])


def run(kit, *, quick=False, seed=0):
    epochs = 200 if quick else 1000
    _, _, errors = kit.step2.perceptron_train(X, XOR.astype(float), max_epochs=epochs)

    params = gaussian_params([2, 8, 2], lambda d: 1.0, seed)
    params, losses = train_full_batch(
        kit, X, XOR, params, "sigmoid", learning_rate=2.0, steps=2000 if quick else 5000
    )
    network_accuracy = accuracy(kit, X, XOR, params, "sigmoid")
    holds = min(errors) > 0 and network_accuracy == 1.0
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={
            "perceptron epochs run": len(errors),
            "fewest perceptron errors in an epoch": min(errors),
            "2-layer net accuracy": network_accuracy,
            "2-layer net final loss": losses[-1],
        },
        series={
            "perceptron errors per epoch": {"perceptron": [float(e) for e in errors]},
            "2-layer net loss": {"cross-entropy": losses},
        },
        xlabel="epoch / step",
    )
