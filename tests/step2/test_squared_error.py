"""STEP 2 — squared error (제곱오차) with an identity output layer, for regression.

E = (1 / 2N) Σ_n ‖u_n - d_n‖², and ∂E/∂u = (z - d) / N with z = u.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close, assert_gradient, assert_true
from dlstart_check.gradcheck import numerical_gradient
from dlstart_check.strategies import arrays, random_arrays

pytestmark = pytest.mark.task("step2.squared_error")

MAX_SIDE = 4


@st.composite
def outputs_and_targets(draw, max_side=MAX_SIDE):
    """Network outputs u (N, M) and regression targets d (N, M)."""
    side = st.integers(min_value=1, max_value=max_side)
    shape = (draw(side), draw(side))
    # One draw for both arrays keeps generation cheap.
    u, d = draw(random_arrays((2, *shape), scale=2.0))
    return u.copy(), d.copy()


@given(data=outputs_and_targets())
def test_squared_error_du_is_output_minus_target_over_n(step2, data):
    """Property: du = (z - d) / N, with z = u for the identity output layer."""
    u, d = data
    _, du = step2.squared_error(u, d)
    assert_close(du, (u - d) / u.shape[0], "du of squared_error", {"u": u, "d": d})


@given(data=outputs_and_targets())
def test_squared_error_gradient_matches_numerical_gradient(step2, data):
    """Property: du is the numerical gradient of the returned loss."""
    u, d = data
    _, du = step2.squared_error(u, d)
    numeric = numerical_gradient(lambda: step2.squared_error(u, d)[0], u)
    assert_gradient(du, numeric, "squared_error: du", {"u": u, "d": d})


@given(data=outputs_and_targets())
def test_squared_error_is_the_mean_over_samples(step2, data):
    """Property: the batch loss is the mean of the losses of its single samples."""
    u, d = data
    loss, _ = step2.squared_error(u, d)
    per_sample = [
        step2.squared_error(u[n : n + 1], d[n : n + 1])[0] for n in range(len(u))
    ]
    assert_close(
        loss, np.mean(per_sample), "loss is the mean over the batch", {"u": u, "d": d}
    )


@given(u=arrays((3, 2), bound=1e3), d=arrays((3, 2), bound=1e3))
def test_squared_error_is_non_negative_and_zero_only_at_the_target(step2, u, d):
    """Property: E >= 0, and E = 0 when u = d."""
    loss, _ = step2.squared_error(u, d)
    assert_true(
        loss >= 0, "squared error >= 0", {"u": u, "d": d}, detail=f"loss = {loss}"
    )
    loss_at_target, du = step2.squared_error(d, d)
    assert_close(loss_at_target, 0.0, "squared error at u = d", {"d": d}, atol=0)
    assert_close(du, np.zeros_like(d), "du at u = d", {"d": d}, atol=0)


def test_squared_error_fixed_example(step2):
    """Two samples: E = (1/2·2)(1² + 2² + 0² + 3²) = 3.5, du = (u - d) / 2."""
    u = np.array([[1.0, 2.0], [0.0, -3.0]])
    d = np.array([[0.0, 0.0], [0.0, 0.0]])
    loss, du = step2.squared_error(u, d)
    assert_close(loss, 3.5, "squared_error loss", {"u": u, "d": d})
    assert_close(du, [[0.5, 1.0], [0.0, -1.5]], "squared_error du", {"u": u, "d": d})


@pytest.mark.contract
@pytest.mark.parametrize(
    ("u_shape", "d_shape", "name"), [((2, 3), (3, 2), "u and d"), ((2,), (2,), "u")]
)
def test_squared_error_rejects_mismatched_shapes(step2, u_shape, d_shape, name):
    with pytest.raises(ValueError, match=name):
        step2.squared_error(np.zeros(u_shape), np.zeros(d_shape))
