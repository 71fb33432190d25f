"""What a grading run writes: per-student results, feedback, and the gradebook.

Under the output folder::

    gradebook.csv                 one row per student, a column per task, total
    summary.txt                   the terminal summary table
    students/<id>/result.json     the kit's full record of the student's grading
    students/<id>/results.json    the same in Gradescope's format
    students/<id>/feedback.md     feedback for the student (Korean or English)
    students/<id>/output.txt      the head of what the student's code printed

Every file is written to a temporary name and renamed into place, so a file is
either complete or absent, and result.json is written last: its presence marks
the student as graded (the grader's resumption relies on that).
"""

import csv
import io
import json
import os
import tempfile
from pathlib import Path

STUDENTS_FOLDER = "students"
RESULT_FILE = "result.json"
GRADESCOPE_FILE = "results.json"
FEEDBACK_FILE = "feedback.md"
OUTPUT_FILE = "output.txt"
GRADEBOOK_FILE = "gradebook.csv"
SUMMARY_FILE = "summary.txt"
# Gradescope shows hidden tests once grades are published, not before.
HIDDEN_VISIBILITY = "after_published"

TEXT = {
    "ko": {
        "title": "채점 결과 (grading result)",
        "total": "총점 (total)",
        "task": "과제 (task)",
        "points": "점수 (points)",
        "tests": "통과한 테스트 (tests passed)",
        "notes": "알림 (notes)",
        "failures": "실패한 테스트 (failed tests)",
        "hidden": "숨은 테스트 (hidden test)",
        "hidden_failed": "실패 — 숨은 테스트는 결과와 점수만 알려 줍니다.",
        "all_passed": "모든 테스트를 통과했습니다.",
        "error": "채점할 수 없었습니다 (could not be graded)",
        "output": "코드가 출력한 내용 (what your code printed)",
    },
    "en": {
        "title": "Grading result",
        "total": "Total",
        "task": "Task",
        "points": "Points",
        "tests": "Tests passed",
        "notes": "Notes",
        "failures": "Failed tests",
        "hidden": "hidden test",
        "hidden_failed": "failed — hidden tests show only the outcome and points.",
        "all_passed": "Every test passed.",
        "error": "Could not be graded",
        "output": "What your code printed",
    },
}
LANGUAGES = tuple(TEXT)


