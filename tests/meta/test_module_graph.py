"""The premise of the bug runs: each STEP's tests call only modules they may.

Tests reach an implementation through the fixtures of tests/conftest.py
(``step2``, ``step4``, ...). A test folder of STEP N may use the fixtures of STEP
N's modules and of the modules those import; then a bug in a module can only
fail tests in the folders that module_graph.folders_seeing returns.
"""

import ast

from buggy import all_bugs
from dlstart_check.impl import STEP_MODULES
from module_graph import (
    TESTS_DIR,
    files_seeing_functions,
    module_imports,
    modules_visible_to,
)


def fixtures_used(path):
    """Names of the STEP module fixtures that functions in ``path`` take."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = {arg.arg for arg in node.args.args + node.args.kwonlyargs}
            used |= names & set(STEP_MODULES)
    return used


def test_tests_use_only_modules_they_may():
    graph = module_imports()
    wrong = []
    for root in (TESTS_DIR, TESTS_DIR / "hidden"):
        for folder in sorted(root.glob("step*")):
            visible = modules_visible_to(folder.name, graph)
            for path in sorted(folder.rglob("*.py")):
                for fixture in sorted(fixtures_used(path)):
                    if STEP_MODULES[fixture] not in visible:
                        wrong.append(f"{path.relative_to(TESTS_DIR)} uses {fixture}")
    assert not wrong, (
        "these tests call a module their STEP's modules do not import, so the bug "
        "runs would miss them (import it in the reference or move the test):\n  "
        + "\n  ".join(wrong)
    )


def test_every_bug_run_includes_its_own_tasks_tests():
    """The file selection never leaves out the tests that must catch a bug."""
    missing = []
    for bug in all_bugs():
        files = files_seeing_functions(bug.module, bug.replace)
        texts = [path.read_text(encoding="utf-8") for path in files]
        if not any(f'task("{bug.task}")' in text for text in texts):
            missing.append(f"{bug.name} ({bug.task})")
    assert not missing, "bug runs without a test of the bug's task:\n  " + "\n  ".join(
        missing
    )
