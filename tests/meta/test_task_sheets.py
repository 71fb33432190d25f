"""Every STEP manifest has its task sheets, Korean and English, and they agree with it.

For each tasks/stepN.toml: the ``sheet`` key names the Korean sheet in tasks/
(stepN.md), and the English sheet sits beside it as stepN.en.md. In each sheet,
for every task there is a heading naming the task id together with its points
("12점" in Korean, "12 points" in English), and the section under that heading
mentions every function of the task; the sheet states the manifest's total
("배점 합계: 90점", "Total: 90 points").

The manifests are read one by one with tomllib (not load_manifest), so that each
STEP and language is its own test case and both sheets are required as soon as the
manifest exists.
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
# Every Korean sheet, with or without a manifest (STEP 1 has experiments only).
KOREAN_SHEETS = sorted(
    path for path in TASKS_DIR.glob("*.md") if not path.name.endswith(".en.md")
)
HEADING = re.compile(r"^(#+)\s")
CODE_FENCE = "```"
# What a heading names in backticks: a task id, an experiment, a function.
NAMED = re.compile(r"`([^`]+)`")
LANGUAGES = ("ko", "en")
# How each language writes points: "12점", "12 points" (or "1 point"). The
# look-behind keeps "2점" from matching "12점".
POINTS = {
    "ko": re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*점"),
    "en": re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*points?\b"),
}
# The word that marks the line stating the total. Case matters in English, so
# that "total input" in a formula's explanation is not read as the total.
TOTAL_WORD = {"ko": "합계", "en": "Total"}
LANGUAGE_NAME = {"ko": "Korean", "en": "English"}
HEADING_EXAMPLE = {
    "ko": "## <한국어 제목 (English)> — `{task_id}`, {points}",
    "en": "## <English title (한국어)> — `{task_id}`, {points}",
}
TOTAL_EXAMPLE = {"ko": "배점 합계: {points}", "en": "Total: {points}"}


def read_manifest(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


def sheet_path(path, language):
    """Where the ``language`` sheet of the manifest at ``path`` belongs.

    The Korean sheet is the manifest's ``sheet``; the English one has the same
    stem with ".en.md" (step2.md → step2.en.md).
    """
    sheet_name = read_manifest(path).get("sheet")
    assert isinstance(sheet_name, str) and sheet_name, (
        f"tasks/{path.name} has no `sheet` key naming its task sheet "
        f'(e.g. sheet = "{path.stem}.md")'
    )
    if language == "ko":
        return TASKS_DIR / sheet_name
    return TASKS_DIR / f"{sheet_name.removesuffix('.md')}.{language}.md"


def read_sheet(path, language="ko"):
    """The ``language`` sheet of the manifest at ``path``: (its path, its lines)."""
    sheet = sheet_path(path, language)
    if language == "ko":
        missing = "write the Korean task sheet of this STEP"
    else:
        missing = (
            f"write the {LANGUAGE_NAME[language]} task sheet of this STEP, a "
            f"rendering of tasks/{sheet_path(path, 'ko').name}"
        )
    assert sheet.is_file(), (
        f"tasks/{path.name} needs the sheet tasks/{sheet.name}, which does not "
        f"exist: {missing}"
    )
    return sheet, sheet.read_text(encoding="utf-8").splitlines()


def points_text(points):
    """Points as a sheet writes the number: 12 → "12", 2.5 → "2.5"."""
    return str(int(points)) if float(points).is_integer() else str(points)


def points_label(points, language):
    """Points as a sheet writes them: "12점", "12 points", "1 point"."""
    number = points_text(points)
    if language == "ko":
        return f"{number}점"
    return f"{number} point" if float(points) == 1 else f"{number} points"


def points_on(line, language="ko"):
    return [float(value) for value in POINTS[language].findall(line)]


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


def section_problems(tasks, lines, language="ko"):
    """What the sheet ``lines`` lacks for the manifest's ``tasks`` table."""
    problems = []
    for task_id, table in tasks.items():
        points = float(table["points"])
        expected = points_label(points, language)
        found = task_section(lines, task_id)
        if found is None:
            example = HEADING_EXAMPLE[language].format(task_id=task_id, points=expected)
            problems.append(
                f"no heading names task {task_id}: give it a section headed '{example}'"
            )
            continue
        heading, section = found
        if points not in points_on(heading, language):
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


def total_problems(tasks, lines, language="ko"):
    """Whether the lines with the total's word ("합계", "Total") state the sum of
    the tasks' points, and only it."""
    total = sum(float(table["points"]) for table in tasks.values())
    word = TOTAL_WORD[language]
    stated = [
        value for line in lines if word in line for value in points_on(line, language)
    ]
    if not stated:
        example = TOTAL_EXAMPLE[language].format(points=points_label(total, language))
        return [f"no total: add a line such as '{example}'"]
    if any(value != total for value in stated):
        return [
            "the total is stated as "
            + ", ".join(points_label(value, language) for value in stated)
            + ", but the manifest's points sum to "
            + points_label(total, language)
        ]
    return []


