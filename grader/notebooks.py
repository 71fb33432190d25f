"""STEP notebooks: generated from the template, and turned back into modules.

Generation: one notebook per STEP. Markdown cells hold the task sheet; then one
code cell per top-level piece of each template module (its imports, each
function, each constant), in the module's order; the last cell runs the STEP's
public tests on the functions the notebook defines. Every code cell carries
``metadata["dlstart"] = {"module": ..., "role": ...}`` with role ``setup``
(imports, run as they are), ``code`` (the student's part) or ``selfcheck``.

Conversion (grading a notebook): the code of a notebook becomes module files.
The header of each module (docstring and imports) is the kit's own, from the
template, so a notebook cannot break or redirect its imports; every top-level
function or assignment of the notebook's code cells goes to the module whose
template defines that name (cells need not carry the kit's metadata, so a
notebook the student rebuilt by hand is graded too). IPython magics (``%...``)
and shell lines (``!...``) are skipped, with a note for the feedback.
"""

import ast
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .templating import expected_template

logger = logging.getLogger(__name__)

STEP_OF_MODULE = re.compile(r"^(step\d+)_")
MAGIC_LINE = re.compile(r"^\s*[%!]")
STUDENT_PACKAGE = "student"
SETUP_CODE = """\
# 준비 (set-up): 키트의 tests/ 와 student/ 를 찾습니다 (notebooks/ 안에서 실행).
import pathlib
import sys

KIT = next(
    p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
    if (p / "tests" / "dlstart_check").is_dir()
)
sys.path[:0] = [str(KIT), str(KIT / "tests")]
"""
SELFCHECK_CODE = """\
# 스스로 확인하기 (self-check): 이 STEP의 공개 테스트를 이 노트북의 함수로 실행합니다.
from dlstart_check.selfcheck import check_notebook

check_notebook("{step}", globals())
"""


class NotebookError(ValueError):
    """A notebook cannot be read or turned into modules."""


def steps_of_template(kit_root):
    """Map each STEP ("step2") to its template modules' (name, text), in order."""
    steps = {}
    for name, text in expected_template(kit_root).items():
        match = STEP_OF_MODULE.match(name)
        if match:
            steps.setdefault(match.group(1), []).append((Path(name).stem, text))
    return steps


