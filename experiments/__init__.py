"""The study notes' claims as experiments: measured, printed, plotted, tested.

Each module of this package shows one claim happening, on synthetic data or the
kit's digits. ``run(kit, *, quick=False, seed=0)`` returns an ExperimentResult:
the figures that decide the claim, the series to plot, and whether the claim
held. ``python -m dlstart_experiments NAME`` prints the figures and, when
matplotlib is installed, writes a PNG. The experiments use an implementation
(the reference by default, or a student's folder with --impl), so a student sees
the claim happen with their own code.
"""
