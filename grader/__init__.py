"""The instructors' side of the kit: template generation and grading.

Installed as ``dlstart_grader``; its command line is ``dlstart``. The kit is used
from a checkout (an editable install), so the package finds reference/, tests/,
tasks/ and examples/ beside itself.
"""

from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[1]
