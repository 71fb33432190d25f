"""Helpers of the grader's tests: submissions built from the kit's own modules.

The grading runs here are restricted to one small test file (STEP 2's softmax
tests, 6 points) so that each takes seconds; what they prove about isolation,
scoring and reports does not depend on which tests run.
"""

import shutil
import sys
import zipfile
from pathlib import Path

from dlstart_grader import KIT_ROOT
from dlstart_grader.grading import GradingOptions
from dlstart_grader.remote import Limits

SOFTMAX_TESTS = str(KIT_ROOT / "tests" / "step2" / "test_softmax.py")
SOFTMAX_POINTS = 6.0
STEP2 = "step2_feedforward.py"
# The reference's softmax region, as a student module spells it.
SOFTMAX_HEAD = "def softmax(u):"


def quick_options(**changes):
    """Grading options for the tests: softmax tests only, short time limits."""
    settings = {
        "test_paths": (SOFTMAX_TESTS,),
        "limits": Limits(call_timeout_s=5.0, memory_mb=1024, cpu_s=60),
        "submission_timeout_s": 300.0,
    }
    settings.update(changes)
    return GradingOptions(**settings)


def grade_command(batch, output):
    """The ``dlstart grade`` command line of a quick batch, for a real process."""
    return [
        sys.executable,
        "-m",
        "dlstart_grader",
        "grade",
        str(batch),
        "--output",
        str(output),
        "--tests",
        SOFTMAX_TESTS,
    ]


def reference_copy(folder):
    """A submission folder holding the reference's STEP 2 module."""
    folder = Path(folder)
    folder.mkdir(parents=True)
    shutil.copy(KIT_ROOT / "reference" / STEP2, folder / STEP2)
    return folder


def with_softmax(folder, body):
    """A STEP 2 submission whose softmax is ``body`` (indented code), else the
    reference."""
    folder = reference_copy(folder)
    path = folder / STEP2
    text = path.read_text(encoding="utf-8")
    start = text.index(SOFTMAX_HEAD)
    end = text.index("\ndef ", start + 1)
    replacement = f"{SOFTMAX_HEAD}\n{body.rstrip()}\n\n"
    path.write_text(text[:start] + replacement + text[end + 1 :], encoding="utf-8")
    return folder


def zip_folder(folder, destination):
    """``destination`` (.zip) holding ``folder``'s files inside a sub-folder."""
    with zipfile.ZipFile(destination, "w") as archive:
        for path in sorted(Path(folder).iterdir()):
            archive.write(path, f"{Path(folder).name}/{path.name}")
    return destination
