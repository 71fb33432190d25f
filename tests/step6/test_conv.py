"""STEP 6 — the convolution layer (합성곱층): size, definition, properties, gradient."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from step6_oracles import conv_direct

from dlstart_check.checks import assert_close, assert_gradient, assert_shape
from dlstart_check.gradcheck import numerical_gradient_of_array
from dlstart_check.strategies import random_arrays

pytestmark = pytest.mark.task("step6.conv")

# A window of integers for the output-size properties, bad values included.
SIZES = st.integers(min_value=1, max_value=9)
STRIDES = st.integers(min_value=-1, max_value=4)
PADS = st.integers(min_value=-1, max_value=3)


def _fits(H, HH, S, P):
    """The kit's rule, restated: positive stride, no negative padding, exact fit."""
    return S >= 1 and P >= 0 and H + 2 * P >= HH and (H + 2 * P - HH) % S == 0


@st.composite
def conv_configs(draw, max_side=4):
    """A configuration that fits: (x, W, b, stride, pad) of random values."""
    HH = draw(st.integers(1, 3))
    WW = draw(st.integers(1, 3))
    S = draw(st.integers(1, 3))
    P = draw(st.integers(0, 2))
    Ho = draw(st.integers(1, max_side))
    Wo = draw(st.integers(1, max_side))
    H = (Ho - 1) * S + HH - 2 * P
    W_in = (Wo - 1) * S + WW - 2 * P
    assume(H >= 1 and W_in >= 1)
    N = draw(st.integers(1, 2))
    C = draw(st.integers(1, 3))
    F = draw(st.integers(1, 3))
    x = draw(random_arrays((N, C, H, W_in)))
    W = draw(random_arrays((F, C, HH, WW)))
    b = draw(random_arrays((F,)))
    return x, W, b, S, P


def _inputs(x, W, b, S, P):
    return {"x": x, "W": W, "b": b, "stride": S, "pad": P}


@pytest.mark.contract
@given(H=SIZES, HH=SIZES, S=STRIDES, P=PADS)
def test_conv_output_size_is_exact_or_an_error(step6, H, HH, S, P):
    """Property: (H + 2P - HH) / S + 1 when it is whole, else ValueError."""
    if _fits(H, HH, S, P):
        assert step6.conv_output_size(H, HH, S, P) == (H + 2 * P - HH) // S + 1
    else:
        with pytest.raises(ValueError, match="stride|pad|kernel|multiple"):
            step6.conv_output_size(H, HH, S, P)


@given(
    N=st.integers(1, 2),
    C=st.integers(1, 2),
    H=SIZES,
    W=SIZES,
    F=st.integers(1, 2),
    HH=st.integers(1, 4),
    WW=st.integers(1, 4),
    S=STRIDES,
    P=PADS,
)
def test_conv_output_shape_follows_the_size_formula(step6, N, C, H, W, F, HH, WW, S, P):
    """Property: out is (N, F, Ho, Wo) when both axes fit exactly, else ValueError."""
    x = np.ones((N, C, H, W))
    weights = np.ones((F, C, HH, WW))
    b = np.zeros(F)
    if _fits(H, HH, S, P) and _fits(W, WW, S, P):
        Ho = (H + 2 * P - HH) // S + 1
        Wo = (W + 2 * P - WW) // S + 1
        out, _ = step6.conv_forward(x, weights, b, stride=S, pad=P)
        assert_shape(
            out,
            (N, F, Ho, Wo),
            "conv_forward's output shape",
            {"x.shape": x.shape, "W.shape": weights.shape, "stride": S, "pad": P},
        )
    else:
        with pytest.raises(ValueError):
            step6.conv_forward(x, weights, b, stride=S, pad=P)


@given(config=conv_configs())
def test_conv_equals_the_direct_sum_of_products(step6, config):
    """Property: out = Σ_c Σ_p Σ_q xp[n,c,Si+p,Sj+q] W[f,c,p,q] + b[f], no flip."""
    x, W, b, S, P = config
    out, _ = step6.conv_forward(x, W, b, stride=S, pad=P)
    assert_close(
        out,
        conv_direct(x, W, b, S, P),
        "conv_forward equals the sum of products of its definition",
        _inputs(x, W, b, S, P),
    )


def test_conv_fixed_example(step6):
    """A 3×3 image and a 2×2 kernel: each output is the sum over one window."""
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    W = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    b = np.array([0.5])
    # Window at (0, 0) is [[0, 1], [3, 4]]: 0*1 + 1*2 + 3*3 + 4*4 = 27, + 0.5.
    expected = np.array([[[[27.5, 37.5], [57.5, 67.5]]]])
    out, _ = step6.conv_forward(x, W, b)
    assert_close(out, expected, "conv of a 3×3 image with a 2×2 kernel", {"x": x})


@pytest.mark.parametrize("offset", [(1, 1), (0, 0), (2, 1), (0, 2)])
def test_delta_kernel_gives_the_input_back_shifted(step6, offset):
    """Property: a kernel with a single 1 at (p0, q0) and pad 1 shifts the image.

    out[i, j] = x[i + p0 - 1, j + q0 - 1] (zero outside): the centre (1, 1) gives
    x back. A flipped kernel (true convolution) shifts the other way.
    """
    p0, q0 = offset
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 5, 4))
    C = x.shape[1]
    W = np.zeros((C, C, 3, 3))
    for c in range(C):
        W[c, c, p0, q0] = 1.0
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    expected = xp[:, :, p0 : p0 + 5, q0 : q0 + 4]
    out, _ = step6.conv_forward(x, W, np.zeros(C), stride=1, pad=1)
    assert_close(
        out, expected, f"conv with a delta kernel at {offset} and pad 1", {"x": x}
    )


