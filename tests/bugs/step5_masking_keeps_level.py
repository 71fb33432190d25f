"""Masking noise keeps a fraction `level` of the elements instead of zeroing it."""

MODULE = "step5_autoencoder"
TASK = "step5.denoising"
REPLACE = {
    "corrupt": """
    if noise["kind"] == "gaussian":
        return add_gaussian_noise(x, noise["level"], seed=seed)
    keep = np.random.default_rng(seed).random(x.shape) < noise["level"]
    x_tilde = x * keep
    return x_tilde
    """
}
