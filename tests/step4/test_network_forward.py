"""STEP 4 — the forward pass (순전파) of a multilayer network.

u_l = z_{l-1} W_lᵀ + b_l and z_l = f(u_l) for the hidden layers, from z_0 = x;
the output layer stops at its total input u_L (its activation belongs to the loss).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from network_oracle import ACTIVATIONS, forward_oracle, networks

from dlstart_check.checks import assert_close, assert_shape

pytestmark = pytest.mark.task("step4.network_forward")


@given(activation=st.sampled_from(sorted(ACTIVATIONS)), net=networks())
def test_network_forward_matches_layer_by_layer_oracle(step4, activation, net):
    """Property: u_L equals the layer-by-layer formula, for every hidden activation."""
    x, params = net
    inputs = {"x": x, "layer sizes": [W.shape for W, _ in params]}
    u_out, _ = step4.network_forward(x, params, activation)
    expected = forward_oracle(x, params, activation)[0][-1]
    u_out = assert_shape(u_out, expected.shape, "network_forward output", inputs)
    assert_close(u_out, expected, f"network_forward with {activation} units", inputs)


@given(net=networks(min_layers=1, max_layers=1))
def test_network_forward_of_one_layer_is_affine(step4, net):
    """Property: a network without hidden layers returns x Wᵀ + b, no activation."""
    x, params = net
    (W, b) = params[0]
    u_out, _ = step4.network_forward(x, params, "sigmoid")
    assert_close(u_out, x @ W.T + b, "network_forward of one layer", {"x": x, "W": W})


def test_network_forward_fixed_example(step4):
    """A 2-2-1 ReLU network by hand.

    u_1 = (1, 2) W_1ᵀ + b_1 = (1, -1), z_1 = relu(u_1) = (1, 0),
    u_2 = z_1 W_2ᵀ + b_2 = 2 - 3 = -1 (the output layer is not passed through relu).
    """
    x = np.array([[1.0, 2.0]])
    params = [
        (np.array([[1.0, 0.0], [0.0, -1.0]]), np.array([0.0, 1.0])),
        (np.array([[2.0, 3.0]]), np.array([-3.0])),
    ]
    u_out, _ = step4.network_forward(x, params, "relu")
    assert_close(u_out, [[-1.0]], "network_forward of a 2-2-1 relu net", {"x": x})


@pytest.mark.contract
@pytest.mark.parametrize(
    ("params", "activation", "name"),
    [
        ([(np.zeros((3, 2)), np.zeros(3))], "softplus", "activation"),
        ([(np.zeros((3, 4)), np.zeros(3))], "sigmoid", "layer 1"),
        (
            [(np.zeros((3, 2)), np.zeros(3)), (np.zeros((1, 2)), np.zeros(1))],
            "sigmoid",
            "layer 2",
        ),
        ([(np.zeros((3, 2)), np.zeros(2))], "sigmoid", "layer 1"),
        ([], "sigmoid", "params"),
    ],
)
def test_network_forward_rejects_bad_arguments(step4, params, activation, name):
    with pytest.raises(ValueError, match=name):
        step4.network_forward(np.zeros((5, 2)), params, activation)
