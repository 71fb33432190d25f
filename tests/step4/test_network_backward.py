"""STEP 4 — backpropagation (역전파법): deltas from the output down, then dW and db.

δ_L = ∂E/∂u_L is given; δ_l = f'(u_l) ⊙ (δ_{l+1} W_{l+1}); dW_l = δ_lᵀ z_{l-1} and
db_l = Σ_n δ_l. Every gradient is checked against the numerical gradient of
E = Σ u_L ⊙ G for a random G (so that δ_L = G), and a small network is trained on
XOR with a loss from STEP 2.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from network_oracle import ACTIVATIONS, SEEDS, forward_oracle, networks

from dlstart_check.checks import assert_close, assert_gradient, assert_true
from dlstart_check.gradcheck import numerical_gradient
from dlstart_check.strategies import away_from

pytestmark = pytest.mark.task("step4.network_backward")

# Hidden total inputs closer than this to ReLU's kink may cross it under a centred
# difference with h = 1e-5; such draws are skipped.
KINK_MARGIN = 1e-3


@st.composite
def networks_and_upstream(draw, **sizes):
    """A network as in ``networks`` and δ_L = G, an (N, M_L) upstream gradient."""
    x, params = draw(networks(**sizes))
    G = np.random.default_rng(draw(SEEDS)).normal(size=(len(x), len(params[-1][1])))
    return x, params, G


def backward_grads(step4, x, params, activation, G):
    """The implementation's grads for δ_L = G, checked to be one pair per layer."""
    _, cache = step4.network_forward(x, params, activation)
    grads = step4.network_backward(G, cache)
    assert_true(
        isinstance(grads, (list, tuple)) and len(grads) == len(params),
        "network_backward returns one (dW, db) pair per layer",
        {"layers": len(params)},
        detail=f"got {type(grads).__name__} of length {len(grads)}",
    )
    return grads


@pytest.mark.parametrize("activation", ACTIVATIONS)
@given(data=networks_and_upstream())
def test_network_backward_matches_numerical_gradient(step4, activation, data):
    """Property: every dW_l and db_l matches the numerical gradient of Σ u_L ⊙ G."""
    x, params, G = data
    if activation == "relu":
        hidden = forward_oracle(x, params, activation)[0][:-1]
        assume(all(away_from(u, [0.0], KINK_MARGIN) for u in hidden))
    inputs = {"x": x, "G": G, "layer sizes": [W.shape for W, _ in params]}
    grads = backward_grads(step4, x, params, activation, G)

    def error():
        return np.sum(step4.network_forward(x, params, activation)[0] * G)

    for l, ((W, b), (dW, db)) in enumerate(zip(params, grads), start=1):
        what = f"network_backward with {activation} units: layer {l}"
        assert_gradient(dW, numerical_gradient(error, W), f"{what} dW", inputs)
        assert_gradient(db, numerical_gradient(error, b), f"{what} db", inputs)


@given(
    activation=st.sampled_from(["sigmoid", "tanh"]),
    data=networks_and_upstream(min_layers=2),
)
def test_network_backward_deltas_are_consistent(step4, activation, data):
    """Property: with δ_l the per-sample db_l, dW_l = δ_lᵀ z_{l-1}, db_l = Σ_n δ_l,
    δ_L = G and δ_l = f'(u_l) ⊙ (δ_{l+1} W_{l+1}).

    One sample at a time, db_l is that sample's delta, so the rows of a batch's
    deltas come from N single-sample backward passes.
    """
    x, params, G = data
    inputs = {"x": x, "G": G, "layer sizes": [W.shape for W, _ in params]}
    us, zs = forward_oracle(x, params, activation)
    _, f_prime = ACTIVATIONS[activation]
    grads = backward_grads(step4, x, params, activation, G)
    rows = [
        backward_grads(step4, x[n : n + 1], params, activation, G[n : n + 1])
        for n in range(x.shape[0])
    ]
    deltas = [
        np.concatenate([row[l][1][None] for row in rows]) for l in range(len(params))
    ]
    assert_close(deltas[-1], G, "δ_L equals the given ∂E/∂u_L", inputs)
    for l in range(len(params)):
        dW, db = grads[l]
        name = f"layer {l + 1}"
        assert_close(
            dW, deltas[l].T @ zs[l], f"{name}: dW = δᵀ z of the layer below", inputs
        )
        assert_close(db, deltas[l].sum(axis=0), f"{name}: db = Σ_n δ", inputs)
        if l + 1 < len(params):
            W_above = params[l + 1][0]
            expected = f_prime(us[l]) * (deltas[l + 1] @ W_above)
            assert_close(
                deltas[l], expected, f"{name}: δ = f'(u) ⊙ (δ_above W_above)", inputs
            )


