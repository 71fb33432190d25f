"""He initialization with √(2 / fan_out) instead of √(2 / fan_in)."""

MODULE = "step3_training"
TASK = "step3.init"
REPLACE = {
    "initialize_network": """
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        if method == "xavier":
            sigma = np.sqrt(2.0 / (fan_in + fan_out))
        elif method == "he":
            sigma = np.sqrt(2.0 / fan_out)
        else:
            sigma = std
        W = rng.normal(0.0, sigma, size=(fan_out, fan_in))
        params.append((W, np.zeros(fan_out)))
    return params
    """
}
