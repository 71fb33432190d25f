"""The kit's pytest plugin: choosing the implementation, markers, short stub messages,
and a machine-readable record of every test's outcome.

Options
-------
--impl WHICH
    ``reference``, ``student_template`` (folders beside ``tests/``) or any folder
    path. The default is the ini value ``dlstart_impl`` (``reference`` in the repo).
--results-json PATH
    Write one record per test (id, task, hidden, outcome, message, seconds) to PATH.
"""

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from .impl import (
    NOT_IMPLEMENTED_PREFIX,
    Implementation,
    ImplementationError,
    NotImplementedYet,
)

KIT_ROOT = Path(__file__).resolve().parents[2]
NAMED_IMPLEMENTATIONS = ("reference", "student_template")
IMPLEMENTATION_KEY = pytest.StashKey()
RESULTS_KEY = pytest.StashKey()
MESSAGE_LIMIT = 4000
HIDDEN_FOLDER = "hidden"
KIT_ONLY_FOLDERS = ("meta", "experiments", "grader", "release")

# Three profiles. "quick": a student's self-check (random examples, fast).
# "grading": what the grader and the buggy-implementation runs use, so a bug the
# kit claims to catch is caught with exactly the examples that grade students;
# deterministic, and no example database, so a run writes nothing beside the
# tests and two runs see the same examples. "thorough": CI on the reference.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("quick", max_examples=30, **_COMMON)
settings.register_profile(
    "grading", max_examples=40, derandomize=True, database=None, **_COMMON
)
settings.register_profile(
    "thorough", max_examples=150, derandomize=True, database=None, **_COMMON
)
PROFILE_VARIABLE = "DLSTART_HYPOTHESIS_PROFILE"
settings.load_profile(
    os.environ.get(PROFILE_VARIABLE)
    or ("thorough" if os.environ.get("CI") else "quick")
)


def pytest_addoption(parser):
    group = parser.getgroup("dlstart", "deep-learning course kit")
    group.addoption(
        "--impl",
        default=None,
        help="implementation under test: reference, student_template or a folder",
    )
    group.addoption(
        "--results-json",
        default=None,
        help="write a JSON record of every test's outcome to this file",
    )
    group.addoption(
        "--slow-only-for",
        default=None,
        metavar="TASKS",
        help="run tests marked slow only for these comma-separated task ids "
        "(the buggy-implementation runs use it; by default every slow test runs)",
    )
    group.addoption(
        "--skip-tasks",
        default=None,
        metavar="TASKS",
        help="deselect the tests of these comma-separated task ids (the "
        "buggy-implementation runs skip the tasks a bug may fail anyway)",
    )
    parser.addini(
        "dlstart_impl", "default implementation under test", default="reference"
    )


def resolve_implementation_folder(which, root=KIT_ROOT, base=None):
    """The folder named by an --impl value: a named folder of the kit, or a path.

    A relative path is taken from ``base`` (the current directory when None): the
    command line's --impl from where pytest was started, the ini value from the
    folder of the ini file, so a plain ``pytest`` finds it from any directory.
    """
    if which in NAMED_IMPLEMENTATIONS:
        return root / which
    path = Path(which).expanduser()
    if base is not None and not path.is_absolute():
        path = Path(base) / path
    return path


def pytest_configure(config):
    for line in (
        "task(id): the graded task (tasks/*.toml) this test belongs to",
        "hidden: a graded test kept out of the student release",
        "contract: an ungraded check of the kit's own contract (input validation)",
        "meta: a test of the tests, run in the kit's repository only",
        "slow: takes seconds (training to an accuracy); see --slow-only-for",
    ):
        config.addinivalue_line("markers", line)
    config.stash[RESULTS_KEY] = []
    if IMPLEMENTATION_KEY in config.stash:
        return  # the grader installed its own implementation
    which = config.getoption("--impl")
    base = None
    if not which:
        which = config.getini("dlstart_impl")
        base = config.inipath.parent if config.inipath else config.rootpath
    folder = resolve_implementation_folder(which, base=base)
    if not folder.is_dir():
        raise pytest.UsageError(f"--impl {which}: folder {folder} does not exist")
    label = which if which in NAMED_IMPLEMENTATIONS else folder.name
    config.stash[IMPLEMENTATION_KEY] = Implementation(folder, label)


