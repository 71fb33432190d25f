"""dropout_backward passes the gradient to every unit, dropped ones too."""

MODULE = "step3_training"
TASK = "step3.dropout"
REPLACE = {
    "dropout_backward": """
    return dout.copy()
    """
}
