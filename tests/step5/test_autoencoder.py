"""STEP 5 — the autoencoder (자기부호화기): forward, backward, sparsity, the loss.

Gradients are checked against centred differences (``dlstart_check.gradcheck``)
in both forms: untied and tied weights, and both of the notes' pairings (identity
output + squared error, sigmoid output + cross-entropy).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_gradient,
    assert_shape,
    assert_true,
    no_runtime_warnings,
)
from dlstart_check.gradcheck import numerical_gradient

# The sparse setting the issue fixes for the gradient check: ρ, β and λ.
RHO, BETA, LAMBDA = 0.05, 3.0, 1e-4
SMOOTH_HIDDEN = ["sigmoid", "tanh", "identity"]


def sigmoid(u):
    return 1.0 / (1.0 + np.exp(-u))


def make_params(rng, D, M, tied, scale=0.5):
    params = {"W": rng.normal(0, scale, (M, D)), "b": rng.normal(0, scale, M)}
    if not tied:
        params["W_tilde"] = rng.normal(0, scale, (D, M))
    params["b_tilde"] = rng.normal(0, scale, D)
    return params


def oracle_forward(x, params, hidden, tied):
    """y and u_out written out directly, for comparison."""
    f = {"sigmoid": sigmoid, "tanh": np.tanh, "identity": lambda u: u}[hidden]
    W_tilde = params["W"].T if tied else params["W_tilde"]
    y = f(x @ params["W"].T + params["b"])
    return y, y @ W_tilde.T + params["b_tilde"]


def oracle_kl_penalty(y, rho, beta):
    """β Σ_j KL(ρ‖ρ̂_j) with ρ̂_j the batch mean of unit j, one unit at a time."""
    total = 0.0
    for j in range(y.shape[1]):
        rho_hat = np.mean(y[:, j])
        total += rho * np.log(rho / rho_hat)
        total += (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    return beta * total


def oracle_loss(x, params, *, hidden, output, tied, sparsity, weight_decay, target):
    d = x if target is None else target
    y, u_out = oracle_forward(x, params, hidden, tied)
    N = x.shape[0]
    if output == "identity":
        loss = 0.5 * np.sum((u_out - d) ** 2) / N
    else:
        z = sigmoid(u_out)
        loss = -np.sum(d * np.log(z) + (1 - d) * np.log(1 - z)) / N
    if sparsity is not None:
        loss += oracle_kl_penalty(y, sparsity["rho"], sparsity["beta"])
    weights = ["W"] + ([] if tied else ["W_tilde"])
    loss += 0.5 * weight_decay * sum(np.sum(params[k] ** 2) for k in weights)
    return loss


@st.composite
def autoencoder_cases(draw, hidden=SMOOTH_HIDDEN):
    """(x, params, hidden, tied): a small batch and parameters of a drawn form."""
    N = draw(st.integers(min_value=1, max_value=6))
    D = draw(st.integers(min_value=1, max_value=5))
    M = draw(st.integers(min_value=1, max_value=4))
    tied = draw(st.booleans())
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, (N, D))
    return x, make_params(rng, D, M, tied), draw(st.sampled_from(hidden)), tied


# ---------------------------------------------------------------------------
# step5.autoencoder: forward and backward
# ---------------------------------------------------------------------------


@pytest.mark.task("step5.autoencoder")
@given(case=autoencoder_cases())
def test_forward_matches_the_formulas(step5_ae, case):
    """Property: y = f(x Wᵀ + b), u_out = y W̃ᵀ + b̃, W̃ = Wᵀ when tied."""
    x, params, hidden, tied = case
    inputs = {"x": x, "hidden": hidden, "tied": tied}
    u_out, y, _ = step5_ae.autoencoder_forward(x, params, hidden=hidden, tied=tied)
    y_expected, u_expected = oracle_forward(x, params, hidden, tied)
    assert_close(y, y_expected, "the code y = f(x Wᵀ + b)", inputs)
    assert_close(u_out, u_expected, "the output's total input y W̃ᵀ + b̃", inputs)


@pytest.mark.task("step5.autoencoder")
@given(case=autoencoder_cases(), extra_seed=st.integers(0, 2**32 - 1))
def test_backward_matches_numerical_gradient(step5_ae, case, extra_seed):
    """Property: gradients of Σ u_out⊙G + Σ y⊙H for any G, H (dy = H), ≤ 1e-7.

    The term on y stands for the sparse penalty: it must enter the hidden delta
    before the f' factor, like the decoder's contribution.
    """
    x, params, hidden, tied = case
    rng = np.random.default_rng(extra_seed)
    G = rng.normal(size=x.shape)
    H = rng.normal(size=(x.shape[0], params["W"].shape[0]))

    def objective():
        u_out, y, _ = step5_ae.autoencoder_forward(x, params, hidden=hidden, tied=tied)
        return np.sum(u_out * G) + np.sum(y * H)

    _, _, cache = step5_ae.autoencoder_forward(x, params, hidden=hidden, tied=tied)
    grads = step5_ae.autoencoder_backward(G, cache, dy=H)
    inputs = {"x": x, "hidden": hidden, "tied": tied, "G": G, "H": H}
    assert_true(
        isinstance(grads, dict) and set(grads) == set(params),
        f"autoencoder_backward returns a dict with the keys {sorted(params)}",
        inputs,
    )
    for key in params:
        numeric = numerical_gradient(objective, params[key])
        assert_gradient(grads[key], numeric, f"d/d{key} (tied={tied})", inputs)


@pytest.mark.task("step5.autoencoder")
def test_tied_gradient_is_the_sum_of_both_uses(step5_ae):
    """Tied W: dW = dW(encoder) + dW̃(decoder)ᵀ, checked on the untied twin."""
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(4, 3))
    tied = make_params(rng, 3, 2, tied=True)
    untied = dict(tied, W_tilde=tied["W"].T.copy())
    G = rng.normal(size=x.shape)
    _, _, cache = step5_ae.autoencoder_forward(x, tied, tied=True)
    g_tied = step5_ae.autoencoder_backward(G, cache)
    _, _, cache = step5_ae.autoencoder_forward(x, untied, tied=False)
    g_untied = step5_ae.autoencoder_backward(G, cache)
    assert_close(
        g_tied["W"],
        g_untied["W"] + g_untied["W_tilde"].T,
        "tied dW equals encoder dW plus decoder dW̃ transposed",
        {"x": x, "G": G},
    )


# ---------------------------------------------------------------------------
# step5.sparsity: β Σ KL(ρ‖ρ̂)
# ---------------------------------------------------------------------------


@st.composite
def activations(draw):
    N = draw(st.integers(min_value=1, max_value=8))
    M = draw(st.integers(min_value=1, max_value=5))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    # Activations of sigmoid units, kept away from 0 and 1 so that the centred
    # differences (step 1e-5) stay accurate where KL curves sharply.
    return np.random.default_rng(seed).uniform(0.05, 0.95, (N, M))


@pytest.mark.task("step5.sparsity")
@given(
    y=activations(),
    rho=st.floats(min_value=0.01, max_value=0.5),
    beta=st.floats(min_value=0.0, max_value=5.0),
)
def test_sparsity_penalty_value(step5_ae, y, rho, beta):
    """Property: the penalty is β Σ_j KL(ρ‖ρ̂_j), ρ̂_j the batch mean of unit j."""
    penalty, _ = step5_ae.sparsity_penalty(y, rho, beta)
    assert_close(
        penalty,
        oracle_kl_penalty(y, rho, beta),
        "β Σ KL(ρ‖ρ̂) with ρ̂ the batch-mean activation",
        {"y": y, "rho": rho, "beta": beta},
    )


@pytest.mark.task("step5.sparsity")
@given(y=activations(), rho=st.floats(min_value=0.01, max_value=0.5))
def test_sparsity_gradient_matches_numerical(step5_ae, y, rho):
    """Property: dy = β (−ρ/ρ̂ + (1−ρ)/(1−ρ̂)) / N agrees with centred differences."""
    y = y.copy()
    _, dy = step5_ae.sparsity_penalty(y, rho, BETA)
    numeric = numerical_gradient(lambda: step5_ae.sparsity_penalty(y, rho, BETA)[0], y)
    assert_gradient(dy, numeric, "d(sparsity penalty)/dy", {"y": y, "rho": rho})


@pytest.mark.task("step5.sparsity")
def test_sparsity_fixed_example(step5_ae):
    """ρ̂ = (0.05, 0.5): no penalty for the first unit; KL(0.05‖0.5) for the second."""
    y = np.array([[0.1, 0.2], [0.0, 0.8]])
    penalty, dy = step5_ae.sparsity_penalty(y, 0.05, 2.0)
    kl = 0.05 * np.log(0.1) + 0.95 * np.log(1.9)
    assert_close(penalty, 2.0 * kl, "β KL(0.05‖0.5) + 0", {"y": y})
    grad = 2.0 * (-0.05 / 0.5 + 0.95 / 0.5) / 2
    assert_close(dy, np.array([[0.0, grad], [0.0, grad]]), "dy", {"y": y}, atol=1e-12)


@pytest.mark.task("step5.sparsity")
@pytest.mark.parametrize("value", [0.0, 1.0])
def test_sparsity_is_finite_for_dead_or_saturated_units(step5_ae, value):
    """ρ̂ = 0 or 1 (a unit never or always on) gives a finite penalty and gradient."""
    y = np.array([[value, 0.3], [value, 0.1]])
    inputs = {"y": y, "rho": RHO, "beta": BETA}
    with no_runtime_warnings("sparsity penalty at ρ̂ = 0 or 1", inputs):
        penalty, dy = step5_ae.sparsity_penalty(y, RHO, BETA)
    assert_true(
        np.isfinite(penalty) and np.all(np.isfinite(dy)),
        "the penalty and its gradient are finite (ρ̂ is clipped)",
        inputs,
    )
    assert_true(penalty > 1.0, "a dead or saturated unit is penalized", inputs)


@pytest.mark.task("step5.sparsity")
@pytest.mark.contract
@pytest.mark.parametrize("rho", [0.0, 1.0, -0.1, 1.5])
def test_sparsity_rejects_bad_rho(step5_ae, rho):
    with pytest.raises(ValueError, match="rho"):
        step5_ae.sparsity_penalty(np.full((2, 2), 0.5), rho, 1.0)


# ---------------------------------------------------------------------------
# step5.autoencoder_loss: the training objective
# ---------------------------------------------------------------------------


def loss_gradient_check(step5_ae, x, params, **options):
    """Check every gradient of autoencoder_loss against centred differences."""
    loss, grads = step5_ae.autoencoder_loss(x, params, **options)
    inputs = {"x": x, **{k: v for k, v in options.items() if k != "target"}}
    assert_close(
        loss,
        oracle_loss(x, params, **options),
        "the loss value",
        inputs,
        rtol=1e-9,
        atol=1e-12,
    )
    for key in params:
        numeric = numerical_gradient(
            lambda: step5_ae.autoencoder_loss(x, params, **options)[0], params[key]
        )
        assert_gradient(grads[key], numeric, f"dE/d{key}", inputs)


LOSS_DEFAULTS = {"sparsity": None, "weight_decay": 0.0, "target": None}


@pytest.mark.task("step5.autoencoder_loss")
@given(case=autoencoder_cases(), output=st.sampled_from(["identity", "sigmoid"]))
def test_loss_gradients_in_both_forms(step5_ae, case, output):
    """Property: tied and untied, both pairings: value and gradients (≤ 1e-7)."""
    x, params, hidden, tied = case
    options = dict(LOSS_DEFAULTS, hidden=hidden, output=output, tied=tied)
    loss_gradient_check(step5_ae, x, params, **options)


@pytest.mark.task("step5.autoencoder_loss")
@given(case=autoencoder_cases(hidden=["sigmoid"]))
def test_sparse_loss_with_weight_decay_gradients(step5_ae, case):
    """Property: ρ = 0.05, β = 3, λ = 1e-4: value and gradients (≤ 1e-7)."""
    x, params, hidden, tied = case
    options = dict(
        LOSS_DEFAULTS,
        hidden=hidden,
        output="sigmoid",
        tied=tied,
        sparsity={"rho": RHO, "beta": BETA},
        weight_decay=LAMBDA,
    )
    loss_gradient_check(step5_ae, x, params, **options)


@pytest.mark.task("step5.autoencoder_loss")
@pytest.mark.parametrize("tied", [False, True])
def test_weight_decay_applies_to_weights_only(step5_ae, tied):
    """λ adds (λ/2)‖W‖² (+ ‖W̃‖²) and λW to the weights' gradients; biases untouched."""
    rng = np.random.default_rng(5)
    x = rng.uniform(size=(5, 4))
    params = make_params(rng, 4, 3, tied, scale=1.0)
    lam = 0.3
    base, g0 = step5_ae.autoencoder_loss(x, params, tied=tied)
    loss, g1 = step5_ae.autoencoder_loss(x, params, tied=tied, weight_decay=lam)
    inputs = {"x": x, "tied": tied, "weight_decay": lam}
    weights = ["W"] + ([] if tied else ["W_tilde"])
    decay = 0.5 * lam * sum(np.sum(params[k] ** 2) for k in weights)
    assert_close(loss - base, decay, "weight decay adds (λ/2) Σ ‖W‖²", inputs)
    for key in params:
        extra = lam * params[key] if key in weights else np.zeros_like(params[key])
        assert_close(
            g1[key] - g0[key],
            extra,
            f"weight decay's share of dE/d{key}",
            inputs,
            atol=1e-12,
        )


