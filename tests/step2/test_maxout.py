"""STEP 2 — maxout units (맥스아웃): K affine pieces per unit, the largest wins."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_gradient,
    assert_shape,
    assert_true,
)
from dlstart_check.gradcheck import numerical_gradient_of_array

pytestmark = pytest.mark.task("step2.maxout")

# Pieces closer than this may swap places under a centred difference with
# h = 1e-5, where maxout has a kink; such draws are skipped.
TIE_MARGIN = 1e-3
# Gradient-check shapes stay small: every element costs two forward calls.
MAX_SIDE = 3
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@st.composite
def maxout_inputs(draw, max_side=MAX_SIDE):
    """x (N, D), W (K, M, D), b (K, M) and an upstream gradient dz (N, M)."""
    side = st.integers(min_value=1, max_value=max_side)
    N, D, M, K = draw(side), draw(side), draw(side), draw(side)
    # One seed for all four arrays keeps generation cheap.
    rng = np.random.default_rng(draw(SEEDS))
    return tuple(rng.normal(size=s) for s in ((N, D), (K, M, D), (K, M), (N, M)))


def pieces(x, W, b):
    """Every piece's total input, u[n, k, m] = x_n · W[k, m] + b[k, m], by loops."""
    N, (K, M, _) = x.shape[0], W.shape
    u = np.empty((N, K, M))
    for n in range(N):
        for k in range(K):
            for m in range(M):
                u[n, k, m] = x[n] @ W[k, m] + b[k, m]
    return u


def gap_to_runner_up(u):
    """Smallest distance between the winning piece and the next one (inf if K = 1)."""
    if u.shape[1] < 2:
        return np.inf
    ordered = np.sort(u, axis=1)
    return float(np.min(ordered[:, -1, :] - ordered[:, -2, :]))


@given(data=maxout_inputs(max_side=4))
def test_maxout_is_the_largest_piece(step2, data):
    """Property: z[n, m] = max_k u[n, k, m], so z is at least every piece."""
    x, W, b, _ = data
    inputs = {"x": x, "W": W, "b": b}
    u = pieces(x, W, b)
    z, _ = step2.maxout_forward(x, W, b)
    z = assert_shape(z, (x.shape[0], W.shape[1]), "maxout_forward output", inputs)
    assert_close(z, u.max(axis=1), "maxout equals the largest piece", inputs)


@given(data=maxout_inputs())
def test_maxout_of_one_piece_is_an_affine_layer(step2, data):
    """Property: with K = 1 maxout is u = x W[0]ᵀ + b[0]."""
    x, W, b, _ = data
    W, b = W[:1], b[:1]
    z, _ = step2.maxout_forward(x, W, b)
    inputs = {"x": x, "W": W, "b": b}
    assert_close(z, x @ W[0].T + b[0], "maxout with K = 1", inputs)


@given(data=maxout_inputs())
def test_maxout_backward_matches_numerical_gradient(step2, data):
    """Property: dx, dW, db match the numerical gradients (ties avoided)."""
    x, W, b, dz = data
    assume(gap_to_runner_up(pieces(x, W, b)) >= TIE_MARGIN)
    inputs = {"x": x, "W": W, "b": b, "dz": dz}
    _, cache = step2.maxout_forward(x, W, b)
    got = step2.maxout_backward(dz, cache)
    assert_true(
        isinstance(got, (tuple, list)) and len(got) == 3,
        "maxout_backward returns the tuple (dx, dW, db)",
        inputs,
    )
    for name, array, grad in zip(("dx", "dW", "db"), (x, W, b), got):
        numeric = numerical_gradient_of_array(
            lambda: step2.maxout_forward(x, W, b)[0], array, dz
        )
        assert_gradient(grad, numeric, f"maxout_backward: {name}", inputs)


def test_maxout_fixed_example(step2):
    """Two pieces of one unit, |x| = max(x, -x): the winner takes the gradient.

    x = (2, -3), pieces x and -x + 1/2, so z = (2, 3.5); with dz = (1, 10),
    dW[0] gets x_1 dz_1 = 2, dW[1] gets x_2 dz_2 = -30, db = (1, 10).
    """
    x = np.array([[2.0], [-3.0]])
    W = np.array([[[1.0]], [[-1.0]]])
    b = np.array([[0.0], [0.5]])
    dz = np.array([[1.0], [10.0]])
    inputs = {"x": x, "W": W, "b": b, "dz": dz}
    z, cache = step2.maxout_forward(x, W, b)
    assert_close(z, [[2.0], [3.5]], "maxout_forward", inputs)
    dx, dW, db = step2.maxout_backward(dz, cache)
    assert_close(dx, [[1.0], [-10.0]], "maxout_backward: dx", inputs)
    assert_close(dW, [[[2.0]], [[-30.0]]], "maxout_backward: dW", inputs)
    assert_close(db, [[1.0], [10.0]], "maxout_backward: db", inputs)


@pytest.mark.contract
@pytest.mark.parametrize(
    ("W_shape", "b_shape", "name"),
    [((2, 3, 5), (2, 3), "W"), ((2, 3, 4), (3, 2), "b"), ((3, 4), (2, 3), "W")],
)
def test_maxout_rejects_mismatched_shapes(step2, W_shape, b_shape, name):
    x = np.zeros((2, 4))
    with pytest.raises(ValueError, match=name):
        step2.maxout_forward(x, np.zeros(W_shape), np.zeros(b_shape))
