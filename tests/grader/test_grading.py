"""Batch grading end to end: scores, reports, resumption, locking, determinism.

Each run grades the softmax tests only (conftest.quick_options), so a batch
takes seconds.
"""

import csv
import json
import os
import signal
import subprocess
import time

import pytest

from dlstart_grader import KIT_ROOT
from dlstart_grader.grading import GradingError, OutputLock, grade_batch
from dlstart_grader.reports import read_result
from grading_fixtures import (
    SOFTMAX_POINTS,
    SOFTMAX_TESTS,
    grade_command,
    quick_options,
    reference_copy,
    with_softmax,
    zip_folder,
)

NO_MAX_SHIFT = """\
    e = np.exp(u)
    return e / np.sum(e, axis=-1, keepdims=True)
"""


def grade(batch, output, **changes):
    return grade_batch(
        [batch], output, kit_root=KIT_ROOT, options=quick_options(**changes)
    )


def softmax_score(output, student_id):
    result = read_result(output, student_id)
    return result["tasks"]["step2.softmax"]["score"]


@pytest.fixture(scope="module")
def graded_batch(tmp_path_factory):
    """A batch of four graded once: correct, buggy, stub, corrupt zip."""
    root = tmp_path_factory.mktemp("batch")
    batch = root / "submissions"
    reference_copy(batch / "correct")
    with_softmax(batch / "buggy", NO_MAX_SHIFT)
    with_softmax(batch / "stub", "    raise NotImplementedError('not implemented yet')")
    (batch / "broken.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    output = root / "out"
    outcome = grade(batch, output)
    return batch, output, outcome


def test_scores_follow_the_code(graded_batch):
    _, output, outcome = graded_batch
    assert sorted(outcome.graded) == ["broken", "buggy", "correct", "stub"]
    assert softmax_score(output, "correct") == SOFTMAX_POINTS
    assert 0 < softmax_score(output, "buggy") < SOFTMAX_POINTS
    assert softmax_score(output, "stub") == 0
    broken = read_result(output, "broken")
    assert broken["score"] == 0 and "not a readable zip" in broken["error"]


def test_gradebook_has_a_row_per_student_and_a_column_per_task(graded_batch):
    _, output, _ = graded_batch
    with open(output / "gradebook.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["student_id"] for row in rows] == ["broken", "buggy", "correct", "stub"]
    correct = next(row for row in rows if row["student_id"] == "correct")
    assert float(correct["step2.softmax"]) == SOFTMAX_POINTS
    assert float(correct["total"]) == SOFTMAX_POINTS
    assert "not a readable zip" in rows[0]["error"]


def test_gradescope_results_have_the_documented_fields(graded_batch):
    _, output, _ = graded_batch
    results = json.loads(
        (output / "students" / "buggy" / "results.json").read_text(encoding="utf-8")
    )
    assert {"score", "execution_time", "output", "visibility", "tests"} <= set(results)
    assert results["tests"], "no tests in results.json"
    for test in results["tests"]:
        assert {
            "name",
            "number",
            "score",
            "max_score",
            "status",
            "output",
            "visibility",
        } <= set(test)
        assert test["status"] in ("passed", "failed")
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert failed and all(t["score"] == 0 for t in failed)
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(
        SOFTMAX_POINTS
    )


def test_feedback_says_what_was_checked_on_which_input(graded_batch):
    _, output, _ = graded_batch
    feedback = (output / "students" / "buggy" / "feedback.md").read_text(
        encoding="utf-8"
    )
    assert "checked:" in feedback and "on input:" in feedback
    assert "채점 결과" in feedback
    stub = (output / "students" / "stub" / "feedback.md").read_text(encoding="utf-8")
    assert "not implemented yet" in stub


def test_rerun_skips_unchanged_and_regrades_changed(graded_batch, tmp_path):
    batch, output, _ = graded_batch
    before = read_result(output, "correct")
    outcome = grade(batch, output)
    assert sorted(outcome.skipped) == ["broken", "buggy", "correct", "stub"]
    assert outcome.graded == []
    assert read_result(output, "correct") == before
    forced = grade(batch, output, force=True)
    assert sorted(forced.graded) == ["broken", "buggy", "correct", "stub"]


def test_grading_is_deterministic(graded_batch, tmp_path):
    batch, output, _ = graded_batch
    again = tmp_path / "again"
    grade(batch, again)
    for student_id in ("correct", "buggy", "stub", "broken"):
        first, second = read_result(output, student_id), read_result(again, student_id)
        for result in (first, second):
            result.pop("execution_time_s")
            for test in result["tests"]:
                test.pop("seconds")
        assert first == second, f"{student_id}: two gradings differ"


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    output = tmp_path / "out"
    output.write_text("precious")
    with pytest.raises(GradingError, match="not a folder"):
        grade(tmp_path, output)
    assert output.read_text() == "precious"


def test_second_run_on_a_locked_output_is_refused(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    reference_copy(tmp_path / "batch" / "olga")
    with OutputLock(output):
        with pytest.raises(GradingError, match="another grading run"):
            grade(tmp_path / "batch", output)


def test_zip_and_script_submissions_grade_like_folders(tmp_path):
    source = reference_copy(tmp_path / "src" / "pat")
    batch = tmp_path / "batch"
    batch.mkdir()
    zip_folder(source, batch / "pat.zip")
    text = (source / "step2_feedforward.py").read_text(encoding="utf-8")
    # A single .py holds the module's functions; its own imports are ignored
    # and the kit's header is used.
    (batch / "quinn.py").write_text(text, encoding="utf-8")
    grade(batch, tmp_path / "out")
    assert softmax_score(tmp_path / "out", "pat") == SOFTMAX_POINTS
    assert softmax_score(tmp_path / "out", "quinn") == SOFTMAX_POINTS


def test_sigkill_midway_loses_nothing_finished(tmp_path):
    """Kill the grader after the first result; the rerun grades only the rest."""
    batch = tmp_path / "batch"
    for name in ("s1", "s2", "s3"):
        reference_copy(batch / name)
    output = tmp_path / "out"
    command = grade_command(batch, output)
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    first = output / "students" / "s1" / "result.json"
    while not first.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert first.exists(), "the first submission never finished"
    finished = {p.parent.name for p in (output / "students").glob("*/result.json")}
    before = {name: read_result(output, name) for name in finished}
    outcome = grade(batch, output)
    assert set(outcome.skipped) == finished
    assert set(outcome.graded) == {"s1", "s2", "s3"} - finished
    for name in finished:
        assert read_result(output, name) == before[name]
    for name in ("s1", "s2", "s3"):
        assert softmax_score(output, name) == SOFTMAX_POINTS


HIDDEN_SOFTMAX = (
    str(KIT_ROOT / "tests" / "hidden" / "step2" / "test_hidden_step2.py")
    + "::test_softmax_of_equal_very_negative_scores_is_uniform"
)


def test_hidden_failures_show_only_outcome_and_points(tmp_path):
    batch = tmp_path / "batch"
    with_softmax(batch / "hugo", NO_MAX_SHIFT)
    output = tmp_path / "out"
    grade(batch, output, test_paths=(SOFTMAX_TESTS, HIDDEN_SOFTMAX))
    result = read_result(output, "hugo")
    hidden = [t for t in result["tests"] if t["hidden"]]
    assert len(hidden) == 1 and hidden[0]["status"] == "failed"
    folder = output / "students" / "hugo"
    feedback = (folder / "feedback.md").read_text(encoding="utf-8")
    assert "숨은 테스트" in feedback
    assert "very_negative" not in feedback and "-1e4" not in feedback
    gradescope = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    entry = next(t for t in gradescope["tests"] if "very_negative" in t["name"])
    assert entry["visibility"] == "after_published"
    assert entry["output"] == "failed"
