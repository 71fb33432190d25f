"""STEP 6: pooling makes a feature map tolerate small shifts of its input.

Each digit is moved by one pixel (up, down, left, right; zeros fill in), and
the relative change ‖f(shifted) − f(original)‖ / ‖f(original)‖ of a map f is
averaged over the digits and the four shifts. Without pooling (f = the image
itself) a one-pixel shift changes much of the picture; after max or average
pooling over H × H windows most of the change stays inside the windows, and the
larger the window, the less the output moves (the notes: pooling lowers the
sensitivity to the feature's position).
"""

import numpy as np

from .data import digits
from .result import ExperimentResult, tile

NAME = "pooling-shift"
CLAIM = "after pooling, a one-pixel shift of the input changes the output much less"
SHIFTS = ((0, 1), (1, 0), (0, -1), (-1, 0))
# The claim, as a number: 2 × 2 max pooling's relative change is below
# POOLED_RATIO times the unpooled one's, and a 4 × 4 window moves less still.
POOLED_RATIO = 0.7


def _shift(images, dy, dx):
    """Images (N, C, H, W) moved down by dy and right by dx, zero-filled."""
    H, W = images.shape[-2:]
    out = np.zeros_like(images)
    out[..., max(dy, 0) : H + min(dy, 0), max(dx, 0) : W + min(dx, 0)] = images[
        ..., max(-dy, 0) : H + min(-dy, 0), max(-dx, 0) : W + min(-dx, 0)
    ]
    return out


def _relative_change(f, images):
    changes = []
    original = f(images).reshape(len(images), -1)
    for dy, dx in SHIFTS:
        moved = f(_shift(images, dy, dx)).reshape(len(images), -1)
        changes.append(
            np.linalg.norm(moved - original, axis=1) / np.linalg.norm(original, axis=1)
        )
    return float(np.mean(changes))


def run(kit, *, quick=False, seed=0):
    images, _, _, _ = digits(kit, images=True)
    images = images[: 300 if quick else 1348, None]  # (N, 1, 8, 8)
    step6 = kit.step6
    maps = {
        "no pooling": lambda x: x,
        "max pooling 2×2, stride 2": lambda x: step6.maxpool_forward(x)[0],
        "average pooling 2×2, stride 2": lambda x: step6.avgpool_forward(x)[0],
        "max pooling 4×4, stride 4": lambda x: step6.maxpool_forward(
            x, size=4, stride=4
        )[0],
    }
    changes = {label: _relative_change(f, images) for label, f in maps.items()}
    holds = (
        changes["max pooling 2×2, stride 2"] < POOLED_RATIO * changes["no pooling"]
        and changes["max pooling 4×4, stride 4"] < changes["max pooling 2×2, stride 2"]
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures={
            "digits": len(images),
            **{
                f"relative change after a 1-pixel shift, {k}": v
                for k, v in changes.items()
            },
        },
        images=_pictures(step6, images[0:1]),
    )


def _pictures(step6, digit):
    """A digit and its one-pixel shift to the right, before and after pooling
    (pooled maps enlarged back to 8 × 8 for drawing)."""
    pair = np.concatenate([digit, _shift(digit, 0, 1)])  # (2, 1, 8, 8)
    pictures = {"digit and its shift by one pixel": pair}
    for size in (2, 4):
        pooled, _ = step6.maxpool_forward(pair, size=size, stride=size)
        pictures[f"after max pooling {size}×{size}"] = np.kron(
            pooled, np.ones((size, size))
        )
    return {
        title: tile(maps[:, 0], columns=2, shared_scale=True)
        for title, maps in pictures.items()
    }
