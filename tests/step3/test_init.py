"""STEP 3 — 가중치의 초기화 (initialization): Gaussian, Xavier/Glorot, He."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close, assert_shape, assert_true

pytestmark = pytest.mark.task("step3.init")

# Layers big enough (fan_in ≠ fan_out) that the sample s.d. of n weights is
# within SIGMAS · σ/√(2n) of σ, and a formula using the wrong fan is far outside.
SIZES = [300, 100, 200]
SIGMAS = 6.0


def _sample_sd_check(W, sigma, what, inputs):
    n = W.size
    allowed = SIGMAS * sigma / np.sqrt(2 * n)
    sd = float(np.std(W))
    assert_true(
        abs(sd - sigma) <= allowed,
        what,
        inputs,
        detail=f"sample s.d. {sd:.5f}, expected σ = {sigma:.5f} (±{allowed:.5f})",
    )
    mean_allowed = SIGMAS * sigma / np.sqrt(n)
    assert_true(
        abs(float(np.mean(W))) <= mean_allowed,
        f"{what}: mean 0",
        inputs,
        detail=f"sample mean {np.mean(W):.5f}",
    )


@pytest.mark.parametrize(
    "method, sigma_of",
    [
        ("gaussian", lambda fan_in, fan_out: 0.05),
        ("xavier", lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out))),
        ("he", lambda fan_in, fan_out: np.sqrt(2.0 / fan_in)),
    ],
)
def test_initial_weights_have_the_method_s_standard_deviation(step3, method, sigma_of):
    """Every layer's W ~ N(0, σ²) with σ from the method; biases are zero."""
    params = step3.initialize_network(SIZES, method=method, std=0.05, seed=4)
    assert_true(
        len(params) == len(SIZES) - 1, "one (W, b) per layer", {"layer_sizes": SIZES}
    )
    for l, (W, b) in enumerate(params, start=1):
        fan_in, fan_out = SIZES[l - 1], SIZES[l]
        inputs = {"layer_sizes": SIZES, "method": method, "layer": l}
        W = assert_shape(W, (fan_out, fan_in), "W of shape (M_l, M_{l-1})", inputs)
        assert_close(b, np.zeros(fan_out), "biases start at 0", inputs)
        _sample_sd_check(
            W,
            sigma_of(fan_in, fan_out),
            f"{method} initialization of layer {l}",
            inputs,
        )


@given(seed=st.integers(0, 2**16), method=st.sampled_from(["gaussian", "he"]))
def test_initialization_is_reproducible_from_the_seed(step3, seed, method):
    """Property: the same seed, the same weights; seed + 1, other weights."""
    sizes = [4, 3, 2]
    a = step3.initialize_network(sizes, method=method, seed=seed)
    b = step3.initialize_network(sizes, method=method, seed=seed)
    c = step3.initialize_network(sizes, method=method, seed=seed + 1)
    inputs = {"layer_sizes": sizes, "method": method, "seed": seed}
    for (Wa, _), (Wb, _) in zip(a, b):
        assert_close(Wa, Wb, "initialization with the same seed twice", inputs)
    assert_true(
        not np.array_equal(np.asarray(a[0][0]), np.asarray(c[0][0])),
        "another seed gives other weights",
        inputs,
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(layer_sizes=[3]),
        dict(layer_sizes=[3, 0]),
        dict(layer_sizes=[3, 2], method="orthogonal"),
        dict(layer_sizes=[3, 2], std=-1.0),
    ],
)
def test_initialize_network_rejects_bad_arguments(step3, kwargs):
    with pytest.raises(ValueError):
        step3.initialize_network(**kwargs)
