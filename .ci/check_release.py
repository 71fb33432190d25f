"""CI: the student release works where it lands, from a fresh venv.

    python .ci/check_release.py RELEASE_ZIP SCRATCH_FOLDER

Unpacks the release, makes a venv from its requirements.txt (what its README
says to install, nothing of the kit's), runs plain ``pytest`` there: every
graded test must fail as "not implemented yet". Then copies the reference's
modules into student/ and runs it again: every test must pass. Exit status 0
when both hold; the reason otherwise.
"""

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[1]
BUNDLE = "dlstart-student"


def run_pytest(bundle, python):
    results = bundle.parent / "results.json"
    results.unlink(missing_ok=True)
    subprocess.run(
        [str(python), "-m", "pytest", "-q", f"--results-json={results}"],
        cwd=bundle,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if not results.is_file():
        sys.exit("pytest in the release wrote no results")
    return json.loads(results.read_text(encoding="utf-8"))


def main(argv):
    archive, scratch = Path(argv[1]), Path(argv[2])
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(scratch)
    bundle = scratch / BUNDLE
    environment = scratch / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=bundle,
        check=True,
    )

    records = run_pytest(bundle, python)
    graded = [r for r in records if r["task"] and not r["contract"]]
    if not graded:
        sys.exit("no graded tests ran in the release")
    unclear = [
        r["nodeid"]
        for r in graded
        if r["outcome"] != "failed" or "not implemented yet" not in r["message"]
    ]
    if unclear:
        sys.exit(
            "on the stubs these do not fail as not implemented:\n  "
            + "\n  ".join(unclear)
        )
    print(f"release on the stubs: {len(graded)} graded tests, all 'not implemented'")

    for module in (KIT_ROOT / "reference").glob("*.py"):
        shutil.copy(module, bundle / "student" / module.name)
    records = run_pytest(bundle, python)
    failing = [r["nodeid"] for r in records if r["outcome"] == "failed"]
    if failing:
        sys.exit("with the reference these fail:\n  " + "\n  ".join(failing))
    print(f"release with the reference: {len(records)} tests, none failing")


if __name__ == "__main__":
    main(sys.argv)
