"""The ``dlstart`` command line: a thin layer over the package's functions."""

import argparse
import logging
import sys
from pathlib import Path

from dlstart_experiments import cli as experiments_cli

from . import KIT_ROOT
from .examples import default_submissions, example_differences, write_examples
from .grading import GradingError, GradingOptions, grade_batch
from .manifest import ManifestError
from .release import ReleaseError, build_release
from .remote import Limits
from .reports import LANGUAGES
from .templating import TemplateError, template_differences, write_template

logger = logging.getLogger("dlstart_grader")


def build_parser():
    parser = argparse.ArgumentParser(
        prog="dlstart", description="Deep-learning course kit: templates and grading."
    )
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("-q", "--quiet", action="count", default=0)
    commands = parser.add_subparsers(dest="command", required=True)

    template = commands.add_parser(
        "template", help="generate student_template/ from reference/"
    )
    template.add_argument(
        "--check",
        action="store_true",
        help="only report whether student_template/ and examples/ are in sync "
        "(exit 1 if not)",
    )

    release = commands.add_parser(
        "release",
        help="build the student release (template, notebooks, public tests, sheets)",
    )
    release.add_argument(
        "destination", help="folder, or a path ending in .zip, to write the release to"
    )
    release.add_argument(
        "--force", action="store_true", help="replace an existing destination"
    )
    release.add_argument(
        "--no-notebooks", action="store_true", help="leave the STEP notebooks out"
    )

    experiment = commands.add_parser(
        "experiment",
        help="run the study notes' claims as experiments (STEP 1 and beyond)",
        description="Run experiments by name ('list' lists them, 'all' runs all); "
        "same as python -m dlstart_experiments.",
    )
    experiments_cli.add_arguments(experiment)

    grade = commands.add_parser(
        "grade",
        help="grade submissions, each in isolation; without SUBMISSIONS, the examples",
        description="Grade submissions (folders, .zip, .py or .ipynb; one per "
        "student, or folders of them). Exit status 0: everything was graded; "
        "1: some submissions could not be graded; 2: nothing could be graded.",
    )
    grade.add_argument(
        "submissions",
        nargs="*",
        help="submissions or folders of submissions (default: the kit's examples)",
    )
    grade.add_argument(
        "-o", "--output", default="grading-output", help="folder for the reports"
    )
    grade.add_argument(
        "-j",
        "--workers",
        type=_positive_int,
        default=1,
        help="submissions graded at once (default 1)",
    )
    grade.add_argument(
        "--force", action="store_true", help="regrade unchanged submissions too"
    )
    grade.add_argument(
        "--lang", choices=LANGUAGES, default="ko", help="language of the feedback"
    )
    grade.add_argument(
        "--memory-mb",
        type=_positive_int,
        default=Limits.memory_mb,
        help="address-space limit of each worker process",
    )
    grade.add_argument(
        "--cpu-s",
        type=_positive_int,
        default=Limits.cpu_s,
        help="CPU-time limit of each worker process",
    )
    grade.add_argument(
        "--max-processes",
        type=int,
        default=Limits.processes,
        help="RLIMIT_NPROC of the workers (0: not set; set it under a dedicated user)",
    )
    grade.add_argument(
        "--submission-timeout",
        type=float,
        default=1800.0,
        help="wall-clock limit of one submission's whole test run, in seconds",
    )
    grade.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="grade on a Dask distributed cluster (optional extra 'dask'); its "
        "workers must see the kit and the scratch folder at the same paths",
    )
    grade.add_argument(
        "--tests",
        action="append",
        default=[],
        help="run only these test files or folders (repeatable)",
    )
    return parser


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be a positive integer")
    return value


def configure_logging(verbose, quiet):
    level = logging.INFO + 10 * (quiet - verbose)
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(message)s")


def run_template(args):
    try:
        if args.check:
            differences = template_differences(KIT_ROOT) + example_differences(KIT_ROOT)
            for difference in differences:
                logger.error("not in sync with reference/: %s", difference)
            if not differences:
                logger.info("student_template/ and examples/ are in sync")
            return 1 if differences else 0
        written = write_template(KIT_ROOT)
        examples = write_examples(KIT_ROOT)
    except TemplateError as error:
        logger.error("%s", error)
        return 2
    logger.info(
        "student_template/: %d file(s) written; examples/: %d",
        len(written),
        len(examples),
    )
    for name in written + examples:
        logger.debug("  %s", name)
    return 0


class ProgressBar:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    def __init__(self, enabled):
        self.enabled = enabled

    def __call__(self, done, total, student_id):
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} {student_id[:30]:<30}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_release(args):
    try:
        written = build_release(
            kit_root=KIT_ROOT,
            destination=args.destination,
            notebooks=not args.no_notebooks,
            force=args.force,
        )
    except (ReleaseError, TemplateError, OSError) as error:
        logger.error("%s", error)
        return 2
    logger.info("student release: %s", written)
    return 0


def run_grade(args):
    paths = args.submissions or default_submissions(KIT_ROOT)
    options = GradingOptions(
        workers=args.workers,
        force=args.force,
        lang=args.lang,
        limits=Limits(
            memory_mb=args.memory_mb,
            cpu_s=args.cpu_s,
            processes=args.max_processes,
        ),
        submission_timeout_s=args.submission_timeout,
        test_paths=tuple(str(Path(p).resolve()) for p in args.tests),
        scheduler=args.scheduler,
    )
    progress = ProgressBar(sys.stderr.isatty() and args.quiet == 0)
    try:
        outcome = grade_batch(
            paths, args.output, kit_root=KIT_ROOT, options=options, progress=progress
        )
    except (GradingError, ManifestError) as error:
        logger.error("%s", error)
        return 2
    # The summary table is the command's result: it goes to stdout.
    sys.stdout.write(outcome.table)
    logger.info(
        "graded %d, unchanged %d, problems %d; reports in %s",
        len(outcome.graded),
        len(outcome.skipped),
        len(outcome.problems),
        args.output,
    )
    for problem in outcome.problems:
        logger.error("problem: %s", problem)
    if outcome.problems and not (outcome.graded or outcome.skipped):
        return 2
    return 1 if outcome.problems else 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose, args.quiet)
    handlers = {
        "template": run_template,
        "grade": run_grade,
        "release": run_release,
        "experiment": experiments_cli.run_from_args,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
