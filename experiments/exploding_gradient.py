"""STEP 4: the backward pass is linear in the delta, so it can explode.

The forward pass of a logistic network stays in [0, 1] whatever the weights; the
backward pass multiplies the delta by Wᵀ at every layer, so with large weights
(and units that are not saturated — here identity activations) the delta grows
geometrically from the output layer towards the input.
"""

import numpy as np

from .nets import gaussian_params, per_layer_gradient_norms
from .result import ExperimentResult

NAME = "exploding-gradient"
CLAIM = "with large weights the delta grows layer by layer on its way back (linear)"
LAYERS = 10
GAIN = 2.0  # weight std = GAIN / √D, so each backward step multiplies ‖δ‖ by ≈ GAIN
GROWTH_ABOVE = 100.0


def run(kit, *, quick=False, seed=0):
    width, n = (32, 32) if quick else (64, 128)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, width))
    labels = rng.integers(0, 10, size=n)
    sizes = [width] * LAYERS + [10]
    params = gaussian_params(sizes, lambda d: GAIN / np.sqrt(d), seed)

    # ‖dW_l‖ = ‖δ_lᵀ z_{l-1}‖; with identity units ‖z‖ grows forward as ‖δ‖ does
    # backward, so the growth of the delta alone is read off ‖dW_l‖ / ‖z_{l-1}‖.
    norms = per_layer_gradient_norms(kit, X, labels, params, "identity")
    z = X
    input_norms = []
    for W, b in params:
        input_norms.append(float(np.linalg.norm(z)))
        z = z @ W.T + b
    delta_norms = [g / s for g, s in zip(norms, input_norms)]
    growth = delta_norms[0] / delta_norms[-1]

    u, _ = kit.step4.network_forward(X, params, "sigmoid")
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(growth > GROWTH_ABOVE),
        figures={
            "‖δ_l‖ per layer (input first)": delta_norms,
            "growth of ‖δ‖ from output to input": growth,
            "largest |u| of the sigmoid net's output (forward stays bounded)": float(
                np.max(np.abs(u))
            ),
        },
        series={"delta norm per layer": {"identity units, std 2/√D": delta_norms}},
        xlabel="layer (input = 0)",
        ylabel="‖δ‖",
        logy=True,
    )
