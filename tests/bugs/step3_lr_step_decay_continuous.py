"""step decay without the floor: drop^(t / step_size) decays continuously."""

MODULE = "step3_training"
TASK = "step3.learning_rate"
REPLACE = {
    "scheduled_learning_rate": """
    if schedule == "step":
        return float(lr0 * drop ** (t / step_size))
    if schedule == "exponential":
        return float(lr0 * np.exp(-k * t))
    if schedule == "inverse_time":
        return float(lr0 / (1.0 + k * t))
    return float(lr0)
    """
}