def _pieces(source):
    """Split module text into (kind, text): the header, then each statement.

    The header is the docstring and the imports at the top; after it, each
    top-level statement (a function with the comments above it, a constant) is
    its own piece.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    body = tree.body
    first_other = next(
        (
            i
            for i, node in enumerate(body)
            if not isinstance(node, (ast.Import, ast.ImportFrom))
            and not (i == 0 and isinstance(node, ast.Expr))
        ),
        len(body),
    )
    header_end = body[first_other - 1].end_lineno if first_other else 0
    pieces = [("header", "".join(lines[:header_end]))]
    start = header_end
    for node in body[first_other:]:
        end = node.end_lineno
        pieces.append(("code", "".join(lines[start:end]).strip("\n") + "\n"))
        start = end
    return pieces


def _notebook_header(header):
    """A module header with its relative imports pointing at student/."""
    code = re.sub(
        r"^from \.(\w+) import",
        rf"from {STUDENT_PACKAGE}.\1 import",
        header,
        flags=re.MULTILINE,
    )
    # The module docstring and the generator's comment lines say what the
    # markdown already says; keep only the imports.
    tree = ast.parse(code)
    lines = code.splitlines(keepends=True)
    imports = [
        "".join(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    return "".join(imports)


def build_notebook(step, modules, sheet_text):
    """The notebook of ``step`` as an nbformat NotebookNode."""
    import nbformat

    v4 = nbformat.v4
    cells = []
    for part in re.split(r"(?m)^(?=## )", sheet_text or f"# {step}\n"):
        if part.strip():
            cells.append(v4.new_markdown_cell(part.strip("\n")))
    setup = SETUP_CODE
    for _module, text in modules:
        setup += "\n" + _notebook_header(_pieces(text)[0][1])
    cells.append(_code_cell(setup, modules[0][0], "setup"))
    for module, text in modules:
        cells.append(v4.new_markdown_cell(f"### `{module}.py`"))
        for kind, piece in _pieces(text)[1:]:
            cells.append(_code_cell(piece, module, kind))
    cells.append(
        _code_cell(SELFCHECK_CODE.format(step=step), modules[0][0], "selfcheck")
    )
    # nbformat draws random cell ids; fixed ones keep generation reproducible
    # (the examples and the release are compared with what is committed).
    for index, cell in enumerate(cells):
        cell["id"] = f"{step}-{index:03d}"
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["dlstart"] = {"step": step, "modules": [m for m, _ in modules]}
    return notebook


def _code_cell(source, module, role):
    import nbformat

    cell = nbformat.v4.new_code_cell(source.rstrip("\n"))
    cell.metadata["dlstart"] = {"module": module, "role": role}
    return cell


def write_notebooks(*, kit_root, destination):
    """Write notebooks/<step>.ipynb for every STEP with template modules."""
    import nbformat

    kit_root = Path(kit_root)
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for step, modules in sorted(steps_of_template(kit_root).items()):
        sheet = kit_root / "tasks" / f"{step}.md"
        text = sheet.read_text(encoding="utf-8") if sheet.is_file() else ""
        path = destination / f"{step}.ipynb"
        nbformat.write(build_notebook(step, modules, text), str(path))
        written.append(path)
    return written


@dataclass
class ConvertedNotebook:
    """Module files made from a notebook, and notes for the student's feedback."""

    modules: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def notebook_code_cells(path):
    """The code cells' sources of the notebook at ``path``.

    Raises NotebookError for a file that is not a readable notebook.
    """
    import nbformat

    try:
        notebook = nbformat.read(str(path), as_version=4)
    except Exception as error:  # nbformat raises many kinds for a broken file
        raise NotebookError(
            f"{Path(path).name}: not a readable notebook: {error}"
        ) from error
    return [
        (cell.get("metadata", {}).get("dlstart", {}), cell.source)
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def convert_notebook(path, *, kit_root):
    """Turn the notebook at ``path`` into module files (see the module docstring).

    Returns
    -------
    ConvertedNotebook : modules maps a file name (``step2_feedforward.py``) to its
        text, for every module the notebook defines something of; notes lists
        what was skipped and why.
    """
    return _convert_cells(notebook_code_cells(path), kit_root)


def convert_script(path, *, kit_root):
    """Turn a single .py file into module files, as one notebook cell would be.

    Raises NotebookError for a file that cannot be read or is not UTF-8 text.
    """
    try:
        source = Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise NotebookError(f"{Path(path).name}: cannot read: {error}") from None
    except UnicodeDecodeError as error:
        raise NotebookError(
            f"{Path(path).name}: not UTF-8 text ({error.reason} at byte "
            f"{error.start}); save the file as UTF-8"
        ) from None
    return _convert_cells([({}, source)], kit_root)


def _convert_cells(cells, kit_root):
    """Module files from code cells given as (metadata, source) pairs."""
    template = {
        Path(name).stem: text
        for name, text in expected_template(kit_root).items()
        if STEP_OF_MODULE.match(name)
    }
    owner = {}
    for module, text in template.items():
        for node in ast.parse(text).body:
            for name in _defined_names(node):
                owner.setdefault(name, module)
    result = ConvertedNotebook()
    bodies = {}
    for number, (meta, source) in enumerate(cells, start=1):
        if meta.get("role") in ("setup", "selfcheck"):
            continue
        kept = []
        for line in source.splitlines():
            if MAGIC_LINE.match(line):
                result.notes.append(
                    f"cell {number}: skipped IPython line {line.strip()!r}"
                )
                kept.append("")
            else:
                kept.append(line)
        code = "\n".join(kept)
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            result.notes.append(f"cell {number}: syntax error, cell skipped: {error}")
            continue
        lines = code.splitlines(keepends=True)
        for node in tree.body:
            names = _defined_names(node)
            module = next((owner[n] for n in names if n in owner), None)
            if module is None:
                module = meta.get("module") if meta.get("module") in template else None
            if module is None:
                if not isinstance(node, (ast.Import, ast.ImportFrom, ast.Expr)):
                    result.notes.append(
                        f"cell {number}: line {node.lineno} defines nothing the kit "
                        "grades; skipped"
                    )
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                continue  # the kit's header has the imports the module needs
            text = "".join(lines[_first_line(node) - 1 : node.end_lineno])
            bodies.setdefault(module, []).append(text.rstrip("\n") + "\n")
    for module, pieces in bodies.items():
        header = _pieces(template[module])[0][1]
        result.modules[f"{module}.py"] = header + "\n\n" + "\n\n".join(pieces)
    return result


def _first_line(node):
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _defined_names(node):
    """Top-level names a statement defines (functions, classes, assignments)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(
        node.target, ast.Name
    ):
        return [node.target.id]
    return []
