"""Finding submissions and preparing each as a folder of module files.

A submission is one of

- a folder holding the STEP modules (``step2_feedforward.py``, ...), at its top
  or inside a single sub-folder;
- a ``.zip`` of such a folder;
- a ``.ipynb`` notebook or a single ``.py`` file whose functions are sorted into
  the modules that define them (see notebooks.py).

The student id is the name of the folder or file without its suffix. Preparing
writes the module files into a fresh folder of the grader's; the modules of the
kit that hold no student work (validation.py, datasets.py, gradcheck.py) always
come from the template, so a submission can neither lack nor change them.
Nothing is ever written into the submission itself.
"""

import hashlib
import logging
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .notebooks import NotebookError, convert_notebook, convert_script
from .templating import expected_template, find_regions

logger = logging.getLogger(__name__)

SUFFIXES = (".zip", ".py", ".ipynb")
# Limits on what a zip may unpack to: a zip bomb must not fill the disk.
ZIP_MAX_FILES = 500
ZIP_MAX_BYTES = 50 * 2**20
MODULE_MAX_BYTES = 5 * 2**20
STUDENT_ID = re.compile(r"[^\w.-]+")
IGNORED_NAMES = re.compile(r"^(\.|__pycache__$|__MACOSX$)")


class SubmissionError(ValueError):
    """A submission cannot be read (corrupt zip or notebook, unsafe paths, ...)."""


@dataclass(frozen=True)
class Submission:
    """One student's submission as found on disk."""

    student_id: str
    path: Path
    kind: str  # "folder", "zip", "notebook" or "script"


@dataclass
class Prepared:
    """A submission turned into module files in ``folder``."""

    folder: Path
    content_hash: str
    notes: list = field(default_factory=list)


def student_id_of(path):
    """The student id a file or folder name gives: its stem, made safe for paths."""
    name = Path(path).name
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return STUDENT_ID.sub("_", name).strip("._") or "unnamed"


def _kind_of(path):
    if path.is_dir():
        return "folder"
    return {".zip": "zip", ".ipynb": "notebook", ".py": "script"}.get(
        path.suffix.lower()
    )


def _looks_like_one_submission(folder, module_names):
    """True if ``folder`` itself holds STEP modules (rather than submissions)."""
    return any((folder / name).is_file() for name in module_names)


def find_submissions(paths, *, kit_root):
    """The submissions named by ``paths``, and the problems found on the way.

    Each path is a single submission (a folder of modules, a .zip, .py or .ipynb)
    or a folder of submissions, one entry per student. Returns
    ``(submissions, problems)``: problems are messages for paths that hold no
    submission and for student ids claimed by more than one entry (none of
    those is graded: which one counts is the instructor's call).
    """
    module_names = graded_module_names(kit_root)
    found, problems = [], []
    for path in map(Path, paths):
        if not path.exists():
            problems.append(f"{path}: no such file or folder")
            continue
        kind = _kind_of(path)
        if kind == "folder" and not _looks_like_one_submission(path, module_names):
            entries = [
                entry
                for entry in sorted(path.iterdir())
                if not IGNORED_NAMES.match(entry.name)
            ]
            inside = [e for e in entries if _kind_of(e)]
            for entry in entries:
                if not _kind_of(entry):
                    logger.info(
                        "%s: not a submission (folder, .zip, .py, .ipynb)", entry
                    )
            if not inside:
                problems.append(f"{path}: holds no submissions")
            found += [Submission(student_id_of(e), e, _kind_of(e)) for e in inside]
        elif kind:
            found.append(Submission(student_id_of(path), path, kind))
        else:
            problems.append(f"{path}: not a submission (folder, .zip, .py, .ipynb)")
    by_id = {}
    for submission in found:
        by_id.setdefault(submission.student_id, []).append(submission)
    unique = []
    for student_id, claims in by_id.items():
        if len(claims) == 1:
            unique.append(claims[0])
        else:
            names = ", ".join(str(c.path) for c in claims)
            problems.append(
                f"student id {student_id!r} is claimed by {len(claims)} submissions "
                f"({names}); none of them was graded — rename or remove all but one"
            )
    return unique, problems


def graded_module_names(kit_root):
    """File names of the modules holding student regions (step2_feedforward.py, ...)."""
    names = []
    for path in sorted((Path(kit_root) / "reference").glob("*.py")):
        if find_regions(path.read_text(encoding="utf-8"), str(path)):
            names.append(path.name)
    return names