@given(config=conv_configs(), a=st.floats(-3, 3))
def test_conv_is_linear_in_x_and_in_W(step6, config, a):
    """Property: conv(a x1 + x2, W) = a conv(x1, W) + conv(x2, W), likewise in W."""
    x, W, b, S, P = config
    rng = np.random.default_rng(0)
    x2 = rng.normal(size=x.shape)
    W2 = rng.normal(size=W.shape)
    zero = np.zeros_like(b)

    def conv(x_, W_):
        return step6.conv_forward(x_, W_, zero, stride=S, pad=P)[0]

    inputs = _inputs(x, W, zero, S, P) | {"a": a}
    assert_close(
        conv(a * x + x2, W),
        a * conv(x, W) + conv(x2, W),
        "conv is linear in x",
        inputs,
    )
    assert_close(
        conv(x, a * W + W2),
        a * conv(x, W) + conv(x, W2),
        "conv is linear in W",
        inputs,
    )


def _check_conv_gradients(step6, x, W, b, S, P, seed=0):
    out, cache = step6.conv_forward(x, W, b, stride=S, pad=P)
    dout = np.random.default_rng(seed).normal(size=np.shape(out))
    dx, dW, db = step6.conv_backward(dout, cache)
    inputs = _inputs(x, W, b, S, P)

    def forward():
        return step6.conv_forward(x, W, b, stride=S, pad=P)[0]

    for name, analytic, array in (("dx", dx, x), ("dW", dW, W), ("db", db, b)):
        assert_gradient(
            analytic,
            numerical_gradient_of_array(forward, array, dout),
            f"conv_backward's {name}",
            inputs,
        )


@given(config=conv_configs(max_side=3))
def test_conv_backward_matches_the_numerical_gradient(step6, config):
    """Property: dx, dW and db agree with centred differences (rel. error ≤ 1e-7)."""
    _check_conv_gradients(step6, *config)


@pytest.mark.parametrize(
    ("x_shape", "W_shape", "S", "P"),
    [((2, 2, 5, 5), (3, 2, 3, 3), 2, 1), ((2, 3, 6, 4), (2, 3, 2, 2), 2, 0)],
)
def test_conv_backward_with_stride_and_padding(step6, x_shape, W_shape, S, P):
    """The gradients with stride 2, with and without padding (fixed examples)."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=x_shape)
    W = rng.normal(size=W_shape)
    b = rng.normal(size=W_shape[0])
    _check_conv_gradients(step6, x, W, b, S, P, seed=8)


@pytest.mark.parametrize(
    ("x_shape", "W_shape", "S", "P"),
    [((7, 2, 32, 32), (3, 2, 3, 3), 1, 1), ((5, 3, 33, 33), (2, 3, 5, 5), 2, 2)],
)
def test_conv_of_a_batch_equals_each_image_alone(step6, x_shape, W_shape, S, P):
    """A batch of full-size images gives each image's own output and dx, and the
    sums of their dW and db: no image leaks into another.

    Fast implementations work on the batch in blocks or on one long grid of
    pixels; images of this size span several blocks of the reference, with a
    shorter last one, while the definition tests use small images.
    """
    rng = np.random.default_rng(11)
    x = rng.normal(size=x_shape)
    W = rng.normal(size=W_shape)
    b = rng.normal(size=W_shape[0])
    out, cache = step6.conv_forward(x, W, b, stride=S, pad=P)
    dout = rng.normal(size=np.shape(out))
    dx, dW, db = step6.conv_backward(dout, cache)

    alone = []
    for n in range(x_shape[0]):
        out_n, cache_n = step6.conv_forward(x[n : n + 1], W, b, stride=S, pad=P)
        alone.append((out_n, *step6.conv_backward(dout[n : n + 1], cache_n)))
    inputs = _inputs(x, W, b, S, P)
    each = "conv of the batch against each image alone"
    assert_close(out, np.concatenate([a[0] for a in alone]), f"{each}: out", inputs)
    assert_close(dx, np.concatenate([a[1] for a in alone]), f"{each}: dx", inputs)
    assert_close(dW, sum(a[2] for a in alone), f"{each}: dW (summed)", inputs)
    assert_close(db, sum(a[3] for a in alone), f"{each}: db (summed)", inputs)


@pytest.mark.contract
@pytest.mark.parametrize(
    ("x_shape", "W_shape", "kwargs", "match"),
    [
        ((1, 2, 5, 5), (1, 3, 3, 3), {}, "W.shape"),
        ((1, 1, 6, 6), (1, 1, 3, 3), {"stride": 2}, "multiple of stride"),
        ((1, 1, 2, 2), (1, 1, 3, 3), {}, "larger than the padded input"),
        ((1, 1, 5, 5), (1, 1, 3, 3), {"stride": 0}, "stride"),
        ((1, 1, 5, 5), (1, 1, 3, 3), {"pad": -1}, "pad"),
    ],
)
def test_conv_rejects_configurations_that_do_not_fit(
    step6, x_shape, W_shape, kwargs, match
):
    with pytest.raises(ValueError, match=match):
        step6.conv_forward(
            np.ones(x_shape), np.ones(W_shape), np.zeros(W_shape[0]), **kwargs
        )
