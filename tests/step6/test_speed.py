"""STEP 6 — time limits: convolution and pooling must be vectorized.

A correct layer written with a Python loop over every output pixel (six nested
loops for a convolution) is hundreds of times slower than numpy's vectorized
form, too slow to train the CNN. These tests give it its own points, so slow but
correct code loses only these.

How: the implementation's forward + backward on a standard batch must take at
most SPEED_MULTIPLE times a baseline measured in the same run, on the same
machine: the kit's reference when its folder is there, else a plain numpy
operation of the same size times a factor measured once on the kit's machine.
Both are timed with time.perf_counter, the best of REPEATS runs, interleaved,
so that a moment of load on the machine hits both alike.
"""

import time

import numpy as np
import pytest

from dlstart_check.checks import fail

# The implementation may take this many times the baseline.
SPEED_MULTIPLE = 20.0
# Whatever the baseline, at least this many seconds are allowed: the grader's
# call into another process costs a few milliseconds, and a loop over output
# pixels in Python still takes seconds on the standard batches.
MIN_LIMIT_S = 0.1
REPEATS = 5
# A run this many times over the limit is not retried: only a loop over the
# output pixels is that slow (the six-loop conv: ~100×), while a busy machine
# has been seen to slow one run of the reference by more than 10×.
FAR_OVER_LIMIT = 100.0
# Fallback baselines (no reference/ folder): the reference's conv forward +
# backward takes about this many times one matrix product of the forward's size
# (measured 25× on the kit's 2-core machine, rounded up), and its pooling
# forward + backward about this many times one max over reshaped 2×2 blocks
# (measured 0.4-0.8×, rounded up).
CONV_FALLBACK_FACTOR = 30.0
POOL_FALLBACK_FACTOR = 1.0
# Backstop for an implementation that hangs: pytest-timeout ends the test.
TIMEOUT_S = 120

CONV_X = (32, 8, 16, 16)
CONV_W = (16, 8, 3, 3)
CONV_PAD = 1
# Large enough that a loop over the pooling windows in Python (0.8 s on the
# kit's machine) is several times over the limit, not just over it.
POOL_X = (64, 32, 16, 16)
POOL_SIZE = 2


def _seconds(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _check_speed(what, run, baseline_run, factor):
    """Fail unless ``run`` takes at most SPEED_MULTIPLE × the baseline."""
    best = _seconds(run)
    baseline = min(_seconds(baseline_run) for _ in range(REPEATS)) * factor
    limit = max(SPEED_MULTIPLE * baseline, MIN_LIMIT_S)
    # A run over the limit is tried again, interleaved with the baseline, in case
    # the machine was busy; one far over the limit is not worth repeating.
    for _ in range(REPEATS - 1):
        if best <= limit or best > FAR_OVER_LIMIT * limit:
            break
        best = min(best, _seconds(run))
        baseline = min(baseline, _seconds(baseline_run) * factor)
        limit = max(SPEED_MULTIPLE * baseline, MIN_LIMIT_S)
    if best > limit:
        fail(
            f"{what} is fast enough",
            detail=(
                f"took {best:.3f} s, limit {limit:.3f} s = {SPEED_MULTIPLE:g} × "
                f"baseline {baseline:.4f} s (at least {MIN_LIMIT_S:g} s). A Python "
                "loop over every output pixel (the six nested loops over n, f, i, "
                "j and the window's c, p, q, or a loop over the pooling windows) "
                "is this slow: vectorize (im2col with one matrix product, or "
                "strided views; loop at most over the kernel offsets)"
            ),
        )


def _conv_inputs():
    rng = np.random.default_rng(0)
    x = rng.normal(size=CONV_X)
    W = rng.normal(size=CONV_W)
    b = rng.normal(size=CONV_W[0])
    return x, W, b


def _conv_runner(module, x, W, b):
    def run():
        out, cache = module.conv_forward(x, W, b, stride=1, pad=CONV_PAD)
        module.conv_backward(np.ones_like(out), cache)

    return run


def _conv_fallback(x, W):
    N, C, H, W_in = x.shape
    F, _, HH, WW = W.shape
    rng = np.random.default_rng(1)
    cols = rng.normal(size=(N * H * W_in, C * HH * WW))
    weights = rng.normal(size=(C * HH * WW, F))
    return lambda: cols @ weights


@pytest.mark.task("step6.conv_speed")
@pytest.mark.timeout(TIMEOUT_S)
def test_conv_forward_backward_within_time_limit(step6, reference_step6):
    """conv forward + backward on x (32, 8, 16, 16), W (16, 8, 3, 3), pad 1."""
    x, W, b = _conv_inputs()
    if reference_step6 is not None:
        baseline, factor = _conv_runner(reference_step6, x, W, b), 1.0
    else:
        baseline, factor = _conv_fallback(x, W), CONV_FALLBACK_FACTOR
    _check_speed(
        f"conv forward + backward on x {CONV_X}, W {CONV_W}, pad {CONV_PAD}",
        _conv_runner(step6, x, W, b),
        baseline,
        factor,
    )


def _pool_runner(module, kind, x):
    forward = getattr(module, f"{kind}_forward")
    backward = getattr(module, f"{kind}_backward")

    def run():
        out, cache = forward(x, size=POOL_SIZE, stride=POOL_SIZE, pad=0)
        backward(np.ones_like(out), cache)

    return run


def _pool_fallback(x):
    N, C, H, W = x.shape
    blocks = x.reshape(N, C, H // POOL_SIZE, POOL_SIZE, W // POOL_SIZE, POOL_SIZE)
    return lambda: blocks.max(axis=(3, 5))


@pytest.mark.task("step6.pool_speed")
@pytest.mark.timeout(TIMEOUT_S)
@pytest.mark.parametrize("kind", ["maxpool", "avgpool"])
def test_pooling_forward_backward_within_time_limit(step6, reference_step6, kind):
    """Pooling 2×2, stride 2, forward + backward on x (32, 16, 16, 16)."""
    x = np.random.default_rng(0).normal(size=POOL_X)
    if reference_step6 is not None:
        baseline, factor = _pool_runner(reference_step6, kind, x), 1.0
    else:
        baseline, factor = _pool_fallback(x), POOL_FALLBACK_FACTOR
    _check_speed(
        f"{kind} forward + backward on x {POOL_X}, size {POOL_SIZE}, stride "
        f"{POOL_SIZE}",
        _pool_runner(step6, kind, x),
        baseline,
        factor,
    )
