"""Criterion levels from rules, for every criterion of the rubric, in rubric order.

Strong where the rubric item is checkable (`criteria_facts`); heuristic elsewhere (`criteria_manner`). These
levels are the whole grade in offline mode and the fallback when the LLM judge's evidence does not hold up.
"""

from __future__ import annotations

from typing import Optional

from .criteria_call import Call
from .criteria_facts import closing, debt_information, identity_verification, opening, solution
from .criteria_manner import active_listening, consequences, emotion_control, empathy, objection_handling
from .detectors import detect_red_lines
from .grade import CriterionResult
from .rubric_model import Rubric
from .transcript import Transcript


def judge_criteria(transcript: Transcript, rubric: Rubric, persona_case: Optional[dict] = None) -> list[CriterionResult]:
    """All rubric criteria, in rubric order, with names from the rubric."""
    call = Call(transcript, dict(persona_case or {}), tuple(detect_red_lines(transcript, rubric)), rubric)
    judged = {
        "opening": opening(call), "identity_verification": identity_verification(call),
        "debt_information": debt_information(call), "empathy": empathy(call),
        "active_listening": active_listening(call), "objection_handling": objection_handling(call),
        "solution": solution(call), "consequences": consequences(call),
        "emotion_control": emotion_control(call), "closing": closing(call),
    }
    results = []
    for criterion in rubric.criteria:
        result = judged[criterion.id]
        if result.level is None and not criterion.may_be_na:
            result = result.model_copy(update={"level": 0})
        results.append(result.model_copy(update={"name": criterion.name}))
    return results
