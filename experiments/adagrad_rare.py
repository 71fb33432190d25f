"""STEP 3: AdaGrad learns the weights of rare features that a fixed learning
rate leaves behind.

A linear model y = x·w with binary features of very different frequencies:
feature j is present (x_j = 1) in a fraction p_j of the samples, from 0.9 down
to 1/500. Every w_j* is 1. A feature's weight moves only in the minibatches
where it is present, so with one learning rate ε for all, the rare weights get
few, small steps, and ε cannot be raised for their sake without the frequent
weights oscillating. AdaGrad divides each component's step by the root of its
own sum of squared gradients: the rarely moved weights keep large steps (the
notes: rare gradient components count more).

The fixed rate gets the best of several values (by the final error on all the
data), so the gap is not a badly tuned baseline.
"""

import numpy as np

from .result import ExperimentResult

NAME = "adagrad-rare-features"
CLAIM = (
    "with features of very different frequencies AdaGrad learns the rare features' "
    "weights; a fixed learning rate leaves them far from their values"
)
FEATURES = 40
MOST_FREQUENT, RAREST = 0.9, 0.002
RARE_BELOW = 0.01  # features present in fewer samples than this count as rare
NOISE = 0.1  # standard deviation of the target noise
BATCH = 10
FIXED_RATES = (0.03, 0.1, 0.3, 1.0)
ADAGRAD_RATE = 0.5
RECORD_EVERY = 25  # steps between two measurements of the error
DIVERGED_ABOVE = 1e6  # a minibatch error this large means the rate is too large
# The claim, as a number: AdaGrad's mean error on the rare weights is at most
# this fraction of the best fixed rate's.
RARE_ERROR_RATIO_BELOW = 0.5


def _data(samples, rng):
    frequencies = np.geomspace(MOST_FREQUENT, RAREST, FEATURES)
    X = (rng.random((samples, FEATURES)) < frequencies).astype(np.float64)
    d = X.sum(axis=1, keepdims=True) + rng.normal(0.0, NOISE, (samples, 1))
    return X, d, frequencies


def _train(kit, update, config, X, d, steps, seed):
    """Minibatch descent on the squared error.

    Returns w and the error on all the data every RECORD_EVERY steps.

    A run whose minibatch error passes DIVERGED_ABOVE stops there with an
    error of inf (too large a rate), before its numbers overflow.
    """
    w = np.zeros((1, FEATURES))
    errors = []
    epoch = 0
    done = 0
    while done < steps:
        for idx in kit.step3.minibatch_indices(len(d), BATCH, epoch=epoch, seed=seed):
            loss, du = kit.step2.squared_error(X[idx] @ w.T, d[idx])
            if loss > DIVERGED_ABOVE:
                return w[0], errors + [np.inf]
            w, config = update(w, du.T @ X[idx], config)
            done += 1
            if done % RECORD_EVERY == 0:
                errors.append(kit.step2.squared_error(X @ w.T, d)[0])
            if done == steps:
                break
        epoch += 1
    return w[0], errors


def run(kit, *, quick=False, seed=0):
    rng = np.random.default_rng(seed)
    samples = 2000 if quick else 5000
    steps = 500 if quick else 1000
    X, d, frequencies = _data(samples, rng)
    rare = frequencies < RARE_BELOW

    fixed = {
        rate: _train(
            kit, kit.step3.sgd_update, {"learning_rate": rate}, X, d, steps, seed
        )
        for rate in FIXED_RATES
    }
    best_rate = min(fixed, key=lambda rate: fixed[rate][1][-1])
    w_fixed, errors_fixed = fixed[best_rate]
    w_ada, errors_ada = _train(
        kit,
        kit.step3.adagrad_update,
        {"learning_rate": ADAGRAD_RATE},
        X,
        d,
        steps,
        seed,
    )

    rare_fixed = float(np.mean(np.abs(w_fixed[rare] - 1.0)))
    rare_ada = float(np.mean(np.abs(w_ada[rare] - 1.0)))
    common_fixed = float(np.mean(np.abs(w_fixed[~rare] - 1.0)))
    common_ada = float(np.mean(np.abs(w_ada[~rare] - 1.0)))
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(rare_ada < RARE_ERROR_RATIO_BELOW * rare_fixed),
        figures={
            "feature frequencies (first, last)": [
                float(frequencies[0]),
                float(frequencies[-1]),
            ],
            f"rare features (frequency < {RARE_BELOW})": int(rare.sum()),
            "minibatch steps": steps,
            "fixed rates that diverged": [
                rate for rate, (_, errors) in fixed.items() if np.isinf(errors[-1])
            ],
            "fixed rate: best ε": best_rate,
            "mean |w − w*| on rare features, fixed ε": rare_fixed,
            f"mean |w − w*| on rare features, AdaGrad ε={ADAGRAD_RATE}": rare_ada,
            "mean |w − w*| on frequent features, fixed ε": common_fixed,
            "mean |w − w*| on frequent features, AdaGrad": common_ada,
            "final error, fixed ε": errors_fixed[-1],
            "final error, AdaGrad": errors_ada[-1],
        },
        series={
            "learned weight per feature (w* = 1), most frequent first": {
                f"fixed ε={best_rate}": list(w_fixed),
                "AdaGrad": list(w_ada),
            },
            "error on all data": {
                f"fixed ε={best_rate}": errors_fixed,
                "AdaGrad": errors_ada,
            },
        },
        panel_axes={
            "learned weight per feature (w* = 1), most frequent first": {
                "xlabel": "feature (frequency 0.9 … 0.002)",
                "ylabel": "w_j",
            },
            "error on all data": {
                "xlabel": f"step / {RECORD_EVERY}",
                "ylabel": "squared error",
                "logy": True,
            },
        },
    )
