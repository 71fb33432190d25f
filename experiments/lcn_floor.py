"""STEP 6: without a floor on its divisor, local contrast normalization blows
a low-contrast region's noise up to the size of real edges; with the floor it
does not.

The test picture has two halves: on the left, stripes of contrast 1; on the
right, a flat grey with faint noise (standard deviation 0.01). Divisive
normalization divides each pixel by the local standard deviation σ: on the
right σ is the noise's own, so dividing by it makes the noise as large as the
stripes (the notes: small differences in low-contrast regions are amplified
into noise). Dividing by max(σ, floor) leaves the faint noise faint.
"""

import numpy as np

from .result import ExperimentResult

NAME = "lcn-floor"
CLAIM = (
    "LCN without a floor amplifies a low-contrast region's noise to the size of "
    "real edges; with the floor it stays small"
)
HEIGHT, HALF = 16, 16
NOISE = 0.01
NO_FLOOR = 1e-8  # the divisor must stay positive: as good as no floor at all
FLOOR = 0.1  # the kit CNN's floor (step6_cnn.LCN_FLOOR)
MARGIN = 3  # columns next to the border between halves and the edges left out
# The claim, as numbers: without the floor the flat half's output is at least
# AMPLIFIED_ABOVE times as strong as the stripes' output; with the floor below
# SUPPRESSED_BELOW times.
AMPLIFIED_ABOVE = 0.5
SUPPRESSED_BELOW = 0.2


def _picture(rng):
    """(1, 1, HEIGHT, 2·HALF): stripes on the left, faint noise on the right."""
    columns = np.arange(HALF)
    stripes = np.tile(
        0.5 + 0.5 * np.sign(np.sin(np.pi * columns / 2 + 0.1)), (HEIGHT, 1)
    )
    flat = 0.5 + rng.normal(0.0, NOISE, (HEIGHT, HALF))
    return np.concatenate([stripes, flat], axis=1)[None, None]


def _region_std(out, columns):
    inner = out[0, 0, MARGIN:-MARGIN, columns]
    return float(inner.std())


def run(kit, *, quick=False, seed=0):
    # One small picture: quick and full runs are the same.
    rng = np.random.default_rng(seed)
    x = _picture(rng)
    stripes = slice(MARGIN, HALF - MARGIN)
    flat = slice(HALF + MARGIN, 2 * HALF - MARGIN)
    figures = {
        "input std, stripes / flat half": [
            _region_std(x, stripes),
            _region_std(x, flat),
        ]
    }
    outputs = {}
    ratios = {}
    for label, floor in (("no floor", NO_FLOOR), (f"floor {FLOOR}", FLOOR)):
        out, _ = kit.step6.lcn_forward(x, size=5, sigma=1.0, floor=floor)
        outputs[label] = out[0, 0]
        stripe_std, flat_std = _region_std(out, stripes), _region_std(out, flat)
        ratios[label] = flat_std / stripe_std
        figures[f"{label}: output std, stripes / flat half"] = [stripe_std, flat_std]
        figures[f"{label}: flat half over stripes"] = ratios[label]
        figures[f"{label}: gain on the flat half (output std / input std)"] = (
            flat_std / _region_std(x, flat)
        )
    holds = (
        ratios["no floor"] > AMPLIFIED_ABOVE
        and ratios[f"floor {FLOOR}"] < SUPPRESSED_BELOW
    )
    return ExperimentResult(
        name=NAME,
        claim=CLAIM,
        holds=bool(holds),
        figures=figures,
        images={
            "input (stripes | faint noise)": x[0, 0],
            "LCN, no floor": outputs["no floor"],
            f"LCN, floor {FLOOR}": outputs[f"floor {FLOOR}"],
        },
    )
