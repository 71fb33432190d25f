"""The student release: complete, without solutions, and working where it lands.

The bundle is built once into a temporary folder (as a .zip, then unpacked, as a
student receives it). Inside it, plain ``pytest`` checks student/: on the stubs
every graded test fails as "not implemented yet"; with the reference files copied
into student/ every test passes. The STEP notebooks round-trip the same way.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from dlstart_grader import KIT_ROOT
from dlstart_grader.notebooks import convert_notebook
from dlstart_grader.release import build_release, release_leaks
from dlstart_grader.templating import expected_template

RUN_TIMEOUT_S = 900
# .ci/run checks the same two things in a fresh venv made from the release's own
# requirements.txt (.ci/check_release.py) and sets this, so CI does not run the
# bundle's whole suite twice.
CHECKED_IN_FRESH_VENV = os.environ.get("DLSTART_RELEASE_CHECKED_IN_FRESH_VENV") == "1"
in_fresh_venv_instead = pytest.mark.skipif(
    CHECKED_IN_FRESH_VENV, reason="checked by .ci/check_release.py in a fresh venv"
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("release")
    archive = build_release(kit_root=KIT_ROOT, destination=scratch / "student.zip")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(scratch / "unpacked")
    return scratch / "unpacked" / "dlstart-student"


def run_pytest_in(bundle, *args):
    """Plain pytest inside the bundle; returns the per-test records."""
    results = bundle.parent / "results.json"
    env = {k: v for k, v in os.environ.items() if k != "DLSTART_HYPOTHESIS_PROFILE"}
    env["DLSTART_HYPOTHESIS_PROFILE"] = "grading"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", f"--results-json={results}", *args],
        cwd=bundle,
        env=env,
        capture_output=True,
        timeout=RUN_TIMEOUT_S,
    )
    return json.loads(results.read_text(encoding="utf-8"))


def test_bundle_has_what_a_student_needs(bundle):
    for relative in (
        "README.md",
        "pytest.ini",
        "requirements.txt",
        "tests/conftest.py",
    ):
        assert (bundle / relative).is_file(), f"missing {relative}"
    expected = expected_template(KIT_ROOT)
    assert sorted(p.name for p in (bundle / "student").iterdir()) == sorted(expected)
    assert list((bundle / "notebooks").glob("step*.ipynb")), "no notebooks"
    assert list((bundle / "tasks").glob("step*.md")), "no task sheets"
    for private in ("hidden", "meta", "bugs", "grader", "release", "experiments"):
        assert not (bundle / "tests" / private).exists(), f"tests/{private} shipped"
    assert not (bundle / "reference").exists()


def test_bundle_has_no_solution_and_no_hidden_test(bundle):
    assert release_leaks(bundle, KIT_ROOT) == []


def test_leak_scan_finds_a_pasted_solution(bundle, tmp_path):
    """The scan itself can fail: paste a reference file into a copy and look."""
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    shutil.copy(KIT_ROOT / "reference" / "step2_feedforward.py", copy / "student")
    leaks = release_leaks(copy, KIT_ROOT)
    assert any("step2_feedforward.py:softmax" in leak for leak in leaks), leaks


@in_fresh_venv_instead
def test_plain_pytest_reports_every_stub_as_not_implemented(bundle):
    records = run_pytest_in(bundle)
    graded = [r for r in records if r["task"] and not r["contract"]]
    assert graded
    wrong = [
        r["nodeid"]
        for r in graded
        if r["outcome"] != "failed" or "not implemented yet" not in r["message"]
    ]
    assert not wrong, (
        "on the stubs these did not fail as not implemented:\n" + "\n".join(wrong)
    )


@in_fresh_venv_instead
def test_reference_files_in_student_pass_everything(bundle, tmp_path):
    copy = tmp_path / "solved"
    shutil.copytree(bundle, copy)
    for path in (KIT_ROOT / "reference").glob("*.py"):
        shutil.copy(path, copy / "student" / path.name)
    records = run_pytest_in(copy)
    failing = [r["nodeid"] for r in records if r["outcome"] == "failed"]
    assert records and not failing, "\n".join(failing)


def test_notebook_with_reference_bodies_converts_to_the_reference(bundle):
    """A notebook's functions go back to their modules, magics skipped and noted."""
    import nbformat

    path = bundle / "notebooks" / "step2.ipynb"
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell("%matplotlib inline\n!ls"))
    edited = bundle.parent / "edited.ipynb"
    nbformat.write(notebook, str(edited))
    converted = convert_notebook(edited, kit_root=KIT_ROOT)
    assert list(converted.modules) == ["step2_feedforward.py"]
    assert any("%matplotlib" in note for note in converted.notes)
    assert "def softmax(u):" in converted.modules["step2_feedforward.py"]
