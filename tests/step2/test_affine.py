"""STEP 2 — the fully connected (affine) layer (전결합층): u = x Wᵀ + b."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_gradient,
    assert_shape,
    assert_true,
)
from dlstart_check.gradcheck import numerical_gradient_of_array

pytestmark = pytest.mark.task("step2.affine")

# Gradient-check shapes stay small: every element costs two forward calls.
MAX_SIDE = 4
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@st.composite
def affine_inputs(draw, max_side=MAX_SIDE):
    """x (N, D), W (M, D), b (M,) and an upstream gradient du (N, M)."""
    side = st.integers(min_value=1, max_value=max_side)
    N, D, M = draw(side), draw(side), draw(side)
    # One seed for all four arrays keeps generation cheap.
    rng = np.random.default_rng(draw(SEEDS))
    return tuple(rng.normal(size=shape) for shape in ((N, D), (M, D), (M,), (N, M)))


@given(data=affine_inputs(max_side=5))
def test_affine_forward_is_a_weighted_sum_plus_bias(step2, data):
    """Property: u[n, j] = Σ_i W[j, i] x[n, i] + b[j], the notes' formula, by loops."""
    x, W, b, _ = data
    N, (M, D) = x.shape[0], W.shape
    expected = np.array(
        [
            [sum(W[j, i] * x[n, i] for i in range(D)) + b[j] for j in range(M)]
            for n in range(N)
        ]
    )
    u, _ = step2.affine_forward(x, W, b)
    assert_close(u, expected, "affine_forward", {"x": x, "W": W, "b": b})


@given(data=affine_inputs())
def test_affine_backward_matches_numerical_gradient(step2, data):
    """Property: dx = du W, dW = duᵀ x, db = Σ_n du match the numerical gradients."""
    x, W, b, du = data
    inputs = {"x": x, "W": W, "b": b, "du": du}
    _, cache = step2.affine_forward(x, W, b)
    got = step2.affine_backward(du, cache)
    assert_true(
        isinstance(got, (tuple, list)) and len(got) == 3,
        "affine_backward returns the tuple (dx, dW, db)",
        inputs,
    )
    for name, array, grad in zip(("dx", "dW", "db"), (x, W, b), got):
        numeric = numerical_gradient_of_array(
            lambda: step2.affine_forward(x, W, b)[0], array, du
        )
        assert_gradient(grad, numeric, f"affine_backward: {name}", inputs)


@given(data=affine_inputs())
def test_affine_gradients_are_sums_over_the_batch(step2, data):
    """Property: dW and db of a batch are the sums of those of its single samples."""
    x, W, b, du = data
    _, cache = step2.affine_forward(x, W, b)
    _, dW, db = step2.affine_backward(du, cache)
    dW_sum, db_sum = np.zeros_like(W), np.zeros_like(b)
    for n in range(x.shape[0]):
        _, cache_n = step2.affine_forward(x[n : n + 1], W, b)
        _, dW_n, db_n = step2.affine_backward(du[n : n + 1], cache_n)
        dW_sum += assert_shape(dW_n, W.shape, "dW of one sample")
        db_sum += assert_shape(db_n, b.shape, "db of one sample")
    inputs = {"x": x, "du": du}
    assert_close(dW, dW_sum, "dW equals the sum of per-sample dW", inputs)
    assert_close(db, db_sum, "db equals the sum of per-sample db", inputs)


def test_affine_fixed_example(step2):
    """Two samples, three inputs, two units; every number by hand.

    u = x Wᵀ + b = [[1·1 + 2·0 + 3·(-1) + 0.5, 1·2 + 2·1 + 0 - 1],
                    [0 + 0 + 1·(-1) + 0.5,     0 + 0 + 0 - 1]].
    """
    x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    b = np.array([0.5, -1.0])
    du = np.array([[1.0, 0.0], [2.0, -1.0]])
    inputs = {"x": x, "W": W, "b": b, "du": du}
    u, cache = step2.affine_forward(x, W, b)
    assert_close(u, [[-1.5, 3.0], [-0.5, -1.0]], "affine_forward", inputs)
    dx, dW, db = step2.affine_backward(du, cache)
    assert_close(dx, [[1.0, 0.0, -1.0], [0.0, -1.0, -2.0]], "dx = du W", inputs)
    assert_close(dW, [[1.0, 2.0, 5.0], [0.0, 0.0, -1.0]], "dW = duᵀ x", inputs)
    assert_close(db, [3.0, -1.0], "db = Σ_n du", inputs)


@pytest.mark.contract
@pytest.mark.parametrize(
    ("x_shape", "W_shape", "b_shape", "name"),
    [
        ((2, 3), (4, 5), (4,), "W"),
        ((2, 3), (4, 3), (3,), "b"),
        ((3,), (4, 3), (4,), "x"),
        ((2, 3), (4, 3), (4, 1), "b"),
    ],
)
def test_affine_rejects_mismatched_shapes(step2, x_shape, W_shape, b_shape, name):
    with pytest.raises(ValueError, match=name):
        step2.affine_forward(np.zeros(x_shape), np.zeros(W_shape), np.zeros(b_shape))
