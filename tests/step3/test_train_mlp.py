"""STEP 3 — training an MLP (다층 신경망의 학습) with the STEP 3 pieces.

The accuracy test trains on the shipped UCI digits (fixed 75/25 split) and is
marked slow; the others use a small synthetic problem.
"""

import time

import numpy as np
import pytest

from dlstart_check.checks import assert_close, assert_shape, assert_true, fail

pytestmark = pytest.mark.task("step3.train_mlp")

# The target of the course: an MLP on the 8×8 digits, within a time budget
# (about 1 s on a laptop core; the limit leaves room for slow machines).
DIGITS_ACCURACY = 0.97
DIGITS_TIME_LIMIT_S = 10.0
DIGITS_PIXEL_MAX = 16.0
DIGITS_SETTINGS = dict(
    layer_sizes=[64, 128, 10],
    activation="relu",
    update="momentum",
    learning_rate=0.05,
    momentum=0.9,
    epochs=30,
    batch_size=32,
    weight_decay=1e-4,
    dropout=0.8,
    init="he",
    seed=0,
)


def _blobs(seed=0, N=120, D=4, C=3):
    """Three well separated Gaussian blobs: an easy problem."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(C, D))
    y = np.arange(N) % C
    X = centres[y] + rng.normal(scale=0.5, size=(N, D))
    return X, y.astype(np.int64)


def _train(step3, X, y, **settings):
    defaults = dict(
        layer_sizes=[X.shape[1], 16, 3],
        epochs=15,
        batch_size=16,
        learning_rate=0.05,
        seed=1,
    )
    result = step3.train_mlp(X, y, **{**defaults, **settings})
    assert_true(
        isinstance(result, dict) and {"params", "history"} <= set(result),
        "train_mlp returns a dict with params and history",
        {"settings": settings},
    )
    return result


@pytest.mark.slow
def test_mlp_reaches_97_percent_on_the_digits(step3, digits_split):
    """Trained on 1,348 digits (pixels / 16), >= 97 % of the 449 test digits are
    classified correctly, within 10 s."""
    X_train, y_train, X_test, y_test = digits_split
    start = time.perf_counter()
    result = step3.train_mlp(X_train / DIGITS_PIXEL_MAX, y_train, **DIGITS_SETTINGS)
    seconds = time.perf_counter() - start
    labels = assert_shape(
        step3.predict_mlp(result["params"], X_test / DIGITS_PIXEL_MAX, "relu"),
        y_test.shape,
        "predict_mlp gives one label per test digit",
    )
    accuracy = float(np.mean(labels == y_test))
    inputs = {"settings": DIGITS_SETTINGS}
    if accuracy < DIGITS_ACCURACY:
        fail(
            "test accuracy on the digits",
            inputs,
            expected=f">= {DIGITS_ACCURACY}",
            got=accuracy,
        )
    assert_true(
        seconds <= DIGITS_TIME_LIMIT_S,
        "training time on the digits",
        inputs,
        detail=f"{seconds:.1f} s > {DIGITS_TIME_LIMIT_S} s",
    )


@pytest.mark.parametrize("update", ["sgd", "momentum", "adagrad"])
def test_training_fits_separable_blobs(step3, update):
    """Each update rule fits three separated blobs: training accuracy 1 at the
    end, the loss lower than after the first epoch, histories one per epoch."""
    X, y = _blobs()
    result = _train(step3, X, y, update=update)
    history = result["history"]
    inputs = {"update": update, "X": X}
    for key in ("loss", "train_accuracy", "learning_rate"):
        assert_true(
            len(history[key]) == 15,
            f"history[{key!r}] has one value per epoch",
            inputs,
            detail=f"got {len(history[key])}",
        )
    assert_true(
        history["loss"][-1] < history["loss"][0],
        "the training loss goes down",
        inputs,
        detail=f"losses {history['loss']}",
    )
    labels = step3.predict_mlp(result["params"], X, "relu")
    assert_close(
        np.mean(np.asarray(labels) == y),
        1.0,
        "predict_mlp on the training blobs",
        inputs,
    )


def test_training_is_reproducible_from_the_seed(step3):
    """The same seed, the same trained weights (dropout included)."""
    X, y = _blobs()
    a = _train(step3, X, y, dropout=0.7, epochs=3)
    b = _train(step3, X, y, dropout=0.7, epochs=3)
    for (Wa, _), (Wb, _) in zip(a["params"], b["params"]):
        assert_close(Wb, Wa, "weights after two runs with the same seed", {"seed": 1})


def test_weight_decay_shrinks_the_weights(step3):
    """λ = 0.1 ends with a smaller Σ ‖W‖² than λ = 0 (same seed and data)."""
    X, y = _blobs()

    def squared_norm(result):
        return sum(float(np.sum(np.asarray(W) ** 2)) for W, _ in result["params"])

    plain = squared_norm(_train(step3, X, y))
    decayed = squared_norm(_train(step3, X, y, weight_decay=0.1))
    assert_true(
        decayed < 0.7 * plain,
        "weight decay shrinks the trained weights",
        {"weight_decay": 0.1},
        detail=f"Σ‖W‖² {decayed:.3g} with decay, {plain:.3g} without",
    )


def test_max_norm_holds_for_the_trained_weights(step3):
    """With max_norm = c every row of every trained W has squared norm <= c."""
    X, y = _blobs()
    c = 0.5
    result = _train(step3, X, y, max_norm=c, learning_rate=0.2)
    for l, (W, _) in enumerate(result["params"], start=1):
        squared = np.sum(np.asarray(W) ** 2, axis=1)
        assert_true(
            np.all(squared <= c * (1 + 1e-12)),
            f"max-norm bound on layer {l} after training",
            {"max_norm": c},
            detail=f"largest squared row norm {squared.max():.4g}",
        )


def test_schedule_sets_each_epoch_s_learning_rate(step3):
    """schedule={"schedule": "step", ...} gives history['learning_rate'] =
    ε_0 · drop^⌊epoch / step_size⌋."""
    X, y = _blobs()
    schedule = {"schedule": "step", "drop": 0.5, "step_size": 2}
    result = _train(step3, X, y, epochs=5, schedule=schedule, learning_rate=0.08)
    assert_close(
        result["history"]["learning_rate"],
        [0.08, 0.08, 0.04, 0.04, 0.02],
        "learning rate of each epoch",
        {"schedule": schedule},
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    "settings",
    [
        dict(layer_sizes=[5, 3]),
        dict(update="rmsprop"),
        dict(learning_rate=-1.0),
        dict(dropout=0.0),
        dict(batch_size=0),
    ],
)
def test_train_mlp_rejects_bad_settings(step3, settings):
    X, y = _blobs()
    with pytest.raises(ValueError):
        _train(step3, X, y, **settings)