def test_network_backward_fixed_example(step4):
    """The 2-2-1 ReLU network of the forward test, with δ_2 = 1, by hand.

    u_1 = (1, -1), z_1 = (1, 0). dW_2 = δ_2ᵀ z_1 = (1, 0), db_2 = 1.
    δ_1 = relu'(u_1) ⊙ (δ_2 W_2) = (1, 0) ⊙ (2, 3) = (2, 0),
    dW_1 = δ_1ᵀ x = [[2, 4], [0, 0]], db_1 = (2, 0).
    """
    x = np.array([[1.0, 2.0]])
    params = [
        (np.array([[1.0, 0.0], [0.0, -1.0]]), np.array([0.0, 1.0])),
        (np.array([[2.0, 3.0]]), np.array([-3.0])),
    ]
    (dW1, db1), (dW2, db2) = backward_grads(step4, x, params, "relu", np.ones((1, 1)))
    inputs = {"x": x}
    assert_close(dW2, [[1.0, 0.0]], "layer 2: dW", inputs)
    assert_close(db2, [1.0], "layer 2: db", inputs)
    assert_close(dW1, [[2.0, 4.0], [0.0, 0.0]], "layer 1: dW", inputs)
    assert_close(db1, [2.0, 0.0], "layer 1: db", inputs)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_D = np.array([[0.0], [1.0], [1.0], [0.0]])
XOR_HIDDEN = 3
XOR_SEED = 0
XOR_LEARNING_RATE = 1.0
XOR_EPOCHS = 2000


@pytest.mark.slow
def test_two_layer_tanh_network_learns_xor(step4, step2):
    """A 2-3-1 net, tanh hidden units and a sigmoid output, reaches 100% on XOR.

    Plain gradient descent from a fixed seed: network_forward, then
    sigmoid_cross_entropy for δ_L, then network_backward, then W -= ε dW. The
    perceptron cannot do this (STEP 2); one nonlinear hidden layer can.
    """
    rng = np.random.default_rng(XOR_SEED)
    params = [
        (rng.normal(0.0, 1.0, size=(XOR_HIDDEN, 2)), np.zeros(XOR_HIDDEN)),
        (rng.normal(0.0, 1.0, size=(1, XOR_HIDDEN)), np.zeros(1)),
    ]
    losses = []
    for _ in range(XOR_EPOCHS):
        u_out, cache = step4.network_forward(XOR_X, params, "tanh")
        loss, delta_out = step2.sigmoid_cross_entropy(u_out, XOR_D)
        losses.append(loss)
        grads = step4.network_backward(delta_out, cache)
        params = [
            (W - XOR_LEARNING_RATE * dW, b - XOR_LEARNING_RATE * db)
            for (W, b), (dW, db) in zip(params, grads)
        ]
    u_out, _ = step4.network_forward(XOR_X, params, "tanh")
    predicted = (np.asarray(u_out) > 0).astype(np.float64)
    assert_close(
        predicted,
        XOR_D,
        f"XOR predictions after {XOR_EPOCHS} epochs of gradient descent",
        {"x": XOR_X},
        atol=0,
    )


@pytest.mark.contract
def test_network_backward_rejects_a_non_matrix_delta(step4):
    x = np.zeros((2, 2))
    _, cache = step4.network_forward(x, [(np.zeros((1, 2)), np.zeros(1))], "tanh")
    with pytest.raises(ValueError, match="delta_out"):
        step4.network_backward(np.zeros(2), cache)
