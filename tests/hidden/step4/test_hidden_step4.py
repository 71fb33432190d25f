"""Hidden graded tests of STEP 4: worked examples, kept out of the release.

A student sees only whether each passed and its points. They repeat no public
test: each pins a case the public properties reach only by chance (a long run
of updates, extreme scores, a batch of one), so a solution tuned to the public
tests alone does not pass them by construction.
"""

import numpy as np
import pytest

from dlstart_check.checks import assert_close, assert_true

# Worked examples are exact up to rounding of a few operations.
EXAMPLE_RTOL = 1e-12


@pytest.mark.task("step4.network_backward")
def test_backward_through_one_sigmoid_unit(step4):
    """x = 0, one hidden sigmoid unit (w = 1, b = 0) then an identity output
    (w = 2, b = 0), δ_out = 1: z = 0.5, so dW_out = 0.5, δ_hidden = 2 · 0.25.
    """
    x = np.zeros((1, 1))
    params = [
        (np.array([[1.0]]), np.zeros(1)),
        (np.array([[2.0]]), np.zeros(1)),
    ]
    _, cache = step4.network_forward(x, params, "sigmoid")
    grads = step4.network_backward(np.ones((1, 1)), cache)
    assert_true(len(grads) == 2, "one (dW, db) pair per layer")
    (dW1, db1), (dW2, db2) = grads
    inputs = {"x": x}
    assert_close(dW2, np.array([[0.5]]), "dW of the output layer", inputs)
    assert_close(db2, np.array([1.0]), "db of the output layer", inputs)
    assert_close(db1, np.array([0.5]), "db of the hidden layer", inputs)
    assert_close(dW1, np.array([[0.0]]), "dW of the hidden layer (x = 0)", inputs)
