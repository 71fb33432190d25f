"""STEP 3 — 드롭아웃 (dropout) and 드롭커넥트 (DropConnect).

p is the probability of KEEPING a unit (or a weight). The notes' variant scales
by p at inference; the inverted one by 1/p in training. The expected training
output equals the inference output; the tolerance of that check comes from the
binomial standard deviation of an average over many masks.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close, assert_gradient, assert_true, fail
from dlstart_check.gradcheck import numerical_gradient_of_array

# Averages over this many masks, compared within so many standard deviations.
MASK_DRAWS = 400
SIGMAS = 5.0
# A layer this big shows the kept fraction p to ~1/√n.
MANY_UNITS = 20000

KEEP_PROBABILITIES = st.sampled_from([0.2, 0.5, 0.8])


def _kept_fraction_check(mask, p, what, inputs):
    n = mask.size
    sd = np.sqrt(p * (1 - p) / n)
    fraction = float(np.mean(mask))
    assert_true(
        abs(fraction - p) <= SIGMAS * sd + 1e-12,
        what,
        inputs,
        detail=f"kept fraction {fraction:.4f}, p = {p} "
        f"(allowed ±{SIGMAS * sd:.4f}, {SIGMAS:g} binomial s.d.)",
    )


@pytest.mark.task("step3.dropout")
@given(p=KEEP_PROBABILITIES, inverted=st.booleans(), seed=st.integers(0, 2**16))
def test_dropout_keeps_a_fraction_p_of_units(step3, p, inverted, seed):
    """Property: in training a fraction p of the outputs are x (or x/p), the rest 0."""
    x = np.ones((MANY_UNITS // 100, 100))
    inputs = {"p": p, "inverted": inverted, "seed": seed, "x": "ones (200, 100)"}
    out, _ = step3.dropout_forward(x, p, seed=seed, train=True, inverted=inverted)
    out = np.asarray(out)
    value = 1.0 / p if inverted else 1.0
    kept = np.isclose(out, value)
    assert_true(
        np.all(kept | (out == 0)),
        "each output is 0 or the kept value",
        inputs,
        detail=f"kept value {value}, got values {np.unique(out)[:5]}",
    )
    _kept_fraction_check(kept, p, "a fraction p of the units is kept", inputs)


@pytest.mark.task("step3.dropout")
def test_dropout_mask_is_reproducible_from_the_seed(step3):
    """The same seed gives the same mask; another seed another one."""
    x = np.arange(1.0, 201.0).reshape(20, 10)
    a, _ = step3.dropout_forward(x, 0.5, seed=7)
    b, _ = step3.dropout_forward(x, 0.5, seed=7)
    c, _ = step3.dropout_forward(x, 0.5, seed=8)
    inputs = {"x": x, "p": 0.5}
    assert_close(a, b, "dropout with the same seed twice", inputs)
    assert_true(
        not np.array_equal(np.asarray(a), np.asarray(c)),
        "seeds 7 and 8 give different masks",
        inputs,
    )


@pytest.mark.task("step3.dropout")
@given(p=KEEP_PROBABILITIES, inverted=st.booleans(), seed=st.integers(0, 2**16))
def test_dropout_backward_applies_the_forward_mask(step3, p, inverted, seed):
    """Property: dx = dout times the very factor forward multiplied x by."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 2.0, size=(8, 6))
    dout = rng.normal(size=x.shape)
    inputs = {"x": x, "dout": dout, "p": p, "inverted": inverted, "seed": seed}
    out, cache = step3.dropout_forward(x, p, seed=seed, inverted=inverted)
    factor = np.asarray(out) / x
    dx = step3.dropout_backward(dout, cache)
    assert_close(dx, dout * factor, "dropout_backward uses the forward mask", inputs)


