"""Every STEP manifest has its Korean task sheet, and the sheet agrees with it.

For each tasks/stepN.toml: the ``sheet`` key names a file in tasks/; for every
task there is a heading of that sheet naming the task id together with its
points ("12점"), and the section under that heading mentions every function of
the task; the sheet states the manifest's total ("배점 합계: 90점").

The manifests are read one by one with tomllib (not load_manifest), so that each
STEP is its own test case and a sheet is required as soon as its manifest exists.
"""

import re
import sys

import pytest

from dlstart_grader import KIT_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

TASKS_DIR = KIT_ROOT / "tasks"
MANIFESTS = sorted(TASKS_DIR.glob("*.toml"))
HEADING = re.compile(r"^(#+)\s")
# A sheet writes points as "12점"; the look-behind keeps "2점" from matching "12점".
POINTS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*점")
TOTAL_WORD = "합계"


def read_manifest(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


def read_sheet(path):
    """The sheet named by the manifest at ``path``: (its path, its lines)."""
    sheet_name = read_manifest(path).get("sheet")
    assert isinstance(sheet_name, str) and sheet_name, (
        f"tasks/{path.name} has no `sheet` key naming its task sheet "
        f'(e.g. sheet = "{path.stem}.md")'
    )
    sheet = TASKS_DIR / sheet_name
    assert sheet.is_file(), (
        f"tasks/{path.name} names the sheet {sheet_name!r}, but tasks/{sheet_name} "
        "does not exist: write the Korean task sheet of this STEP"
    )
    return sheet, sheet.read_text(encoding="utf-8").splitlines()


def points_text(points):
    """Points as a sheet writes them: 12 → "12", 2.5 → "2.5"."""
    return str(int(points)) if float(points).is_integer() else str(points)


def points_on(line):
    return [float(value) for value in POINTS.findall(line)]


def whole_name(word):
    """A regex matching ``word`` as a whole name (not inside a longer one)."""
    return re.compile(rf"(?<![\w.]){re.escape(word)}(?!\w)")


def task_section(lines, task_id):
    """(heading, section lines) of the first heading naming ``task_id``, or None.

    The section runs to the next heading of the same or a higher level.
    """
    id_pattern = whole_name(task_id)
    for start, line in enumerate(lines):
        match = HEADING.match(line)
        if match and id_pattern.search(line):
            level = len(match.group(1))
            end = start + 1
            while end < len(lines):
                other = HEADING.match(lines[end])
                if other and len(other.group(1)) <= level:
                    break
                end += 1
            return line, lines[start:end]
    return None


def section_problems(tasks, lines):
    """What the sheet ``lines`` lacks for the manifest's ``tasks`` table."""
    problems = []
    for task_id, table in tasks.items():
        points = float(table["points"])
        expected = f"{points_text(points)}점"
        found = task_section(lines, task_id)
        if found is None:
            problems.append(
                f"no heading names task {task_id}: give it a section headed "
                f"'## <한국어 제목 (English)> — `{task_id}`, {expected}'"
            )
            continue
        heading, section = found
        if points not in points_on(heading):
            problems.append(
                f"the heading of {task_id} does not give its points {expected}: "
                f"{heading.strip()!r}"
            )
        text = "\n".join(section)
        for function in table.get("functions", []):
            if not whole_name(function).search(text):
                problems.append(
                    f"the section of {task_id} does not mention its function "
                    f"`{function}`"
                )
    return problems


def total_problems(tasks, lines):
    """Whether the lines with "합계" state the sum of the tasks' points, and only it."""
    total = sum(float(table["points"]) for table in tasks.values())
    stated = [
        value for line in lines if TOTAL_WORD in line for value in points_on(line)
    ]
    if not stated:
        return [f"no total: add a line such as '배점 합계: {points_text(total)}점'"]
    if any(value != total for value in stated):
        return [
            "the total is stated as "
            + ", ".join(f"{points_text(value)}점" for value in stated)
            + f", but the manifest's points sum to {points_text(total)}점"
        ]
    return []


@pytest.fixture(params=MANIFESTS, ids=[path.stem for path in MANIFESTS])
def manifest_path(request):
    return request.param


def test_there_are_manifests():
    assert MANIFESTS, f"no task manifests (*.toml) in {TASKS_DIR}"


def test_manifest_names_an_existing_sheet(manifest_path):
    read_sheet(manifest_path)


def test_sheet_has_a_section_per_task_with_its_points(manifest_path):
    """Each task has a heading with its id and its points, e.g. "`step5.sparsity`,
    10점"; the section below it mentions each function of the task."""
    sheet, lines = read_sheet(manifest_path)
    problems = section_problems(read_manifest(manifest_path)["tasks"], lines)
    assert not problems, (
        f"tasks/{sheet.name} disagrees with tasks/{manifest_path.name}:\n  "
        + "\n  ".join(problems)
    )


def test_sheet_states_the_manifest_total(manifest_path):
    """A line with "합계" gives the sum of the manifest's points, and no other sum."""
    sheet, lines = read_sheet(manifest_path)
    problems = total_problems(read_manifest(manifest_path)["tasks"], lines)
    assert not problems, (
        f"tasks/{sheet.name} disagrees with tasks/{manifest_path.name}: " + problems[0]
    )


# The checks themselves, on a small sheet: each defect is reported, and a
# correct sheet passes.
TOY_TASKS = {
    "step9.a": {"points": 2, "functions": ["a_forward", "a_backward"]},
    "step9.ab": {"points": 12, "functions": ["ab"]},
}
TOY_SHEET = """\
# STEP 9
## 1. 가 (first) — `step9.a`, 2점
`a_forward(x)` and `a_backward(dz, cache)`.
### 검사 (checks)
## 2. 나 (second) — `step9.ab`, 12점
`ab(x)`.
배점 합계: 14점.
""".splitlines()


def test_checks_pass_a_correct_sheet():
    assert section_problems(TOY_TASKS, TOY_SHEET) == []
    assert total_problems(TOY_TASKS, TOY_SHEET) == []


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        ("`step9.a`, 2점", "2점", "no heading names task step9.a"),
        ("`step9.ab`, 12점", "`step9.ab`, 2점", "step9.ab does not give its points"),
        ("`step9.a`, 2점", "`step9.a`, 12점", "step9.a does not give its points"),
        ("`a_backward(dz, cache)`", "its backward", "function `a_backward`"),
        ("`ab(x)`", "`ab_x(x)`", "function `ab`"),
    ],
)
def test_section_check_reports_each_defect(old, new, reported):
    sheet = [line.replace(old, new) for line in TOY_SHEET]
    problems = section_problems(TOY_TASKS, sheet)
    assert any(reported in problem for problem in problems), problems


def test_section_check_needs_the_function_in_the_task_s_own_section():
    """A function named only under another task's heading does not count."""
    sheet = [line.replace("`ab(x)`", "") for line in TOY_SHEET]
    sheet.insert(2, "`ab` comes later.")
    problems = section_problems(TOY_TASKS, sheet)
    assert problems == ["the section of step9.ab does not mention its function `ab`"]


@pytest.mark.parametrize(
    "total_line", ["배점 합계: 12점.", "Total 14점", "합계: 14점, 12점"]
)
def test_total_check_reports_a_wrong_or_missing_total(total_line):
    sheet = [line for line in TOY_SHEET if "합계" not in line] + [total_line]
    assert total_problems(TOY_TASKS, sheet), sheet
