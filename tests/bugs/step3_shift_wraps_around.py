"""random_shift with np.roll: pixels pushed out come back on the other side."""

MODULE = "step3_data"
TASK = "step3.augmentation"
REPLACE = {
    "random_shift": """
    rng = np.random.default_rng(seed)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(images.shape[0], 2))
    shifted = np.stack(
        [np.roll(im, (dy, dx), axis=(-2, -1)) for im, (dy, dx) in zip(images, shifts)]
    )
    return shifted, shifts
    """
}
