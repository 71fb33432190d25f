"""normalization_transform recomputes mean and s.d. from the data it is given."""

MODULE = "step3_data"
TASK = "step3.normalization"
REPLACE = {
    "normalization_transform": """
    return (X - X.mean(axis=0)) / np.maximum(X.std(axis=0), 1e-8)
    """
}
