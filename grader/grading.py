"""Grading a batch of submissions: isolated, resumable, parallel.

For each submission: prepare its modules in a scratch folder (submissions.py),
run the kit's tests on it in a fresh trusted child process
(``python -m dlstart_grader.run_tests``), whose calls of student functions go to
a separate worker process (remote.py, worker.py); score the records
(scoring.py) and write the student's files (reports.py). The student's code
never runs in this process or in the test process.

Resumable: a student's result.json carries a hash of the prepared submission and
of the kit's tests and manifests; a rerun skips every student whose hash is
unchanged (``force`` regrades). Results are written atomically as each
submission finishes, so killing the grader, even with SIGKILL, loses only the
submissions in progress. An exclusive lock on the output folder keeps two runs
from writing into it at once.
"""

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from . import protocol, reports
from .manifest import load_manifest
from .release import PRIVATE_TEST_FOLDERS
from .remote import Limits
from .scoring import score_records
from .submissions import (
    SubmissionError,
    find_submissions,
    prepare,
    remove_tree,
)

logger = logging.getLogger(__name__)

LOCK_FILE = ".dlstart-grading.lock"
OUTPUT_HEAD_CHARS = 4000
# Test folders that do not grade students: those kept out of the release,
# except the hidden tests, which grade.
KIT_ONLY_TEST_FOLDERS = frozenset(PRIVATE_TEST_FOLDERS) - {"hidden"}
RESULT_FORMAT = 1


class GradingError(RuntimeError):
    """The batch cannot be graded at all (bad output folder, lock held, ...)."""


@dataclass(frozen=True)
class GradingOptions:
    """How to grade.

    workers : submissions graded at once (each uses two processes)
    force : regrade submissions whose result is already stored and unchanged
    lang : "ko" or "en", the language of the feedback
    limits : resource limits of each worker process
    submission_timeout_s : wall-clock limit of one submission's whole test run
    test_paths : test files or folders (relative to the kit) to run, or None
        for every graded test
    scheduler : address of a Dask distributed scheduler, or None for local
        processes; its workers must see the kit and the grader's scratch
        folder at the same paths (one machine, or a shared file system)
    batch_gradients : send a numerical gradient's calls of the submission in
        one request (grader/batching.py); the grades are the same either way
    spin_s : how long each end of a call polls before sleeping, or None to
        decide by the cores: protocol.SPIN_S when every process of the grading
        has a core (2 × workers ≤ cores, local processes), else 0
    """

    workers: int = 1
    force: bool = False
    lang: str = "ko"
    limits: Limits = field(default_factory=Limits)
    submission_timeout_s: float = 1800.0
    test_paths: tuple = ()
    scheduler: str = None
    batch_gradients: bool = True
    spin_s: float = None


@dataclass
class BatchOutcome:
    """What a batch did: counts, problems found, and the summary table."""

    graded: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    table: str = ""


def kit_fingerprint(kit_root):
    """A hash of what decides a grade besides the submission: tests and manifests."""
    kit_root = Path(kit_root)
    digest = hashlib.sha256(f"format {RESULT_FORMAT}".encode())
    paths = sorted((kit_root / "tests").rglob("*.py"))
    paths += sorted((kit_root / "tasks").glob("*.toml"))
    for path in paths:
        relative = path.relative_to(kit_root)
        if KIT_ONLY_TEST_FOLDERS.intersection(relative.parts):
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class OutputLock:
    """An exclusive, non-blocking lock on the output folder for one run.

    flock is released by the kernel when the process dies, so a killed run
    never leaves a stale lock behind.
    """

    def __init__(self, output_dir):
        self.path = Path(output_dir) / LOCK_FILE
        self.handle = None

    def __enter__(self):
        import fcntl  # POSIX only: the grader runs on Linux or macOS

        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            raise GradingError(
                f"another grading run is writing to {self.path.parent} "
                "(its lock is held); wait for it to finish or choose another --output"
            ) from None
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _check_output_folder(output_dir):
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise GradingError(f"--output {output_dir} exists and is not a folder")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise GradingError(f"cannot create --output {output_dir}: {error}") from None
    return output_dir


