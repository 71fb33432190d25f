"""The ``dlstart`` command line: a thin layer over the package's functions."""

import argparse
import logging
import sys

from . import KIT_ROOT
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
        help="only report whether student_template/ is in sync (exit 1 if not)",
    )
    return parser


def configure_logging(verbose, quiet):
    level = logging.INFO + 10 * (quiet - verbose)
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(message)s")


def run_template(args):
    try:
        if args.check:
            differences = template_differences(KIT_ROOT)
            for difference in differences:
                logger.error("student_template: %s", difference)
            if not differences:
                logger.info("student_template/ is in sync with reference/")
            return 1 if differences else 0
        written = write_template(KIT_ROOT)
    except TemplateError as error:
        logger.error("%s", error)
        return 2
    logger.info("student_template/: %d file(s) written", len(written))
    for name in written:
        logger.debug("  %s", name)
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose, args.quiet)
    handlers = {"template": run_template}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
