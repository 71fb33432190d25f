"""Notebook submissions round-trip through the grader.

The STEP 2 notebook with the reference's code in its cells (the generated
example) grades to full marks on STEP 2, the generated notebook with the stubs
to zero, and magics or shell lines added to a cell are skipped with a note.
"""

import json

import nbformat
import pytest

from dlstart_grader import KIT_ROOT
from dlstart_grader.examples import NOTEBOOK_NAME
from dlstart_grader.grading import grade_batch
from dlstart_grader.manifest import load_manifest
from dlstart_grader.notebooks import write_notebooks
from dlstart_grader.reports import read_result
from grading_fixtures import quick_options

STEP2_TESTS = str(KIT_ROOT / "tests" / "step2")


def step2_points(result):
    return sum(t["score"] for tid, t in result["tasks"].items() if tid[:6] == "step2.")


@pytest.fixture(scope="module")
def graded_notebooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("notebooks")
    batch = root / "batch"
    batch.mkdir()
    solved = json.loads((KIT_ROOT / "examples" / NOTEBOOK_NAME).read_text("utf-8"))
    (batch / "solved.ipynb").write_text(json.dumps(solved), encoding="utf-8")
    # The same notebook with a magic and a shell line where students put them.
    first_code = next(
        cell
        for cell in solved["cells"]
        if cell["metadata"].get("dlstart", {}).get("role") == "code"
    )
    first_code["source"] = "%matplotlib inline\n!pip install numpy\n" + "".join(
        first_code["source"]
    )
    (batch / "magics.ipynb").write_text(json.dumps(solved), encoding="utf-8")
    generated = write_notebooks(kit_root=KIT_ROOT, destination=root / "generated")
    stub = next(path for path in generated if path.name == "step2.ipynb")
    nbformat.write(nbformat.read(str(stub), as_version=4), str(batch / "stub.ipynb"))
    output = root / "out"
    options = quick_options(test_paths=(STEP2_TESTS,), workers=2)
    grade_batch([batch], output, kit_root=KIT_ROOT, options=options)
    return output


def test_solved_notebook_gets_full_marks_on_its_step(graded_notebooks):
    full = sum(
        task.points
        for task in load_manifest(KIT_ROOT / "tasks").tasks.values()
        if task.step == 2
    )
    result = read_result(graded_notebooks, "solved")
    assert result["error"] is None
    assert step2_points(result) == pytest.approx(full)


def test_stub_notebook_gets_zero(graded_notebooks):
    result = read_result(graded_notebooks, "stub")
    assert step2_points(result) == 0
    outputs = [t["output"] for t in result["tests"]]
    assert all("not implemented yet" in text for text in outputs)


def test_magics_are_skipped_and_noted(graded_notebooks):
    result = read_result(graded_notebooks, "magics")
    notes = "\n".join(result["notes"])
    assert "%matplotlib inline" in notes and "!pip install numpy" in notes
    assert step2_points(result) == step2_points(read_result(graded_notebooks, "solved"))
