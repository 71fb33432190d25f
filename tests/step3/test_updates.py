"""STEP 3 — update rules: SGD, 모멘텀 (momentum), AdaGrad, against closed forms."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close, assert_true, fail
from dlstart_check.strategies import random_arrays, shapes

# The narrow valley E(w) = ½ (w_1² + CONDITION · w_2²): a step size safe for the
# steep direction crawls along the flat one, which momentum speeds up.
CONDITION = 100.0
VALLEY_LR = 0.015
VALLEY_MOMENTUM = 0.9
VALLEY_TARGET = 1e-6  # stop when E has fallen to this fraction of its start
VALLEY_MAX_STEPS = 5000
# Several steps accumulate a few roundings.
MULTI_STEP_RTOL = 1e-9


def _run(rule, w, grads, config):
    """Apply ``rule`` once per gradient, threading the returned config."""
    for g in grads:
        w, config = rule(w, g, config)
    return np.asarray(w), config


@pytest.mark.task("step3.sgd")
@given(data=st.data(), lr=st.floats(1e-4, 10.0))
def test_sgd_is_w_minus_lr_times_gradient(step3, data, lr):
    """Property: one SGD step is w − ε dw, exactly as the formula."""
    shape = data.draw(shapes(max_dims=2))
    w = data.draw(random_arrays(shape))
    dw = data.draw(random_arrays(shape))
    inputs = {"w": w, "dw": dw, "learning_rate": lr}
    next_w, _ = step3.sgd_update(w, dw, {"learning_rate": lr})
    assert_close(next_w, w - lr * dw, "sgd_update: w − ε dw", inputs)


@pytest.mark.task("step3.sgd")
def test_sgd_leaves_its_arguments_unchanged(step3):
    """A pure function: w and dw are not modified in place."""
    w, dw = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    next_w, config = step3.sgd_update(w, dw, {"learning_rate": 0.1})
    assert_close(w, [1.0, 2.0], "w unchanged by sgd_update", {"w": w})
    assert_close(next_w, [0.95, 2.05], "sgd_update of a fixed example", {"w": w})
    assert_close(config["learning_rate"], 0.1, "config keeps learning_rate")


@pytest.mark.task("step3.momentum")
@given(
    steps=st.integers(1, 8),
    mu=st.floats(0.0, 0.95),
    lr=st.floats(1e-3, 1.0),
    seed=st.integers(0, 2**16),
)
def test_momentum_with_constant_gradient_matches_closed_form(
    step3, steps, mu, lr, seed
):
    """Property: with a constant gradient g, after t steps from v = 0,
    v_t = −ε g (1 − μ^t) / (1 − μ) and w_t = w_0 + Σ_{k=1..t} v_k."""
    rng = np.random.default_rng(seed)
    w0, g = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    inputs = {"w": w0, "dw": g, "learning_rate": lr, "momentum": mu, "steps": steps}
    w, config = _run(
        step3.momentum_update, w0, [g] * steps, {"learning_rate": lr, "momentum": mu}
    )
    v = [-lr * g * (1 - mu**k) / (1 - mu) for k in range(1, steps + 1)]
    assert_close(
        config["velocity"],
        v[-1],
        "momentum: velocity after t steps",
        inputs,
        rtol=MULTI_STEP_RTOL,
    )
    assert_close(
        w, w0 + sum(v), "momentum: w after t steps", inputs, rtol=MULTI_STEP_RTOL
    )


@pytest.mark.task("step3.momentum")
def test_momentum_carries_velocity_between_calls(step3):
    """A hand-computed run with changing gradients: μ = 0.5, ε = 0.1.

    v1 = −0.1·2 = −0.2, w1 = 0.8; v2 = 0.5·(−0.2) − 0.1·(−1) = 0, w2 = 0.8;
    v3 = 0 − 0.1·4 = −0.4, w3 = 0.4.
    """
    config = {"learning_rate": 0.1, "momentum": 0.5}
    w = np.array([1.0])
    expected = [(0.8, -0.2), (0.8, 0.0), (0.4, -0.4)]
    for step, (g, (w_exp, v_exp)) in enumerate(zip([2.0, -1.0, 4.0], expected), 1):
        w, config = step3.momentum_update(w, np.array([g]), config)
        inputs = {"step": step, "dw": g}
        assert_close(w, [w_exp], "momentum: w after each call", inputs)
        assert_close(config["velocity"], [v_exp], "momentum: velocity", inputs)


def _steps_to_valley_floor(step3, rule, config):
    w = np.array([1.0, 1.0])
    curvature = np.array([1.0, CONDITION])
    start = 0.5 * np.sum(curvature * w * w)
    for step in range(1, VALLEY_MAX_STEPS + 1):
        w, config = rule(w, curvature * w, config)
        w = np.asarray(w)
        error = 0.5 * np.sum(curvature * w * w)
        if not np.isfinite(error):
            return None
        if error <= VALLEY_TARGET * start:
            return step
    return None


@pytest.mark.task("step3.momentum")
def test_momentum_crosses_a_narrow_valley_faster_than_sgd(step3):
    """On E = ½ (w_1² + 100 w_2²), momentum (μ = 0.9) reaches E ≤ 1e-6 E_0 in
    fewer steps than plain gradient descent with the same ε = 0.015."""
    sgd = _steps_to_valley_floor(step3, step3.sgd_update, {"learning_rate": VALLEY_LR})
    momentum = _steps_to_valley_floor(
        step3,
        step3.momentum_update,
        {"learning_rate": VALLEY_LR, "momentum": VALLEY_MOMENTUM},
    )
    inputs = {
        "learning_rate": VALLEY_LR,
        "momentum": VALLEY_MOMENTUM,
        "condition": CONDITION,
    }
    if momentum is None:
        fail(
            "momentum reaches the valley floor",
            inputs,
            detail=f"not within {VALLEY_MAX_STEPS} steps (or it diverged)",
        )
    assert_true(
        sgd is None or momentum < sgd,
        "momentum needs fewer steps than SGD in a narrow valley",
        inputs,
        detail=f"momentum {momentum} steps, SGD {sgd} steps",
    )


@pytest.mark.task("step3.adagrad")
@given(
    steps=st.integers(1, 8),
    lr=st.floats(1e-3, 1.0),
    seed=st.integers(0, 2**16),
)
def test_adagrad_matches_a_loop_over_steps(step3, steps, lr, seed):
    """Property: after t steps with gradients g_1..g_t, h = Σ g_k² and each step
    was −ε g_k / (√(g_1² + ... + g_k²) + eps), per component."""
    rng = np.random.default_rng(seed)
    w0 = rng.normal(size=(2, 3))
    grads = [rng.normal(size=(2, 3)) * rng.uniform(0.1, 3.0) for _ in range(steps)]
    eps = 1e-8
    w_exp, h_exp = w0.copy(), np.zeros_like(w0)
    for g in grads:
        h_exp = h_exp + g * g
        w_exp = w_exp - lr * g / (np.sqrt(h_exp) + eps)
    inputs = {"w": w0, "learning_rate": lr, "steps": steps, "g_1": grads[0]}
    w, config = _run(step3.adagrad_update, w0, grads, {"learning_rate": lr, "eps": eps})
    assert_close(
        config["grad_squared_sum"],
        h_exp,
        "adagrad: Σ g² after t steps",
        inputs,
        rtol=MULTI_STEP_RTOL,
    )
    assert_close(w, w_exp, "adagrad: w after t steps", inputs, rtol=MULTI_STEP_RTOL)


@pytest.mark.task("step3.adagrad")
def test_adagrad_one_step_fixed_example(step3):
    """From h = 0 the first step is −ε g/(|g| + eps) ≈ −ε sign(g): ε = 0.5,
    g = [4, −0.25, 0] gives w − [0.5, −0.5, 0]; the zero component stays put."""
    w = np.array([1.0, 1.0, 1.0])
    g = np.array([4.0, -0.25, 0.0])
    next_w, config = step3.adagrad_update(w, g, {"learning_rate": 0.5})
    inputs = {"w": w, "dw": g, "learning_rate": 0.5}
    assert_close(next_w, [0.5, 1.5, 1.0], "adagrad first step", inputs, rtol=1e-7)
    assert_close(config["grad_squared_sum"], g * g, "adagrad: h = g²", inputs)


@pytest.mark.task("step3.adagrad")
def test_adagrad_effective_step_shrinks_for_frequently_large_components(step3):
    """Component 0 gets a large gradient every step, component 1 a small one
    except once; afterwards a unit gradient moves component 0 far less."""
    config = {"learning_rate": 1.0}
    w = np.zeros(2)
    for step in range(10):
        g = np.array([5.0, 5.0 if step == 0 else 0.01])
        w, config = step3.adagrad_update(w, g, config)
    before = np.asarray(w)
    after, _ = step3.adagrad_update(before, np.array([1.0, 1.0]), config)
    moved = np.abs(np.asarray(after) - before)
    assert_true(
        moved[0] < 0.5 * moved[1],
        "adagrad's step is smaller where gradients were often large",
        {"gradients": "[5, 5] then 9 × [5, 0.01], then [1, 1]"},
        detail=f"steps of the last update: {moved}",
    )


@pytest.mark.contract
@pytest.mark.parametrize("rule", ["sgd_update", "momentum_update", "adagrad_update"])
@pytest.mark.parametrize("lr", [-0.1, 0.0, float("nan")])
def test_update_rules_reject_a_bad_learning_rate(step3, rule, lr):
    with pytest.raises(ValueError, match="learning_rate"):
        getattr(step3, rule)(np.ones(2), np.ones(2), {"learning_rate": lr})


@pytest.mark.contract
@pytest.mark.parametrize("rule", ["sgd_update", "momentum_update", "adagrad_update"])
def test_update_rules_reject_mismatched_shapes(step3, rule):
    with pytest.raises(ValueError, match="shape"):
        getattr(step3, rule)(np.ones(3), np.ones(2), {"learning_rate": 0.1})


@pytest.mark.contract
def test_momentum_rejects_a_velocity_of_another_shape(step3):
    config = {"learning_rate": 0.1, "velocity": np.zeros(3)}
    with pytest.raises(ValueError, match="velocity"):
        step3.momentum_update(np.ones(2), np.ones(2), config)
