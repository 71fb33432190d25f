"""STEP 2 — softmax (소프트맥스 함수): properties and fixed examples."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import (
    SUM_TO_ONE_ATOL,
    assert_close,
    assert_shape,
    assert_true,
    no_runtime_warnings,
)
from dlstart_check.strategies import arrays, shapes

pytestmark = pytest.mark.task("step2.softmax")

# Scores this large overflow exp() unless the row maximum is subtracted first.
LARGE_SCORE = 1e4


@given(u=arrays(shapes(min_dims=1, max_dims=3), bound=LARGE_SCORE))
def test_softmax_rows_are_probabilities(step2, u):
    """Property: every row is non-negative, finite and sums to 1 within 1e-12."""
    z = assert_shape(step2.softmax(u), u.shape, "softmax keeps the shape", {"u": u})
    assert_true(np.all(z >= 0), "softmax is non-negative", {"u": u})
    assert_close(
        np.sum(z, axis=-1),
        np.ones(u.shape[:-1]),
        "softmax rows sum to 1",
        {"u": u},
        rtol=0,
        atol=SUM_TO_ONE_ATOL,
    )


@given(
    u=arrays(shapes(min_dims=2, max_dims=2), bound=100.0),
    shift=st.floats(min_value=-1e3, max_value=1e3),
)
def test_softmax_unchanged_by_a_constant_per_row(step2, u, shift):
    """Property: softmax(u + c) = softmax(u) for any constant c added to a row."""
    shifts = shift * np.arange(1, u.shape[0] + 1)[:, None] / u.shape[0]
    assert_close(
        step2.softmax(u + shifts),
        step2.softmax(u),
        "softmax(u + c per row) equals softmax(u)",
        {"u": u, "c": shifts[:, 0]},
        rtol=1e-9,
        atol=1e-12,
    )


def test_softmax_fixed_example(step2):
    """softmax([0, ln 2, ln 3]) = [1/6, 2/6, 3/6]; a 1-D input is one row."""
    u = np.log(np.array([1.0, 2.0, 3.0]))
    assert_close(
        step2.softmax(u), np.array([1, 2, 3]) / 6, "softmax of a 1-D row", {"u": u}
    )


def test_softmax_acts_on_the_last_axis(step2):
    """Each row of a batch is normalized on its own, not the whole batch."""
    u = np.array([[0.0, 0.0], [0.0, np.log(3.0)]])
    assert_close(
        step2.softmax(u),
        np.array([[0.5, 0.5], [0.25, 0.75]]),
        "softmax normalizes each row over the last axis",
        {"u": u},
    )


def test_softmax_is_stable_for_huge_scores(step2):
    """Scores of ±1e4 give exact one-hot rows, with no overflow warning or NaN."""
    u = np.array([[LARGE_SCORE, 0.0, -LARGE_SCORE], [-LARGE_SCORE, -LARGE_SCORE, 0.0]])
    with no_runtime_warnings("softmax of scores ±1e4 without overflow", {"u": u}):
        z = step2.softmax(u)
    assert_close(z, np.array([[1.0, 0, 0], [0, 0, 1.0]]), "softmax of ±1e4", {"u": u})


@pytest.mark.contract
@pytest.mark.parametrize(
    "bad", [np.float64(1.0), "abc", np.array([1, 2], dtype=object)]
)
def test_softmax_rejects_bad_input(step2, bad):
    with pytest.raises((TypeError, ValueError), match="u"):
        step2.softmax(bad)
