"""Hidden graded tests of STEP 2: worked examples, kept out of the release.

A student sees only whether each passed and its points. They repeat no public
test: each pins a case the public properties reach only by chance (a long run
of updates, extreme scores, a batch of one), so a solution tuned to the public
tests alone does not pass them by construction.
"""

import math

import numpy as np
import pytest

from dlstart_check.checks import assert_close, no_runtime_warnings

# Worked examples are exact up to rounding of a few operations.
EXAMPLE_RTOL = 1e-12


@pytest.mark.task("step2.softmax")
def test_softmax_of_equal_very_negative_scores_is_uniform(step2):
    """softmax([-1e4, -1e4, -1e4, -1e4]) = 1/4 each, with no warning.

    Without the max shift every exp underflows to 0 and the row becomes 0/0.
    """
    u = np.full((2, 4), -1e4)
    with no_runtime_warnings("softmax of very negative scores", {"u": u}):
        z = step2.softmax(u)
    assert_close(z, np.full((2, 4), 0.25), "softmax of equal scores", {"u": u})


@pytest.mark.task("step2.sigmoid_cross_entropy")
def test_sigmoid_cross_entropy_of_a_confident_mistake(step2):
    """u = 800, d = 0: loss = log(1 + e^800) ≈ 800, du = (1 - 0) / 1 = 1.

    The naive -log(1 - sigmoid(u)) is log(0) here.
    """
    u, d = np.array([[800.0]]), np.array([[0.0]])
    with no_runtime_warnings("sigmoid_cross_entropy, saturated", {"u": u, "d": d}):
        loss, du = step2.sigmoid_cross_entropy(u, d)
    expected = 800.0 + math.log1p(math.exp(-800.0))
    assert_close(loss, expected, "loss of a confident mistake", {"u": u, "d": d})
    assert_close(du, np.array([[1.0]]), "du of a confident mistake", {"u": u})


@pytest.mark.task("step2.affine")
def test_affine_backward_on_a_batch_of_one(step2):
    """x = [1, 2], W = [[1, 0], [0, 1], [1, 1]], du = [1, 2, 3].

    dx = du W = [4, 5]; dW = duᵀ x = [[1, 2], [2, 4], [3, 6]]; db = du = [1, 2, 3].
    """
    x = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    b = np.zeros(3)
    du = np.array([[1.0, 2.0, 3.0]])
    _, cache = step2.affine_forward(x, W, b)
    dx, dW, db = step2.affine_backward(du, cache)
    inputs = {"x": x, "W": W, "du": du}
    assert_close(dx, np.array([[4.0, 5.0]]), "dx", inputs, rtol=EXAMPLE_RTOL)
    expected_dW = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    assert_close(dW, expected_dW, "dW", inputs, rtol=EXAMPLE_RTOL)
    assert_close(db, np.array([1.0, 2.0, 3.0]), "db", inputs, rtol=EXAMPLE_RTOL)
