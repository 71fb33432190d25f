"""What an experiment returns, and how it is printed and plotted."""

import functools
import logging
import textwrap
from dataclasses import dataclass, field

import numpy as np

logger = logging.getLogger(__name__)

# Panels of a plot per row; more panels wrap onto further rows.
PANELS_PER_ROW = 3


@dataclass
class ExperimentResult:
    """The outcome of one experiment.

    Attributes
    ----------
    name : the experiment's command-line name
    claim : the claim of the notes, in one sentence
    holds : whether the measured figures bear the claim out
    figures : name -> number (or short list of numbers), the measured evidence
    series : panel title -> {line label -> y values, or a pair (x values,
        y values)}, the line plots
    xlabel, ylabel : axis labels of every line panel
    logy : whether the line panels' y axes are logarithmic
    panel_axes : panel title -> dict overriding ``xlabel``, ``ylabel``, ``logy``
        for that panel, ``equal=True`` for equal axis scales (a path in a
        plane), and ``categories=[names]`` to draw the values as grouped bars,
        one group per name
    images : panel title -> 2-D array shown as a grey-level picture (a grid of
        small pictures is tiled into one array by ``tile``)
    """

    name: str
    claim: str
    holds: bool
    figures: dict = field(default_factory=dict)
    series: dict = field(default_factory=dict)
    xlabel: str = ""
    ylabel: str = ""
    logy: bool = False
    panel_axes: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)

    def report(self):
        """The result as text lines: the claim, the figures and the verdict."""
        lines = [f"[{self.name}] {self.claim}"]
        for key, value in self.figures.items():
            lines.append(f"  {key}: {_format(value)}")
        lines.append(f"  claim holds: {'yes' if self.holds else 'NO'}")
        return lines

    def plot(self, path):
        """Write the panels as a PNG at ``path``.

        Returns False, writing nothing, when there is nothing to draw or
        matplotlib is not installed.
        """
        if not self.series and not self.images:
            return False
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            _warn_no_matplotlib()
            return False
        count = len(self.series) + len(self.images)
        columns = min(count, PANELS_PER_ROW)
        rows = -(-count // columns)
        fig, axes = plt.subplots(
            rows, columns, figsize=(5 * columns, 3.8 * rows), squeeze=False
        )
        axes = list(axes.ravel())
        for axis, (title, lines) in zip(axes, self.series.items()):
            self._draw_lines(axis, title, lines)
        for axis, (title, picture) in zip(
            axes[len(self.series) :], self.images.items()
        ):
            axis.imshow(picture, cmap="gray", interpolation="nearest")
            axis.set_title(title, fontsize=9)
            axis.set_axis_off()
        for axis in axes[count:]:
            axis.set_axis_off()
        # Wrapped to the figure's width, so a one-panel plot shows all of it.
        fig.suptitle(textwrap.fill(self.claim, width=70 * columns), fontsize=9)
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
        return True

    def _draw_lines(self, axis, title, lines):
        options = {
            "xlabel": self.xlabel,
            "ylabel": self.ylabel,
            "logy": self.logy,
            "equal": False,
            **self.panel_axes.get(title, {}),
        }
        categories = options.get("categories")
        width = 0.8 / max(1, len(lines))
        for number, (label, values) in enumerate(lines.items()):
            if categories:
                where = [
                    i + (number - (len(lines) - 1) / 2) * width
                    for i in range(len(values))
                ]
                axis.bar(where, values, width=width, label=label)
                continue
            if isinstance(values, tuple):
                xs, ys = values
            else:
                xs, ys = range(len(values)), values
            axis.plot(xs, ys, marker=".", markersize=3, label=label)
        if categories:
            axis.set_xticks(range(len(categories)))
            axis.set_xticklabels(categories, fontsize=8)
        axis.set_title(title, fontsize=9)
        axis.set_xlabel(options["xlabel"])
        axis.set_ylabel(options["ylabel"])
        if options["logy"]:
            axis.set_yscale("log")
        if options["equal"]:
            axis.set_aspect("equal")
        axis.legend(fontsize=8)


def tile(pictures, *, columns=10, gap=1, shared_scale=False):
    """Small pictures side by side in one array, scaled to [0, 1].

    Parameters
    ----------
    pictures : array of shape (N, H, W)
    columns : pictures per row
    gap : pixels between pictures (filled with the background 0.5)
    shared_scale : scale all pictures together (to compare their values)
        rather than each on its own (to see each one's pattern)

    Returns
    -------
    grid : ndarray of shape (rows·(H + gap) − gap, columns·(W + gap) − gap)
    """
    pictures = np.asarray(pictures, dtype=np.float64)
    N, H, W = pictures.shape
    columns = min(columns, N)
    rows = -(-N // columns)
    grid = np.full((rows * (H + gap) - gap, columns * (W + gap) - gap), 0.5)
    for n, picture in enumerate(pictures):
        low, high = (
            (pictures.min(), pictures.max())
            if shared_scale
            else (picture.min(), picture.max())
        )
        scaled = (picture - low) / (high - low) if high > low else picture * 0 + 0.5
        r, c = divmod(n, columns)
        grid[r * (H + gap) : r * (H + gap) + H, c * (W + gap) : c * (W + gap) + W] = (
            scaled
        )
    return grid


@functools.lru_cache(maxsize=1)
def _warn_no_matplotlib():
    # Once per run: the figures are printed anyway, the plot is an extra.
    logger.info("matplotlib is not installed: no plot written (pip install '.[plot]')")


def _format(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format(v) for v in value) + "]"
    return str(value)