def pytest_collection_modifyitems(config, items):
    # Folders mark their tests, so that no test file has to remember it: tests in
    # hidden/ are hidden graded tests; tests in the kit-only folders test the kit
    # itself (the tests, the grader, the release, the experiments) and run only
    # on the reference, in the kit's repository.
    implementation = config.stash.get(IMPLEMENTATION_KEY, None)
    on_reference = getattr(implementation, "label", None) == "reference"
    skip_kit_only = pytest.mark.skip(reason="tests of the kit run on the reference")
    for item in items:
        folders = Path(str(item.fspath)).parts[:-1]
        if HIDDEN_FOLDER in folders:
            item.add_marker(pytest.mark.hidden)
        if set(KIT_ONLY_FOLDERS) & set(folders[-2:]):
            item.add_marker(pytest.mark.meta)
            if not on_reference:
                item.add_marker(skip_kit_only)
    skipped_tasks = set((config.getoption("--skip-tasks") or "").split(",")) - {""}
    if skipped_tasks:
        kept = [item for item in items if _task_of(item) not in skipped_tasks]
        config.hook.pytest_deselected(
            items=[item for item in items if _task_of(item) in skipped_tasks]
        )
        items[:] = kept
    only_for = config.getoption("--slow-only-for")
    if only_for is None:
        return
    tasks = set(filter(None, only_for.split(",")))
    skip = pytest.mark.skip(reason="slow test of a task outside --slow-only-for")
    for item in items:
        if item.get_closest_marker("slow") and _task_of(item) not in tasks:
            item.add_marker(skip)


def pytest_report_header(config):
    implementation = config.stash.get(IMPLEMENTATION_KEY, None)
    if implementation is not None:
        where = getattr(implementation, "folder", "")
        return f"dlstart implementation under test: {implementation.label} {where}"
    return None


@pytest.fixture(scope="session")
def impl(request):
    """The implementation under test (see --impl)."""
    return request.config.stash[IMPLEMENTATION_KEY]


def _task_of(item):
    marker = item.get_closest_marker("task")
    return marker.args[0] if marker else None


def _short_message(call):
    """A one-line reason for stubs and unusable modules, instead of a traceback."""
    excinfo = call.excinfo
    if excinfo is None:
        return None
    if excinfo.errisinstance((NotImplementedError, NotImplementedYet)):
        text = str(excinfo.value)
        if text.startswith(NOT_IMPLEMENTED_PREFIX):
            return text
    if excinfo.errisinstance(ImplementationError):
        return str(excinfo.value)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    short = _short_message(call)
    if short is not None and report.failed:
        report.longrepr = short
        # hypothesis adds a "reproduce with this seed" section: noise for a stub.
        report.sections = [
            section for section in report.sections if "Hypothesis" not in section[0]
        ]
    if report.when == "call" or (report.when == "setup" and not report.passed):
        message = report.longreprtext if report.failed else ""
        item.config.stash[RESULTS_KEY].append(
            {
                "nodeid": item.nodeid,
                "task": _task_of(item),
                "hidden": item.get_closest_marker("hidden") is not None,
                "contract": item.get_closest_marker("contract") is not None,
                "outcome": report.outcome,
                "message": message[:MESSAGE_LIMIT],
                "seconds": round(report.duration, 4),
            }
        )
    return report


def pytest_sessionfinish(session):
    path = session.config.getoption("--results-json")
    if path:
        records = session.config.stash.get(RESULTS_KEY, [])
        Path(path).write_text(json.dumps(records, indent=1), encoding="utf-8")
