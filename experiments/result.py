"""What an experiment returns, and how it is printed and plotted."""

import functools
import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass
class ExperimentResult:
    """The outcome of one experiment.

    Attributes
    ----------
    name : the experiment's command-line name
    claim : the claim of the notes, in one sentence
    holds : whether the measured figures bear the claim out
    figures : name -> number (or short list of numbers), the measured evidence
    series : panel title -> {line label -> list of y values}, for the plot
    xlabel, ylabel : axis labels of every panel
    logy : whether the plot's y axis is logarithmic
    """

    name: str
    claim: str
    holds: bool
    figures: dict = field(default_factory=dict)
    series: dict = field(default_factory=dict)
    xlabel: str = ""
    ylabel: str = ""
    logy: bool = False

    def report(self):
        """The result as text lines: the claim, the figures and the verdict."""
        lines = [f"[{self.name}] {self.claim}"]
        for key, value in self.figures.items():
            lines.append(f"  {key}: {_format(value)}")
        lines.append(f"  claim holds: {'yes' if self.holds else 'NO'}")
        return lines

    def plot(self, path):
        """Write the series as a PNG at ``path``; return False without matplotlib."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            _warn_no_matplotlib()
            return False
        panels = list(self.series.items())
        fig, axes = plt.subplots(
            1, max(1, len(panels)), figsize=(5 * max(1, len(panels)), 3.8)
        )
        axes = axes if hasattr(axes, "__len__") else [axes]
        for axis, (title, lines) in zip(axes, panels):
            for label, values in lines.items():
                axis.plot(range(len(values)), values, marker=".", label=label)
            axis.set_title(title)
            axis.set_xlabel(self.xlabel)
            axis.set_ylabel(self.ylabel)
            if self.logy:
                axis.set_yscale("log")
            axis.legend()
        fig.suptitle(self.claim, fontsize=9)
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
        return True


@functools.lru_cache(maxsize=1)
def _warn_no_matplotlib():
    # Once per run: the figures are printed anyway, the plot is an extra.
    logger.info("matplotlib is not installed: no plots (pip install '.[plot]')")


def _format(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format(v) for v in value) + "]"
    return str(value)
