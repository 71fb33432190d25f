"""Realistic buggy implementations, built from the reference and one bug file each.

A bug file in tests/bugs/ is a Python file of plain assignments, read with ``ast``
and never imported::

    \"\"\"What the bug is, in one line: the mistake a student makes.\"\"\"
    MODULE = "step2_feedforward"        # the module it lives in
    TASK = "step2.softmax"              # the task whose tests must catch it
    REPLACE = {"softmax": '''
    e = np.exp(u)
    return e / np.sum(e, axis=-1, keepdims=True)
    '''}

Each entry of REPLACE replaces the student region of that function with the
given code (dedented, then indented to the region). The buggy implementation is
the reference with only those regions changed.
"""

import ast
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from dlstart_grader.templating import START, find_regions

BUGS_DIR = Path(__file__).resolve().parents[1] / "bugs"
REQUIRED = ("MODULE", "TASK", "REPLACE")


class BugFileError(ValueError):
    """A bug file is malformed or names a function without a student region."""


@dataclass(frozen=True)
class Bug:
    name: str
    summary: str
    module: str
    task: str
    replace: dict


def load_bug(path):
    """Read one bug file into a Bug, raising BugFileError naming what is wrong."""
    path = Path(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                values[target.id] = ast.literal_eval(node.value)
    missing = [key for key in REQUIRED if key not in values]
    if missing:
        raise BugFileError(f"{path.name}: missing {', '.join(missing)}")
    if not isinstance(values["REPLACE"], dict) or not values["REPLACE"]:
        raise BugFileError(f"{path.name}: REPLACE must be a non-empty dict")
    summary = (ast.get_docstring(tree) or "").strip().splitlines()
    if not summary:
        raise BugFileError(f"{path.name}: needs a docstring saying what the bug is")
    return Bug(
        name=path.stem,
        summary=summary[0],
        module=values["MODULE"],
        task=values["TASK"],
        replace=values["REPLACE"],
    )


def all_bugs():
    """Every bug file of tests/bugs/, sorted by name."""
    return [load_bug(path) for path in sorted(BUGS_DIR.glob("*.py"))]


def apply_bug(source, bug, filename="<source>"):
    """The module text ``source`` with the bug's regions replaced."""
    regions = {region.function: region for region in find_regions(source, filename)}
    unknown = [name for name in bug.replace if name not in regions]
    if unknown:
        raise BugFileError(f"{bug.name}: no student region in function(s) {unknown}")
    lines = source.splitlines(keepends=True)
    chosen = sorted((regions[name] for name in bug.replace), key=lambda r: -r.start)
    for region in chosen:
        indent = START.match(lines[region.start - 1]).group("indent")
        body = textwrap.dedent(bug.replace[region.function]).strip("\n")
        new = textwrap.indent(body, indent) + "\n"
        lines[region.start - 1 : region.end] = [new]
    return "".join(lines)


def build_buggy(bug, reference_dir, destination):
    """Copy ``reference_dir`` to ``destination`` with ``bug`` applied; return it."""
    destination = Path(destination)
    shutil.copytree(
        reference_dir, destination, ignore=shutil.ignore_patterns("__pycache__")
    )
    path = destination / f"{bug.module}.py"
    if not path.is_file():
        raise BugFileError(f"{bug.name}: reference has no module {bug.module}.py")
    path.write_text(apply_bug(path.read_text(encoding="utf-8"), bug, str(path)))
    return destination