def _raw_hash(path):
    """A hash of a submission as it is on disk (for one that cannot be prepared)."""
    digest = hashlib.sha256()
    path = Path(path)
    files = (
        sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    )
    for file in files:
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def grade_batch(paths, output_dir, *, kit_root, options=None, progress=None):
    """Grade every submission under ``paths`` into ``output_dir``.

    Parameters
    ----------
    paths : list of paths, each a submission or a folder of submissions
    output_dir : folder for the reports (created if needed)
    kit_root : the kit's folder (tests/, tasks/)
    options : GradingOptions
    progress : optional callable(done, total, student_id) called as each
        submission finishes

    Returns a BatchOutcome. Raises GradingError when nothing can be graded
    (output folder unusable, another run holds its lock, manifests broken).
    """
    options = options or GradingOptions()
    kit_root = Path(kit_root)
    output_dir = _check_output_folder(output_dir)
    manifest = load_manifest(kit_root / "tasks")
    outcome = BatchOutcome()
    with OutputLock(output_dir):
        submissions, problems = find_submissions(paths, kit_root=kit_root)
        outcome.problems += problems
        for problem in problems:
            logger.error("%s", problem)
        fingerprint = kit_fingerprint(kit_root)
        with tempfile.TemporaryDirectory(prefix="dlstart-grading-") as scratch:
            jobs = []
            for submission in submissions:
                job = _plan(submission, Path(scratch), kit_root, fingerprint)
                stored = reports.read_result(output_dir, submission.student_id)
                if (
                    not options.force
                    and stored is not None
                    and stored.get("hash") == job["hash"]
                ):
                    logger.info(
                        "%s: unchanged since it was graded; skipped",
                        submission.student_id,
                    )
                    outcome.skipped.append(submission.student_id)
                    remove_tree(job["folder"])
                    continue
                jobs.append(job)
            _run_jobs(jobs, output_dir, kit_root, manifest, options, outcome, progress)
        outcome.table = reports.write_batch_reports(output_dir, manifest)
    return outcome


def _plan(submission, scratch, kit_root, fingerprint):
    """Prepare one submission; the job to run (or to record as unreadable)."""
    folder = scratch / submission.student_id
    job = {"submission": submission, "folder": folder, "notes": [], "error": None}
    try:
        prepared = prepare(submission, folder, kit_root=kit_root)
    except (SubmissionError, OSError) as error:
        job["error"] = str(error)
        content = _raw_hash(submission.path)
    else:
        job["notes"] = prepared.notes
        content = prepared.content_hash
    job["hash"] = hashlib.sha256(f"{content}:{fingerprint}".encode()).hexdigest()
    return job


def _run_jobs(jobs, output_dir, kit_root, manifest, options, outcome, progress):
    total = len(jobs)
    if not total:
        return
    for done, (job, future) in enumerate(
        _completed(jobs, kit_root, manifest, options), start=1
    ):
        student_id = job["submission"].student_id
        try:
            result, output_text = future.result()
        except Exception as error:  # a fault of the grader: report, go on
            logger.exception("%s: grading failed", student_id)
            outcome.problems.append(f"{student_id}: grading failed: {error}")
        else:
            reports.write_student(
                output_dir, result, output_text=output_text, lang=options.lang
            )
            outcome.graded.append(student_id)
            logger.info(
                "[%d/%d] %s: %s / %s (%.1f s)",
                done,
                total,
                student_id,
                reports.format_points(result["score"]),
                reports.format_points(result["max_score"]),
                result["execution_time_s"],
            )
        finally:
            remove_tree(job["folder"])
        if progress is not None:
            progress(done, total, student_id)


def _completed(jobs, kit_root, manifest, options):
    """(job, future) pairs as the jobs finish, on local threads or on Dask.

    Either way a job's heavy work happens in the child processes it starts;
    the results are written here, by the one process that holds the lock.
    """
    if options.scheduler:
        try:
            from distributed import Client
            from distributed import as_completed as dask_completed
        except ImportError:
            raise GradingError(
                "--scheduler needs the optional extra: pip install 'dlstart-kit[dask]'"
            ) from None
        with Client(options.scheduler) as client:
            futures = {
                client.submit(
                    _grade_job, job, kit_root, manifest, options, pure=False
                ): job
                for job in jobs
            }
            for future in dask_completed(futures):
                yield futures[future], future
        return
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        futures = {
            pool.submit(_grade_job, job, kit_root, manifest, options): job
            for job in jobs
        }
        for future in as_completed(futures):
            yield futures[future], future


