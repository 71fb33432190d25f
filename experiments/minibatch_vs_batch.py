"""STEP 3: on redundant training data, minibatch SGD needs far less computation
than full-batch gradient descent to reach the same error.

The training set here is the digits' training set repeated ``COPIES`` times with
a little pixel noise: near-duplicates, as real data sets are full of. A
full-batch gradient costs one pass over all copies and says no more than the
gradient of one copy; a minibatch gradient costs ``BATCH`` samples. Both runs
are charged by samples processed (forward and backward passes, the dominant
cost) and scored by the error on the whole training set. Full-batch GD gets the
best of several learning rates, so the gap is not a badly tuned baseline.
"""

import numpy as np

from .data import digits
from .result import ExperimentResult

NAME = "minibatch-vs-batch"
CLAIM = (
    "on redundant data minibatch SGD reaches a given training error with far fewer "
    "samples processed than full-batch gradient descent"
)
COPIES = 4
COPY_NOISE = 0.05  # pixel noise of each copy, pixels in [0, 1]
HIDDEN = 32
BATCH = 32
SGD_LEARNING_RATE = 0.2
BATCH_LEARNING_RATES = (0.3, 1.0, 2.0)
QUICK_BATCH_LEARNING_RATE = 1.0
TARGET_LOSS = 0.5  # the training error both runs must reach
# The claim, as a number: full-batch GD needs at least this many times the
# samples minibatch SGD needs to reach TARGET_LOSS.
SAMPLES_RATIO_ABOVE = 10.0


def _redundant_training_set(kit, copies, seed):
    X, y, _, _ = digits(kit)
    rng = np.random.default_rng(seed)
    X = np.concatenate(
        [X + rng.normal(0.0, COPY_NOISE, X.shape) for _ in range(copies)]
    )
    return X, np.tile(y, copies)


def _training_loss(kit, X, y, params):
    u, _ = kit.step4.network_forward(X, params, "relu")
    loss, _ = kit.step2.softmax_cross_entropy(u, y)
    return float(loss)


def _descend(kit, X, y, params, *, batch_size, learning_rate, epochs, record_every):
    """Plain SGD over ``minibatch_indices``; a full batch is batch_size = N.

    Returns (samples processed, training loss) at the start, before every
    ``record_every``-th update and at the end.
    """
    params = [(W.copy(), b.copy()) for W, b in params]
    config = {"learning_rate": learning_rate}
    processed, updates = 0, 0
    curve = []
    for epoch in range(epochs):
        for idx in kit.step3.minibatch_indices(len(y), batch_size, epoch=epoch):
            u, cache = kit.step4.network_forward(X[idx], params, "relu")
            loss, delta = kit.step2.softmax_cross_entropy(u, y[idx])
            if updates % record_every == 0:
                # A full batch's loss is the training loss: no extra pass.
                full = len(idx) == len(y)
                curve.append(
                    (processed, loss if full else _training_loss(kit, X, y, params))
                )
            grads = kit.step4.network_backward(delta, cache)
            params = [
                (
                    kit.step3.sgd_update(W, dW, config)[0],
                    kit.step3.sgd_update(b, db, config)[0],
                )
                for (W, b), (dW, db) in zip(params, grads)
            ]
            processed += len(idx)
            updates += 1
    curve.append((processed, _training_loss(kit, X, y, params)))
    return curve


def _samples_to_reach(curve, target):
    """Samples processed when the loss first fell to ``target`` (None: never)."""
    for processed, loss in curve:
        if loss <= target:
            return processed
    return None


def run(kit, *, quick=False, seed=0):
    copies = 2 if quick else COPIES
    X, y = _redundant_training_set(kit, copies, seed)
    N = len(y)
    params = kit.step3.initialize_network(
        [X.shape[1], HIDDEN, 10], method="he", seed=seed
    )

    sgd = _descend(
        kit,
        X,
        y,
        params,
        batch_size=BATCH,
        learning_rate=SGD_LEARNING_RATE,
        epochs=2,
        record_every=4,
    )
    batch_steps = 40 if quick else 100
    # The quick run tries only the rate the full run finds best.
    rates = (QUICK_BATCH_LEARNING_RATE,) if quick else BATCH_LEARNING_RATES
    batch_runs = {
        rate: _descend(
            kit,
            X,
            y,
            params,
            batch_size=N,
            learning_rate=rate,
            epochs=batch_steps,
            record_every=1,
        )
        for rate in rates
    }
    # The best rate reaches the target first (or, if none does, ends lowest).
    best_rate = min(
        batch_runs,
        key=lambda rate: (
            _samples_to_reach(batch_runs[rate], TARGET_LOSS) or np.inf,
            batch_runs[rate][-1][1],
        ),
    )
    full = batch_runs[best_rate]

    sgd_samples = _samples_to_reach(sgd, TARGET_LOSS)
    full_samples = _samples_to_reach(full, TARGET_LOSS)
    # Never reaching the target within the budget counts as the whole budget.
    charged = full_samples if full_samples is not None else full[-1][0]
    ratio = charged / sgd_samples if sgd_samples else 0.0
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(sgd_samples is not None and ratio > SAMPLES_RATIO_ABOVE),
        figures={
            "training samples (digits × copies)": N,
            "full-batch GD: best learning rate": best_rate,
            f"samples to reach loss {TARGET_LOSS}, minibatch SGD (batch {BATCH})": (
                sgd_samples if sgd_samples is not None else "not reached"
            ),
            f"samples to reach loss {TARGET_LOSS}, full-batch GD": (
                full_samples if full_samples is not None else "not reached"
            ),
            "ratio full-batch / minibatch samples": ratio,
            "loss after two passes over the data, minibatch SGD": sgd[-1][1],
            "loss after two passes over the data, full-batch GD": full[2][1],
            f"loss after {batch_steps} passes, full-batch GD": full[-1][1],
        },
        series={
            "training loss against computation": {
                f"minibatch SGD (batch {BATCH})": tuple(map(list, zip(*sgd))),
                f"full-batch GD (ε = {best_rate})": tuple(map(list, zip(*full))),
            }
        },
        xlabel="samples processed",
        ylabel="training loss",
        logy=True,
    )
