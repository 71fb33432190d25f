"""The grader's cost, measured in one run: isolation overhead and parallel speed-up.

    python benchmarks/grader_overhead.py [--batch 50] [--tests tests/step2]
                                         [--unbatched]

Prints three ratios:

1. the graded tests on the reference through the grader (worker process,
   every call a round trip) against the same tests in-process with plain
   pytest — target ≤ 1.5×;
2. the fixed cost per submission: grading the reference on a single tiny test
   file minus that file's in-process time — target ≤ 1 s;
3. a batch of ``--batch`` reference-like submissions with 1 and with 2 workers
   — target speed-up ≥ 1.8×. With one worker on a machine of two cores or
   more, the grader and its worker poll for replies instead of sleeping
   (GradingOptions.spin_s), which uses the second core; the batch is therefore
   also timed with one worker without polling, the baseline of the scaling.

The machine is noisy; only ratios from the same run mean anything.
"""

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT_ROOT / "tests"))

from dlstart_grader.grading import GradingOptions, grade_batch  # noqa: E402

TINY_TESTS = KIT_ROOT / "tests" / "step2" / "test_softmax.py"


def in_process_seconds(test_paths):
    """Wall time of plain pytest on the reference over ``test_paths``."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        *map(str, test_paths),
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not meta and not contract",
        "--impl=reference",
    ]
    env = dict(os.environ, DLSTART_HYPOTHESIS_PROFILE="grading")
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=KIT_ROOT,
        env=env,
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - start


def graded_seconds(
    batch_folder, test_paths, workers, batch_gradients=True, spin_s=None
):
    """Wall time of grading every submission in ``batch_folder``."""
    with tempfile.TemporaryDirectory(prefix="dlstart-bench-out-") as output:
        options = GradingOptions(
            workers=workers,
            test_paths=tuple(str(p) for p in test_paths),
            batch_gradients=batch_gradients,
            spin_s=spin_s,
        )
        start = time.perf_counter()
        grade_batch([batch_folder], output, kit_root=KIT_ROOT, options=options)
        return time.perf_counter() - start


def make_batch(folder, count):
    """``count`` copies of the reference's modules, one folder each."""
    for index in range(count):
        shutil.copytree(KIT_ROOT / "reference", folder / f"student{index:03d}")
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batch", type=int, default=50, help="submissions in the batch; 0 skips it"
    )
    parser.add_argument(
        "--unbatched",
        action="store_true",
        help="also grade the suite with numerical gradients' calls sent one by one",
    )
    parser.add_argument(
        "--tests",
        default=str(KIT_ROOT / "tests" / "step2"),
        help="tests for the batch timing (default: STEP 2's)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    all_tests = [KIT_ROOT / "tests"]

    with tempfile.TemporaryDirectory(prefix="dlstart-bench-") as scratch:
        scratch = Path(scratch)
        one = make_batch(scratch / "one", 1)

        local = in_process_seconds(all_tests)
        remote = graded_seconds(one, all_tests, workers=1)
        print(
            f"graded suite on the reference: in-process {local:.1f} s, "
            f"through the grader {remote:.1f} s, ratio {remote / local:.2f}x"
        )
        if args.unbatched:
            unbatched = graded_seconds(one, all_tests, workers=1, batch_gradients=False)
            print(
                f"  with gradient checks' calls one by one: {unbatched:.1f} s, "
                f"ratio {unbatched / local:.2f}x"
            )

        tiny_local = in_process_seconds([TINY_TESTS])
        tiny_remote = graded_seconds(one, [TINY_TESTS], workers=1)
        print(
            f"fixed cost per submission: {tiny_remote - tiny_local:.2f} s "
            f"(graded {tiny_remote:.2f} s - in-process {tiny_local:.2f} s, "
            f"on {TINY_TESTS.name})"
        )

        if args.batch < 1:
            return
        batch = make_batch(scratch / "batch", args.batch)
        serial = graded_seconds(batch, [args.tests], workers=1)
        serial_asleep = graded_seconds(batch, [args.tests], workers=1, spin_s=0.0)
        parallel = graded_seconds(batch, [args.tests], workers=2)
        print(
            f"batch of {args.batch} on {Path(args.tests).name}: "
            f"1 worker {serial:.1f} s ({serial_asleep:.1f} s without polling), "
            f"2 workers {parallel:.1f} s; speed-up {serial / parallel:.2f}x "
            f"({serial_asleep / parallel:.2f}x against 1 worker without polling)"
        )


if __name__ == "__main__":
    main()
