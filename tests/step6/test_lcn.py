"""STEP 6 — local contrast normalization (국소 콘트라스트 정규화, LCN).

Subtractive normalization (감산 정규화) subtracts the Gaussian-weighted mean of
the window over all channels; divisive normalization (제산 정규화) divides by the
local standard deviation, floored. The oracles restate the definitions with
loops (step6_oracles.py), border rule included: the window's weights inside
the image are renormalized.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from step6_oracles import gaussian_weights, local_mean_direct

from dlstart_check.checks import assert_close, assert_gradient, assert_true
from dlstart_check.gradcheck import numerical_gradient_of_array
from dlstart_check.strategies import random_arrays

pytestmark = pytest.mark.task("step6.lcn")

WINDOW_SIZES = st.sampled_from([1, 3, 5])
SIGMAS = st.floats(min_value=0.5, max_value=2.0)
IMAGES = random_arrays(
    st.tuples(
        st.integers(1, 2), st.integers(1, 3), st.integers(1, 6), st.integers(1, 6)
    )
)
# Near σ = floor the divisor has a kink; the gradient checks keep every σ this
# far (relatively) from the floor so that h = 1e-5 never crosses it.
KINK_MARGIN = 1e-3
# A flat image with noise of this amplitude: low contrast that must not be
# amplified, because the floor is far above it.
NOISE = 1e-4
FLOOR = 0.1
# The upstream gradient of the gradient checks comes from its own generator,
# never one hypothesis can also draw for x: with dout ∥ x the divisive step's
# input gradient is exactly 0 (it is scale invariant above the floor), and the
# check would compare rounding noise.
DOUT_SEED = 271_828_182


def _local_std(x, size, sigma):
    return np.sqrt(local_mean_direct(x * x, size, sigma))


def _inputs(x, size, sigma, floor=None):
    inputs = {"x": x, "size": size, "sigma": sigma}
    if floor is not None:
        inputs["floor"] = floor
    return inputs


PLANES = random_arrays(
    st.tuples(st.integers(1, 2), st.integers(1, 5), st.integers(1, 5))
)


@given(a=PLANES, size=WINDOW_SIZES)
def test_window_sum_is_the_zero_padded_weighted_sum(step6, a, size):
    """Property: out[n,i,j] = Σ_pq w[p,q] a[n, i+p-r, j+q-r], zeros outside."""
    w = np.random.default_rng(0).uniform(size=(size, size))
    r = size // 2
    padded = np.pad(a, ((0, 0), (r, r), (r, r)))
    expected = np.zeros_like(a)
    for p in range(size):
        for q in range(size):
            expected += w[p, q] * padded[:, p : p + a.shape[1], q : q + a.shape[2]]
    assert_close(step6.window_sum(a, w), expected, "window_sum", {"a": a, "window": w})


@given(x=IMAGES, size=WINDOW_SIZES, sigma=SIGMAS)
def test_subtractive_subtracts_the_weighted_mean_of_all_channels(step6, x, size, sigma):
    """Property: out = x - m, m the Gaussian-weighted window mean over all channels."""
    out, _ = step6.lcn_subtractive_forward(x, size=size, sigma=sigma)
    expected = x - local_mean_direct(x, size, sigma)[:, None]
    assert_close(out, expected, "subtractive normalization", _inputs(x, size, sigma))


def test_subtractive_leaves_zero_local_mean(step6):
    """After the subtractive step the weighted local mean is 0.

    The image is a constant plus a linear ramp (the same in every channel) plus
    a pattern whose channels sum to 0 at every pixel. The local mean of a ramp is
    its centre value away from the border (the window is symmetric), so there
    the output is the pattern, whose weighted local mean over channels is 0:
    checked where the whole window lies in that interior (2r from the border).
    """
    size, sigma, side = 5, 1.0, 11
    r = size // 2
    rng = np.random.default_rng(5)
    pattern = rng.normal(size=(2, 3, side, side))
    pattern -= pattern.mean(axis=1, keepdims=True)
    i, j = np.meshgrid(np.arange(side * 1.0), np.arange(side * 1.0), indexing="ij")
    x = pattern + 4.0 + 0.3 * i - 0.7 * j
    out, _ = step6.lcn_subtractive_forward(x, size=size, sigma=sigma)
    inner = (slice(None), slice(None), slice(r, -r), slice(r, -r))
    assert_close(
        np.asarray(out)[inner],
        pattern[inner],
        "subtractive normalization removes a constant and a ramp (interior)",
        {"x": x},
    )
    assert_close(
        local_mean_direct(np.asarray(out, dtype=float), size, sigma)[
            :, 2 * r : -2 * r, 2 * r : -2 * r
        ],
        np.zeros((2, side - 4 * r, side - 4 * r)),
        "the weighted local mean after subtractive normalization is 0",
        {"x": x},
    )


def test_subtractive_of_a_constant_image_is_zero_up_to_the_border(step6):
    """A constant image has its own value as local mean everywhere, borders too."""
    x = np.full((1, 2, 5, 6), 3.0)
    out, _ = step6.lcn_subtractive_forward(x, size=5, sigma=1.5)
    assert_close(out, np.zeros_like(x), "subtractive LCN of a constant", {"x": x})


@given(x=IMAGES, size=WINDOW_SIZES, sigma=SIGMAS, floor=st.floats(0.05, 2.0))
def test_divisive_divides_by_the_floored_local_std(step6, x, size, sigma, floor):
    """Property: out = x / max(σ, floor), σ² the weighted local mean of x²."""
    out, _ = step6.lcn_divisive_forward(x, size=size, sigma=sigma, floor=floor)
    divisor = np.maximum(_local_std(x, size, sigma), floor)
    assert_close(
        out,
        x / divisor[:, None],
        "divisive normalization",
        _inputs(x, size, sigma, floor),
    )


def test_divisive_does_not_amplify_a_flat_low_contrast_image(step6):
    """The floor: noise of 1e-4 on a flat image stays ≤ 1e-4 / floor, not ~1.

    Dividing by σ alone would blow this noise up to unit size (the notes'
    reason for the floor).
    """
    rng = np.random.default_rng(6)
    x = NOISE * rng.normal(size=(1, 3, 8, 8))
    out, _ = step6.lcn_divisive_forward(x, size=3, sigma=1.0, floor=FLOOR)
    out = np.asarray(out, dtype=float)
    assert_true(
        np.max(np.abs(out)) <= np.max(np.abs(x)) / FLOOR * (1 + 1e-9),
        "divisive normalization does not amplify low contrast beyond 1/floor",
        {"x": x},
        detail=f"max |out| = {np.max(np.abs(out)):.3g}, "
        f"max |x| / floor = {np.max(np.abs(x)) / FLOOR:.3g}",
    )


def test_divisive_scales_high_contrast_to_unit_std(step6):
    """Where σ is above the floor, a region of constant σ comes out with σ = 1."""
    x = np.zeros((1, 1, 6, 6))
    x[0, 0] = np.where((np.arange(6)[:, None] + np.arange(6)) % 2 == 0, 5.0, -5.0)
    out, _ = step6.lcn_divisive_forward(x, size=3, sigma=1.0, floor=FLOOR)
    assert_close(out, x / 5.0, "divisive LCN of a ±5 checkerboard", {"x": x})


@pytest.mark.contract
def test_gaussian_window_is_the_normalized_gaussian(step6):
    """Weights ∝ exp(-(p² + q²) / 2σ²), summing to 1 (provided, not graded)."""
    assert_close(
        step6.gaussian_window(5, 1.3), gaussian_weights(5, 1.3), "gaussian_window"
    )


def _window_holds_several_values(x, size):
    """Whether each normalization window sees more than one value of x.

    With a single value (one channel and a window of one pixel) the output is
    0 or ±1 whatever x is: its gradient is exactly 0, and a gradient check
    would compare rounding noise only.
    """
    _, C, H, W = x.shape
    return C * min(H, size) * min(W, size) >= 2


def _check_layer_gradient(forward, backward, what, x, **kwargs):
    out, cache = forward(x, **kwargs)
    dout = np.random.default_rng(DOUT_SEED).normal(size=np.shape(out))
    dx = backward(dout, cache)
    numeric = numerical_gradient_of_array(lambda: forward(x, **kwargs)[0], x, dout)
    assert_gradient(dx, numeric, what, {"x": x, **kwargs})


@given(x=IMAGES, size=WINDOW_SIZES, sigma=SIGMAS)
def test_subtractive_backward_matches_the_numerical_gradient(step6, x, size, sigma):
    """Property: dx agrees with centred differences (≤ 1e-7)."""
    assume(_window_holds_several_values(x, size))
    _check_layer_gradient(
        step6.lcn_subtractive_forward,
        step6.lcn_subtractive_backward,
        "lcn_subtractive_backward",
        x,
        size=size,
        sigma=sigma,
    )


@given(x=IMAGES, size=WINDOW_SIZES, sigma=SIGMAS, floor=st.floats(0.3, 1.5))
def test_divisive_backward_matches_the_numerical_gradient(step6, x, size, sigma, floor):
    """Property: dx agrees with centred differences, on both sides of the floor."""
    assume(_window_holds_several_values(x, size))
    std = _local_std(x, size, sigma)
    assume(np.all(np.abs(std - floor) > KINK_MARGIN * floor))
    _check_layer_gradient(
        step6.lcn_divisive_forward,
        step6.lcn_divisive_backward,
        "lcn_divisive_backward",
        x,
        size=size,
        sigma=sigma,
        floor=floor,
    )


def test_divisive_backward_on_both_sides_of_the_floor(step6):
    """A fixed example where some pixels' σ is under the floor and some above."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 3, 5, 5))
    x[0, :, :2] *= 0.05
    std = _local_std(x, 3, 1.0)
    floor = 0.5
    assert np.any(std < floor) and np.any(std > floor)
    _check_layer_gradient(
        step6.lcn_divisive_forward,
        step6.lcn_divisive_backward,
        "lcn_divisive_backward",
        x,
        size=3,
        sigma=1.0,
        floor=floor,
    )


def test_lcn_is_subtractive_then_divisive(step6):
    """lcn_forward = divisive(subtractive(x)), and its backward passes the check."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 6, 5)) + 2.0
    centred = x - local_mean_direct(x, 3, 1.0)[:, None]
    divisor = np.maximum(_local_std(centred, 3, 1.0), 0.5)
    out, _ = step6.lcn_forward(x, size=3, sigma=1.0, floor=0.5)
    assert_close(out, centred / divisor[:, None], "lcn_forward", {"x": x})
    _check_layer_gradient(
        step6.lcn_forward,
        step6.lcn_backward,
        "lcn_backward",
        x,
        size=3,
        sigma=1.0,
        floor=0.5,
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"size": 4}, "odd"), ({"size": 0}, "size"), ({"sigma": 0.0}, "sigma")],
)
def test_lcn_rejects_bad_windows(step6, kwargs, match):
    with pytest.raises(ValueError, match=match):
        step6.lcn_subtractive_forward(np.ones((1, 1, 4, 4)), **kwargs)
