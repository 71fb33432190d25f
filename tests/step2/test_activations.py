"""STEP 2 — activation functions (활성화 함수) and their derivatives.

One class per task: identity, step, sigmoid, tanh, ReLU. Each checks properties
of the forward values on drawn inputs, the backward pass against the numerical
gradient, and a few hand-computed values.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_gradient,
    assert_shape,
    assert_true,
    no_runtime_warnings,
)
from dlstart_check.gradcheck import numerical_gradient_of_array
from dlstart_check.strategies import arrays, away_from, random_arrays, shapes

# exp(1e4) overflows float64 (max ~1.8e308 = e^709.8): a naive sigmoid warns here.
HUGE_INPUT = 1e4
# Below this |u|, sigmoid(u) and tanh(u) are representably inside their open range:
# 1 - sigmoid(30) = 9.4e-14 and 1 - tanh(15) = 1.9e-13, far above float64's 1.1e-16.
SIGMOID_OPEN_RANGE_BOUND = 30.0
TANH_OPEN_RANGE_BOUND = 15.0
# Element-drawn inputs: small enough that drawing 150 of them stays cheap.
VALUE_SHAPES = shapes(min_dims=1, max_dims=2, max_side=4)
# A centred difference with h = 1e-5 straddles a kink closer than this.
KINK_MARGIN = 1e-3
# Where sigmoid and tanh saturate, their slope falls towards the rounding noise of a
# centred difference (~1e-16 / 2h = 5e-12) and the relative error exceeds
# GRAD_REL_TOL; gradient checks draw |u| <= 4, where the slope is >= 1e-3.
SLOPE_CHECK_BOUND = 4.0


@st.composite
def input_and_upstream(draw, scale=1.5):
    """An input u of a drawn shape and an upstream gradient dz of the same shape."""
    shape = draw(VALUE_SHAPES)
    # One draw for both arrays keeps generation cheap.
    u, dz = draw(random_arrays((2, *shape)))
    return scale * u, dz.copy()


def check_backward(forward, backward, u, dz, what):
    """Fail unless backward(dz, cache) is the numerical gradient of Σ f(u) ⊙ dz."""
    z, cache = forward(u)
    assert_shape(z, u.shape, f"{what}: the forward output keeps the shape", {"u": u})
    du = backward(dz, cache)
    numeric = numerical_gradient_of_array(lambda: forward(u)[0], u, dz)
    assert_gradient(du, numeric, what, {"u": u, "dz": dz})


def check_fixed(forward, backward, u, z_expected, slope_expected, what):
    """Fail unless f(u) = z_expected and, with dz = 1, du = f'(u) = slope_expected."""
    u = np.asarray(u, dtype=np.float64)
    z, cache = forward(u)
    assert_close(z, z_expected, f"{what}: f(u)", {"u": u})
    du = backward(np.ones_like(u), cache)
    assert_close(du, slope_expected, f"{what}: f'(u) (backward with dz = 1)", {"u": u})


class TestIdentity:
    pytestmark = pytest.mark.task("step2.identity")

    @given(u=arrays(VALUE_SHAPES, bound=1e6))
    def test_identity_returns_its_input(self, step2, u):
        """Property: f(u) = u elementwise, for any shape."""
        z, _ = step2.identity_forward(u)
        assert_close(z, u, "identity_forward(u) equals u", {"u": u}, rtol=0, atol=0)

    @given(data=input_and_upstream())
    def test_identity_backward_matches_numerical_gradient(self, step2, data):
        """Property: du = dz (f' = 1) matches the numerical gradient."""
        u, dz = data
        forward, backward = step2.identity_forward, step2.identity_backward
        check_backward(forward, backward, u, dz, "identity_backward")

    def test_identity_fixed_example(self, step2):
        """f(-2, 0, 3.5) = (-2, 0, 3.5) and f' = 1 everywhere."""
        u = [[-2.0, 0.0, 3.5]]
        forward, backward = step2.identity_forward, step2.identity_backward
        check_fixed(forward, backward, u, u, np.ones((1, 3)), "identity")

    @pytest.mark.contract
    @pytest.mark.parametrize("bad", [None, "abc", np.array([1, 2], dtype=object)])
    def test_identity_rejects_non_numeric_input(self, step2, bad):
        with pytest.raises(TypeError, match="u"):
            step2.identity_forward(bad)