def _spin_s(options):
    """The polling time of a run's calls (see GradingOptions.spin_s)."""
    if options.spin_s is not None:
        return float(options.spin_s)
    # Polling takes a core; with more processes than cores it slows the others
    # (measured: a batch with two workers on two cores gained nothing from it).
    if options.scheduler is None and 2 * options.workers <= (os.cpu_count() or 1):
        return protocol.SPIN_S
    return 0.0


def _grade_job(job, kit_root, manifest, options):
    """Run one submission's tests and score them: (result dict, printed text)."""
    submission = job["submission"]
    start = time.monotonic()
    records, output_text, error = [], "", job["error"]
    if error is None:
        records, output_text, error = run_submission(
            job["folder"], submission.student_id, kit_root=kit_root, options=options
        )
    tests, tasks, notes = score_records(records, manifest, kit_root)
    result = {
        "student_id": submission.student_id,
        "source": submission.path.name,
        "kind": submission.kind,
        "hash": job["hash"],
        "score": round(sum(t["score"] for t in tasks.values()), 6),
        "max_score": manifest.total_points,
        "error": error,
        "notes": job["notes"] + ([] if error else notes),
        "tasks": tasks,
        "tests": tests,
        "execution_time_s": round(time.monotonic() - start, 3),
        "output_head": output_text[:OUTPUT_HEAD_CHARS],
    }
    return result, output_text


def run_submission(folder, student_id, *, kit_root, options):
    """Run the kit's graded tests on the prepared ``folder`` in a child process.

    Returns ``(records, printed_text, error)``: the per-test records, the head of
    what the student's code printed, and None or a message when the run itself
    failed (then the records are whatever was written, usually none).
    """
    kit_root = Path(kit_root)
    with tempfile.TemporaryDirectory(prefix="dlstart-run-") as run_dir:
        run_dir = Path(run_dir)
        spec = {
            "folder": str(folder),
            "label": student_id,
            "kit_root": str(kit_root),
            "test_paths": list(options.test_paths) or [str(kit_root / "tests")],
            "pytest_args": [],
            "results_json": str(run_dir / "results.json"),
            "output_txt": str(run_dir / "output.txt"),
            "limits": asdict(replace(options.limits, spin_s=_spin_s(options))),
            "call_timeout_s": None,
            "batch_gradients": options.batch_gradients,
        }
        spec_path = run_dir / "spec.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        command = [sys.executable, "-m", "dlstart_grader.run_tests", str(spec_path)]
        env = dict(os.environ, DLSTART_HYPOTHESIS_PROFILE="grading")
        error = None
        try:
            completed = subprocess.run(
                command,
                cwd=kit_root,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=options.submission_timeout_s,
            )
            logger.debug("%s: pytest said:\n%s", student_id, completed.stdout[-5000:])
            if completed.returncode not in (0, 1):
                error = (
                    f"the test run ended with status {completed.returncode}: "
                    f"{(completed.stderr or completed.stdout)[-1500:]}"
                )
        except subprocess.TimeoutExpired:
            error = (
                f"the whole test run took longer than "
                f"{options.submission_timeout_s:g} s and was stopped"
            )
        records = []
        results_path = Path(spec["results_json"])
        # Results of a run that did not end normally are not trusted: student
        # code may have killed the test process after forging the file.
        if error is None and results_path.is_file():
            try:
                records = json.loads(results_path.read_text(encoding="utf-8"))
            except ValueError:
                error = error or "the test run wrote unreadable results"
        elif error is None:
            error = "the test run wrote no results"
        printed = _head(Path(spec["output_txt"]))
    return records, printed, error


def _head(path, limit=OUTPUT_HEAD_CHARS):
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError:
        return ""
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n...(truncated)" if len(data) > limit else "")