def support_files(kit_root):
    """The template files without student work: name -> text."""
    graded = set(graded_module_names(kit_root))
    return {
        name: text
        for name, text in expected_template(kit_root).items()
        if name not in graded
    }


def prepare(submission, destination, *, kit_root):
    """Write ``submission``'s modules into the new folder ``destination``.

    Returns a Prepared. Raises SubmissionError for a submission that cannot be
    read at all; a submission that merely lacks modules is prepared without them
    (its tests of those modules then fail with "has no file ...").
    """
    destination = Path(destination)
    destination.mkdir(parents=True)
    graded = graded_module_names(kit_root)
    notes = []
    if submission.kind == "folder":
        modules = _modules_of_folder(submission.path, graded, notes)
    elif submission.kind == "zip":
        modules = _modules_of_zip(submission.path, graded, notes)
    else:
        convert = convert_notebook if submission.kind == "notebook" else convert_script
        try:
            converted = convert(submission.path, kit_root=kit_root)
        except NotebookError as error:
            raise SubmissionError(str(error)) from None
        modules = {
            name: text.encode("utf-8")
            for name, text in converted.modules.items()
            if name in graded
        }
        notes += converted.notes
    if not modules:
        notes.append(
            "no module of the kit was found ("
            + ", ".join(graded)
            + "); every task gets 0 points"
        )
    digest = hashlib.sha256()
    for name in sorted(modules):
        digest.update(name.encode() + b"\0" + modules[name] + b"\0")
        (destination / name).write_bytes(modules[name])
    for name, text in support_files(kit_root).items():
        (destination / name).write_text(text, encoding="utf-8")
    return Prepared(destination, digest.hexdigest(), notes)


def _read_module(path, notes):
    size = path.stat().st_size
    if size > MODULE_MAX_BYTES:
        notes.append(f"{path.name} is {size} bytes (limit {MODULE_MAX_BYTES}); ignored")
        return None
    return path.read_bytes()


def _modules_of_folder(folder, graded, notes):
    base = _module_folder(folder, graded)
    modules = {}
    for name in graded:
        path = base / name
        # A link could point anywhere on the grader's machine: not followed.
        if path.is_symlink():
            notes.append(f"{name} is a symbolic link; ignored")
        elif path.is_file():
            data = _read_module(path, notes)
            if data is not None:
                modules[name] = data
    return modules


def _module_folder(folder, graded):
    """``folder``, or its only sub-folder when the modules sit one level down."""
    if any((folder / name).is_file() for name in graded):
        return folder
    inner = [
        p for p in folder.iterdir() if p.is_dir() and not IGNORED_NAMES.match(p.name)
    ]
    return inner[0] if len(inner) == 1 else folder


def _modules_of_zip(path, graded, notes):
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            _check_zip_members(path, members)
            by_name = {}
            for member in members:
                pure = PurePosixPath(member.filename)
                if pure.name in graded and not IGNORED_NAMES.match(pure.parts[0]):
                    by_name.setdefault(pure.name, []).append(member)
            modules = {}
            for name, candidates in by_name.items():
                # The shallowest copy wins: a zip of a folder holds it one level
                # down, and a stray copy deeper inside is a leftover.
                candidates.sort(key=lambda m: len(PurePosixPath(m.filename).parts))
                if len(candidates) > 1:
                    notes.append(
                        f"{name} appears {len(candidates)} times in the zip; "
                        f"graded {candidates[0].filename}"
                    )
                modules[name] = archive.read(candidates[0])
            return modules
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise SubmissionError(
            f"{path.name}: not a readable zip file: {error}"
        ) from None


def _check_zip_members(path, members):
    """Refuse zips that escape their folder, hold links, or unpack too large."""
    if len(members) > ZIP_MAX_FILES:
        raise SubmissionError(
            f"{path.name}: {len(members)} files (limit {ZIP_MAX_FILES})"
        )
    total = 0
    for member in members:
        pure = PurePosixPath(member.filename.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
            raise SubmissionError(
                f"{path.name}: member {member.filename!r} points outside the "
                "zip's folder; refused"
            )
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise SubmissionError(
                f"{path.name}: member {member.filename!r} is a symbolic link; refused"
            )
        total += member.file_size
    if total > ZIP_MAX_BYTES:
        raise SubmissionError(
            f"{path.name}: unpacks to {total} bytes (limit {ZIP_MAX_BYTES})"
        )


def remove_tree(folder):
    """Remove a prepared folder, ignoring what is already gone."""
    shutil.rmtree(folder, ignore_errors=True)
