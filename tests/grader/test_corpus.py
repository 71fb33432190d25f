"""The hostile corpus: every case graded in one batch gets its exact score.

tests/grader/corpus/expected.toml lists each case with the score it must get
on the softmax tests, the guarantee it exercises (docs/threat-model.md) and a
note. A case of kind "softmax" is cases/<name>.py put in place of the
reference's softmax; a case of kind "built" is made here (notebooks, zips,
empty submissions). After the batch: the kit, the corpus, the other students'
folders and the output folder's sentinel are unchanged, and no process the
corpus started is still running.
"""

import hashlib
import json
import socket
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from dlstart_grader import KIT_ROOT
from dlstart_grader.grading import LOCK_FILE, grade_batch
from dlstart_grader.remote import Limits, worker_sandbox
from dlstart_grader.reports import read_result
from grading_fixtures import (
    SOFTMAX_HEAD,
    SOFTMAX_POINTS,
    STEP2,
    grade_command,
    quick_options,
    reference_copy,
)

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
SANDBOX = worker_sandbox()
# Marker in the command line of every process a corpus case starts on purpose.
STRAY_MARKER = b"dlstart-corpus-stray"
SENTINEL = "sentinel.txt"
SENTINEL_TEXT = "must stay as it is\n"
# Short limits keep the hanging cases to seconds: the whole batch of about
# sixty cases takes about two minutes on two shared cores.
CORPUS_LIMITS = Limits(
    memory_mb=512,
    cpu_s=30,
    file_mb=8,
    call_timeout_s=1.0,
    startup_s=6.0,
    max_call_s=1.0,
)
# What the hostile cases rewrite or delete when nothing stops them. Files, not
# whole folders: other people may edit the kit while the corpus runs.
PROTECTED_KIT_FILES = (
    "tests/step2/test_softmax.py",
    "tests/step2/test_activations.py",
    "reference/step2_feedforward.py",
    "reference/validation.py",
    "tasks/step2.toml",
)
# The batch's wall-clock bound: about 2 to 4 minutes on two shared cores; far
# more means a limit stopped working.
BATCH_SECONDS_LIMIT = 300
OUTPUT_TXT_LIMIT = 8 * 2**20


def graded_cases():
    """Cases graded on this machine (destructive ones only inside the sandbox)."""
    return [
        name
        for name, case in EXPECTED.items()
        if SANDBOX or not case.get("requires_sandbox")
    ]


def expected_score(name):
    case = EXPECTED[name]
    if not SANDBOX and "score_without_sandbox" in case:
        return case["score_without_sandbox"]
    return case["score"]


def folder_digest(folder):
    """A hash of every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def kit_digests():
    """A hash of each protected kit file (None for a missing one)."""
    digests = {}
    for name in PROTECTED_KIT_FILES:
        path = KIT_ROOT / name
        digests[name] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        )
    return digests


def with_case_softmax(folder, case_text):
    """The reference's STEP 2 module with softmax replaced by ``case_text``."""
    folder = reference_copy(folder)
    path = folder / STEP2
    text = path.read_bytes()
    start = text.index(SOFTMAX_HEAD.encode())
    end = text.index(b"\ndef ", start + 1)
    path.write_bytes(text[:start] + case_text + b"\n\n" + text[end + 1 :])


