"""Finding and preparing submissions: kinds, ids, duplicates, unsafe, broken."""

import json
import zipfile

import pytest

from dlstart_grader import KIT_ROOT
from dlstart_grader.submissions import (
    SubmissionError,
    find_submissions,
    prepare,
    student_id_of,
)
from grading_fixtures import STEP2, reference_copy, zip_folder


def test_student_id_is_the_name_without_suffix():
    assert student_id_of("kim_minji.ipynb") == "kim_minji"
    assert student_id_of("lee.zip") == "lee"
    assert student_id_of("park folder") == "park_folder"
    assert student_id_of("../..") == "unnamed"


def test_a_folder_of_submissions_gives_one_per_entry(tmp_path):
    batch = tmp_path / "batch"
    reference_copy(batch / "alice")
    zip_folder(reference_copy(tmp_path / "bob_src"), batch / "bob.zip")
    (batch / "carol.py").write_text("def softmax(u):\n    return u\n")
    (batch / "notes.txt").write_text("not a submission")
    found, problems = find_submissions([batch], kit_root=KIT_ROOT)
    assert {s.student_id: s.kind for s in found} == {
        "alice": "folder",
        "bob": "zip",
        "carol": "script",
    }
    assert problems == []


def test_a_folder_holding_modules_is_one_submission(tmp_path):
    folder = reference_copy(tmp_path / "dana")
    found, _ = find_submissions([folder], kit_root=KIT_ROOT)
    assert [(s.student_id, s.kind) for s in found] == [("dana", "folder")]


def test_duplicate_ids_and_missing_paths_are_problems_not_crashes(tmp_path):
    batch = tmp_path / "batch"
    reference_copy(batch / "erin")
    (batch / "erin.py").write_text("x = 1\n")
    reference_copy(batch / "frank")
    found, problems = find_submissions([batch, tmp_path / "nowhere"], kit_root=KIT_ROOT)
    assert [s.student_id for s in found] == ["frank"]
    assert any("erin" in p and "claimed by 2" in p for p in problems)
    assert any("nowhere" in p and "no such file" in p for p in problems)


def test_prepare_takes_modules_and_adds_the_kits_support_files(tmp_path):
    submission = find_submissions(
        [reference_copy(tmp_path / "gina")], kit_root=KIT_ROOT
    )[0][0]
    (submission.path / "validation.py").write_text("raise SystemExit('tampered')\n")
    prepared = prepare(submission, tmp_path / "out", kit_root=KIT_ROOT)
    names = sorted(p.name for p in prepared.folder.iterdir())
    assert STEP2 in names and "validation.py" in names
    assert "tampered" not in (prepared.folder / "validation.py").read_text()


def test_prepare_hash_follows_content_only(tmp_path):
    one = reference_copy(tmp_path / "a" / "same")
    two = reference_copy(tmp_path / "b" / "same")
    sub_one = find_submissions([one], kit_root=KIT_ROOT)[0][0]
    sub_two = find_submissions([two], kit_root=KIT_ROOT)[0][0]
    hash_one = prepare(sub_one, tmp_path / "p1", kit_root=KIT_ROOT).content_hash
    hash_two = prepare(sub_two, tmp_path / "p2", kit_root=KIT_ROOT).content_hash
    assert hash_one == hash_two
    with open(two / STEP2, "a") as stream:
        stream.write("\n# changed\n")
    hash_three = prepare(sub_two, tmp_path / "p3", kit_root=KIT_ROOT).content_hash
    assert hash_three != hash_one


@pytest.mark.parametrize(
    "member", ["../escape.py", "/etc/evil.py", "a/../../escape.py"]
)
def test_zip_members_escaping_the_folder_are_refused(tmp_path, member):
    path = tmp_path / "henry.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(STEP2, "x = 1\n")
        archive.writestr(member, "x = 2\n")
    submission = find_submissions([path], kit_root=KIT_ROOT)[0][0]
    with pytest.raises(SubmissionError, match="outside the zip"):
        prepare(submission, tmp_path / "out", kit_root=KIT_ROOT)
    assert not (tmp_path / "escape.py").exists()


def test_zip_symlinks_are_refused(tmp_path):
    path = tmp_path / "ivy.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(STEP2)
        info.external_attr = (0o120777) << 16
        archive.writestr(info, "/etc/passwd")
    submission = find_submissions([path], kit_root=KIT_ROOT)[0][0]
    with pytest.raises(SubmissionError, match="symbolic link"):
        prepare(submission, tmp_path / "out", kit_root=KIT_ROOT)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("jack.zip", b"PK\x03\x04 this is not a zip", "not a readable zip"),
        ("kate.ipynb", b"{ not json", "not a readable notebook"),
        ("liam.py", "def softmax(u):\n    return u  # é\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_broken_files_raise_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    submission = find_submissions([path], kit_root=KIT_ROOT)[0][0]
    with pytest.raises(SubmissionError, match=message):
        prepare(submission, tmp_path / "out", kit_root=KIT_ROOT)


def test_notebook_magics_are_skipped_with_a_note(tmp_path):
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "%matplotlib inline\n!pip install numpy\n"
                "def softmax(u):\n    return u\n",
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "mia.ipynb"
    path.write_text(json.dumps(notebook))
    submission = find_submissions([path], kit_root=KIT_ROOT)[0][0]
    prepared = prepare(submission, tmp_path / "out", kit_root=KIT_ROOT)
    assert any("%matplotlib" in note for note in prepared.notes)
    assert any("!pip" in note for note in prepared.notes)
    assert "def softmax(u):" in (prepared.folder / STEP2).read_text()


def test_empty_submission_is_prepared_with_a_note(tmp_path):
    empty = tmp_path / "noah"
    empty.mkdir()
    (empty / "README.txt").write_text("nothing here")
    submission = find_submissions([tmp_path], kit_root=KIT_ROOT)[0][0]
    prepared = prepare(submission, tmp_path / "out", kit_root=KIT_ROOT)
    assert any("no module of the kit" in note for note in prepared.notes)
