"""The tests' own multilayer network: drawn shapes and a forward pass by formula.

Kept beside the STEP 4 tests so that expectations never come from the
implementation under test.
"""

import numpy as np
from hypothesis import strategies as st

# Each hidden activation f with its derivative written in terms of u.
ACTIVATIONS = {
    "identity": (lambda u: u, lambda u: np.ones_like(u)),
    "sigmoid": (
        lambda u: 1.0 / (1.0 + np.exp(-u)),
        lambda u: np.exp(-u) / (1.0 + np.exp(-u)) ** 2,
    ),
    "tanh": (np.tanh, lambda u: 1.0 - np.tanh(u) ** 2),
    "relu": (lambda u: np.maximum(u, 0.0), lambda u: (u > 0).astype(np.float64)),
}
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
# Gradient checks stay small: every parameter costs two forward passes.
MAX_UNITS = 3


@st.composite
def networks(draw, min_layers=1, max_layers=3, max_units=MAX_UNITS):
    """A batch x (N, M_0) and params [(W_l, b_l)] with drawn sizes M_0..M_L.

    The values come from N(0, 1) with one drawn seed: one draw instead of one per
    array keeps generation cheap, and shrinking still reduces the sizes.
    """
    units = st.integers(min_value=1, max_value=max_units)
    L = draw(st.integers(min_value=min_layers, max_value=max_layers))
    sizes = draw(st.lists(units, min_size=L + 1, max_size=L + 1))
    N = draw(units)
    rng = np.random.default_rng(draw(SEEDS))
    x = rng.normal(size=(N, sizes[0]))
    params = [
        (rng.normal(size=(m_out, m_in)), rng.normal(size=m_out))
        for m_in, m_out in zip(sizes[:-1], sizes[1:])
    ]
    return x, params


def forward_oracle(x, params, activation):
    """Every layer's total input u_l and output z_l, l = 1..L (z_L = u_L), and z_0.

    Returns
    -------
    us : list of L arrays (N, M_l)
    zs : list of L + 1 arrays, zs[0] = x
    """
    f, _ = ACTIVATIONS[activation]
    us, zs = [], [x]
    for l, (W, b) in enumerate(params):
        u = zs[-1] @ W.T + b
        us.append(u)
        zs.append(u if l == len(params) - 1 else f(u))
    return us, zs
