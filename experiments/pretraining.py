"""STEP 5: layer-wise pre-training lets a deep sigmoid network learn where the
same network from a random start barely moves.

A network of four sigmoid hidden layers (64-100-100-100-100-10) is trained on
the digits by plain minibatch SGD, the same fine-tuning in every case, from:
(a) the notes' small Gaussian initialization (σ = 0.1), where the deltas fade
on the way down (STEP 1's vanishing gradient) and the error sits at chance
level; (b) a larger Gaussian (σ = 1); (c) the encoders of a stack of
autoencoders pre-trained layer by layer on the digits without labels (사전훈련,
적층 자기부호화기), with a new random softmax layer on top.
"""

import numpy as np

from .data import digits
from .nets import per_layer_gradient_norms
from .result import ExperimentResult

NAME = "pretraining"
CLAIM = (
    "a deep sigmoid network fine-tuned from layer-wise pre-trained weights learns "
    "far better than from a random initialization"
)
HIDDEN_SIZES = [100, 100, 100, 100]
OUTPUT_STD = 0.1  # the new softmax layer, as finetune_classifier draws it
STARTS = ("random σ=0.1", "random σ=1", "pre-trained")
# The claim, as numbers: after fine-tuning, the pre-trained network's training
# error is below ERROR_RATIO times that of the notes' random start (σ = 0.1),
# and its test accuracy is above every random start's. The larger σ = 1 is a
# fairer rival (a scale that keeps the deltas alive, see init-scale): it
# closes most of the gap in training error, not the one in test accuracy.
ERROR_RATIO = 0.5


def _start_gradient_ratio(kit, X, y, layers, seed):
    """‖dW‖ of the input layer over that of the output layer, at the start."""
    rng = np.random.default_rng(seed)
    top = layers[-1][0].shape[0]
    params = list(layers) + [(rng.normal(0.0, OUTPUT_STD, (10, top)), np.zeros(10))]
    norms = per_layer_gradient_norms(kit, X, y, params, "sigmoid")
    return norms[0] / norms[-1]


def run(kit, *, quick=False, seed=0):
    X, y, X_test, y_test = digits(kit)
    if quick:
        X, y = X[:800], y[:800]
    ae = kit.step5_ae
    sizes = [X.shape[1], *HIDDEN_SIZES]
    pretrain_epochs = 10
    finetune_epochs = 10

    stack = ae.pretrain_stacked(
        X,
        HIDDEN_SIZES,
        hidden="sigmoid",
        output="sigmoid",
        update="momentum",
        learning_rate=0.1,
        epochs=pretrain_epochs,
        batch_size=32,
        seed=seed,
    )
    starts = {
        "random σ=0.1": kit.step4.init_network(sizes, std=0.1, seed=seed),
        "random σ=1": kit.step4.init_network(sizes, std=1.0, seed=seed),
        "pre-trained": stack["layers"],
    }
    figures = {"pre-training epochs per layer": pretrain_epochs}
    curves = {}
    final = {}
    accuracy = {}
    for label, layers in starts.items():
        ratio = _start_gradient_ratio(kit, X, y, layers, seed)
        result = ae.finetune_classifier(
            X,
            y,
            layers,
            10,
            activation="sigmoid",
            update="sgd",
            learning_rate=0.1,
            epochs=finetune_epochs,
            batch_size=32,
            init_std=OUTPUT_STD,
            seed=seed,
        )
        losses = result["history"]["loss"]
        predicted = ae.classifier_predict(
            X_test, result["params"], activation="sigmoid"
        )
        curves[label] = losses
        final[label] = losses[-1]
        accuracy[label] = float(np.mean(predicted == y_test))
        figures[f"{label}: input/output gradient-norm ratio at the start"] = ratio
        figures[f"{label}: training error after fine-tuning"] = losses[-1]
        figures[f"{label}: test accuracy"] = accuracy[label]

    pre = "pre-trained"
    holds = final[pre] < ERROR_RATIO * final["random σ=0.1"] and all(
        accuracy[pre] > accuracy[label] for label in starts if label != pre
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={"fine-tuning epochs (plain SGD, ε = 0.1)": finetune_epochs, **figures},
        series={"fine-tuning: training error per epoch": curves},
        xlabel="epoch",
        ylabel="mean minibatch error",
    )
