"""STEP 2 — cross-entropy (교차 엔트로피) with a softmax output layer, C classes.

z = softmax(u), E = -(1/N) Σ_n Σ_k d_nk log z_nk, ∂E/∂u = (z - d) / N. Targets
come as integer labels (N,) or one-hot rows (N, C); both give the same result.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_gradient,
    assert_true,
    no_runtime_warnings,
)
from dlstart_check.gradcheck import numerical_gradient

pytestmark = pytest.mark.task("step2.softmax_cross_entropy")

MAX_SIDE = 4
# exp(1e4) overflows: without the log-sum-exp shift, scores this large give inf/NaN.
HUGE_SCORE = 1e4


def softmax(u):
    """Softmax for the test's own expectations, row by row."""
    e = np.exp(u - u.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot(labels, C):
    targets = np.zeros((len(labels), C))
    targets[np.arange(len(labels)), labels] = 1.0
    return targets


@st.composite
def scores_and_labels(draw, max_side=MAX_SIDE, scale=3.0, bound=None):
    """Scores u (N, C) and integer labels (N,) in [0, C); C >= 2 classes."""
    N = draw(st.integers(min_value=1, max_value=max_side))
    C = draw(st.integers(min_value=2, max_value=max_side))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if bound is None:
        u = rng.normal(0.0, scale, size=(N, C))
    else:
        u = rng.uniform(-bound, bound, size=(N, C))
    return u, rng.integers(0, C, size=N)


@given(data=scores_and_labels())
def test_softmax_cross_entropy_du_is_output_minus_target_over_n(step2, data):
    """Property: du = (softmax(u) - onehot(d)) / N, for integer labels d."""
    u, labels = data
    _, du = step2.softmax_cross_entropy(u, labels)
    expected = (softmax(u) - one_hot(labels, u.shape[1])) / u.shape[0]
    inputs = {"u": u, "d": labels}
    assert_close(du, expected, "du of softmax_cross_entropy", inputs)


@given(data=scores_and_labels())
def test_softmax_cross_entropy_gradient_matches_numerical_gradient(step2, data):
    """Property: du is the numerical gradient of the returned loss."""
    u, labels = data
    _, du = step2.softmax_cross_entropy(u, labels)
    numeric = numerical_gradient(lambda: step2.softmax_cross_entropy(u, labels)[0], u)
    assert_gradient(du, numeric, "softmax_cross_entropy: du", {"u": u, "d": labels})


@given(data=scores_and_labels())
def test_softmax_cross_entropy_integer_and_one_hot_labels_agree(step2, data):
    """Property: labels d and their one-hot rows give the same loss and du."""
    u, labels = data
    targets = one_hot(labels, u.shape[1])
    inputs = {"u": u, "d": labels, "one-hot d": targets}
    loss_int, du_int = step2.softmax_cross_entropy(u, labels)
    loss_hot, du_hot = step2.softmax_cross_entropy(u, targets)
    assert_close(loss_hot, loss_int, "loss with one-hot d equals integer d", inputs)
    assert_close(du_hot, du_int, "du with one-hot d equals integer d", inputs)


@given(data=scores_and_labels())
def test_softmax_cross_entropy_is_the_mean_over_samples(step2, data):
    """Property: the batch loss is the mean of the losses of its single samples."""
    u, labels = data
    loss, _ = step2.softmax_cross_entropy(u, labels)
    per_sample = [
        step2.softmax_cross_entropy(u[n : n + 1], labels[n : n + 1])[0]
        for n in range(len(u))
    ]
    inputs = {"u": u, "d": labels}
    assert_close(loss, np.mean(per_sample), "loss is the mean over the batch", inputs)


@given(data=scores_and_labels(bound=1e3))
def test_softmax_cross_entropy_is_non_negative(step2, data):
    """Property: E >= 0 for any scores up to ±1e3, finite and without warnings."""
    u, labels = data
    inputs = {"u": u, "d": labels}
    with no_runtime_warnings("softmax_cross_entropy", inputs):
        loss, _ = step2.softmax_cross_entropy(u, labels)
    assert_true(
        np.isfinite(loss) and loss >= 0,
        "cross-entropy is finite and >= 0",
        inputs,
        detail=f"loss = {loss}",
    )


@given(data=scores_and_labels())
def test_softmax_cross_entropy_is_zero_on_a_perfect_prediction(step2, data):
    """Property: E = 0 and du = 0 when each label's score leads the rest by 1e4."""
    u, labels = data
    u = HUGE_SCORE * one_hot(labels, u.shape[1])
    inputs = {"u": u, "d": labels}
    with no_runtime_warnings("softmax_cross_entropy of a perfect prediction", inputs):
        loss, du = step2.softmax_cross_entropy(u, labels)
    assert_close(loss, 0.0, "cross-entropy of a perfect prediction", inputs)
    assert_close(du, np.zeros_like(u), "du of a perfect prediction", inputs)


def test_softmax_cross_entropy_fixed_example(step2):
    """u = (0, ln 3) for both samples, labels (1, 0).

    z = (1/4, 3/4). Sample 1: -log(3/4); sample 2: -log(1/4); E is their mean,
    du = (z - d) / 2 = ((1/4, -1/4), (-3/4, 3/4)) / 2.
    """
    u = np.array([[0.0, np.log(3.0)], [0.0, np.log(3.0)]])
    labels = np.array([1, 0])
    inputs = {"u": u, "d": labels}
    loss, du = step2.softmax_cross_entropy(u, labels)
    expected = (np.log(4 / 3) + np.log(4.0)) / 2
    assert_close(loss, expected, "softmax_cross_entropy loss", inputs)
    assert_close(
        du, [[0.125, -0.125], [-0.375, 0.375]], "softmax_cross_entropy du", inputs
    )


def test_softmax_cross_entropy_is_stable_for_huge_scores(step2):
    """Scores ±1e4: the wrong class wins by 2e4, so E = 2e4; no overflow, no log(0)."""
    u = np.array([[HUGE_SCORE, 0.0, -HUGE_SCORE]])
    labels = np.array([2])
    inputs = {"u": u, "d": labels}
    with no_runtime_warnings("softmax_cross_entropy of ±1e4", inputs):
        loss, du = step2.softmax_cross_entropy(u, labels)
    assert_close(loss, 2 * HUGE_SCORE, "loss of a confidently wrong prediction", inputs)
    assert_close(du, [[1.0, 0.0, -1.0]], "du of a confidently wrong prediction", inputs)


@pytest.mark.contract
@pytest.mark.parametrize(
    ("d", "error", "name"),
    [
        (np.array([0, 3]), ValueError, "labels d"),
        (np.array([0, -1]), ValueError, "labels d"),
        (np.array([0.0, 1.0]), TypeError, "d"),
        (np.array([0, 1, 2]), ValueError, "d"),
        (np.zeros((2, 2)), ValueError, "u and d"),
    ],
)
def test_softmax_cross_entropy_rejects_bad_targets(step2, d, error, name):
    with pytest.raises(error, match=name):
        step2.softmax_cross_entropy(np.zeros((2, 3)), d)
