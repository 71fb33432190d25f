"""STEP 3 — minibatches (미니배치): every sample once per epoch, a new order each."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import assert_true, fail

pytestmark = pytest.mark.task("step3.minibatch")

# Large enough that a random permutation equals a given one with probability
# 1/50!, i.e. never.
N_SHUFFLED = 50


def _batches(step3, N, batch_size, epoch, seed):
    batches = step3.minibatch_indices(N, batch_size, epoch=epoch, seed=seed)
    inputs = {"N": N, "batch_size": batch_size, "epoch": epoch, "seed": seed}
    assert_true(
        isinstance(batches, (list, tuple)),
        "minibatch_indices returns a list of index arrays",
        inputs,
        detail=f"got {type(batches).__name__}",
    )
    return [np.asarray(batch) for batch in batches], inputs


@given(
    N=st.integers(1, 200),
    batch_size=st.integers(1, 64),
    epoch=st.integers(0, 5),
    seed=st.integers(0, 2**16),
)
def test_minibatches_cover_every_sample_exactly_once(step3, N, batch_size, epoch, seed):
    """Property: the batches partition range(N), the last partial one included."""
    batches, inputs = _batches(step3, N, batch_size, epoch, seed)
    sizes = [len(batch) for batch in batches]
    expected_sizes = [batch_size] * (N // batch_size)
    if N % batch_size:
        expected_sizes.append(N % batch_size)
    if sizes != expected_sizes:
        fail(
            "batch sizes: full batches, then the remainder",
            inputs,
            expected=expected_sizes,
            got=sizes,
        )
    joined = np.concatenate(batches) if batches else np.array([], dtype=int)
    assert_true(
        np.issubdtype(joined.dtype, np.integer),
        "indices are integers",
        inputs,
        detail=f"dtype {joined.dtype}",
    )
    if not np.array_equal(np.sort(joined), np.arange(N)):
        fail(
            "every index 0..N-1 appears exactly once",
            inputs,
            expected=np.arange(N),
            got=np.sort(joined),
        )


@given(epoch=st.integers(0, 20), seed=st.integers(0, 2**16))
def test_minibatches_are_reproducible_from_seed_and_epoch(step3, epoch, seed):
    """Property: the same (seed, epoch) gives the same batches."""
    first, inputs = _batches(step3, N_SHUFFLED, 8, epoch, seed)
    second, _ = _batches(step3, N_SHUFFLED, 8, epoch, seed)
    assert_true(
        all(np.array_equal(a, b) for a, b in zip(first, second)),
        "two calls with the same seed and epoch give the same batches",
        inputs,
    )


def test_minibatch_order_is_shuffled_and_changes_every_epoch(step3):
    """The order is not 0, 1, 2, ...; epochs 0..4 have five different orders."""
    orders = []
    for epoch in range(5):
        batches, inputs = _batches(step3, N_SHUFFLED, 7, epoch, 3)
        orders.append(tuple(np.concatenate(batches).tolist()))
        assert_true(
            orders[-1] != tuple(range(N_SHUFFLED)),
            "the samples are shuffled (not visited in order)",
            inputs,
        )
    assert_true(
        len(set(orders)) == len(orders),
        "each epoch visits the samples in a new order",
        {"N": N_SHUFFLED, "epochs": "0..4", "seed": 3},
    )


def test_minibatch_order_depends_on_the_seed(step3):
    """Two seeds give two orders for the same epoch."""
    a, _ = _batches(step3, N_SHUFFLED, 10, 0, 1)
    b, _ = _batches(step3, N_SHUFFLED, 10, 0, 2)
    assert_true(
        not np.array_equal(np.concatenate(a), np.concatenate(b)),
        "seeds 1 and 2 give different orders",
        {"N": N_SHUFFLED, "epoch": 0},
    )


@pytest.mark.contract
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(N=0, batch_size=2),
        dict(N=5, batch_size=0),
        dict(N=5, batch_size=-1),
        dict(N=5, batch_size=2, epoch=-1),
        dict(N=5, batch_size=2, seed=-3),
    ],
)
def test_minibatch_indices_rejects_bad_sizes(step3, kwargs):
    with pytest.raises(ValueError):
        step3.minibatch_indices(**kwargs)
