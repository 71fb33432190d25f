"""STEP 2 — the perceptron (퍼셉트론) and its learning rule.

A single step unit separates only what a straight line separates: it learns AND,
OR and NAND, and never XOR.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close, assert_true, fail

pytestmark = pytest.mark.task("step2.perceptron")

TWO_BITS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {
    "AND": np.array([0.0, 0.0, 0.0, 1.0]),
    "OR": np.array([0.0, 1.0, 1.0, 1.0]),
    "NAND": np.array([1.0, 1.0, 1.0, 0.0]),
}
XOR = np.array([0.0, 1.0, 1.0, 0.0])
# Far more epochs than any separable 2-bit gate needs (AND takes 6 from w = 0).
GENEROUS_EPOCHS = 1000
# Separable data drawn with this margin around the true boundary; the perceptron
# convergence theorem bounds the mistakes by (R / margin)², a few hundred here.
MARGIN = 0.3


def check_converged(step2, X, d, w, b, errors, what):
    """The run ended with a clean epoch, and the result classifies every sample."""
    inputs = {"X": X, "d": d}
    errors = list(errors)
    assert_true(
        len(errors) > 0 and errors[-1] == 0,
        f"{what}: the last epoch has no misclassified sample",
        inputs,
        detail=f"errors per epoch: {errors}",
    )
    assert_true(
        all(e > 0 for e in errors[:-1]),
        f"{what}: training stops after the first clean epoch",
        inputs,
        detail=f"errors per epoch: {errors}",
    )
    y = step2.perceptron_predict(X, w, b)
    assert_close(y, d, f"{what}: predictions of the trained perceptron", inputs)


@pytest.mark.parametrize("gate", sorted(GATES))
def test_perceptron_learns_linearly_separable_gate(step2, gate):
    """AND, OR and NAND are linearly separable: training ends with zero errors."""
    d = GATES[gate]
    w, b, errors = step2.perceptron_train(TWO_BITS, d, max_epochs=GENEROUS_EPOCHS)
    check_converged(step2, TWO_BITS, d, w, b, errors, f"perceptron on {gate}")


def test_perceptron_never_separates_xor(step2):
    """XOR is not linearly separable: no epoch of 1000 is free of errors."""
    w, b, errors = step2.perceptron_train(TWO_BITS, XOR, max_epochs=GENEROUS_EPOCHS)
    errors = list(errors)
    assert_true(
        len(errors) == GENEROUS_EPOCHS and min(errors) > 0,
        "perceptron on XOR runs every epoch and misclassifies in each",
        {"X": TWO_BITS, "d": XOR},
        detail=f"{len(errors)} epochs run, fewest errors {min(errors, default=None)}",
    )


@st.composite
def separable_data(draw):
    """Samples on both sides of a random line (plane), at least MARGIN away from it."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    D = draw(st.integers(min_value=1, max_value=3))
    N = draw(st.integers(min_value=1, max_value=12))
    normal = rng.normal(size=D)
    normal /= np.linalg.norm(normal)
    offset = rng.uniform(-0.5, 0.5)
    X = rng.uniform(-2.0, 2.0, size=(4 * N, D))
    signed = X @ normal + offset
    X = X[np.abs(signed) >= MARGIN][:N]
    d = (X @ normal + offset > 0).astype(np.float64)
    return X, d


@given(data=separable_data())
def test_perceptron_converges_on_separable_data(step2, data):
    """Property (convergence theorem): separable data are learned in finitely many
    epochs, and the last epoch has zero errors."""
    X, d = data
    assume(len(X) > 0)
    w, b, errors = step2.perceptron_train(X, d, max_epochs=GENEROUS_EPOCHS)
    check_converged(step2, X, d, w, b, errors, "perceptron on separable data")


def test_perceptron_one_epoch_by_hand(step2):
    """One epoch from w = 0, b = 0 with ε = 0.5, each update computed by hand.

    Sample 1, x = (1, 0), d = 0: x·w + b = 0 gives y = 1, wrong, so
    w = (-0.5, 0), b = -0.5. Sample 2, x = (0, 1), d = 1: x·w + b = -0.5 gives
    y = 0, wrong, so w = (-0.5, 0.5), b = 0. Two mistakes in the epoch.
    """
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    d = np.array([0.0, 1.0])
    inputs = {"X": X, "d": d, "learning_rate": 0.5, "max_epochs": 1}
    w, b, errors = step2.perceptron_train(X, d, learning_rate=0.5, max_epochs=1)
    assert_close(w, [-0.5, 0.5], "w after one epoch", inputs)
    assert_close(b, 0.0, "b after one epoch", inputs)
    if list(errors) != [2]:
        fail("errors per epoch", inputs, expected=[2], got=list(errors))


def test_perceptron_predict_fixed_example(step2):
    """y = 1 where X w + b >= 0 (the boundary itself counts as 1), else 0."""
    X = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0], [3.0, -1.0]])
    w, b = np.array([1.0, 1.0]), -1.0
    y = step2.perceptron_predict(X, w, b)
    assert_close(
        y, [1.0, 1.0, 0.0, 1.0], "perceptron_predict", {"X": X, "w": w, "b": b}
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"max_epochs": 0}, ValueError, "max_epochs"),
        ({"max_epochs": 2.5}, TypeError, "max_epochs"),
        ({"d": np.array([0.0, 1.0, 2.0, 1.0])}, ValueError, "d"),
        ({"d": np.array([0.0, 1.0])}, ValueError, "d"),
    ],
)
def test_perceptron_train_rejects_bad_arguments(step2, kwargs, error, name):
    arguments = {"X": TWO_BITS, "d": GATES["AND"], **kwargs}
    with pytest.raises(error, match=name):
        step2.perceptron_train(**arguments)


@pytest.mark.contract
def test_perceptron_predict_rejects_mismatched_weights(step2):
    with pytest.raises(ValueError, match="w"):
        step2.perceptron_predict(TWO_BITS, np.zeros(3), 0.0)