def outline(lines):
    """(level, names in backticks) of each heading, in order; a line starting with
    "#" inside a code block is a shell comment, not a heading."""
    headings, in_code = [], False
    for line in lines:
        if line.startswith(CODE_FENCE):
            in_code = not in_code
            continue
        match = HEADING.match(line)
        if match and not in_code:
            headings.append((len(match.group(1)), NAMED.findall(line)))
    return headings


def outline_problems(korean_lines, english_lines):
    """Where the English sheet's headings stop following the Korean sheet's."""
    korean, english = outline(korean_lines), outline(english_lines)
    for number, (ours, theirs) in enumerate(zip(english, korean), start=1):
        if ours != theirs:
            return [
                f"heading {number} has level {ours[0]} and names {ours[1]}, but the "
                f"Korean heading {number} has level {theirs[0]} and names {theirs[1]}"
            ]
    if len(english) != len(korean):
        return [f"{len(english)} headings, but the Korean sheet has {len(korean)}"]
    return []


SHEETS = [(path, language) for path in MANIFESTS for language in LANGUAGES]


@pytest.fixture(
    params=SHEETS, ids=[f"{path.stem}-{language}" for path, language in SHEETS]
)
def manifest_and_language(request):
    return request.param


def test_there_are_manifests():
    assert MANIFESTS, f"no task manifests (*.toml) in {TASKS_DIR}"


def test_manifest_has_its_sheet(manifest_and_language):
    read_sheet(*manifest_and_language)


def test_sheet_has_a_section_per_task_with_its_points(manifest_and_language):
    """Each task has a heading with its id and its points, e.g. "`step5.sparsity`,
    10점" or "`step5.sparsity`, 10 points"; the section below it mentions each
    function of the task."""
    manifest_path, language = manifest_and_language
    sheet, lines = read_sheet(manifest_path, language)
    tasks = read_manifest(manifest_path)["tasks"]
    problems = section_problems(tasks, lines, language)
    assert not problems, (
        f"tasks/{sheet.name} disagrees with tasks/{manifest_path.name}:\n  "
        + "\n  ".join(problems)
    )


def test_sheet_states_the_manifest_total(manifest_and_language):
    """A line with "합계" (Korean) or "Total" (English) gives the sum of the
    manifest's points, and no other sum."""
    manifest_path, language = manifest_and_language
    sheet, lines = read_sheet(manifest_path, language)
    problems = total_problems(read_manifest(manifest_path)["tasks"], lines, language)
    assert not problems, (
        f"tasks/{sheet.name} disagrees with tasks/{manifest_path.name}: " + problems[0]
    )


def test_english_sheet_sits_beside_the_korean_one():
    """The manifest's sheet step2.md has its English sheet in step2.en.md."""
    manifest = TASKS_DIR / "step2.toml"
    assert sheet_path(manifest, "ko") == TASKS_DIR / "step2.md"
    assert sheet_path(manifest, "en") == TASKS_DIR / "step2.en.md"


@pytest.mark.parametrize(
    "korean_sheet", KOREAN_SHEETS, ids=[path.stem for path in KOREAN_SHEETS]
)
def test_english_sheet_follows_the_korean_outline(korean_sheet):
    """Every Korean sheet has its English rendering beside it, with the same
    sections: the same headings at the same levels, naming the same task ids (or
    experiments) in backticks, in the same order."""
    english_sheet = korean_sheet.with_name(f"{korean_sheet.stem}.en.md")
    assert english_sheet.is_file(), (
        f"tasks/{korean_sheet.name} has no English rendering tasks/"
        f"{english_sheet.name}: write it"
    )
    problems = outline_problems(
        korean_sheet.read_text(encoding="utf-8").splitlines(),
        english_sheet.read_text(encoding="utf-8").splitlines(),
    )
    assert not problems, (
        f"tasks/{english_sheet.name} does not follow the sections of "
        f"tasks/{korean_sheet.name}: " + problems[0]
    )


