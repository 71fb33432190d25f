"""Points from test records: each task's points shared by its graded tests.

A record (one per test, from dlstart_check.plugin's --results-json) has nodeid,
task, hidden, contract, outcome, message and seconds. A task's points are split
equally among its graded tests (those with the task's marker that are not
contract checks); a passed test earns its share, anything else earns nothing.
A skipped graded test leaves the split (the kit skips only for reasons of its
own, never because of the student's code), and says so in the notes.
"""

import re

# Failure text is for people: a readable head of it, never pages.
SUMMARY_MAX_LINES = 40
SUMMARY_MAX_CHARS = 3000
# Parts of pytest's text that differ between two runs of the same submission
# (object addresses, temporary folders) are masked, so results are identical.
_VOLATILE = [
    (re.compile(r" at 0x[0-9a-fA-F]+"), " at 0x…"),
    (re.compile(r"/tmp/[\w.-]*dlstart[\w.-]*(/[\w.-]+)*"), "<tmp>"),
]


def test_name(nodeid):
    """A short readable test name: ``test_activations.py::TestSigmoid::test_x``."""
    return nodeid.split("/")[-1]


def failure_summary(message, kit_root=None):
    """What a failure says, without the traceback: the ``E`` lines, or the text.

    pytest prints the failing source with ``>`` and the exception's lines with
    ``E``; the exception's lines are the kit's message (checked, input,
    expected, got). A one-line message (a stub's "not implemented yet") is kept
    as it is.
    """
    lines = message.splitlines()
    error_lines = [
        line[4:] if line.startswith("E   ") else line[1:]
        for line in lines
        if line.startswith("E")
    ]
    text = "\n".join(error_lines) if error_lines else message.strip()
    if kit_root is not None:
        text = text.replace(str(kit_root) + "/", "")
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    kept = text.splitlines()
    if len(kept) > SUMMARY_MAX_LINES:
        kept = kept[:SUMMARY_MAX_LINES] + ["...(truncated)"]
    text = "\n".join(kept)
    if len(text) > SUMMARY_MAX_CHARS:
        text = text[:SUMMARY_MAX_CHARS] + "\n...(truncated)"
    return text


def score_records(records, manifest, kit_root=None):
    """Per-test and per-task points of one submission.

    Returns
    -------
    tests : list of dicts (name, nodeid, task, hidden, status, score, max_score,
        output, seconds), in the order the tests ran
    tasks : dict task id -> dict (title, step, score, max_score, passed, count)
    notes : list of str
    """
    graded = [
        r
        for r in records
        if r.get("task") in manifest.tasks
        and not r.get("contract")
        and r.get("outcome") != "skipped"
    ]
    notes = []
    skipped = [r for r in records if r.get("task") and r.get("outcome") == "skipped"]
    if skipped:
        notes.append(f"{len(skipped)} graded test(s) were skipped and not counted")
    counts = {}
    for record in graded:
        counts[record["task"]] = counts.get(record["task"], 0) + 1
    tests = []
    for record in graded:
        task = manifest.tasks[record["task"]]
        share = task.points / counts[task.id]
        passed = record.get("outcome") == "passed"
        tests.append(
            {
                "name": test_name(record["nodeid"]),
                "nodeid": record["nodeid"],
                "task": task.id,
                "hidden": bool(record.get("hidden")),
                "status": "passed" if passed else "failed",
                "score": share if passed else 0.0,
                "max_score": share,
                "output": ""
                if passed
                else failure_summary(record.get("message", ""), kit_root),
                "seconds": record.get("seconds", 0.0),
            }
        )
    tasks = {}
    for task in manifest.tasks.values():
        own = [t for t in tests if t["task"] == task.id]
        tasks[task.id] = {
            "title": task.title,
            "step": task.step,
            "score": round(sum(t["score"] for t in own), 6),
            "max_score": task.points,
            "passed": sum(t["status"] == "passed" for t in own),
            "count": len(own),
        }
        if not own:
            notes.append(f"task {task.id}: no graded test ran; 0 points")
    return tests, tasks, notes
