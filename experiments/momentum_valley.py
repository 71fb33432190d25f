"""STEP 3: momentum follows a narrow valley that plain gradient descent zigzags
across.

E(w) = ½ (a w₁² + b w₂²) with b ≫ a is a long, narrow valley along w₁. Gradient
descent must take ε < 2/b or it diverges across the valley (w₂); along the
floor (w₁) it then moves by only ε a w₁ per step and crawls. Momentum (모멘텀),
v ← μ v − ε ∇E, w ← w + v, adds up the small, consistent steps along the floor,
while the alternating steps across it cancel. Both runs use the same ε.
"""

import numpy as np

from .result import ExperimentResult

NAME = "momentum-valley"
CLAIM = (
    "in a narrow valley gradient descent zigzags and crawls along the floor; "
    "momentum with the same learning rate converges in far fewer steps"
)
CURVATURE_ALONG = 1.0  # a
CURVATURE_ACROSS = 200.0  # b: condition number b / a = 200
# ε = 0.9 · (2 / b): as large as plain gradient descent can take across the
# valley, so its slowness along the floor is not a too-small step.
LEARNING_RATE = 0.9 * 2.0 / CURVATURE_ACROSS
MOMENTUM = 0.9
START = np.array([-10.0, 1.0])
CONVERGED_BELOW = 1e-8  # E(w) at which a run counts as converged
EARLY_STEPS = 50
# The claim, as a number: momentum converges at least this many times faster.
SPEEDUP_ABOVE = 3.0


def _error(w):
    return 0.5 * (CURVATURE_ALONG * w[0] ** 2 + CURVATURE_ACROSS * w[1] ** 2)


def _gradient(w):
    return np.array([CURVATURE_ALONG * w[0], CURVATURE_ACROSS * w[1]])


def _descend(update, config, max_steps):
    """The path of w (one row per step) until E(w) < CONVERGED_BELOW."""
    w = START.copy()
    path = [w]
    for _ in range(max_steps):
        w, config = update(w, _gradient(w), config)
        path.append(w)
        if _error(w) < CONVERGED_BELOW:
            break
    return np.array(path)


def _zigzags(path):
    """How often w₂ (across the valley) changed sign."""
    return int(np.sum(np.sign(path[1:, 1]) != np.sign(path[:-1, 1])))


def run(kit, *, quick=False, seed=0):
    # No randomness: the valley, the start and both rules are fixed.
    max_steps = 3000 if quick else 10000
    paths = {
        "gradient descent": _descend(
            kit.step3.sgd_update, {"learning_rate": LEARNING_RATE}, max_steps
        ),
        f"momentum μ={MOMENTUM}": _descend(
            kit.step3.momentum_update,
            {"learning_rate": LEARNING_RATE, "momentum": MOMENTUM},
            max_steps,
        ),
    }
    plain, heavy = paths.values()
    steps = {label: len(path) - 1 for label, path in paths.items()}
    converged = {
        label: _error(path[-1]) < CONVERGED_BELOW for label, path in paths.items()
    }
    speedup = steps["gradient descent"] / steps[f"momentum μ={MOMENTUM}"]
    early = min(EARLY_STEPS, len(heavy) - 1)
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(all(converged.values()) and speedup > SPEEDUP_ABOVE),
        figures={
            "condition number b/a": CURVATURE_ACROSS / CURVATURE_ALONG,
            "learning rate ε (both)": LEARNING_RATE,
            f"steps to E < {CONVERGED_BELOW:g}, gradient descent": steps[
                "gradient descent"
            ],
            f"steps to E < {CONVERGED_BELOW:g}, momentum": steps[
                f"momentum μ={MOMENTUM}"
            ],
            "speed-up of momentum": speedup,
            f"w₁ (along the floor) after {early} steps, gradient descent": float(
                plain[early, 0]
            ),
            f"w₁ after {early} steps, momentum": float(heavy[early, 0]),
            f"sign changes of w₂ (across) in {early} steps, gradient descent": (
                _zigzags(plain[: early + 1])
            ),
        },
        series={
            f"paths, first {early} steps": {
                label: (list(path[: early + 1, 0]), list(path[: early + 1, 1]))
                for label, path in paths.items()
            },
            "error against steps": {
                label: [_error(w) for w in path] for label, path in paths.items()
            },
        },
        panel_axes={
            f"paths, first {early} steps": {"xlabel": "w₁", "ylabel": "w₂"},
            "error against steps": {"xlabel": "step", "ylabel": "E(w)", "logy": True},
        },
    )
