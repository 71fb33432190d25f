"""Which test folders can see a bug in a given module.

A buggy implementation differs from the reference in one module. Its tests can
only fail where that module is used: in the tests of its own STEP and in the
tests of every STEP whose modules import it (directly or not). The bug runs
therefore run just those folders, which keeps CI fast as the kit grows; the
meta test ``test_tests_use_only_modules_they_may`` proves the premise, that a
test folder only calls modules of its own STEP and the modules they import.
"""

import ast
import re
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
REFERENCE_DIR = TESTS_DIR.parent / "reference"
STEP_OF_MODULE = re.compile(r"^(step\d+)")


def module_imports(reference_dir=REFERENCE_DIR):
    """Map each reference module to the reference modules it imports directly."""
    graph = {}
    for path in sorted(Path(reference_dir).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
    return graph


def users_of(module, graph):
    """``module`` and every module that imports it, directly or not."""
    users = {module}
    changed = True
    while changed:
        changed = False
        for name, imported in graph.items():
            if name not in users and imported & users:
                users.add(name)
                changed = True
    return users


def step_of(module):
    """The STEP folder name of a module (``step2_feedforward`` -> ``step2``)."""
    match = STEP_OF_MODULE.match(module)
    return match.group(1) if match else None


def folders_seeing(module, graph=None):
    """The test folders (under tests/, and under tests/hidden/) a bug can affect.

    A module outside any STEP (``validation``, a data loader) is used everywhere,
    so every STEP folder is returned for it.
    """
    graph = module_imports() if graph is None else graph
    steps = {step_of(name) for name in users_of(module, graph)}
    if None in steps:
        steps = {step_of(name) for name in graph} - {None}
    folders = []
    for root in (TESTS_DIR, TESTS_DIR / "hidden"):
        folders += [root / step for step in sorted(steps) if (root / step).is_dir()]
    return folders


def modules_visible_to(step, graph=None):
    """Modules the tests of ``step`` may call: the STEP's and what they import."""
    graph = module_imports() if graph is None else graph
    own = {name for name in graph if step_of(name) == step}
    visible = set(own)
    frontier = set(own)
    while frontier:
        frontier = {m for name in frontier for m in graph.get(name, ())} - visible
        visible |= frontier
    return visible
