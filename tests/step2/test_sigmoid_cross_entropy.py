"""STEP 2 — binary negative log-likelihood (음의 로그우도) with a sigmoid output layer.

z = sigmoid(u), E = -(1/N) Σ [d log z + (1 - d) log(1 - z)], ∂E/∂u = (z - d) / N.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlstart_check.checks import (
    assert_close,
    assert_gradient,
    assert_true,
    no_runtime_warnings,
)
from dlstart_check.gradcheck import numerical_gradient
from dlstart_check.strategies import arrays

pytestmark = pytest.mark.task("step2.sigmoid_cross_entropy")

MAX_SIDE = 4
# A score this large rounds sigmoid(u) to exactly 1.0, so log(1 - z) is log(0)
# unless the loss is computed from u directly.
SATURATED = 40.0
HUGE_SCORE = 1e4


def sigmoid(u):
    """Sigmoid for the test's own expectations (moderate u only)."""
    return 1.0 / (1.0 + np.exp(-u))


@st.composite
def scores_and_labels(draw, max_side=MAX_SIDE):
    """Scores u (N, M) and binary labels d (N, M) of 0.0 and 1.0."""
    side = st.integers(min_value=1, max_value=max_side)
    shape = (draw(side), draw(side))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.normal(0.0, 3.0, size=shape), rng.integers(0, 2, size=shape) * 1.0


@given(data=scores_and_labels())
def test_sigmoid_cross_entropy_du_is_output_minus_target_over_n(step2, data):
    """Property: du = (sigmoid(u) - d) / N."""
    u, d = data
    _, du = step2.sigmoid_cross_entropy(u, d)
    expected = (sigmoid(u) - d) / u.shape[0]
    assert_close(du, expected, "du of sigmoid_cross_entropy", {"u": u, "d": d})


@given(data=scores_and_labels())
def test_sigmoid_cross_entropy_gradient_matches_numerical_gradient(step2, data):
    """Property: du is the numerical gradient of the returned loss."""
    u, d = data
    _, du = step2.sigmoid_cross_entropy(u, d)
    numeric = numerical_gradient(lambda: step2.sigmoid_cross_entropy(u, d)[0], u)
    assert_gradient(du, numeric, "sigmoid_cross_entropy: du", {"u": u, "d": d})


@given(data=scores_and_labels())
def test_sigmoid_cross_entropy_is_the_mean_over_samples(step2, data):
    """Property: the batch loss is the mean of the losses of its single samples."""
    u, d = data
    loss, _ = step2.sigmoid_cross_entropy(u, d)
    per_sample = [
        step2.sigmoid_cross_entropy(u[n : n + 1], d[n : n + 1])[0]
        for n in range(len(u))
    ]
    inputs = {"u": u, "d": d}
    assert_close(loss, np.mean(per_sample), "loss is the mean over the batch", inputs)


@given(
    u=arrays((2, 3), bound=1e3),
    d=hnp.arrays(np.float64, (2, 3), elements=st.floats(min_value=0, max_value=1)),
)
def test_sigmoid_cross_entropy_is_non_negative(step2, u, d):
    """Property: E >= 0 for any scores and any targets in [0, 1]."""
    with no_runtime_warnings("sigmoid_cross_entropy", {"u": u, "d": d}):
        loss, _ = step2.sigmoid_cross_entropy(u, d)
    assert_true(
        np.isfinite(loss) and loss >= 0,
        "cross-entropy is finite and >= 0",
        {"u": u, "d": d},
        detail=f"loss = {loss}",
    )


@given(data=scores_and_labels())
def test_sigmoid_cross_entropy_is_zero_on_a_perfect_prediction(step2, data):
    """Property: E = 0 and du = 0 when every score is ±1e4 on the side of its label."""
    _, d = data
    u = HUGE_SCORE * (2.0 * d - 1.0)
    with no_runtime_warnings("sigmoid_cross_entropy of ±1e4", {"u": u, "d": d}):
        loss, du = step2.sigmoid_cross_entropy(u, d)
    assert_close(loss, 0.0, "cross-entropy of a perfect prediction", {"u": u, "d": d})
    assert_close(du, np.zeros_like(u), "du of a perfect prediction", {"u": u, "d": d})


def test_sigmoid_cross_entropy_fixed_example(step2):
    """Two samples, u = (0, ln 3) and d = (1, 0), every number by hand.

    Sample 1: z = 1/2, d = 1, -log z = ln 2. Sample 2: z = 3/4, d = 0,
    -log(1 - z) = ln 4. E = (ln 2 + ln 4) / 2 = 1.5 ln 2, du = ((-1/2), (3/4)) / 2.
    """
    u = np.array([[0.0], [np.log(3.0)]])
    d = np.array([[1.0], [0.0]])
    loss, du = step2.sigmoid_cross_entropy(u, d)
    assert_close(
        loss, 1.5 * np.log(2.0), "sigmoid_cross_entropy loss", {"u": u, "d": d}
    )
    assert_close(du, [[-0.25], [0.375]], "sigmoid_cross_entropy du", {"u": u, "d": d})


def test_sigmoid_cross_entropy_is_stable_for_saturated_scores(step2):
    """Scores ±40 and ±1e4 on the wrong side: E is their size, no log(0), no warning."""
    u = np.array([[SATURATED, -SATURATED, HUGE_SCORE, -HUGE_SCORE]])
    d = np.array([[0.0, 1.0, 0.0, 1.0]])
    with no_runtime_warnings("sigmoid_cross_entropy of saturated scores", {"u": u}):
        loss, du = step2.sigmoid_cross_entropy(u, d)
    # -log(1 - sigmoid(a)) = log(1 + e^a), and likewise for the label-1 side.
    expected = 2 * np.logaddexp(0.0, SATURATED) + 2 * HUGE_SCORE
    assert_close(loss, expected, "loss of saturated wrong scores", {"u": u, "d": d})
    assert_close(
        du, [[1.0, -1.0, 1.0, -1.0]], "du of saturated scores", {"u": u, "d": d}
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    ("u", "d", "name"),
    [
        (np.zeros((2, 1)), np.zeros((1, 2)), "u and d"),
        (np.zeros((2, 1)), np.array([[0.5], [1.5]]), "d"),
        (np.zeros(2), np.zeros(2), "u"),
    ],
)
def test_sigmoid_cross_entropy_rejects_bad_input(step2, u, d, name):
    with pytest.raises(ValueError, match=name):
        step2.sigmoid_cross_entropy(u, d)
