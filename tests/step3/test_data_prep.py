"""STEP 3 — 데이터 정규화 (normalization) and 데이터 확장 (augmentation)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstart_check.checks import (
    assert_close,
    assert_shape,
    assert_true,
    fail,
    no_runtime_warnings,
)
from dlstart_check.strategies import random_arrays

# Mean 0 and s.d. 1 after normalization, up to rounding of data of this size.
MOMENT_ATOL = 1e-9
SIGMAS = 6.0


@pytest.mark.task("step3.normalization")
@given(data=st.data())
def test_normalized_training_data_has_mean_0_and_sd_1(step3_data, data):
    """Property: fit on X, transform X: every component has mean 0 and s.d. 1."""
    N, D = data.draw(st.integers(3, 30)), data.draw(st.integers(1, 5))
    X = data.draw(random_arrays((N, D), scale=data.draw(st.floats(0.1, 100.0))))
    X = X + data.draw(st.floats(-50, 50))
    mean, scale = step3_data.normalization_fit(X)
    Z = step3_data.normalization_transform(X, mean, scale)
    inputs = {"X": X}
    assert_close(mean, X.mean(axis=0), "fitted mean", inputs)
    assert_close(scale, X.std(axis=0), "fitted scale = s.d. (divisor N)", inputs)
    assert_close(
        np.mean(Z, axis=0), np.zeros(D), "normalized mean 0", inputs, atol=MOMENT_ATOL
    )
    assert_close(
        np.std(Z, axis=0), np.ones(D), "normalized s.d. 1", inputs, atol=MOMENT_ATOL
    )


@pytest.mark.task("step3.normalization")
def test_test_data_uses_the_training_statistics(step3_data):
    """Fit on training data, transform test data: (x_test − μ_train) / σ_train."""
    train = np.array([[0.0, 10.0], [2.0, 30.0], [4.0, 20.0]])
    test = np.array([[1.0, 0.0], [8.0, 100.0]])
    mean, scale = step3_data.normalization_fit(train)
    expected = (test - train.mean(axis=0)) / train.std(axis=0)
    assert_close(
        step3_data.normalization_transform(test, mean, scale),
        expected,
        "test data normalized with the training mean and scale",
        {"train": train, "test": test},
    )


@pytest.mark.task("step3.normalization")
def test_constant_component_gives_no_nan(step3_data):
    """A component constant in training has scale max(0, eps) = eps: outputs 0
    for training data, finite for test data, without a warning."""
    train = np.array([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]])
    inputs = {"X": train, "eps": 1e-3}
    with no_runtime_warnings("normalization of a constant component", inputs):
        mean, scale = step3_data.normalization_fit(train, eps=1e-3)
        Z = step3_data.normalization_transform(train, mean, scale)
        T = step3_data.normalization_transform(np.array([[5.002, 2.0]]), mean, scale)
    assert_close(
        scale, [1e-3, np.std([1.0, 2.0, 3.0])], "scale = max(s.d., eps)", inputs
    )
    assert_close(
        np.asarray(Z)[:, 0], np.zeros(3), "constant component becomes 0", inputs
    )
    assert_close(
        T, [[2.0, 0.0]], "test data of a constant component", inputs, rtol=1e-6
    )


def _shift_oracle(image, dy, dx):
    """out[..., i, j] = image[..., i − dy, j − dx] inside the image, else 0."""
    out = np.zeros_like(image)
    H, W = image.shape[-2:]
    for i in range(H):
        for j in range(W):
            if 0 <= i - dy < H and 0 <= j - dx < W:
                out[..., i, j] = image[..., i - dy, j - dx]
    return out


@pytest.mark.task("step3.augmentation")
@given(data=st.data(), max_shift=st.integers(0, 3), seed=st.integers(0, 2**16))
def test_random_shift_moves_each_image_by_its_shift(step3_data, data, max_shift, seed):
    """Property: each image equals the loop oracle shifted by its (dy, dx), both
    within ±max_shift, zeros filling in."""
    shape = data.draw(st.sampled_from([(3, 5, 4), (2, 2, 4, 5), (4, 3, 3)]))
    images = data.draw(random_arrays(shape)) + 5.0  # no pixel is 0 by chance
    inputs = {"images": images, "max_shift": max_shift, "seed": seed}
    shifted, shifts = step3_data.random_shift(images, max_shift, seed=seed)
    shifted = assert_shape(shifted, images.shape, "shifted images", inputs)
    shifts = assert_shape(shifts, (shape[0], 2), "one (dy, dx) per image", inputs)
    assert_true(
        np.all(np.abs(shifts) <= max_shift) and np.all(shifts == np.round(shifts)),
        "shifts are integers in [−max_shift, max_shift]",
        inputs,
        detail=f"shifts {shifts.tolist()}",
    )
    for n, (dy, dx) in enumerate(shifts.astype(int)):
        assert_close(
            shifted[n],
            _shift_oracle(images[n], dy, dx),
            f"image {n} shifted by (dy, dx) = ({dy}, {dx}), zero-filled",
            inputs,
        )


@pytest.mark.task("step3.augmentation")
def test_random_shift_is_reproducible_and_varied(step3_data):
    """Same seed, same shifts; over 200 images every shift in ±2 occurs."""
    images = np.ones((200, 6, 6))
    a, shifts_a = step3_data.random_shift(images, 2, seed=5)
    b, shifts_b = step3_data.random_shift(images, 2, seed=5)
    inputs = {"images": "ones (200, 6, 6)", "max_shift": 2, "seed": 5}
    assert_close(b, a, "random_shift with the same seed twice", inputs)
    assert_close(shifts_b, shifts_a, "the same shifts with the same seed", inputs)
    seen = {int(s) for s in np.asarray(shifts_a).ravel()}
    assert_true(
        seen == {-2, -1, 0, 1, 2},
        "shifts cover −2..2",
        inputs,
        detail=f"seen {sorted(seen)}",
    )


@pytest.mark.task("step3.augmentation")
@given(std=st.floats(0.1, 3.0), seed=st.integers(0, 2**16))
def test_gaussian_noise_has_mean_0_and_the_given_sd(step3_data, std, seed):
    """Property: δx = noisy − x has mean 0 and s.d. std (within 6 s.e. on 20000
    draws), and the same seed gives the same noise."""
    X = np.random.default_rng(0).normal(size=(200, 100))
    noisy = step3_data.add_gaussian_noise(X, std, seed=seed)
    again = step3_data.add_gaussian_noise(X, std, seed=seed)
    inputs = {"X": "normal (200, 100)", "std": std, "seed": seed}
    noisy = assert_shape(noisy, X.shape, "noisy data", inputs)
    assert_close(again, noisy, "noise with the same seed twice", inputs)
    delta = noisy - X
    n = delta.size
    if abs(np.mean(delta)) > SIGMAS * std / np.sqrt(n):
        fail("noise has mean 0", inputs, expected=0.0, got=float(np.mean(delta)))
    if abs(np.std(delta) - std) > SIGMAS * std / np.sqrt(2 * n):
        fail("noise has s.d. std", inputs, expected=std, got=float(np.std(delta)))


@pytest.mark.task("step3.augmentation")
def test_gaussian_noise_depends_on_the_seed_only(step3_data):
    """Seeds 1 and 2 give different noise; std = 0 gives x itself."""
    X = np.zeros((3, 4))
    a = step3_data.add_gaussian_noise(X, 1.0, seed=1)
    b = step3_data.add_gaussian_noise(X, 1.0, seed=2)
    assert_true(
        not np.array_equal(np.asarray(a), np.asarray(b)),
        "seeds 1 and 2 give different noise",
        {"X": X, "std": 1.0},
    )
    assert_close(
        step3_data.add_gaussian_noise(X + 1, 0.0, seed=1),
        X + 1,
        "noise of std 0 leaves x unchanged",
        {"X": X + 1},
    )


@pytest.mark.contract
def test_normalization_rejects_mismatched_statistics(step3_data):
    with pytest.raises(ValueError, match="mean"):
        step3_data.normalization_transform(np.ones((3, 2)), np.zeros(3), np.ones(2))
    with pytest.raises(ValueError, match="scale"):
        step3_data.normalization_transform(np.ones((3, 2)), np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="eps"):
        step3_data.normalization_fit(np.ones((3, 2)), eps=0.0)


@pytest.mark.contract
def test_augmentation_rejects_bad_arguments(step3_data):
    with pytest.raises(ValueError, match="std"):
        step3_data.add_gaussian_noise(np.ones(3), -1.0)
    with pytest.raises(ValueError, match="images"):
        step3_data.random_shift(np.ones((3, 4)), 1)
    with pytest.raises(ValueError, match="max_shift"):
        step3_data.random_shift(np.ones((3, 4, 4)), -1)
