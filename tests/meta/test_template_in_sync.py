"""The committed student_template/ is exactly what `dlstart template` generates."""

from dlstart_grader import KIT_ROOT
from dlstart_grader.templating import template_differences


def test_student_template_matches_generated():
    """Regenerate student_template/ with `dlstart template` if this fails."""
    differences = template_differences(KIT_ROOT)
    assert not differences, (
        "student_template/ differs from what `dlstart template` generates from "
        "reference/ (run `dlstart template`):\n  " + "\n  ".join(differences)
    )
