"""STEP 2: with a saturated sigmoid output, squared error's gradient vanishes and
cross-entropy's does not.

For z = σ(u): squared error gives ∂E/∂u = (z − d) σ'(u), and σ'(u) ≈ 0 when the
unit is saturated; the negative log-likelihood gives ∂E/∂u = z − d, which stays
large exactly when the output is confidently wrong. So gradient descent escapes
a wrong saturated start with cross-entropy and crawls with squared error.
"""

import numpy as np

from .result import ExperimentResult

NAME = "saturation"
CLAIM = (
    "saturated sigmoid output: squared-error gradient vanishes, cross-entropy's "
    "does not"
)
START_WEIGHT = -8.0  # a confidently wrong start: σ(−8) ≈ 3e-4 for targets 1
GRADIENT_RATIO_ABOVE = 100.0


def _squared_error_step(kit, x, d, w):
    u = x * w
    z, cache = kit.step2.sigmoid_forward(u)
    loss, dz = kit.step2.squared_error(z, d)
    du = kit.step2.sigmoid_backward(dz, cache)
    return loss, float(np.sum(du * x))


def _cross_entropy_step(kit, x, d, w):
    loss, du = kit.step2.sigmoid_cross_entropy(x * w, d)
    return loss, float(np.sum(du * x))


def run(kit, *, quick=False, seed=0):
    steps = 60 if quick else 200
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 1.5, size=(32, 1))
    d = np.ones((32, 1))
    curves = {}
    first_gradients = {}
    for label, step in (
        ("squared error", _squared_error_step),
        ("cross-entropy", _cross_entropy_step),
    ):
        w = START_WEIGHT
        errors = []
        for t in range(steps):
            _, grad = step(kit, x, d, w)
            if t == 0:
                first_gradients[label] = abs(grad)
            w -= 1.0 * grad
            z, _ = kit.step2.sigmoid_forward(x * w)
            errors.append(float(np.mean(np.abs(z - d))))
        curves[label] = errors
    ratio = first_gradients["cross-entropy"] / first_gradients["squared error"]
    holds = ratio > GRADIENT_RATIO_ABOVE and (
        curves["cross-entropy"][-1] < 0.5 * curves["squared error"][-1]
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={
            "|∂E/∂w| at the start, squared error": first_gradients["squared error"],
            "|∂E/∂w| at the start, cross-entropy": first_gradients["cross-entropy"],
            "gradient ratio CE / SE": ratio,
            "mean |z − d| after training, squared error": curves["squared error"][-1],
            "mean |z − d| after training, cross-entropy": curves["cross-entropy"][-1],
        },
        series={"learning curves from a saturated start": curves},
        xlabel="step",
        ylabel="mean |z − d|",
    )
