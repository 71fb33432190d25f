"""Gaussian noise drawn from numpy's global generator: the seed is ignored."""

MODULE = "step3_data"
TASK = "step3.augmentation"
REPLACE = {
    "add_gaussian_noise": """
    return X + np.random.normal(0.0, std, size=X.shape)
    """
}
