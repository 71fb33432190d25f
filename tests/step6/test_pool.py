"""STEP 6 — pooling layers (풀링층): max and average pooling, forward and backward."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from step6_oracles import conv_direct

from dlstart_check.checks import assert_close, assert_gradient, assert_shape
from dlstart_check.gradcheck import numerical_gradient_of_array

MAX = pytest.mark.task("step6.maxpool")
AVG = pytest.mark.task("step6.avgpool")
# Distinct values at least this far apart: the centred differences (h = 1e-5)
# never change which element of a window is the maximum.
VALUE_SPACING = 0.01


@st.composite
def pool_configs(draw):
    """(x, size, stride, pad) that fit exactly, x of distinct well-spaced values."""
    size = draw(st.integers(1, 3))
    stride = draw(st.integers(1, 3))
    pad = draw(st.integers(0, size - 1))
    Ho = draw(st.integers(1, 3))
    Wo = draw(st.integers(1, 3))
    H = max((Ho - 1) * stride + size - 2 * pad, 1)
    W = max((Wo - 1) * stride + size - 2 * pad, 1)
    # Bump H, W up until they fit: the smallest valid image of at least that size.
    while (H + 2 * pad - size) % stride:
        H += 1
    while (W + 2 * pad - size) % stride:
        W += 1
    N = draw(st.integers(1, 2))
    C = draw(st.integers(1, 2))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    count = N * C * H * W
    x = (rng.permutation(count) - count / 2) * VALUE_SPACING
    return x.reshape(N, C, H, W), size, stride, pad


def _direct_max(x, size, stride, pad):
    """Max of each window from the definition; padding cells never count."""
    N, C, H, W = x.shape
    Ho = (H + 2 * pad - size) // stride + 1
    Wo = (W + 2 * pad - size) // stride + 1
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            top, left = stride * i - pad, stride * j - pad
            rows = slice(max(top, 0), min(top + size, H))
            cols = slice(max(left, 0), min(left + size, W))
            out[:, :, i, j] = x[:, :, rows, cols].max(axis=(2, 3))
    return out


def _inputs(x, size, stride, pad):
    return {"x": x, "size": size, "stride": stride, "pad": pad}


def _check_pool_gradient(forward, backward, what, x, size, stride, pad, seed=0):
    out, cache = forward(x, size=size, stride=stride, pad=pad)
    dout = np.random.default_rng(seed).normal(size=np.shape(out))
    dx = backward(dout, cache)
    numeric = numerical_gradient_of_array(
        lambda: forward(x, size=size, stride=stride, pad=pad)[0], x, dout
    )
    assert_gradient(dx, numeric, what, _inputs(x, size, stride, pad))


@MAX
@given(config=pool_configs())
def test_maxpool_is_the_window_maximum(step6, config):
    """Property: out[n, c, i, j] is the largest x in window (i, j), padding ignored."""
    x, size, stride, pad = config
    out, _ = step6.maxpool_forward(x, size=size, stride=stride, pad=pad)
    assert_close(
        out,
        _direct_max(x, size, stride, pad),
        "max pooling equals the maximum of each window",
        _inputs(x, size, stride, pad),
    )


@MAX
def test_maxpool_ignores_padding_on_negative_images(step6):
    """With pad 1 an all-negative image pools to its own values, never to 0."""
    x = -1.0 - np.arange(16.0).reshape(1, 1, 4, 4)
    out, _ = step6.maxpool_forward(x, size=3, stride=1, pad=1)
    assert_close(
        out,
        _direct_max(x, 3, 1, 1),
        "max pooling with padding of an all-negative image",
        {"x": x},
    )


@MAX
@pytest.mark.parametrize("move", [(0, 1), (1, 0), (1, 1)])
def test_maxpool_unchanged_when_a_peak_moves_within_its_window(step6, move):
    """Property: moving an isolated peak by a pixel inside its 2×2 window keeps out.

    The invariance to small shifts that pooling is there for (the notes' reason).
    """
    rng = np.random.default_rng(4)
    x = rng.uniform(-1.0, 0.0, size=(1, 2, 6, 6))
    x[0, 1, 2, 2] = 5.0
    moved = x.copy()
    di, dj = move
    moved[0, 1, 2, 2], moved[0, 1, 2 + di, 2 + dj] = x[0, 1, 2 + di, 2 + dj], 5.0
    before, _ = step6.maxpool_forward(x, size=2, stride=2)
    after, _ = step6.maxpool_forward(moved, size=2, stride=2)
    assert_close(
        after,
        before,
        f"max pooling unchanged by moving the peak by {move}",
        {"x": x, "moved": moved},
        rtol=0,
        atol=0,
    )


@MAX
@given(config=pool_configs())
def test_maxpool_backward_matches_the_numerical_gradient(step6, config):
    """Property: away from ties, dx agrees with centred differences (≤ 1e-7)."""
    _check_pool_gradient(
        step6.maxpool_forward, step6.maxpool_backward, "maxpool_backward", *config
    )


@MAX
def test_maxpool_backward_routes_to_the_maximum_only(step6):
    """Each window's gradient goes to its maximum; every other element gets 0."""
    x = np.array([[[[1.0, 4.0, 0.0, -1.0], [2.0, 3.0, 5.0, 2.0]]]])
    out, cache = step6.maxpool_forward(x, size=2, stride=2)
    dx = step6.maxpool_backward(np.array([[[[10.0, 20.0]]]]), cache)
    expected = np.array([[[[0.0, 10.0, 0.0, 0.0], [0.0, 0.0, 20.0, 0.0]]]])
    assert_close(dx, expected, "maxpool_backward on two 2×2 windows", {"x": x})


@MAX
def test_maxpool_ties_send_the_gradient_to_the_first_maximum(step6):
    """The kit's convention: of tied maxima, the first in row-major order gets it all.

    Window 1 is constant; in window 2 the maxima are at (0, 1) and (1, 0).
    """
    x = np.array([[[[2.0, 2.0, 0.0, 7.0], [2.0, 2.0, 7.0, 1.0]]]])
    out, cache = step6.maxpool_forward(x, size=2, stride=2)
    dx = step6.maxpool_backward(np.array([[[[1.0, 3.0]]]]), cache)
    expected = np.array([[[[1.0, 0.0, 0.0, 3.0], [0.0, 0.0, 0.0, 0.0]]]])
    assert_close(dx, expected, "maxpool_backward with tied maxima", {"x": x})


@MAX
def test_maxpool_overlapping_windows_add_their_gradients(step6):
    """Stride 1 < size 2: a pixel that is the maximum of two windows gets both."""
    x = np.array([[[[0.0, 9.0, 0.0]]]])
    x = np.repeat(x, 2, axis=2)  # shape (1, 1, 2, 3); 9 tops both windows
    x[0, 0, 1, 1] = 1.0
    out, cache = step6.maxpool_forward(x, size=2, stride=1)
    dx = step6.maxpool_backward(np.array([[[[1.0, 2.0]]]]), cache)
    expected = np.array([[[[0.0, 3.0, 0.0], [0.0, 0.0, 0.0]]]])
    assert_close(dx, expected, "maxpool_backward with overlapping windows", {"x": x})


@AVG
@given(config=pool_configs())
def test_avgpool_equals_convolution_with_a_constant_kernel(step6, config):
    """Property: average pooling is a per-channel conv with weights 1/size², pad 0s.

    The kernel connects channel c to output channel c only, with zero bias.
    """
    x, size, stride, pad = config
    C = x.shape[1]
    W = np.zeros((C, C, size, size))
    for c in range(C):
        W[c, c] = 1.0 / (size * size)
    expected = conv_direct(x, W, np.zeros(C), stride, pad)
    out, _ = step6.avgpool_forward(x, size=size, stride=stride, pad=pad)
    assert_close(
        out,
        expected,
        "average pooling equals conv with a constant 1/size² kernel",
        _inputs(x, size, stride, pad),
    )


@AVG
def test_avgpool_of_a_constant_image_is_that_constant(step6):
    """Without padding, every window of a constant image averages to the constant."""
    x = np.full((2, 3, 6, 6), 2.5)
    out, _ = step6.avgpool_forward(x, size=3, stride=3)
    out = assert_shape(out, (2, 3, 2, 2), "avgpool_forward's output shape")
    assert_close(out, np.full((2, 3, 2, 2), 2.5), "average of a constant", {"x": x})


@AVG
@given(config=pool_configs())
def test_avgpool_backward_matches_the_numerical_gradient(step6, config):
    """Property: dx agrees with centred differences (≤ 1e-7)."""
    _check_pool_gradient(
        step6.avgpool_forward, step6.avgpool_backward, "avgpool_backward", *config
    )


@pytest.mark.contract
@pytest.mark.parametrize("kind", ["maxpool", "avgpool"])
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"size": 2, "stride": 2, "pad": 0, "shape": (1, 1, 5, 5)}, "multiple"),
        ({"size": 2, "stride": 0, "pad": 0, "shape": (1, 1, 4, 4)}, "stride"),
        ({"size": 2, "stride": 2, "pad": 2, "shape": (1, 1, 4, 4)}, "pad"),
    ],
)
def test_pooling_rejects_windows_that_do_not_fit(step6, kind, kwargs, match):
    kwargs = dict(kwargs)
    x = np.ones(kwargs.pop("shape"))
    with pytest.raises(ValueError, match=match):
        getattr(step6, f"{kind}_forward")(x, **kwargs)
