"""Tests of the tests: a test that passes on a stub or on a known bug checks nothing.

- On student_template/ every graded test must fail, and with the short
  "not implemented yet: <task>" message rather than a traceback.
- On each realistic buggy implementation (tests/bugs/), at least one test of the
  bug's own task fails, and no test fails outside that task and the tasks that
  call it (``depends`` in the manifests).
"""

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from buggy import all_bugs, build_buggy
from dlstart_grader import KIT_ROOT
from dlstart_grader.manifest import load_manifest
from module_graph import files_seeing_functions
from suite_runs import graded, run_suite

BUGS = all_bugs()
MANIFEST = load_manifest(KIT_ROOT / "tasks")
# The session fixtures below run the suite once per bug before the first test
# that needs them, and pytest-timeout counts that setup against that test: the
# limit here is for the whole set of runs (several minutes on two cores), not
# for one test.
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="session")
def bug_runs(request):
    """Records of the suite on each selected buggy implementation, run in parallel.

    Only the bugs whose test was collected run (``-k`` selects bugs). A bug's run
    covers the test files that can see its functions (module_graph), without
    the tasks that depend on the bug's task, and runs slow tests (training to an
    accuracy) of the bug's own task only.
    """
    selected = {
        item.callspec.params["bug"].name
        for item in request.session.items
        if item.originalname == "test_bug_is_caught_by_its_task_only"
    }
    bugs = [bug for bug in BUGS if bug.name in selected]
    with tempfile.TemporaryDirectory(prefix="dlstart-bugs-") as scratch:

        def run(bug):
            folder = build_buggy(bug, KIT_ROOT / "reference", Path(scratch) / bug.name)
            # Tests of the tasks that use the bug's task may fail or not: the
            # check allows both, so they are not run. What remains is the bug's
            # own task (it must fail there) and every other task that can see
            # the bug's functions (it must not fail there).
            affected = (
                MANIFEST.affected_by(bug.task) if bug.task in MANIFEST.tasks else set()
            )
            paths = [str(p) for p in files_seeing_functions(bug.module, bug.replace)]
            records = run_suite(
                folder,
                test_paths=paths,
                slow_only_for={bug.task},
                skip_tasks=affected - {bug.task},
            )
            return bug.name, records

        workers = max(1, min(len(bugs), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(pool.map(run, bugs))


@pytest.fixture(scope="session")
def stub_run():
    return run_suite(KIT_ROOT / "student_template")


def test_every_graded_test_fails_on_the_stub_template(stub_run):
    records = graded(stub_run)
    assert records, "no graded tests ran on student_template/"
    passing = [r["nodeid"] for r in records if r["outcome"] == "passed"]
    assert not passing, (
        "these graded tests pass on the stub template, so they check nothing:\n  "
        + "\n  ".join(passing)
    )


def test_stub_failures_say_not_implemented(stub_run):
    unclear = [
        r["nodeid"]
        for r in graded(stub_run)
        if "not implemented yet" not in r["message"]
    ]
    assert not unclear, (
        "on the stub these tests fail without saying 'not implemented yet':\n  "
        + "\n  ".join(unclear)
    )


def test_every_task_has_a_graded_test_and_a_bug(stub_run):
    tested = {r["task"] for r in graded(stub_run)}
    untested = sorted(set(MANIFEST.tasks) - tested)
    assert not untested, f"tasks in tasks/*.toml without a graded test: {untested}"
    unknown = sorted(tested - set(MANIFEST.tasks))
    assert not unknown, f"tests name tasks missing from tasks/*.toml: {unknown}"
    with_bug = {bug.task for bug in BUGS}
    without = sorted(set(MANIFEST.tasks) - with_bug)
    assert not without, f"tasks without a realistic bug in tests/bugs/: {without}"


@pytest.mark.parametrize("bug", BUGS, ids=[bug.name for bug in BUGS])
def test_bug_is_caught_by_its_task_only(bug, bug_runs):
    """The bug fails a test of its task; failures stay within the tasks that use it."""
    assert bug.task in MANIFEST.tasks, f"{bug.name}: unknown task {bug.task}"
    records = bug_runs[bug.name]
    failed = [r for r in records if r["outcome"] == "failed"]
    own = [r for r in failed if r["task"] == bug.task and not r["contract"]]
    assert own, f"{bug.name} ({bug.summary}): no test of {bug.task} fails"
    allowed = MANIFEST.affected_by(bug.task)
    stray = [r["nodeid"] for r in failed if r["task"] not in allowed]
    assert not stray, (
        f"{bug.name} is in {bug.task}, but tests of unrelated tasks fail:\n  "
        + "\n  ".join(stray)
    )