class TestStep:
    pytestmark = pytest.mark.task("step2.step")

    @given(u=arrays(VALUE_SHAPES, bound=HUGE_INPUT))
    def test_step_is_one_exactly_where_u_is_non_negative(self, step2, u):
        """Property: step(u) = 1 where u >= 0 and 0 where u < 0, nothing else."""
        z, _ = step2.step_forward(u)
        expected = np.where(u >= 0, 1.0, 0.0)
        assert_close(z, expected, "step_forward", {"u": u}, rtol=0, atol=0)

    @given(data=input_and_upstream())
    def test_step_backward_is_zero_away_from_the_jump(self, step2, data):
        """Property: away from u = 0 the derivative is 0, so du = 0 for any dz."""
        u, dz = data
        assume(away_from(u, [0.0], KINK_MARGIN))
        check_backward(step2.step_forward, step2.step_backward, u, dz, "step_backward")

    def test_step_fixed_example(self, step2):
        """step(-1, 0, 2) = (0, 1, 1): the jump belongs to the upper side, u = 0 ↦ 1."""
        forward, backward = step2.step_forward, step2.step_backward
        check_fixed(forward, backward, [-1.0, 0.0, 2.0], [0, 1, 1], [0, 0, 0], "step")


class TestSigmoid:
    pytestmark = pytest.mark.task("step2.sigmoid")

    @given(u=arrays(VALUE_SHAPES, bound=HUGE_INPUT))
    def test_sigmoid_lies_in_0_1_without_overflow(self, step2, u):
        """Property: 0 <= sigmoid(u) <= 1 for |u| <= 1e4, with no RuntimeWarning.

        For |u| this large the exact value rounds to 0.0 or 1.0, which is right.
        """
        with no_runtime_warnings("sigmoid_forward without overflow", {"u": u}):
            z, _ = step2.sigmoid_forward(u)
        z = assert_shape(z, u.shape, "sigmoid_forward keeps the shape", {"u": u})
        assert_true(
            np.all((z >= 0) & (z <= 1)), "sigmoid(u) lies in [0, 1]", {"u": u, "z": z}
        )

    @given(u=arrays(VALUE_SHAPES, bound=SIGMOID_OPEN_RANGE_BOUND))
    def test_sigmoid_is_strictly_inside_0_1_for_moderate_inputs(self, step2, u):
        """Property: 0 < sigmoid(u) < 1 for |u| <= 30, where both are representable."""
        z, _ = step2.sigmoid_forward(u)
        z = assert_shape(z, u.shape, "sigmoid_forward keeps the shape", {"u": u})
        assert_true(
            np.all((z > 0) & (z < 1)), "sigmoid(u) lies in (0, 1)", {"u": u, "z": z}
        )

    @given(u=arrays(VALUE_SHAPES, bound=100.0))
    def test_sigmoid_of_minus_u_is_one_minus_sigmoid_of_u(self, step2, u):
        """Property: sigmoid(-u) = 1 - sigmoid(u)."""
        z_minus, _ = step2.sigmoid_forward(-u)
        z, _ = step2.sigmoid_forward(u)
        assert_close(
            z_minus, 1.0 - np.asarray(z), "sigmoid(-u) equals 1 - sigmoid(u)", {"u": u}
        )

    @given(data=input_and_upstream())
    def test_sigmoid_backward_matches_numerical_gradient(self, step2, data):
        """Property: du = dz f(u)(1 - f(u)) matches the numerical gradient."""
        u, dz = data
        assume(np.all(np.abs(u) <= SLOPE_CHECK_BOUND))
        forward, backward = step2.sigmoid_forward, step2.sigmoid_backward
        check_backward(forward, backward, u, dz, "sigmoid_backward")

    def test_sigmoid_fixed_example(self, step2):
        """sigmoid(0, ln 3, -ln 3) = (1/2, 3/4, 1/4), slopes (1/4, 3/16, 3/16)."""
        u = [0.0, np.log(3.0), -np.log(3.0)]
        forward, backward = step2.sigmoid_forward, step2.sigmoid_backward
        z = [0.5, 0.75, 0.25]
        check_fixed(forward, backward, u, z, [0.25, 3 / 16, 3 / 16], "sigmoid")

    def test_sigmoid_saturates_exactly_for_huge_inputs(self, step2):
        """sigmoid(±1e4) is exactly 1 and 0, with slope 0, and no overflow warning."""
        u = np.array([HUGE_INPUT, -HUGE_INPUT])
        with no_runtime_warnings("sigmoid of ±1e4 without overflow", {"u": u}):
            z, cache = step2.sigmoid_forward(u)
            du = step2.sigmoid_backward(np.ones(2), cache)
        assert_close(z, [1.0, 0.0], "sigmoid(±1e4)", {"u": u}, atol=0)
        assert_close(du, [0.0, 0.0], "sigmoid'(±1e4)", {"u": u})

    @pytest.mark.contract
    def test_sigmoid_rejects_text(self, step2):
        with pytest.raises(TypeError, match="u"):
            step2.sigmoid_forward("0.5")


