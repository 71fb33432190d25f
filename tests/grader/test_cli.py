"""The ``dlstart`` command line: exit statuses and messages for bad input."""

import logging

from dlstart_grader.cli import main
from grading_fixtures import SOFTMAX_TESTS, reference_copy


def test_template_check_passes_on_the_repository():
    assert main(["template", "--check"]) == 0


def test_grade_reports_a_missing_path_and_exits_2(tmp_path, caplog):
    with caplog.at_level(logging.ERROR):
        status = main(["grade", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o")])
    assert status == 2
    assert "no such file or folder" in caplog.text


def test_grade_refuses_an_output_that_is_a_file(tmp_path, caplog):
    output = tmp_path / "out.txt"
    output.write_text("keep me")
    reference_copy(tmp_path / "batch" / "ann")
    with caplog.at_level(logging.ERROR):
        status = main(["grade", str(tmp_path / "batch"), "-o", str(output)])
    assert status == 2 and "not a folder" in caplog.text
    assert output.read_text() == "keep me"


def test_grade_prints_the_summary_table(tmp_path, capsys):
    reference_copy(tmp_path / "batch" / "ben")
    status = main(
        [
            "grade",
            str(tmp_path / "batch"),
            "-o",
            str(tmp_path / "out"),
            "--tests",
            SOFTMAX_TESTS,
            "--lang",
            "en",
        ]
    )
    assert status == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[0] == "student" and "ben" in table
    feedback = (tmp_path / "out" / "students" / "ben" / "feedback.md").read_text()
    assert feedback.startswith("# Grading result: ben")


def test_release_refuses_to_overwrite(tmp_path, caplog):
    destination = tmp_path / "release"
    destination.mkdir()
    (destination / "my_work.py").write_text("precious")
    with caplog.at_level(logging.ERROR):
        assert main(["release", str(destination)]) == 2
    assert "exists" in caplog.text
    assert (destination / "my_work.py").read_text() == "precious"


def test_experiment_runs_by_name(capsys):
    assert main(["experiment", "linear-collapse", "--quick"]) == 0
    assert "claim holds: yes" in capsys.readouterr().out