@pytest.mark.task("step3.dropout")
@given(seed=st.integers(0, 2**16), inverted=st.booleans())
def test_dropout_gradient_matches_numerical(step3, seed, inverted):
    """Property: with the seed fixed, forward is a function of x; its gradient."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4, 5))
    dout = rng.normal(size=x.shape)
    for train in (True, False):
        _, cache = step3.dropout_forward(
            x, 0.6, seed=seed, train=train, inverted=inverted
        )
        numeric = numerical_gradient_of_array(
            lambda train=train: step3.dropout_forward(
                x, 0.6, seed=seed, train=train, inverted=inverted
            )[0],
            x,
            dout,
        )
        assert_gradient(
            step3.dropout_backward(dout, cache),
            numeric,
            f"dropout dx (train={train}, inverted={inverted})",
            {"x": x, "seed": seed},
        )


@pytest.mark.task("step3.dropout")
@given(p=KEEP_PROBABILITIES, seed=st.integers(0, 2**16))
def test_dropout_inference_uses_every_unit_scaled_by_p(step3, p, seed):
    """Property: at inference out = p x (the notes' variant) or x (inverted), the
    same for every seed; backward scales alike."""
    x = np.random.default_rng(seed).normal(size=(5, 4))
    inputs = {"x": x, "p": p}
    for inverted, scale in ((False, p), (True, 1.0)):
        out, cache = step3.dropout_forward(
            x, p, seed=seed, train=False, inverted=inverted
        )
        other, _ = step3.dropout_forward(
            x, p, seed=seed + 1, train=False, inverted=inverted
        )
        assert_close(out, scale * x, f"dropout inference (inverted={inverted})", inputs)
        assert_close(other, out, "inference does not depend on the seed", inputs)
        assert_close(
            step3.dropout_backward(x, cache),
            scale * x,
            f"dropout backward at inference (inverted={inverted})",
            inputs,
        )


@pytest.mark.task("step3.dropout")
@pytest.mark.parametrize("inverted", [False, True])
def test_dropout_expected_training_output_equals_inference(step3, inverted):
    """The mean over 400 masks (seeds 0..399) of the training output is the
    inference output, within 5 binomial standard deviations per element."""
    p = 0.7
    x = np.linspace(-2.0, 3.0, 24).reshape(4, 6)
    inference, _ = step3.dropout_forward(x, p, train=False, inverted=inverted)
    outputs = [
        step3.dropout_forward(x, p, seed=s, inverted=inverted)[0]
        for s in range(MASK_DRAWS)
    ]
    mean = np.mean(np.asarray(outputs), axis=0)
    # out = x m (÷ p when inverted), m ~ Bernoulli(p): sd of the mean of n draws.
    sd = np.abs(x) * np.sqrt(p * (1 - p) / MASK_DRAWS) / (p if inverted else 1.0)
    error = np.abs(mean - np.asarray(inference))
    if np.any(error > SIGMAS * sd + 1e-12):
        fail(
            f"E[training output] = inference output (inverted={inverted})",
            {"x": x, "p": p, "draws": MASK_DRAWS},
            expected=np.asarray(inference),
            got=mean,
            detail=f"allowed ±{SIGMAS:g} s.d. of the mean per element",
        )


@pytest.mark.task("step3.dropout")
def test_dropout_with_p_one_is_the_identity(step3):
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    for train in (True, False):
        out, _ = step3.dropout_forward(x, 1.0, seed=3, train=train)
        assert_close(out, x, f"dropout with p = 1 (train={train})", {"x": x})


@pytest.mark.task("step3.dropconnect")
@given(seed=st.integers(0, 2**16), train=st.booleans())
def test_dropconnect_gradients_match_numerical(step3, seed, train):
    """Property: with the seed fixed, dx, dW and db match centred differences."""
    rng = np.random.default_rng(seed)
    x, W, b = rng.normal(size=(4, 5)), rng.normal(size=(3, 5)), rng.normal(size=3)
    du = rng.normal(size=(4, 3))

    def forward():
        return step3.dropconnect_forward(x, W, b, 0.5, seed=seed, train=train)[0]

    _, cache = step3.dropconnect_forward(x, W, b, 0.5, seed=seed, train=train)
    dx, dW, db = step3.dropconnect_backward(du, cache)
    inputs = {"x": x, "W": W, "b": b, "p": 0.5, "seed": seed, "train": train}
    for name, got, array in (("dx", dx, x), ("dW", dW, W), ("db", db, b)):
        numeric = numerical_gradient_of_array(forward, array, du)
        assert_gradient(got, numeric, f"DropConnect {name}", inputs)


@pytest.mark.task("step3.dropconnect")
def test_dropconnect_drops_weights_not_units(step3):
    """With x = I (D × D), row i of u − b is row i of (m ⊙ W)ᵀ: every entry is
    the weight or 0, about a fraction p kept, and the same seed, the same mask."""
    D, M, p = 40, 50, 0.5
    W = np.random.default_rng(1).uniform(1.0, 2.0, size=(M, D))
    b = np.zeros(M)
    u, _ = step3.dropconnect_forward(np.eye(D), W, b, p, seed=11)
    again, _ = step3.dropconnect_forward(np.eye(D), W, b, p, seed=11)
    masked = np.asarray(u).T
    inputs = {"x": "identity (40, 40)", "W": W, "p": p, "seed": 11}
    kept = np.isclose(masked, W)
    assert_true(np.all(kept | (masked == 0)), "each weight is kept or dropped", inputs)
    _kept_fraction_check(kept, p, "a fraction p of the weights is kept", inputs)
    assert_close(again, u, "DropConnect with the same seed twice", inputs)


@pytest.mark.task("step3.dropconnect")
def test_dropconnect_inference_is_the_mean_network(step3):
    """At inference u = x (p W)ᵀ + b; with p = 1, training is the affine layer."""
    rng = np.random.default_rng(2)
    x, W, b = rng.normal(size=(3, 4)), rng.normal(size=(2, 4)), rng.normal(size=2)
    inputs = {"x": x, "W": W, "b": b}
    u, _ = step3.dropconnect_forward(x, W, b, 0.3, seed=5, train=False)
    assert_close(u, x @ (0.3 * W).T + b, "DropConnect inference, p = 0.3", inputs)
    u, _ = step3.dropconnect_forward(x, W, b, 1.0, seed=5, train=True)
    assert_close(u, x @ W.T + b, "DropConnect with p = 1 is affine", inputs)


@pytest.mark.contract
@pytest.mark.parametrize("p", [0.0, -0.5, 1.5, float("nan")])
def test_dropout_rejects_a_probability_outside_0_1(step3, p):
    with pytest.raises(ValueError, match="p"):
        step3.dropout_forward(np.ones((2, 2)), p, seed=0)
    with pytest.raises(ValueError, match="p"):
        step3.dropconnect_forward(np.ones((2, 2)), np.ones((3, 2)), np.ones(3), p)


@pytest.mark.contract
def test_dropconnect_rejects_mismatched_shapes(step3):
    with pytest.raises(ValueError, match="shape"):
        step3.dropconnect_forward(np.ones((2, 2)), np.ones((3, 4)), np.ones(3), 0.5)
