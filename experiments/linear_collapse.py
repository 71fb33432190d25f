"""STEP 2: a deep network of identity activations is one linear layer.

z_L = W_L(…(W_1 x + b_1)…) + b_L = (W_L ⋯ W_1) x + b, so without a nonlinear
activation depth adds nothing a single layer could not do.
"""

import numpy as np

from .nets import gaussian_params
from .result import ExperimentResult

NAME = "linear-collapse"
CLAIM = "a deep identity-activation network equals one linear layer (product of W)"
AGREEMENT = 1e-10


def run(kit, *, quick=False, seed=0):
    rng = np.random.default_rng(seed)
    sizes = [6, 8, 7, 9, 5, 3] if quick else [16, 32, 24, 32, 20, 10]
    X = rng.normal(size=(20, sizes[0]))
    params = gaussian_params(sizes, lambda d: 1 / np.sqrt(d), seed)
    for l, (W, b) in enumerate(params):
        params[l] = (W, rng.normal(size=b.shape))

    deep, _ = kit.step4.network_forward(X, params, "identity")
    W_total = np.eye(sizes[0])
    b_total = np.zeros(sizes[0])
    for W, b in params:
        W_total = W @ W_total
        b_total = W @ b_total + b
    single = X @ W_total.T + b_total
    difference = float(np.max(np.abs(deep - single)))
    scale = float(np.max(np.abs(single)))
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(difference <= AGREEMENT * max(1.0, scale)),
        figures={
            "layers": len(params),
            "max |deep − single layer|": difference,
            "max |output|": scale,
        },
    )
