"""The student release: what a student receives, built from the kit in one step.

A release is a folder (or a .zip of it) holding

- ``student/``: the generated template modules, the files the student fills in;
- ``notebooks/``: one Jupyter notebook per STEP (see notebooks.py);
- ``tests/``: the public tests and their support (no hidden tests, no tests of
  the tests, no buggy implementations);
- ``tasks/``: the task sheets; ``data/``: the digits;
- ``pytest.ini``, ``requirements.txt`` and a README for students.

No reference code goes in: the template text comes from the generator, never
from reference/, and ``release_leaks`` checks the finished bundle for any line
sequence of a reference solution and for any hidden test.
"""

import json
import logging
import shutil
import tempfile
import zipfile
from pathlib import Path

from .templating import expected_template, find_regions

logger = logging.getLogger(__name__)

STUDENT_FOLDER = "student"
# Folders of tests/ that stay with the instructors.
PRIVATE_TEST_FOLDERS = ("hidden", "meta", "bugs", "grader", "experiments", "release")
REQUIREMENTS = (
    "numpy>=1.22",
    "pytest>=7.4",
    "hypothesis>=6.80",
    "pytest-timeout>=2.1",
    "nbformat>=5.7",
)
PYTEST_INI = """\
[pytest]
testpaths = tests
# The implementation under test: your files in student/.
dlstart_impl = student
timeout = 300
addopts = -ra --strict-markers -p no:cacheprovider
filterwarnings = error::RuntimeWarning
"""
# A solution region shorter than this many meaningful lines is too generic to
# count as a leak when it appears in the bundle (``return z`` is everywhere).
LEAK_MIN_LINES = 2


class ReleaseError(ValueError):
    """The release cannot be built where asked, or it would leak a solution."""


def build_release(*, kit_root, destination, notebooks=True, force=False):
    """Build the student release at ``destination`` (a folder, or a path ending in
    .zip); return the path written.

    An existing destination is never overwritten unless ``force`` is set, so a
    release someone is working in is not lost. Raises ReleaseError when the
    finished bundle would contain a reference solution or a hidden test.
    """
    kit_root = Path(kit_root)
    destination = Path(destination)
    if destination.exists() and not force:
        raise ReleaseError(f"{destination} exists; choose another path or use --force")
    with tempfile.TemporaryDirectory(prefix="dlstart-release-") as scratch:
        bundle = Path(scratch) / "dlstart-student"
        _write_bundle(kit_root, bundle, notebooks=notebooks)
        leaks = release_leaks(bundle, kit_root)
        if leaks:
            raise ReleaseError("the release would leak:\n  " + "\n  ".join(leaks))
        if destination.exists():
            if destination.is_dir():
                shutil.rmtree(destination)
            else:
                destination.unlink()
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.suffix == ".zip":
            _zip(bundle, destination)
        else:
            shutil.copytree(bundle, destination)
    logger.info("student release written to %s", destination)
    return destination


def _write_bundle(kit_root, bundle, *, notebooks):
    student = bundle / STUDENT_FOLDER
    student.mkdir(parents=True)
    for name, text in expected_template(kit_root).items():
        (student / name).write_text(text, encoding="utf-8")

    tests = bundle / "tests"
    shutil.copytree(
        kit_root / "tests",
        tests,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", *PRIVATE_TEST_FOLDERS),
    )
    tasks = bundle / "tasks"
    tasks.mkdir()
    for sheet in sorted((kit_root / "tasks").glob("*.md")):
        shutil.copy2(sheet, tasks / sheet.name)
    if (kit_root / "data").is_dir():
        shutil.copytree(kit_root / "data", bundle / "data")

    (bundle / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    (bundle / "requirements.txt").write_text(
        "\n".join(REQUIREMENTS) + "\n", encoding="utf-8"
    )
    (bundle / "README.md").write_text(
        (Path(__file__).parent / "release_readme.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    if notebooks:
        from .notebooks import write_notebooks

        write_notebooks(kit_root=kit_root, destination=bundle / "notebooks")


def _zip(bundle, destination):
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                archive.write(path, Path(bundle.name) / path.relative_to(bundle))


def _meaningful_lines(text):
    """The lines of ``text`` that carry code: stripped, no blanks or comments."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def solution_snippets(kit_root):
    """Each reference solution region as (where, its meaningful lines)."""
    snippets = []
    for path in sorted((Path(kit_root) / "reference").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for region in find_regions(source, str(path)):
            body = "\n".join(lines[region.start : region.end - 1])
            meaningful = _meaningful_lines(body)
            if len(meaningful) >= LEAK_MIN_LINES:
                snippets.append((f"{path.name}:{region.function}", meaningful))
    return snippets


def release_leaks(bundle, kit_root):
    """What of the reference solutions or hidden tests the bundle contains.

    A solution leaks when all its meaningful lines appear, in order and next to
    each other, in any text file of the bundle (notebooks included, since their
    JSON keeps each source line on a line of its own). A hidden test leaks when a
    file of tests/hidden/ is in the bundle under any folder.
    """
    bundle = Path(bundle)
    texts = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".md", ".txt", ".ini"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":
                text = _notebook_text(text)
            texts[path] = _meaningful_lines(text)
    leaks = []
    for where, snippet in solution_snippets(kit_root):
        for path, lines in texts.items():
            if _contains_run(lines, snippet):
                leaks.append(f"solution of {where} in {path.relative_to(bundle)}")
    hidden = Path(kit_root) / "tests" / "hidden"
    hidden_names = (
        {p.name for p in hidden.rglob("test_*.py")} if hidden.is_dir() else set()
    )
    for path in bundle.rglob("test_*.py"):
        if path.name in hidden_names:
            leaks.append(f"hidden test {path.relative_to(bundle)}")
    return leaks


def _notebook_text(text):
    """The sources of a notebook's cells, one after the other."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return text  # not valid JSON: scan the raw text
    sources = (cell.get("source", "") for cell in cells)
    return "\n".join(s if isinstance(s, str) else "".join(s) for s in sources)


def _contains_run(lines, snippet):
    """True if ``snippet`` occurs in ``lines`` as consecutive items."""
    size = len(snippet)
    return any(
        lines[i] == snippet[0] and lines[i : i + size] == snippet
        for i in range(len(lines) - size + 1)
    )
