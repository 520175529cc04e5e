"""The rules grader: deterministic, always runs, and the only grader in offline mode."""

from __future__ import annotations

from typing import Optional

from .detectors import detect_criteria, detect_red_lines
from .grade import Grade, GraderInfo
from .rubric_model import Rubric
from .scoring import score
from .transcript import Transcript


def grade_with_rules(
    transcript: Transcript, rubric: Rubric, rubric_version: str, persona_case: Optional[dict] = None
) -> Grade:
    """Red lines and criterion levels from rules, points/total/pass-fail from `scoring`. `persona_case` (the
    persona's case file as a dict) lets the debt-information check compare amounts with the case."""
    red_lines = detect_red_lines(transcript, rubric)
    criteria = detect_criteria(transcript, rubric, persona_case)
    scored, total, passed = score(criteria, red_lines, rubric)
    notes = []
    if red_lines:
        notes.append("触犯合规红线，一票否决：本次通话不合格，总分为 0。")
    return Grade(
        id=transcript.id, status="graded", total=total, passed=passed, red_lines=red_lines, criteria=scored,
        grader=GraderInfo(kind="rules", rubric_version=rubric_version), notes=notes,
    )
