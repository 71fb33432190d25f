"""``python -m dlstart_experiments NAME``: run an experiment, print its figures,
write its plot. Also reached as ``dlstart experiment NAME``."""

import argparse
import logging
import sys
from pathlib import Path

from dlstart_check.impl import ImplementationError

from . import registry
from .kit import Kit

logger = logging.getLogger("dlstart_experiments")


def add_arguments(parser):
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="experiments to run; 'all' (default) runs each, 'list' lists them",
    )
    parser.add_argument(
        "--impl", default=None, help="implementation folder (default: reference/)"
    )
    parser.add_argument(
        "--plots", default="experiment-plots", help="folder for the PNG plots"
    )
    parser.add_argument("--quick", action="store_true", help="small configurations")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", action="store_true", help="list the experiments")


def selected(names):
    """The experiment names to run: all of them for none or ``["all"]``."""
    if not names or list(names) == ["all"]:
        return list(registry.MODULES)
    return list(names)


def run_experiments(*, names, impl=None, plots=None, quick=False, seed=0, out=None):
    """Run the named experiments; write each report to ``out``; return the results.

    Raises ValueError for an unknown name (before anything runs) and
    ImplementationError when the implementation lacks a module an experiment
    needs. An experiment that reaches a function still to be written (a
    student's folder part-way through the STEPs) is skipped with a log line,
    and the others run.
    """
    out = out or sys.stdout
    kit = Kit(impl)
    names = selected(names)
    modules = [registry.load(name) for name in names]
    results = []
    for name, module in zip(names, modules):
        try:
            result = module.run(kit, quick=quick, seed=seed)
        except NotImplementedError as error:
            logger.error("%s: skipped, %s", name, error)
            continue
        results.append(result)
        out.write("\n".join(result.report()) + "\n")
        if plots:
            Path(plots).mkdir(parents=True, exist_ok=True)
            path = Path(plots) / f"{name}.png"
            if result.plot(path):
                out.write(f"  plot: {path}\n")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="dlstart_experiments", description="The study notes' claims, measured."
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return run_from_args(args)


def run_from_args(args):
    if args.list or args.names == ["list"]:
        for name in registry.MODULES:
            sys.stdout.write(f"{name}: {registry.load(name).CLAIM}\n")
        return 0
    try:
        results = run_experiments(
            names=args.names,
            impl=args.impl,
            plots=args.plots,
            quick=args.quick,
            seed=args.seed,
        )
    except (ValueError, ImplementationError) as error:
        logger.error("%s", error)
        return 2
    complete = len(results) == len(selected(args.names))
    return 0 if complete and all(result.holds for result in results) else 1