def write_atomically(path, text):
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_points(value):
    """Points for people: 2 decimals at most, no trailing zeros (``12.5``, ``6``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def gradescope_results(result):
    """The Gradescope results.json of one student's result (a dict)."""
    tests = []
    for number, test in enumerate(result["tests"], start=1):
        hidden = test["hidden"]
        tests.append(
            {
                "name": f"{test['task']}: {test['name']}",
                "number": str(number),
                "score": round(test["score"], 4),
                "max_score": round(test["max_score"], 4),
                "status": test["status"],
                "output": test["status"] if hidden else test["output"],
                "visibility": HIDDEN_VISIBILITY if hidden else "visible",
            }
        )
    output = "\n".join(result["notes"])
    if result.get("error"):
        output = f"{result['error']}\n{output}".strip()
    return {
        "score": round(result["score"], 4),
        "execution_time": round(result["execution_time_s"], 2),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def feedback_markdown(result, lang="ko"):
    """The student's feedback: points per task, notes, each failure explained."""
    text = TEXT[lang]
    lines = [
        f"# {text['title']}: {result['student_id']}",
        "",
        f"**{text['total']}: {format_points(result['score'])} / "
        f"{format_points(result['max_score'])}**",
        "",
    ]
    if result.get("error"):
        lines += [f"**{text['error']}:** {result['error']}", ""]
    if result["notes"]:
        lines += [f"## {text['notes']}", ""]
        lines += [f"- {note}" for note in result["notes"]]
        lines.append("")
    lines += [
        f"| {text['task']} | {text['points']} | {text['tests']} |",
        "|---|---|---|",
    ]
    for task_id, task in result["tasks"].items():
        lines.append(
            f"| {task_id} {task['title']} | {format_points(task['score'])} / "
            f"{format_points(task['max_score'])} | {task['passed']} / {task['count']} |"
        )
    lines.append("")
    failed = [t for t in result["tests"] if t["status"] != "passed"]
    if not failed and not result.get("error"):
        lines += [text["all_passed"], ""]
    if failed:
        lines += [f"## {text['failures']}", ""]
    for test in failed:
        points = f"0 / {format_points(test['max_score'])}"
        if test["hidden"]:
            lines += [
                f"### {test['task']} — {text['hidden']} ({points})",
                "",
                text["hidden_failed"],
                "",
            ]
            continue
        lines += [f"### {test['task']} — `{test['name']}` ({points})", ""]
        lines += ["```text", test["output"].replace("```", "'''"), "```", ""]
    if result.get("output_head"):
        lines += [f"## {text['output']}", "", "```text"]
        lines += [result["output_head"].replace("```", "'''"), "```", ""]
    return "\n".join(lines)


def write_student(output_dir, result, *, output_text="", lang="ko"):
    """Write one student's files; result.json last (it marks the student done)."""
    folder = Path(output_dir) / STUDENTS_FOLDER / result["student_id"]
    write_atomically(folder / OUTPUT_FILE, output_text)
    write_atomically(
        folder / GRADESCOPE_FILE, json.dumps(gradescope_results(result), indent=1)
    )
    write_atomically(folder / FEEDBACK_FILE, feedback_markdown(result, lang))
    write_atomically(
        folder / RESULT_FILE, json.dumps(result, indent=1, ensure_ascii=False)
    )


def read_result(output_dir, student_id):
    """The stored result.json of a student, or None if absent or unreadable."""
    path = Path(output_dir) / STUDENTS_FOLDER / student_id / RESULT_FILE
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return result if isinstance(result, dict) else None


def stored_results(output_dir):
    """Every stored result under ``output_dir``, ordered by student id."""
    folder = Path(output_dir) / STUDENTS_FOLDER
    if not folder.is_dir():
        return []
    results = [read_result(output_dir, path.name) for path in sorted(folder.iterdir())]
    return [r for r in results if r is not None]


def gradebook_csv(results, task_ids):
    """gradebook.csv's text: student_id, one column per task, total, max, error."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["student_id", *task_ids, "total", "max_total", "error"])
    for result in results:
        scores = [
            format_points(result["tasks"].get(task_id, {}).get("score", 0.0))
            for task_id in task_ids
        ]
        writer.writerow(
            [
                result["student_id"],
                *scores,
                format_points(result["score"]),
                format_points(result["max_score"]),
                result.get("error") or "",
            ]
        )
    return stream.getvalue()


def summary_table(results, steps):
    """A plain-text table: a row per student, a column per STEP, the total."""
    header = ["student", *[f"STEP {s}" for s in steps], "total"]
    rows = []
    for result in results:
        per_step = {s: 0.0 for s in steps}
        for task in result["tasks"].values():
            per_step[task["step"]] = per_step.get(task["step"], 0.0) + task["score"]
        total = f"{format_points(result['score'])}/{format_points(result['max_score'])}"
        if result.get("error"):
            total += " (error)"
        rows.append(
            [result["student_id"], *[format_points(per_step[s]) for s in steps], total]
        )
    widths = [
        max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))
    ]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def write_batch_reports(output_dir, manifest):
    """gradebook.csv and summary.txt from every stored result; returns the table."""
    results = stored_results(output_dir)
    task_ids = list(manifest.tasks)
    steps = sorted({task.step for task in manifest.tasks.values()})
    write_atomically(
        Path(output_dir) / GRADEBOOK_FILE, gradebook_csv(results, task_ids)
    )
    table = summary_table(results, steps)
    write_atomically(Path(output_dir) / SUMMARY_FILE, table)
    return table
