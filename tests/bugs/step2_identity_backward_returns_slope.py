"""identity_backward returns the slope f'(u) = 1 instead of dz · f'(u)."""

MODULE = "step2_feedforward"
TASK = "step2.identity"
REPLACE = {
    "identity_backward": """
    du = np.ones_like(dz)
    return du
    """
}
