"""STEP 3 — 규제화: 가중치 감쇠 (weight decay), 가중치 상한 (max-norm constraint)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close, assert_gradient, assert_true
from dlstart_check.gradcheck import numerical_gradient
from dlstart_check.strategies import random_arrays

# A row exactly on the bound may come out a rounding above it.
BOUND_RTOL = 1e-12


def _network(seed, sizes=(4, 5, 3), N=6):
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(size=(m, d)), rng.normal(size=m))
        for d, m in zip(sizes[:-1], sizes[1:])
    ]
    x = rng.normal(size=(N, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=N)
    return params, x, labels


@pytest.mark.task("step3.weight_decay")
def test_weight_decay_penalty_fixed_example(step3):
    """λ = 0.1, W = [[1, 2]], b = [3]: penalty 0.05·5 = 0.25, dW = 0.1 W, db = 0;
    with decay_biases also 0.05·9 and db = 0.3."""
    params = [(np.array([[1.0, 2.0]]), np.array([3.0]))]
    inputs = {"W": params[0][0], "b": params[0][1], "weight_decay": 0.1}
    penalty, grads = step3.weight_decay_penalty(params, 0.1)
    assert_close(penalty, 0.25, "weight decay λ/2 ‖W‖², biases exempt", inputs)
    assert_close(grads[0][0], [[0.1, 0.2]], "weight decay gradient λ W", inputs)
    assert_close(grads[0][1], [0.0], "biases are not decayed by default", inputs)
    penalty, grads = step3.weight_decay_penalty(params, 0.1, decay_biases=True)
    assert_close(penalty, 0.25 + 0.45, "penalty with decay_biases=True", inputs)
    assert_close(grads[0][1], [0.3], "bias gradient with decay_biases=True", inputs)


@pytest.mark.task("step3.weight_decay")
@given(seed=st.integers(0, 2**16), lam=st.floats(1e-3, 1.0))
def test_network_gradient_with_weight_decay_matches_numerical(
    step3, step4, step2, seed, lam
):
    """Property: the gradient of E + λ/2 Σ ‖W‖² (a tanh network with a softmax
    cross-entropy) is network_backward's gradient plus the penalty's, for every W
    and b, against centred differences."""
    params, x, labels = _network(seed)

    def total_error():
        u, _ = step4.network_forward(x, params, "tanh")
        loss, _ = step2.softmax_cross_entropy(u, labels)
        penalty, _ = step3.weight_decay_penalty(params, lam)
        return loss + penalty

    u, cache = step4.network_forward(x, params, "tanh")
    _, du = step2.softmax_cross_entropy(u, labels)
    net_grads = step4.network_backward(du, cache)
    _, decay_grads = step3.weight_decay_penalty(params, lam)
    inputs = {"x": x, "labels": labels, "weight_decay": lam}
    for l, ((W, b), (dW, db), (dW_decay, db_decay)) in enumerate(
        zip(params, net_grads, decay_grads), start=1
    ):
        assert_gradient(
            np.asarray(dW) + dW_decay,
            numerical_gradient(total_error, W),
            f"dW of layer {l} with weight decay",
            inputs,
        )
        assert_gradient(
            np.asarray(db) + db_decay,
            numerical_gradient(total_error, b),
            f"db of layer {l} with weight decay (biases exempt)",
            inputs,
        )


@pytest.mark.task("step3.max_norm")
@given(data=st.data(), c=st.floats(0.01, 20.0))
def test_max_norm_bounds_every_row_and_keeps_directions(step3, data, c):
    """Property: every row's squared norm is <= c afterwards; rows within the
    bound are unchanged; rows over it are scaled by a constant < 1 onto it."""
    M, D = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))
    W = data.draw(random_arrays((M, D), scale=data.draw(st.floats(0.1, 5.0))))
    inputs = {"W": W, "c": c}
    got = np.asarray(step3.max_norm_constraint(W, c))
    assert_close(got.shape, W.shape, "max_norm keeps W's shape", inputs)
    squared = np.sum(W * W, axis=1)
    got_squared = np.sum(got * got, axis=1)
    assert_true(
        np.all(got_squared <= c * (1 + BOUND_RTOL)),
        "every row's squared norm is <= c",
        inputs,
        detail=f"squared row norms after: {got_squared}",
    )
    within = squared <= c
    assert_close(
        got[within], W[within], "rows within the bound stay as they are", inputs
    )
    over = ~within
    factor = np.sqrt(c / squared[over])[:, None]
    assert_close(
        got[over],
        W[over] * factor,
        "rows over the bound are scaled by √(c/‖w‖²) onto it",
        inputs,
    )


@pytest.mark.task("step3.max_norm")
def test_max_norm_fixed_example(step3):
    """c = 4: row [3, 4] (‖w‖² = 25) becomes [1.2, 1.6]; row [0.3, 0.4] stays;
    row [2, 0] is exactly on the bound and stays."""
    W = np.array([[3.0, 4.0], [0.3, 0.4], [2.0, 0.0]])
    assert_close(
        step3.max_norm_constraint(W, 4.0),
        [[1.2, 1.6], [0.3, 0.4], [2.0, 0.0]],
        "max-norm with c = 4 on squared norms",
        {"W": W, "c": 4.0},
    )


@pytest.mark.task("step3.max_norm")
@given(seed=st.integers(0, 2**16), c=st.floats(0.1, 2.0))
def test_max_norm_invariant_holds_after_every_update(step3, seed, c):
    """Property: over 20 gradient steps, each followed by the constraint, the
    bound holds after every one."""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(4, 3))
    for step in range(1, 21):
        W = W - 0.5 * rng.normal(scale=2.0, size=W.shape)
        W = np.asarray(step3.max_norm_constraint(W, c))
        squared = np.sum(W * W, axis=1)
        assert_true(
            np.all(squared <= c * (1 + BOUND_RTOL)),
            "the max-norm bound holds after every update",
            {"seed": seed, "c": c, "step": step},
            detail=f"squared row norms: {squared}",
        )


@pytest.mark.contract
@pytest.mark.parametrize("c", [0.0, -1.0])
def test_max_norm_rejects_a_non_positive_bound(step3, c):
    with pytest.raises(ValueError, match="c"):
        step3.max_norm_constraint(np.ones((2, 2)), c)


@pytest.mark.contract
def test_weight_decay_rejects_a_negative_strength(step3):
    with pytest.raises(ValueError, match="weight_decay"):
        step3.weight_decay_penalty([(np.ones((2, 2)), np.ones(2))], -0.1)
