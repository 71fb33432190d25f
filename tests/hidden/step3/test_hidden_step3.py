"""Hidden graded tests of STEP 3: worked examples, kept out of the release.

A student sees only whether each passed and its points. They repeat no public
test: each pins a case the public properties reach only by chance (a long run
of updates, extreme scores, a batch of one), so a solution tuned to the public
tests alone does not pass them by construction.
"""

import math

import numpy as np
import pytest

from dlstart_check.checks import assert_close

# Worked examples are exact up to rounding of a few operations.
EXAMPLE_RTOL = 1e-12


@pytest.mark.task("step3.momentum")
def test_momentum_ten_steps_on_a_constant_gradient(step3):
    """With g constant, v_t = -ε g (1 - μ^t) / (1 - μ) and w_t = w_0 + Σ v_s.

    ε = 0.1, μ = 0.5, g = 1, w_0 = 0: after ten steps
    w = -0.1 Σ_{t=1..10} (1 - 0.5^t) / 0.5 = -0.2 (10 - (1 - 0.5^10)).
    """
    w = np.zeros(1)
    config = {"learning_rate": 0.1, "momentum": 0.5}
    for _ in range(10):
        w, config = step3.momentum_update(w, np.ones(1), config)
    expected = -0.2 * (10 - (1 - 0.5**10))
    assert_close(w, np.array([expected]), "w after ten momentum steps", config)


@pytest.mark.task("step3.adagrad")
def test_adagrad_steps_shrink_like_one_over_root_t(step3):
    """With g = 1 every step, h_t = t and step t moves by ε / √t (eps aside)."""
    w = np.zeros(1)
    config = {"learning_rate": 1.0, "eps": 1e-12}
    steps = []
    for _ in range(4):
        next_w, config = step3.adagrad_update(w, np.ones(1), config)
        steps.append(float(w[0] - next_w[0]))
        w = next_w
    expected = [1.0, 1 / math.sqrt(2), 1 / math.sqrt(3), 0.5]
    assert_close(np.array(steps), np.array(expected), "AdaGrad step sizes", config)