class TestTanh:
    pytestmark = pytest.mark.task("step2.tanh")

    @given(u=arrays(VALUE_SHAPES, bound=TANH_OPEN_RANGE_BOUND))
    def test_tanh_is_odd_and_strictly_inside_minus_1_1(self, step2, u):
        """Property: tanh(-u) = -tanh(u) and -1 < tanh(u) < 1 for |u| <= 15."""
        z, _ = step2.tanh_forward(u)
        z = assert_shape(z, u.shape, "tanh_forward keeps the shape", {"u": u})
        assert_true(np.all(np.abs(z) < 1), "tanh(u) lies in (-1, 1)", {"u": u, "z": z})
        z_minus, _ = step2.tanh_forward(-u)
        assert_close(z_minus, -z, "tanh(-u) equals -tanh(u)", {"u": u})

    @given(u=arrays(VALUE_SHAPES, bound=TANH_OPEN_RANGE_BOUND))
    def test_tanh_is_a_rescaled_sigmoid(self, step2, u):
        """Property: tanh(u) = 2 sigmoid(2u) - 1 (sigmoid written here in the test)."""
        z, _ = step2.tanh_forward(u)
        expected = 2.0 / (1.0 + np.exp(-2.0 * u)) - 1.0
        assert_close(z, expected, "tanh(u) equals 2 sigmoid(2u) - 1", {"u": u})

    @given(data=input_and_upstream())
    def test_tanh_backward_matches_numerical_gradient(self, step2, data):
        """Property: du = dz (1 - tanh(u)²) matches the numerical gradient."""
        u, dz = data
        assume(np.all(np.abs(u) <= SLOPE_CHECK_BOUND))
        check_backward(step2.tanh_forward, step2.tanh_backward, u, dz, "tanh_backward")

    def test_tanh_fixed_example(self, step2):
        """tanh(0, ln 2, -ln 2) = (0, 0.6, -0.6), slopes (1, 0.64, 0.64)."""
        u = [0.0, np.log(2.0), -np.log(2.0)]
        forward, backward = step2.tanh_forward, step2.tanh_backward
        check_fixed(forward, backward, u, [0, 0.6, -0.6], [1, 0.64, 0.64], "tanh")

    def test_tanh_saturates_without_warning(self, step2):
        """tanh(±1e4) = ±1 with slope 0 and no RuntimeWarning."""
        u = np.array([HUGE_INPUT, -HUGE_INPUT])
        with no_runtime_warnings("tanh of ±1e4 without overflow", {"u": u}):
            z, cache = step2.tanh_forward(u)
            du = step2.tanh_backward(np.ones(2), cache)
        assert_close(z, [1.0, -1.0], "tanh(±1e4)", {"u": u}, atol=0)
        assert_close(du, [0.0, 0.0], "tanh'(±1e4)", {"u": u})


class TestRelu:
    pytestmark = pytest.mark.task("step2.relu")

    @given(u=arrays(VALUE_SHAPES, bound=HUGE_INPUT))
    def test_relu_is_idempotent_and_non_negative(self, step2, u):
        """Property: relu(relu(u)) = relu(u) >= 0."""
        z, _ = step2.relu_forward(u)
        z = assert_shape(z, u.shape, "relu_forward keeps the shape", {"u": u})
        assert_true(np.all(z >= 0), "relu(u) >= 0", {"u": u, "z": z})
        zz, _ = step2.relu_forward(z)
        assert_close(zz, z, "relu(relu(u)) equals relu(u)", {"u": u}, rtol=0, atol=0)

    @given(u=arrays(VALUE_SHAPES, bound=HUGE_INPUT))
    def test_relu_of_u_minus_relu_of_minus_u_is_u(self, step2, u):
        """Property: relu(u) - relu(-u) = u (the positive and negative parts)."""
        z, _ = step2.relu_forward(u)
        z_minus, _ = step2.relu_forward(-u)
        got = np.asarray(z) - np.asarray(z_minus)
        assert_close(got, u, "relu(u) - relu(-u) equals u", {"u": u}, rtol=0, atol=0)

    @given(data=input_and_upstream())
    def test_relu_backward_matches_numerical_gradient(self, step2, data):
        """Property: du = dz where u > 0 and 0 where u < 0 (kink at 0 avoided)."""
        u, dz = data
        assume(away_from(u, [0.0], KINK_MARGIN))
        check_backward(step2.relu_forward, step2.relu_backward, u, dz, "relu_backward")

    def test_relu_fixed_example(self, step2):
        """relu(-2, -0.5, 0.5, 3) = (0, 0, 0.5, 3), slopes (0, 0, 1, 1)."""
        u = [-2.0, -0.5, 0.5, 3.0]
        forward, backward = step2.relu_forward, step2.relu_backward
        check_fixed(forward, backward, u, [0, 0, 0.5, 3], [0, 0, 1, 1], "relu")

    def test_relu_backward_masks_by_the_input_not_by_the_gradient(self, step2):
        """A negative upstream gradient passes where u > 0 and stops where u < 0."""
        u = np.array([[2.0, -1.0, 3.0]])
        dz = np.array([[-5.0, 4.0, 0.5]])
        _, cache = step2.relu_forward(u)
        du = step2.relu_backward(dz, cache)
        assert_close(du, [[-5.0, 0.0, 0.5]], "relu_backward", {"u": u, "dz": dz})
