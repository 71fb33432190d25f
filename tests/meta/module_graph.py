"""Which tests can see a bug in given functions of a module.

A buggy implementation differs from the reference in a few functions of one
module. Its tests can only fail where those functions are used: in the tests
of its own STEP and of every STEP whose modules import it (directly or not),
and there only in the test files that name an affected function (the bug's
functions and every reference function or table that uses them). The bug runs
therefore run just those files, which keeps CI fast as the kit grows; the meta
tests prove the premises: a test folder only calls modules of its own STEP and
the modules they import, and every bug's run includes tests of its own task.
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


def _closure(start, uses):
    """``start`` and every key of ``uses`` whose set meets the result, transitively."""
    found = set(start)
    changed = True
    while changed:
        changed = False
        for name, used in uses.items():
            if name not in found and used & found:
                found.add(name)
                changed = True
    return found


def users_of(module, graph):
    """``module`` and every module that imports it, directly or not."""
    return _closure({module}, graph)


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


# ---------------------------------------------------------------------------
# Finer: which test files can see a bug in given functions
# ---------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z_]\w*")
# A layer's tests may build its function names at run time from the layer's
# name (``getattr(step2, f"{name}_forward")``), so the bare name counts too.
_LAYER_SUFFIXES = ("_forward", "_backward")


def top_level_references(reference_dir=REFERENCE_DIR):
    """Map each top-level name of the reference modules to the names it uses.

    A top-level name is a function, a class or an assigned constant (a table of
    functions such as ``ACTIVATIONS`` counts: it refers to the functions it
    holds). Names are not qualified by module: two modules defining the same
    name only make the result larger, never smaller.
    """
    references = {}
    for path in sorted(Path(reference_dir).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            defined = _defined(node)
            used = {
                child.id if isinstance(child, ast.Name) else child.attr
                for child in ast.walk(node)
                if isinstance(child, (ast.Name, ast.Attribute))
            }
            for name in defined:
                references.setdefault(name, set()).update(used - {name})
    return references


def _defined(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [t.id for t in targets if isinstance(t, ast.Name)]
    return []


def affected_names(functions, references=None):
    """``functions`` and every top-level name that uses one of them, transitively."""
    references = top_level_references() if references is None else references
    return _closure(functions, references)


def _search_words(names):
    words = set(names)
    for name in names:
        for suffix in _LAYER_SUFFIXES:
            if name.endswith(suffix):
                words.add(name[: -len(suffix)])
    return words


def files_seeing_functions(module, functions, graph=None, references=None):
    """The test files a bug in ``functions`` of ``module`` can make fail.

    Within the folders that can see the module (``folders_seeing``), a test
    file counts when it, a helper module of its folder that it imports, or the
    folder's conftest.py names one of the affected functions (or a layer's
    bare name). Tests reach the implementation only through names written in
    the test code, so a file naming none of them cannot call the bug.
    """
    words = _search_words(affected_names(functions, references))
    selected = []
    for folder in folders_seeing(module, graph):
        helpers = {
            path.stem: set(_WORD.findall(path.read_text(encoding="utf-8")))
            for path in folder.glob("*.py")
            if not path.name.startswith("test_")
        }
        folder_wide = words & helpers.get("conftest", set())
        for path in sorted(folder.rglob("test_*.py")):
            text = path.read_text(encoding="utf-8")
            seen = set(_WORD.findall(text))
            for helper, helper_words in helpers.items():
                if helper in seen:
                    seen |= helper_words
            if folder_wide or words & seen:
                selected.append(path)
    return selected