def notebook(cells):
    return json.dumps(
        {
            "cells": [
                {
                    "id": f"cell{number}",
                    "cell_type": "code",
                    "metadata": {},
                    "source": source,
                    "outputs": [],
                    "execution_count": None,
                }
                for number, source in enumerate(cells)
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def build_case(name, batch, port):
    """Write case ``name`` into ``batch`` as the grader will find it."""
    if EXPECTED[name].get("kind", "softmax") == "softmax":
        text = (CORPUS / "cases" / f"{name}.py").read_bytes()
        text = text.replace(b"PORT", str(port).encode())
        with_case_softmax(batch / name, text)
    elif name == "victim":
        reference_copy(batch / name)
        (batch / name / SENTINEL).write_text(SENTINEL_TEXT)
    elif name == "corrupt_notebook":
        (batch / f"{name}.ipynb").write_text('{"cells": [ not json')
    elif name == "notebook_magics":
        softmax = (CORPUS / "cases" / "honest_reference.py").read_text()
        cells = ["!pip install numpy\n%matplotlib inline", "%%time\nx = 1", softmax]
        (batch / f"{name}.ipynb").write_text(notebook(cells))
    elif name == "zip_slip":
        with zipfile.ZipFile(batch / f"{name}.zip", "w") as archive:
            archive.writestr("../../escaped.py", "print('escaped')\n")
            archive.write(KIT_ROOT / "reference" / STEP2, f"{name}/{STEP2}")
    elif name == "empty_folder":
        (batch / name).mkdir()
    elif name == "empty_script":
        (batch / f"{name}.py").write_text("")
    else:
        raise ValueError(f"corpus case {name!r} has no builder")


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


def stray_processes():
    """Command lines of live processes that carry the corpus's marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if STRAY_MARKER in command and state != "Z":
            found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """The whole corpus graded once, with what was protected before and after."""
    root = tmp_path_factory.mktemp("corpus")
    batch, output = root / "submissions", root / "out"
    batch.mkdir()
    output.mkdir()
    (output / SENTINEL).write_text(SENTINEL_TEXT)
    listener = Listener()
    names = graded_cases()
    for name in names:
        build_case(name, batch, listener.port)
    before = {"kit": kit_digests(), "corpus": folder_digest(CORPUS)}
    start = time.monotonic()
    try:
        outcome = grade_batch(
            [batch],
            output,
            kit_root=KIT_ROOT,
            options=quick_options(
                workers=2, limits=CORPUS_LIMITS, submission_timeout_s=120.0
            ),
        )
    finally:
        listener.close()
    return {
        "names": names,
        "batch": batch,
        "output": output,
        "outcome": outcome,
        "before": before,
        "after": {"kit": kit_digests(), "corpus": folder_digest(CORPUS)},
        "strays": stray_processes(),
        "connections": listener.connections,
        "seconds": time.monotonic() - start,
    }


def test_the_corpus_is_large_and_every_case_is_described():
    assert len(EXPECTED) >= 40, f"only {len(EXPECTED)} corpus cases"
    for name, case in EXPECTED.items():
        assert {"score", "guarantee", "note"} <= set(case), f"{name}: {case}"
        if case.get("kind", "softmax") == "softmax":
            assert (CORPUS / "cases" / f"{name}.py").is_file(), name
    on_disk = {path.stem for path in (CORPUS / "cases").glob("*.py")}
    assert on_disk <= set(EXPECTED), (
        f"cases without an entry: {on_disk - set(EXPECTED)}"
    )


def test_the_batch_finishes_and_grades_every_case(corpus_run):
    outcome = corpus_run["outcome"]
    assert outcome.problems == [], f"problems: {outcome.problems}"
    assert sorted(outcome.graded) == sorted(corpus_run["names"])
    assert corpus_run["seconds"] < BATCH_SECONDS_LIMIT, (
        f"the corpus batch took {corpus_run['seconds']:.0f} s"
    )


@pytest.mark.parametrize(
    "name", ["hang_import_loop", "hang_import_sleep", "hang_import_deadlock"]
)
def test_a_module_that_hangs_at_import_costs_one_time_limit(corpus_run, name):
    """Later lookups of the same module fail at once, not after another wait."""
    result = read_result(corpus_run["output"], name)
    waits = [t["name"] for t in result["tests"] if t["seconds"] > 1.0]
    assert len(waits) == 1, f"{name}: tests that waited: {waits}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_case_gets_its_exact_score(corpus_run, name):
    if name not in corpus_run["names"]:
        pytest.skip(f"{name} is graded only in the sandbox (root, namespaces)")
    result = read_result(corpus_run["output"], name)
    assert result is not None, f"{name}: no result.json"
    expected = expected_score(name)
    assert result["score"] == pytest.approx(expected, abs=1e-9), (
        f"corpus case {name} ({EXPECTED[name]['note']}): expected exactly "
        f"{expected} points, got {result['score']}; error={result['error']!r}; "
        f"tests={[(t['name'], t['status']) for t in result['tests']]}"
    )


def test_kit_corpus_and_other_students_are_untouched(corpus_run):
    assert corpus_run["after"] == corpus_run["before"]
    victim = corpus_run["batch"] / "victim"
    assert (victim / SENTINEL).read_text() == SENTINEL_TEXT
    reference = (KIT_ROOT / "reference" / STEP2).read_bytes()
    assert (victim / STEP2).read_bytes() == reference
    assert (corpus_run["output"] / SENTINEL).read_text() == SENTINEL_TEXT
    assert not (corpus_run["batch"].parent / "escaped.py").exists()
    assert not (corpus_run["batch"] / "escaped.py").exists()


def test_nothing_the_corpus_started_is_left_running(corpus_run):
    assert corpus_run["strays"] == []


def test_printed_output_is_capped(corpus_run):
    path = corpus_run["output"] / "students" / "huge_output" / "output.txt"
    assert path.stat().st_size <= OUTPUT_TXT_LIMIT
    forged = read_result(corpus_run["output"], "forge_stdout")
    assert "TOTAL: 6.0 / 6.0" in forged["output_head"] and forged["score"] == 0


def test_no_connection_reaches_the_network(corpus_run):
    """The worker's audit hook refuses connections (the sandbox has no network)."""
    assert corpus_run["connections"] == 0


def test_two_concurrent_runs_on_one_output_do_not_mix(tmp_path):
    """Two real grader processes at once: one grades, the other is refused."""
    batch = tmp_path / "batch"
    for name in ("t1", "t2", "t3"):
        reference_copy(batch / name)
    output = tmp_path / "out"
    command = grade_command(batch, output)
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    texts = [run.communicate(timeout=300)[0] for run in runs]
    codes = sorted(run.returncode for run in runs)
    assert codes[0] == 0 and codes[1] != 0, f"exit codes {codes}:\n{texts}"
    assert any("another grading run" in text for text in texts), texts
    for name in ("t1", "t2", "t3"):
        result = read_result(output, name)
        assert result is not None and result["score"] == SOFTMAX_POINTS, (
            f"{name}: {result}"
        )
    leftovers = [p.name for p in output.rglob(".*") if p.name != LOCK_FILE]
    assert leftovers == [], f"temporary files left: {leftovers}"
