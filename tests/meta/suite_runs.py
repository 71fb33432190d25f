"""Running the kit's suite on another implementation, for the tests of the tests.

A run is a fresh ``python -m pytest`` over tests/ (meta tests excluded) with the
"grading" hypothesis profile, the one the grader uses, so what a meta test proves
about an implementation holds for the examples that grade students. The records
come from the plugin's ``--results-json``.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
KIT_ROOT = TESTS_DIR.parent
RUN_TIMEOUT_S = 600


class SuiteRunError(RuntimeError):
    """The suite could not run at all on an implementation (not: some tests failed)."""


def run_suite(impl_folder, *, test_paths=None, slow_only_for=None, skip_tasks=()):
    """Run the suite on ``impl_folder``; return the list of per-test records.

    Each record is a dict with nodeid, task, hidden, contract, outcome, message and
    seconds (see dlstart_check.plugin). ``skip_tasks`` are not run at all.
    ``slow_only_for``, a set of task ids,
    skips the tests marked slow of every other task. Raises SuiteRunError when
    pytest reports no records, e.g. because collection itself failed.
    """
    with tempfile.TemporaryDirectory(prefix="dlstart-run-") as scratch:
        results = Path(scratch) / "results.json"
        command = [
            sys.executable,
            "-m",
            "pytest",
            *(test_paths or [str(TESTS_DIR)]),
            f"--impl={impl_folder}",
            f"--results-json={results}",
            "-m",
            "not meta",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--rootdir={KIT_ROOT}",
        ]
        if skip_tasks:
            command.append(f"--skip-tasks={','.join(sorted(skip_tasks))}")
        if slow_only_for is not None:
            command.append(f"--slow-only-for={','.join(sorted(slow_only_for))}")
        # A buggy copy lives in a scratch folder: its datasets.py finds the
        # kit's data through the variable, as a submission kept elsewhere does.
        env = dict(
            os.environ,
            DLSTART_HYPOTHESIS_PROFILE="grading",
            DLSTART_DATA_DIR=str(KIT_ROOT / "data"),
        )
        completed = subprocess.run(
            command,
            cwd=KIT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )
        if not results.is_file():
            raise SuiteRunError(
                f"pytest wrote no results for {impl_folder} "
                f"(exit {completed.returncode})"
                f"\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
            )
        records = json.loads(results.read_text(encoding="utf-8"))
    if not records:
        raise SuiteRunError(
            f"no tests ran on {impl_folder}:\n{completed.stdout[-3000:]}"
        )
    return records


def graded(records):
    """The records of graded tests: those with a task and not a contract check."""
    return [r for r in records if r["task"] and not r["contract"]]