# The checks themselves, on a small sheet in each language: each defect is
# reported, and a correct sheet passes.
TOY_TASKS = {
    "step9.a": {"points": 2, "functions": ["a_forward", "a_backward"]},
    "step9.ab": {"points": 12, "functions": ["ab"]},
}
TOY_SHEETS = {
    "ko": """\
# STEP 9
## 1. 가 (first) — `step9.a`, 2점
`a_forward(x)` and `a_backward(dz, cache)`.
### 검사 (checks)
## 2. 나 (second) — `step9.ab`, 12점
`ab(x)`.
배점 합계: 14점.
""".splitlines(),
    "en": """\
# STEP 9
## 1. First (가) — `step9.a`, 2 points
`a_forward(x)` and `a_backward(dz, cache)`, with the total input u.
### Checks
## 2. Second (나) — `step9.ab`, 12 points
`ab(x)`.
Total: 14 points.
""".splitlines(),
}
# The same defects written in each language: (old, new, reported).
DEFECTS = {
    "ko": [
        ("`step9.a`, 2점", "2점", "no heading names task step9.a"),
        ("`step9.ab`, 12점", "`step9.ab`, 2점", "step9.ab does not give its points"),
        ("`step9.a`, 2점", "`step9.a`, 12점", "step9.a does not give its points"),
        ("`step9.a`, 2점", "`step9.a`, 2 points", "step9.a does not give its points"),
    ],
    "en": [
        ("`step9.a`, 2 points", "2 points", "no heading names task step9.a"),
        (
            "`step9.ab`, 12 points",
            "`step9.ab`, 2 points",
            "step9.ab does not give its points",
        ),
        (
            "`step9.a`, 2 points",
            "`step9.a`, 12 points",
            "step9.a does not give its points",
        ),
        ("`step9.a`, 2 points", "`step9.a`, 2점", "step9.a does not give its points"),
        ("`step9.a`, 2 points", "`step9.a`, 2 pointers", "step9.a does not give"),
    ],
}
FUNCTION_DEFECTS = [
    ("`a_backward(dz, cache)`", "its backward", "function `a_backward`"),
    ("`ab(x)`", "`ab_x(x)`", "function `ab`"),
]
WRONG_TOTALS = {
    "ko": ["배점 합계: 12점.", "Total 14점", "합계: 14점, 12점", "합계: 14 points"],
    "en": [
        "Total: 12 points.",
        "합계 14 points",
        "total: 14 points",
        "Total: 14 points, 12 points",
        "Total: 14점",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_checks_pass_a_correct_sheet(language):
    assert section_problems(TOY_TASKS, TOY_SHEETS[language], language) == []
    assert total_problems(TOY_TASKS, TOY_SHEETS[language], language) == []


@pytest.mark.parametrize(
    ("language", "old", "new", "reported"),
    [
        (language, *defect)
        for language in LANGUAGES
        for defect in DEFECTS[language] + FUNCTION_DEFECTS
    ],
)
def test_section_check_reports_each_defect(language, old, new, reported):
    sheet = [line.replace(old, new) for line in TOY_SHEETS[language]]
    assert sheet != TOY_SHEETS[language], f"{old!r} is not in the toy sheet"
    problems = section_problems(TOY_TASKS, sheet, language)
    assert any(reported in problem for problem in problems), problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_section_check_needs_the_function_in_the_task_s_own_section(language):
    """A function named only under another task's heading does not count."""
    sheet = [line.replace("`ab(x)`", "") for line in TOY_SHEETS[language]]
    sheet.insert(2, "`ab` comes later.")
    problems = section_problems(TOY_TASKS, sheet, language)
    assert problems == ["the section of step9.ab does not mention its function `ab`"]


@pytest.mark.parametrize(
    ("language", "total_line"),
    [(language, line) for language in LANGUAGES for line in WRONG_TOTALS[language]],
)
def test_total_check_reports_a_wrong_or_missing_total(language, total_line):
    word = TOTAL_WORD[language]
    sheet = [line for line in TOY_SHEETS[language] if word not in line]
    sheet.append(total_line)
    assert total_problems(TOY_TASKS, sheet, language), sheet


def test_english_points_read_singular_and_decimal():
    """ "1 point" and "2.5 points" count; "12 points" is not read as 2."""
    assert points_on("`step9.a`, 1 point; 2.5 points; 12 points", "en") == [
        1.0,
        2.5,
        12.0,
    ]


def test_outline_check_follows_the_korean_sheet():
    """A toy sheet and its rendering agree; a missing section, a heading at another
    level or naming another task is reported; a shell comment is no heading."""
    korean, english = TOY_SHEETS["ko"], TOY_SHEETS["en"]
    assert outline_problems(korean, english) == []
    with_comment = english[:1] + [CODE_FENCE + "bash", "# a comment", CODE_FENCE]
    assert outline_problems(korean, with_comment + english[1:]) == []
    assert outline_problems(korean, [line for line in english if "Checks" not in line])
    assert outline_problems(korean, [line.replace("### ", "## ") for line in english])
    renamed = [line.replace("`step9.ab`", "`step9.ba`") for line in english]
    assert outline_problems(korean, renamed)
    assert outline_problems(korean, english + ["## Appendix"])
