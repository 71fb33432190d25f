"""One submission's test run: ``python -m dlstart_grader.run_tests SPEC_JSON``.

The grader starts this trusted child per submission, so every submission gets a
fresh pytest session (no state shared between students) and a crash of pytest
itself loses one submission, not the batch. It never imports student code: the
tests reach the submission through a RemoteImplementation and its worker.

SPEC_JSON is a file holding the run's settings (written by grading.py):
``folder``, ``label``, ``kit_root``, ``test_paths``, ``pytest_args``,
``results_json``, ``output_txt``, ``limits``, ``call_timeout_s`` and
``batch_gradients``.
"""

import json
import os
import sys
from pathlib import Path


def run(spec):
    """Run pytest as ``spec`` says; return pytest's exit code."""
    kit_root = Path(spec["kit_root"])
    tests_dir = kit_root / "tests"
    # The kit's test support is imported by name, as pytest's rootdir conftest
    # does, so the IMPLEMENTATION_KEY stashed here is the one its plugin reads.
    sys.path.insert(0, str(tests_dir))
    os.environ["DLSTART_HYPOTHESIS_PROFILE"] = "grading"

    import pytest

    from dlstart_grader.grading_plugin import GradingPlugin
    from dlstart_grader.manifest import load_manifest
    from dlstart_grader.remote import Limits, RemoteImplementation

    manifest = load_manifest(kit_root / "tasks")
    time_limits = {task.id: task.time_limit_s for task in manifest.tasks.values()}
    implementation = RemoteImplementation(
        spec["folder"],
        spec["label"],
        limits=Limits(**spec["limits"]),
        log_path=spec["output_txt"],
    )
    plugin = GradingPlugin(
        implementation,
        time_limits,
        spec.get("call_timeout_s"),
        batch_gradients=spec.get("batch_gradients", True),
    )
    arguments = [
        *spec["test_paths"],
        f"--results-json={spec['results_json']}",
        "-m",
        # Contract tests check the kit's own input validation (outside the
        # student's regions, ungraded) and pass objects no worker can receive.
        "not meta and not contract",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--rootdir={kit_root}",
        f"--ignore={tests_dir / 'meta'}",
        f"--ignore={tests_dir / 'grader'}",
        *spec.get("pytest_args", []),
    ]
    os.chdir(kit_root)
    return pytest.main(arguments, plugins=[plugin])


def main(argv):
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    return run(spec)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
