"""STEP 1/4: the vanishing gradient (기울기 소실).

In a 10-layer logistic-sigmoid network with Gaussian initialization, the
gradient norm falls by orders of magnitude from the output layer to the input
layer: each backward step multiplies the delta by f'(u) ≤ 1/4 and by the weights.
With ReLU (f' = 1 where active) and the scaled (He) initialization, std √(2/D),
the norms stay of the same order.
"""

import numpy as np

from .nets import gaussian_params, per_layer_gradient_norms
from .result import ExperimentResult

NAME = "vanishing-gradient"
CLAIM = (
    "10-layer sigmoid net, Gaussian init: gradient norms fall by orders of magnitude "
    "towards the input; ReLU with He init: they do not"
)
LAYERS = 10
# The claim, as numbers: input/output gradient-norm ratio below 1e-3 for sigmoid,
# within a factor 10 of 1 for ReLU + He.
SIGMOID_RATIO_BELOW = 1e-3
RELU_RATIO_WITHIN = 10.0


def run(kit, *, quick=False, seed=0):
    width, n = (32, 64) if quick else (64, 256)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, width))
    labels = rng.integers(0, 10, size=n)
    sizes = [width] * LAYERS + [10]

    sigmoid = per_layer_gradient_norms(
        kit,
        X,
        labels,
        gaussian_params(sizes, lambda d: 1 / np.sqrt(d), seed),
        "sigmoid",
    )
    relu = per_layer_gradient_norms(
        kit, X, labels, gaussian_params(sizes, lambda d: np.sqrt(2 / d), seed), "relu"
    )
    sigmoid_ratio = sigmoid[0] / sigmoid[-1]
    relu_ratio = relu[0] / relu[-1]
    holds = sigmoid_ratio < SIGMOID_RATIO_BELOW and (
        1 / RELU_RATIO_WITHIN < relu_ratio < RELU_RATIO_WITHIN
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={
            "sigmoid ‖dW‖ per layer (input first)": sigmoid,
            "relu+He ‖dW‖ per layer (input first)": relu,
            "sigmoid input/output ratio": sigmoid_ratio,
            "relu+He input/output ratio": relu_ratio,
        },
        series={"gradient norm per layer": {"sigmoid": sigmoid, "relu + He": relu}},
        xlabel="layer (input = 0)",
        ylabel="‖∂E/∂W‖",
        logy=True,
    )
