"""CI: the example submissions got the grades they must get.

    python .ci/check_examples.py GRADEBOOK_CSV

The reference earns every point and the stub template none; the partly done
folder and the STEP 2 notebook earn something between.
"""

import csv
import sys


def main(argv):
    with open(argv[1], newline="", encoding="utf-8") as stream:
        rows = {row["student_id"]: row for row in csv.DictReader(stream)}
    total = {name: float(row["total"]) for name, row in rows.items()}
    full = float(rows["reference"]["max_total"])
    problems = []
    if total["reference"] != full:
        problems.append(f"reference earned {total['reference']} of {full}")
    if total["student_template"] != 0:
        problems.append(f"student_template earned {total['student_template']}")
    for name in ("partly_done", "notebook_step2"):
        if not 0 < total[name] < full:
            problems.append(f"{name} earned {total[name]}, expected partial credit")
    if problems:
        sys.exit("examples graded wrongly: " + "; ".join(problems))
    print(
        "examples graded as expected:",
        ", ".join(f"{k} {v:g}" for k, v in total.items()),
    )


if __name__ == "__main__":
    main(sys.argv)
