"""The committed student_template/ and examples/ are what `dlstart template` makes."""

from dlstart_grader import KIT_ROOT
from dlstart_grader.examples import example_differences, expected_examples
from dlstart_grader.templating import template_differences


def test_student_template_matches_generated():
    """Regenerate student_template/ with `dlstart template` if this fails."""
    differences = template_differences(KIT_ROOT)
    assert not differences, (
        "student_template/ differs from what `dlstart template` generates from "
        "reference/ (run `dlstart template`):\n  " + "\n  ".join(differences)
    )


def test_examples_match_generated():
    """Regenerate examples/ with `dlstart template` if this fails."""
    differences = example_differences(KIT_ROOT)
    assert not differences, (
        "examples/ differs from what `dlstart template` generates "
        "(run `dlstart template`):\n  " + "\n  ".join(differences)
    )


def test_generation_is_reproducible():
    """Two generations give the same text (no random ids or timestamps)."""
    assert expected_examples(KIT_ROOT) == expected_examples(KIT_ROOT)