@pytest.mark.task("step5.autoencoder_loss")
@given(case=autoencoder_cases(), output=st.sampled_from(["identity", "sigmoid"]))
def test_target_replaces_the_input_as_what_is_reproduced(step5_ae, case, output):
    """Property: with ``target`` the error compares the output with the target."""
    x, params, hidden, tied = case
    target = np.clip(x[::-1] * 0.9 + 0.05, 0.0, 1.0)
    options = dict(LOSS_DEFAULTS, hidden=hidden, output=output, tied=tied)
    options["target"] = target
    loss_gradient_check(step5_ae, x, params, **options)


@pytest.mark.task("step5.autoencoder_loss")
def test_perfect_linear_reconstruction_has_zero_loss(step5_ae):
    """Identity hidden units, W̃ W = I (tied orthogonal W): x̂ = x, E = 0, grads 0."""
    Q, _ = np.linalg.qr(np.random.default_rng(7).normal(size=(4, 4)))
    params = {"W": Q, "b": np.zeros(4), "b_tilde": np.zeros(4)}
    x = np.random.default_rng(8).normal(size=(6, 4))
    loss, grads = step5_ae.autoencoder_loss(x, params, hidden="identity", tied=True)
    assert_close(loss, 0.0, "E of a perfect reconstruction", {"x": x}, atol=1e-12)
    assert_shape(grads["W"], (4, 4), "dW")
    assert_close(grads["W"], np.zeros((4, 4)), "dW at the optimum", atol=1e-12)
