"""STEP 3 — 학습률 (learning rate): schedules and per-layer rates, closed forms."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_close

pytestmark = pytest.mark.task("step3.learning_rate")


@given(t=st.integers(0, 100), lr=st.floats(1e-4, 1.0))
def test_constant_schedule_keeps_the_rate(step3, t, lr):
    """Property: ε_t = ε_0 for the constant schedule (the default)."""
    got = step3.scheduled_learning_rate(t, {"learning_rate": lr})
    assert_close(got, lr, "constant schedule", {"t": t, "learning_rate": lr})


@given(
    t=st.integers(0, 100),
    drop=st.floats(0.05, 1.0),
    step_size=st.integers(1, 20),
)
def test_step_decay_drops_every_step_size_epochs(step3, t, drop, step_size):
    """Property: ε_t = ε_0 · drop^⌊t / step_size⌋."""
    config = {
        "learning_rate": 0.5,
        "schedule": "step",
        "drop": drop,
        "step_size": step_size,
    }
    got = step3.scheduled_learning_rate(t, config)
    assert_close(got, 0.5 * drop ** (t // step_size), "step decay", {"t": t, **config})


def test_step_decay_fixed_example(step3):
    """ε_0 = 1, drop = 0.5, step_size = 10: 1 for t < 10, 0.5 at t = 10..19."""
    config = {"learning_rate": 1.0, "schedule": "step", "drop": 0.5, "step_size": 10}
    for t, expected in [(0, 1.0), (9, 1.0), (10, 0.5), (19, 0.5), (20, 0.25)]:
        got = step3.scheduled_learning_rate(t, config)
        assert_close(got, expected, "step decay at epoch t", {"t": t, **config})


@given(t=st.integers(0, 200), k=st.floats(0.0, 0.5))
def test_continuous_decays_match_their_formulas(step3, t, k):
    """Property: exponential ε_0 e^{−k t} and inverse-time ε_0 / (1 + k t)."""
    for schedule, expected in [
        ("exponential", 0.2 * math.exp(-k * t)),
        ("inverse_time", 0.2 / (1 + k * t)),
    ]:
        config = {"learning_rate": 0.2, "schedule": schedule, "decay_rate": k}
        got = step3.scheduled_learning_rate(t, config)
        assert_close(got, expected, f"{schedule} decay", {"t": t, **config})


@given(lr=st.floats(1e-3, 1.0), L=st.integers(1, 6), ratio=st.floats(0.5, 4.0))
def test_layer_rates_grow_towards_the_input_by_ratio(step3, lr, L, ratio):
    """Property: layer l of L gets ε · ratio^(L − l); the output layer gets ε."""
    got = step3.layer_learning_rates(lr, L, ratio=ratio)
    expected = [lr * ratio ** (L - l) for l in range(1, L + 1)]
    assert_close(
        got,
        expected,
        "per-layer learning rates",
        {"learning_rate": lr, "num_layers": L, "ratio": ratio},
    )


def test_layer_rates_fixed_example(step3):
    """ε = 0.01, L = 3, ratio = 2: [0.04, 0.02, 0.01]; ratio 1 (default): all ε."""
    assert_close(
        step3.layer_learning_rates(0.01, 3, ratio=2.0),
        [0.04, 0.02, 0.01],
        "per-layer rates, ratio 2",
        {"learning_rate": 0.01, "L": 3},
    )
    assert_close(
        step3.layer_learning_rates(0.01, 3),
        [0.01] * 3,
        "per-layer rates, default ratio",
        {"learning_rate": 0.01, "L": 3},
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    "config",
    [
        {"learning_rate": -1.0},
        {"learning_rate": 0.1, "schedule": "cosine"},
        {"learning_rate": 0.1, "schedule": "step", "drop": 1.5, "step_size": 2},
        {"learning_rate": 0.1, "schedule": "step", "drop": 0.5, "step_size": 0},
        {"learning_rate": 0.1, "schedule": "exponential", "decay_rate": -1.0},
    ],
)
def test_schedule_rejects_bad_configs(step3, config):
    with pytest.raises(ValueError):
        step3.scheduled_learning_rate(3, config)


@pytest.mark.contract
def test_layer_rates_reject_a_negative_rate(step3):
    with pytest.raises(ValueError, match="learning_rate"):
        step3.layer_learning_rates(-0.1, 2)
