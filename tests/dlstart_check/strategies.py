"""Hypothesis strategies for the kit's arrays.

Two kinds: ``arrays`` draws every element (shrinks to readable counterexamples,
used for properties of values), and ``random_arrays`` draws a shape and a seed and
fills the array from numpy's generator (well-spread values, used for gradient
checks, where drawn elements would pile up on kinks such as ReLU's 0).
"""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

SMALL_DIM = st.integers(min_value=1, max_value=5)


def finite_floats(bound):
    """Floats in [-bound, bound], no NaN or inf."""
    return st.floats(
        min_value=-bound, max_value=bound, allow_nan=False, allow_infinity=False
    )


def arrays(shape, bound=10.0):
    """float64 arrays of ``shape`` (a tuple or a strategy of tuples)."""
    return hnp.arrays(np.float64, shape, elements=finite_floats(bound))


def shapes(min_dims=1, max_dims=3, max_side=5):
    """Array shapes with each side in [1, max_side]."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, max_side=max_side)


@st.composite
def random_arrays(draw, shape, scale=1.0):
    """A float64 array drawn from N(0, scale²) with a drawn seed.

    ``shape`` is a tuple or a strategy of tuples.
    """
    if isinstance(shape, st.SearchStrategy):
        shape = draw(shape)
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    return np.random.default_rng(seed).normal(0.0, scale, size=shape)


def away_from(values, points, margin):
    """True if every element of ``values`` is at least ``margin`` from each point."""
    values = np.asarray(values)
    return all(np.all(np.abs(values - point) >= margin) for point in points)
