"""per-layer rates in the wrong order: the largest rate goes to the output layer."""

MODULE = "step3_training"
TASK = "step3.learning_rate"
REPLACE = {
    "layer_learning_rates": """
    return [float(learning_rate * ratio ** (l - 1)) for l in range(1, num_layers + 1)]
    """
}
