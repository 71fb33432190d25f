"""STEP 5: a denoising autoencoder removes noise that a plain autoencoder
reproduces.

Both autoencoders (64 pixels → 100 sigmoid units → 64 sigmoid outputs,
cross-entropy) see the training digits; the denoising one (디노이징 자기부호화기)
gets each minibatch with fresh Gaussian noise added and must output the clean
digit. On noisy test digits, the plain one has learned to copy its input, noise
and all; the denoising one maps the noisy digit back towards a clean one. Two
measures: the distance of the output from the clean digit (against the noisy
input's), and the share of the added noise that passes through to the output,
(x̂(x̃) − x̂(x)) · (x̃ − x) / ‖x̃ − x‖² summed over the test set.
"""

import numpy as np

from .data import digits
from .result import ExperimentResult, tile

NAME = "denoising"
CLAIM = (
    "on noisy digits a denoising autoencoder outputs cleaner digits; a plain "
    "autoencoder passes much of the noise through"
)
HIDDEN = 100
OUTPUT = "sigmoid"
LEARNING_RATE = 0.1
NOISE = 0.3  # standard deviation of the Gaussian noise, pixels in [0, 1]
SHOWN = 10
# The claim, as numbers: on noisy digits the denoising autoencoder's output is
# closer to the clean digit than the plain one's; the noise adds to its error
# (‖output − clean‖² on noisy minus on clean input) less than ADDED_RATIO
# times what it adds to the plain one's; and it passes a smaller share of the
# noise through. (The plain one's sigmoid outputs, pinned near 0 on the blank
# background, already stop part of the noise; the rest it copies.)
ADDED_RATIO = 0.6


def _train(kit, X, noise, epochs, seed):
    result = kit.step5_ae.train_autoencoder(
        X,
        HIDDEN,
        hidden="sigmoid",
        output=OUTPUT,
        noise=noise,
        update="momentum",
        learning_rate=LEARNING_RATE,
        epochs=epochs,
        batch_size=32,
        seed=seed,
    )
    return result["params"]


def run(kit, *, quick=False, seed=0):
    X, _, X_test, _ = digits(kit)
    if quick:
        X = X[:800]
    epochs = 25 if quick else 40
    noisy = kit.step5_ae.corrupt(X_test, kind="gaussian", level=NOISE, seed=seed + 1)
    noise = noisy - X_test

    def reconstruct(params, x):
        return kit.step5_ae.autoencoder_reconstruct(x, params, output=OUTPUT)

    def distance(a, b):
        return float(np.mean(np.sum((a - b) ** 2, axis=1)))

    models = {
        "plain": _train(kit, X, None, epochs, seed),
        "denoising": _train(kit, X, {"kind": "gaussian", "level": NOISE}, epochs, seed),
    }
    figures = {
        "noise std": NOISE,
        "‖noisy − clean‖² (the input's)": distance(noisy, X_test),
    }
    outputs = {}
    passed = {}
    cleaned = {}
    added = {}
    for label, params in models.items():
        out_noisy = reconstruct(params, noisy)
        out_clean = reconstruct(params, X_test)
        outputs[label] = out_noisy
        cleaned[label] = distance(out_noisy, X_test)
        passed[label] = float(
            np.sum((out_noisy - out_clean) * noise) / np.sum(noise**2)
        )
        figures[f"{label}: ‖output − clean‖² on noisy input"] = cleaned[label]
        figures[f"{label}: ‖output − clean‖² on clean input"] = distance(
            out_clean, X_test
        )
        added[label] = cleaned[label] - distance(out_clean, X_test)
        figures[f"{label}: error added by the noise"] = added[label]
        figures[f"{label}: share of the noise passed through"] = passed[label]

    holds = (
        cleaned["denoising"] < cleaned["plain"]
        and added["denoising"] < ADDED_RATIO * added["plain"]
        and passed["denoising"] < passed["plain"]
    )
    rows = [X_test[:SHOWN], noisy[:SHOWN], outputs["plain"][:SHOWN]]
    rows.append(outputs["denoising"][:SHOWN])
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={"training epochs": epochs, **figures},
        images={
            "clean, noisy, plain AE output, denoising AE output (rows)": tile(
                np.concatenate(rows).reshape(-1, 8, 8), columns=SHOWN
            )
        },
    )
